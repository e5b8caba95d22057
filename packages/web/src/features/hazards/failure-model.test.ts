import type { SensorFailurePrediction } from '@ningan/domain';
import type { LineSeriesOption } from 'echarts/charts';
import type { MarkLineComponentOption } from 'echarts/components';
import { describe, expect, it } from 'vitest';
import { degreeColor, populationCell } from './earthquake-model.ts';
import { inverseVelocityChart, niceTicks } from './failure-model.ts';
import { IV_COLORS, inverseVelocityOption, type InverseVelocityTexts } from './inverse-velocity-option.ts';

const sensor = (over: Partial<SensorFailurePrediction> = {}): SensorFailurePrediction => ({
  sensorId: 's',
  stationId: 'st',
  stationCode: 'G-1',
  stationName: '站',
  metric: 'displacement',
  unit: 'mm',
  latest: null,
  velocity: 0.2,
  samples: [
    { t: '2026-03-02T09:00:00+08:00', v: 0.1, inverse: 10 },
    { t: '2026-03-02T10:00:00+08:00', v: 0.125, inverse: 8 },
    { t: '2026-03-02T11:00:00+08:00', v: 0.1667, inverse: 6 },
  ],
  dropped: 0,
  fit: { origin: '2026-03-02T09:00:00+08:00', slope: -2, intercept: 10 },
  windowStart: '2026-03-02T09:00:00+08:00',
  windowPoints: 3,
  speedup: 1.67,
  failureTime: '2026-03-02T14:00:00+08:00',
  hoursFromNow: 3,
  reason: null,
  ...over,
});

describe('inverse-velocity chart model (STANDARDS.md §6.1)', () => {
  it('the fitted line runs from the window start to 1/v = 0 at the forecast failure time', () => {
    const m = inverseVelocityChart(sensor());
    expect(m.fit).toEqual([
      { t: Date.parse('2026-03-02T09:00:00+08:00'), v: 10 },
      { t: Date.parse('2026-03-02T14:00:00+08:00'), v: 0 },
    ]);
    expect(m.x1).toBe(Date.parse('2026-03-02T14:00:00+08:00'));
    expect(m.points.every((p) => p.inWindow)).toBe(true);
    expect(m.y1).toBeCloseTo(10.5, 6);
  });

  it('a refused forecast draws the samples and no failure marker', () => {
    const m = inverseVelocityChart(
      sensor({ failureTime: null, hoursFromNow: null, fit: null, windowStart: null }),
    );
    expect(m.fit).toBeNull();
    expect(m.failureAt).toBeNull();
    expect(m.points.some((p) => p.inWindow)).toBe(false);
  });

  it('round ticks', () => {
    expect(niceTicks(0, 10.5)).toEqual([0, 5, 10]);
    expect(niceTicks(0, 1)).toEqual([0, 0.5, 1]);
  });
});

const texts: InverseVelocityTexts = {
  samples: '1/v',
  fit: '拟合',
  failure: '预测破坏',
  formatTime: (t) => new Date(t).toISOString(),
};

const seriesOf = (option: ReturnType<typeof inverseVelocityOption>) =>
  (Array.isArray(option.series) ? option.series : [option.series]) as LineSeriesOption[];

describe('inverse-velocity chart as an ECharts option (STANDARDS.md §6.1)', () => {
  it('samples in the window in blue, the fitted line dashed red to 1/v = 0, the failure time as a vertical line', () => {
    const option = inverseVelocityOption(inverseVelocityChart(sensor()), texts, 'sans-serif');
    const series = seriesOf(option);
    expect(series.map((s) => s.id)).toEqual(['window', 'before', 'fit', 'failure']);
    const [window, before, fit, failure] = series;
    expect(window!.data).toEqual([
      [Date.parse('2026-03-02T09:00:00+08:00'), 10],
      [Date.parse('2026-03-02T10:00:00+08:00'), 8],
      [Date.parse('2026-03-02T11:00:00+08:00'), 6],
    ]);
    expect(window!.itemStyle).toMatchObject({ color: IV_COLORS.window });
    expect(before!.data).toEqual([]);
    expect(fit!.data).toEqual([
      [Date.parse('2026-03-02T09:00:00+08:00'), 10],
      [Date.parse('2026-03-02T14:00:00+08:00'), 0],
    ]);
    expect(fit!.lineStyle).toMatchObject({ color: IV_COLORS.fit });
    const line = (failure!.markLine as MarkLineComponentOption).data as { xAxis: number; label: object }[];
    expect(line).toEqual([
      expect.objectContaining({
        xAxis: Date.parse('2026-03-02T14:00:00+08:00'),
        label: expect.objectContaining({ formatter: '预测破坏' }) as object,
      }),
    ]);
    expect(option.xAxis).toMatchObject({ type: 'time', max: Date.parse('2026-03-02T14:00:00+08:00') });
    expect(option.yAxis).toMatchObject({ min: 0, name: 'h/mm' });
  });

  it('a refused forecast: the samples only, grey before the window; no failure line', () => {
    const option = inverseVelocityOption(
      inverseVelocityChart(sensor({ failureTime: null, hoursFromNow: null, fit: null, windowStart: null })),
      texts,
      'sans-serif',
    );
    const series = seriesOf(option);
    expect(series.map((s) => s.id)).toEqual(['window', 'before']);
    expect(series[1]!.data).toHaveLength(3);
    expect(series[1]!.itemStyle).toMatchObject({ color: IV_COLORS.before });
  });

  it('a fit that never reaches 0 in range is grey and marks no failure time', () => {
    const option = inverseVelocityOption(
      inverseVelocityChart(sensor({ failureTime: null, hoursFromNow: null })),
      texts,
      'sans-serif',
    );
    const series = seriesOf(option);
    expect(series.map((s) => s.id)).toEqual(['window', 'before', 'fit']);
    expect(series[2]!.lineStyle).toMatchObject({ color: IV_COLORS.fitNoForecast });
  });
});

describe('earthquake screen helpers', () => {
  it('degree colours rise with the degree; the population cell says when it is missing or demo data', () => {
    expect(degreeColor(5)).toBe('#8c8c8c');
    expect(degreeColor(9)).toBe(degreeColor(11));
    expect(populationCell({ population: null, populationSource: null, populationYear: null })).toEqual({
      kind: 'missing',
    });
    expect(
      populationCell({ population: 9000, populationSource: '演示数据（非统计数据）', populationYear: null }),
    ).toMatchObject({ kind: 'value', demo: true });
  });
});
