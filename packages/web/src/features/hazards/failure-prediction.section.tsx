/**
 * 监测与预测 on a geological hazard point (issue #4 part 5): for each displacement / crack sensor of the
 * stations linked to it, the latest reading and velocity, the inverse-velocity chart with its fitted line and
 * the forecast failure time (STANDARDS.md §6.1), or why no forecast is made.
 */
import { useState } from 'react';
import { Alert, Card, Descriptions, Empty, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { SensorFailurePrediction } from '@ningan/domain';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { hazardKeys, hazardsApi, type FailurePredictionParams } from './hazards-api.ts';
import { InverseVelocityChart } from './inverse-velocity-chart.tsx';
import './hazards.css';

/** Hours. The short ones are for a slope in its accelerating stage, sampled every few minutes. */
const LOOKBACKS = [1, 6, 48, 168, 336, 720];
const STEPS = [1 / 12, 0.25, 1, 2, 6, 12];

/** The prediction of a hazard point (null id: not asked). The drawer uses it to show the tab only when stations are linked. */
export function useFailurePrediction(recordId: string | null, params: FailurePredictionParams = {}) {
  return useQuery({
    queryKey: hazardKeys.failure(recordId ?? '', params),
    queryFn: () => hazardsApi.failurePrediction(recordId ?? '', params),
    enabled: Boolean(recordId),
    staleTime: 60_000,
  });
}

export function FailurePredictionSection({ recordId }: { recordId: string }) {
  const { t } = useI18n();
  const [lookbackHours, setLookback] = useState<number | undefined>(undefined);
  const [stepHours, setStep] = useState<number | undefined>(undefined);
  const params: FailurePredictionParams = {
    ...(lookbackHours ? { lookbackHours } : {}),
    ...(stepHours ? { stepHours } : {}),
  };
  const prediction = useFailurePrediction(recordId, params);
  const data = prediction.data;
  const hours = (n: number) =>
    n < 1 ? t('hazard.failure.minutes', { n: Math.round(n * 60) }) : t('hazard.failure.hours', { n });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="failure-prediction">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t('hazard.failure.method')}
      </Typography.Paragraph>
      <Space wrap>
        <span>{t('hazard.failure.lookback')}</span>
        <Select
          size="small"
          style={{ width: 110 }}
          value={lookbackHours ?? data?.lookbackHours}
          onChange={setLookback}
          options={LOOKBACKS.map((h) => ({ value: h, label: hours(h) }))}
        />
        <span>{t('hazard.failure.step')}</span>
        <Select
          size="small"
          style={{ width: 100 }}
          value={stepHours ?? data?.stepHours}
          onChange={setStep}
          options={STEPS.map((h) => ({ value: h, label: hours(h) }))}
        />
      </Space>
      {prediction.isPending && <Skeleton active />}
      {prediction.isError && <Alert type="error" showIcon title={errorMessage(prediction.error, t)} />}
      {data?.reason && <Empty description={data.reason} />}
      {data?.sensors.map((s) => (
        <SensorPrediction key={s.sensorId} sensor={s} />
      ))}
    </Space>
  );
}

function SensorPrediction({ sensor: s }: { sensor: SensorFailurePrediction }) {
  const { t } = useI18n();
  const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
  const forecast =
    s.failureTime !== null && s.hoursFromNow !== null ? (
      <Space size={6} wrap data-testid="failure-time">
        <Tag color="red">{time(s.failureTime)}</Tag>
        {s.hoursFromNow >= 0
          ? t('hazard.failure.inHours', { hours: s.hoursFromNow })
          : t('hazard.failure.passed', { hours: -s.hoursFromNow })}
      </Space>
    ) : (
      <Space size={6} wrap data-testid="failure-refused">
        <Tag>{t('hazard.failure.refused')}</Tag>
        {s.reason}
      </Space>
    );
  return (
    <Card
      size="small"
      title={`${s.stationName}（${s.stationCode}）`}
      data-testid={`failure-sensor-${s.sensorId}`}
    >
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'latest',
            label: t('hazard.failure.latest'),
            children: s.latest ? `${s.latest.value} ${s.unit}（${time(s.latest.at)}）` : '—',
          },
          {
            key: 'velocity',
            label: t('hazard.failure.velocity'),
            children: s.velocity !== null ? `${Number(s.velocity.toPrecision(3))} ${s.unit}/h` : '—',
          },
          { key: 'forecast', label: t('hazard.failure.predicted'), children: forecast },
        ]}
      />
      {s.failureTime !== null && s.windowStart && (
        <Typography.Text type="secondary">
          {t('hazard.failure.window', {
            time: time(s.windowStart),
            points: s.windowPoints,
            speedup: s.speedup ?? '—',
          })}
        </Typography.Text>
      )}
      {s.dropped > 0 && (
        <div>
          <Typography.Text type="secondary">{t('hazard.failure.dropped', { n: s.dropped })}</Typography.Text>
        </div>
      )}
      {s.samples.length ? (
        <InverseVelocityChart sensor={s} />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('hazard.failure.noSamples')} />
      )}
    </Card>
  );
}
