/**
 * 预警规则: the alarm rules in the user's jurisdiction — station, template, version, the open alarm's level
 * and an enabled switch (audited by the server) — filtered by station and enabled, searched by name. A row
 * opens the editor; with `monitoring:write` a new rule can be made.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Button, Grid, Input, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { AlarmRuleView } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { monitoringApi, monitoringKeys } from '../monitoring/monitoring-api.ts';
import { EnabledSwitch, LevelChip, StationSelect } from './rule-parts.tsx';
import { templateName } from './rules-labels.ts';
import { ruleKeys, rulesApi, type RuleFilters } from './rules-api.ts';
import './rules.css';

type EnabledFilter = 'enabled' | 'disabled';

export function RulesPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const canWrite = can('monitoring:write');
  const wide = Grid.useBreakpoint().md ?? true;
  const [stationId, setStationId] = useState<string | undefined>();
  const [enabled, setEnabled] = useState<EnabledFilter | undefined>();
  const [q, setQ] = useState('');

  const stations = useQuery({
    queryKey: monitoringKeys.allStations,
    queryFn: () => monitoringApi.allStations(),
  });
  const filters: RuleFilters = {
    ...(stationId && { stationId }),
    ...(enabled && { enabled: enabled === 'enabled' }),
  };
  const list = useQuery({
    queryKey: ruleKeys.list(filters),
    queryFn: () => rulesApi.list(filters),
    placeholderData: keepPreviousData,
  });

  const needle = q.trim().toLowerCase();
  const rows = (list.data ?? []).filter(
    (r) =>
      !needle ||
      [r.name, r.stationName ?? '', templateName(r.template, lang), r.definition.subject].some((text) =>
        text.toLowerCase().includes(needle),
      ),
  );

  const columns: TableColumnsType<AlarmRuleView> = [
    {
      title: t('rules.name'),
      dataIndex: 'name',
      // A phone wraps the name, so its version, alarm and switch stay in view.
      width: wide ? 260 : 130,
      ellipsis: wide,
      render: (name: string, r) => (
        <Typography.Link
          title={name}
          onClick={(event) => {
            event.stopPropagation();
            void navigate(`/network/rules/${r.id}`);
          }}
        >
          {name}
        </Typography.Link>
      ),
    },
    {
      title: t('rules.station'),
      key: 'station',
      width: 240,
      ellipsis: true,
      // On a phone the rule's name (which names its station) stands for it.
      responsive: ['md'],
      render: (_: unknown, r) => (
        <div className="rules-station">
          <span title={r.stationName ?? undefined}>{r.stationName ?? '—'}</span>
          <span className="mono rules-subject">{r.definition.subject}</span>
        </div>
      ),
    },
    {
      title: t('rules.template'),
      dataIndex: 'template',
      width: 170,
      ellipsis: true,
      responsive: ['md'],
      render: (tpl: string | null) => templateName(tpl, lang),
    },
    {
      title: t('rules.version'),
      dataIndex: 'version',
      width: wide ? 90 : 80,
      render: (v: number) => <Tag data-testid="rule-version">{t('rules.versionN', { version: v })}</Tag>,
    },
    {
      title: t('rules.alarm'),
      dataIndex: 'activeLevel',
      width: wide ? 110 : 96,
      render: (level: AlarmRuleView['activeLevel'], r) =>
        level ? (
          <LevelChip level={level} />
        ) : (
          <Typography.Text type="secondary">{r.enabled ? t('rules.noAlarm') : '—'}</Typography.Text>
        ),
    },
    {
      title: t('rules.enabled'),
      key: 'enabled',
      width: 60,
      render: (_: unknown, r) => <EnabledSwitch rule={r} disabled={!canWrite} />,
    },
    {
      title: t('rules.updatedAt'),
      dataIndex: 'updatedAt',
      width: 150,
      responsive: ['lg'],
      render: (at: string) => <span className="tabular">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span>,
    },
  ];

  return (
    <div className="admin-page" data-testid="rules-page">
      <PageHeader
        title={t('rules.title')}
        actions={
          canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() =>
                void navigate(stationId ? `/network/rules/new?stationId=${stationId}` : '/network/rules/new')
              }
              data-testid="rule-create"
            >
              {t('rules.create')}
            </Button>
          )
        }
      />
      <div className="filter-bar">
        <Input.Search
          allowClear
          placeholder={t('rules.search')}
          aria-label={t('common.search')}
          onSearch={setQ}
          onChange={(e) => {
            if (!e.target.value) setQ('');
          }}
          style={{ width: 260, maxWidth: '100%' }}
          data-testid="rules-search"
        />
        <StationSelect
          stations={stations.data ?? []}
          value={stationId}
          onChange={setStationId}
          placeholder={t('rules.filterStation')}
          allowClear
          loading={stations.isPending}
          style={{ width: 260, maxWidth: '100%' }}
        />
        <Select<EnabledFilter>
          allowClear
          placeholder={t('rules.filterEnabled')}
          aria-label={t('rules.filterEnabled')}
          value={enabled}
          onChange={setEnabled}
          options={[
            { value: 'enabled', label: t('rules.enabledOnly') },
            { value: 'disabled', label: t('rules.disabledOnly') },
          ]}
          style={{ width: 130 }}
        />
      </div>
      <div data-testid="rules-table">
        <Table<AlarmRuleView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isFetching && !list.data}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({
            onClick: () => void navigate(`/network/rules/${r.id}`),
            className: 'clickable-row',
          })}
          pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
          locale={{ emptyText: list.isError ? errorMessage(list.error, t) : t('rules.empty') }}
        />
      </div>
    </div>
  );
}
