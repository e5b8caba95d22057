import { useState } from 'react';
import { Button, Select, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ORG_UNIT_KINDS, type OrgUnitKind, type OrgUnitView } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useOrgUnitOptions, useRegionNames } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { RegionFilter, SearchFilter } from '../../forms/list-filters.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { orgUnitKindLabel } from '../../i18n/labels.ts';
import { OrgUnitFormDrawer, type OrgUnitFormTarget } from './org-unit-form.drawer.tsx';

export function OrgUnitsPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const nameOf = useRegionNames();
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<OrgUnitKind | undefined>();
  const [regionCode, setRegionCode] = useState<string | undefined>();
  const [target, setTarget] = useState<OrgUnitFormTarget | null>(null);

  const filters = { q: q || undefined, kind, regionCode };
  const units = useQuery({
    queryKey: ['org-units', 'list', { ...paging, ...filters }],
    queryFn: () => api.listOrgUnits({ ...paging, ...filters }),
    placeholderData: keepPreviousData,
  });
  // Names for parent and member ids on this page.
  const all = useOrgUnitOptions();
  const unitName = (id: string) => all.data?.items.find((u) => u.id === id)?.name ?? id;
  const refilter = () => setPaging({ ...paging, page: 1 });

  const columns: TableColumnsType<OrgUnitView> = [
    {
      title: t('orgUnits.name'),
      dataIndex: 'name',
      fixed: 'left',
      render: (name: string, unit) => (
        <>
          {name} {unit.isDemo && <Tag color="orange">{t('common.demo')}</Tag>}
        </>
      ),
    },
    { title: t('orgUnits.kind'), dataIndex: 'kind', render: (k: OrgUnitKind) => orgUnitKindLabel(k, lang) },
    {
      title: t('orgUnits.parent'),
      dataIndex: 'parentId',
      render: (id: string | null) => (id ? unitName(id) : '—'),
    },
    { title: t('orgUnits.region'), dataIndex: 'regionCode', render: (code: string) => nameOf(code) },
    {
      title: t('orgUnits.members'),
      dataIndex: 'memberIds',
      render: (ids: string[]) =>
        ids.length === 0 ? (
          '—'
        ) : (
          <span title={ids.map(unitName).join('、')}>{t('orgUnits.memberCount', { count: ids.length })}</span>
        ),
    },
    ...(can('org:write')
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, unit: OrgUnitView) => (
              <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', unit })}>
                {t('common.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <div className="admin-page">
      <PageHeader
        title={t('orgUnits.title')}
        actions={
          can('org:write') && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setTarget({ mode: 'create' })}>
              {t('orgUnits.create')}
            </Button>
          )
        }
      />
      <div className="filter-bar">
        <SearchFilter
          placeholder={t('orgUnits.search')}
          onSearch={(value) => {
            setQ(value);
            refilter();
          }}
        />
        <Select<OrgUnitKind>
          allowClear
          placeholder={t('orgUnits.kind')}
          aria-label={t('orgUnits.filterKind')}
          value={kind}
          onChange={(value) => {
            setKind(value);
            refilter();
          }}
          options={ORG_UNIT_KINDS.map((k) => ({ value: k, label: orgUnitKindLabel(k, lang) }))}
          style={{ width: 180 }}
        />
        <RegionFilter
          value={regionCode}
          onChange={(code) => {
            setRegionCode(code);
            refilter();
          }}
        />
      </div>
      <div data-testid="org-units-table">
        <Table<OrgUnitView>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={units.data?.items ?? []}
          loading={units.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={tablePagination(paging, units.data?.total, setPaging, t)}
          locale={units.isError ? { emptyText: errorMessage(units.error, t) } : undefined}
        />
      </div>
      <OrgUnitFormDrawer target={target} onClose={() => setTarget(null)} />
    </div>
  );
}
