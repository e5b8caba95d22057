/**
 * SQL of the response side of an incident (issue #6 parts 5–8): plan activations and the HQ's 叫应 rows, tasks
 * and their feedback, allocations, situation reports, and the reads the recommendation index and the impact
 * analysis are built from (ledger resources, stock, villages, enterprises).
 */
import { and, asc, eq, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import {
  enterprises,
  incidentAcks,
  incidentActivations,
  incidentAllocations,
  incidentSitreps,
  incidents,
  incidentTaskFeedback,
  incidentTasks,
  ledgerRecords,
  orgUnits,
  regions,
  stockLots,
  users,
} from '../db/schema/index.ts';

export type ActivationRow = typeof incidentActivations.$inferSelect;
export type AckRow = typeof incidentAcks.$inferSelect;
export type TaskRow = typeof incidentTasks.$inferSelect;
export type NewTaskRow = typeof incidentTasks.$inferInsert;
export type FeedbackRow = typeof incidentTaskFeedback.$inferSelect;
export type AllocationRow = typeof incidentAllocations.$inferSelect;
export type SitrepRow = typeof incidentSitreps.$inferSelect;

// ---- activations and 叫应 ----

export async function insertActivation(
  tx: DbOrTx,
  row: typeof incidentActivations.$inferInsert,
): Promise<ActivationRow> {
  const [r] = await tx.insert(incidentActivations).values(row).returning();
  if (!r) throw new Error('activation insert returned nothing');
  return r;
}

/** Ends the running activation(s) of the incident; the ids ended. */
export async function endRunningActivations(tx: DbOrTx, incidentId: string, at: Date): Promise<string[]> {
  const rows = await tx
    .update(incidentActivations)
    .set({ endedAt: at })
    .where(and(eq(incidentActivations.incidentId, incidentId), isNull(incidentActivations.endedAt)))
    .returning({ id: incidentActivations.id });
  // An ended activation's unanswered 叫应 stop.
  if (rows.length)
    await tx
      .update(incidentAcks)
      .set({ dueAt: null })
      .where(
        and(
          inArray(
            incidentAcks.activationId,
            rows.map((r) => r.id),
          ),
          isNull(incidentAcks.answeredAt),
        ),
      );
  return rows.map((r) => r.id);
}

export async function getActivation(db: DbOrTx, id: string): Promise<ActivationRow | null> {
  const [r] = await db.select().from(incidentActivations).where(eq(incidentActivations.id, id));
  return r ?? null;
}

export async function activationsOfIncident(db: DbOrTx, incidentId: string): Promise<ActivationRow[]> {
  return db
    .select()
    .from(incidentActivations)
    .where(eq(incidentActivations.incidentId, incidentId))
    .orderBy(asc(incidentActivations.decidedAt));
}

export async function activeActivation(db: DbOrTx, incidentId: string): Promise<ActivationRow | null> {
  const [r] = await db
    .select()
    .from(incidentActivations)
    .where(and(eq(incidentActivations.incidentId, incidentId), isNull(incidentActivations.endedAt)))
    .orderBy(sql`${incidentActivations.decidedAt} desc`)
    .limit(1);
  return r ?? null;
}

export async function insertAcks(tx: DbOrTx, rows: (typeof incidentAcks.$inferInsert)[]): Promise<AckRow[]> {
  if (!rows.length) return [];
  return tx.insert(incidentAcks).values(rows).returning();
}

export async function acksOfActivations(db: DbOrTx, activationIds: string[]): Promise<AckRow[]> {
  if (!activationIds.length) return [];
  return db
    .select()
    .from(incidentAcks)
    .where(inArray(incidentAcks.activationId, activationIds))
    .orderBy(asc(incidentAcks.stepAt), asc(incidentAcks.id));
}

export async function getAck(db: DbOrTx, id: string): Promise<AckRow | null> {
  const [r] = await db.select().from(incidentAcks).where(eq(incidentAcks.id, id));
  return r ?? null;
}

export async function getAckByTokenHash(db: DbOrTx, hash: string): Promise<AckRow | null> {
  const [r] = await db.select().from(incidentAcks).where(eq(incidentAcks.tokenHash, hash));
  return r ?? null;
}

/** Marks the ack answered unless it already was; whether this call answered it. */
export async function answerAckRow(tx: DbOrTx, id: string, at: Date, channel: string): Promise<boolean> {
  const rows = await tx
    .update(incidentAcks)
    .set({ answeredAt: at, answerChannel: channel, dueAt: null })
    .where(and(eq(incidentAcks.id, id), isNull(incidentAcks.answeredAt)))
    .returning({ id: incidentAcks.id });
  return rows.length > 0;
}

/** Unanswered acks whose next step is due, oldest first, locked (SKIP LOCKED: one ladder at a time per row). */
export async function lockDueAcks(tx: DbOrTx, now: Date, limit: number): Promise<AckRow[]> {
  return tx
    .select()
    .from(incidentAcks)
    .where(and(isNull(incidentAcks.answeredAt), isNotNull(incidentAcks.dueAt), lte(incidentAcks.dueAt, now)))
    .orderBy(asc(incidentAcks.dueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function updateAck(
  tx: DbOrTx,
  id: string,
  set: Partial<Pick<AckRow, 'step' | 'stepAt' | 'dueAt'>>,
): Promise<void> {
  await tx.update(incidentAcks).set(set).where(eq(incidentAcks.id, id));
}

/** The earliest pending ack step (the ladder's next wake-up), or null. */
export async function nextAckDue(db: DbOrTx): Promise<Date | null> {
  const [r] = await db
    .select({ at: sql<Date | string | null>`min(${incidentAcks.dueAt})` })
    .from(incidentAcks)
    .where(and(isNull(incidentAcks.answeredAt), isNotNull(incidentAcks.dueAt)));
  return r?.at ? new Date(r.at) : null;
}

// ---- people ----

/** Enabled accounts by (normalised) phone: an HQ member or team leader with an account gets in-app notices. */
export async function usersByPhones(db: DbOrTx, phones: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(phones.filter(Boolean))];
  if (!wanted.length) return new Map();
  const rows = await db
    .select({ id: users.id, phone: users.phone })
    .from(users)
    .where(and(inArray(users.phone, wanted), eq(users.disabled, false)));
  return new Map(rows.map((r) => [r.phone!, r.id]));
}

export async function usersOfOrgUnit(db: DbOrTx, orgUnitId: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(eq(users.disabled, false), or(eq(users.orgUnitId, orgUnitId), eq(users.scopeOrgUnitId, orgUnitId))),
    );
  return rows.map((r) => r.id);
}

/** The township's own officers (accounts scoped to the township itself). */
export async function usersOfTownship(db: DbOrTx, townshipCode: string): Promise<string[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.disabled, false),
        eq(users.scopeLevel, 'township'),
        eq(users.scopeRegionCode, townshipCode),
      ),
    );
  return rows.map((r) => r.id);
}

