/**
 * 物资 (and the teams, experts, shelters and hospitals to send): the recommendation for the incident's location
 * (nearest first, straight-line distance and estimated travel time), allocation (调拨) from a warehouse — stock
 * taken out through the ledger, refused per short line — and each allocation's shipment and arrival.
 */
import { useState, type ReactNode } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Col,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  App,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  RESCUE_SPECIALTIES,
  SUPPLY_CATALOGUE,
  type AllocationView,
  type RecommendView,
  type ResourceMatchView,
  type TaskView,
} from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ledgerApi } from '../registry/registry-api.ts';
import { commandApi } from './command-api.ts';
import { placeOn } from './command-form.ts';
import { allocationStateLabel } from './command-labels.ts';
import type { MapResource } from './incident-map.tsx';

const time = (at: string | null) => (at ? dayjs(at).format('MM-DD HH:mm') : '—');
const ITEM_OPTIONS = SUPPLY_CATALOGUE.map((s) => ({ value: s.code, label: `${s.name}（${s.unit}）` }));

interface NeedsValues {
  teamSpecialties?: string[];
  expertSpecialties?: string[];
  supplyItems?: { item?: string; quantity?: number | null }[];
  shelterPeople?: number | null;
  medical?: boolean;
  maxDistanceKm?: number | null;
}

/** The resources of a recommendation as map dots. */
export function recommendationResources(r: RecommendView): MapResource[] {
  const dot = (kind: string) => (m: ResourceMatchView) =>
    m.lon !== null && m.lat !== null
      ? [{ id: `${kind}-${m.id}`, name: m.name, kind, lon: m.lon, lat: m.lat }]
      : [];
  return [
    ...r.teams.flatMap((g) => g.matches.flatMap(dot('team'))),
    ...r.supplies.flatMap((g) => g.matches.flatMap(dot('warehouse'))),
    ...r.experts.flatMap((g) => g.matches.flatMap(dot('expert'))),
    ...(r.shelters?.matches.flatMap(dot('shelter')) ?? []),
    ...(r.medical?.flatMap(dot('medical')) ?? []),
  ];
}

