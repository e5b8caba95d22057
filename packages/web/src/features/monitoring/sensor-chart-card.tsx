/**
 * One sensor in the station detail: its latest value and a chart over a chosen range (1 h … 30 d or
 * custom). The server picks the tier (raw, 1-min or 1-h rollups) from the range; a range that ends now
 * refreshes itself.
 */
import { useState } from 'react';
import { Alert, DatePicker, Segmented, Space, Tag, Typography } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import type { SensorView } from '@ningan/domain';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import { sensorName } from './monitoring-labels.ts';
import {
  isLiveRange,
  RANGE_PRESETS,
  resolveRange,
  type ChartRange,
  type RangePreset,
} from './monitoring-model.ts';
import { formatValue, seriesTotal } from './series-chart-model.ts';
import { SeriesChartView } from './series-chart.tsx';

/** How often a chart whose range ends now is refreshed (ms). */
const LIVE_REFRESH_MS = 30_000;

type RangeChoice = RangePreset | 'custom';

const TIER_LABELS = { raw: 'chart.tier.raw', '1m': 'chart.tier.1m', '1h': 'chart.tier.1h' } as const;

export function SensorChartCard({ sensor, height }: { sensor: SensorView; height: number }) {
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState<RangeChoice>('24h');
  const [custom, setCustom] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(3, 'day'), dayjs()]);
  const range: ChartRange =
    choice === 'custom' ? { from: custom[0].valueOf(), to: custom[1].valueOf() } : { preset: choice };
  const live = isLiveRange(range, Date.now());

  const series = useQuery({
    queryKey: monitoringKeys.series(sensor.id, range),
    queryFn: () => {
      const { from, to } = resolveRange(range, Date.now());
      return monitoringApi.series(sensor.id, {
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
      });
    },
    placeholderData: keepPreviousData,
    refetchInterval: live ? LIVE_REFRESH_MS : false,
  });

  const name = sensorName(sensor, lang);
  const data = series.data;
  const total = data ? seriesTotal(data, sensor.metric) : null;
  const tierLabel = data ? t(TIER_LABELS[data.tier]) : '';
  return (
    <section className="sensor-card" data-testid={`sensor-card-${sensor.metric}`}>
      <div className="sensor-card__head">
        <div className="sensor-card__title">
          <Typography.Text strong>{name}</Typography.Text>
          {!sensor.enabled && <Tag>{t('chart.sensorDisabled')}</Tag>}
        </div>
        <div className="sensor-card__latest" data-testid="sensor-latest">
          {sensor.latest ? (
            <>
              <span className="sensor-card__value tabular">{formatValue(sensor.latest.value)}</span>{' '}
              <span className="sensor-card__unit">{sensor.unit}</span>
              <Typography.Text type="secondary" className="sensor-card__at">
                {dayjs(sensor.latest.at).format('MM-DD HH:mm:ss')}
              </Typography.Text>
            </>
          ) : (
            <Typography.Text type="secondary">{t('stations.noReading')}</Typography.Text>
          )}
        </div>
      </div>
      <div className="sensor-card__controls">
        <Segmented<RangeChoice>
          size="small"
          aria-label={t('chart.range')}
          value={choice}
          onChange={setChoice}
          options={[
            ...RANGE_PRESETS.map((p) => ({ value: p, label: t(`chart.${p}` as MessageKey) })),
            { value: 'custom' as const, label: t('chart.custom') },
          ]}
          data-testid="chart-range"
        />
        {choice === 'custom' && (
          <DatePicker.RangePicker
            size="small"
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            value={custom}
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs().endOf('day'))}
            onChange={(values) => {
              const [a, b] = values ?? [];
              if (a && b && a.isBefore(b)) setCustom([a, b]);
            }}
          />
        )}
        <Space size={4} wrap className="sensor-card__meta">
          {data && <Tag data-testid="chart-tier">{tierLabel}</Tag>}
          {live && <Tag color="processing">{t('chart.live')}</Tag>}
          {total !== null && data && (
            <Typography.Text data-testid="chart-total">
              {t('chart.rangeTotal', { total: formatValue(total), unit: data.unit })}
            </Typography.Text>
          )}
        </Space>
      </div>
      {series.isError && !data && <Alert type="error" showIcon title={errorMessage(series.error, t)} />}
      {data && (
        <div className="sensor-card__chart">
          <SeriesChartView
            input={{
              series: data,
              metric: sensor.metric,
              samplingSeconds: sensor.samplingSeconds,
              warningStage: sensor.warningStage,
              guaranteedStage: sensor.guaranteedStage,
            }}
            height={height}
            name={name}
            tierLabel={tierLabel}
          />
          {data.points.length === 0 && (
            <div className="sensor-card__empty">
              <Typography.Text type="secondary">{t('chart.empty')}</Typography.Text>
            </div>
          )}
        </div>
      )}
      {!data && !series.isError && <div className="sensor-card__chart" style={{ height }} />}
    </section>
  );
}
