/**
 * Incidents (issue #6 parts 2, 3, 8, 9): the rows, the list in a jurisdiction, the candidates for duplicates, the
 * open work that blocks a close-out, findings (复盘), and plain reads of the other parts of the workspace (tasks,
 * allocations, activations, sitreps, reports) — the owners of those parts may swap in their own mappers.
 */
import type { IncidentListQuery, Scope } from '@ningan/domain';
import {
  and,
  asc,
  count,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lte,
  ne,
  or,
  sql,
  type SQL,
} from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import {
  incidentAcks,
  incidentActivations,
  incidentAllocations,
  incidentFindings,
  incidentReports,
  incidents,
  incidentSitreps,
  incidentTasks,
  regions,
} from '../db/schema/index.ts';
import { scopeWhere } from './scope.ts';

export type IncidentRow = typeof incidents.$inferSelect;
export type NewIncidentRow = typeof incidents.$inferInsert;
export type IncidentReportRow = typeof incidentReports.$inferSelect;
export type FindingRow = typeof incidentFindings.$inferSelect;
export type TaskRow = typeof incidentTasks.$inferSelect;
export type AllocationRow = typeof incidentAllocations.$inferSelect;
export type ActivationRow = typeof incidentActivations.$inferSelect;
export type AckRow = typeof incidentAcks.$inferSelect;
export type SitrepRow = typeof incidentSitreps.$inferSelect;

/** Task states that count as open work (not completed, not returned). */
export const OPEN_TASK_STATES = ['pending_read', 'read', 'feedback'] as const;

export const incidentScopeWhere = (scope: Scope): SQL =>
  scopeWhere(scope, incidents.regionCode, incidents.orgUnitId);

export async function getIncident(db: DbOrTx, id: string): Promise<IncidentRow | null> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
  return row ?? null;
}

/** The row locked for update (serialises concurrent changes of one incident). */
export async function lockIncident(tx: DbOrTx, id: string): Promise<IncidentRow | null> {
  const [row] = await tx.select().from(incidents).where(eq(incidents.id, id)).for('update');
  return row ?? null;
}

export async function insertIncidentRow(tx: DbOrTx, row: NewIncidentRow): Promise<IncidentRow> {
  const [inserted] = await tx.insert(incidents).values(row).returning();
  if (!inserted) throw new Error('incident insert returned nothing');
  return inserted;
}

export async function updateIncidentRow(
  tx: DbOrTx,
  id: string,
  patch: Partial<NewIncidentRow>,
): Promise<IncidentRow> {
  const [row] = await tx.update(incidents).set(patch).where(eq(incidents.id, id)).returning();
  if (!row) throw new Error(`incident ${id} vanished`);
  return row;
}

/**
 * Serialises field reports with the same client id (a phone retrying): a transaction-scoped advisory lock on
 * the id, released at commit, then the lookup.
 */
