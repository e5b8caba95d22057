/**
 * 库存 of one warehouse (issue #3): stock by item with its batches, low-stock and expiry tags, 入库 /
 * 出库 / 盘点 and 最低库存 for users who may write, and the 出入库台账 (every movement, newest first).
 * Meant for the warehouse's detail drawer: `<WarehouseStock warehouseId={id} canWrite={can('ledger:write')} />`.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  InputNumber,
  Modal,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  findSupply,
  type StockItemView,
  type StockLotView,
  type StockMovementKind,
  type StockMovementView,
} from '@ningan/domain';
import {
  applyFormError,
  errorMessage,
  FormProblemAlert,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { stockApi, stockKeys } from './stock-api.ts';
import {
  ITEM_OPTIONS,
  KIND_LABEL,
  StockMovementModal,
  type MovementTarget,
} from './stock-movement.modal.tsx';

const KIND_COLOR: Record<StockMovementKind, string> = { in: 'green', out: 'blue', take: 'purple' };

/** 已过期 N 天 (red) / N 天后到期 (orange) / the date only when further away. */
export function LotExpiry({ lot }: { lot: Pick<StockLotView, 'expiresOn' | 'daysLeft' | 'expiry'> }) {
  const { t } = useI18n();
  if (!lot.expiresOn || lot.daysLeft === null)
    return <Typography.Text type="secondary">{t('stock.noExpiry')}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <span className="tabular">{lot.expiresOn}</span>
      <DaysLeftTag days={lot.daysLeft} expiring={lot.expiry === 'expiring'} />
    </Space>
  );
}

export function DaysLeftTag({ days, expiring = true }: { days: number; expiring?: boolean }) {
  const { t } = useI18n();
  if (days < 0)
    return (
      <Tag color="red" data-expiry="expired">
        {t('stock.expired', { days: -days })}
      </Tag>
    );
  if (!expiring) return null;
  return (
    <Tag color="orange" data-expiry="expiring">
      {days === 0 ? t('stock.expiresToday') : t('stock.expiresIn', { days })}
    </Tag>
  );
}

/** Low-stock and expiry tags of one item. */
function ItemStatus({ item }: { item: StockItemView }) {
  const { t } = useI18n();
  if (!item.low && !item.expiringLots && !item.expiredLots) return null;
  return (
    <Space size={4} wrap>
      {item.low && (
        <Tag color="red" data-stock="low">
          {t('stock.low')}
        </Tag>
      )}
      {item.expiredLots > 0 && <Tag color="red">{t('stock.expiredCount', { n: item.expiredLots })}</Tag>}
      {item.expiringLots > 0 && (
        <Tag color="orange">{t('stock.expiringCount', { n: item.expiringLots })}</Tag>
      )}
    </Space>
  );
}

const quantityText = (q: number, unit: string) =>
  `${q.toLocaleString('zh-CN', { maximumFractionDigits: 3 })} ${unit}`;