export function SuppliesTab({
  incidentId,
  hasLocation,
  allocations,
  tasks,
  closed,
  onResources,
  onChanged,
}: {
  incidentId: string;
  hasLocation: boolean;
  allocations: readonly AllocationView[];
  tasks: readonly TaskView[];
  closed: boolean;
  onResources: (resources: MapResource[]) => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [needsForm] = Form.useForm<NeedsValues>();
  const [result, setResult] = useState<RecommendView | null>(null);
  const [allocating, setAllocating] = useState<{
    warehouseId?: string;
    itemCode?: string;
    quantity?: number;
  } | null>(null);
  const recommend = useMutation({
    mutationFn: (v: NeedsValues) =>
      commandApi.recommend(incidentId, {
        needs: {
          ...(v.teamSpecialties?.length && { teamSpecialties: v.teamSpecialties }),
          ...(v.expertSpecialties?.length && { expertSpecialties: v.expertSpecialties }),
          ...((v.supplyItems ?? []).some((s) => s.item) && {
            supplyItems: (v.supplyItems ?? []).flatMap((s) =>
              s.item
                ? [{ item: s.item, ...(typeof s.quantity === 'number' && { quantity: s.quantity }) }]
                : [],
            ),
          }),
          ...(typeof v.shelterPeople === 'number' &&
            v.shelterPeople > 0 && { shelterPeople: v.shelterPeople }),
          ...(v.medical && { medical: true }),
        },
        ...(typeof v.maxDistanceKm === 'number' && { maxDistanceKm: v.maxDistanceKm }),
      }),
    onSuccess: (r) => {
      setResult(r);
      onResources(recommendationResources(r));
    },
  });

  const eta = (m: ResourceMatchView) =>
    m.distanceKm === null
      ? t('cmd.rec.noLocation')
      : t('cmd.rec.distance', { km: m.distanceKm.toFixed(1), min: Math.round(m.travelMinutes ?? 0) });

  return (
    <div data-testid="supplies-tab">
      {!hasLocation && (
        <Alert type="info" showIcon title={t('cmd.rec.needLocation')} style={{ marginBottom: 8 }} />
      )}
      <Form<NeedsValues>
        name="needs"
        form={needsForm}
        layout="vertical"
        size="small"
        initialValues={{ supplyItems: [{}], medical: true }}
        onFinish={(v) => recommend.mutate(v)}
        className="cmd-subform"
      >
        <Row gutter={8}>
          <Col xs={24} md={12}>
            <Form.Item name="teamSpecialties" label={t('cmd.rec.teamSpecialties')}>
              <Select mode="multiple" options={RESCUE_SPECIALTIES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="expertSpecialties" label={t('cmd.rec.expertSpecialties')}>
              <Select mode="tags" options={RESCUE_SPECIALTIES.map((s) => ({ value: s, label: s }))} />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Text>{t('cmd.rec.items')}</Typography.Text>
        <Form.List name="supplyItems">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'item']} style={{ minWidth: 200 }}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      options={ITEM_OPTIONS}
                      placeholder={t('cmd.rec.item')}
                      aria-label={t('cmd.rec.item')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']}>
                    <InputNumber<number>
                      min={0}
                      placeholder={t('cmd.rec.quantity')}
                      aria-label={t('cmd.rec.quantity')}
                    />
                  </Form.Item>
                  <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                </Space>
              ))}
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                style={{ marginBottom: 8 }}
              >
                {t('cmd.rec.addItem')}
              </Button>
            </>
          )}
        </Form.List>
        <Row gutter={8}>
          <Col xs={12} md={8}>
            <Form.Item name="shelterPeople" label={t('cmd.rec.shelterPeople')}>
              <InputNumber<number> min={0} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={8}>
            <Form.Item name="maxDistanceKm" label={t('cmd.rec.maxDistance')}>
              <InputNumber<number> min={1} max={500} style={{ width: '100%' }} suffix="km" />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="medical" valuePropName="checked" label=" ">
              <Checkbox>{t('cmd.rec.medical')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={recommend.isPending} data-testid="recommend-run">
          {t('cmd.rec.run')}
        </Button>
      </Form>
      {recommend.isError && <Alert type="error" showIcon title={errorMessage(recommend.error, t)} />}
      {result && (
        <div data-testid="recommendation">
          {result.teams.map((g) => (
            <ResultList
              key={`team-${g.specialty}`}
              title={t('cmd.rec.teamsOf', { specialty: g.specialty })}
              items={g.matches}
              render={(m) => (
                <>
                  <b>{m.name}</b> <Tag>{m.readiness}</Tag>
                  {m.headcount !== null && (
                    <span className="cmd-muted">{t('cmd.rec.headcount', { n: m.headcount })}</span>
                  )}
                  <div className="cmd-muted">
                    {eta(m)}
                    {m.phone && ` · ${m.phone}`}
                  </div>
                </>
              )}
            />
          ))}
          {result.supplies.map((g) => (
            <ResultList
              key={`item-${g.item}`}
              title={`${g.itemName}：${t('cmd.rec.supplyLine', {
                needed: g.needed ?? '—',
                available: g.available,
                unit: g.unit,
              })}`}
              warning={g.shortfall > 0 ? t('cmd.rec.shortfall', { n: g.shortfall, unit: g.unit }) : null}
              items={g.matches}
              render={(m) => (
                <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
                  <span>
                    <b>{m.name}</b> {m.quantity} {g.unit}
                    <div className="cmd-muted">{eta(m)}</div>
                  </span>
                  {can('incident:write') && !closed && (
                    <Button
                      size="small"
                      onClick={() =>
                        setAllocating({
                          warehouseId: m.id,
                          itemCode: g.item,
                          quantity: Math.min(m.quantity, g.needed ?? m.quantity),
                        })
                      }
                      aria-label={t('cmd.alloc.fromNamed', { name: m.name })}
                    >
                      {t('cmd.alloc.from')}
                    </Button>
                  )}
                </Space>
              )}
            />
          ))}
          {result.experts.map((g) => (
            <ResultList
              key={`expert-${g.specialty}`}
              title={t('cmd.rec.expertsOf', { specialty: g.specialty })}
              items={g.matches}
              render={(m) => (
                <>
                  <b>{m.name}</b>
                  <div className="cmd-muted">
                    {eta(m)}
                    {m.phone && ` · ${m.phone}`}
                  </div>
                </>
              )}
            />
          ))}
          {result.shelters && (
            <ResultList
              title={t('cmd.rec.shelters', { people: result.shelters.people, free: result.shelters.free })}
              warning={
                result.shelters.shortfall > 0
                  ? t('cmd.rec.shelterShort', { n: result.shelters.shortfall })
                  : null
              }
              items={result.shelters.matches}
              render={(m) => (
                <>
                  <b>{m.name}</b> {t('cmd.rec.free', { free: m.free, capacity: m.capacity })}
                  <div className="cmd-muted">{eta(m)}</div>
                </>
              )}
            />
          )}
          {result.medical && (
            <ResultList
              title={t('cmd.rec.medicalList')}
              items={result.medical}
              render={(m) => (
                <>
                  <b>{m.name}</b> {m.category && <Tag>{m.category}</Tag>}
                  <div className="cmd-muted">{eta(m)}</div>
                </>
              )}
            />
          )}
        </div>
      )}

      <Space style={{ margin: '16px 0 8px' }}>
        <Typography.Text strong>{t('cmd.alloc.title')}</Typography.Text>
        {can('incident:write') && !closed && (
          <Button size="small" type="primary" onClick={() => setAllocating({})} data-testid="allocation-new">
            {t('cmd.alloc.new')}
          </Button>
        )}
      </Space>
      {allocating && (
        <AllocationForm
          key={JSON.stringify(allocating)}
          incidentId={incidentId}
          preset={allocating}
          tasks={tasks}
          onDone={() => {
            setAllocating(null);
            onChanged();
          }}
          onCancel={() => setAllocating(null)}
        />
      )}
      <AllocationsTable allocations={allocations} canWrite={can('incident:write')} onChanged={onChanged} />
    </div>
  );
}

