import { describe, expect, it } from 'vitest';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { MarkLineComponentOption } from 'echarts/components';
import type { SeriesPoint, SeriesTier, SeriesView } from '@ningan/domain';
import { buildSeriesChart } from './series-chart-model.ts';
import {
  seriesChartOption,
  tooltipHtml,
  withGaps,
  xOf,
  type SeriesChartTexts,
} from './series-chart-option.ts';

const T0 = Date.parse('2026-03-02T00:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

const texts: SeriesChartTexts = {
  threshold: { warning: '警戒', guaranteed: '保证' },
  mean: '均值',
  minMax: '最小–最大',
  total: '累计',
  readings: (n) => `${n} 个读数`,
  formatTime: (t, format) => `${format}@${new Date(t).toISOString()}`,
};

function view(
  tier: SeriesTier,
  metric: string,
  unit: string,
  points: Partial<SeriesPoint>[],
  span = 6 * HOUR,
) {
  const series: SeriesView = {
    sensorId: 's',
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
  return series;
}
const at = (ms: number) => new Date(T0 + ms).toISOString();

function seriesOf(option: ReturnType<typeof seriesChartOption>) {
  return (Array.isArray(option.series) ? option.series : [option.series]) as (
    LineSeriesOption | BarSeriesOption
  )[];
}

describe('sensor chart as an ECharts option', () => {
  it('water level, raw: one line with the 警戒/保证 markLines, the axis holding them (STANDARDS.md §8)', () => {
    const chart = buildSeriesChart({
      series: view('raw', 'water_level', 'm', [
        { t: at(0), value: 350 },
        { t: at(5 * MIN), value: 350.4 },
      ]),
      metric: 'water_level',
      samplingSeconds: 300,
      warningStage: 352.5,
      guaranteedStage: 354,
      offsetMinutes: 480,
    });
    const option = seriesChartOption(chart, texts, 'Noto Sans SC');
    const [line, ...rest] = seriesOf(option);
    expect(rest).toEqual([]);
    expect(line?.type).toBe('line');
    expect(line?.data).toEqual([
      [T0, 350],
      [T0 + 5 * MIN, 350.4],
    ]);
    const marks = (line?.markLine as MarkLineComponentOption).data as {
      yAxis: number;
      label: { formatter: string };
      lineStyle: { color: string; type: string };
    }[];
    expect(marks.map((m) => [m.yAxis, m.label.formatter, m.lineStyle.type])).toEqual([
      [352.5, '警戒 352.5 m', 'dashed'],
      [354, '保证 354 m', 'dashed'],
    ]);
    expect(marks[0]!.lineStyle.color).not.toBe(marks[1]!.lineStyle.color);
    const y = option.yAxis as { min: number; max: number; name: string };
    expect(y.min).toBeLessThanOrEqual(350);
    expect(y.max).toBeGreaterThanOrEqual(354);
    expect(y.name).toBe('m');
    expect(option.xAxis).toMatchObject({ type: 'time', min: T0, max: T0 + 6 * HOUR });
    expect(option.textStyle).toEqual({ fontFamily: 'Noto Sans SC' });
  });

  it('hourly tier: the mean over a min–max band stacked on the min (works below zero)', () => {
    const chart = buildSeriesChart({
      series: view(
        '1h',
        'air_temperature',
        '℃',
        [
          { t: at(0), value: -3, min: -5, max: -1, count: 12 },
          { t: at(HOUR), value: -2, min: -4, max: 0.5, count: 12 },
        ],
        7 * 24 * HOUR,
      ),
      metric: 'air_temperature',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    const [min, range, mean] = seriesOf(seriesChartOption(chart, texts, 'x')) as LineSeriesOption[];
    expect([min?.name, range?.name, mean?.name]).toEqual(['min', 'range', 'value']);
    expect(min?.stack).toBe('band');
    expect(range?.stack).toBe('band');
    // 'samesign' (the default) would not stack a positive range on a negative min.
    expect([min?.stackStrategy, range?.stackStrategy]).toEqual(['all', 'all']);
    expect(min?.data).toEqual([
      [T0, -5],
      [T0 + HOUR, -4],
    ]);
    expect(range?.data).toEqual([
      [T0, 4],
      [T0 + HOUR, 4.5],
    ]);
    expect(range?.areaStyle).toBeDefined();
    expect(min?.areaStyle).toBeUndefined();
    expect(mean?.data).toEqual([
      [T0, -3],
      [T0 + HOUR, -2],
    ]);
  });

  it('rainfall: bars of each interval’s total centred on their interval, from zero', () => {
    const chart = buildSeriesChart({
      series: view('raw', 'rainfall', 'mm', [
        { t: at(5 * MIN), value: 0.5 },
        { t: at(10 * MIN), value: 1.5 },
      ]),
      metric: 'rainfall',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    const option = seriesChartOption(chart, texts, 'x');
    const [bars] = seriesOf(option);
    expect(bars?.type).toBe('bar');
    expect(bars?.data).toEqual([
      [T0 + 2.5 * MIN, 0.5],
      [T0 + 7.5 * MIN, 1.5],
    ]);
    expect((option.yAxis as { min: number }).min).toBe(0);
    expect(xOf(chart, 1)).toBe(T0 + 7.5 * MIN);
  });

  it('breaks the line at a silence with a null point', () => {
    const runs = [
      [{ t: 0, value: 1, min: 1, max: 1, sum: 1, count: 1 }],
      [{ t: 100, value: 2, min: 2, max: 2, sum: 2, count: 1 }],
    ];
    expect(withGaps(runs, (p) => p.value)).toEqual([
      [0, 1],
      [99, null],
      [100, 2],
    ]);
    const chart = buildSeriesChart({
      series: view('raw', 'water_level', 'm', [
        { t: at(0), value: 1 },
        { t: at(60 * MIN), value: 2 },
      ]),
      metric: 'water_level',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    const [line] = seriesOf(seriesChartOption(chart, texts, 'x')) as LineSeriesOption[];
    expect(line?.connectNulls).toBe(false);
    expect((line?.data as unknown[]).filter((d) => (d as unknown[])[1] === null)).toHaveLength(1);
  });

  it('tooltips read the point: reading, mean with min–max and count, or the interval total; units escaped', () => {
    const raw = buildSeriesChart({
      series: view('raw', 'water_level', '<m>', [{ t: at(0), value: 351.25 }]),
      metric: 'water_level',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    expect(tooltipHtml(raw, T0, texts)).toContain('<b>351.25</b> &lt;m&gt;');
    const hourly = buildSeriesChart({
      series: view(
        '1h',
        'water_level',
        'm',
        [{ t: at(0), value: 3, min: 2.5, max: 3.75, count: 12 }],
        7 * 24 * HOUR,
      ),
      metric: 'water_level',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    const html = tooltipHtml(hourly, T0, texts);
    expect(html).toContain('均值 <b>3</b> m');
    expect(html).toContain('最小–最大 2.5–3.75 m');
    expect(html).toContain('12 个读数');
    const rain = buildSeriesChart({
      series: view('1h', 'rainfall', 'mm', [{ t: at(0), value: 0.5, sum: 6, count: 12 }], 7 * 24 * HOUR),
      metric: 'rainfall',
      samplingSeconds: 300,
      offsetMinutes: 480,
    });
    expect(tooltipHtml(rain, xOf(rain, 0), texts)).toContain('累计 <b>6</b> mm');
    expect(tooltipHtml(rain, 12345, texts)).toBe('');
  });
});
