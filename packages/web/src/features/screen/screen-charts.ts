/**
 * The 大屏's chart options (ECharts 6, modular: the bar chart is registered by charts/echart.tsx, the pie here):
 * light text on the dark stage, type large enough for the room (≥ 22 px on a 1920×1080 stage).
 */
import * as echarts from 'echarts/core';
import { PieChart } from 'echarts/charts';
import type { EChartsCoreOption } from 'echarts/core';
import { TASK_STATES, type TaskState } from '@ningan/domain';
import type { TypeSeries } from './screen-model.ts';

echarts.use([PieChart]);

const TEXT = '#d6e4ff';
const AXIS = '#3f5f8a';
/** Series colours that read on the dark background. */
export const SERIES_COLORS = ['#4fc3ff', '#ffb020', '#ff5c5c', '#5ee08a', '#b38cff', '#ffd60a', '#8aa4c8'];

/** Colours of the task states: waiting ones warm, done ones green, returned grey. */
export const TASK_STATE_COLORS: Record<TaskState, string> = {
  pending_read: '#ff5c5c',
  read: '#ffb020',
  feedback: '#4fc3ff',
  completed: '#5ee08a',
  returned: '#8aa4c8',
};

/** Stacked bars: incidents per Beijing day (MM-DD on the axis), one stack per type. */
export function incidentsByTypeOption(data: TypeSeries, fontFamily: string): EChartsCoreOption {
  return {
    textStyle: { fontFamily, color: TEXT, fontSize: 22 },
    color: SERIES_COLORS,
    animation: false,
    grid: { left: 56, right: 16, top: 70, bottom: 40 },
    legend: {
      top: 0,
      textStyle: { color: TEXT, fontSize: 20 },
      itemWidth: 22,
      itemHeight: 14,
      type: 'scroll',
      pageTextStyle: { color: TEXT },
    },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: data.days.map((d) => d.slice(5)),
      axisLabel: { color: TEXT, fontSize: 18, interval: 6 },
      axisLine: { lineStyle: { color: AXIS } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: TEXT, fontSize: 18 },
      splitLine: { lineStyle: { color: AXIS, opacity: 0.5 } },
    },
    series: data.series.map((s) => ({ name: s.type, type: 'bar', stack: 'types', data: s.counts })),
  };
}

/** A ring of the tasks by state (empty states left out), the total in the middle. */
export function tasksByStateOption(
  counts: Record<TaskState, number>,
  label: (state: TaskState) => string,
  centre: string,
  fontFamily: string,
): EChartsCoreOption {
  const data = TASK_STATES.filter((s) => counts[s] > 0).map((s) => ({
    name: label(s),
    value: counts[s],
    itemStyle: { color: TASK_STATE_COLORS[s] },
  }));
  return {
    textStyle: { fontFamily, color: TEXT, fontSize: 22 },
    animation: false,
    title: {
      text: centre,
      left: 'center',
      top: 'center',
      textStyle: { color: TEXT, fontSize: 26, fontFamily, fontWeight: 'bold' },
    },
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'pie',
        radius: ['45%', '70%'],
        avoidLabelOverlap: true,
        label: { color: TEXT, fontSize: 20, formatter: '{b} {c}' },
        labelLine: { lineStyle: { color: AXIS } },
        data,
      },
    ],
  };
}
