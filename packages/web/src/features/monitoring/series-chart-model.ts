/**
 * A sensor's chart as data (pure, unit-tested): which marks to draw, the axes and their ticks. The chart
 * component only scales and draws it.
 *
 * - Level metrics (water level, displacement, gas…) are a line. On a rolled-up tier (1-min, 1-h) the line
 *   is each bucket's mean, under a band from its min to its max, so a short spike inside an hour is not lost.
 * - Increment metrics (rainfall) are bars: each bar is the total of its interval (a raw reading, or a
 *   bucket's sum), and the range's total is given.
 * - A water-level sensor's 警戒水位/保证水位 (STANDARDS.md §8) are horizontal lines, kept inside the y axis.
 * - The line breaks where readings stop for longer than three expected intervals instead of drawing a
 *   straight line across the silence.
 */
import { METRIC_DEFS, TIER_SECONDS, type Metric, type SeriesTier, type SeriesView } from '@ningan/domain';

export interface ChartPoint {
  /** Epoch ms: the reading's time, or the start of its bucket. */
  t: number;
  /** The reading, or the bucket's mean. */
  value: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

export interface ChartBar {
  /** Epoch ms, the interval the total covers. */
  from: number;
  to: number;
  total: number;
  count: number;
}

export type ThresholdKind = 'warning' | 'guaranteed';

export interface ChartThreshold {
  kind: ThresholdKind;
  value: number;
}

export interface TimeTicks {
  ticks: number[];
  /** How tick labels read: clock time, date, or both. */
  format: 'time' | 'date' | 'dateTime';
}

export interface SeriesChart {
  mode: 'line' | 'bar';
  tier: SeriesTier;
  unit: string;
  from: number;
  to: number;
  points: ChartPoint[];
  /** Line mode: runs of points without a gap. */
  segments: ChartPoint[][];
  /** Line mode on a rolled-up tier: min–max band per segment; null on the raw tier. */
  bands: ChartPoint[][] | null;
  /** Bar mode: one bar per interval. */
  bars: ChartBar[];
  thresholds: ChartThreshold[];
  /** Bar mode: the sum over the range (rain accumulation), else null. */
  total: number | null;
  yMin: number;
  yMax: number;
  yTicks: number[];
  x: TimeTicks;
  /** The expected spacing of points (ms): the sampling interval or the bucket, whichever is longer. */
  stepMs: number;
}

export interface SeriesChartInput {
  series: SeriesView;
  metric: Metric;
  samplingSeconds: number;
  warningStage?: number | null;
  guaranteedStage?: number | null;
  /** Minutes east of UTC for day-aligned ticks (Beijing: 480). */
  offsetMinutes: number;
  /** Roughly how many ticks fit (the chart's width decides). */
  maxXTicks?: number;
  maxYTicks?: number;
}

/** A value with at most 3 decimals, trailing zeros dropped (351.65, 0.5, 12). */
export function formatValue(v: number): string {
  return String(Math.round(v * 1000) / 1000);
}

/** Readings further apart than this many expected intervals are not joined by the line. */
export const GAP_INTERVALS = 3;

export function buildSeriesChart(input: SeriesChartInput): SeriesChart {
  const { series, metric } = input;
  const from = Date.parse(series.from);
  const to = Date.parse(series.to);
  const tier = series.tier;
  const stepMs = 1000 * Math.max(input.samplingSeconds, tier === 'raw' ? 0 : TIER_SECONDS[tier]);
  const points = series.points
    .map((p) => ({ t: Date.parse(p.t), value: p.value, min: p.min, max: p.max, sum: p.sum, count: p.count }))
    .sort((a, b) => a.t - b.t);
  const mode = METRIC_DEFS[metric].nature === 'increment' ? 'bar' : 'line';
  const thresholds: ChartThreshold[] = [];
  if (metric === 'water_level') {
    if (input.warningStage !== null && input.warningStage !== undefined)
      thresholds.push({ kind: 'warning', value: input.warningStage });
    if (input.guaranteedStage !== null && input.guaranteedStage !== undefined)
      thresholds.push({ kind: 'guaranteed', value: input.guaranteedStage });
  }

  const segments = mode === 'line' ? splitAtGaps(points, GAP_INTERVALS * stepMs) : [];
  const bands = mode === 'line' && tier !== 'raw' ? segments : null;
  // A bar spans its bucket (rollups) or the sampling interval before the reading (raw: rain "in the last
  // interval" is stamped at the interval's end).
  const bars: ChartBar[] =
    mode === 'bar'
      ? points.map((p) =>
          tier === 'raw'
            ? { from: p.t - stepMs, to: p.t, total: p.sum, count: p.count }
            : { from: p.t, to: p.t + TIER_SECONDS[tier] * 1000, total: p.sum, count: p.count },
        )
      : [];
  const total = seriesTotal(series, metric);

  const values: number[] = [];
  if (mode === 'bar') values.push(0, ...bars.map((b) => b.total));
  else
    for (const p of points) values.push(tier === 'raw' ? p.value : p.min, tier === 'raw' ? p.value : p.max);
  values.push(...thresholds.map((th) => th.value));
  const y = niceScale(values, input.maxYTicks ?? 5);
  if (mode === 'bar') y.min = 0;

  return {
    mode,
    tier,
    unit: series.unit,
    from,
    to,
    points,
    segments,
    bands,
    bars,
    thresholds,
    total,
    yMin: y.min,
    yMax: y.max,
    yTicks: y.ticks,
    x: timeTicks(from, to, input.offsetMinutes, input.maxXTicks ?? 6),
    stepMs,
  };
}

/** The accumulation over the range for an increment metric (rain), else null. */
export function seriesTotal(series: SeriesView, metric: Metric): number | null {
  if (METRIC_DEFS[metric].nature !== 'increment') return null;
  return roundTo(
    series.points.reduce((s, p) => s + p.sum, 0),
    6,
  );
}

/** Runs of points whose neighbours are at most `maxGapMs` apart. */
export function splitAtGaps<T extends { t: number }>(points: readonly T[], maxGapMs: number): T[][] {
  const runs: T[][] = [];
  let run: T[] = [];
  for (const p of points) {
    const last = run[run.length - 1];
    if (last && p.t - last.t > maxGapMs) {
      runs.push(run);
      run = [];
    }
    run.push(p);
  }
  if (run.length) runs.push(run);
  return runs;
}

const roundTo = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * A y axis holding every value, with "nice" ticks (1, 2, 2.5 or 5 × 10ⁿ apart). A flat series gets a
 * small span around its value; no values give 0–1.
 */
export function niceScale(
  values: readonly number[],
  maxTicks: number,
): { min: number; max: number; ticks: number[] } {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (hi === lo) {
    const pad = Math.abs(lo) > 0 ? Math.abs(lo) * 0.05 : 1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, maxTicks - 1));
  // The epsilon keeps 351.2 / 0.2 = 1755.9999… from flooring a whole step down.
  const min = Math.floor(lo / step + 1e-9) * step;
  const max = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = min; v <= max + step / 2; v += step) ticks.push(roundTo(v, digits));
  return { min: roundTo(min, digits), max: roundTo(max, digits), ticks };
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const f = raw / power;
  const nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
  return nice * power;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
  30 * DAY,
];

/**
 * Ticks at round local times (whole minutes, hours, local midnights) within [from, to], at most
 * `maxTicks` of them. Local time is UTC + `offsetMinutes` (China has no daylight saving).
 */
export function timeTicks(from: number, to: number, offsetMinutes: number, maxTicks: number): TimeTicks {
  const span = Math.max(1, to - from);
  const step = TIME_STEPS.find((s) => span / s <= maxTicks) ?? TIME_STEPS[TIME_STEPS.length - 1]!;
  const offset = offsetMinutes * MINUTE;
  const first = Math.ceil((from + offset) / step) * step - offset;
  const ticks: number[] = [];
  for (let t = first; t <= to; t += step) ticks.push(t);
  const format = step >= DAY ? 'date' : span > DAY ? 'dateTime' : 'time';
  return { ticks, format };
}

/** The point nearest to `t` (for the hover read-out), or null when there are none. */
export function nearestPoint(points: readonly ChartPoint[], t: number): ChartPoint | null {
  if (points.length === 0) return null;
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.t < t) lo = mid + 1;
    else hi = mid;
  }
  const after = points[lo]!;
  const before = points[lo - 1];
  return before && t - before.t < after.t - t ? before : after;
}
