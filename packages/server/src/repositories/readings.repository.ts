/**
 * Time-series SQL (issue #4 part 3): the group-commit write of a batch of readings with its rollups,
 * series queries per tier, and partition upkeep. Readings are keyed by (series_id, ts); a re-sent
 * reading is skipped (`ON CONFLICT DO NOTHING`) and, because the rollups are fed only from the rows
 * the insert actually added, counted once in them too.
 *
 * A large batch is first tried on the assumption that every reading is new (ADR 0007, "Measured"): on
 * PGlite as a binary COPY, about a third of the cost of the INSERT … ON CONFLICT statement, whose text
 * arrays, speculative inserts and RETURNING rows dominate the embedded database's one thread; on
 * PostgreSQL as a plain INSERT. Neither skips repeats, so it runs in a savepoint; a batch holding a reading
 * stored before (or twice) fails with a unique violation, is rolled back to the savepoint and written by
 * the statement instead. When the fast path succeeds every reading is new, so the rollups are summed here
 * and upserted per (series, bucket).
 */
import type { SeriesPoint, SeriesTier } from '@ningan/domain';
import { is, sql } from 'drizzle-orm';
import { NodePgTransaction } from 'drizzle-orm/node-postgres';
import { PgliteTransaction } from 'drizzle-orm/pglite';
import type { DbOrTx } from '../db/client.ts';

/** One batch, column-wise: series ids, times (epoch ms), values. Repeats allowed (they are skipped). */
export interface ReadingColumns {
  series: number[];
  at: number[];
  values: number[];
}

/** Epoch ms → timestamptz in SQL: exact to the millisecond (to_timestamp rounds to microseconds). */
const fromEpochMs = (column: string) => sql.raw(`to_timestamp(${column} / 1000.0)`);

/**
 * Stores the batch and folds the rows it added into the one-minute and one-hour rollups, in one
 * statement (data-modifying CTEs), so nothing travels back to the process but the count. Rollup buckets
 * are UTC minutes and hours (the connection's TimeZone is UTC on both drivers). Run inside the batch's
 * transaction.
 */
export async function insertReadingsWithRollups(db: DbOrTx, batch: ReadingColumns): Promise<number> {
  if (!batch.series.length) return 0;
  if (batch.series.length >= COPY_MIN_ROWS && (await copyNewReadings(db, batch))) return batch.series.length;
  const rollup = (table: string, unit: string) => sql`
    insert into ${sql.identifier(table)} as r (series_id, bucket, min, max, sum, count)
    select series_id, date_trunc(${unit}, ts), min(value), max(value), sum(value), count(*)::int
    from ins group by 1, 2
    on conflict (series_id, bucket) do update set
      min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
      sum = r.sum + excluded.sum, count = r.count + excluded.count`;
  const result: unknown = await db.execute(sql`
    with ins as (
      insert into readings (series_id, ts, value)
      select s, ${fromEpochMs('ms')}, v
      from unnest(${sql.param(batch.series)}::int[], ${sql.param(batch.at)}::float8[], ${sql.param(batch.values)}::float8[]) as b(s, ms, v)
      on conflict do nothing
      returning series_id, ts, value
    ),
    m as (${rollup('readings_1m', 'minute')}),
    h as (${rollup('readings_1h', 'hour')})
    select count(*)::int as n from ins`);
  return Number((result as { rows: { n: number }[] }).rows[0]?.n ?? 0);
}

/** Below this many readings the savepoint round trips cost more than the fast path saves. */
const COPY_MIN_ROWS = 256;

/** A PGlite transaction's own client (its `query` takes the COPY data as a blob); null on PostgreSQL. */
function pgliteClient(db: DbOrTx): {
  query(text: string, params: unknown[], options: { blob: Blob }): Promise<unknown>;
} | null {
  if (!is(db, PgliteTransaction)) return null;
  return (db as unknown as { session: { client: ReturnType<typeof pgliteClient> } }).session.client;
}

