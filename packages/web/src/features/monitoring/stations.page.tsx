/**
 * 监测站点: the station registry — search, township/village, kind, metric and monitored object filters,
 * paging; a row opens the detail drawer (`?station=<id>`); with `monitoring:write` register, edit, reset the
 * secret and delete. `?enterpriseId=` / `?ledgerRecordId=` filter to one monitored object (links from
 * other screens).
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  findRegistry,
  METRICS,
  STATION_KINDS,
  type Metric,
  type StationKind,
  type StationView,
} from '@ningan/domain';
import { useRegionNames } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { LevelChip } from '../alarms/level-chip.tsx';
import { RegionFilter, SearchFilter } from '../../forms/list-filters.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { EnterpriseSelect, RefSelect } from '../registry/field-inputs.tsx';
import { monitoringApi, monitoringKeys, type StationFilters } from './monitoring-api.ts';
import { metricLabel, sensorName, stationKindLabel } from './monitoring-labels.ts';
import { MONITORED_REGISTRIES, type MonitoredRegistry } from './monitoring-model.ts';
import { formatValue } from './series-chart-model.ts';
import { DeleteStationButton, ResetSecretButton, useStationEditing } from './station-actions.tsx';
import { StationDetailDrawer } from './station-detail.tsx';
import { LastSeenText, StationStatusTag } from './station-status.tsx';
import { useStandingAlarms } from './use-station-feed.ts';
import './monitoring.css';

type LinkedKind = MonitoredRegistry | 'enterprise';

export function StationsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const nameOf = useRegionNames();
  const [searchParams, setSearchParams] = useSearchParams();
  const detailId = searchParams.get('station');
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [q, setQ] = useState('');
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [kind, setKind] = useState<StationKind | undefined>();
  const [metric, setMetric] = useState<Metric | undefined>();
  const enterpriseId = searchParams.get('enterpriseId') ?? undefined;
  const ledgerRecordId = searchParams.get('ledgerRecordId') ?? undefined;
  const [linkedKind, setLinkedKind] = useState<LinkedKind | undefined>(
    enterpriseId ? 'enterprise' : ledgerRecordId ? 'geo-hazards' : undefined,
  );
  const refilter = () => setPaging({ ...paging, page: 1 });

  const setParam = (key: string, value: string | null | undefined) => {
    const next = new URLSearchParams(searchParams);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearchParams(next);
  };
  const editing = useStationEditing((station) => setParam('station', station.id));

  const filters: StationFilters = {
    q: q || undefined,
    regionCode,
    kind,
    metric,
    enterpriseId,
    ledgerRecordId,
  };
  const list = useQuery({
    queryKey: monitoringKeys.stationList({ ...paging, ...filters }),
    queryFn: () => monitoringApi.listStations({ ...paging, ...filters }),
    placeholderData: keepPreviousData,
  });
  const standing = useStandingAlarms();

  const columns: TableColumnsType<StationView> = [
    {
      title: t('stations.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, s) => (
        <Space size={4}>
          <Typography.Link
            onClick={(event) => {
              event.stopPropagation();
              setParam('station', s.id);
            }}
          >
            {name}
          </Typography.Link>
          {!s.enabled && <Tag>{t('stations.disabledTag')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('stations.code'),
      dataIndex: 'code',
      render: (code: string) => <span className="mono">{code}</span>,
    },
    {
      title: t('stations.kind'),
      dataIndex: 'kind',
      render: (value: StationKind) => stationKindLabel(value, lang),
    },
    { title: t('stations.region'), dataIndex: 'regionCode', render: (code: string) => nameOf(code) },
    {
      title: t('monitoring.status'),
      key: 'status',
      render: (_: unknown, s) => <StationStatusTag health={s.health} />,
    },
    {
      title: t('monitoring.alarm'),
      key: 'alarm',
      render: (_: unknown, s) => {
        const level = standing.levels.get(s.id);
        return level ? <LevelChip level={level} /> : null;
      },
    },
    {
      title: t('monitoring.lastSeen'),
      key: 'lastSeen',
      render: (_: unknown, s) => <LastSeenText at={s.health.lastSeenAt} />,
    },
    {
      title: t('stations.latest'),
      key: 'latest',
      render: (_: unknown, s) =>
        s.sensors.length === 0 ? (
          '—'
        ) : (
          <Space orientation="vertical" size={0}>
            {s.sensors.slice(0, 3).map((sensor) => (
              <span key={sensor.id} className="tabular" style={{ whiteSpace: 'nowrap' }}>
                {sensorName(sensor, lang)}：
                {sensor.latest ? `${formatValue(sensor.latest.value)} ${sensor.unit}` : '—'}
              </span>
            ))}
            {s.sensors.length > 3 && (
              <Typography.Text type="secondary">
                {t('stations.sensorCount', { count: s.sensors.length })}
              </Typography.Text>
            )}
          </Space>
        ),
    },
    ...(can('monitoring:write')
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, s: StationView) => (
              <Space size={0} onClick={(event) => event.stopPropagation()}>
                <Button type="link" size="small" onClick={() => editing.openEdit(s)}>
                  {t('common.edit')}
                </Button>
                <ResetSecretButton station={s} onSecret={editing.showSecret} size="small" />
                <DeleteStationButton station={s} size="small" />
              </Space>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="admin-page" data-testid="stations-page">
      <PageHeader
        title={t('stations.title')}
        actions={
          can('monitoring:write') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={editing.openCreate}
              data-testid="station-create"
            >
              {t('stations.create')}
            </Button>
          )
        }
      />
      <div className="filter-bar" data-testid="station-filters">
        <SearchFilter
          placeholder={t('stations.search')}
          onSearch={(value) => {
            setQ(value);
            refilter();
          }}
        />
        <RegionFilter
          value={regionCode}
          onChange={(code) => {
            setRegionCode(code);
            refilter();
          }}
          width={300}
        />
        <Select<StationKind>
          allowClear
          placeholder={t('stations.filterKind')}
          aria-label={t('stations.filterKind')}
          value={kind}
          onChange={(value) => {
            setKind(value);
            refilter();
          }}
          options={STATION_KINDS.map((k) => ({ value: k, label: stationKindLabel(k, lang) }))}
          popupMatchSelectWidth={false}
          style={{ width: 160 }}
        />
        <Select<Metric>
          allowClear
          placeholder={t('stations.filterMetric')}
          aria-label={t('stations.filterMetric')}
          value={metric}
          onChange={(value) => {
            setMetric(value);
            refilter();
          }}
          options={METRICS.map((m) => ({ value: m, label: metricLabel(m, lang) }))}
          popupMatchSelectWidth={false}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 150 }}
        />
        <Space.Compact style={{ width: 420, maxWidth: '100%' }}>
          <Select<LinkedKind>
            allowClear
            placeholder={t('stations.filterLinked')}
            aria-label={t('stations.filterLinked')}
            value={linkedKind}
            onChange={(value) => {
              setLinkedKind(value);
              const next = new URLSearchParams(searchParams);
              next.delete('enterpriseId');
              next.delete('ledgerRecordId');
              setSearchParams(next);
              refilter();
            }}
            options={[
              { value: 'enterprise' as const, label: t('stations.linkedEnterprise') },
              ...MONITORED_REGISTRIES.map((key) => {
                const def = findRegistry(key);
                return { value: key, label: def ? (lang === 'en' ? def.en : def.zh) : key };
              }),
            ]}
            popupMatchSelectWidth={false}
            style={{ width: 150, flex: 'none' }}
          />
          {linkedKind && (
            <div style={{ flex: 1, minWidth: 0 }}>
              {linkedKind === 'enterprise' ? (
                <EnterpriseSelect
                  value={enterpriseId ?? null}
                  onChange={(id) => {
                    setParam('enterpriseId', id);
                    refilter();
                  }}
                />
              ) : (
                <RefSelect
                  to={linkedKind}
                  value={ledgerRecordId ?? null}
                  onChange={(id) => {
                    setParam('ledgerRecordId', id);
                    refilter();
                  }}
                />
              )}
            </div>
          )}
        </Space.Compact>
      </div>
      <div data-testid="stations-table">
        <Table<StationView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching && !list.data}
          scroll={{ x: 'max-content' }}
          onRow={(s) => ({ onClick: () => setParam('station', s.id), className: 'clickable-row' })}
          pagination={tablePagination(paging, list.data?.total, setPaging, t)}
          locale={list.isError ? { emptyText: errorMessage(list.error, t) } : undefined}
        />
      </div>
      <StationDetailDrawer id={detailId} onClose={() => setParam('station', null)} editing={editing} />
      {editing.elements}
    </div>
  );
}
