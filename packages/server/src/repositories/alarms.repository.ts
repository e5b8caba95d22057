/**
 * Working alarms (issue #4 part 6): the list and detail with their joins, the row lock of an action, people's
 * alarm events, outbox rows, incidents opened from alarms, the header summary and the accounts an alarm can
 * be assigned to. The engine's writes of alarms live in alarm-rules.repository.ts.
 */
import {
  ALARM_LEVELS,
  type AlarmEventView,
  type AlarmLevel,
  type AlarmStatus,
  type AlarmView,
  type IncidentRefView,
  type Role,
  type Scope,
  type ScopedRecord,
  type StationAlarmLevel,
} from '@ningan/domain';
import { alias } from 'drizzle-orm/pg-core';
import {
  and,
  arrayOverlaps,
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
import { alarmEvents, alarms, incidents, outbox, regions, stations, users } from '../db/schema/index.ts';
import { codePrefix, scopeWhere } from './scope.ts';
import type { UserRow } from './users.repository.ts';

export type AlarmRow = typeof alarms.$inferSelect;
export type AlarmEventRow = typeof alarmEvents.$inferSelect;
export type IncidentRow = typeof incidents.$inferSelect;

/** An alarm is seen like its rule's station: by region, by the monitored unit, by the owner department. */
export function scopedAlarm<T extends Pick<AlarmRow, 'regionCode' | 'orgUnitId' | 'ownerDepartmentId'>>(
  r: T,
): T & ScopedRecord {
  return { ...r, supervisorId: r.ownerDepartmentId };
}

export const alarmScopeWhere = (scope: Scope): SQL =>
  scopeWhere(scope, alarms.regionCode, alarms.orgUnitId, alarms.ownerDepartmentId);

const acknowledger = alias(users, 'alarm_acknowledger');
const assignee = alias(users, 'alarm_assignee');
const township = alias(regions, 'alarm_township');

const viewColumns = {
  alarm: alarms,
  stationName: stations.name,
  stationCode: stations.code,
  lon: stations.lon,
  lat: stations.lat,
  regionName: regions.name,
  townshipName: township.name,
  acknowledgedBy: acknowledger.displayName,
  assigneeName: assignee.displayName,
};

function selectViews(db: DbOrTx) {
  return (
    db
      .select(viewColumns)
      .from(alarms)
      .leftJoin(stations, eq(stations.id, alarms.stationId))
      .leftJoin(regions, eq(regions.code, alarms.regionCode))
      // A village's township, for "新宁镇 · 东城居委会".
      .leftJoin(
        township,
        and(sql`length(${alarms.regionCode}) = 12`, eq(township.code, sql`left(${alarms.regionCode}, 9)`)),
      )
      .leftJoin(acknowledger, eq(acknowledger.id, alarms.acknowledgedById))
      .leftJoin(assignee, eq(assignee.id, alarms.assigneeId))
  );
}

type ViewRow = Awaited<ReturnType<ReturnType<typeof selectViews>['where']>>[number];

/** The engine stores `{ values, stale }` (alarm-rules.repository.ts); anything else reads as no values. */
function signalsOf(raw: unknown): { values: Record<string, number | null>; stale: string[] } {
  const values: Record<string, number | null> = {};
  const stale: string[] = [];
  if (raw && typeof raw === 'object') {
    const r = raw as { values?: unknown; stale?: unknown };
    const source = r.values && typeof r.values === 'object' ? r.values : raw;
    for (const [k, v] of Object.entries(source as Record<string, unknown>))
      if (k !== 'stale' && k !== 'values') values[k] = typeof v === 'number' ? v : null;
    if (Array.isArray(r.stale)) for (const s of r.stale) if (typeof s === 'string') stale.push(s);
  }
  return { values, stale };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function toAlarmView(r: ViewRow): AlarmView {
  const a = r.alarm;
  const signals = signalsOf(a.signals);
  return {
    id: a.id,
    ruleId: a.ruleId,
    ruleName: a.ruleName,
    episode: a.episode,
    subject: a.subject,
    stationId: a.stationId,
    stationName: r.stationName,
    stationCode: r.stationCode,
    lon: r.lon,
    lat: r.lat,
    regionCode: a.regionCode,
    regionName: r.townshipName && r.regionName ? `${r.townshipName} · ${r.regionName}` : r.regionName,
    level: a.level as AlarmLevel,
    maxLevel: a.maxLevel as AlarmLevel,
    status: a.status,
    cause: a.cause === 'no_data' ? 'no_data' : 'condition',
    signals: signals.values,
    staleInputs: signals.stale,
    raisedAt: a.raisedAt.toISOString(),
    levelChangedAt: a.levelChangedAt.toISOString(),
    clearedAt: iso(a.clearedAt),
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: r.acknowledgedBy,
    handlingAt: iso(a.handlingAt),
    assigneeId: a.assigneeId,
    assigneeName: r.assigneeName,
    closedAt: iso(a.closedAt),
    closeNote: a.closeNote,
    incidentId: a.incidentId,
    updatedAt: a.updatedAt.toISOString(),
  };
}

export interface AlarmFilter {
  page: number;
  pageSize: number;
  sort: 'newest' | 'severity';
  q?: string | undefined;
  statuses: readonly AlarmStatus[];
  levels?: readonly AlarmLevel[] | undefined;
  stationId?: string | undefined;
  regionCode?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

const escapeLike = (q: string) => q.replace(/[\\%_]/g, '\\$&');

/** 1 = 蓝 … 4 = 红, for sorting by severity. */
const levelRank = sql`case ${alarms.level} when 'red' then 4 when 'orange' then 3 when 'yellow' then 2 else 1 end`;

export async function findAlarms(
  db: DbOrTx,
  scope: Scope,
  f: AlarmFilter,
): Promise<{ items: AlarmView[]; total: number }> {
  const conds: SQL[] = [alarmScopeWhere(scope), inArray(alarms.status, [...f.statuses])];
  if (f.levels?.length) conds.push(inArray(alarms.level, [...f.levels]));
  if (f.stationId) conds.push(eq(alarms.stationId, f.stationId));
  if (f.regionCode) conds.push(codePrefix(alarms.regionCode, f.regionCode));
  if (f.from) conds.push(gte(alarms.raisedAt, f.from));
  if (f.to) conds.push(lte(alarms.raisedAt, f.to));
  if (f.q) {
    const pattern = `%${escapeLike(f.q)}%`;
    conds.push(
      or(
        ilike(alarms.ruleName, pattern),
        ilike(alarms.subject, pattern),
        ilike(stations.name, pattern),
        ilike(stations.code, pattern),
      )!,
    );
  }
  const where = and(...conds);
  const [total] = await db
    .select({ n: count() })
    .from(alarms)
    .leftJoin(stations, eq(stations.id, alarms.stationId))
    .where(where);
  const order =
    f.sort === 'severity'
      ? [sql`${levelRank} desc`, desc(alarms.levelChangedAt), desc(alarms.id)]
      : [desc(alarms.levelChangedAt), desc(alarms.id)];
  const rows = await selectViews(db)
    .where(where)
    .orderBy(...order)
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items: rows.map(toAlarmView), total: total?.n ?? 0 };
}

/** Views of these alarms (any order), with the columns the jurisdiction check needs. */
export async function getAlarmViews(
  db: DbOrTx,
  ids: readonly string[],
): Promise<(AlarmView & { orgUnitId: string | null; ownerDepartmentId: string | null })[]> {
  if (!ids.length) return [];
  const rows = await selectViews(db).where(inArray(alarms.id, [...ids]));
  return rows.map((r) => ({
    ...toAlarmView(r),
    orgUnitId: r.alarm.orgUnitId,
    ownerDepartmentId: r.alarm.ownerDepartmentId,
  }));
}

export async function getAlarmById(db: DbOrTx, id: string): Promise<AlarmRow | null> {
  const [row] = await db.select().from(alarms).where(eq(alarms.id, id));
  return row ?? null;
}

/** The alarm row, locked until the transaction ends (one action at a time per alarm). */
export async function lockAlarm(tx: DbOrTx, id: string): Promise<AlarmRow | null> {
  const [row] = await tx.select().from(alarms).where(eq(alarms.id, id)).for('update');
  return row ?? null;
}

export async function updateAlarm(
  tx: DbOrTx,
  id: string,
  patch: Partial<typeof alarms.$inferInsert>,
): Promise<AlarmRow> {
  const [row] = await tx.update(alarms).set(patch).where(eq(alarms.id, id)).returning();
  return row!;
}

export async function insertAlarmEvent(
  tx: DbOrTx,
  row: typeof alarmEvents.$inferInsert,
): Promise<AlarmEventRow> {
  const [inserted] = await tx.insert(alarmEvents).values(row).returning();
  return inserted!;
}

const levelOrNull = (l: string | null): AlarmLevel | null =>
  l !== null && (ALARM_LEVELS as readonly string[]).includes(l) ? (l as AlarmLevel) : null;

/** The history of an alarm, oldest first. */
export async function listAlarmEvents(db: DbOrTx, alarmId: string): Promise<AlarmEventView[]> {
  const rows = await db
    .select()
    .from(alarmEvents)
    .where(eq(alarmEvents.alarmId, alarmId))
    .orderBy(asc(alarmEvents.at), asc(alarmEvents.id));
  return rows.map((r) => ({
    id: r.id,
    at: r.at.toISOString(),
    kind: r.kind,
    fromLevel: levelOrNull(r.fromLevel),
    toLevel: levelOrNull(r.toLevel),
    cause: r.cause,
    signals: r.signals === null ? null : signalsOf(r.signals).values,
    actorName: r.actorName,
    note: r.note,
  }));
}

export interface NewOutboxRow {
  topic: string;
  key: string;
  regionCode: string | null;
  payload: unknown;
  createdAt: Date;
}

export async function insertOutboxRow(tx: DbOrTx, row: NewOutboxRow): Promise<void> {
  await tx.insert(outbox).values(row);
}

// ---- incidents ----

export function toIncidentRef(r: IncidentRow): IncidentRefView {
  return {
    id: r.id,
    title: r.title,
    source: r.source,
    alarmId: r.alarmId,
    warningLevel: levelOrNull(r.warningLevel),
    status: r.status,
    regionCode: r.regionCode,
    lon: r.lon,
    lat: r.lat,
    occurredAt: r.occurredAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}

export async function getIncidentById(db: DbOrTx, id: string): Promise<IncidentRow | null> {
  const [row] = await db.select().from(incidents).where(eq(incidents.id, id));
  return row ?? null;
}

export async function insertIncident(tx: DbOrTx, row: typeof incidents.$inferInsert): Promise<IncidentRow> {
  const [inserted] = await tx.insert(incidents).values(row).returning();
  return inserted!;
}

// ---- summary ----

/** Open (not closed) alarms in the scope, counted per status and level. */
export async function countOpenAlarms(
  db: DbOrTx,
  scope: Scope,
): Promise<{ status: AlarmStatus; level: AlarmLevel; n: number }[]> {
  const rows = await db
    .select({ status: alarms.status, level: alarms.level, n: count() })
    .from(alarms)
    .where(and(alarmScopeWhere(scope), ne(alarms.status, 'closed')))
    .groupBy(alarms.status, alarms.level);
  return rows.map((r) => ({ status: r.status, level: r.level as AlarmLevel, n: r.n }));
}

/**
 * The alarms of stations in the scope whose condition holds (`cleared_at` null: at most one per rule, the
 * partial unique index), worst level first, then the latest level change.
 */
export async function findStandingStationAlarms(db: DbOrTx, scope: Scope): Promise<StationAlarmLevel[]> {
  const rows = await db
    .select({
      alarmId: alarms.id,
      stationId: alarms.stationId,
      level: alarms.level,
      status: alarms.status,
      levelChangedAt: alarms.levelChangedAt,
    })
    .from(alarms)
    .where(and(alarmScopeWhere(scope), isNull(alarms.clearedAt), isNotNull(alarms.stationId)))
    .orderBy(sql`${levelRank} desc`, desc(alarms.levelChangedAt), desc(alarms.id));
  return rows.map((r) => ({
    alarmId: r.alarmId,
    stationId: r.stationId!,
    level: r.level as AlarmLevel,
    status: r.status,
    levelChangedAt: r.levelChangedAt.toISOString(),
  }));
}

// ---- assignment ----

/** Enabled accounts holding one of `roles` (those with the alarm:handle permission), by display name. */
export async function findUsersWithRoles(db: DbOrTx, roles: readonly Role[]): Promise<UserRow[]> {
  return db
    .select()
    .from(users)
    .where(and(eq(users.disabled, false), arrayOverlaps(users.roles, [...roles])))
    .orderBy(asc(users.displayName), asc(users.username));
}