/**
 * Stores a batch whose readings are all new, and its rollups: a binary COPY on PGlite, a plain INSERT
 * (no `ON CONFLICT`, no `RETURNING`) on PostgreSQL, each in a savepoint. False, with nothing written,
 * when the batch repeats a stored key (or outside a transaction): the caller then uses the statement.
 */
async function copyNewReadings(db: DbOrTx, batch: ReadingColumns): Promise<boolean> {
  const client = pgliteClient(db);
  if (!client && !is(db, NodePgTransaction)) return false;
  await db.execute(sql`savepoint readings_copy`);
  try {
    if (client)
      await client.query(`copy readings (series_id, ts, value) from '/dev/blob' with (format binary)`, [], {
        blob: new Blob([copyBinary(batch)]),
      });
    else
      await db.execute(sql`
        insert into readings (series_id, ts, value)
        select s, ${fromEpochMs('ms')}, v
        from unnest(${sql.param(batch.series)}::int[], ${sql.param(batch.at)}::float8[], ${sql.param(batch.values)}::float8[]) as b(s, ms, v)`);
  } catch (err) {
    await db.execute(sql`rollback to savepoint readings_copy`);
    if (codeOf(err) === UNIQUE_VIOLATION) return false;
    throw err;
  }
  await db.execute(sql`release savepoint readings_copy`);
  await upsertRollups(db, batch);
  return true;
}

/** The SQLSTATE of a driver error, also when drizzle wraps it (`cause`). */
const codeOf = (err: unknown): string | undefined =>
  (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;

const UNIQUE_VIOLATION = '23505';
/** 2000-01-01T00:00:00Z, the epoch of PostgreSQL's binary timestamps (µs since then). */
const PG_EPOCH_MS = 946_684_800_000;
const COPY_SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00]; // PGCOPY\n\377\r\n\0

/**
 * The batch in COPY's binary format: header (signature, flags, extension length), per row the field
 * count and each field's length and big-endian value (int4; timestamptz as int8 µs since 2000; float8),
 * and the trailer -1.
 */
function copyBinary(batch: ReadingColumns): Uint8Array {
  const n = batch.series.length;
  const bytes = new Uint8Array(19 + n * 34 + 2);
  const v = new DataView(bytes.buffer);
  bytes.set(COPY_SIGNATURE, 0); // flags and extension length stay 0
  let o = 19;
  for (let i = 0; i < n; i += 1) {
    v.setInt16(o, 3);
    v.setInt32(o + 2, 4);
    v.setInt32(o + 6, batch.series[i]!);
    // Exact: ms × 1000 stays far below 2^53. Split into the high and low 32 bits by hand (no BigInt).
    const us = (batch.at[i]! - PG_EPOCH_MS) * 1000;
    const high = Math.floor(us / 4_294_967_296);
    v.setInt32(o + 10, 8);
    v.setInt32(o + 14, high);
    v.setUint32(o + 18, us - high * 4_294_967_296);
    v.setInt32(o + 22, 8);
    v.setFloat64(o + 26, batch.values[i]!);
    o += 34;
  }
  v.setInt16(o, -1);
  return bytes;
}

/** Min, max, sum and count of new readings per (series, UTC minute) and (series, UTC hour), upserted. */
async function upsertRollups(db: DbOrTx, batch: ReadingColumns): Promise<void> {
  const minute = foldRollup(batch, 60_000);
  const hour = foldRollup(batch, 3_600_000);
  const rows = (r: RollupColumns) =>
    sql`unnest(${sql.param(r.series)}::int[], ${sql.param(r.bucket)}::float8[], ${sql.param(r.min)}::float8[],
      ${sql.param(r.max)}::float8[], ${sql.param(r.sum)}::float8[], ${sql.param(r.count)}::int[])
      as u(s, b, mn, mx, sm, c)`;
  const upsert = (table: string, r: RollupColumns) => sql`
    insert into ${sql.identifier(table)} as r (series_id, bucket, min, max, sum, count)
    select s, ${fromEpochMs('b')}, mn, mx, sm, c from ${rows(r)}
    on conflict (series_id, bucket) do update set
      min = least(r.min, excluded.min), max = greatest(r.max, excluded.max),
      sum = r.sum + excluded.sum, count = r.count + excluded.count`;
  await db.execute(sql`
    with m as (${upsert('readings_1m', minute)}),
    h as (${upsert('readings_1h', hour)})
    select 1`);
}