export async function getUserBrief(
  db: DbOrTx,
  id: string,
): Promise<{ id: string; displayName: string; scopeRegionCode: string; disabled: boolean } | null> {
  const [r] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      scopeRegionCode: users.scopeRegionCode,
      disabled: users.disabled,
    })
    .from(users)
    .where(eq(users.id, id));
  return r ?? null;
}

export async function getUserUnit(
  db: DbOrTx,
  id: string,
): Promise<{
  orgUnitId: string | null;
  scopeLevel: string;
  scopeRegionCode: string;
  phone: string | null;
} | null> {
  const [r] = await db
    .select({
      orgUnitId: sql<string | null>`coalesce(${users.orgUnitId}, ${users.scopeOrgUnitId})`,
      scopeLevel: users.scopeLevel,
      scopeRegionCode: users.scopeRegionCode,
      phone: users.phone,
    })
    .from(users)
    .where(eq(users.id, id));
  return r ?? null;
}

export async function getOrgUnitBrief(
  db: DbOrTx,
  id: string,
): Promise<{ id: string; name: string; regionCode: string } | null> {
  const [r] = await db
    .select({ id: orgUnits.id, name: orgUnits.name, regionCode: orgUnits.regionCode })
    .from(orgUnits)
    .where(eq(orgUnits.id, id));
  return r ?? null;
}

