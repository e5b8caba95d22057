/**
 * SQL of the fire-weather and observed-signal reads (issue #4 part 5): the weather-reporting stations in a
 * jurisdiction, the forest areas, hourly rollups, and aggregates of a rollup tier over time windows.
 */
import type { HourlyRollup, Scope } from '@ningan/domain';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { ledgerRecords, sensors, stations } from '../db/schema/index.ts';
import { stationScopeWhere, type SensorRow, type StationRow } from './monitoring.repository.ts';

/** Enabled stations in `scope` with at least one enabled sensor of `metrics`, with those sensors. */
export async function findStationsWithMetrics(
  db: DbOrTx,
  scope: Scope,
  metrics: readonly string[],
): Promise<{ station: StationRow; sensors: SensorRow[] }[]> {
  const rows = await db
    .select({ station: stations, sensor: sensors })
    .from(stations)
    .innerJoin(sensors, eq(sensors.stationId, stations.id))
    .where(
      and(
        stationScopeWhere(scope),
        eq(stations.enabled, true),
        eq(sensors.enabled, true),
        inArray(sensors.metric, [...metrics]),
      ),
    )
    .orderBy(stations.code, sensors.metric);
  const out = new Map<string, { station: StationRow; sensors: SensorRow[] }>();
  for (const r of rows) {
    const entry = out.get(r.station.id) ?? { station: r.station, sensors: [] };
    entry.sensors.push(r.sensor);
    out.set(r.station.id, entry);
  }
  return [...out.values()];
}

export interface ForestAreaRow {
  id: string;
  name: string;
  geometry: unknown;
}

/** Every record of a ledger registry with its geometry (the forest areas: a few hundred at most). */
export async function listRegistryShapes(db: DbOrTx, registry: string): Promise<ForestAreaRow[]> {
  return db
    .select({ id: ledgerRecords.id, name: ledgerRecords.name, geometry: ledgerRecords.geometry })
    .from(ledgerRecords)
    .where(eq(ledgerRecords.registry, registry))
    .orderBy(ledgerRecords.name);
}

/** One-hour rollups of these series with buckets in [from, to), per series, oldest first. */
export async function findHourlyRollups(
  db: DbOrTx,
  seriesIds: number[],
  from: Date,
  to: Date,
): Promise<Map<number, HourlyRollup[]>> {
  const out = new Map<number, HourlyRollup[]>(seriesIds.map((id) => [id, []]));
  if (!seriesIds.length) return out;
  const result: unknown = await db.execute(sql`
    select series_id, bucket, min, max, sum, count from readings_1h
    where series_id = any(${sql.param(seriesIds)}::int[])
      and bucket >= ${from.toISOString()}::timestamptz and bucket < ${to.toISOString()}::timestamptz
    order by series_id, bucket`);
  for (const r of (
    result as {
      rows: {
        series_id: number;
        bucket: Date | string;
        min: number;
        max: number;
        sum: number;
        count: number;
      }[];
    }
  ).rows)
    out.get(Number(r.series_id))?.push({
      bucket: new Date(r.bucket).getTime(),
      min: Number(r.min),
      max: Number(r.max),
      sum: Number(r.sum),
      count: Number(r.count),
    });
  return out;
}

export interface WindowStats {
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
}

/**
 * Per series, the readings' count, sum, min and max over each window ([from, to), epoch ms) from a rollup
 * tier, in one pass: a bucket belongs to a window when it starts inside it.
 */
export async function aggregateWindows(
  db: DbOrTx,
  tier: '1m' | '1h',
  seriesIds: number[],
  windows: { from: number; to: number }[],
): Promise<Map<number, WindowStats[]>> {
  const out = new Map<number, WindowStats[]>();
  const empty = (): WindowStats[] => windows.map(() => ({ count: 0, sum: null, min: null, max: null }));
  for (const id of seriesIds) out.set(id, empty());
  if (!seriesIds.length || !windows.length) return out;
  const iso = (ms: number) => new Date(ms).toISOString();
  const columns = windows.map((w, i) => {
    const inside = sql`bucket >= ${iso(w.from)}::timestamptz and bucket < ${iso(w.to)}::timestamptz`;
    return sql`sum(count) filter (where ${inside}) as ${sql.identifier(`c${i}`)},
      sum(sum) filter (where ${inside}) as ${sql.identifier(`s${i}`)},
      min(min) filter (where ${inside}) as ${sql.identifier(`n${i}`)},
      max(max) filter (where ${inside}) as ${sql.identifier(`x${i}`)}`;
  });
  const from = Math.min(...windows.map((w) => w.from));
  const to = Math.max(...windows.map((w) => w.to));
  const result: unknown = await db.execute(sql`
    select series_id, ${sql.join(columns, sql`, `)}
    from ${sql.identifier(tier === '1m' ? 'readings_1m' : 'readings_1h')}
    where series_id = any(${sql.param(seriesIds)}::int[])
      and bucket >= ${iso(from)}::timestamptz and bucket < ${iso(to)}::timestamptz
    group by series_id`);
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  for (const r of (result as { rows: Record<string, unknown>[] }).rows)
    out.set(
      Number(r.series_id),
      windows.map((_, i) => ({
        count: Number(r[`c${i}`] ?? 0),
        sum: num(r[`s${i}`]),
        min: num(r[`n${i}`]),
        max: num(r[`x${i}`]),
      })),
    );
  return out;
}