interface RollupColumns {
  series: number[];
  bucket: number[];
  min: number[];
  max: number[];
  sum: number[];
  count: number[];
}

function foldRollup(batch: ReadingColumns, bucketMs: number): RollupColumns {
  const out: RollupColumns = { series: [], bucket: [], min: [], max: [], sum: [], count: [] };
  const index = new Map<number, Map<number, number>>(); // series → bucket → row
  for (let i = 0; i < batch.series.length; i += 1) {
    const series = batch.series[i]!;
    const bucket = Math.floor(batch.at[i]! / bucketMs) * bucketMs;
    const value = batch.values[i]!;
    let buckets = index.get(series);
    if (!buckets) index.set(series, (buckets = new Map<number, number>()));
    const row = buckets.get(bucket);
    if (row === undefined) {
      buckets.set(bucket, out.series.length);
      out.series.push(series);
      out.bucket.push(bucket);
      out.min.push(value);
      out.max.push(value);
      out.sum.push(value);
      out.count.push(1);
    } else {
      if (value < out.min[row]!) out.min[row] = value;
      if (value > out.max[row]!) out.max[row] = value;
      out.sum[row]! += value;
      out.count[row]! += 1;
    }
  }
  return out;
}

/**
 * Which of the batch's readings this transaction inserted (the rest were stored before): rows whose
 * xmin is the current transaction. Only asked when the insert added fewer rows than it was given.
 */
export async function insertedInThisTransaction(db: DbOrTx, batch: ReadingColumns): Promise<Set<string>> {
  const result: unknown = await db.execute(sql`
    select r.series_id, r.ts from readings r
    join unnest(${sql.param(batch.series)}::int[], ${sql.param(batch.at)}::float8[]) as b(series_id, ms)
      on r.series_id = b.series_id and r.ts = ${fromEpochMs('b.ms')}
    where r.xmin = pg_current_xact_id()::xid`);
  const out = new Set<string>();
  for (const r of (result as { rows: { series_id: number; ts: Date | string }[] }).rows)
    out.add(readingKey(Number(r.series_id), new Date(r.ts).getTime()));
  return out;
}

export const readingKey = (series: number, at: number) => `${series}|${at}`;

/** Points of one series in [from, to) from a tier, oldest first, at most `limit`. */
export async function findSeries(
  db: DbOrTx,
  tier: SeriesTier,
  series: number,
  from: Date,
  to: Date,
  limit: number,
): Promise<SeriesPoint[]> {
  if (tier === 'raw') {
    const result: unknown = await db.execute(sql`
      select ts, value from readings
      where series_id = ${series} and ts >= ${from.toISOString()}::timestamptz and ts < ${to.toISOString()}::timestamptz
      order by ts limit ${limit}`);
    return (result as { rows: { ts: Date | string; value: number }[] }).rows.map((r) => {
      const v = Number(r.value);
      return { t: new Date(r.ts).toISOString(), value: v, min: v, max: v, sum: v, count: 1 };
    });
  }
  const table = tier === '1m' ? 'readings_1m' : 'readings_1h';
  const unit = tier === '1m' ? 'minute' : 'hour';
  const result: unknown = await db.execute(sql`
    select bucket, min, max, sum, count from ${sql.identifier(table)}
    where series_id = ${series}
      and bucket >= date_trunc(${unit}, ${from.toISOString()}::timestamptz)
      and bucket < ${to.toISOString()}::timestamptz
    order by bucket limit ${limit}`);
  return (
    result as { rows: { bucket: Date | string; min: number; max: number; sum: number; count: number }[] }
  ).rows.map((r) => {
    const sum = Number(r.sum);
    const n = Number(r.count);
    return {
      t: new Date(r.bucket).toISOString(),
      value: sum / n,
      min: Number(r.min),
      max: Number(r.max),
      sum,
      count: n,
    };
  });
}

