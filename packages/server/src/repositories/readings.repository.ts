/**
 * Time-series SQL (issue #4 part 3): the group-commit write of a batch of readings with its rollups,
 * series queries per tier, and partition upkeep. Readings are keyed by (series_id, ts); a re-sent
 * reading is skipped (`ON CONFLICT DO NOTHING`) and, because the rollups are fed only from the rows
 * the insert actually added, counted once in them too.
 */
import type { SeriesPoint, SeriesTier } from '@ningan/domain';
import { sql } from 'drizzle-orm';
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
