/**
 * 发布进度 (issue #5 part 7): the fan-out (recipients queued so far), one bar queued → sent → delivered
 * (failed and not-sent apart), the same per channel, and the coverage rate (delivered / targeted) per
 * township with the overall 公众覆盖率. Polled every 2 s while anything is moving.
 */
import { Alert, Col, Progress, Row, Statistic, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useRegionNames } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { warningKeys, warningsApi } from './warnings-api.ts';
import { channelLabel } from './warnings-labels.ts';
import {
  formatRate,
  progressPollMs,
  progressSegments,
  rateOf,
  share,
  type ProgressSegments,
} from './warnings-model.ts';
import type { Cover, WarningDetail } from './warnings-types.ts';

const SEGMENTS: { key: Exclude<keyof ProgressSegments, 'total'>; color: string }[] = [
  { key: 'delivered', color: '#389e0d' },
  { key: 'sent', color: '#1d5fbf' },
  { key: 'queued', color: '#bfbfbf' },
  { key: 'failed', color: '#cf1322' },
  { key: 'stopped', color: '#8c8c8c' },
];

export function ProgressBar({ segments, testId }: { segments: ProgressSegments; testId?: string }) {
  const { t } = useI18n();
  return (
    <div
      className="warning-progress"
      data-testid={testId}
      data-delivered={segments.delivered}
      data-total={segments.total}
    >
      <div className="warning-progress__bar" role="img" aria-label={t('warnings.progress.bar')}>
        {SEGMENTS.map((s) =>
          segments[s.key] > 0 ? (
            <span
              key={s.key}
              style={{ width: `${share(segments[s.key], segments.total)}%`, background: s.color }}
              title={`${t(`warnings.progress.${s.key}`)} ${segments[s.key]}`}
            />
          ) : null,
        )}
      </div>
      <div className="warning-progress__legend">
        {SEGMENTS.map((s) => (
          <span key={s.key}>
            <i style={{ background: s.color }} />
            {t(`warnings.progress.${s.key}`)} <b className="tabular">{segments[s.key]}</b>
          </span>
        ))}
      </div>
    </div>
  );
}

/** byChannel may come as state counts per channel or as covers: read counts either way. */
function channelSegments(value: unknown): ProgressSegments | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  if ('targeted' in v) {
    const c = v as unknown as Cover;
    return {
      total: c.targeted,
      delivered: c.delivered,
      failed: c.failed,
      queued: c.pending,
      sent: 0,
      stopped: 0,
    };
  }
  const counts: Record<string, number> = {};
  for (const [k, n] of Object.entries(v)) if (typeof n === 'number') counts[k] = n;
  return progressSegments(counts);
}

export function DeliveryProgressPanel({ warning }: { warning: WarningDetail }) {
  const { t } = useI18n();
  const nameOf = useRegionNames();
  const progress = useQuery({
    queryKey: warningKeys.progress(warning.id),
    queryFn: () => warningsApi.progress(warning.id),
    refetchInterval: (query) => {
      const p = query.state.data;
      return progressPollMs(p?.fanout.state, p ? progressSegments(p.byState) : null);
    },
  });
  if (progress.isError) return <Alert type="error" showIcon title={errorMessage(progress.error, t)} />;
  const p = progress.data;
  if (!p) return <Progress percent={0} status="active" />;
  const all = progressSegments(p.byState);
  const overall = p.coverage.overall;
  const channels = p.byChannel.flatMap(({ channel, byState }) => {
    const s = channelSegments(byState);
    return s ? [{ channel, segments: s }] : [];
  });
  const townships = p.coverage.byTownship.map((cover) => ({ code: cover.townshipCode, ...cover }));
  return (
    <div data-testid="warning-progress" data-fanout={p.fanout.state}>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic
            title={t('warnings.progress.fanout')}
            value={p.fanout.recipients}
            suffix={
              <Tag color={p.fanout.state === 'done' ? 'green' : 'processing'}>
                {t(`warnings.fanout.${p.fanout.state}`)}
              </Tag>
            }
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('warnings.coverage')}
            value={formatRate(rateOf(overall))}
            data-testid="warning-coverage-overall"
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic
            title={t('warnings.progress.delivered')}
            value={all.delivered}
            suffix={`/ ${all.total}`}
          />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('warnings.progress.rate')} value={p.ratePerSecond} precision={0} suffix="/s" />
        </Col>
      </Row>
      <div style={{ margin: '16px 0' }}>
        <ProgressBar segments={all} testId="warning-progress-all" />
      </div>
      <Typography.Title level={5}>{t('warnings.progress.byChannel')}</Typography.Title>
      <div className="warning-channels">
        {channels.map(({ channel, segments }) => (
          <div key={channel} className="warning-channels__row" data-channel={channel}>
            <Typography.Text strong>{channelLabel(channel, t)}</Typography.Text>
            <ProgressBar segments={segments} />
          </div>
        ))}
      </div>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('warnings.progress.byTownship')}
      </Typography.Title>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        dataSource={townships}
        data-testid="warning-coverage-townships"
        scroll={{ x: 'max-content' }}
        columns={[
          {
            title: t('alarms.region'),
            key: 'name',
            render: (_: unknown, c: (typeof townships)[number]) => c.townshipName || nameOf(c.code),
          },
          { title: t('warnings.cover.targeted'), dataIndex: 'targeted', align: 'right' },
          { title: t('warnings.progress.delivered'), dataIndex: 'delivered', align: 'right' },
          { title: t('warnings.progress.failed'), dataIndex: 'failed', align: 'right' },
          { title: t('warnings.cover.pending'), dataIndex: 'pending', align: 'right' },
          {
            title: t('warnings.coverage'),
            key: 'rate',
            align: 'right',
            render: (_: unknown, c: (typeof townships)[number]) => (
              <span className="tabular">{formatRate(rateOf(c))}</span>
            ),
          },
        ]}
      />
    </div>
  );
}
