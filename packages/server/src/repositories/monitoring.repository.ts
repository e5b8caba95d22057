/** Stations, sensors, device health, integration tokens and the quarantine: all their SQL. */
import type {
  ListQuery,
  Metric,
  QuarantineReason,
  QuarantineSummaryItem,
  QuarantineView,
  Scope,
  ScopedRecord,
  StationKind,
} from '@ningan/domain';
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import {
  enterprises,
  ingestConnectors,
  ingestQuarantine,
  ingestTokens,
  ledgerRecords,
  readings,
  sensors,
  stationHealth,
  stations,
} from '../db/schema/index.ts';
import { insertUnnest, isoTime, type BulkColumn } from './bulk.ts';
import { codePrefix, scopeWhere, sortBy } from './scope.ts';

export type StationRow = typeof stations.$inferSelect;
export type NewStationRow = typeof stations.$inferInsert;
export type SensorRow = typeof sensors.$inferSelect;
export type NewSensorRow = typeof sensors.$inferInsert;
export type HealthRow = typeof stationHealth.$inferSelect;
export type IngestTokenRow = typeof ingestTokens.$inferSelect;

/** A station as a record for the jurisdiction check: its owner department sees it like a supervisor. */
export function scopedStation<T extends Pick<StationRow, 'regionCode' | 'orgUnitId' | 'ownerDepartmentId'>>(
  r: T,
): T & ScopedRecord {
  return { ...r, supervisorId: r.ownerDepartmentId };
}

export const stationScopeWhere = (scope: Scope): SQL =>
  scopeWhere(scope, stations.regionCode, stations.orgUnitId, stations.ownerDepartmentId);

export interface StationFilter {
  regionCode?: string;
  kind?: StationKind;
  metric?: Metric;
  ledgerRecordId?: string;
  enterpriseId?: string;
}