// ---- partitions (created ahead, dropped after retention) ----

/** The partitioned time-series tables and the span of one partition. */
export const PARTITIONED = [
  { parent: 'readings', column: 'ts', period: 'day' },
  { parent: 'readings_1m', column: 'bucket', period: 'month' },
] as const;
export type PartitionedTable = (typeof PARTITIONED)[number];

/** The partition of `parent` holding `at`: its name and UTC bounds. */
export function partitionOf(t: PartitionedTable, at: Date): { name: string; from: Date; to: Date } {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  if (t.period === 'day') {
    const from = new Date(Date.UTC(y, m, at.getUTCDate()));
    const to = new Date(from.getTime() + 86_400_000);
    return { name: `${t.parent}_p${from.toISOString().slice(0, 10).replace(/-/g, '')}`, from, to };
  }
  const from = new Date(Date.UTC(y, m, 1));
  const to = new Date(Date.UTC(y, m + 1, 1));
  return { name: `${t.parent}_p${from.toISOString().slice(0, 7).replace('-', '')}`, from, to };
}

/** Existing partitions of `parent` (our naming), with their bounds; the DEFAULT partition excluded. */
export async function listPartitions(
  db: DbOrTx,
  t: PartitionedTable,
): Promise<{ name: string; from: Date; to: Date }[]> {
  const result: unknown = await db.execute(sql`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    where p.relname = ${t.parent}`);
  const out: { name: string; from: Date; to: Date }[] = [];
  const pattern = t.period === 'day' ? /_p(\d{4})(\d{2})(\d{2})$/ : /_p(\d{4})(\d{2})$/;
  for (const { name } of (result as { rows: { name: string }[] }).rows) {
    const m = pattern.exec(name);
    if (!m) continue;
    const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
    out.push(partitionOf(t, at));
  }
  return out.sort((a, b) => a.from.getTime() - b.from.getTime());
}

export async function createPartition(
  db: DbOrTx,
  t: PartitionedTable,
  p: { name: string; from: Date; to: Date },
): Promise<void> {
  await db.execute(
    sql`create table if not exists ${sql.identifier(p.name)} partition of ${sql.identifier(t.parent)}
        for values from (${sql.raw(`'${p.from.toISOString()}'`)}) to (${sql.raw(`'${p.to.toISOString()}'`)})`,
  );
}

export async function dropPartition(db: DbOrTx, name: string): Promise<void> {
  await db.execute(sql`drop table if exists ${sql.identifier(name)}`);
}

/** Removes rows older than `cutoff` from a table that is not dropped by partition (DEFAULT partitions, hourly rollups). */
export async function deleteRowsBefore(
  db: DbOrTx,
  table: 'readings_default' | 'readings_1m_default' | 'readings_1h',
  column: 'ts' | 'bucket',
  cutoff: Date,
): Promise<number> {
  const result: unknown = await db.execute(
    sql`with d as (delete from ${sql.identifier(table)} where ${sql.identifier(column)} < ${cutoff.toISOString()}::timestamptz returning 1)
        select count(*)::int as n from d`,
  );
  return Number((result as { rows: { n: number }[] }).rows[0]?.n ?? 0);
}

/** Which partition a stored reading sits in (tests and diagnostics). */
export async function partitionOfReading(db: DbOrTx, series: number, at: Date): Promise<string | null> {
  const result: unknown = await db.execute(
    sql`select tableoid::regclass::text as name from readings where series_id = ${series} and ts = ${at.toISOString()}::timestamptz`,
  );
  return (result as { rows: { name: string }[] }).rows[0]?.name ?? null;
}
