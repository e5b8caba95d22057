/**
 * 隔离区: payloads and readings the ingest refused, newest first, with the reason — filter by station,
 * reason and time; a row unfolds to the payload as received. Above it, the count per device and reason
 * (since the chosen time). `?station=<id>` filters to one station (links from the detail and health pages).
 */
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { DatePicker, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  QUARANTINE_REASONS,
  type QuarantineReason,
  type QuarantineSummaryItem,
  type QuarantineView,
} from '@ningan/domain';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import { quarantineReasonLabel } from './monitoring-labels.ts';
import './monitoring.css';

/** The payload pretty-printed when it is JSON, else as received. */
export function prettyPayload(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

export function QuarantinePage() {
  const { t, lang } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const stationId = searchParams.get('station') ?? undefined;
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [reason, setReason] = useState<QuarantineReason | undefined>();
  const [since, setSince] = useState<Dayjs | null>(null);
  const sinceIso = since ? since.toISOString() : undefined;

  const stations = useQuery({
    queryKey: ['monitoring', 'stations', 'options'],
    queryFn: () => monitoringApi.allStations(),
    staleTime: 60_000,
  });
  const nameById = useMemo(
    () => new Map((stations.data ?? []).map((s) => [s.id, `${s.name}（${s.code}）`])),
    [stations.data],
  );
  const filters = { stationId, reason, since: sinceIso };
  const list = useQuery({
    queryKey: monitoringKeys.quarantine({ ...paging, ...filters }),
    queryFn: () => monitoringApi.listQuarantine({ ...paging, ...filters }),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });
  const summary = useQuery({
    queryKey: monitoringKeys.quarantineSummary(sinceIso),
    queryFn: () => monitoringApi.quarantineSummary(sinceIso),
    refetchInterval: 30_000,
  });

  const setStation = (id: string | undefined) => {
    const next = new URLSearchParams(searchParams);
    if (id) next.set('station', id);
    else next.delete('station');
    setSearchParams(next);
    setPaging({ ...paging, page: 1 });
  };
  const deviceOf = (item: { stationId: string | null; deviceCode: string | null }) =>
    item.stationId
      ? (nameById.get(item.stationId) ?? item.deviceCode ?? item.stationId)
      : `${item.deviceCode ?? ''}${t('quarantine.unknownDevice')}`;

  const columns: TableColumnsType<QuarantineView> = [
    {
      title: t('quarantine.receivedAt'),
      dataIndex: 'receivedAt',
      render: (at: string) => <span className="tabular">{dayjs(at).format('YYYY-MM-DD HH:mm:ss')}</span>,
    },
    { title: t('quarantine.device'), key: 'device', render: (_: unknown, q) => deviceOf(q) },
    {
      title: t('quarantine.source'),
      dataIndex: 'source',
      render: (source: QuarantineView['source']) => t(`quarantine.source.${source}`),
    },
    {
      title: t('quarantine.reason'),
      dataIndex: 'reason',
      render: (r: QuarantineReason) => (
        <Tag color="red" data-reason={r}>
          {quarantineReasonLabel(r, lang)}
        </Tag>
      ),
    },
    { title: t('quarantine.message'), dataIndex: 'message' },
    {
      title: t('quarantine.payload'),
      dataIndex: 'payload',
      render: (payload: string) => <code className="payload-preview">{payload}</code>,
    },
  ];

  const summaryColumns: TableColumnsType<QuarantineSummaryItem> = [
    {
      title: t('quarantine.device'),
      key: 'device',
      render: (_: unknown, item) =>
        item.stationId ? (
          <Typography.Link onClick={() => setStation(item.stationId ?? undefined)}>
            {deviceOf(item)}
          </Typography.Link>
        ) : (
          deviceOf(item)
        ),
    },
    {
      title: t('quarantine.count'),
      dataIndex: 'count',
      render: (n: number) => <span className="tabular">{n}</span>,
    },
    {
      title: t('quarantine.lastAt'),
      dataIndex: 'lastAt',
      render: (at: string) => <span className="tabular">{dayjs(at).format('MM-DD HH:mm:ss')}</span>,
    },
    {
      title: t('quarantine.reasons'),
      dataIndex: 'reasons',
      render: (reasons: Record<string, number>) => (
        <Space size={4} wrap>
          {Object.entries(reasons).map(([r, n]) => (
            <Tag key={r}>
              {(QUARANTINE_REASONS as readonly string[]).includes(r)
                ? quarantineReasonLabel(r as QuarantineReason, lang)
                : r}{' '}
              {n}
            </Tag>
          ))}
        </Space>
      ),
    },
  ];

  return (
    <div className="admin-page" data-testid="quarantine-page">
      <PageHeader title={t('quarantine.title')} />
      <Typography.Paragraph type="secondary">{t('quarantine.hint')}</Typography.Paragraph>
      <div className="filter-bar">
        <Select<string>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('quarantine.station')}
          aria-label={t('quarantine.station')}
          value={stationId}
          onChange={(id) => setStation(id)}
          options={(stations.data ?? []).map((s) => ({ value: s.id, label: `${s.name}（${s.code}）` }))}
          loading={stations.isPending}
          popupMatchSelectWidth={false}
          style={{ width: 240, maxWidth: '100%' }}
          data-testid="quarantine-station-filter"
        />
        <Select<QuarantineReason>
          allowClear
          placeholder={t('quarantine.reason')}
          aria-label={t('quarantine.reason')}
          value={reason}
          onChange={(value) => {
            setReason(value);
            setPaging({ ...paging, page: 1 });
          }}
          options={QUARANTINE_REASONS.map((r) => ({ value: r, label: quarantineReasonLabel(r, lang) }))}
          popupMatchSelectWidth={false}
          style={{ width: 200, maxWidth: '100%' }}
        />
        <DatePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          placeholder={t('quarantine.since')}
          aria-label={t('quarantine.since')}
          value={since}
          onChange={(value) => {
            setSince(value);
            setPaging({ ...paging, page: 1 });
          }}
        />
      </div>
      <section className="quarantine-summary" data-testid="quarantine-summary">
        <Typography.Title level={5}>{t('quarantine.summary')}</Typography.Title>
        <Table<QuarantineSummaryItem>
          rowKey={(item) => `${item.stationId ?? ''}:${item.deviceCode ?? ''}`}
          size="small"
          columns={summaryColumns}
          dataSource={summary.data ?? []}
          loading={summary.isPending}
          pagination={false}
          scroll={{ x: 'max-content', y: 240 }}
          locale={{
            emptyText: summary.isError ? errorMessage(summary.error, t) : t('quarantine.none'),
          }}
        />
      </section>
      <div data-testid="quarantine-table">
        <Table<QuarantineView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching && !list.data}
          scroll={{ x: 'max-content' }}
          expandable={{
            expandedRowRender: (q) => (
              <div data-testid="quarantine-payload">
                <Space size={12} wrap style={{ marginBottom: 6 }}>
                  {q.topic && (
                    <Typography.Text type="secondary">
                      {t('quarantine.topic')}：<span className="mono">{q.topic}</span>
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary">
                    {t('quarantine.bytes', { bytes: q.payloadBytes })}
                  </Typography.Text>
                  {new TextEncoder().encode(q.payload).length < q.payloadBytes && (
                    <Typography.Text type="warning">
                      {t('quarantine.truncated', { bytes: q.payloadBytes })}
                    </Typography.Text>
                  )}
                </Space>
                <pre className="payload-full mono">{prettyPayload(q.payload)}</pre>
              </div>
            ),
          }}
          pagination={tablePagination(paging, list.data?.total, setPaging, t)}
          locale={{ emptyText: list.isError ? errorMessage(list.error, t) : t('quarantine.none') }}
        />
      </div>
    </div>
  );
}
