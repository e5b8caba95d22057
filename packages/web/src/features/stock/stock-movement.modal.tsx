/**
 * The 入库 / 出库 / 盘点 form: checked with the domain schema before sending, the server's problems
 * (e.g. 库存不足 with the available quantity) shown on their fields.
 */
import { useEffect, useMemo, useState } from 'react';
import {
  App,
  AutoComplete,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Space,
  Typography,
} from 'antd';
import type { SelectProps } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  findSupply,
  STOCK_REASONS,
  StockMovementRequest,
  SUPPLY_CATALOGUE,
  SUPPLY_CATEGORIES,
  type StockItemView,
  type StockMovementKind,
  type StockMovementResult,
} from '@ningan/domain';
import {
  applyFormError,
  detailsFromIssues,
  FormProblemAlert,
  placeDetails,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';
import { stockApi, stockKeys } from './stock-api.ts';

/** What opens the form: the kind, and optionally the item and batch to start from. */
export interface MovementTarget {
  kind: StockMovementKind;
  itemCode?: string;
  batch?: string;
}

interface Values {
  itemCode?: string;
  quantity?: number | null;
  countedQuantity?: number | null;
  batch?: string;
  expiresOn?: Dayjs | null;
  reason?: string;
  destination?: string;
}

const FIELDS = [
  'itemCode',
  'quantity',
  'countedQuantity',
  'batch',
  'expiresOn',
  'reason',
  'destination',
] as const;

export const KIND_LABEL: Record<StockMovementKind, MessageKey> = {
  in: 'stock.stockIn',
  out: 'stock.stockOut',
  take: 'stock.stockTake',
};

/** Catalogue items grouped by category, searchable by name. */
export const ITEM_OPTIONS: SelectProps['options'] = SUPPLY_CATEGORIES.map((category) => ({
  label: category,
  title: category,
  options: SUPPLY_CATALOGUE.filter((s) => s.category === category).map((s) => ({
    value: s.code,
    label: `${s.name}（${s.unit}）`,
  })),
})).filter((g) => g.options.length > 0);

export function StockMovementModal({
  warehouseId,
  target,
  items,
  onClose,
}: {
  warehouseId: string;
  target: MovementTarget | null;
  /** The warehouse's current stock, for the batch choices and the booked quantity. */
  items: StockItemView[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const kind = target?.kind ?? 'in';
  const itemCode = Form.useWatch('itemCode', form);
  const batch = Form.useWatch('batch', form);
  const supply = itemCode ? findSupply(itemCode) : undefined;
  const lots = useMemo(() => items.find((i) => i.itemCode === itemCode)?.lots ?? [], [items, itemCode]);
  const booked = lots.find((l) => l.batch === batch)?.quantity;

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue({
      itemCode: target.itemCode,
      batch: target.batch ?? (target.kind === 'in' ? dayjs().format('YYYYMMDD') : undefined),
      reason: STOCK_REASONS[target.kind][0],
    });
  }, [target, form]);

  const save = useMutation({
    mutationFn: (body: StockMovementRequest) => stockApi.move(warehouseId, body),
    onSuccess: async (result: StockMovementResult) => {
      const unit = result.item.unit;
      void message.success(t('stock.recorded', { item: result.item.name, total: result.item.total, unit }));
      await queryClient.invalidateQueries({ queryKey: stockKeys.warehouse(warehouseId) });
      await queryClient.invalidateQueries({ queryKey: stockKeys.alerts });
      // The warehouse's 变更记录 (registry detail drawer) lists stock movements too.
      await queryClient.invalidateQueries({ queryKey: ['ledger', 'warehouses'] });
      onClose();
    },
    onError: (error) => setProblem(applyFormError(form, error, FIELDS, t)),
  });

  function submit(values: Values) {
    setProblem(null);
    const common = { itemCode: values.itemCode ?? '', reason: values.reason ?? '' };
    const batchValue = values.batch?.trim() ?? '';
    const expiresOn = values.expiresOn ? values.expiresOn.format('YYYY-MM-DD') : null;
    const raw =
      kind === 'in'
        ? { kind, ...common, quantity: values.quantity, batch: batchValue, expiresOn }
        : kind === 'out'
          ? {
              kind,
              ...common,
              quantity: values.quantity,
              batch: batchValue || null,
              destination: values.destination ?? '',
            }
          : { kind, ...common, countedQuantity: values.countedQuantity, batch: batchValue, expiresOn };
    const parsed = StockMovementRequest.safeParse(raw);
    if (!parsed.success) {
      setProblem(placeDetails(form, t('common.invalid'), detailsFromIssues(parsed.error.issues, t), FIELDS));
      return;
    }
    save.mutate(parsed.data);
  }

  const required = [{ required: true, message: t('common.required') }];
  const unit = supply?.unit;
  const quantityInput = (
    <Space.Compact block>
      <Form.Item name={kind === 'take' ? 'countedQuantity' : 'quantity'} noStyle rules={required}>
        <InputNumber<number> min={0} step={1} style={{ width: '100%' }} inputMode="decimal" />
      </Form.Item>
      {unit && <Space.Addon>{unit}</Space.Addon>}
    </Space.Compact>
  );
  const lotOptions = lots.map((l) => ({
    value: l.batch,
    label: `${l.batch} · ${l.quantity}${unit ?? ''}${l.expiresOn ? ` · ${t('stock.expiresOn')} ${l.expiresOn}` : ''}`,
  }));

  return (
    <Modal
      open={target !== null}
      title={t(KIND_LABEL[kind])}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <div data-testid={`stock-${kind}-form`}>
        <FormProblemAlert problem={problem} />
        <Form<Values> form={form} layout="vertical" name={`stock-${kind}`} onFinish={submit}>
          <Form.Item name="itemCode" label={t('stock.item')} rules={required}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={
                kind === 'out'
                  ? items
                      .filter((i) => i.lots.length > 0)
                      .map((i) => ({ value: i.itemCode, label: `${i.name}（${i.unit}）` }))
                  : ITEM_OPTIONS
              }
              onChange={() => {
                if (kind !== 'in') form.setFieldsValue({ batch: undefined });
              }}
            />
          </Form.Item>
          <Form.Item
            label={kind === 'take' ? t('stock.countedQuantity') : t('stock.quantity')}
            required
            extra={
              kind === 'take' && booked !== undefined
                ? t('stock.booked', { quantity: booked, unit: unit ?? '' })
                : undefined
            }
          >
            {quantityInput}
          </Form.Item>
          <Form.Item
            name="batch"
            label={t('stock.batch')}
            rules={kind === 'out' ? [] : required}
            extra={kind === 'out' ? t('stock.batchFifo') : undefined}
          >
            {kind === 'out' ? (
              <Select allowClear placeholder={t('stock.fifo')} options={lotOptions} />
            ) : (
              <AutoComplete
                options={lotOptions}
                showSearch={{ filterOption: (input, o) => String(o?.value ?? '').includes(input) }}
              />
            )}
          </Form.Item>
          {kind !== 'out' && (
            <Form.Item
              name="expiresOn"
              label={t('stock.expiresOn')}
              extra={supply?.perishable ? t('stock.perishableHint') : undefined}
            >
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          )}
          {kind === 'out' && (
            <Form.Item name="destination" label={t('stock.destination')} rules={required}>
              <Input maxLength={100} placeholder={t('stock.destinationHint')} />
            </Form.Item>
          )}
          <Form.Item name="reason" label={t('stock.reason')} rules={required}>
            <AutoComplete
              options={STOCK_REASONS[kind].map((r) => ({ value: r }))}
              showSearch={{ filterOption: false }}
            />
          </Form.Item>
          {kind === 'take' && (
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              {t('stock.takeHint')}
            </Typography.Paragraph>
          )}
        </Form>
      </div>
    </Modal>
  );
}
