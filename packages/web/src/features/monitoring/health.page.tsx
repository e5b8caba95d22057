/**
 * 设备健康: every station's device status, worst first (offline, never reported, low battery, weak signal,
 * many quarantined payloads), refreshed with the live station picture. A row opens the station detail.
 */
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Input, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import dayjs from 'dayjs';
import type { StationView } from '@ningan/domain';
import { useRegionNames } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { RegionFilter } from '../../forms/list-filters.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { stationKindLabel } from './monitoring-labels.ts';
import { compareHealth, inRegion } from './monitoring-model.ts';
import { useStationEditing } from './station-actions.tsx';
import { StationDetailDrawer } from './station-detail.tsx';
import { BatteryText, FeedFreshness, LastSeenText, SignalText, StationStatusTag } from './station-status.tsx';
import { useStationFeed } from './use-station-feed.ts';
import './monitoring.css';

export function HealthPage() {
  const { t, lang } = useI18n();
  const nameOf = useRegionNames();
  const feed = useStationFeed();
  const [searchParams, setSearchParams] = useSearchParams();
  const detailId = searchParams.get('station');
  const editing = useStationEditing();
  const [q, setQ] = useState('');
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return feed.stations
      .filter(
        (s) =>
          inRegion(s.regionCode, regionCode) &&
          (!needle || s.name.toLowerCase().includes(needle) || s.code.toLowerCase().includes(needle)),
      )
      .sort(compareHealth);
  }, [feed.stations, q, regionCode]);
  const count = (status: string) => feed.stations.filter((s) => s.health.status === status).length;
  const open = (id: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (id) next.set('station', id);
    else next.delete('station');
    setSearchParams(next);
  };

  const columns: TableColumnsType<StationView> = [
    {
      title: t('health.station'),
      key: 'station',
      fixed: 'left',
      render: (_: unknown, s) => (
        <Space orientation="vertical" size={0}>
          <Typography.Link onClick={() => open(s.id)}>{s.name}</Typography.Link>
          <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }}>
            {s.code}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('monitoring.status'),
      key: 'status',
      render: (_: unknown, s) => <StationStatusTag health={s.health} />,
    },
    {
      title: t('monitoring.lastSeen'),
      key: 'lastSeen',
      render: (_: unknown, s) => <LastSeenText at={s.health.lastSeenAt} />,
    },
    {
      title: t('monitoring.battery'),
      key: 'battery',
      render: (_: unknown, s) => <BatteryText value={s.health.battery} />,
    },
    {
      title: t('monitoring.signal'),
      key: 'signal',
      render: (_: unknown, s) => <SignalText value={s.health.signal} />,
    },
    {
      title: t('monitoring.quarantined'),
      dataIndex: 'quarantined',
      render: (n: number, s) =>
        n > 0 ? (
          <Link to={`/network/quarantine?station=${encodeURIComponent(s.id)}`} className="tabular">
            {n}
          </Link>
        ) : (
          <span className="tabular">0</span>
        ),
    },
    {
      title: t('stations.kind'),
      dataIndex: 'kind',
      render: (k: StationView['kind']) => stationKindLabel(k, lang),
    },
    { title: t('stations.region'), dataIndex: 'regionCode', render: (code: string) => nameOf(code) },
  ];

  return (
    <div className="admin-page" data-testid="health-page">
      <PageHeader
        title={t('health.title')}
        actions={
          <Space size={6} wrap>
            <Tag color="green" data-testid="health-online">
              {t('health.onlineCount', { count: count('online') })}
            </Tag>
            <Tag color="default" data-testid="health-offline">
              {t('health.offlineCount', { count: count('offline') })}
            </Tag>
            <Tag>{t('health.neverCount', { count: count('never') })}</Tag>
            {feed.updatedAt > 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('monitoring.updatedAt', { time: dayjs(feed.updatedAt).format('HH:mm:ss') })} ·{' '}
                <FeedFreshness live={feed.live} />
              </Typography.Text>
            )}
          </Space>
        }
      />
      <Typography.Paragraph type="secondary">{t('health.hint')}</Typography.Paragraph>
      <div className="filter-bar">
        <Input.Search
          allowClear
          placeholder={t('stations.search')}
          aria-label={t('common.search')}
          onSearch={setQ}
          onChange={(e) => {
            if (!e.target.value) setQ('');
          }}
          style={{ width: 240, maxWidth: '100%' }}
          data-testid="health-search"
        />
        <RegionFilter value={regionCode} onChange={setRegionCode} width={300} />
      </div>
      <div data-testid="health-table">
        <Table<StationView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={feed.isPending}
          scroll={{ x: 'max-content' }}
          pagination={{ defaultPageSize: 50, showSizeChanger: true, pageSizeOptions: [20, 50, 100, 200] }}
          onRow={(s) => ({ onClick: () => open(s.id), className: 'clickable-row' })}
          locale={feed.isError ? { emptyText: errorMessage(feed.error, t) } : undefined}
        />
      </div>
      <StationDetailDrawer id={detailId} onClose={() => open(null)} editing={editing} />
      {editing.elements}
    </div>
  );
}
