/**
 * The replay preview's chart as an ECharts option (pure, unit-tested): one panel per rule input over the
 * replayed range, sharing the time axis.
 *
 * - The input's series (from the series API): bars for increment metrics (rain per interval), a line
 *   otherwise.
 * - The raise thresholds of every level on that input's `last` signal as horizontal lines in the level's
 *   colour (the same scale as the series).
 * - A threshold on a rolling sum or a rate (暴雨 3 h rainfall, 水位涨率) is on another scale: that signal is
 *   drawn too, computed from the chart's points on a second axis (an estimate — the engine computes it
 *   exactly from every reading), with its thresholds.
 * - The alarm's level over time as coloured bands, and each transition (产生/升级/降级/解除) as a pin.
 */
import {
  ALARM_LEVELS,
  isGroupCondition,
  METRIC_DEFS,
  type AlarmLevel,
  type AlarmRule,
  type Comparison,
  type Metric,
  type ReplayView,
  type RuleCondition,
  type RuleInput,
  type RuleSignal,
  type SeriesView,
} from '@ningan/domain';
import type { ComposeOption } from 'echarts/core';
import type { BarSeriesOption, LineSeriesOption } from 'echarts/charts';
import type {
  DataZoomComponentOption,
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  MarkPointComponentOption,
  TitleComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import { markerStyleOf } from '../monitoring/monitoring-model.ts';
import type { TransitionKind } from './rules-labels.ts';

export type ReplayChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | DataZoomComponentOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | MarkPointComponentOption
  | TitleComponentOption
  | TooltipComponentOption
>;

/** The warning colours (STANDARDS.md §2.3), as on the monitoring map. */
export const LEVEL_COLORS: Record<AlarmLevel, string> = {
  blue: markerStyleOf('blue').fill,
  yellow: markerStyleOf('yellow').fill,
  orange: markerStyleOf('orange').fill,
  red: markerStyleOf('red').fill,
};
/** A cleared alarm: the map's "reporting normally" green. */
export const CLEARED_COLOR = markerStyleOf('online').fill;

export interface ThresholdLeaf {
  level: AlarmLevel;
  signal: string;
  op: Comparison;
  raise: number;
  clear?: number | undefined;
}

/** Every threshold of every defined level, lowest level first. */
export function thresholdLeaves(rule: AlarmRule): ThresholdLeaf[] {
  const out: ThresholdLeaf[] = [];
  const walk = (level: AlarmLevel, c: RuleCondition) => {
    if (isGroupCondition(c)) c.of.forEach((child) => walk(level, child));
    else out.push({ level, signal: c.signal, op: c.op, raise: c.raise, clear: c.clear });
  };
  for (const level of ALARM_LEVELS) {
    const def = rule.levels[level];
    if (def) walk(level, def.when);
  }
  return out;
}

export interface LevelPeriod {
  from: number;
  to: number;
  level: AlarmLevel;
}

/**
 * When the alarm stood at which level within the replayed range. The level at the range's start is the
 * first transition's `from` (the warm-up may have raised it already); without transitions, the level the
 * whole range was spent at, if any.
 */
export function levelPeriods(replay: ReplayView): LevelPeriod[] {
  const from = Date.parse(replay.from);
  const to = Date.parse(replay.to);
  const first = replay.transitions[0];
  let level: AlarmLevel | null = first
    ? first.from
    : (ALARM_LEVELS.find((l) => (replay.timeAtLevel[l] ?? 0) > 0) ?? null);
  let since = from;
  const out: LevelPeriod[] = [];
  for (const t of replay.transitions) {
    const at = Date.parse(t.at);
    if (level && at > since) out.push({ from: since, to: at, level });
    level = t.to;
    since = at;
  }
  if (level && to > since) out.push({ from: since, to, level });
  return out;
}

interface Sample {
  t: number;
  value: number;
  sum: number;
}

const samplesOf = (series: SeriesView): Sample[] =>
  series.points.map((p) => ({ t: Date.parse(p.t), value: p.value, sum: p.sum })).sort((a, b) => a.t - b.t);

/** Rolling sum over `windowMs` ending at each sample (t − window, t], from per-interval amounts. */
export function rollingSum(samples: readonly Sample[], windowMs: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let total = 0;
  for (const s of samples) {
    total += s.sum;
    while (samples[start]!.t <= s.t - windowMs) {
      total -= samples[start]!.sum;
      start += 1;
    }
    // Millionths, as the engine sums, so 0.1 + 0.2 reads 0.3.
    out.push([s.t, Math.round(total * 1e6) / 1e6]);
  }
  return out;
}

/**
 * Change per `perMs` across the window ending at each sample (latest − earliest within [t − window, t],
 * over their time apart); null until the two are `minSpanMs` apart (default half the window, as the engine).
 */
export function rollingRate(
  samples: readonly Sample[],
  windowMs: number,
  perMs: number,
  minSpanMs = windowMs / 2,
): [number, number | null][] {
  const out: [number, number | null][] = [];
  let start = 0;
  for (const s of samples) {
    while (samples[start]!.t < s.t - windowMs) start += 1;
    const first = samples[start]!;
    const span = s.t - first.t;
    out.push([s.t, span >= minSpanMs && span > 0 ? ((s.value - first.value) / span) * perMs : null]);
  }
  return out;
}

const OP_TEXT: Record<Comparison, string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

export interface ReplayChartText {
  level: (level: AlarmLevel) => string;
  transition: (kind: TransitionKind) => string;
  /** The one or two characters inside a transition's pin (升, 降…). */
  pin: (kind: TransitionKind) => string;
  /** A panel's title: the input (name, device, metric, unit). */
  input: (name: string, input: RuleInput) => string;
  /** A derived signal's series name (rolling sum / rate, estimated from the chart's points). */
  derived: (name: string, signal: RuleSignal) => string;
  /** Said on a panel whose series could not be loaded or is empty. */
  empty: string;
}

export interface ReplayChartInput {
  rule: AlarmRule;
  replay: ReplayView;
  /** Per input name: its series over the replayed range, or null (no such sensor, or not loaded). */
  series: Readonly<Record<string, SeriesView | null | undefined>>;
  text: ReplayChartText;
  /** Inputs drawn at most (a flash-flood rule may read 20 gauges). */
  maxPanels?: number;
}

export interface ReplayChart {
  option: ReplayChartOption;
  /** CSS pixels for all panels. */
  height: number;
  /** Inputs drawn, and those left out beyond `maxPanels`. */
  panels: string[];
  hidden: number;
}

const TOP = 36;
const PANEL = 230;
const GAP = 18;
const TITLE = 22;
const AXIS = 26;

const formatNumber = (v: number) => String(Math.round(v * 1000) / 1000);

export function buildReplayChart(input: ReplayChartInput): ReplayChart {
  const { rule, replay, text } = input;
  const from = Date.parse(replay.from);
  const to = Date.parse(replay.to);
  const names = Object.keys(rule.inputs);
  const shown = names.slice(0, input.maxPanels ?? 4);
  const leaves = thresholdLeaves(rule);
  const periods = levelPeriods(replay);

  const markArea: MarkAreaComponentOption = {
    silent: true,
    data: periods.map((p) => [
      { xAxis: p.from, itemStyle: { color: LEVEL_COLORS[p.level], opacity: 0.13 } },
      { xAxis: p.to },
    ]),
  };

  const grid: GridComponentOption[] = [];
  const xAxis: NonNullable<ReplayChartOption['xAxis']> = [];
  const yAxis: NonNullable<ReplayChartOption['yAxis']> = [];
  const title: TitleComponentOption[] = [];
  const series: (LineSeriesOption | BarSeriesOption)[] = [];

  shown.forEach((name, i) => {
    const spec = rule.inputs[name]!;
    const data = input.series[name];
    const samples = data ? samplesOf(data) : [];
    const metric = spec.metric in METRIC_DEFS ? METRIC_DEFS[spec.metric as Metric] : null;
    const bars = metric?.nature === 'increment';
    const unit = spec.unit ?? data?.unit ?? metric?.unit ?? '';
    const top = TOP + i * (PANEL + GAP);
    const signals = Object.entries(rule.signals).filter(([, s]) => s.input === name);
    const derived = signals.filter(
      ([signal, s]) => s.fn !== 'last' && leaves.some((l) => l.signal === signal),
    );

    const heading = unit ? `${text.input(name, spec)}（${unit}）` : text.input(name, spec);
    title.push({
      text: samples.length > 0 ? heading : `${heading} · ${text.empty}`,
      top,
      left: 8,
      textStyle: { fontSize: 13, fontWeight: 'bold' },
    });
    grid.push({ top: top + TITLE, height: PANEL - TITLE - AXIS, left: 56, right: derived.length ? 56 : 20 });
    xAxis.push({ type: 'time', gridIndex: i, min: from, max: to });
    // The input's own series, with the thresholds of its `last` signals, the level bands and transitions.
    const own = leaves.filter((l) => signals.some(([signal, s]) => signal === l.signal && s.fn === 'last'));
    const derivedLeaves = leaves.filter((l) => derived.some(([signal]) => signal === l.signal));
    // The unit is in the panel's title: an axis name up there would collide with it. Each axis reaches
    // its thresholds, so a limit far from today's values is still drawn.
    yAxis.push({ type: 'value', gridIndex: i, scale: !bars, ...extentWith(own.map((l) => l.raise)) });
    const derivedUnit = derived.length ? derivedUnitOf(derived[0]![1], unit) : '';
    yAxis.push({
      type: 'value',
      gridIndex: i,
      position: 'right',
      show: derived.length > 0,
      name: derivedUnit,
      nameGap: 8,
      scale: true,
      splitLine: { show: false },
      ...extentWith(derivedLeaves.map((l) => l.raise)),
    });

    const points = samples.map((s): [number, number] => [s.t, bars ? s.sum : s.value]);
    const base = {
      name: text.input(name, spec),
      xAxisIndex: i,
      yAxisIndex: 2 * i,
      data: points,
      markLine: thresholdLines(own, text),
      markArea,
      markPoint: transitionPins(replay, points, text),
    };
    series.push(
      bars
        ? { ...base, type: 'bar', barMaxWidth: 8, itemStyle: { color: '#2f7ed8' } }
        : {
            ...base,
            type: 'line',
            showSymbol: points.length <= 60,
            lineStyle: { width: 1.8, color: '#1d5fbf' },
            itemStyle: { color: '#1d5fbf' },
          },
    );

    for (const [signal, s] of derived) {
      const values =
        s.fn === 'sum'
          ? rollingSum(samples, s.windowMs)
          : s.fn === 'rate'
            ? rollingRate(samples, s.windowMs, s.perMs, s.minSpanMs)
            : [];
      series.push({
        type: 'line',
        name: text.derived(signal, s),
        xAxisIndex: i,
        yAxisIndex: 2 * i + 1,
        data: values,
        showSymbol: false,
        connectNulls: false,
        lineStyle: { width: 1.4, type: 'dashed' },
        markLine: thresholdLines(
          leaves.filter((l) => l.signal === signal),
          text,
        ),
      });
    }
  });

  const axes = shown.map((_, i) => i);
  const option: ReplayChartOption = {
    animation: false,
    title,
    legend: { top: 0, type: 'scroll' },
    tooltip: { trigger: 'axis', confine: true },
    axisPointer: { link: [{ xAxisIndex: 'all' }] },
    dataZoom: [{ type: 'inside', xAxisIndex: axes }],
    grid,
    xAxis,
    yAxis,
    series,
  };
  return {
    option,
    height: TOP + shown.length * (PANEL + GAP),
    panels: shown,
    hidden: names.length - shown.length,
  };
}

/**
 * Axis bounds that take in `values` (thresholds) besides the data, with a little room around them; none
 * when there is nothing to take in (ECharts then fits the data).
 */
export function extentWith(values: readonly number[]): {
  min?: (extent: { min: number; max: number }) => number;
  max?: (extent: { min: number; max: number }) => number;
} {
  if (values.length === 0) return {};
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const bounds = (e: { min: number; max: number }) => {
    const min = Number.isFinite(e.min) ? Math.min(e.min, lo) : lo;
    const max = Number.isFinite(e.max) ? Math.max(e.max, hi) : hi;
    const pad = (max - min) * 0.08 || Math.abs(max) * 0.05 || 1;
    // Rounded outwards to a tick-like step, so the axis ends read 350/355, not 349.128.
    const step = 10 ** Math.floor(Math.log10((max - min + 2 * pad) / 5));
    const digits = Math.max(0, -Math.floor(Math.log10(step)));
    const round = (v: number) => Number(v.toFixed(digits));
    const low = round(Math.floor((min - pad) / step) * step);
    // Not below zero for what cannot be negative (rain, concentrations).
    return { min: min >= 0 ? Math.max(0, low) : low, max: round(Math.ceil((max + pad) / step) * step) };
  };
  return { min: (e) => bounds(e).min, max: (e) => bounds(e).max };
}

/** mm for a rolling rainfall sum; the input's unit per hour / per day for a rate. */
function derivedUnitOf(signal: RuleSignal, unit: string): string {
  if (signal.fn !== 'rate') return unit;
  if (signal.perMs === 3_600_000) return `${unit}/h`;
  if (signal.perMs === 86_400_000) return `${unit}/d`;
  return unit;
}

function thresholdLines(leaves: readonly ThresholdLeaf[], text: ReplayChartText): MarkLineComponentOption {
  return {
    silent: true,
    symbol: 'none',
    data: leaves.map((l) => ({
      yAxis: l.raise,
      name: text.level(l.level),
      lineStyle: { color: LEVEL_COLORS[l.level], type: 'dashed', width: 1.5 },
      label: {
        formatter: `${text.level(l.level)} ${OP_TEXT[l.op]} ${formatNumber(l.raise)}`,
        position: 'insideEndTop',
        color: LEVEL_COLORS[l.level],
      },
    })),
  };
}

/** A pin at each transition, on the series' value nearest before it (or the axis' foot). */
function transitionPins(
  replay: ReplayView,
  points: readonly [number, number][],
  text: ReplayChartText,
): MarkPointComponentOption {
  const valueAt = (t: number): number => {
    let best: number | null = null;
    for (const [pt, v] of points) {
      if (pt > t) break;
      best = v;
    }
    return best ?? points[0]?.[1] ?? 0;
  };
  return {
    symbol: 'pin',
    symbolSize: 34,
    data: replay.transitions.map((tr) => {
      const at = Date.parse(tr.at);
      const color = tr.to ? LEVEL_COLORS[tr.to] : CLEARED_COLOR;
      return {
        name: text.transition(tr.kind),
        coord: [at, valueAt(at)],
        itemStyle: { color },
        label: { formatter: text.pin(tr.kind), fontSize: 10, color: '#fff' },
      };
    }),
  };
}

/** "2 小时 5 分" / "2 h 5 min"; under a minute "< 1 分"; zero "—". */
export function formatDuration(ms: number, lang: 'zh' | 'en'): string {
  if (ms <= 0) return '—';
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 0) return lang === 'en' ? '< 1 min' : '< 1 分';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts =
    lang === 'en'
      ? [d && `${d} d`, h && `${h} h`, m && `${m} min`]
      : [d && `${d} 天`, h && `${h} 小时`, m && `${m} 分`];
  return parts.filter(Boolean).join(' ');
}