export async function lockClientId(tx: DbOrTx, clientId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`incident-field:${clientId}`}))`);
}

export async function findByClientId(tx: DbOrTx, clientId: string): Promise<IncidentRow | null> {
  const [row] = await tx
    .select()
    .from(incidents)
    .where(and(eq(incidents.source, 'field'), sql`${incidents.intake}->>'clientId' = ${clientId}`))
    .limit(1);
  return row ?? null;
}

export async function findByExternalWarning(tx: DbOrTx, externalId: string): Promise<IncidentRow | null> {
  const [row] = await tx
    .select()
    .from(incidents)
    .where(
      and(
        eq(incidents.source, 'external_warning'),
        sql`${incidents.intake}->>'externalWarningId' = ${externalId}`,
        ne(incidents.status, 'merged'),
      ),
    )
    .limit(1);
  return row ?? null;
}

/** The page of incidents in `scope` matching the query, newest (occurred) first. */
export async function findIncidents(
  db: DbOrTx,
  scope: Scope,
  q: IncidentListQuery,
): Promise<{ rows: IncidentRow[]; total: number }> {
  const conditions: SQL[] = [incidentScopeWhere(scope)];
  if (q.status)
    conditions.push(
      inArray(
        incidents.status,
        q.status.split(',').map((s) => s.trim()),
      ),
    );
  if (q.eventClass) conditions.push(eq(incidents.eventClass, q.eventClass));
  if (q.from) conditions.push(gte(incidents.occurredAt, new Date(q.from)));
  if (q.to) conditions.push(lte(incidents.occurredAt, new Date(q.to)));
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      or(
        ilike(incidents.title, like),
        ilike(incidents.description, like),
        sql`${incidents.intake}->>'place' ilike ${like}`,
      )!,
    );
  }
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(incidents)
      .where(where)
      .orderBy(desc(incidents.occurredAt), desc(incidents.createdAt), desc(incidents.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(incidents).where(where),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/**
 * Open (reported / responding), classified and located incidents in `scope` that occurred in [from, to]: the
 * candidates the domain's duplicate search looks at.
 */
export async function findDuplicateCandidates(
  db: DbOrTx,
  scope: Scope,
  from: Date,
  to: Date,
): Promise<IncidentRow[]> {
  return db
    .select()
    .from(incidents)
    .where(
      and(
        incidentScopeWhere(scope),
        inArray(incidents.status, ['reported', 'responding']),
        isNotNull(incidents.eventType),
        isNotNull(incidents.lon),
        isNotNull(incidents.lat),
        gte(incidents.occurredAt, from),
        lte(incidents.occurredAt, to),
      ),
    )
    .limit(500);
}

/** Names of regions by code. */
export async function regionNames(db: DbOrTx, codes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, unique));
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function getRegionRow(
  db: DbOrTx,
  code: string,
): Promise<{ code: string; name: string; level: string; lon: number | null; lat: number | null } | null> {
  const [row] = await db
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      lon: regions.lon,
      lat: regions.lat,
    })
    .from(regions)
    .where(eq(regions.code, code));
  return row ?? null;
}

/** Reports filed for each incident, oldest first. */
export async function reportsOf(db: DbOrTx, incidentIds: readonly string[]): Promise<IncidentReportRow[]> {
  if (!incidentIds.length) return [];
  return db
    .select()
    .from(incidentReports)
    .where(inArray(incidentReports.incidentId, [...incidentIds]))
    .orderBy(asc(incidentReports.filedAt), asc(incidentReports.version));
}

/** Open tasks per incident. */
export async function openTaskCounts(
  db: DbOrTx,
  incidentIds: readonly string[],
): Promise<Map<string, number>> {
  if (!incidentIds.length) return new Map();
  const rows = await db
    .select({ incidentId: incidentTasks.incidentId, n: count() })
    .from(incidentTasks)
    .where(
      and(
        inArray(incidentTasks.incidentId, [...incidentIds]),
        inArray(incidentTasks.state, [...OPEN_TASK_STATES]),
      ),
    )
    .groupBy(incidentTasks.incidentId);
  return new Map(rows.map((r) => [r.incidentId, r.n]));
}

/** What still blocks a close-out: open tasks and allocations not arrived. */
export async function findOpenWork(
  db: DbOrTx,
  incidentId: string,
): Promise<{
  tasks: { id: string; title: string; state: string; assigneeName: string }[];
  allocations: { id: string; destination: string; state: string }[];
}> {
  const [tasks, allocations] = await Promise.all([
    db
      .select({
        id: incidentTasks.id,
        title: incidentTasks.title,
        state: incidentTasks.state,
        assigneeName: incidentTasks.assigneeName,
      })
      .from(incidentTasks)
      .where(
        and(eq(incidentTasks.incidentId, incidentId), inArray(incidentTasks.state, [...OPEN_TASK_STATES])),
      )
      .orderBy(asc(incidentTasks.createdAt)),
    db
      .select({
        id: incidentAllocations.id,
        destination: incidentAllocations.destination,
        state: incidentAllocations.state,
      })
      .from(incidentAllocations)
      .where(and(eq(incidentAllocations.incidentId, incidentId), ne(incidentAllocations.state, 'arrived')))
      .orderBy(asc(incidentAllocations.createdAt)),
  ]);
  return { tasks, allocations };
}

/** Ends the incident's running plan activation (close-out). */
export async function endActivations(tx: DbOrTx, incidentId: string, at: Date): Promise<number> {
  const rows = await tx
    .update(incidentActivations)
    .set({ endedAt: at })
    .where(and(eq(incidentActivations.incidentId, incidentId), isNull(incidentActivations.endedAt)))
    .returning({ id: incidentActivations.id });
  return rows.length;
}

// ---- the workspace's other parts: plain selects ----

// ---- findings (复盘) ----

export async function insertFinding(
  tx: DbOrTx,
  row: typeof incidentFindings.$inferInsert,
): Promise<FindingRow> {
  const [inserted] = await tx.insert(incidentFindings).values(row).returning();
  if (!inserted) throw new Error('finding insert returned nothing');
  return inserted;
}

export async function lockFinding(tx: DbOrTx, id: string): Promise<FindingRow | null> {
  const [row] = await tx.select().from(incidentFindings).where(eq(incidentFindings.id, id)).for('update');
  return row ?? null;
}

export async function updateFinding(
  tx: DbOrTx,
  id: string,
  patch: Partial<typeof incidentFindings.$inferInsert>,
): Promise<FindingRow> {
  const [row] = await tx.update(incidentFindings).set(patch).where(eq(incidentFindings.id, id)).returning();
  if (!row) throw new Error(`finding ${id} vanished`);
  return row;
}

export async function listFindingsOf(db: DbOrTx, incidentId: string): Promise<FindingRow[]> {
  return db
    .select()
    .from(incidentFindings)
    .where(eq(incidentFindings.incidentId, incidentId))
    .orderBy(asc(incidentFindings.createdAt), asc(incidentFindings.id));
}

/** Findings of incidents in `scope` (by state; default all not verified), earliest due first. */
export async function findFindings(
  db: DbOrTx,
  scope: Scope,
  state: FindingRow['state'] | undefined,
): Promise<{ finding: FindingRow; incidentTitle: string }[]> {
  return db
    .select({ finding: incidentFindings, incidentTitle: incidents.title })
    .from(incidentFindings)
    .innerJoin(incidents, eq(incidents.id, incidentFindings.incidentId))
    .where(
      and(
        incidentScopeWhere(scope),
        state ? eq(incidentFindings.state, state) : ne(incidentFindings.state, 'verified'),
      ),
    )
    .orderBy(asc(incidentFindings.dueOn), asc(incidentFindings.createdAt))
    .limit(1000);
}
