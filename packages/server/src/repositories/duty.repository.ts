/**
 * The duty watch's rows (值班值守, issue #6 part 1): shifts, sign-ins, the duty log, handovers, township nil reports
 * and their chases. Each watch (the county bureau, a township office) is keyed by its region code.
 */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import {
  dutyHandovers,
  dutyLog,
  dutyShifts,
  dutySignIns,
  nilReportChases,
  nilReports,
  regions,
} from '../db/schema/index.ts';

export type ShiftRow = typeof dutyShifts.$inferSelect;
export type SignInRow = typeof dutySignIns.$inferSelect;
export type DutyLogRow = typeof dutyLog.$inferSelect;
export type HandoverRow = typeof dutyHandovers.$inferSelect;
export type NilReportRow = typeof nilReports.$inferSelect;

/** Person on a roster as stored in `leader` / `officers`. */
export interface StoredDutyPerson {
  userId: string | null;
  name: string;
  phone: string | null;
}

export async function listTownships(
  db: DbOrTx,
  countyCode: string,
): Promise<{ code: string; name: string }[]> {
  return db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(and(eq(regions.parentCode, countyCode), eq(regions.level, 'township')))
    .orderBy(asc(regions.code));
}

// ---- shifts

export async function listShifts(
  db: DbOrTx,
  regionCode: string,
  fromDate: string,
  toDate: string,
): Promise<ShiftRow[]> {
  return db
    .select()
    .from(dutyShifts)
    .where(
      and(
        eq(dutyShifts.regionCode, regionCode),
        gte(dutyShifts.date, fromDate),
        lte(dutyShifts.date, toDate),
      ),
    )
    .orderBy(asc(dutyShifts.startsAt));
}

export async function getShift(db: DbOrTx, id: string): Promise<ShiftRow | null> {
  const [row] = await db.select().from(dutyShifts).where(eq(dutyShifts.id, id)).limit(1);
  return row ?? null;
}

/** The shift running at `at` (the latest started), or null. */
export async function currentShift(db: DbOrTx, regionCode: string, at: Date): Promise<ShiftRow | null> {
  const [row] = await db
    .select()
    .from(dutyShifts)
    .where(
      and(eq(dutyShifts.regionCode, regionCode), lte(dutyShifts.startsAt, at), gt(dutyShifts.endsAt, at)),
    )
    .orderBy(desc(dutyShifts.startsAt))
    .limit(1);
  return row ?? null;
}

export async function nextShift(db: DbOrTx, regionCode: string, at: Date): Promise<ShiftRow | null> {
  const [row] = await db
    .select()
    .from(dutyShifts)
    .where(and(eq(dutyShifts.regionCode, regionCode), gt(dutyShifts.startsAt, at)))
    .orderBy(asc(dutyShifts.startsAt))
    .limit(1);
  return row ?? null;
}

export async function insertShift(tx: DbOrTx, row: typeof dutyShifts.$inferInsert): Promise<ShiftRow> {
  const [inserted] = await tx.insert(dutyShifts).values(row).returning();
  if (!inserted) throw new Error('shift insert returned nothing');
  return inserted;
}

export async function updateShift(
  tx: DbOrTx,
  id: string,
  patch: Partial<typeof dutyShifts.$inferInsert>,
): Promise<void> {
  await tx.update(dutyShifts).set(patch).where(eq(dutyShifts.id, id));
}

export async function deleteShift(tx: DbOrTx, id: string): Promise<void> {
  await tx.delete(dutyShifts).where(eq(dutyShifts.id, id));
}

/** Shifts referenced by sign-ins, handovers or log entries (a record of duty kept: they cannot be deleted). */
export async function shiftsInUse(db: DbOrTx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const signed = await db
    .selectDistinct({ id: dutySignIns.shiftId })
    .from(dutySignIns)
    .where(inArray(dutySignIns.shiftId, ids));
  const handed = await db
    .select({ a: dutyHandovers.fromShiftId, b: dutyHandovers.toShiftId })
    .from(dutyHandovers)
    .where(sql`${dutyHandovers.fromShiftId} in ${ids} or ${dutyHandovers.toShiftId} in ${ids}`);
  const logged = await db
    .selectDistinct({ id: dutyLog.shiftId })
    .from(dutyLog)
    .where(inArray(dutyLog.shiftId, ids));
  const used = new Set<string>();
  for (const r of signed) used.add(r.id);
  for (const r of handed) for (const id of [r.a, r.b]) if (id && ids.includes(id)) used.add(id);
  for (const r of logged) if (r.id) used.add(r.id);
  return used;
}

