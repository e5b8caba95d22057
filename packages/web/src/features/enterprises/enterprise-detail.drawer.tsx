import { lazy, Suspense } from 'react';
import { Alert, Button, Descriptions, Drawer, Grid, Skeleton, Space, Spin, Table, Tabs, Tag } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { EnterpriseView, Licence } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useOrgUnit, useRegionNames } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { scaleLabel, standardizationGradeLabel } from '../../i18n/labels.ts';
import { EnterpriseHistory } from './enterprise-history.tsx';
import { EnterpriseLedgerTab } from './enterprise-ledger.tsx';
import { DaysLeftTag, IndustryText, InsuranceStatus } from './enterprise-tags.tsx';
import { daysLeft } from './enterprise-model.ts';

const LocationPicker = lazy(() => import('./location-picker.tsx'));

/** Detail of one enterprise: every field, the licences with their expiry, and 变更记录 (history). */
export function EnterpriseDetailDrawer({
  id,
  onClose,
  onEdit,
}: {
  id: string | null;
  onClose: () => void;
  onEdit: (enterprise: EnterpriseView) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const isPhone = Grid.useBreakpoint().md === false;
  const enterprise = useQuery({
    queryKey: ['enterprises', 'detail', id],
    queryFn: () => api.getEnterprise(id ?? ''),
    enabled: Boolean(id),
  });
  const e = enterprise.data;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      title={
        e ? (
          <Space size={6} wrap>
            {e.name}
            {e.isDemo && <Tag color="orange">{t('app.demoTag')}</Tag>}
          </Space>
        ) : (
          t('enterprises.detail')
        )
      }
      size={isPhone ? '100%' : 720}
      destroyOnHidden
      extra={
        e &&
        can('enterprise:write') && (
          <Button icon={<EditOutlined />} onClick={() => onEdit(e)}>
            {t('common.edit')}
          </Button>
        )
      }
    >
      <div data-testid="enterprise-detail">
        {enterprise.isPending && id && <Skeleton active />}
        {enterprise.isError && <Alert type="error" showIcon title={errorMessage(enterprise.error, t)} />}
        {e && (
          <Tabs
            items={[
              { key: 'info', label: t('enterprises.tabInfo'), children: <EnterpriseInfo enterprise={e} /> },
              ...(can('ledger:read')
                ? [
                    {
                      key: 'ledger',
                      label: t('enterprises.tabLedger'),
                      children: <EnterpriseLedgerTab enterpriseId={e.id} />,
                    },
                  ]
                : []),
              {
                key: 'history',
                label: t('enterprises.tabHistory'),
                children: <EnterpriseHistory id={e.id} />,
              },
            ]}
          />
        )}
      </div>
    </Drawer>
  );
}

function EnterpriseInfo({ enterprise: e }: { enterprise: EnterpriseView }) {
  const { t, lang } = useI18n();
  const nameOf = useRegionNames();
  const isPhone = Grid.useBreakpoint().md === false;
  const department = useOrgUnit(e.supervisingDepartmentId);
  const dash = (v: string | null) => v ?? '—';
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Descriptions
        bordered
        size="small"
        column={isPhone ? 1 : 2}
        items={[
          {
            key: 'creditCode',
            label: t('enterprises.creditCode'),
            children: <span className="mono">{e.creditCode}</span>,
          },
          {
            key: 'industry',
            label: t('enterprises.industry'),
            children: <IndustryText industry={e.industry} />,
          },
          { key: 'scale', label: t('enterprises.scale'), children: scaleLabel(e.scale, lang) },
          { key: 'region', label: t('enterprises.region'), children: nameOf(e.regionCode) },
          {
            key: 'address',
            label: t('enterprises.address'),
            children: dash(e.address),
            span: isPhone ? 1 : 2,
          },
          {
            key: 'legal',
            label: t('enterprises.legalRepresentative'),
            children: dash(e.legalRepresentative),
          },
          {
            key: 'manager',
            label: t('enterprises.safetyManager'),
            children: (
              <Space size={6} wrap>
                {dash(e.safetyManager)}
                {e.safetyManagerPhone && <a href={`tel:${e.safetyManagerPhone}`}>{e.safetyManagerPhone}</a>}
              </Space>
            ),
          },
          {
            key: 'grade',
            label: t('enterprises.standardizationGrade'),
            children: standardizationGradeLabel(e.standardizationGrade, lang),
          },
          {
            key: 'insurance',
            label: t('enterprises.insurance'),
            children: <InsuranceStatus enterprise={e} />,
          },
          {
            key: 'department',
            label: t('enterprises.supervisingDepartment'),
            children: e.supervisingDepartmentId ? (department.data?.name ?? e.supervisingDepartmentId) : '—',
          },
          {
            key: 'location',
            label: t('enterprises.location'),
            children: (
              <span className="tabular">
                {e.lon.toFixed(6)}, {e.lat.toFixed(6)}
              </span>
            ),
          },
          {
            key: 'updated',
            label: t('enterprises.updatedAt'),
            children: dayjs(e.updatedAt).format('YYYY-MM-DD HH:mm'),
          },
          {
            key: 'created',
            label: t('enterprises.createdAt'),
            children: dayjs(e.createdAt).format('YYYY-MM-DD HH:mm'),
          },
        ]}
      />
      <div data-testid="enterprise-licences">
        <Table<Licence>
          size="small"
          title={() => <strong>{t('enterprises.licences')}</strong>}
          rowKey={(l) => `${l.name}:${l.number}`}
          dataSource={e.licences}
          pagination={false}
          scroll={{ x: 'max-content' }}
          locale={{ emptyText: t('enterprises.noLicences') }}
          columns={[
            { title: t('enterprises.licenceName'), dataIndex: 'name' },
            { title: t('enterprises.licenceNumber'), dataIndex: 'number' },
            {
              title: t('enterprises.licenceExpiresOn'),
              dataIndex: 'expiresOn',
              render: (date: string) => <span className="tabular">{date}</span>,
            },
            {
              title: t('enterprises.expiryStatus'),
              key: 'status',
              render: (_: unknown, l) => <DaysLeftTag days={daysLeft(l.expiresOn)} always />,
            },
          ]}
        />
      </div>
      <Suspense fallback={<Spin />}>
        <LocationPicker lon={e.lon} lat={e.lat} height={220} />
      </Suspense>
    </Space>
  );
}