export async function findStations(
  db: DbOrTx,
  scope: Scope,
  q: ListQuery & StationFilter,
): Promise<{ items: StationRow[]; total: number }> {
  const conds: SQL[] = [stationScopeWhere(scope)];
  if (q.q) conds.push(or(ilike(stations.name, `%${q.q}%`), ilike(stations.code, `%${q.q}%`))!);
  if (q.regionCode) conds.push(codePrefix(stations.regionCode, q.regionCode));
  if (q.kind) conds.push(eq(stations.kind, q.kind));
  if (q.ledgerRecordId) conds.push(eq(stations.ledgerRecordId, q.ledgerRecordId));
  if (q.enterpriseId) conds.push(eq(stations.enterpriseId, q.enterpriseId));
  if (q.metric)
    conds.push(
      sql`exists (select 1 from ${sensors} where ${sensors.stationId} = ${stations.id} and ${sensors.metric} = ${q.metric})`,
    );
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(stations).where(where);
  const items = await db
    .select()
    .from(stations)
    .where(where)
    .orderBy(
      sortBy(
        q.sort,
        { code: stations.code, name: stations.name, regionCode: stations.regionCode, kind: stations.kind },
        sql`${stations.code} asc`,
      ),
    )
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function getStationById(db: DbOrTx, id: string): Promise<StationRow | null> {
  const [row] = await db.select().from(stations).where(eq(stations.id, id));
  return row ?? null;
}

export async function getStationByCode(db: DbOrTx, code: string): Promise<StationRow | null> {
  const [row] = await db.select().from(stations).where(eq(stations.code, code));
  return row ?? null;
}

export async function insertStation(db: DbOrTx, row: NewStationRow): Promise<StationRow> {
  const [inserted] = await db.insert(stations).values(row).returning();
  return inserted!;
}

export async function updateStation(
  db: DbOrTx,
  id: string,
  patch: Partial<NewStationRow>,
): Promise<StationRow> {
  const [row] = await db.update(stations).set(patch).where(eq(stations.id, id)).returning();
  return row!;
}

export async function deleteStation(db: DbOrTx, id: string): Promise<void> {
  await db.delete(stations).where(eq(stations.id, id));
}

export async function listAllStations(db: DbOrTx): Promise<StationRow[]> {
  return db.select().from(stations);
}

export async function listAllSensors(db: DbOrTx): Promise<SensorRow[]> {
  return db.select().from(sensors);
}

export async function findSensorsOfStations(db: DbOrTx, stationIds: string[]): Promise<SensorRow[]> {
  if (!stationIds.length) return [];
  return db
    .select()
    .from(sensors)
    .where(inArray(sensors.stationId, stationIds))
    .orderBy(asc(sensors.stationId), asc(sensors.createdAt), asc(sensors.metric));
}

/**
 * What stations link to, by id: ledger records (registry key and name) and enterprises (name). Not scoped:
 * the caller has already checked the stations themselves.
 */
export async function findLinkedNames(
  db: DbOrTx,
  ledgerRecordIds: string[],
  enterpriseIds: string[],
): Promise<{
  records: Map<string, { registry: string; name: string }>;
  enterprises: Map<string, string>;
}> {
  const [recordRows, enterpriseRows] = await Promise.all([
    ledgerRecordIds.length
      ? db
          .select({ id: ledgerRecords.id, registry: ledgerRecords.registry, name: ledgerRecords.name })
          .from(ledgerRecords)
          .where(inArray(ledgerRecords.id, ledgerRecordIds))
      : [],
    enterpriseIds.length
      ? db
          .select({ id: enterprises.id, name: enterprises.name })
          .from(enterprises)
          .where(inArray(enterprises.id, enterpriseIds))
      : [],
  ]);
  return {
    records: new Map(recordRows.map((r) => [r.id, { registry: r.registry, name: r.name }])),
    enterprises: new Map(enterpriseRows.map((r) => [r.id, r.name])),
  };
}

export async function getSensorById(db: DbOrTx, id: string): Promise<SensorRow | null> {
  const [row] = await db.select().from(sensors).where(eq(sensors.id, id));
  return row ?? null;
}

export async function insertSensors(db: DbOrTx, rows: NewSensorRow[]): Promise<SensorRow[]> {
  return rows.length ? db.insert(sensors).values(rows).returning() : [];
}

export async function updateSensor(db: DbOrTx, id: string, patch: Partial<NewSensorRow>): Promise<SensorRow> {
  const [row] = await db.update(sensors).set(patch).where(eq(sensors.id, id)).returning();
  return row!;
}

export async function deleteSensor(db: DbOrTx, id: string): Promise<void> {
  await db.delete(sensors).where(eq(sensors.id, id));
}

/** Whether any of these series has a stored reading (one index probe each). */
export async function hasReadings(db: DbOrTx, seriesIds: number[]): Promise<boolean> {
  if (!seriesIds.length) return false;
  const rows = await db
    .select({ one: sql<number>`1` })
    .from(readings)
    .where(inArray(readings.seriesId, seriesIds))
    .limit(1);
  return rows.length > 0;
}

/** The latest reading of each series (one backward index probe each). */
export async function latestReadings(
  db: DbOrTx,
  seriesIds: number[],
): Promise<Map<number, { at: Date; value: number }>> {
  const out = new Map<number, { at: Date; value: number }>();
  if (!seriesIds.length) return out;
  const result: unknown = await db.execute(sql`
    select s.id as series_id, l.ts, l.value
    from unnest(${sql.param(seriesIds)}::int[]) as s(id)
    cross join lateral (
      select r.ts, r.value from ${readings} r where r.series_id = s.id order by r.ts desc limit 1
    ) l`);
  for (const r of (result as { rows: { series_id: number; ts: Date | string; value: number }[] }).rows)
    out.set(Number(r.series_id), { at: new Date(r.ts), value: Number(r.value) });
  return out;
}

export async function findHealth(db: DbOrTx, stationIds: string[]): Promise<HealthRow[]> {
  if (!stationIds.length) return [];
  return db.select().from(stationHealth).where(inArray(stationHealth.stationId, stationIds));
}

/** Last-seen only moves forward; battery and signal keep their last reported value. */
export async function upsertHealth(db: DbOrTx, rows: HealthRow[]): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(stationHealth)
    .values(rows)
    .onConflictDoUpdate({
      target: stationHealth.stationId,
      set: {
        lastSeenAt: sql`greatest(${stationHealth.lastSeenAt}, excluded.last_seen_at)`,
        battery: sql`coalesce(excluded.battery, ${stationHealth.battery})`,
        signal: sql`coalesce(excluded.signal, ${stationHealth.signal})`,
      },
    });
}

// ---- integration tokens ----

export async function listIngestTokens(db: DbOrTx, scope: Scope): Promise<IngestTokenRow[]> {
  return db
    .select()
    .from(ingestTokens)
    .where(scopeWhere(scope, ingestTokens.regionCode, ingestTokens.orgUnitId))
    .orderBy(desc(ingestTokens.createdAt));
}

