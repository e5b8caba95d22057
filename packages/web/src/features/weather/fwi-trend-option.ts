/**
 * The FWI trend of a forest station as an ECharts option (pure, unit-tested; drawn by charts/echart.tsx):
 * one dot per computed day in the colour of its danger class (EFFIS, STANDARDS.md §5.2), joined while days
 * are consecutive — a day that could not be computed breaks the line and shows as a small grey dot on the
 * axis.
 */
import type { ComposeOption } from 'echarts/core';
import type { LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import type { FireWeatherDayView } from '@ningan/domain';
import { DANGER_COLORS } from './weather-labels.ts';

export type FwiTrendOption = ComposeOption<LineSeriesOption | GridComponentOption | TooltipComponentOption>;

export const TREND_COLORS = { line: '#8c8c8c', gap: '#bfbfbf', grid: '#eef0f3', axis: '#d9d9d9' } as const;

/** The y axis reaches at least this FWI, so a calm month does not look alarming. */
const MIN_Y_MAX = 10;

export interface FwiTrendTexts {
  /** The danger class's name as shown (the server's Chinese name, or the English one). */
  dangerName: (day: FireWeatherDayView) => string;
  /** `MM-DD` on the axis. */
  formatDate: (date: string) => string;
}

type Point = { value: [string, number | null]; itemStyle?: { color: string } };

/** The computed days as the line (null on the gap days, so it breaks there). */
export function fwiPoints(days: readonly FireWeatherDayView[]): Point[] {
  return days.map((d) =>
    d.result
      ? { value: [d.date, d.result.fwi], itemStyle: { color: DANGER_COLORS[d.result.dangerClass] } }
      : { value: [d.date, null] },
  );
}

/** The gap days as dots on the axis (null on the computed days). */
export function gapPoints(days: readonly FireWeatherDayView[]): [string, number | null][] {
  return days.map((d) => [d.date, d.result ? null : 0]);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The tooltip of one day: `2026-03-02 FWI 12.3 高`, or `2026-03-02 —` for a gap day. */
export function fwiTooltip(day: FireWeatherDayView | undefined, texts: FwiTrendTexts): string {
  if (!day) return '';
  if (!day.result) return `${escapeHtml(day.date)} —`;
  return `${escapeHtml(day.date)} FWI <b>${day.result.fwi}</b> ${escapeHtml(texts.dangerName(day))}`;
}

export function fwiTrendOption(
  days: readonly FireWeatherDayView[],
  texts: FwiTrendTexts,
  fontFamily: string,
): FwiTrendOption {
  const max = Math.max(MIN_Y_MAX, ...days.map((d) => d.result?.fwi ?? 0));
  return {
    animation: false,
    textStyle: { fontFamily },
    grid: { left: 30, right: 10, top: 8, bottom: 20 },
    xAxis: {
      type: 'category',
      data: days.map((d) => d.date),
      boundaryGap: false,
      axisTick: { show: false },
      axisLine: { lineStyle: { color: TREND_COLORS.axis } },
      axisLabel: {
        color: '#8c8c8c',
        fontSize: 10,
        hideOverlap: true,
        formatter: (date: string) => texts.formatDate(date),
      },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: Math.ceil(max),
      splitNumber: 2,
      axisLabel: { color: '#8c8c8c', fontSize: 10 },
      splitLine: { lineStyle: { color: TREND_COLORS.grid } },
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const index = (params as { dataIndex?: number }).dataIndex;
        return typeof index === 'number' ? fwiTooltip(days[index], texts) : '';
      },
    },
    series: [
      {
        type: 'line',
        name: 'fwi',
        data: fwiPoints(days),
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 6,
        showSymbol: true,
        showAllSymbol: true,
        lineStyle: { color: TREND_COLORS.line, width: 1.5 },
        itemStyle: { color: TREND_COLORS.line },
      },
      {
        type: 'line',
        name: 'gap',
        data: gapPoints(days),
        connectNulls: false,
        symbol: 'circle',
        symbolSize: 3,
        showSymbol: true,
        showAllSymbol: true,
        lineStyle: { opacity: 0 },
        itemStyle: { color: TREND_COLORS.gap },
      },
    ],
  };
}
