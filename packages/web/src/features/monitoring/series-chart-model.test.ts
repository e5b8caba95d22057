import { describe, expect, it } from 'vitest';
import type { SeriesPoint, SeriesTier, SeriesView } from '@ningan/domain';
import { buildSeriesChart, nearestPoint, niceScale, splitAtGaps, timeTicks } from './series-chart-model.ts';

const T0 = Date.parse('2026-03-02T00:00:00Z'); // 08:00 Beijing
const MIN = 60_000;
const HOUR = 60 * MIN;

function series(
  tier: SeriesTier,
  metric: string,
  unit: string,
  points: Partial<SeriesPoint>[],
  span = 6 * HOUR,
): SeriesView {
  return {
    sensorId: 's1',
    metric,
    unit,
    tier,
    from: new Date(T0).toISOString(),
    to: new Date(T0 + span).toISOString(),
    points: points.map((p) => ({
      t: p.t ?? new Date(T0).toISOString(),
      value: p.value ?? 0,
      min: p.min ?? p.value ?? 0,
      max: p.max ?? p.value ?? 0,
      sum: p.sum ?? p.value ?? 0,
      count: p.count ?? 1,
    })),
  };
}

const at = (ms: number) => new Date(T0 + ms).toISOString();

describe('sensor chart', () => {
  it('raw water level: a line without a band', () => {
    const chart = buildSeriesChart({
      series: series('raw', 'water_level', 'm', [
        { t: at(0), value: 351.2 },
        { t: at(5 * MIN), value: 351.4 },
      ]),
      metric: 'water_level',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    expect(chart.mode).toBe('line');
    expect(chart.bands).toBeNull();
    expect(chart.segments).toHaveLength(1);
    expect(chart.total).toBeNull();
    expect(chart.yMin).toBeLessThanOrEqual(351.2);
    expect(chart.yMax).toBeGreaterThanOrEqual(351.4);
  });

  it('rolled-up tiers draw the mean under a min–max band, and the axis holds the extremes', () => {
    const chart = buildSeriesChart({
      series: series(
        '1h',
        'displacement',
        'mm',
        [
          { t: at(0), value: 10, min: 8, max: 30, count: 6 },
          { t: at(HOUR), value: 11, min: 10, max: 12, count: 6 },
        ],
        7 * 24 * HOUR,
      ),
      metric: 'displacement',
      samplingSeconds: 600,
      offsetMinutes: 480,
    });
    expect(chart.mode).toBe('line');
    expect(chart.bands).toEqual(chart.segments);
    expect(chart.segments[0]!.map((p) => [p.value, p.min, p.max])).toEqual([
      [10, 8, 30],
      [11, 10, 12],
    ]);
    expect(chart.yMin).toBeLessThanOrEqual(8);
    expect(chart.yMax).toBeGreaterThanOrEqual(30);
    expect(chart.stepMs).toBe(HOUR);
  });

  it('rainfall: bars of each interval’s total and the accumulation over the range', () => {
    const raw = buildSeriesChart({
      series: series('raw', 'rainfall', 'mm', [
        { t: at(5 * MIN), value: 0.5 },
        { t: at(10 * MIN), value: 1.5 },
        { t: at(15 * MIN), value: 0.2 },
      ]),
      metric: 'rainfall',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    expect(raw.mode).toBe('bar');
    // A raw rain reading is the rain of the interval that ends at its time stamp.
    expect(raw.bars[0]).toEqual({ from: T0, to: T0 + 5 * MIN, total: 0.5, count: 1 });
    expect(raw.total).toBe(2.2);
    expect(raw.yMin).toBe(0);

    const hourly = buildSeriesChart({
      series: series(
        '1h',
        'rainfall',
        'mm',
        [
          { t: at(0), value: 0.25, sum: 3, count: 12 },
          { t: at(HOUR), value: 1, sum: 12, count: 12 },
        ],
        30 * 24 * HOUR,
      ),
      metric: 'rainfall',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    expect(hourly.bars.map((b) => [b.to - b.from, b.total])).toEqual([
      [HOUR, 3],
      [HOUR, 12],
    ]);
    expect(hourly.total).toBe(15);
    expect(hourly.yMax).toBeGreaterThanOrEqual(12);
  });

  it('water level: 警戒水位 and 保证水位 lines stay inside the axis (STANDARDS.md §8)', () => {
    const chart = buildSeriesChart({
      series: series('raw', 'water_level', 'm', [{ t: at(0), value: 350 }]),
      metric: 'water_level',
      samplingSeconds: 300,
      warningStage: 352.5,
      guaranteedStage: 354,
      offsetMinutes: 480,
    });
    expect(chart.thresholds).toEqual([
      { kind: 'warning', value: 352.5 },
      { kind: 'guaranteed', value: 354 },
    ]);
    expect(chart.yMin).toBeLessThanOrEqual(350);
    expect(chart.yMax).toBeGreaterThanOrEqual(354);
    // Other metrics never draw stage lines.
    const tank = buildSeriesChart({
      series: series('raw', 'tank_level', 'm', [{ t: at(0), value: 3 }]),
      metric: 'tank_level',
      samplingSeconds: 60,
      warningStage: 5,
      offsetMinutes: 480,
    });
    expect(tank.thresholds).toEqual([]);
  });

  it('breaks the line where readings stop for more than three intervals', () => {
    const chart = buildSeriesChart({
      series: series('raw', 'water_level', 'm', [
        { t: at(0), value: 1 },
        { t: at(5 * MIN), value: 1 },
        { t: at(20 * MIN), value: 1 }, // 15 min = 3 intervals: still joined
        { t: at(40 * MIN), value: 1 }, // 20 min: a gap
      ]),
      metric: 'water_level',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    expect(chart.segments.map((s) => s.length)).toEqual([3, 1]);
    // On the minute tier of a 5-minute station the expected spacing is 5 minutes, not 1.
    expect(splitAtGaps([{ t: 0 }, { t: 5 * MIN }], 3 * MIN)).toHaveLength(2);
    const minute = buildSeriesChart({
      series: series('1m', 'water_level', 'm', [
        { t: at(0), value: 1 },
        { t: at(5 * MIN), value: 1 },
      ]),
      metric: 'water_level',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    expect(minute.segments).toHaveLength(1);
  });

  it('sorts points by time and handles an empty series', () => {
    const chart = buildSeriesChart({
      series: series('raw', 'water_level', 'm', []),
      metric: 'water_level',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    expect(chart.points).toEqual([]);
    expect(chart.segments).toEqual([]);
    expect([chart.yMin, chart.yMax]).toEqual([0, 1]);
  });
});

describe('axes', () => {
  it('nice y ticks 1, 2, 2.5 or 5 × 10ⁿ apart, covering every value', () => {
    expect(niceScale([0, 9.3], 5)).toEqual({ min: 0, max: 10, ticks: [0, 2.5, 5, 7.5, 10] });
    expect(niceScale([351.2, 351.9], 5).ticks).toEqual([351.2, 351.4, 351.6, 351.8, 352]);
    const flat = niceScale([5, 5], 5);
    expect(flat.min).toBeLessThan(5);
    expect(flat.max).toBeGreaterThan(5);
  });

  it('time ticks fall on round Beijing times: hours for 6 h, local midnights for 30 d', () => {
    const six = timeTicks(T0 + 7 * MIN, T0 + 6 * HOUR + 7 * MIN, 480, 6);
    expect(six.format).toBe('time');
    expect(six.ticks[0]).toBe(T0 + HOUR); // 09:00 Beijing, then hourly
    expect(six.ticks).toHaveLength(6);
    expect(six.ticks.every((t) => (t - T0) % HOUR === 0)).toBe(true);
    const month = timeTicks(T0, T0 + 30 * 24 * HOUR, 480, 6);
    expect(month.format).toBe('date');
    // Midnight Beijing is 16:00 UTC.
    expect(month.ticks.every((t) => new Date(t).getUTCHours() === 16)).toBe(true);
    expect(month.ticks.length).toBeLessThanOrEqual(6);
    expect(timeTicks(T0, T0 + 2 * 24 * HOUR, 480, 6).format).toBe('dateTime');
  });

  it('finds the point nearest the pointer', () => {
    const points = [0, 10, 20].map((t) => ({ t, value: t, min: t, max: t, sum: t, count: 1 }));
    expect(nearestPoint(points, 4)?.t).toBe(0);
    expect(nearestPoint(points, 6)?.t).toBe(10);
    expect(nearestPoint(points, 99)?.t).toBe(20);
    expect(nearestPoint([], 1)).toBeNull();
  });
});
