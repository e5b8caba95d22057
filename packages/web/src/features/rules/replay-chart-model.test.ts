import { describe, expect, it } from 'vitest';
import {
  buildRuleFromTemplate,
  type AlarmRule,
  type ReplayView,
  type SeriesPoint,
  type SeriesView,
} from '@ningan/domain';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { MarkAreaComponentOption, MarkLineComponentOption } from 'echarts/components';
import {
  buildReplayChart,
  CLEARED_COLOR,
  extentWith,
  formatDuration,
  LEVEL_COLORS,
  levelPeriods,
  rollingRate,
  rollingSum,
  thresholdLeaves,
  type ReplayChartText,
} from './replay-chart-model.ts';

const T0 = Date.parse('2026-07-01T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const iso = (ms: number) => new Date(T0 + ms).toISOString();

const text: ReplayChartText = {
  level: (l) => l,
  transition: (k) => k,
  pin: (k) => k.slice(0, 1),
  input: (name) => `input ${name}`,
  derived: (name) => `derived ${name}`,
  empty: 'no data',
};

function series(points: { t: number; value: number; sum?: number }[], metric = 'water_level'): SeriesView {
  return {
    sensorId: 's',
    metric,
    unit: metric === 'rainfall' ? 'mm' : 'm',
    tier: 'raw',
    from: iso(0),
    to: iso(6 * HOUR),
    points: points.map((p): SeriesPoint => ({
      t: iso(p.t),
      value: p.value,
      min: p.value,
      max: p.value,
      sum: p.sum ?? p.value,
      count: 1,
    })),
  };
}

const waterRule: AlarmRule = buildRuleFromTemplate('water-level', {
  id: 'r1',
  subject: 'WL-1',
  gauge: { device: 'WL-1', metric: 'water_level' },
  warningStage: 352,
  guaranteeStage: 354,
  noData: null,
  rise: { mPerHour: { orange: 0.5 } },
});

function replay(
  transitions: ReplayView['transitions'],
  timeAtLevel: Record<string, number> = {},
): ReplayView {
  return {
    from: iso(0),
    to: iso(6 * HOUR),
    readings: 10,
    transitions,
    timeAtLevel: { blue: 0, yellow: 0, orange: 0, red: 0, ...timeAtLevel },
    inputs: [{ name: 'stage', device: 'WL-1', metric: 'water_level', readings: 10 }],
    dataEvents: [],
  };
}

const raisedYellow = {
  at: iso(HOUR),
  kind: 'raised' as const,
  alarm: 1,
  from: null,
  to: 'yellow' as const,
  cause: 'condition',
  signals: { stage: 352.1 },
};
const escalatedRed = {
  ...raisedYellow,
  at: iso(2 * HOUR),
  kind: 'escalated' as const,
  from: 'yellow' as const,
  to: 'red' as const,
};
const cleared = {
  ...raisedYellow,
  at: iso(4 * HOUR),
  kind: 'cleared' as const,
  from: 'red' as const,
  to: null,
};

describe('replay chart', () => {
  it('collects every level’s thresholds, lowest level first', () => {
    expect(thresholdLeaves(waterRule)).toEqual([
      { level: 'yellow', signal: 'stage', op: '>=', raise: 352, clear: undefined },
      { level: 'orange', signal: 'rise', op: '>=', raise: 0.5, clear: undefined },
      { level: 'red', signal: 'stage', op: '>=', raise: 354, clear: undefined },
    ]);
  });

  it('level periods follow the transitions; the level at the start is the first transition’s from', () => {
    expect(levelPeriods(replay([raisedYellow, escalatedRed, cleared]))).toEqual([
      { from: T0 + HOUR, to: T0 + 2 * HOUR, level: 'yellow' },
      { from: T0 + 2 * HOUR, to: T0 + 4 * HOUR, level: 'red' },
    ]);
    // Raised during the warm-up and still yellow at the start; de-escalation… then cleared.
    const fromWarmup = { ...cleared, at: iso(3 * HOUR), from: 'yellow' as const };
    expect(levelPeriods(replay([fromWarmup]))).toEqual([{ from: T0, to: T0 + 3 * HOUR, level: 'yellow' }]);
    // No transition, yet a whole range at red: the alarm stood red throughout.
    expect(levelPeriods(replay([], { red: 6 * HOUR }))).toEqual([
      { from: T0, to: T0 + 6 * HOUR, level: 'red' },
    ]);
    expect(levelPeriods(replay([]))).toEqual([]);
  });

  it('one panel per input: the stage line with 警戒/保证 lines, the rise on a second axis, bands and pins', () => {
    const chart = buildReplayChart({
      rule: waterRule,
      replay: replay([raisedYellow, escalatedRed, cleared]),
      series: {
        stage: series([
          { t: 0, value: 351 },
          { t: HOUR, value: 352.1 },
          { t: 2 * HOUR, value: 354.2 },
          { t: 4 * HOUR, value: 351.5 },
        ]),
      },
      text,
    });
    expect(chart.panels).toEqual(['stage']);
    const all = chart.option.series as (LineSeriesOption | BarSeriesOption)[];
    expect(all).toHaveLength(2);
    const [stage, rise] = all as [LineSeriesOption, LineSeriesOption];
    expect(stage.type).toBe('line');
    expect(stage.data).toEqual([
      [T0, 351],
      [T0 + HOUR, 352.1],
      [T0 + 2 * HOUR, 354.2],
      [T0 + 4 * HOUR, 351.5],
    ]);
    const lines = (stage.markLine as MarkLineComponentOption).data as {
      yAxis: number;
      lineStyle: { color: string };
    }[];
    expect(lines.map((l) => [l.yAxis, l.lineStyle.color])).toEqual([
      [352, LEVEL_COLORS.yellow],
      [354, LEVEL_COLORS.red],
    ]);
    const bands = (stage.markArea as MarkAreaComponentOption).data as [
      { xAxis: number; itemStyle: { color: string } },
      { xAxis: number },
    ][];
    expect(bands.map(([a, b]) => [a.xAxis, b.xAxis, a.itemStyle.color])).toEqual([
      [T0 + HOUR, T0 + 2 * HOUR, LEVEL_COLORS.yellow],
      [T0 + 2 * HOUR, T0 + 4 * HOUR, LEVEL_COLORS.red],
    ]);
    const pins = (
      stage.markPoint as unknown as { data: { coord: [number, number]; itemStyle: { color: string } }[] }
    ).data;
    expect(pins.map((p) => [p.coord, p.itemStyle.color])).toEqual([
      [[T0 + HOUR, 352.1], LEVEL_COLORS.yellow],
      [[T0 + 2 * HOUR, 354.2], LEVEL_COLORS.red],
      [[T0 + 4 * HOUR, 351.5], CLEARED_COLOR],
    ]);
    // The rise (m/h over 1 h) on the panel's second axis, with 橙's threshold.
    expect(rise).toMatchObject({ name: 'derived rise', yAxisIndex: 1 });
    expect(
      ((rise.markLine as MarkLineComponentOption).data as { yAxis: number }[]).map((l) => l.yAxis),
    ).toEqual([0.5]);
    expect(chart.option.xAxis).toEqual([
      expect.objectContaining({ type: 'time', min: T0, max: T0 + 6 * HOUR }),
    ]);
    expect(chart.option.yAxis).toEqual([
      expect.objectContaining({ type: 'value', scale: true }),
      expect.objectContaining({ name: 'm/h', show: true }),
    ]);
  });

  it('rain: bars of the interval amounts and the 3/6/12 h sums of 暴雨 (STANDARDS.md §3) with their levels', () => {
    const rule = buildRuleFromTemplate('rainstorm-signal', {
      id: 'r2',
      subject: 'RG-1',
      gauge: { device: 'RG-1', metric: 'rainfall' },
      noData: null,
    });
    const chart = buildReplayChart({
      rule,
      replay: replay([]),
      series: {
        rain: series(
          [
            { t: 0, value: 10 },
            { t: HOUR, value: 20 },
          ],
          'rainfall',
        ),
      },
      text,
    });
    const all = chart.option.series as (LineSeriesOption | BarSeriesOption)[];
    expect(all[0]!.type).toBe('bar');
    expect(all.slice(1).map((s) => s.name)).toEqual(['derived rain3h', 'derived rain6h', 'derived rain12h']);
    const rain3h = all[1] as LineSeriesOption;
    expect(
      ((rain3h.markLine as MarkLineComponentOption).data as { yAxis: number }[]).map((l) => l.yAxis),
    ).toEqual([50, 100]);
    expect(rain3h.data).toEqual([
      [T0, 10],
      [T0 + HOUR, 30],
    ]);
  });

  it('an input without a series says so; panels beyond the limit are counted, not drawn', () => {
    const rule = buildRuleFromTemplate('flash-flood', {
      id: 'r3',
      subject: 'V',
      gauges: Array.from({ length: 6 }, (_, i) => ({ device: `RG-${i}`, metric: 'rainfall' })),
      criticalRainfall: { red: { '1h': 40 } },
      noData: null,
    });
    const chart = buildReplayChart({ rule, replay: replay([]), series: {}, text, maxPanels: 4 });
    expect(chart.panels).toEqual(['gauge1', 'gauge2', 'gauge3', 'gauge4']);
    expect(chart.hidden).toBe(2);
    expect((chart.option.title as { text: string }[])[0]!.text).toBe('input gauge1（mm） · no data');
    expect(chart.height).toBeGreaterThan(4 * 200);
  });

  it('an axis reaches its thresholds: a tank limit far from today’s level is still drawn', () => {
    const axis = extentWith([10.5, 11.2, 1, 0.6]);
    // 8 % room around 0.6…11.2, rounded out to whole metres, and not below zero for positive values.
    expect(axis.min!({ min: 6, max: 6.2 })).toBe(0);
    expect(axis.max!({ min: 6, max: 6.2 })).toBe(13);
    // No data yet: the thresholds alone.
    expect(axis.max!({ min: Infinity, max: -Infinity })).toBe(13);
    // −127.5…−163.8 → whole degrees.
    const cold = extentWith([-130, -140]);
    expect(cold.min!({ min: -160, max: -150 })).toBe(-163);
    expect(cold.max!({ min: -160, max: -150 })).toBe(-127);
    // A pressure in MPa: tenths.
    expect(extentWith([0.6, 0.75]).max!({ min: 0.3, max: 0.3 })).toBe(0.8);
    expect(extentWith([])).toEqual({});
  });

  it('rolling sum and rate from the chart points', () => {
    const samples = [
      { t: 0, value: 1, sum: 1 },
      { t: 30 * MIN, value: 1.2, sum: 2 },
      { t: 60 * MIN, value: 1.5, sum: 3 },
      { t: 90 * MIN, value: 1.5, sum: 0.1 },
    ];
    // (t − 1 h, t]: at 60 min the reading at 0 has left the window.
    expect(rollingSum(samples, HOUR)).toEqual([
      [0, 1],
      [30 * MIN, 3],
      [60 * MIN, 5],
      [90 * MIN, 3.1],
    ]);
    // Per hour over a 1 h window: unknown until 30 min apart (half the window).
    expect(rollingRate(samples, HOUR, HOUR)).toEqual([
      [0, null],
      [30 * MIN, expect.closeTo(0.4, 9)],
      [60 * MIN, expect.closeTo(0.5, 9)],
      [90 * MIN, expect.closeTo(0.3, 9)],
    ]);
  });

  it('durations', () => {
    expect(formatDuration(0, 'zh')).toBe('—');
    expect(formatDuration(30_000, 'zh')).toBe('< 1 分');
    expect(formatDuration(2 * HOUR + 5 * MIN, 'zh')).toBe('2 小时 5 分');
    expect(formatDuration(26 * HOUR, 'en')).toBe('1 d 2 h');
  });
});