export async function getRegionBrief(
  db: DbOrTx,
  code: string,
): Promise<{ code: string; name: string; level: string; parentCode: string | null } | null> {
  const [r] = await db
    .select({ code: regions.code, name: regions.name, level: regions.level, parentCode: regions.parentCode })
    .from(regions)
    .where(eq(regions.code, code));
  return r ?? null;
}

// ---- tasks ----

export async function insertTasks(tx: DbOrTx, rows: NewTaskRow[]): Promise<TaskRow[]> {
  if (!rows.length) return [];
  return tx.insert(incidentTasks).values(rows).returning();
}

export async function getTask(db: DbOrTx, id: string): Promise<TaskRow | null> {
  const [r] = await db.select().from(incidentTasks).where(eq(incidentTasks.id, id));
  return r ?? null;
}

export async function lockTask(tx: DbOrTx, id: string): Promise<TaskRow | null> {
  const [r] = await tx.select().from(incidentTasks).where(eq(incidentTasks.id, id)).for('update');
  return r ?? null;
}

export async function updateTask(tx: DbOrTx, id: string, set: Partial<NewTaskRow>): Promise<TaskRow> {
  const [r] = await tx.update(incidentTasks).set(set).where(eq(incidentTasks.id, id)).returning();
  if (!r) throw new Error('task update returned nothing');
  return r;
}

export async function tasksOfIncident(db: DbOrTx, incidentId: string): Promise<TaskRow[]> {
  return db
    .select()
    .from(incidentTasks)
    .where(eq(incidentTasks.incidentId, incidentId))
    .orderBy(asc(incidentTasks.createdAt), asc(incidentTasks.id));
}

/**
 * Tasks assigned to the user: named in assignee_user_ids, or to their org unit, their township, or a team they
 * lead (`teamIds`). Newest first.
 */
export async function tasksOfUser(
  db: DbOrTx,
  who: { userId: string; orgUnitId: string | null; townshipCode: string | null; teamIds: string[] },
  state: string | undefined,
  limit = 500,
): Promise<(TaskRow & { incidentTitle: string })[]> {
  const mine: SQL[] = [sql`${incidentTasks.assigneeUserIds} @> ${JSON.stringify([who.userId])}::jsonb`];
  if (who.orgUnitId)
    mine.push(and(eq(incidentTasks.assigneeKind, 'org_unit'), eq(incidentTasks.assigneeId, who.orgUnitId))!);
  if (who.townshipCode)
    mine.push(
      and(eq(incidentTasks.assigneeKind, 'township'), eq(incidentTasks.assigneeId, who.townshipCode))!,
    );
  if (who.teamIds.length)
    mine.push(and(eq(incidentTasks.assigneeKind, 'team'), inArray(incidentTasks.assigneeId, who.teamIds))!);
  const rows = await db
    .select({ task: incidentTasks, incidentTitle: incidents.title })
    .from(incidentTasks)
    .innerJoin(incidents, eq(incidents.id, incidentTasks.incidentId))
    .where(and(or(...mine), state ? eq(incidentTasks.state, state) : undefined))
    .orderBy(sql`${incidentTasks.createdAt} desc`)
    .limit(limit);
  return rows.map((r) => ({ ...r.task, incidentTitle: r.incidentTitle }));
}

/** Rescue teams whose leader's phone is the user's. */
export async function teamsLedBy(db: DbOrTx, phone: string | null): Promise<string[]> {
  if (!phone) return [];
  const rows = await db
    .select({ id: ledgerRecords.id })
    .from(ledgerRecords)
    .where(
      and(eq(ledgerRecords.registry, 'rescue-teams'), sql`${ledgerRecords.attrs}->>'leaderPhone' = ${phone}`),
    );
  return rows.map((r) => r.id);
}

export async function insertFeedback(
  tx: DbOrTx,
  row: typeof incidentTaskFeedback.$inferInsert,
): Promise<FeedbackRow> {
  const [r] = await tx.insert(incidentTaskFeedback).values(row).returning();
  if (!r) throw new Error('feedback insert returned nothing');
  return r;
}

export async function feedbackOf(db: DbOrTx, taskId: string): Promise<FeedbackRow[]> {
  return db
    .select()
    .from(incidentTaskFeedback)
    .where(eq(incidentTaskFeedback.taskId, taskId))
    .orderBy(asc(incidentTaskFeedback.at));
}

