/**
 * 物资预警 (issue #3): items under their minimum (低库存) and batches expiring within N days or already
 * expired (临期), across the warehouses of the user's jurisdiction; each row links to its warehouse.
 */
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Alert, Segmented, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useQuery } from '@tanstack/react-query';
import type { ExpiringLot, LowStockItem } from '@ningan/domain';
import { useRegionNames } from '../../api/queries.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { stockApi, stockKeys, warehousePath } from './stock-api.ts';
import { DaysLeftTag } from './warehouse-stock.tsx';

const WINDOWS = [7, 30, 60, 90] as const;
const quantityText = (q: number, unit: string) =>
  `${q.toLocaleString('zh-CN', { maximumFractionDigits: 3 })} ${unit}`;

export function useLowStock(enabled = true) {
  return useQuery({ queryKey: stockKeys.low, queryFn: stockApi.low, staleTime: 60_000, enabled });
}

export function useExpiringStock(days: number, enabled = true) {
  return useQuery({
    queryKey: stockKeys.expiring(days),
    queryFn: () => stockApi.expiring(days),
    staleTime: 60_000,
    enabled,
  });
}

function WarehouseCell({ id, name, level }: { id: string; name: string; level: string | null }) {
  return (
    <Space size={4} wrap>
      <Link to={warehousePath(id)}>{name}</Link>
      {level && <Tag>{level}</Tag>}
    </Space>
  );
}

/** 低库存 list (also usable on its own, e.g. on the ledger home). */
export function LowStockTable({ items, loading }: { items: LowStockItem[]; loading: boolean }) {
  const { t } = useI18n();
  const nameOf = useRegionNames();
  const columns: TableColumnsType<LowStockItem> = [
    {
      title: t('stock.warehouse'),
      key: 'warehouse',
      render: (_: unknown, i) => <WarehouseCell id={i.warehouseId} name={i.warehouseName} level={i.level} />,
    },
    { title: t('stock.region'), dataIndex: 'regionCode', render: (code: string) => nameOf(code) },
    { title: t('stock.item'), dataIndex: 'itemName' },
    {
      title: t('stock.total'),
      dataIndex: 'total',
      align: 'right',
      render: (q: number, i) => <span className="tabular">{quantityText(q, i.unit)}</span>,
    },
    {
      title: t('stock.minQuantity'),
      dataIndex: 'minQuantity',
      align: 'right',
      render: (q: number, i) => <span className="tabular">{quantityText(q, i.unit)}</span>,
    },
    {
      title: t('stock.shortage'),
      dataIndex: 'shortage',
      align: 'right',
      render: (q: number, i) => (
        <Typography.Text type="danger" className="tabular">
          {quantityText(q, i.unit)}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Table<LowStockItem>
      rowKey={(i) => `${i.warehouseId}:${i.itemCode}`}
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 'max-content' }}
      pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: t('stock.noLow') }}
    />
  );
}

/** 临期 list: soonest first, expired batches included (red). */
export function ExpiringStockTable({ items, loading }: { items: ExpiringLot[]; loading: boolean }) {
  const { t } = useI18n();
  const nameOf = useRegionNames();
  const columns: TableColumnsType<ExpiringLot> = [
    {
      title: t('stock.daysLeft'),
      dataIndex: 'daysLeft',
      render: (days: number) => <DaysLeftTag days={days} />,
    },
    {
      title: t('stock.expiresOn'),
      dataIndex: 'expiresOn',
      render: (d: string) => <span className="tabular">{d}</span>,
    },
    { title: t('stock.item'), dataIndex: 'itemName' },
    {
      title: t('stock.batch'),
      dataIndex: 'batch',
      render: (b: string) => <span className="tabular">{b}</span>,
    },
    {
      title: t('stock.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      render: (q: number, i) => <span className="tabular">{quantityText(q, i.unit)}</span>,
    },
    {
      title: t('stock.warehouse'),
      key: 'warehouse',
      render: (_: unknown, i) => <WarehouseCell id={i.warehouseId} name={i.warehouseName} level={i.level} />,
    },
    { title: t('stock.region'), dataIndex: 'regionCode', render: (code: string) => nameOf(code) },
  ];
  return (
    <Table<ExpiringLot>
      rowKey={(i) => `${i.warehouseId}:${i.itemCode}:${i.batch}`}
      columns={columns}
      dataSource={items}
      loading={loading}
      scroll={{ x: 'max-content' }}
      rowClassName={(i) => (i.daysLeft < 0 ? 'expiry-row--expired' : '')}
      pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
      locale={{ emptyText: t('stock.noExpiring') }}
    />
  );
}

type AlertTab = 'low' | 'expiring';

export function StockAlertsPage() {
  const { t } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const tab: AlertTab = searchParams.get('tab') === 'expiring' ? 'expiring' : 'low';
  const [days, setDays] = useState<number>(30);
  const low = useLowStock();
  const expiring = useExpiringStock(days);
  const expiringItems = expiring.data?.items ?? [];
  const expired = expiringItems.filter((i) => i.daysLeft < 0).length;

  return (
    <div className="admin-page" data-testid="stock-alerts">
      <PageHeader title={t('stock.alerts.title')} />
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(searchParams);
          next.set('tab', key);
          setSearchParams(next, { replace: true });
        }}
        items={[
          {
            key: 'low',
            label: `${t('stock.alerts.low')}${low.data ? ` (${low.data.items.length})` : ''}`,
            children: low.isError ? (
              <Alert type="error" showIcon title={errorMessage(low.error, t)} />
            ) : (
              <div data-testid="stock-low-list">
                <LowStockTable items={low.data?.items ?? []} loading={low.isFetching} />
              </div>
            ),
          },
          {
            key: 'expiring',
            label: `${t('stock.alerts.expiring')}${expiring.data ? ` (${expiringItems.length})` : ''}`,
            children: (
              <>
                <div className="filter-bar">
                  <span>{t('stock.alerts.window')}</span>
                  <Segmented<number>
                    value={days}
                    onChange={setDays}
                    options={WINDOWS.map((d) => ({ value: d, label: t('stock.alerts.days', { days: d }) }))}
                  />
                </div>
                {expiring.isError ? (
                  <Alert type="error" showIcon title={errorMessage(expiring.error, t)} />
                ) : (
                  <>
                    {expiring.data && (
                      <Typography.Paragraph data-testid="stock-expiring-summary">
                        {t('stock.alerts.expiringSummary', { total: expiringItems.length, expired })}
                      </Typography.Paragraph>
                    )}
                    <div data-testid="stock-expiring-list">
                      <ExpiringStockTable items={expiringItems} loading={expiring.isFetching} />
                    </div>
                  </>
                )}
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