export async function listActiveIngestTokens(db: DbOrTx): Promise<IngestTokenRow[]> {
  return db.select().from(ingestTokens).where(isNull(ingestTokens.revokedAt));
}

export async function getIngestTokenById(db: DbOrTx, id: string): Promise<IngestTokenRow | null> {
  const [row] = await db.select().from(ingestTokens).where(eq(ingestTokens.id, id));
  return row ?? null;
}

export async function insertIngestToken(
  db: DbOrTx,
  row: typeof ingestTokens.$inferInsert,
): Promise<IngestTokenRow> {
  const [inserted] = await db.insert(ingestTokens).values(row).returning();
  return inserted!;
}

export async function revokeIngestToken(db: DbOrTx, id: string, at: Date): Promise<IngestTokenRow> {
  const [row] = await db
    .update(ingestTokens)
    .set({ revokedAt: at })
    .where(eq(ingestTokens.id, id))
    .returning();
  return row!;
}

export async function touchIngestToken(db: DbOrTx, id: string, at: Date): Promise<void> {
  await db.update(ingestTokens).set({ lastUsedAt: at }).where(eq(ingestTokens.id, id));
}

// ---- quarantine ----

export interface NewQuarantineRow {
  receivedAt: Date;
  stationId: string | null;
  deviceCode: string | null;
  regionCode: string;
  orgUnitId: string | null;
  ownerDepartmentId: string | null;
  source: 'mqtt' | 'http' | 'connector';
  topic: string | null;
  reason: QuarantineReason;
  message: string;
  payload: string;
  payloadBytes: number;
}

const QUARANTINE_BULK: BulkColumn<NewQuarantineRow>[] = [
  { column: ingestQuarantine.receivedAt, type: 'timestamptz', value: (r) => isoTime(r.receivedAt) },
  { column: ingestQuarantine.stationId, type: 'uuid', value: (r) => r.stationId },
  { column: ingestQuarantine.deviceCode, type: 'text', value: (r) => r.deviceCode },
  { column: ingestQuarantine.regionCode, type: 'text', value: (r) => r.regionCode },
  { column: ingestQuarantine.orgUnitId, type: 'uuid', value: (r) => r.orgUnitId },
  { column: ingestQuarantine.ownerDepartmentId, type: 'uuid', value: (r) => r.ownerDepartmentId },
  { column: ingestQuarantine.source, type: 'text', value: (r) => r.source },
  { column: ingestQuarantine.topic, type: 'text', value: (r) => r.topic },
  { column: ingestQuarantine.reason, type: 'text', value: (r) => r.reason },
  { column: ingestQuarantine.message, type: 'text', value: (r) => r.message },
  { column: ingestQuarantine.payload, type: 'text', value: (r) => r.payload },
  { column: ingestQuarantine.payloadBytes, type: 'int', value: (r) => r.payloadBytes },
];

export async function insertQuarantine(db: DbOrTx, rows: NewQuarantineRow[]): Promise<void> {
  await insertUnnest(db, ingestQuarantine, QUARANTINE_BULK, rows);
}

const quarantineScope = (scope: Scope) =>
  scopeWhere(
    scope,
    ingestQuarantine.regionCode,
    ingestQuarantine.orgUnitId,
    ingestQuarantine.ownerDepartmentId,
  );

export interface QuarantineFilter {
  stationId?: string;
  reason?: QuarantineReason;
  since?: Date;
}

export async function findQuarantine(
  db: DbOrTx,
  scope: Scope,
  q: Pick<ListQuery, 'page' | 'pageSize'> & QuarantineFilter,
): Promise<{ items: QuarantineView[]; total: number }> {
  const conds: SQL[] = [quarantineScope(scope)];
  if (q.stationId) conds.push(eq(ingestQuarantine.stationId, q.stationId));
  if (q.reason) conds.push(eq(ingestQuarantine.reason, q.reason));
  if (q.since) conds.push(gte(ingestQuarantine.receivedAt, q.since));
  const where = and(...conds);
  const [total] = await db.select({ n: count() }).from(ingestQuarantine).where(where);
  const rows = await db
    .select()
    .from(ingestQuarantine)
    .where(where)
    .orderBy(desc(ingestQuarantine.receivedAt), desc(ingestQuarantine.id))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  return {
    total: total?.n ?? 0,
    items: rows.map((r) => ({
      id: String(r.id),
      receivedAt: r.receivedAt.toISOString(),
      stationId: r.stationId,
      deviceCode: r.deviceCode,
      source: r.source,
      topic: r.topic,
      reason: r.reason as QuarantineReason,
      message: r.message,
      payload: r.payload,
      payloadBytes: r.payloadBytes,
    })),
  };
}