function ResultList<T extends { id: string }>({
  title,
  items,
  render,
  warning = null,
}: {
  title: string;
  items: readonly T[];
  render: (item: T) => ReactNode;
  warning?: string | null;
}) {
  const { t } = useI18n();
  return (
    <div className="cmd-result">
      <Typography.Text strong>{title}</Typography.Text>
      {warning && (
        <Typography.Text type="danger" style={{ marginLeft: 8 }}>
          {warning}
        </Typography.Text>
      )}
      <List
        size="small"
        dataSource={[...items]}
        locale={{ emptyText: t('cmd.rec.nothing') }}
        renderItem={(m) => <List.Item key={m.id}>{render(m)}</List.Item>}
      />
    </div>
  );
}

interface AllocationValues {
  warehouseId?: string;
  lines: { itemCode?: string; quantity?: number | null }[];
  destination?: string;
  taskId?: string;
}

function AllocationForm({
  incidentId,
  preset,
  tasks,
  onDone,
  onCancel,
}: {
  incidentId: string;
  preset: { warehouseId?: string; itemCode?: string; quantity?: number };
  tasks: readonly TaskView[];
  onDone: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<AllocationValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const warehouses = useQuery({
    queryKey: ['ledger', 'warehouses', 'list', { pageSize: 200, purpose: 'allocation' }],
    queryFn: () => ledgerApi.list('warehouses', { pageSize: 200 }),
    staleTime: 60_000,
  });
  const save = useMutation({
    mutationFn: (v: AllocationValues) =>
      commandApi.allocate(incidentId, {
        warehouseId: v.warehouseId ?? '',
        lines: v.lines.map((l) => ({ itemCode: l.itemCode ?? '', quantity: l.quantity ?? 0 })),
        destination: v.destination?.trim() ?? '',
        ...(v.taskId && { taskId: v.taskId }),
      }),
    onSuccess: (a) => {
      void message.success(t('cmd.alloc.done', { voucher: a.voucher }));
      onDone();
    },
    onError: (error) => {
      const fields: Record<string, string> = {
        warehouseId: 'warehouseId',
        destination: 'destination',
        taskId: 'taskId',
      };
      (form.getFieldValue('lines') as unknown[]).forEach((_l, i) => {
        fields[`lines.${i}.itemCode`] = `lines.${i}.itemCode`;
        fields[`lines.${i}.quantity`] = `lines.${i}.quantity`;
        fields[`lines.${i}`] = `lines.${i}.quantity`;
      });
      setProblem(placeOn(form, error, fields, t));
    },
  });
  const req = [{ required: true, message: t('common.required') }];
  return (
    <div className="cmd-subform" data-testid="allocation-form">
      <FormProblemAlert problem={problem} />
      <Form<AllocationValues>
        name="allocation"
        form={form}
        layout="vertical"
        size="small"
        initialValues={{
          warehouseId: preset.warehouseId,
          lines: [{ itemCode: preset.itemCode, quantity: preset.quantity }],
        }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="warehouseId" label={t('cmd.alloc.warehouse')} rules={req}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={warehouses.isPending}
            options={(warehouses.data?.items ?? []).map((w) => ({ value: w.id, label: w.name }))}
            aria-label={t('cmd.alloc.warehouse')}
          />
        </Form.Item>
        <Form.List name="lines">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[field.name, 'itemCode']} rules={req} style={{ minWidth: 200 }}>
                    <Select
                      showSearch={{ optionFilterProp: 'label' }}
                      options={ITEM_OPTIONS}
                      placeholder={t('cmd.rec.item')}
                      aria-label={t('cmd.rec.item')}
                    />
                  </Form.Item>
                  <Form.Item name={[field.name, 'quantity']} rules={req}>
                    <InputNumber<number>
                      min={0}
                      placeholder={t('cmd.rec.quantity')}
                      aria-label={t('cmd.rec.quantity')}
                    />
                  </Form.Item>
                  {fields.length > 1 && (
                    <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                  )}
                </Space>
              ))}
              <Button
                size="small"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                style={{ marginBottom: 8 }}
              >
                {t('cmd.rec.addItem')}
              </Button>
            </>
          )}
        </Form.List>
        <Form.Item name="destination" label={t('cmd.alloc.destination')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="taskId" label={t('cmd.alloc.task')}>
          <Select allowClear options={tasks.map((x) => ({ value: x.id, label: x.title }))} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="allocation-save">
            {t('cmd.alloc.submit')}
          </Button>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
        </Space>
      </Form>
    </div>
  );
}

