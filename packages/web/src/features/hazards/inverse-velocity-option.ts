/**
 * The inverse-velocity chart of one sensor (STANDARDS.md §6.1) as an ECharts option (pure, unit-tested;
 * drawn by charts/echart.tsx) from the geometry of {@link inverseVelocityChart}: the 1/v samples (h/mm)
 * against time — blue inside the accelerating window the line was fitted to, grey before it — the fitted
 * line extended to where it reaches 0 (dashed; red when it gives a forecast, grey when it does not), and
 * the forecast failure time as a vertical line.
 */
import type { ComposeOption } from 'echarts/core';
import type { LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { InverseVelocityChartModel } from './failure-model.ts';

export type InverseVelocityOption = ComposeOption<
  | LineSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
>;

export const IV_COLORS = {
  window: '#1d5fbf',
  before: '#bfbfbf',
  fit: '#e02020',
  fitNoForecast: '#8c8c8c',
  failure: '#a8071a',
  grid: '#eef0f3',
  axis: '#8c8c8c',
} as const;

export interface InverseVelocityTexts {
  samples: string;
  fit: string;
  failure: string;
  /** An axis label or tooltip time (epoch ms). */
  formatTime: (t: number) => string;
}

/** Three significant digits, as the axis shows 1/v. */
const sig = (v: number, digits = 3) => String(Number(v.toPrecision(digits)));

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function inverseVelocityOption(
  chart: InverseVelocityChartModel,
  texts: InverseVelocityTexts,
  fontFamily: string,
): InverseVelocityOption {
  const samples = (inWindow: boolean): [number, number][] =>
    chart.points.filter((p) => p.inWindow === inWindow).map((p) => [p.t, p.v]);
  const dots = {
    type: 'line' as const,
    symbol: 'circle',
    symbolSize: 5,
    showSymbol: true,
    lineStyle: { opacity: 0 },
    emphasis: { disabled: true },
  };
  // Both sample series share the legend entry (the window's colour shows in it).
  const series: LineSeriesOption[] = [
    {
      ...dots,
      id: 'window',
      name: texts.samples,
      data: samples(true),
      itemStyle: { color: IV_COLORS.window },
    },
    {
      ...dots,
      id: 'before',
      name: texts.samples,
      data: samples(false),
      itemStyle: { color: IV_COLORS.before },
    },
  ];
  if (chart.fit) {
    const color = chart.failureAt === null ? IV_COLORS.fitNoForecast : IV_COLORS.fit;
    series.push({
      type: 'line',
      id: 'fit',
      name: texts.fit,
      data: chart.fit.map((f) => [f.t, f.v]),
      symbol: 'none',
      lineStyle: { color, width: 2, type: [6, 3] },
      tooltip: { show: false },
      silent: true,
    });
  }
  if (chart.failureAt !== null)
    series.push({
      type: 'line',
      id: 'failure',
      name: texts.failure,
      data: [],
      markLine: {
        symbol: 'none',
        silent: true,
        data: [
          {
            xAxis: chart.failureAt,
            lineStyle: { color: IV_COLORS.failure, width: 1.5, type: 'solid' },
            // Level text left of the line's top, where the original chart put it.
            label: {
              formatter: texts.failure,
              position: 'end',
              align: 'right',
              verticalAlign: 'top',
              offset: [-4, -2],
              color: IV_COLORS.failure,
              fontWeight: 500,
            },
          },
        ],
      },
    });

  const step = chart.yTicks.length > 1 ? chart.yTicks[1]! - chart.yTicks[0]! : undefined;
  return {
    animation: false,
    textStyle: { fontFamily },
    grid: { left: 48, right: 16, top: 32, bottom: 24 },
    legend: {
      data: chart.fit ? [texts.samples, texts.fit] : [texts.samples],
      left: 'center',
      top: 0,
      itemWidth: 16,
      itemHeight: 8,
      textStyle: { color: '#595959', fontSize: 11 },
    },
    xAxis: {
      type: 'time',
      min: chart.x0,
      max: chart.x1,
      splitNumber: 3,
      axisLabel: { color: '#6b7280', hideOverlap: true, formatter: (t: number) => texts.formatTime(t) },
      axisLine: { lineStyle: { color: IV_COLORS.axis } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: chart.y0,
      max: chart.y1,
      ...(step ? { interval: step } : {}),
      name: 'h/mm',
      nameTextStyle: { color: '#6b7280', align: 'right' },
      axisLine: { show: true, lineStyle: { color: IV_COLORS.axis } },
      axisLabel: { color: '#6b7280', formatter: (v: number) => sig(v), showMaxLabel: false },
      splitLine: { lineStyle: { color: IV_COLORS.grid } },
    },
    tooltip: {
      trigger: 'item',
      confine: true,
      formatter: (params: unknown) => {
        const value = (params as { value?: unknown }).value;
        if (!Array.isArray(value)) return '';
        const [t, v] = value as [number, number];
        return `${escapeHtml(texts.formatTime(t))} · ${escapeHtml(texts.samples)} <b>${sig(v, 4)}</b>`;
      },
    },
    series,
  };
}
