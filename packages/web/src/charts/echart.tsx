/**
 * The one ECharts wrapper of the console: initialises a chart on a div, applies `option` whenever it
 * changes (replacing the previous one), follows the container's size and disposes on unmount. Modular
 * imports keep the bundle to what is registered here; a feature needing another chart type registers it
 * with `echarts.use([...])` next to its option builder.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useI18n } from '../i18n/i18n.tsx';

echarts.use([
  BarChart,
  LineChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  MarkPointComponent,
  TitleComponent,
  TooltipComponent,
  CanvasRenderer,
]);

export interface EChartProps {
  option: EChartsCoreOption;
  /** CSS pixels; the width follows the container. */
  height: number;
  /** What the chart shows, for screen readers (a canvas has no text of its own). */
  ariaLabel: string;
  testId?: string;
  /** Extra attributes for tests and styling (e.g. `data-transitions`). */
  data?: Record<`data-${string}`, string | number>;
}

export function EChart({ option, height, ariaLabel, testId, data }: EChartProps) {
  const { lang } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  // Re-created when the language changes: ECharts reads its locale (toolbox, time labels) at init.
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas', locale: lang === 'en' ? 'EN' : 'ZH' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [lang]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option, lang]);

  useEffect(() => {
    chart.current?.resize();
  }, [height]);

  return (
    <div
      ref={ref}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      {...data}
      style={{ width: '100%', height }}
    />
  );
}
