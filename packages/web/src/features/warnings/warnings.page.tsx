/**
 * 预警发布 (issue #5): the warnings by where they stand — 草稿, 审核中, 待签发, 生效中, 已解除·已过期 — and the
 * warnings received from outside (外部预警). Published rows show the 公众覆盖率 and the 叫应 answered/total.
 * `?tab=` keeps the tab in the address.
 */
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button, Grid, Input, Segmented, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { WARNING_HAZARD_LABELS, WARNING_HAZARDS, type WarningHazard } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ExternalWarningsPanel } from './external-warnings.tsx';
import { WarningLevelChip } from './warning-level.tsx';
import { hazardLabel } from './warnings-labels.ts';
import { warningKeys, warningsApi } from './warnings-api.ts';
import {
  ENDED_PHASES,
  formatRate,
  LIST_TABS,
  rateOf,
  tabFilters,
  type EndedPhase,
  type ListTab,
} from './warnings-model.ts';
import type { WarningLevelKey, WarningView } from './warnings-types.ts';
import './warnings.css';

const time = (at: string | null) => (at ? dayjs(at).format('MM-DD HH:mm') : '—');
const LEVELS: WarningLevelKey[] = ['red', 'orange', 'yellow', 'blue'];

export function WarningsPage() {
  const { t } = useI18n();
  const { can } = useSession();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const tabParam = searchParams.get('tab');
  const tab: ListTab = (LIST_TABS as readonly string[]).includes(tabParam ?? '')
    ? (tabParam as ListTab)
    : 'active';
  return (
    <div className="admin-page" data-testid="warnings-page">
      <PageHeader
        title={t('nav.warnings')}
        actions={
          <Space wrap>
            <Button href="/public/warnings" target="_blank">
              {t('warnings.publicPage')}
            </Button>
            {can('warning:draft') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                data-testid="warning-new"
                onClick={() => void navigate('/warnings/new')}
              >
                {t('warnings.new')}
              </Button>
            )}
          </Space>
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearchParams({ tab: key })}
        data-testid="warnings-tabs"
        items={LIST_TABS.map((key) => ({
          key,
          label: t(`warnings.tab.${key}`),
          children:
            key === 'external' ? <ExternalWarningsPanel /> : tab === key ? <WarningList tab={key} /> : null,
        }))}
      />
    </div>
  );
}