// ---- sign-ins

export async function listSignIns(db: DbOrTx, shiftIds: string[]): Promise<SignInRow[]> {
  if (!shiftIds.length) return [];
  return db
    .select()
    .from(dutySignIns)
    .where(inArray(dutySignIns.shiftId, shiftIds))
    .orderBy(asc(dutySignIns.at));
}

/** True when this sign-in is new (a second sign-in keeps the first time). */
export async function insertSignIn(tx: DbOrTx, row: SignInRow): Promise<boolean> {
  const rows = await tx.insert(dutySignIns).values(row).onConflictDoNothing().returning();
  return rows.length > 0;
}

// ---- the duty log

export async function insertDutyLog(tx: DbOrTx, row: typeof dutyLog.$inferInsert): Promise<DutyLogRow> {
  const [inserted] = await tx.insert(dutyLog).values(row).returning();
  if (!inserted) throw new Error('duty log insert returned nothing');
  return inserted;
}

export async function listDutyLog(
  db: DbOrTx,
  regionCode: string,
  from: Date,
  to: Date,
): Promise<DutyLogRow[]> {
  return db
    .select()
    .from(dutyLog)
    .where(and(eq(dutyLog.regionCode, regionCode), gte(dutyLog.at, from), lt(dutyLog.at, to)))
    .orderBy(asc(dutyLog.seq));
}

export async function listOpenItems(db: DbOrTx, regionCode: string): Promise<DutyLogRow[]> {
  return db
    .select()
    .from(dutyLog)
    .where(and(eq(dutyLog.regionCode, regionCode), eq(dutyLog.openItem, 1), isNull(dutyLog.closedAt)))
    .orderBy(asc(dutyLog.seq));
}

export async function getDutyLog(db: DbOrTx, seq: number): Promise<DutyLogRow | null> {
  const [row] = await db.select().from(dutyLog).where(eq(dutyLog.seq, seq)).limit(1);
  return row ?? null;
}

export async function closeDutyLog(tx: DbOrTx, seq: number, at: Date): Promise<void> {
  await tx.update(dutyLog).set({ closedAt: at }).where(eq(dutyLog.seq, seq));
}

// ---- handovers

export async function insertHandover(
  tx: DbOrTx,
  row: typeof dutyHandovers.$inferInsert,
): Promise<HandoverRow | null> {
  const [inserted] = await tx.insert(dutyHandovers).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function getHandover(db: DbOrTx, id: string): Promise<HandoverRow | null> {
  const [row] = await db.select().from(dutyHandovers).where(eq(dutyHandovers.id, id)).limit(1);
  return row ?? null;
}

export async function updateHandover(
  tx: DbOrTx,
  id: string,
  patch: Partial<typeof dutyHandovers.$inferInsert>,
): Promise<void> {
  await tx.update(dutyHandovers).set(patch).where(eq(dutyHandovers.id, id));
}

/** Handovers from the region's shifts, newest first. */
export async function listHandovers(db: DbOrTx, regionCode: string, limit: number): Promise<HandoverRow[]> {
  return db
    .select({ h: dutyHandovers })
    .from(dutyHandovers)
    .innerJoin(dutyShifts, eq(dutyShifts.id, dutyHandovers.fromShiftId))
    .where(eq(dutyShifts.regionCode, regionCode))
    .orderBy(desc(dutyHandovers.at))
    .limit(limit)
    .then((rows) => rows.map((r) => r.h));
}

// ---- nil reports

export async function listNilReports(db: DbOrTx, date: string): Promise<NilReportRow[]> {
  return db.select().from(nilReports).where(eq(nilReports.date, date));
}

/** Null when the township already reported that day. */
export async function insertNilReport(tx: DbOrTx, row: NilReportRow): Promise<NilReportRow | null> {
  const [inserted] = await tx.insert(nilReports).values(row).onConflictDoNothing().returning();
  return inserted ?? null;
}

export async function listNilChases(db: DbOrTx, date: string): Promise<Set<string>> {
  const rows = await db
    .select({ code: nilReportChases.townshipCode })
    .from(nilReportChases)
    .where(eq(nilReportChases.date, date));
  return new Set(rows.map((r) => r.code));
}

/** True when this call recorded the chase (once per township and day). */
export async function insertNilChase(
  tx: DbOrTx,
  row: { date: string; townshipCode: string; chasedAt: Date },
): Promise<boolean> {
  const rows = await tx.insert(nilReportChases).values(row).onConflictDoNothing().returning();
  return rows.length > 0;
}
