import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ExpiryItem } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useRegionNames } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { enterpriseDetailPath, EXPIRY_LIST_DAYS, EXPIRY_WARNING_DAYS } from './enterprise-model.ts';
import { DaysLeftTag } from './enterprise-tags.tsx';

const WINDOWS = [30, 60, 90, 180] as const;

export function useExpiring(days: number, enabled = true) {
  return useQuery({
    queryKey: ['enterprises', 'expiring', days],
    queryFn: () => api.expiringEnterprises(days),
    staleTime: 60_000,
    enabled,
  });
}

/** The list itself, used by the 到期提醒 page and (shortened) by the ledger home. */
export function ExpiringTable({
  items,
  loading,
  compact = false,
}: {
  items: ExpiryItem[];
  loading: boolean;
  compact?: boolean;
}) {
  const { t } = useI18n();
  const nameOf = useRegionNames();
  const columns: TableColumnsType<ExpiryItem> = [
    {
      title: t('expiry.daysLeft'),
      dataIndex: 'daysLeft',
      render: (days: number) => <DaysLeftTag days={days} always />,
    },
    {
      title: t('expiry.expiresOn'),
      dataIndex: 'expiresOn',
      render: (date: string) => <span className="tabular">{date}</span>,
    },
    {
      title: t('expiry.item'),
      key: 'item',
      render: (_: unknown, item) => (
        <Space size={4} wrap>
          <Tag>{item.kind === 'insurance' ? t('expiry.kindInsurance') : t('expiry.kindLicence')}</Tag>
          <span>{item.name}</span>
          {item.number && <Typography.Text type="secondary">{item.number}</Typography.Text>}
        </Space>
      ),
    },
    {
      title: t('expiry.enterprise'),
      dataIndex: 'enterpriseName',
      render: (name: string, item) => <Link to={enterpriseDetailPath(item.enterpriseId)}>{name}</Link>,
    },
    ...(compact
      ? []
      : [
          {
            title: t('enterprises.region'),
            dataIndex: 'regionCode',
            render: (code: string) => nameOf(code),
          },
        ]),
  ];
  return (
    <Table<ExpiryItem>
      rowKey={(item) => `${item.enterpriseId}:${item.kind}:${item.name}:${item.number ?? ''}`}
      size={compact ? 'small' : 'middle'}
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 'max-content' }}
      rowClassName={(item) => (item.daysLeft < 0 ? 'expiry-row--expired' : '')}
      pagination={compact ? false : { pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: t('expiry.none') }}
    />
  );
}

/** 到期提醒: licences and 安全生产责任保险 expiring within N days or already expired, soonest first. */
export function ExpiringPage() {
  const { t } = useI18n();
  const [days, setDays] = useState<number>(EXPIRY_LIST_DAYS);
  const [kind, setKind] = useState<ExpiryItem['kind'] | undefined>();
  const expiring = useExpiring(days);
  const all = expiring.data ?? [];
  const items = kind ? all.filter((i) => i.kind === kind) : all;
  const expired = all.filter((i) => i.daysLeft < 0).length;
  const soon = all.filter((i) => i.daysLeft >= 0 && i.daysLeft <= EXPIRY_WARNING_DAYS).length;

  return (
    <div className="admin-page">
      <PageHeader title={t('expiry.title')} />
      <div className="filter-bar">
        <span>{t('expiry.window')}</span>
        <Segmented<number>
          value={days}
          onChange={setDays}
          options={WINDOWS.map((d) => ({ value: d, label: t('expiry.days', { days: d }) }))}
        />
        <Select<ExpiryItem['kind']>
          allowClear
          placeholder={t('expiry.kind')}
          aria-label={t('expiry.kind')}
          value={kind}
          onChange={setKind}
          options={[
            { value: 'licence', label: t('expiry.kindLicence') },
            { value: 'insurance', label: t('expiry.kindInsurance') },
          ]}
          style={{ width: 160 }}
        />
      </div>
      {expiring.isError ? (
        <Alert type="error" showIcon title={errorMessage(expiring.error, t)} />
      ) : (
        <>
          {expiring.data && (
            <Typography.Paragraph data-testid="expiring-summary">
              {t('expiry.summary', { total: all.length, expired, soon })}
            </Typography.Paragraph>
          )}
          <div data-testid="expiring-list">
            <ExpiringTable items={items} loading={expiring.isFetching} />
          </div>
        </>
      )}
    </div>
  );
}
