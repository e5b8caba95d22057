/**
 * A small FWI trend (the last 30 days of a forest station): dots in the danger class colours, joined while
 * days are consecutive (a gap day breaks the line). Drawn by ECharts through the console's one wrapper
 * (charts/echart.tsx); the option is built by {@link fwiTrendOption}.
 */
import { useMemo } from 'react';
import dayjs from 'dayjs';
import type { FireWeatherDayView } from '@ningan/domain';
import { EChart } from '../../charts/echart.tsx';
import { useFontFor } from '../../charts/use-font.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { fwiTrendOption, type FwiTrendTexts } from './fwi-trend-option.ts';
import { DANGER_NAMES_EN } from './weather-labels.ts';

export function FwiTrend({
  days,
  height = 96,
  width = 320,
  label,
}: {
  days: FireWeatherDayView[];
  height?: number;
  /** CSS pixels, at most (it shrinks with a narrow container). */
  width?: number;
  label: string;
}) {
  const { lang } = useI18n();
  const texts = useMemo<FwiTrendTexts>(
    () => ({
      dangerName: (d) =>
        d.result ? (lang === 'en' ? DANGER_NAMES_EN[d.result.dangerClass] : d.result.dangerClassName) : '',
      formatDate: (date) => dayjs(date).format('MM-DD'),
    }),
    [lang],
  );
  const font = useFontFor('FWI0123456789-');
  const option = useMemo(() => fwiTrendOption(days, texts, font.family), [days, texts, font.family]);
  const data = {
    'data-days': days.length,
    'data-computed': days.filter((d) => d.result).length,
  } as const;
  return (
    <div style={{ width, maxWidth: '100%' }}>
      {font.ready ? (
        <EChart option={option} height={height} ariaLabel={label} testId="fwi-trend" data={data} />
      ) : (
        <div style={{ height }} data-testid="fwi-trend" data-loading="font" aria-label={label} {...data} />
      )}
    </div>
  );
}