export async function feedbackCounts(db: DbOrTx, taskIds: string[]): Promise<Map<string, number>> {
  if (!taskIds.length) return new Map();
  const rows = await db
    .select({ taskId: incidentTaskFeedback.taskId, n: sql<number>`count(*)::int` })
    .from(incidentTaskFeedback)
    .where(inArray(incidentTaskFeedback.taskId, taskIds))
    .groupBy(incidentTaskFeedback.taskId);
  return new Map(rows.map((r) => [r.taskId, Number(r.n)]));
}

// ---- allocations ----

export async function insertAllocation(
  tx: DbOrTx,
  row: typeof incidentAllocations.$inferInsert,
): Promise<AllocationRow> {
  const [r] = await tx.insert(incidentAllocations).values(row).returning();
  if (!r) throw new Error('allocation insert returned nothing');
  return r;
}

export async function lockAllocation(tx: DbOrTx, id: string): Promise<AllocationRow | null> {
  const [r] = await tx.select().from(incidentAllocations).where(eq(incidentAllocations.id, id)).for('update');
  return r ?? null;
}

export async function updateAllocation(
  tx: DbOrTx,
  id: string,
  set: Partial<typeof incidentAllocations.$inferInsert>,
): Promise<AllocationRow> {
  const [r] = await tx.update(incidentAllocations).set(set).where(eq(incidentAllocations.id, id)).returning();
  if (!r) throw new Error('allocation update returned nothing');
  return r;
}

export async function allocationsOfIncident(db: DbOrTx, incidentId: string): Promise<AllocationRow[]> {
  return db
    .select()
    .from(incidentAllocations)
    .where(eq(incidentAllocations.incidentId, incidentId))
    .orderBy(asc(incidentAllocations.createdAt));
}

// ---- situation reports ----

export async function nextSitrepNumber(tx: DbOrTx, incidentId: string): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`coalesce(max(${incidentSitreps.n}), 0)::int` })
    .from(incidentSitreps)
    .where(eq(incidentSitreps.incidentId, incidentId));
  return Number(r?.n ?? 0) + 1;
}

export async function insertSitrep(tx: DbOrTx, row: typeof incidentSitreps.$inferInsert): Promise<SitrepRow> {
  const [r] = await tx.insert(incidentSitreps).values(row).returning();
  if (!r) throw new Error('sitrep insert returned nothing');
  return r;
}

export async function lockSitrep(tx: DbOrTx, id: string): Promise<SitrepRow | null> {
  const [r] = await tx.select().from(incidentSitreps).where(eq(incidentSitreps.id, id)).for('update');
  return r ?? null;
}

export async function getSitrep(db: DbOrTx, id: string): Promise<SitrepRow | null> {
  const [r] = await db.select().from(incidentSitreps).where(eq(incidentSitreps.id, id));
  return r ?? null;
}

export async function updateSitrep(
  tx: DbOrTx,
  id: string,
  set: Partial<typeof incidentSitreps.$inferInsert>,
): Promise<SitrepRow> {
  const [r] = await tx.update(incidentSitreps).set(set).where(eq(incidentSitreps.id, id)).returning();
  if (!r) throw new Error('sitrep update returned nothing');
  return r;
}

export async function sitrepsOfIncident(db: DbOrTx, incidentId: string): Promise<SitrepRow[]> {
  return db
    .select()
    .from(incidentSitreps)
    .where(eq(incidentSitreps.incidentId, incidentId))
    .orderBy(asc(incidentSitreps.n));
}

// ---- resources, places (recommendation index, impact analysis) ----

export interface PlacedRecord {
  id: string;
  registry: string;
  name: string;
  regionCode: string;
  lon: number;
  lat: number;
  attrs: Record<string, unknown>;
  grade: string | null;
}

