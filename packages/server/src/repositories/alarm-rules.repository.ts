/** Alarm rules, their versions and persisted engine states, and the engine's writes of alarms: all their SQL. */
import type { Scope } from '@ningan/domain';
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import {
  alarmEvents,
  alarmRuleStates,
  alarmRuleVersions,
  alarmRules,
  alarms,
  outbox,
  sensors,
  stations,
  users,
} from '../db/schema/index.ts';
import { scopeWhere } from './scope.ts';

export type AlarmRuleRow = typeof alarmRules.$inferSelect;
export type NewAlarmRuleRow = typeof alarmRules.$inferInsert;
export type AlarmRuleStateRow = typeof alarmRuleStates.$inferSelect;
export type AlarmRow = typeof alarms.$inferSelect;

/** A rule is seen like its station: by region, by the monitored unit, by the station's owner department. */
export const ruleScopeWhere = (scope: Scope): SQL =>
  scopeWhere(scope, alarmRules.regionCode, alarmRules.orgUnitId, alarmRules.ownerDepartmentId);

export async function listEnabledRules(db: DbOrTx): Promise<AlarmRuleRow[]> {
  return db.select().from(alarmRules).where(eq(alarmRules.enabled, true)).orderBy(asc(alarmRules.createdAt));
}

export async function getRuleById(db: DbOrTx, id: string, forUpdate = false): Promise<AlarmRuleRow | null> {
  const q = db.select().from(alarmRules).where(eq(alarmRules.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row ?? null;
}

export interface RuleFilter {
  ruleId?: string | undefined;
  stationId?: string | undefined;
  enabled?: boolean | undefined;
}

export async function findRules(
  db: DbOrTx,
  scope: Scope | null,
  filter: RuleFilter,
): Promise<(AlarmRuleRow & { stationName: string | null; activeLevel: string | null })[]> {
  const where: SQL[] = scope ? [ruleScopeWhere(scope)] : [];
  if (filter.ruleId) where.push(eq(alarmRules.id, filter.ruleId));
  if (filter.stationId) where.push(eq(alarmRules.stationId, filter.stationId));
  if (filter.enabled !== undefined) where.push(eq(alarmRules.enabled, filter.enabled));
  const rows = await db
    .select({
      rule: alarmRules,
      stationName: stations.name,
      activeLevel: alarms.level,
    })
    .from(alarmRules)
    .leftJoin(stations, eq(stations.id, alarmRules.stationId))
    .leftJoin(alarms, and(eq(alarms.ruleId, alarmRules.id), isNull(alarms.clearedAt)))
    .where(and(...where))
    .orderBy(asc(alarmRules.name), asc(alarmRules.createdAt));
  return rows.map((r) => ({ ...r.rule, stationName: r.stationName, activeLevel: r.activeLevel }));
}

export async function insertRule(db: DbOrTx, row: NewAlarmRuleRow): Promise<AlarmRuleRow> {
  const [created] = await db.insert(alarmRules).values(row).returning();
  return created!;
}

export async function updateRule(
  db: DbOrTx,
  id: string,
  patch: Partial<NewAlarmRuleRow>,
): Promise<AlarmRuleRow> {
  const [row] = await db.update(alarmRules).set(patch).where(eq(alarmRules.id, id)).returning();
  return row!;
}

export async function deleteRule(db: DbOrTx, id: string): Promise<void> {
  await db.delete(alarmRules).where(eq(alarmRules.id, id));
}

export async function insertRuleVersion(
  db: DbOrTx,
  row: typeof alarmRuleVersions.$inferInsert,
): Promise<void> {
  await db.insert(alarmRuleVersions).values(row);
}

export async function listRuleVersions(db: DbOrTx, ruleId: string) {
  return db
    .select()
    .from(alarmRuleVersions)
    .where(eq(alarmRuleVersions.ruleId, ruleId))
    .orderBy(desc(alarmRuleVersions.version));
}

/** Display names of users by id. */
export async function userNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function countAlarmsOfRule(db: DbOrTx, ruleId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(alarms)
    .where(eq(alarms.ruleId, ruleId));
  return Number(row?.n ?? 0);
}

export async function listRuleStates(db: DbOrTx, ruleIds: string[]): Promise<AlarmRuleStateRow[]> {
  if (!ruleIds.length) return [];
  return db.select().from(alarmRuleStates).where(inArray(alarmRuleStates.ruleId, ruleIds));
}

export async function deleteRuleState(db: DbOrTx, ruleId: string): Promise<void> {
  await db.delete(alarmRuleStates).where(eq(alarmRuleStates.ruleId, ruleId));
}

/** Writes the states (and their timers) of a batch in one statement. */
export async function upsertRuleStates(
  db: DbOrTx,
  rows: { ruleId: string; version: number; state: string; dueAt: Date | null; updatedAt: Date }[],
): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(alarmRuleStates)
    .values(rows.map((r) => ({ ...r, state: sql`${r.state}::jsonb` })))
    .onConflictDoUpdate({
      target: alarmRuleStates.ruleId,
      set: {
        version: sql`excluded.version`,
        state: sql`excluded.state`,
        dueAt: sql`excluded.due_at`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
}

/** The station code and metric of every sensor series (routing readings from the table to rules). */
export async function listSeriesStreams(
  db: DbOrTx,
): Promise<{ seriesId: number; device: string; metric: string }[]> {
  return db
    .select({ seriesId: sensors.seriesId, device: stations.code, metric: sensors.metric })
    .from(sensors)
    .innerJoin(stations, eq(stations.id, sensors.stationId));
}

/** Stored readings of some series from `since` on, in time order, a page at a time (keyset on ts, series). */
export async function readingsSince(
  db: DbOrTx,
  seriesIds: number[],
  since: Date,
  until: Date | null,
  after: { ts: number; series: number } | null,
  limit: number,
): Promise<{ seriesId: number; at: number; value: number }[]> {
  if (!seriesIds.length) return [];
  const ids = sql.join(
    seriesIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const start = after
    ? sql`and (ts, series_id) > (${new Date(after.ts).toISOString()}::timestamptz, ${after.series})`
    : sql``;
  const end = until ? sql`and ts < ${until.toISOString()}::timestamptz` : sql``;
  const result: unknown = await db.execute(sql`
    select series_id, ts, value from readings
    where series_id in (${ids}) and ts >= ${since.toISOString()}::timestamptz ${start} ${end}
    order by ts, series_id limit ${limit}`);
  return (result as { rows: { series_id: number; ts: Date | string; value: number }[] }).rows.map((r) => ({
    seriesId: Number(r.series_id),
    at: new Date(r.ts).getTime(),
    value: Number(r.value),
  }));
}

// ---- the engine's writes ----

export interface EngineTransitionRow {
  ruleId: string;
  ruleVersion: number;
  ruleName: string;
  subject: string;
  stationId: string | null;
  regionCode: string;
  orgUnitId: string | null;
  ownerDepartmentId: string | null;
  episode: number;
  kind: 'raised' | 'escalated' | 'deescalated' | 'cleared';
  at: Date;
  from: string | null;
  to: string | null;
  cause: 'condition' | 'no_data';
  signals: { values: Record<string, number | null>; stale: string[] };
}

/**
 * Applies one engine transition to the alarm rows: insert on `raised`, level on `escalated` /
 * `deescalated` (an escalation asks for a new acknowledgement), `cleared_at` on `cleared`. Idempotent: a
 * redo after a crash finds its row and event already there. Returns the alarm id and whether anything
 * was new.
 */
export async function applyEngineTransition(
  tx: DbOrTx,
  t: EngineTransitionRow,
  now: Date,
): Promise<{ alarmId: string; applied: boolean }> {
  if (t.kind === 'raised') {
    await tx
      .insert(alarms)
      .values({
        ruleId: t.ruleId,
        episode: t.episode,
        ruleVersion: t.ruleVersion,
        ruleName: t.ruleName,
        subject: t.subject,
        stationId: t.stationId,
        regionCode: t.regionCode,
        orgUnitId: t.orgUnitId,
        ownerDepartmentId: t.ownerDepartmentId,
        level: t.to!,
        maxLevel: t.to!,
        status: 'active',
        cause: t.cause,
        signals: t.signals,
        raisedAt: t.at,
        levelChangedAt: t.at,
        updatedAt: now,
      })
      .onConflictDoNothing({ target: [alarms.ruleId, alarms.episode] });
  }
  const [row] = await tx
    .select({ id: alarms.id })
    .from(alarms)
    .where(and(eq(alarms.ruleId, t.ruleId), eq(alarms.episode, t.episode)));
  if (!row) throw new Error(`alarm ${t.ruleId}#${t.episode} missing for ${t.kind}`);
  const inserted = await tx
    .insert(alarmEvents)
    .values({
      alarmId: row.id,
      at: t.at,
      kind: t.kind,
      fromLevel: t.from,
      toLevel: t.to,
      cause: t.cause,
      signals: t.signals,
      actorName: 'system',
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning({ id: alarmEvents.id });
  if (!inserted.length) return { alarmId: row.id, applied: false };
  if (t.kind === 'escalated' || t.kind === 'deescalated')
    await tx
      .update(alarms)
      .set({
        level: t.to!,
        maxLevel: sql`case when array_position(array['blue','yellow','orange','red'], ${t.to}::text) > array_position(array['blue','yellow','orange','red'], ${alarms.maxLevel}) then ${t.to}::text else ${alarms.maxLevel} end`,
        levelChangedAt: t.at,
        cause: t.cause,
        signals: t.signals,
        ruleVersion: t.ruleVersion,
        updatedAt: now,
        ...(t.kind === 'escalated'
          ? { status: sql`case when ${alarms.status} = 'closed' then 'closed' else 'active' end` }
          : {}),
      })
      .where(eq(alarms.id, row.id));
  else if (t.kind === 'cleared')
    await tx
      .update(alarms)
      .set({
        clearedAt: t.at,
        cause: t.cause,
        signals: t.signals,
        status: sql`case when ${alarms.status} = 'closed' then 'closed' else 'cleared' end`,
        updatedAt: now,
      })
      .where(eq(alarms.id, row.id));
  return { alarmId: row.id, applied: true };
}

export async function insertOutbox(
  tx: DbOrTx,
  rows: { topic: string; key: string; regionCode: string | null; payload: unknown; createdAt: Date }[],
): Promise<void> {
  if (rows.length) await tx.insert(outbox).values(rows);
}
