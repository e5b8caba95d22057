import { useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { App, Button, Dropdown, Result, Select, Table, Tag, Typography } from 'antd';
import type { TableColumnsType, TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  findRegistry,
  optionLabel,
  type LedgerRecordView,
  type RegistryDef,
  type ScalarField,
} from '@ningan/domain';
import { useRegionNames } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { RegionFilter, SearchFilter } from '../../forms/list-filters.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { FieldValue, GradeSpecTag, GradeTag } from './field-value.tsx';
import { RegistryImportModal } from './registry-import.modal.tsx';
import { ledgerApi, ledgerKeys, type ExportFormat, type LedgerFilters } from './registry-api.ts';
import { RegistryDetailDrawer } from './registry-detail.drawer.tsx';
import { RegistryFormDrawer, type RegistryFormTarget } from './registry-form.drawer.tsx';
import { gradeEnumField, hasOwnGrade, labelOf, listFields, listFilters, sortKeys } from './registry-model.ts';
import './registry.css';

/** `/ledger/:registry`: any registry of the county ledger by its key; an unknown key is a plain 404. */
export function RegistryPage() {
  const { t } = useI18n();
  const { registry = '' } = useParams();
  const def = findRegistry(registry);
  if (!def)
    return (
      <Result
        status="404"
        title={t('registry.unknown')}
        subTitle={t('registry.unknownHint', { key: registry })}
        extra={
          <Button type="primary" href="/ledger">
            {t('registry.backToLedger')}
          </Button>
        }
        data-testid="registry-not-found"
      />
    );
  // A fresh list (filters, page, sort) for every registry.
  return <RegistryList key={def.key} def={def} />;
}

/** The filter of one field: an option of an enum or multi field, or yes/no of a bool. */
function FieldFilter({
  field,
  value,
  onChange,
  def,
}: {
  field: ScalarField;
  value: string | undefined;
  onChange: (value: string | undefined) => void;
  def: RegistryDef;
}) {
  const { t, lang } = useI18n();
  const label = labelOf(field, lang);
  const asGrade = gradeEnumField(def) === field;
  const options =
    field.type === 'bool'
      ? [
          { value: 'true', label: t('common.yes') },
          { value: 'false', label: t('common.no') },
        ]
      : field.type === 'enum' || field.type === 'multi'
        ? field.options.map((option) => {
            const spec = asGrade ? def.grades?.find((g) => g.key === option) : undefined;
            return { value: option, label: spec ? <GradeSpecTag spec={spec} /> : optionLabel(option, lang) };
          })
        : [];
  return (
    <Select<string>
      allowClear
      placeholder={label}
      aria-label={t('registry.filterBy', { label })}
      value={value}
      onChange={onChange}
      options={options}
      popupMatchSelectWidth={false}
      // Wide enough for the field's name as placeholder (CJK characters ≈ 14 px each).
      style={{ width: Math.min(220, Math.max(110, label.length * 14 + 44)) }}
      data-testid={`registry-filter-${field.key}`}
    />
  );
}

function RegistryList({ def }: { def: RegistryDef }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const nameOf = useRegionNames();
  const [searchParams, setSearchParams] = useSearchParams();
  const openId = searchParams.get('open');
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [q, setQ] = useState('');
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [grade, setGrade] = useState<string | undefined>();
  const [fieldFilters, setFieldFilters] = useState<Record<string, string | undefined>>({});
  const [sort, setSort] = useState<string | undefined>();
  const [target, setTarget] = useState<RegistryFormTarget | null>(null);
  const [exporting, setExporting] = useState(false);
  const [importing, setImporting] = useState(false);

  const name = labelOf(def, lang);
  const canWrite = can(def.writePermission);
  // ?enterprise=<id>: the list of one enterprise's records (linked from its 风险与台账 tab).
  const enterpriseId = def.enterprise === 'none' ? null : searchParams.get('enterprise');
  const filters: LedgerFilters = {
    q: q || undefined,
    regionCode,
    grade,
    enterpriseId: enterpriseId ?? undefined,
    ...fieldFilters,
  };
  const list = useQuery({
    queryKey: ledgerKeys.list(def.key, { ...paging, ...filters, sort }),
    queryFn: () => ledgerApi.list(def.key, { ...paging, ...filters, sort }),
    placeholderData: keepPreviousData,
  });
  const refilter = () => setPaging({ ...paging, page: 1 });

  const openDetail = (id: string) => {
    const next = new URLSearchParams(searchParams);
    next.set('open', id);
    setSearchParams(next);
  };
  const closeDetail = () => {
    const next = new URLSearchParams(searchParams);
    next.delete('open');
    setSearchParams(next);
  };

  const exportList = async (format: ExportFormat) => {
    setExporting(true);
    try {
      await ledgerApi.exportList(
        def.key,
        format,
        { ...filters, sort },
        `${name}-${dayjs().format('YYYYMMDD')}.${format}`,
      );
    } catch (error) {
      void message.error(errorMessage(error, t));
    } finally {
      setExporting(false);
    }
  };

  const sortable = sortKeys(def);
  const sortOrderOf = (key: string) =>
    sort === key ? ('ascend' as const) : sort === `-${key}` ? ('descend' as const) : null;
  const sorted = (key: string) => ({ key, sorter: true, sortOrder: sortOrderOf(key) });
  const onTableChange: TableProps<LedgerRecordView>['onChange'] = (_pagination, _filters, sorter, extra) => {
    if (extra.action !== 'sort') return;
    const one = Array.isArray(sorter) ? sorter[0] : sorter;
    const key = one?.columnKey;
    if (typeof key === 'string' && sortable.includes(key) && one?.order)
      setSort(one.order === 'descend' ? `-${key}` : key);
    else setSort(undefined);
    refilter();
  };

  const gradeField = gradeEnumField(def);
  const ownGrade = hasOwnGrade(def);
  const columns: TableColumnsType<LedgerRecordView> = [
    {
      title: labelOf(def.nameLabel, lang),
      dataIndex: 'name',
      fixed: 'left',
      ...sorted('name'),
      render: (value: string, r) => (
        <span className="registry-name">
          <Typography.Link
            onClick={(event) => {
              event.stopPropagation();
              openDetail(r.id);
            }}
          >
            {value}
          </Typography.Link>
          {r.isDemo && (
            <Tag color="orange" className="demo-tag">
              {t('app.demoTag')}
            </Tag>
          )}
        </span>
      ),
    },
    {
      title: t('registry.region'),
      dataIndex: 'regionCode',
      ...sorted('regionCode'),
      render: (code: string) => nameOf(code),
    },
    ...(def.enterprise !== 'none'
      ? [
          {
            title: t('registry.enterprise'),
            key: 'enterpriseName',
            dataIndex: 'enterpriseName',
            render: (value: string | null) => value ?? '—',
          },
        ]
      : []),
    ...listFields(def).map((field) => ({
      title: labelOf(field, lang),
      ...sorted(field.key),
      render: (_: unknown, r: LedgerRecordView) => (
        <FieldValue def={def} field={field} value={r.attrs[field.key]} asGrade={field === gradeField} />
      ),
    })),
    ...(ownGrade
      ? [
          {
            title: t('registry.grade'),
            ...sorted('grade'),
            render: (_: unknown, r: LedgerRecordView) => <GradeTag def={def} grade={r.grade} dash />,
          },
        ]
      : []),
    {
      title: t('registry.updatedAt'),
      dataIndex: 'updatedAt',
      ...sorted('updatedAt'),
      render: (at: string) => <span className="tabular">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span>,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, r: LedgerRecordView) => (
              <Button
                type="link"
                size="small"
                onClick={(event) => {
                  event.stopPropagation();
                  setTarget({ mode: 'edit', record: r });
                }}
              >
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  const exportItems = [
    { key: 'xlsx', label: <span data-testid="registry-export-xlsx">{t('registry.exportXlsx')}</span> },
    { key: 'csv', label: <span data-testid="registry-export-csv">{t('registry.exportCsv')}</span> },
    ...(def.geometry !== 'none'
      ? [
          {
            key: 'geojson',
            label: <span data-testid="registry-export-geojson">{t('registry.exportGeojson')}</span>,
          },
        ]
      : []),
  ];

  return (
    <div className="admin-page" data-testid="registry-page" data-registry={def.key}>
      <PageHeader
        title={name}
        actions={
          <>
            <Dropdown
              trigger={['click']}
              menu={{ items: exportItems, onClick: ({ key }) => void exportList(key as ExportFormat) }}
            >
              <Button icon={<DownloadOutlined />} loading={exporting} data-testid="registry-export">
                {t('registry.export')}
              </Button>
            </Dropdown>
            {canWrite && (
              <Button
                icon={<UploadOutlined />}
                onClick={() => setImporting(true)}
                data-testid="registry-import"
              >
                {t('import.open')}
              </Button>
            )}
            {canWrite && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setTarget({ mode: 'create' })}
                data-testid="registry-create"
              >
                {t('common.create')}
              </Button>
            )}
          </>
        }
      />
      <div className="filter-bar" data-testid="registry-filters">
        {enterpriseId && (
          <Tag
            closable
            onClose={() => {
              const next = new URLSearchParams(searchParams);
              next.delete('enterprise');
              setSearchParams(next);
              refilter();
            }}
            data-testid="registry-enterprise-filter"
          >
            {t('registry.enterpriseFilter', {
              name: list.data?.items[0]?.enterpriseName ?? enterpriseId,
            })}
          </Tag>
        )}
        <SearchFilter
          placeholder={t('registry.search', { name: labelOf(def.nameLabel, lang) })}
          onSearch={(value) => {
            setQ(value);
            refilter();
          }}
          testId="registry-search"
        />
        <RegionFilter
          value={regionCode}
          onChange={(code) => {
            setRegionCode(code);
            refilter();
          }}
          width={300}
        />
        {listFilters(def).map((field) => (
          <FieldFilter
            key={field.key}
            def={def}
            field={field}
            value={fieldFilters[field.key]}
            onChange={(value) => {
              setFieldFilters({ ...fieldFilters, [field.key]: value });
              refilter();
            }}
          />
        ))}
        {ownGrade && (
          <Select<string>
            allowClear
            placeholder={t('registry.grade')}
            aria-label={t('registry.filterGrade')}
            value={grade}
            onChange={(value) => {
              setGrade(value);
              refilter();
            }}
            options={(def.grades ?? []).map((g) => ({ value: g.key, label: <GradeSpecTag spec={g} /> }))}
            popupMatchSelectWidth={false}
            style={{ minWidth: 120 }}
            data-testid="registry-filter-grade"
          />
        )}
      </div>
      <div data-testid="registry-table">
        <Table<LedgerRecordView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={list.data?.items ?? []}
          loading={list.isFetching}
          scroll={{ x: 'max-content' }}
          onChange={onTableChange}
          onRow={(r) => ({ onClick: () => openDetail(r.id), className: 'clickable-row' })}
          pagination={tablePagination(paging, list.data?.total, setPaging, t)}
          locale={list.isError ? { emptyText: errorMessage(list.error, t) } : undefined}
        />
      </div>
      <RegistryDetailDrawer
        def={def}
        id={openId}
        onClose={closeDetail}
        onEdit={(record) => setTarget({ mode: 'edit', record })}
      />
      <RegistryImportModal def={def} open={importing} onClose={() => setImporting(false)} />
      <RegistryFormDrawer
        def={def}
        target={target}
        onClose={() => setTarget(null)}
        onSaved={(saved, created) => {
          if (created) openDetail(saved.id);
        }}
      />
    </div>
  );
}
