import type { LineSeriesOption } from 'echarts/charts';
import { describe, expect, it } from 'vitest';
import type { FireWeatherDayView, FwiDangerClass } from '@ningan/domain';
import { fwiTooltip, fwiTrendOption, TREND_COLORS, type FwiTrendTexts } from './fwi-trend-option.ts';
import { DANGER_COLORS } from './weather-labels.ts';

const day = (date: string, fwi: number | null, dangerClass: FwiDangerClass = 'low'): FireWeatherDayView => ({
  date,
  seasonStart: '2026-03-01',
  observation: null,
  gaps: fwi === null ? [{ metric: 'rainfall', reason: 'rain_incomplete' }] : [],
  result:
    fwi === null
      ? null
      : { ffmc: 85, dmc: 6, dc: 15, isi: 3, bui: 6, fwi, dangerClass, dangerClassName: '低' },
  carried: { ffmc: 85, dmc: 6, dc: 15 },
});

const texts: FwiTrendTexts = {
  dangerName: (d) => d.result?.dangerClassName ?? '',
  formatDate: (date) => date.slice(5),
};

const seriesOf = (option: ReturnType<typeof fwiTrendOption>) =>
  (Array.isArray(option.series) ? option.series : [option.series]) as LineSeriesOption[];

describe('FWI trend as an ECharts option (EFFIS danger classes, STANDARDS.md §5.2)', () => {
  const days = [
    day('2026-03-01', 3.2, 'low'),
    day('2026-03-02', 14.8, 'moderate'),
    day('2026-03-03', null),
    day('2026-03-04', 27.5, 'high'),
  ];

  it('each computed day is a dot in its danger class colour; a gap day breaks the line and sits grey on the axis', () => {
    const option = fwiTrendOption(days, texts, 'sans-serif');
    const [line, gaps] = seriesOf(option);
    expect(line!.connectNulls).toBe(false);
    expect(line!.data).toEqual([
      { value: ['2026-03-01', 3.2], itemStyle: { color: DANGER_COLORS.low } },
      { value: ['2026-03-02', 14.8], itemStyle: { color: DANGER_COLORS.moderate } },
      { value: ['2026-03-03', null] },
      { value: ['2026-03-04', 27.5], itemStyle: { color: DANGER_COLORS.high } },
    ]);
    expect(gaps!.data).toEqual([
      ['2026-03-01', null],
      ['2026-03-02', null],
      ['2026-03-03', 0],
      ['2026-03-04', null],
    ]);
    expect(gaps!.itemStyle).toMatchObject({ color: TREND_COLORS.gap });
    expect(option.yAxis).toMatchObject({ min: 0, max: 28 });
  });

  it('the y axis reaches at least FWI 10, so a calm month does not fill the chart', () => {
    expect(fwiTrendOption([day('2026-03-01', 1.5)], texts, 'sans-serif').yAxis).toMatchObject({ max: 10 });
  });

  it('the tooltip names the day, its FWI and class; a gap day shows a dash', () => {
    expect(fwiTooltip(days[1], texts)).toBe('2026-03-02 FWI <b>14.8</b> 低');
    expect(fwiTooltip(days[2], texts)).toBe('2026-03-03 —');
  });
});