function WarningList({ tab }: { tab: Exclude<ListTab, 'external'> }) {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const isPhone = Grid.useBreakpoint().md === false;
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [hazard, setHazard] = useState<WarningHazard | undefined>();
  const [ended, setEnded] = useState<EndedPhase>('cancelled');
  const [level, setLevel] = useState<WarningLevelKey | undefined>();
  const [q, setQ] = useState('');
  const published = tab === 'active' || tab === 'ended';
  const filters = { ...tabFilters(tab, ended), hazard, level, q: q.trim() || undefined };
  const list = useQuery({
    queryKey: warningKeys.list({ ...paging, ...filters }),
    queryFn: () => warningsApi.list({ ...paging, ...filters }),
    placeholderData: keepPreviousData,
    refetchInterval: published ? 10_000 : 30_000,
  });

  const columns: TableColumnsType<WarningView> = [
    {
      title: t('warnings.level'),
      key: 'level',
      dataIndex: 'level',
      width: 96,
      render: (l: WarningLevelKey) => <WarningLevelChip level={l} />,
    },
    {
      title: t('warnings.headline'),
      key: 'headline',
      render: (_: unknown, w) => (
        <div className="warning-cell">
          <Link to={`/warnings/${w.id}`} onClick={(e) => e.stopPropagation()}>
            {w.headline}
          </Link>
          <Space size={4} wrap>
            <Typography.Text type="secondary">{hazardLabel(w.hazard, lang)}</Typography.Text>
            {w.msgType !== 'Alert' && <Tag>{t(`warnings.msgType.${w.msgType}`)}</Tag>}
            {w.capStatus !== 'Actual' && <Tag color="purple">{t(`warnings.capStatus.${w.capStatus}`)}</Tag>}
            {w.state === 'rejected' && <Tag color="red">{t('warnings.state.rejected')}</Tag>}
          </Space>
        </div>
      ),
    },
    {
      title: t('warnings.area'),
      key: 'area',
      responsive: ['md'],
      render: (_: unknown, w) => (
        <div className="warning-cell">
          <span>{t('warnings.townshipsCount', { count: w.townships })}</span>
          <Typography.Text type="secondary">
            {t('warnings.peopleCount', { count: w.estimatedPopulation.toLocaleString() })}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: published ? t('warnings.sentAt') : t('warnings.effective'),
      key: 'times',
      render: (_: unknown, w) => (
        <div className="warning-cell tabular">
          <span>{time(published ? w.sentAt : w.effectiveAt)}</span>
          <Typography.Text type="secondary">
            {t('warnings.until')} {time(w.expiresAt)}
          </Typography.Text>
        </div>
      ),
    },
    ...(published
      ? [
          {
            title: t('warnings.coverage'),
            key: 'coverage',
            render: (_: unknown, w: WarningView) => <CoverageCell id={w.id} />,
          },
          {
            title: t('warnings.calls'),
            key: 'calls',
            render: (_: unknown, w: WarningView) => <CallsCell id={w.id} />,
          },
          {
            title: t('warnings.phase'),
            dataIndex: 'phase',
            render: (p: WarningView['phase']) =>
              p ? <Tag color={p === 'active' ? 'red' : 'default'}>{t(`warnings.phase.${p}`)}</Tag> : '—',
          },
        ]
      : []),
  ];

  return (
    <>
      <div className="filter-bar">
        {tab === 'ended' && (
          <Segmented<EndedPhase>
            value={ended}
            onChange={(v) => {
              setEnded(v);
              setPaging({ ...paging, page: 1 });
            }}
            options={ENDED_PHASES.map((p) => ({ value: p, label: t(`warnings.phase.${p}`) }))}
            data-testid="warnings-ended-phase"
          />
        )}
        <Select<WarningHazard>
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('warnings.hazard')}
          aria-label={t('warnings.hazard')}
          value={hazard}
          onChange={(v) => {
            setHazard(v);
            setPaging({ ...paging, page: 1 });
          }}
          options={WARNING_HAZARDS.map((h) => ({ value: h, label: WARNING_HAZARD_LABELS[h][lang] }))}
          style={{ width: 160 }}
        />
        <Select<WarningLevelKey>
          allowClear
          placeholder={t('warnings.level')}
          aria-label={t('warnings.level')}
          value={level}
          onChange={(v) => {
            setLevel(v);
            setPaging({ ...paging, page: 1 });
          }}
          options={LEVELS.map((l) => ({ value: l, label: t(`warnings.levelName.${l}`) }))}
          style={{ width: 160 }}
        />
        <Input.Search
          allowClear
          placeholder={t('warnings.search')}
          aria-label={t('warnings.search')}
          onSearch={(v) => {
            setQ(v);
            setPaging({ ...paging, page: 1 });
          }}
          style={{ width: 240, maxWidth: '100%' }}
        />
      </div>
      <div data-testid="warnings-table">
        <Table<WarningView>
          rowKey="id"
          size="middle"
          columns={isPhone ? columns.filter((c) => c.key === 'headline' || c.key === 'level') : columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching && !list.data}
          scroll={isPhone ? undefined : { x: 'max-content' }}
          rowClassName={() => 'warning-row'}
          onRow={(w) =>
            ({ onClick: () => void navigate(`/warnings/${w.id}`), 'data-warning-id': w.id }) as object
          }
          pagination={tablePagination(paging, list.data?.total, setPaging, t)}
          locale={{ emptyText: list.isError ? errorMessage(list.error, t) : t('warnings.none') }}
        />
      </div>
    </>
  );
}

/** The row's 公众覆盖率 (delivered / targeted, public audience), from its progress; refreshed with the list. */
function CoverageCell({ id }: { id: string }) {
  const progress = useQuery({
    queryKey: warningKeys.progress(id),
    queryFn: () => warningsApi.progress(id),
    staleTime: 10_000,
    refetchInterval: 30_000,
  });
  return (
    <span className="tabular" data-testid="warning-row-coverage">
      {progress.data ? formatRate(rateOf(progress.data.coverage.public)) : '—'}
    </span>
  );
}

/** The row's 叫应 answered / total. */
function CallsCell({ id }: { id: string }) {
  const board = useQuery({
    queryKey: warningKeys.calls(id),
    queryFn: () => warningsApi.calls(id),
    staleTime: 10_000,
    refetchInterval: 30_000,
  });
  const b = board.data;
  return (
    <span className="tabular" data-testid="warning-row-calls">
      {b && b.total > 0 ? `${b.answered}/${b.total}` : '—'}
    </span>
  );
}