export function WarehouseStock({ warehouseId, canWrite }: { warehouseId: string; canWrite: boolean }) {
  const { t } = useI18n();
  const [movement, setMovement] = useState<MovementTarget | null>(null);
  const [minimum, setMinimum] = useState<{ itemCode?: string; minQuantity?: number } | null>(null);
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);
  const stock = useQuery({
    queryKey: stockKeys.stock(warehouseId),
    queryFn: () => stockApi.stock(warehouseId),
  });
  const movements = useQuery({
    queryKey: stockKeys.movements(warehouseId, paging),
    queryFn: () => stockApi.movements(warehouseId, paging),
  });
  const items = stock.data?.items ?? [];

  const lotColumns = (item: StockItemView): TableColumnsType<StockLotView> => [
    {
      title: t('stock.batch'),
      dataIndex: 'batch',
      render: (b: string) => <span className="tabular">{b}</span>,
    },
    { title: t('stock.expiresOn'), key: 'expiresOn', render: (_: unknown, lot) => <LotExpiry lot={lot} /> },
    {
      title: t('stock.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      render: (q: number) => <span className="tabular">{quantityText(q, item.unit)}</span>,
    },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, lot: StockLotView) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setMovement({ kind: 'out', itemCode: item.itemCode, batch: lot.batch })}
                >
                  {t('stock.stockOut')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setMovement({ kind: 'take', itemCode: item.itemCode, batch: lot.batch })}
                >
                  {t('stock.stockTake')}
                </Button>
              </Space>
            ),
          },
        ]
      : []),
  ];

  const columns: TableColumnsType<StockItemView> = [
    {
      title: t('stock.item'),
      key: 'item',
      render: (_: unknown, item) => (
        <Space size={6} wrap>
          <span>{item.name}</span>
          <Typography.Text type="secondary">{item.category}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('stock.total'),
      dataIndex: 'total',
      align: 'right',
      render: (q: number, item) => <span className="tabular">{quantityText(q, item.unit)}</span>,
    },
    {
      title: t('stock.minQuantity'),
      dataIndex: 'minQuantity',
      align: 'right',
      render: (min: number | null, item) => {
        const text = min === null ? '—' : quantityText(min, item.unit);
        return canWrite ? (
          <Button
            type="link"
            size="small"
            aria-label={t('stock.setMinimumFor', { item: item.name })}
            onClick={() => setMinimum({ itemCode: item.itemCode, minQuantity: min ?? 0 })}
          >
            {text}
          </Button>
        ) : (
          <span className="tabular">{text}</span>
        );
      },
    },
    { title: t('stock.status'), key: 'status', render: (_: unknown, item) => <ItemStatus item={item} /> },
    ...(canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, item: StockItemView) => (
              <Space size={0}>
                <Button
                  type="link"
                  size="small"
                  onClick={() => setMovement({ kind: 'in', itemCode: item.itemCode })}
                >
                  {t('stock.stockIn')}
                </Button>
                {item.total > 0 && (
                  <Button
                    type="link"
                    size="small"
                    onClick={() => setMovement({ kind: 'out', itemCode: item.itemCode })}
                  >
                    {t('stock.stockOut')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const movementColumns: TableColumnsType<StockMovementView> = [
    {
      title: t('stock.at'),
      dataIndex: 'at',
      render: (at: string) => <span className="tabular">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span>,
    },
    {
      title: t('stock.kind'),
      dataIndex: 'kind',
      render: (kind: StockMovementKind) => <Tag color={KIND_COLOR[kind]}>{t(KIND_LABEL[kind])}</Tag>,
    },
    { title: t('stock.item'), dataIndex: 'itemName' },
    {
      title: t('stock.batch'),
      dataIndex: 'batch',
      render: (b: string) => <span className="tabular">{b}</span>,
    },
    {
      title: t('stock.delta'),
      dataIndex: 'delta',
      align: 'right',
      render: (d: number, m) => (
        <Typography.Text className="tabular" type={d < 0 ? 'danger' : d > 0 ? 'success' : 'secondary'}>
          {d > 0 ? '+' : ''}
          {quantityText(d, m.unit)}
        </Typography.Text>
      ),
    },
    {
      title: t('stock.after'),
      dataIndex: 'quantityAfter',
      align: 'right',
      render: (q: number, m) => <span className="tabular">{quantityText(q, m.unit)}</span>,
    },
    { title: t('stock.reason'), dataIndex: 'reason' },
    { title: t('stock.destination'), dataIndex: 'destination', render: (d: string | null) => d ?? '—' },
    { title: t('stock.actor'), dataIndex: 'actorName' },
  ];

  if (stock.isPending) return <Skeleton active />;
  if (stock.isError) return <Alert type="error" showIcon title={errorMessage(stock.error, t)} />;
  const low = items.filter((i) => i.low).length;
  const expiring = items.reduce((s, i) => s + i.expiringLots + i.expiredLots, 0);

  return (
    <div data-testid="warehouse-stock">
      <Space wrap style={{ marginBottom: 12, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text type="secondary" data-testid="warehouse-stock-summary">
          {t('stock.summary', { items: items.length, low, expiring, days: stock.data.expiringWithinDays })}
        </Typography.Text>
        {canWrite && (
          <Space wrap>
            <Button type="primary" onClick={() => setMovement({ kind: 'in' })} data-testid="stock-in">
              {t('stock.stockIn')}
            </Button>
            <Button
              onClick={() => setMovement({ kind: 'out' })}
              disabled={items.every((i) => i.total === 0)}
              data-testid="stock-out"
            >
              {t('stock.stockOut')}
            </Button>
            <Button
              onClick={() => setMovement({ kind: 'take' })}
              disabled={items.length === 0}
              data-testid="stock-take"
            >
              {t('stock.stockTake')}
            </Button>
            <Button onClick={() => setMinimum({})}>{t('stock.setMinimum')}</Button>
          </Space>
        )}
      </Space>
      <Table<StockItemView>
        rowKey="itemCode"
        size="small"
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="warehouse-stock-items"
        locale={{ emptyText: <Empty description={t('stock.empty')} /> }}
        expandable={{
          rowExpandable: (item) => item.lots.length > 0,
          expandedRowRender: (item) => (
            <Table<StockLotView>
              rowKey="batch"
              size="small"
              columns={lotColumns(item)}
              dataSource={item.lots}
              pagination={false}
              rowClassName={(lot) => (lot.expiry === 'expired' ? 'expiry-row--expired' : '')}
            />
          ),
        }}
      />
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('stock.movements')}
      </Typography.Title>
      {movements.isError ? (
        <Alert type="error" showIcon title={errorMessage(movements.error, t)} />
      ) : (
        <Table<StockMovementView>
          rowKey="id"
          size="small"
          columns={movementColumns}
          dataSource={movements.data?.items ?? []}
          loading={movements.isFetching}
          scroll={{ x: 'max-content' }}
          pagination={tablePagination(paging, movements.data?.total, setPaging, t)}
          data-testid="warehouse-stock-movements"
        />
      )}
      <StockMovementModal
        warehouseId={warehouseId}
        target={movement}
        items={items}
        onClose={() => setMovement(null)}
      />
      <MinimumModal warehouseId={warehouseId} target={minimum} onClose={() => setMinimum(null)} />
    </div>
  );
}

interface MinimumValues {
  itemCode?: string;
  minQuantity?: number | null;
}

/** 设置最低库存 of one item (0 clears it). */
function MinimumModal({
  warehouseId,
  target,
  onClose,
}: {
  warehouseId: string;
  target: { itemCode?: string; minQuantity?: number } | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<MinimumValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const itemCode = Form.useWatch('itemCode', form);
  const unit = itemCode ? findSupply(itemCode)?.unit : undefined;

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue({ itemCode: target.itemCode, minQuantity: target.minQuantity ?? null });
  }, [target, form]);

  const save = useMutation({
    mutationFn: (v: { itemCode: string; minQuantity: number }) =>
      stockApi.setMinimum(warehouseId, v.itemCode, v.minQuantity),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: stockKeys.warehouse(warehouseId) });
      await queryClient.invalidateQueries({ queryKey: stockKeys.alerts });
      await queryClient.invalidateQueries({ queryKey: ['ledger', 'warehouses'] });
      onClose();
    },
    onError: (error) => setProblem(applyFormError(form, error, ['itemCode', 'minQuantity'], t)),
  });

  const required = [{ required: true, message: t('common.required') }];
  return (
    <Modal
      open={target !== null}
      title={t('stock.setMinimum')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <FormProblemAlert problem={problem} />
      <Form<MinimumValues>
        form={form}
        layout="vertical"
        name="stock-minimum"
        onFinish={(v) => {
          setProblem(null);
          if (v.itemCode && typeof v.minQuantity === 'number')
            save.mutate({ itemCode: v.itemCode, minQuantity: v.minQuantity });
        }}
      >
        <Form.Item name="itemCode" label={t('stock.item')} rules={required}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            options={ITEM_OPTIONS}
            disabled={Boolean(target?.itemCode)}
          />
        </Form.Item>
        <Form.Item label={t('stock.minQuantity')} required extra={t('stock.minimumHint')}>
          <Space.Compact block>
            <Form.Item name="minQuantity" noStyle rules={required}>
              <InputNumber<number> min={0} style={{ width: '100%' }} inputMode="decimal" />
            </Form.Item>
            {unit && <Space.Addon>{unit}</Space.Addon>}
          </Space.Compact>
        </Form.Item>
      </Form>
    </Modal>
  );
}
