/**
 * The inverse-velocity chart of one sensor (STANDARDS.md §6.1): 1/v samples (h/mm) against time, the fitted
 * line over the accelerating window extended to where it reaches 0, and the forecast failure time. Drawn by
 * ECharts through the console's one wrapper (charts/echart.tsx) from the pure geometry
 * ({@link inverseVelocityChart}) and option ({@link inverseVelocityOption}); the wrapper carries what it
 * shows as data attributes for tests (`data-points`, `data-window`, `data-fit`, `data-failure`).
 */
import { useMemo } from 'react';
import dayjs from 'dayjs';
import type { SensorFailurePrediction } from '@ningan/domain';
import { EChart } from '../../charts/echart.tsx';
import { useFontFor } from '../../charts/use-font.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { inverseVelocityChart } from './failure-model.ts';
import { inverseVelocityOption, type InverseVelocityTexts } from './inverse-velocity-option.ts';

export function InverseVelocityChart({
  sensor,
  height = 240,
}: {
  sensor: SensorFailurePrediction;
  height?: number;
}) {
  const { t } = useI18n();
  const chart = useMemo(() => inverseVelocityChart(sensor), [sensor]);
  const texts = useMemo<InverseVelocityTexts>(
    () => ({
      samples: t('hazard.failure.chartSamples'),
      fit: t('hazard.failure.chartFit'),
      failure: t('hazard.failure.chartFailure'),
      formatTime: (ms) => dayjs(ms).format('MM-DD HH:mm'),
    }),
    [t],
  );
  const font = useFontFor(`${texts.samples}${texts.fit}${texts.failure}h/m0123456789.-:`);
  const option = useMemo(() => inverseVelocityOption(chart, texts, font.family), [chart, texts, font.family]);
  const testId = `iv-chart-${sensor.sensorId}`;
  const data = {
    'data-points': chart.points.length,
    'data-window': chart.points.filter((p) => p.inWindow).length,
    'data-fit': chart.fit ? 1 : 0,
    'data-failure': chart.failureAt ?? '',
  } as const;
  const label = t('hazard.failure.chart');
  if (!font.ready)
    return <div style={{ height }} data-testid={testId} data-loading="font" aria-label={label} {...data} />;
  return <EChart option={option} height={height} ariaLabel={label} testId={testId} data={data} />;
}
