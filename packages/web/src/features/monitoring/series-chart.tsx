/**
 * A sensor's chart: the series built by {@link buildSeriesChart}, drawn by ECharts through the console's one
 * wrapper (charts/echart.tsx). The canvas is drawn once the web font has the glyphs its labels need (these
 * machines and many intranet PCs have no CJK font, STACK.md 5). The wrapper carries what the chart shows as
 * data attributes for tests: `data-tier`, `data-mode`, `data-points`, `data-segments`, `data-band`,
 * `data-thresholds` (`warning:352.5,guaranteed:354`).
 */
import { useMemo } from 'react';
import dayjs from 'dayjs';
import { EChart } from '../../charts/echart.tsx';
import { useFontFor } from '../../charts/use-font.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { seriesChartOption, type SeriesChartTexts } from './series-chart-option.ts';
import { buildSeriesChart, type SeriesChartInput } from './series-chart-model.ts';

/** Minutes east of UTC of the browser's zone (Beijing: 480), for day-aligned ticks. */
const localOffsetMinutes = () => -new Date().getTimezoneOffset();

const TIME_FORMATS = {
  time: 'HH:mm',
  date: 'MM-DD',
  dateTime: 'MM-DD HH:mm',
  tooltip: 'YYYY-MM-DD HH:mm:ss',
} as const;

export function SeriesChartView({
  input,
  height,
  name,
  tierLabel,
}: {
  input: Omit<SeriesChartInput, 'offsetMinutes' | 'maxXTicks' | 'maxYTicks'>;
  height: number;
  /** The sensor's name, for the accessible description. */
  name: string;
  tierLabel: string;
}) {
  const { t } = useI18n();
  const chart = useMemo(
    () =>
      buildSeriesChart({ ...input, offsetMinutes: localOffsetMinutes(), maxYTicks: height < 200 ? 4 : 5 }),
    [input, height],
  );
  const texts = useMemo<SeriesChartTexts>(
    () => ({
      threshold: { warning: t('chart.warning'), guaranteed: t('chart.guaranteed') },
      mean: t('chart.mean'),
      minMax: t('chart.minMax'),
      total: t('chart.total'),
      readings: (count) => t('chart.readings', { count }),
      formatTime: (ms, format) =>
        dayjs(ms).format(
          format === 'tooltip' && chart.tier !== 'raw' ? 'YYYY-MM-DD HH:mm' : TIME_FORMATS[format],
        ),
    }),
    [t, chart.tier],
  );
  const font = useFontFor(
    `${texts.threshold.warning}${texts.threshold.guaranteed}${chart.unit}0123456789.-:`,
  );
  const option = useMemo(() => seriesChartOption(chart, texts, font.family), [chart, texts, font.family]);
  const data = {
    'data-tier': chart.tier,
    'data-mode': chart.mode,
    'data-points': chart.points.length,
    'data-segments': chart.segments.length,
    'data-band': chart.bands ? 1 : 0,
    'data-thresholds': chart.thresholds.map((th) => `${th.kind}:${th.value}`).join(','),
  } as const;
  const ariaLabel = t('chart.aria', { name, tier: tierLabel, count: chart.points.length });
  if (!font.ready)
    return (
      <div
        style={{ height }}
        data-testid="series-chart"
        data-loading="font"
        {...data}
        aria-label={ariaLabel}
      />
    );
  return <EChart option={option} height={height} ariaLabel={ariaLabel} testId="series-chart" data={data} />;
}
