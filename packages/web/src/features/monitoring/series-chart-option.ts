/**
 * A {@link SeriesChart} as an ECharts option (pure, unit-tested; drawn by charts/echart.tsx):
 *
 * - raw tier: the readings as one line (dots when there are few);
 * - rolled-up tiers: the bucket means as a line over a min–max band (two stacked series: the min, invisible,
 *   and max − min as a filled area on top of it);
 * - rainfall: bars of each interval's total, centred on their interval;
 * - 警戒/保证水位: dashed markLines in the warning colours, the y axis taken from the model so they are in view;
 * - silences longer than three intervals break the line (a null point between runs).
 */
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  GridComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ChartPoint, SeriesChart, ThresholdKind, TimeTicks } from './series-chart-model.ts';
import { formatValue } from './series-chart-model.ts';

export type SeriesChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | MarkLineComponentOption | TooltipComponentOption
>;

export const SERIES_COLORS = {
  line: '#1d5fbf',
  band: 'rgba(29, 95, 191, 0.18)',
  bar: '#2f7ed8',
  grid: '#eef0f3',
  axis: '#8c8c8c',
  /** 警戒水位 in orange, 保证水位 in red (the warning colours of STANDARDS.md §2.3). */
  warning: '#fa7d00',
  guaranteed: '#e02020',
} as const;

export interface SeriesChartTexts {
  /** 警戒 / 保证 (the line's label is "警戒 352.5 m"). */
  threshold: Record<ThresholdKind, string>;
  mean: string;
  minMax: string;
  total: string;
  readings: (count: number) => string;
  /** An axis label or a tooltip time (epoch ms). */
  formatTime: (t: number, format: TimeTicks['format'] | 'tooltip') => string;
}

/** `[x, y]` pairs of the runs, with a null point between runs so the line breaks there. */
export function withGaps(
  runs: readonly ChartPoint[][],
  y: (p: ChartPoint) => number,
): [number, number | null][] {
  const out: [number, number | null][] = [];
  runs.forEach((run, i) => {
    const first = run[0];
    if (i > 0 && first) out.push([first.t - 1, null]);
    for (const p of run) out.push([p.t, y(p)]);
  });
  return out;
}

/** Where a point is drawn on the time axis: its time, or the middle of its bar. */
export function xOf(chart: SeriesChart, index: number): number {
  const bar = chart.bars[index];
  return bar ? (bar.from + bar.to) / 2 : (chart.points[index]?.t ?? 0);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The tooltip of the point drawn at `x` (HTML; the unit comes from the server, so it is escaped). */
export function tooltipHtml(chart: SeriesChart, x: number, texts: SeriesChartTexts): string {
  const index = chart.points.findIndex((_, i) => xOf(chart, i) === x);
  const p = chart.points[index];
  if (!p) return '';
  const unit = escapeHtml(chart.unit);
  const time = `<div class="series-chart-tooltip__time">${escapeHtml(texts.formatTime(p.t, 'tooltip'))}</div>`;
  const lines: string[] = [];
  if (chart.mode === 'bar') lines.push(`${escapeHtml(texts.total)} <b>${formatValue(p.sum)}</b> ${unit}`);
  else if (chart.tier === 'raw') lines.push(`<b>${formatValue(p.value)}</b> ${unit}`);
  else {
    lines.push(`${escapeHtml(texts.mean)} <b>${formatValue(p.value)}</b> ${unit}`);
    lines.push(`${escapeHtml(texts.minMax)} ${formatValue(p.min)}–${formatValue(p.max)} ${unit}`);
  }
  if (chart.tier !== 'raw') lines.push(escapeHtml(texts.readings(p.count)));
  return time + lines.map((l) => `<div>${l}</div>`).join('');
}

export function seriesChartOption(
  chart: SeriesChart,
  texts: SeriesChartTexts,
  fontFamily: string,
): SeriesChartOption {
  const step = chart.yTicks.length > 1 ? chart.yTicks[1]! - chart.yTicks[0]! : undefined;
  const markLine: MarkLineComponentOption | undefined =
    chart.thresholds.length > 0
      ? {
          symbol: 'none',
          silent: true,
          data: chart.thresholds.map((th) => {
            const color = SERIES_COLORS[th.kind];
            return {
              yAxis: th.value,
              lineStyle: { color, type: 'dashed', width: 1.5 },
              label: {
                formatter: `${texts.threshold[th.kind]} ${formatValue(th.value)} ${chart.unit}`,
                position: 'insideEndTop',
                color,
                fontWeight: 500,
              },
            };
          }),
        }
      : undefined;

  const series: (LineSeriesOption | BarSeriesOption)[] = [];
  if (chart.mode === 'bar') {
    series.push({
      type: 'bar',
      name: 'total',
      data: chart.bars.map((b, i) => [xOf(chart, i), b.total]),
      itemStyle: { color: SERIES_COLORS.bar },
      barMaxWidth: 18,
      barMinWidth: 1,
      ...(markLine ? { markLine } : {}),
    });
  } else {
    if (chart.bands) {
      const band = { type: 'line' as const, stack: 'band', stackStrategy: 'all' as const, symbol: 'none' };
      series.push(
        {
          ...band,
          name: 'min',
          data: withGaps(chart.bands, (p) => p.min),
          lineStyle: { opacity: 0 },
          tooltip: { show: false },
        },
        {
          ...band,
          name: 'range',
          data: withGaps(chart.bands, (p) => p.max - p.min),
          lineStyle: { opacity: 0 },
          areaStyle: { color: SERIES_COLORS.band },
          tooltip: { show: false },
        },
      );
    }
    series.push({
      type: 'line',
      name: 'value',
      data: withGaps(chart.segments, (p) => p.value),
      connectNulls: false,
      showSymbol: chart.tier === 'raw' && chart.points.length <= 60,
      // A run of one point has no line to show it: a dot.
      symbol: 'circle',
      symbolSize: 5,
      lineStyle: { width: 1.8, color: SERIES_COLORS.line },
      itemStyle: { color: SERIES_COLORS.line },
      ...(markLine ? { markLine } : {}),
    });
  }

  return {
    animation: false,
    textStyle: { fontFamily },
    grid: { left: 56, right: 16, top: 24, bottom: 28 },
    xAxis: {
      type: 'time',
      min: chart.from,
      max: chart.to,
      axisLabel: {
        color: '#6b7280',
        hideOverlap: true,
        formatter: (t: number) => texts.formatTime(t, chart.x.format),
      },
      axisLine: { lineStyle: { color: SERIES_COLORS.axis } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      min: chart.yMin,
      max: chart.yMax,
      ...(step ? { interval: step } : {}),
      name: chart.unit,
      nameTextStyle: { color: '#6b7280', align: 'right' },
      axisLabel: { color: '#6b7280', formatter: (v: number) => formatValue(v) },
      splitLine: { lineStyle: { color: SERIES_COLORS.grid } },
    },
    tooltip: {
      trigger: 'axis',
      className: 'series-chart-tooltip',
      confine: true,
      axisPointer: { type: 'line' },
      formatter: (params: unknown) => {
        const list = Array.isArray(params) ? params : [params];
        const first = list[0] as { value?: unknown } | undefined;
        const x = Array.isArray(first?.value) ? Number(first.value[0]) : NaN;
        return Number.isFinite(x) ? tooltipHtml(chart, x, texts) : '';
      },
    },
    series,
  };
}