/** Quarantined payloads counted per device (and per reason), most recent first. */
export async function summarizeQuarantine(
  db: DbOrTx,
  scope: Scope,
  since: Date | undefined,
): Promise<QuarantineSummaryItem[]> {
  const conds: SQL[] = [quarantineScope(scope)];
  if (since) conds.push(gte(ingestQuarantine.receivedAt, since));
  const rows = await db
    .select({
      stationId: ingestQuarantine.stationId,
      deviceCode: ingestQuarantine.deviceCode,
      reason: ingestQuarantine.reason,
      n: count(),
      lastAt: sql<Date | string>`max(${ingestQuarantine.receivedAt})`,
    })
    .from(ingestQuarantine)
    .where(and(...conds))
    .groupBy(ingestQuarantine.stationId, ingestQuarantine.deviceCode, ingestQuarantine.reason);
  const byDevice = new Map<string, QuarantineSummaryItem>();
  for (const r of rows) {
    const key = `${r.stationId ?? ''}\u0000${r.deviceCode ?? ''}`;
    const lastAt = new Date(r.lastAt).toISOString();
    const item = byDevice.get(key) ?? {
      stationId: r.stationId,
      deviceCode: r.deviceCode,
      count: 0,
      lastAt,
      reasons: {},
    };
    item.count += r.n;
    item.reasons[r.reason] = (item.reasons[r.reason] ?? 0) + r.n;
    if (lastAt > item.lastAt) item.lastAt = lastAt;
    byDevice.set(key, item);
  }
  return [...byDevice.values()].sort((a, b) => (a.lastAt < b.lastAt ? 1 : -1));
}

/** Quarantined payloads of each station (all retained). */
export async function countQuarantineByStation(
  db: DbOrTx,
  stationIds: string[],
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (!stationIds.length) return out;
  const rows = await db
    .select({ stationId: ingestQuarantine.stationId, n: count() })
    .from(ingestQuarantine)
    .where(inArray(ingestQuarantine.stationId, stationIds))
    .groupBy(ingestQuarantine.stationId);
  for (const r of rows) if (r.stationId) out.set(r.stationId, r.n);
  return out;
}

export async function deleteQuarantineBefore(db: DbOrTx, cutoff: Date): Promise<number> {
  const rows = await db
    .delete(ingestQuarantine)
    .where(lt(ingestQuarantine.receivedAt, cutoff))
    .returning({ id: ingestQuarantine.id });
  return rows.length;
}

// ---- connectors ----

export type ConnectorRow = typeof ingestConnectors.$inferSelect;

export async function listConnectors(db: DbOrTx, scope: Scope): Promise<ConnectorRow[]> {
  return db
    .select()
    .from(ingestConnectors)
    .where(scopeWhere(scope, ingestConnectors.regionCode, ingestConnectors.orgUnitId))
    .orderBy(asc(ingestConnectors.name));
}

export async function listEnabledConnectors(db: DbOrTx): Promise<ConnectorRow[]> {
  return db.select().from(ingestConnectors).where(eq(ingestConnectors.enabled, true));
}

export async function getConnectorById(db: DbOrTx, id: string): Promise<ConnectorRow | null> {
  const [row] = await db.select().from(ingestConnectors).where(eq(ingestConnectors.id, id));
  return row ?? null;
}

export async function insertConnector(
  db: DbOrTx,
  row: typeof ingestConnectors.$inferInsert,
): Promise<ConnectorRow> {
  const [inserted] = await db.insert(ingestConnectors).values(row).returning();
  return inserted!;
}

export async function updateConnector(
  db: DbOrTx,
  id: string,
  patch: Partial<typeof ingestConnectors.$inferInsert>,
): Promise<ConnectorRow> {
  const [row] = await db.update(ingestConnectors).set(patch).where(eq(ingestConnectors.id, id)).returning();
  return row!;
}

export async function deleteConnector(db: DbOrTx, id: string): Promise<void> {
  await db.delete(ingestConnectors).where(eq(ingestConnectors.id, id));
}
