/**
 * Statutory report filings (信息报送) and the durable deadline firings of the reporting clock (issue #6 part 4).
 * Filings are never edited; a firing row is written once per (incident, step, n, recipient, kind), so the
 * scheduler's "insert … on conflict do nothing returning" decides who acts on an instant.
 */
import { and, asc, eq, gte, isNotNull, lt, lte, max, min, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { incidentDeadlineFirings, incidentReports, incidents } from '../db/schema/index.ts';

export type IncidentReportRow = typeof incidentReports.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;

export async function getIncident(db: DbOrTx, id: string): Promise<IncidentRow | null> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id)).limit(1);
  return row ?? null;
}

/** The incident row, locked for the rest of the transaction (filings and firings of one incident serialise). */
export async function lockIncident(tx: DbOrTx, id: string): Promise<IncidentRow | null> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update').limit(1);
  return row ?? null;
}

export async function setNextTimerAt(tx: DbOrTx, id: string, at: Date | null): Promise<void> {
  await tx.update(incidents).set({ nextTimerAt: at }).where(eq(incidents.id, id));
}

export async function listReports(db: DbOrTx, incidentId: string): Promise<IncidentReportRow[]> {
  return db
    .select()
    .from(incidentReports)
    .where(eq(incidentReports.incidentId, incidentId))
    .orderBy(asc(incidentReports.version));
}

export async function getReportById(db: DbOrTx, id: string): Promise<IncidentReportRow | null> {
  const [row] = await db.select().from(incidentReports).where(eq(incidentReports.id, id)).limit(1);
  return row ?? null;
}

export async function nextReportVersion(tx: DbOrTx, incidentId: string): Promise<number> {
  const [row] = await tx
    .select({ v: max(incidentReports.version) })
    .from(incidentReports)
    .where(eq(incidentReports.incidentId, incidentId));
  return (row?.v ?? 0) + 1;
}

export async function insertReport(
  tx: DbOrTx,
  row: typeof incidentReports.$inferInsert,
): Promise<IncidentReportRow> {
  const [inserted] = await tx.insert(incidentReports).values(row).returning();
  if (!inserted) throw new Error('report insert returned nothing');
  return inserted;
}

/** Incidents whose timer is due (next_timer_at ≤ now), earliest first. */
export async function findDueIncidentIds(db: DbOrTx, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(isNotNull(incidents.nextTimerAt), lte(incidents.nextTimerAt, now)))
    .orderBy(asc(incidents.nextTimerAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** The earliest pending timer of any incident, or null. */
export async function earliestTimerAt(db: DbOrTx): Promise<Date | null> {
  const [row] = await db
    .select({ at: min(incidents.nextTimerAt) })
    .from(incidents)
    .where(isNotNull(incidents.nextTimerAt));
  return row?.at ?? null;
}

export type FiringKind = 'warn' | 'overdue';

/** Records a firing; true when this call inserted it (the caller then acts), false when it was already there. */
export async function insertFiring(
  tx: DbOrTx,
  f: { incidentId: string; step: string; n: number | null; recipient: string; kind: FiringKind; due: Date },
  now: Date,
): Promise<boolean> {
  const rows = await tx
    .insert(incidentDeadlineFirings)
    .values({
      incidentId: f.incidentId,
      step: f.step,
      n: f.n ?? 0,
      recipient: f.recipient,
      kind: f.kind,
      due: f.due,
      firedAt: now,
    })
    .onConflictDoNothing()
    .returning({ kind: incidentDeadlineFirings.kind });
  return rows.length > 0;
}

export async function listFirings(
  db: DbOrTx,
  incidentId: string,
): Promise<(typeof incidentDeadlineFirings.$inferSelect)[]> {
  return db
    .select()
    .from(incidentDeadlineFirings)
    .where(eq(incidentDeadlineFirings.incidentId, incidentId))
    .orderBy(asc(incidentDeadlineFirings.firedAt), asc(incidentDeadlineFirings.due), sql`kind desc`);
}

/** Incidents in `regionPrefix` the watch learnt of in [from, to) (接报时间, else creation), oldest first. */
export async function listIncidentsKnownBetween(
  db: DbOrTx,
  regionPrefix: string,
  from: Date,
  to: Date,
): Promise<IncidentRow[]> {
  const known = sql`coalesce(${incidents.knownAt}, ${incidents.createdAt})`;
  return db
    .select()
    .from(incidents)
    .where(
      and(
        sql`${incidents.regionCode} like ${`${regionPrefix}%`}`,
        sql`${known} >= ${from.toISOString()}::timestamptz`,
        sql`${known} < ${to.toISOString()}::timestamptz`,
      ),
    )
    .orderBy(asc(known));
}

/** Reports filed in [from, to) on incidents in `regionPrefix`, with the incident's title, oldest first. */
export async function listReportsFiledBetween(
  db: DbOrTx,
  regionPrefix: string,
  from: Date,
  to: Date,
): Promise<(IncidentReportRow & { incidentTitle: string })[]> {
  const rows = await db
    .select({ r: incidentReports, title: incidents.title })
    .from(incidentReports)
    .innerJoin(incidents, eq(incidents.id, incidentReports.incidentId))
    .where(
      and(
        sql`${incidents.regionCode} like ${`${regionPrefix}%`}`,
        gte(incidentReports.filedAt, from),
        lt(incidentReports.filedAt, to),
      ),
    )
    .orderBy(asc(incidentReports.filedAt));
  return rows.map((x) => ({ ...x.r, incidentTitle: x.title }));
}
