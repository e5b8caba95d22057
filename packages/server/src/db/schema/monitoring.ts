/**
 * Monitoring devices and their time series (issue #4 parts 1–3). See docs/adr/0007-ingestion-and-time-series.md.
 *
 * `readings` and `readings_1m` are range-partitioned by time on both drivers: drizzle-kit cannot say so,
 * so migration 0008 (custom SQL) re-creates the two tables that 0007 generated as partitioned tables with
 * the same columns and keys; the definitions here stay the query schema. Partitions are created ahead
 * and dropped after their retention by the time-series maintenance job (jobs/timeseries-maintenance.ts).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { enterprises, ledgerRecords, orgUnits, regions, users } from './index.ts';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Monitoring stations (站点): the devices that hold a credential and send readings. */
export const stations = pgTable(
  'stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Device id (设备编号): MQTT username/client id and a level of its topic. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    lon: doublePrecision('lon').notNull(), // WGS84
    lat: doublePrecision('lat').notNull(), // WGS84
    ledgerRecordId: uuid('ledger_record_id').references(() => ledgerRecords.id),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    /** The department that runs the station; it sees the station (like a supervising department). */
    ownerDepartmentId: uuid('owner_department_id').references(() => orgUnits.id),
    /** The monitored enterprise's (or ledger record's) org unit: its users see the station. */
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    note: text('note'),
    enabled: boolean('enabled').notNull().default(true),
    /** SHA-256 (hex) of the device secret: 32 random bytes, so a fast hash suffices (ADR 0007). */
    secretHash: text('secret_hash').notNull(),
    secretSetAt: tz('secret_set_at').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('stations_code_uq').on(t.code),
    index('stations_region_idx').on(t.regionCode),
    index('stations_org_unit_idx').on(t.orgUnitId),
    index('stations_owner_idx').on(t.ownerDepartmentId),
    index('stations_ledger_record_idx').on(t.ledgerRecordId),
    index('stations_enterprise_idx').on(t.enterpriseId),
    check('stations_lon', sql`${t.lon} between -180 and 180`),
    check('stations_lat', sql`${t.lat} between -90 and 90`),
    check('stations_code', sql`${t.code} ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{2,63}$'`),
  ],
);

/** Sensors (传感器): one per (station, metric); `series_id` keys its readings compactly. */
export const sensors = pgTable(
  'sensors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seriesId: integer('series_id').notNull().generatedAlwaysAsIdentity(),
    stationId: uuid('station_id')
      .notNull()
      .references(() => stations.id, { onDelete: 'cascade' }),
    metric: text('metric').notNull(),
    label: text('label'),
    unit: text('unit').notNull(),
    validMin: doublePrecision('valid_min').notNull(),
    validMax: doublePrecision('valid_max').notNull(),
    samplingSeconds: integer('sampling_seconds').notNull(),
    /** 警戒水位 / 保证水位, m (water-level sensors). */
    warningStage: doublePrecision('warning_stage'),
    guaranteedStage: doublePrecision('guaranteed_stage'),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('sensors_series_uq').on(t.seriesId),
    uniqueIndex('sensors_station_metric_uq').on(t.stationId, t.metric),
    check('sensors_range', sql`${t.validMin} < ${t.validMax}`),
    check('sensors_sampling', sql`${t.samplingSeconds} between 1 and 86400`),
  ],
);

/** Device health as last reported (written by the ingest, throttled; the live state is in memory). */
export const stationHealth = pgTable('station_health', {
  stationId: uuid('station_id')
    .primaryKey()
    .references(() => stations.id, { onDelete: 'cascade' }),
  lastSeenAt: tz('last_seen_at').notNull(),
  /** % */
  battery: doublePrecision('battery'),
  /** dBm */
  signal: doublePrecision('signal'),
});

