/**
 * 告警中心 (issue #4 parts 6–7): the alarms of the user's jurisdiction, live — new alarms and every change
 * arrive over the live stream without a reload; unacknowledged red/orange rows flash (and ring, when the
 * user has turned sound on) until someone acknowledges them. Filters: status (default the open ones),
 * level, township, text, time raised; sorted newest or most severe first. A row opens the detail with its
 * history and actions. `?alarm=<id>` opens one alarm (links from elsewhere).
 */
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import {
  App,
  Badge,
  Button,
  DatePicker,
  Grid,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { SoundOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  ALARM_LEVELS,
  ALARM_STATUSES,
  OPEN_ALARM_STATUSES,
  type AlarmLevel,
  type AlarmStatus,
  type AlarmView,
} from '@ningan/domain';
import { useLiveStream } from '../../api/live-stream.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { alarmLevelLabel } from '../monitoring/monitoring-labels.ts';
import { RegionSelect } from '../regions/region-select.tsx';
import { AlarmDetailDrawer } from './alarm-detail.drawer.tsx';
import { setSoundEnabled, useSoundEnabled } from './alarm-sound.ts';
import { alarmKeys, alarmsApi, type AlarmFilters } from './alarms-api.ts';
import { isUrgent, statusLabel, STATUS_COLORS } from './alarms-model.ts';
import { LevelChip } from './level-chip.tsx';
import './alarms.css';

const time = (at: string) => dayjs(at).format('MM-DD HH:mm:ss');

export function AlarmsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isPhone = Grid.useBreakpoint().md === false;
  const [searchParams, setSearchParams] = useSearchParams();
  const openId = searchParams.get('alarm');
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [status, setStatus] = useState<AlarmStatus[]>([...OPEN_ALARM_STATUSES]);
  const [level, setLevel] = useState<AlarmLevel[]>([]);
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [q, setQ] = useState('');
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [sort, setSort] = useState<'newest' | 'severity'>('newest');
  const sound = useSoundEnabled();
  const live = useLiveStream();

  const filters: AlarmFilters = {
    status,
    level,
    regionCode,
    q: q.trim() || undefined,
    from: range?.[0]?.toISOString(),
    to: range?.[1]?.toISOString(),
    sort,
  };
  const list = useQuery({
    queryKey: alarmKeys.list({ ...paging, ...filters }),
    queryFn: () => alarmsApi.list({ ...paging, ...filters }),
    placeholderData: keepPreviousData,
    // Without the live stream the list is polled.
    refetchInterval: live === 'open' ? false : 15_000,
  });
  const summary = useQuery({ queryKey: alarmKeys.summary, queryFn: () => alarmsApi.summary() });

  const acknowledge = useMutation({
    mutationFn: (id: string) => alarmsApi.acknowledge(id),
    onSuccess: async (updated) => {
      queryClient.setQueryData(alarmKeys.detail(updated.id), updated);
      void message.success(t('alarms.done.acknowledge'));
      await queryClient.invalidateQueries({ queryKey: alarmKeys.lists });
      await queryClient.invalidateQueries({ queryKey: alarmKeys.summary });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const open = (id: string | null) => {
    const next = new URLSearchParams(searchParams);
    if (id) next.set('alarm', id);
    else next.delete('alarm');
    setSearchParams(next);
  };
  const reset =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      set(v);
      setPaging({ ...paging, page: 1 });
    };

  const columns: TableColumnsType<AlarmView> = [
    {
      title: t('alarms.level'),
      dataIndex: 'level',
      width: 96,
      render: (l: AlarmLevel) => <LevelChip level={l} />,
    },
    {
      title: t('alarms.station'),
      key: 'station',
      render: (_: unknown, a) => (
        <div className="alarm-cell">
          <Typography.Text strong>{a.stationName ?? a.subject}</Typography.Text>
          {a.stationCode && (
            <Typography.Text type="secondary" className="mono">
              {a.stationCode}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('alarms.region'),
      dataIndex: 'regionName',
      responsive: ['md'],
      render: (n: string | null, a) => n ?? a.regionCode,
    },
    { title: t('alarms.rule'), dataIndex: 'ruleName', responsive: ['lg'] },
    {
      title: t('alarms.raisedAt'),
      dataIndex: 'raisedAt',
      render: (at: string, a) => (
        <div className="alarm-cell tabular">
          <span>{time(at)}</span>
          {a.levelChangedAt !== a.raisedAt && (
            <Typography.Text type="secondary" title={t('alarms.levelChangedAt')}>
              ↑ {time(a.levelChangedAt)}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('alarms.status'),
      dataIndex: 'status',
      render: (s: AlarmStatus, a) => (
        <Space size={4} wrap>
          <Tag color={STATUS_COLORS[s]} data-testid="alarm-row-status">
            {statusLabel(s, lang)}
          </Tag>
          {a.incidentId && <Tag color="volcano">{t('alarms.incidentShort')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('alarms.assignee'),
      dataIndex: 'assigneeName',
      responsive: ['lg'],
      render: (n: string | null) => n ?? '—',
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, a) => (
        <Space size={0}>
          {a.status === 'active' && can('alarm:handle') && (
            <Button
              type="link"
              size="small"
              data-testid="alarm-row-acknowledge"
              loading={acknowledge.isPending && acknowledge.variables === a.id}
              onClick={(e) => {
                e.stopPropagation();
                acknowledge.mutate(a.id);
              }}
            >
              {t('alarms.action.acknowledge')}
            </Button>
          )}
          <Button
            type="link"
            size="small"
            onClick={(e) => {
              e.stopPropagation();
              open(a.id);
            }}
          >
            {t('alarms.open')}
          </Button>
        </Space>
      ),
    },
  ];

  // A phone shows the level, the station with its rule and time, and the status; the row opens the detail.
  const phoneColumns: TableColumnsType<AlarmView> = [
    columns[0]!,
    {
      title: t('alarms.station'),
      key: 'station',
      render: (_: unknown, a) => (
        <div className="alarm-cell">
          <Typography.Text strong>{a.stationName ?? a.subject}</Typography.Text>
          <Typography.Text type="secondary">{a.ruleName}</Typography.Text>
          <Typography.Text type="secondary" className="tabular">
            {time(a.levelChangedAt)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('alarms.status'),
      dataIndex: 'status',
      width: 80,
      render: (st: AlarmStatus) => (
        <Tag color={STATUS_COLORS[st]} data-testid="alarm-row-status">
          {statusLabel(st, lang)}
        </Tag>
      ),
    },
  ];
  const s = summary.data;
  return (
    <div className="admin-page" data-testid="alarms-page">
      <PageHeader
        title={t('nav.alarms')}
        actions={
          <Space size={12} wrap>
            <Tooltip title={live === 'open' ? t('alarms.live.open') : t('alarms.live.down')}>
              <span data-testid="alarms-live" data-status={live}>
                <Badge
                  status={live === 'open' ? 'success' : live === 'connecting' ? 'processing' : 'default'}
                />
                {live === 'open' ? t('alarms.live') : t('alarms.live.connecting')}
              </span>
            </Tooltip>
            <label className="alarm-sound-toggle">
              <SoundOutlined />
              <span>{t('alarms.sound')}</span>
              <Switch
                size="small"
                checked={sound}
                onChange={(on) => setSoundEnabled(on)}
                aria-label={t('alarms.sound')}
                data-testid="alarm-sound"
              />
            </label>
          </Space>
        }
      />
      {s && (
        <div className="alarm-summary" data-testid="alarm-summary">
          <Typography.Text>
            {t('alarms.summary', { open: s.open, unacknowledged: s.unacknowledged })}
          </Typography.Text>
          <Space size={6} wrap>
            {[...ALARM_LEVELS].reverse().map((l) => (
              <Tag
                key={l}
                className="alarm-summary__level"
                onClick={() => reset(setLevel)(level.length === 1 && level[0] === l ? [] : [l])}
                title={alarmLevelLabel(l, lang)}
              >
                <LevelChip level={l} /> {s.openByLevel[l]}
              </Tag>
            ))}
          </Space>
        </div>
      )}
      <div className="filter-bar">
        <Select<AlarmStatus[]>
          mode="multiple"
          allowClear
          maxTagCount="responsive"
          placeholder={t('alarms.status')}
          aria-label={t('alarms.status')}
          value={status}
          onChange={reset(setStatus)}
          options={ALARM_STATUSES.map((v) => ({ value: v, label: statusLabel(v, lang) }))}
          style={{ minWidth: 220, maxWidth: '100%' }}
          data-testid="alarms-status-filter"
        />
        <Select<AlarmLevel[]>
          mode="multiple"
          allowClear
          placeholder={t('alarms.level')}
          aria-label={t('alarms.level')}
          value={level}
          onChange={reset(setLevel)}
          options={[...ALARM_LEVELS].reverse().map((v) => ({ value: v, label: alarmLevelLabel(v, lang) }))}
          style={{ minWidth: 180, maxWidth: '100%' }}
        />
        <RegionSelect depth="any" allowEmpty value={regionCode} onChange={reset(setRegionCode)} />
        <Input.Search
          allowClear
          placeholder={t('alarms.search')}
          aria-label={t('alarms.search')}
          onSearch={reset(setQ)}
          style={{ width: 220, maxWidth: '100%' }}
        />
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          value={range}
          onChange={(v) => reset(setRange)(v)}
          aria-label={t('alarms.raisedAt')}
        />
        <Select<'newest' | 'severity'>
          value={sort}
          onChange={reset(setSort)}
          aria-label={t('alarms.sort')}
          options={[
            { value: 'newest', label: t('alarms.sort.newest') },
            { value: 'severity', label: t('alarms.sort.severity') },
          ]}
          style={{ width: 140 }}
        />
      </div>
      <div data-testid="alarms-table">
        <Table<AlarmView>
          rowKey="id"
          size="middle"
          columns={isPhone ? phoneColumns : columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching && !list.data}
          scroll={isPhone ? undefined : { x: 'max-content' }}
          rowClassName={(a) =>
            isUrgent(a) ? `alarm-row alarm-row--flash alarm-row--${a.level}` : 'alarm-row'
          }
          onRow={(a) => ({ onClick: () => open(a.id), 'data-alarm-id': a.id }) as object}
          pagination={tablePagination(paging, list.data?.total, setPaging, t)}
          locale={{ emptyText: list.isError ? errorMessage(list.error, t) : t('alarms.none') }}
        />
      </div>
      <AlarmDetailDrawer id={openId} onClose={() => open(null)} />
    </div>
  );
}