/** Located records of `registries` (all of them: the index and the analysis filter by distance). */
export async function placedRecords(
  db: DbOrTx,
  registries: string[],
  box?: { minLon: number; minLat: number; maxLon: number; maxLat: number },
): Promise<PlacedRecord[]> {
  const rows = await db
    .select({
      id: ledgerRecords.id,
      registry: ledgerRecords.registry,
      name: ledgerRecords.name,
      regionCode: ledgerRecords.regionCode,
      lon: ledgerRecords.lon,
      lat: ledgerRecords.lat,
      attrs: ledgerRecords.attrs,
      grade: ledgerRecords.grade,
    })
    .from(ledgerRecords)
    .where(
      and(
        inArray(ledgerRecords.registry, registries),
        isNotNull(ledgerRecords.lon),
        isNotNull(ledgerRecords.lat),
        box
          ? sql`${ledgerRecords.lon} between ${box.minLon} and ${box.maxLon} and ${ledgerRecords.lat} between ${box.minLat} and ${box.maxLat}`
          : undefined,
      ),
    );
  return rows.map((r) => ({
    ...r,
    lon: r.lon!,
    lat: r.lat!,
    attrs: (r.attrs ?? {}) as Record<string, unknown>,
  }));
}

/** Records of a registry without a place (experts). */
export async function unplacedRecords(
  db: DbOrTx,
  registry: string,
): Promise<{ id: string; name: string; attrs: Record<string, unknown> }[]> {
  const rows = await db
    .select({ id: ledgerRecords.id, name: ledgerRecords.name, attrs: ledgerRecords.attrs })
    .from(ledgerRecords)
    .where(eq(ledgerRecords.registry, registry));
  return rows.map((r) => ({ ...r, attrs: (r.attrs ?? {}) as Record<string, unknown> }));
}

/** Stock on hand per warehouse and item (sum over lots, > 0). */
export async function stockTotals(
  db: DbOrTx,
): Promise<{ warehouseId: string; itemCode: string; total: number }[]> {
  const rows = await db
    .select({
      warehouseId: stockLots.warehouseId,
      itemCode: stockLots.itemCode,
      total: sql<number>`round(sum(${stockLots.quantity})::numeric, 3)::float8`,
    })
    .from(stockLots)
    .groupBy(stockLots.warehouseId, stockLots.itemCode)
    .having(sql`sum(${stockLots.quantity}) > 0`);
  return rows.map((r) => ({ ...r, total: Number(r.total) }));
}

/** A cheap fingerprint of the resource data: changes whenever a ledger record or a lot changes. */
export async function resourceFingerprint(db: DbOrTx, registries: string[]): Promise<string> {
  const [a] = await db
    .select({ n: sql<number>`count(*)::int`, at: sql<string | null>`max(${ledgerRecords.updatedAt})::text` })
    .from(ledgerRecords)
    .where(inArray(ledgerRecords.registry, registries));
  const [b] = await db
    .select({ n: sql<number>`count(*)::int`, at: sql<string | null>`max(${stockLots.updatedAt})::text` })
    .from(stockLots);
  return `${a?.n}|${a?.at}|${b?.n}|${b?.at}`;
}

/** Villages with a point inside the box, with their township's name. */
export async function villagesInBox(
  db: DbOrTx,
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
): Promise<
  {
    code: string;
    name: string;
    township: string | null;
    population: number | null;
    lon: number;
    lat: number;
  }[]
> {
  const result: unknown = await db.execute(sql`
    select v.code, v.name, t.name as township, v.population, v.lon, v.lat
    from regions v left join regions t on t.code = v.parent_code
    where v.level = 'village' and v.lon is not null and v.lat is not null
      and v.lon between ${box.minLon} and ${box.maxLon} and v.lat between ${box.minLat} and ${box.maxLat}`);
  return (
    result as {
      rows: {
        code: string;
        name: string;
        township: string | null;
        population: number | null;
        lon: number;
        lat: number;
      }[];
    }
  ).rows.map((r) => ({
    ...r,
    lon: Number(r.lon),
    lat: Number(r.lat),
    population: r.population === null ? null : Number(r.population),
  }));
}

export async function enterprisesInBox(
  db: DbOrTx,
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number },
): Promise<{ id: string; name: string; industry: string; lon: number; lat: number }[]> {
  return db
    .select({
      id: enterprises.id,
      name: enterprises.name,
      industry: enterprises.industry,
      lon: enterprises.lon,
      lat: enterprises.lat,
    })
    .from(enterprises)
    .where(
      sql`${enterprises.lon} between ${box.minLon} and ${box.maxLon} and ${enterprises.lat} between ${box.minLat} and ${box.maxLat}`,
    );
}