/** Integration tokens (接入令牌) for gateways and department systems posting for many stations. */
export const ingestTokens = pgTable(
  'ingest_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** SHA-256 (hex) of the token. */
    secretHash: text('secret_hash').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: tz('created_at').notNull().defaultNow(),
    revokedAt: tz('revoked_at'),
    lastUsedAt: tz('last_used_at'),
  },
  (t) => [
    uniqueIndex('ingest_tokens_secret_uq').on(t.secretHash),
    index('ingest_tokens_region_idx').on(t.regionCode),
  ],
);

/**
 * Quarantined payloads and readings (隔离区), with the reason. Region and org unit are copied from the
 * station at the time (the county's code when the device is unknown), so lists filter by jurisdiction
 * without a join and keep their rows when a station is deleted.
 */
export const ingestQuarantine = pgTable(
  'ingest_quarantine',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    receivedAt: tz('received_at').notNull(),
    stationId: uuid('station_id').references(() => stations.id, { onDelete: 'set null' }),
    deviceCode: text('device_code'),
    regionCode: text('region_code').notNull(),
    orgUnitId: uuid('org_unit_id'),
    ownerDepartmentId: uuid('owner_department_id'),
    source: text('source', { enum: ['mqtt', 'http', 'connector'] }).notNull(),
    topic: text('topic'),
    reason: text('reason').notNull(),
    message: text('message').notNull(),
    /** As received (UTF-8, invalid bytes replaced), truncated to the configured length. */
    payload: text('payload').notNull(),
    payloadBytes: integer('payload_bytes').notNull(),
  },
  (t) => [
    index('ingest_quarantine_station_idx').on(t.stationId, t.receivedAt),
    index('ingest_quarantine_received_idx').on(t.receivedAt),
    index('ingest_quarantine_region_idx').on(t.regionCode, t.receivedAt),
    check('ingest_quarantine_source', sql`${t.source} in ('mqtt', 'http', 'connector')`),
  ],
);

/** Raw readings, keyed by (sensor series, time); partitioned by day (migration 0008). */
export const readings = pgTable(
  'readings',
  {
    seriesId: integer('series_id').notNull(),
    ts: tz('ts').notNull(),
    value: doublePrecision('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.seriesId, t.ts] })],
);

const rollupColumns = () => ({
  seriesId: integer('series_id').notNull(),
  /** Start of the bucket (UTC). */
  bucket: tz('bucket').notNull(),
  min: doublePrecision('min').notNull(),
  max: doublePrecision('max').notNull(),
  sum: doublePrecision('sum').notNull(),
  count: integer('count').notNull(),
});

/** One-minute rollups, maintained in the transaction that stores the readings; partitioned by month (0008). */
export const readings1m = pgTable('readings_1m', rollupColumns(), (t) => [
  primaryKey({ columns: [t.seriesId, t.bucket] }),
]);

/** One-hour rollups, maintained like the minute ones; small enough to stay one table. */
export const readings1h = pgTable('readings_1h', rollupColumns(), (t) => [
  primaryKey({ columns: [t.seriesId, t.bucket] }),
  index('readings_1h_bucket_idx').on(t.bucket),
]);

/**
 * Generic connectors (HTTP pull of JSON, CSV drop) feeding stations in their scope through a field
 * mapping; `settings` and `mapping` are checked by the domain schemas before they get here. The last run
 * is kept on the row, so the schedule resumes after a restart.
 */
export const ingestConnectors = pgTable(
  'ingest_connectors',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['http_pull', 'csv_drop'] }).notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    orgUnitId: uuid('org_unit_id').references(() => orgUnits.id),
    enabled: boolean('enabled').notNull().default(true),
    settings: jsonb('settings').notNull(),
    mapping: jsonb('mapping').notNull(),
    lastRunAt: tz('last_run_at'),
    /** ConnectorRunResult of the last run. */
    lastRun: jsonb('last_run'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('ingest_connectors_region_idx').on(t.regionCode),
    check('ingest_connectors_kind', sql`${t.kind} in ('http_pull', 'csv_drop')`),
  ],
);
