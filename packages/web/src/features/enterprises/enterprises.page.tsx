import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { App, Badge, Button, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { DownloadOutlined, FieldTimeOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  ENTERPRISE_SCALES,
  findRegistry,
  INDUSTRIES,
  RISK_COLOR_FILTERS,
  type EnterpriseListItem,
  type Industry,
  type RiskColorFilter,
} from '@ningan/domain';
import { api, type EnterpriseFilters } from '../../api/endpoints.ts';
import { useRegionNames } from '../../api/queries.ts';
import type { EnterpriseScale, StandardizationGrade } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { RegionFilter, SearchFilter } from '../../forms/list-filters.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { industryLabel, scaleLabel, standardizationGradeLabel } from '../../i18n/labels.ts';
import { EnterpriseDetailDrawer } from './enterprise-detail.drawer.tsx';
import { EnterpriseImportModal } from './enterprise-import.modal.tsx';
import { EnterpriseFormDrawer, type EnterpriseFormTarget } from './enterprise-form.drawer.tsx';
import { EXPIRY_LIST_DAYS, licenceProblemCount, localToday } from './enterprise-model.ts';
import { IndustryText, InsuranceStatus } from './enterprise-tags.tsx';
import { GradeSpecTag } from '../registry/field-value.tsx';
import { gradeSpec } from '../registry/registry-model.ts';

/** The 风险点 register: its grades are the four colours an enterprise's overall risk takes. */
const RISK_POINTS = findRegistry('risk-points')!;
import { useExpiring } from './expiring.page.tsx';

/** Columns the API sorts by (`sort=name`, `sort=-updatedAt`, …). */
type SortField = 'name' | 'industry' | 'regionCode' | 'updatedAt';
const SORT_FIELDS: readonly SortField[] = ['name', 'industry', 'regionCode', 'updatedAt'];

/** 企业台账: search, filter, sort, export; a row opens the detail drawer (`?detail=<id>`). */
export function EnterprisesPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const nameOf = useRegionNames();
  const navigate = useNavigate();
  const [searchParams, setSearchParams] = useSearchParams();
  const detailId = searchParams.get('detail');
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [q, setQ] = useState('');
  const [industry, setIndustry] = useState<Industry | undefined>();
  const [scale, setScale] = useState<EnterpriseScale | undefined>();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [riskColor, setRiskColor] = useState<RiskColorFilter | undefined>();
  const [sort, setSort] = useState<string | undefined>();
  const [target, setTarget] = useState<EnterpriseFormTarget | null>(null);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);

  const filters: EnterpriseFilters = { q: q || undefined, industry, scale, regionCode, riskColor };
  const list = useQuery({
    queryKey: ['enterprises', 'list', { ...paging, ...filters, sort }],
    queryFn: () => api.listEnterprises({ ...paging, ...filters, sort }),
    placeholderData: keepPreviousData,
  });
  const expiring = useExpiring(EXPIRY_LIST_DAYS);
  const refilter = () => setPaging({ ...paging, page: 1 });

  const openDetail = (id: string) => {
    const next = new URLSearchParams(searchParams);
    next.set('detail', id);
    setSearchParams(next);
  };
  const closeDetail = () => {
    const next = new URLSearchParams(searchParams);
    next.delete('detail');
    setSearchParams(next);
  };

  const exportExcel = async () => {
    setExporting(true);
    try {
      await api.exportEnterprises(
        { ...filters, sort },
        `${t('enterprises.exportFileName')}-${dayjs().format('YYYYMMDD')}.xlsx`,
      );
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  };

  const sortOrderOf = (field: SortField) =>
    sort === field ? ('ascend' as const) : sort === `-${field}` ? ('descend' as const) : null;
  const onTableChange: TableProps<EnterpriseListItem>['onChange'] = (
    _pagination,
    _filters,
    sorter,
    extra,
  ) => {
    if (extra.action !== 'sort') return;
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const field = one?.field;
    if (typeof field === 'string' && (SORT_FIELDS as readonly string[]).includes(field) && one?.order)
      setSort(one.order === 'descend' ? `-${field}` : field);
    else setSort(undefined);
    refilter();
  };

  const today = localToday();
  const columns: TableColumnsType<EnterpriseListItem> = [
    {
      title: t('enterprises.name'),
      dataIndex: 'name',
      fixed: 'left',
      sorter: true,
      sortOrder: sortOrderOf('name'),
      render: (name: string, e) => (
        <span className="enterprise-name">
          <Typography.Link
            onClick={(event) => {
              event.stopPropagation();
              openDetail(e.id);
            }}
          >
            {name}
          </Typography.Link>
          {e.isDemo && (
            <Tag color="orange" className="demo-tag">
              {t('app.demoTag')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('enterprises.creditCode'),
      dataIndex: 'creditCode',
      render: (code: string) => <span className="tabular mono">{code}</span>,
    },
    {
      title: t('enterprises.industry'),
      dataIndex: 'industry',
      sorter: true,
      sortOrder: sortOrderOf('industry'),
      render: (value: Industry) => <IndustryText industry={value} />,
    },
    {
      title: t('enterprises.riskColorShort'),
      dataIndex: 'riskColor',
      render: (value: string | null) => {
        const spec = gradeSpec(RISK_POINTS, value);
        return spec ? <GradeSpecTag spec={spec} /> : <Typography.Text type="secondary">—</Typography.Text>;
      },
    },
    {
      title: t('enterprises.scale'),
      dataIndex: 'scale',
      render: (value: EnterpriseScale) => scaleLabel(value, lang),
    },
    {
      title: t('enterprises.region'),
      dataIndex: 'regionCode',
      sorter: true,
      sortOrder: sortOrderOf('regionCode'),
      render: (code: string) => nameOf(code),
    },
    {
      title: t('enterprises.safetyManager'),
      dataIndex: 'safetyManager',
      render: (name: string | null, e) =>
        name || e.safetyManagerPhone ? (
          <Space size={6} wrap>
            {name && <span>{name}</span>}
            {e.safetyManagerPhone && (
              <a href={`tel:${e.safetyManagerPhone}`} onClick={(event) => event.stopPropagation()}>
                {e.safetyManagerPhone}
              </a>
            )}
          </Space>
        ) : (
          '—'
        ),
    },
    {
      title: t('enterprises.standardizationGrade'),
      dataIndex: 'standardizationGrade',
      render: (grade: StandardizationGrade) => standardizationGradeLabel(grade, lang),
    },
    {
      title: t('enterprises.insurance'),
      key: 'insurance',
      render: (_: unknown, e) => <InsuranceStatus enterprise={e} />,
    },
    {
      title: t('enterprises.licences'),
      key: 'licences',
      render: (_: unknown, e) => {
        const expired = licenceProblemCount(e, 'expired', today);
        const soon = licenceProblemCount(e, 'soon', today);
        return (
          <Space size={4} wrap>
            <span className="tabular">{e.licences.length}</span>
            {expired > 0 && <Tag color="red">{t('enterprises.licencesExpired', { count: expired })}</Tag>}
            {soon > 0 && <Tag color="orange">{t('enterprises.licencesSoon', { count: soon })}</Tag>}
          </Space>
        );
      },
    },
    {
      title: t('enterprises.updatedAt'),
      dataIndex: 'updatedAt',
      sorter: true,
      sortOrder: sortOrderOf('updatedAt'),
      render: (at: string) => <span className="tabular">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span>,
    },
    ...(can('enterprise:write')
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, e: EnterpriseListItem) => (
              <Button
                type="link"
                size="small"
                onClick={(event) => {
                  event.stopPropagation();
                  setTarget({ mode: 'edit', enterprise: e });
                }}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const expiringCount = expiring.data?.length ?? 0;
  return (
    <div className="admin-page">
      <PageHeader
        title={t('enterprises.title')}
        actions={
          <>
            <Badge count={expiringCount} size="small" overflowCount={999} offset={[-4, 2]}>
              <Button
                icon={<FieldTimeOutlined />}
                onClick={() => void navigate('/ledger/enterprises/expiring')}
              >
                {t('nav.expiring')}
              </Button>
            </Badge>
            <Button
              icon={<DownloadOutlined />}
              loading={exporting}
              onClick={() => void exportExcel()}
              data-testid="enterprise-export"
            >
              {t('enterprises.export')}
            </Button>
            {can('enterprise:write') && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => setImporting(true)}
                data-testid="enterprise-import"
              >
                {t('import.open')}
              </Button>
            )}
            {can('enterprise:write') && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setTarget({ mode: 'create' })}
                data-testid="enterprise-create"
              >
                {t('enterprises.create')}
              </Button>
            )}
          </>
        }
      />
      <div className="filter-bar">
        <SearchFilter
          placeholder={t('enterprises.search')}
          onSearch={(value) => {
            setQ(value);
            refilter();
          }}
          width={260}
        />
        <Select<Industry>
          allowClear
          placeholder={t('enterprises.industry')}
          aria-label={t('enterprises.filterIndustry')}
          value={industry}
          onChange={(value) => {
            setIndustry(value);
            refilter();
          }}
          options={INDUSTRIES.map((value) => ({ value, label: industryLabel(value, lang) }))}
          popupMatchSelectWidth={false}
          style={{ width: 170 }}
        />
        <Select<EnterpriseScale>
          allowClear
          placeholder={t('enterprises.scale')}
          aria-label={t('enterprises.filterScale')}
          value={scale}
          onChange={(value) => {
            setScale(value);
            refilter();
          }}
          options={ENTERPRISE_SCALES.map((value) => ({ value, label: scaleLabel(value, lang) }))}
          popupMatchSelectWidth={false}
          style={{ width: 120 }}
        />
        <Select<RiskColorFilter>
          allowClear
          placeholder={t('enterprises.riskColorShort')}
          aria-label={t('enterprises.filterRiskColor')}
          value={riskColor}
          onChange={(value) => {
            setRiskColor(value);
            refilter();
          }}
          options={RISK_COLOR_FILTERS.map((value) => {
            const spec = gradeSpec(RISK_POINTS, value);
            return { value, label: spec ? <GradeSpecTag spec={spec} /> : t('enterprises.riskColorNone') };
          })}
          popupMatchSelectWidth={false}
          style={{ width: 130 }}
          data-testid="enterprise-risk-filter"
        />
        <RegionFilter
          value={regionCode}
          onChange={(code) => {
            setRegionCode(code);
            refilter();
          }}
        />
      </div>
      <div data-testid="enterprises-table">
        <Table<EnterpriseListItem>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          onChange={onTableChange}
          onRow={(e) => ({ onClick: () => openDetail(e.id), className: 'clickable-row' })}
          pagination={tablePagination(paging, list.data?.total, setPaging, t)}
          locale={list.isError ? { emptyText: errorMessage(list.error, t) } : undefined}
        />
      </div>
      <EnterpriseDetailDrawer
        id={detailId}
        onClose={closeDetail}
        onEdit={(enterprise) => setTarget({ mode: 'edit', enterprise })}
      />
      <EnterpriseImportModal open={importing} onClose={() => setImporting(false)} />
      <EnterpriseFormDrawer
        target={target}
        onClose={() => setTarget(null)}
        onSaved={(saved, created) => {
          if (created) openDetail(saved.id);
        }}
      />
    </div>
  );
}
