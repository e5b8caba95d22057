/**
 * 事件 (issue #6): every incident the user may see, newest first, filtered by status, class and time of
 * occurrence; 接报 opens the phone-call form. The list refreshes on the command stream (new incidents,
 * re-grades, reports filed) without a reload.
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, DatePicker, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { EVENT_CLASS_LABELS, EVENT_CLASSES, INCIDENT_STATUSES, type IncidentView } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { SearchFilter } from '../../forms/list-filters.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi, commandKeys, type IncidentFilters } from './command-api.ts';
import { statusLabel } from './command-labels.ts';
import { GradeBadge, IncidentLink, LevelTag, NextReportChip, StatusTag } from './command-parts.tsx';
import { useCommandStream, useThrottledInvalidate } from './command-stream.ts';
import { IntakeDrawer } from './intake.drawer.tsx';
import './command.css';

const time = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');

export function IncidentsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const refreshLists = useThrottledInvalidate(commandKeys.lists);
  const [searchParams, setSearchParams] = useSearchParams();
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [status, setStatus] = useState<string[]>([]);
  const [eventClass, setEventClass] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [q, setQ] = useState('');
  const intakeOpen = searchParams.get('intake') === '1';

  const filters: IncidentFilters = {
    ...(status.length > 0 && { status: status.join(',') }),
    ...(eventClass && { eventClass }),
    ...(q && { q }),
    ...(range?.[0] && { from: range[0].startOf('day').toISOString() }),
    ...(range?.[1] && { to: range[1].endOf('day').toISOString() }),
  };
  const params = { ...filters, ...paging };
  const list = useQuery({
    queryKey: commandKeys.list(params),
    queryFn: () => commandApi.list(params),
    placeholderData: keepPreviousData,
  });
  useCommandStream({
    onChange: refreshLists,
    onReconnect: refreshLists,
  });

  const columns: TableColumnsType<IncidentView> = [
    {
      title: t('cmd.incident'),
      dataIndex: 'title',
      render: (_v, r) => (
        <div className="cmd-cell">
          <IncidentLink id={r.id}>{r.title}</IncidentLink>
          <span className="cmd-muted">
            {r.eventTypeLabel ?? t('cmd.type.unclassified')} · {r.townshipName ?? r.regionName}
          </span>
        </div>
      ),
    },
    {
      title: t('cmd.grade'),
      dataIndex: 'grade',
      width: 100,
      render: (_v, r) => <GradeBadge grade={r.grade} />,
    },
    {
      title: t('cmd.level'),
      dataIndex: 'responseLevel',
      width: 110,
      render: (_v, r) => <LevelTag level={r.responseLevel} />,
    },
    {
      title: t('cmd.status'),
      dataIndex: 'status',
      width: 100,
      render: (_v, r) => <StatusTag status={r.status} />,
    },
    { title: t('cmd.occurredAt'), dataIndex: 'occurredAt', width: 150, render: (v: string) => time(v) },
    {
      title: t('cmd.nextReport'),
      key: 'next',
      width: 220,
      render: (_v, r) => (r.status === 'merged' ? '—' : <NextReportChip summary={r.reportingSummary} />),
    },
    { title: t('cmd.openTasks'), dataIndex: 'openTasks', width: 90, align: 'right' },
  ];

  return (
    <div className="admin-page" data-testid="incidents-page">
      <PageHeader
        title={t('cmd.incidents.title')}
        actions={
          can('incident:write') && (
            <Button
              type="primary"
              icon={<PhoneOutlined />}
              onClick={() => setSearchParams({ intake: '1' })}
              data-testid="intake-open"
            >
              {t('cmd.intake.button')}
            </Button>
          )
        }
      />
      <Space wrap className="filter-bar" style={{ marginBottom: 12 }}>
        <SearchFilter
          placeholder={t('cmd.incidents.search')}
          onSearch={(value) => {
            setQ(value);
            setPaging(FIRST_PAGE);
          }}
        />
        <Select<string[]>
          mode="multiple"
          allowClear
          style={{ minWidth: 200 }}
          placeholder={t('cmd.status')}
          aria-label={t('cmd.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            setPaging(FIRST_PAGE);
          }}
          options={INCIDENT_STATUSES.map((s) => ({ value: s, label: statusLabel(s, lang) }))}
        />
        <Select<string>
          allowClear
          style={{ minWidth: 160 }}
          placeholder={t('cmd.eventClass')}
          aria-label={t('cmd.eventClass')}
          value={eventClass}
          onChange={(v) => {
            setEventClass(v);
            setPaging(FIRST_PAGE);
          }}
          options={EVENT_CLASSES.map((c) => ({ value: c, label: EVENT_CLASS_LABELS[c][lang] }))}
        />
        <DatePicker.RangePicker
          value={range}
          onChange={(v) => {
            setRange(v);
            setPaging(FIRST_PAGE);
          }}
          aria-label={t('cmd.occurredAt')}
          placeholder={[t('cmd.incidents.from'), t('cmd.incidents.to')]}
        />
      </Space>
      {list.isError && <Typography.Text type="danger">{errorMessage(list.error, t)}</Typography.Text>}
      <Table<IncidentView>
        rowKey="id"
        size="middle"
        loading={list.isFetching && !list.data}
        dataSource={list.data?.items ?? []}
        columns={columns}
        scroll={{ x: 960 }}
        pagination={tablePagination(paging, list.data?.total, setPaging, t)}
        data-testid="incidents-table"
      />
      <IntakeDrawer open={intakeOpen} onClose={() => setSearchParams({})} />
    </div>
  );
}