function AllocationsTable({
  allocations,
  canWrite,
  onChanged,
}: {
  allocations: readonly AllocationView[];
  canWrite: boolean;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const step = useMutation({
    mutationFn: ({ id, to }: { id: string; to: 'ship' | 'arrive' }) => commandApi.allocationStep(id, to),
    onSuccess: onChanged,
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const columns: TableColumnsType<AllocationView> = [
    { title: t('cmd.alloc.warehouse'), dataIndex: 'warehouseName' },
    {
      title: t('cmd.alloc.lines'),
      key: 'lines',
      render: (_v, a) => a.lines.map((l) => `${l.itemName} ${l.quantity}${l.unit}`).join('、'),
    },
    { title: t('cmd.alloc.destination'), dataIndex: 'destination' },
    {
      title: t('cmd.status'),
      key: 'state',
      width: 150,
      render: (_v, a) => (
        <div className="cmd-cell">
          <Tag color={a.state === 'arrived' ? 'green' : a.state === 'shipped' ? 'blue' : 'gold'}>
            {allocationStateLabel(a.state, lang)}
          </Tag>
          <span className="cmd-muted">{time(a.arrivedAt ?? a.shippedAt ?? a.createdAt)}</span>
        </div>
      ),
    },
    ...(canWrite
      ? [
          {
            title: '',
            key: 'step',
            width: 90,
            render: (_v: unknown, a: AllocationView) =>
              a.state === 'arrived' ? null : (
                <Button
                  size="small"
                  loading={step.isPending && step.variables.id === a.id}
                  onClick={() => step.mutate({ id: a.id, to: a.state === 'allocated' ? 'ship' : 'arrive' })}
                >
                  {a.state === 'allocated' ? t('cmd.alloc.ship') : t('cmd.alloc.arrive')}
                </Button>
              ),
          },
        ]
      : []),
  ];
  return (
    <Table<AllocationView>
      size="small"
      rowKey="id"
      dataSource={[...allocations].reverse()}
      columns={columns}
      pagination={{ pageSize: 10, hideOnSinglePage: true }}
      scroll={{ x: 600 }}
      data-testid="allocations-table"
    />
  );
}
