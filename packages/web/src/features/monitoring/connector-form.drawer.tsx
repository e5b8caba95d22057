/**
 * 创建/编辑连接器: an HTTP pull of JSON or a CSV drop folder, and the field mapping that turns each record
 * into a device payload (monitoring-connectors.ts). Header values are never shown again after saving: on
 * edit they read "***", and a header sent back as "***" keeps its stored value on the server, so the pull
 * settings (which the server replaces whole) can be changed without typing an API key again. Only a
 * header that was not stored under that name (a new or renamed one) needs its value.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { App, Button, Col, Divider, Form, Input, InputNumber, Radio, Row, Select, Space, Switch } from 'antd';
import type { FormRule as Rule } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  CONNECTOR_KINDS,
  CreateConnectorRequest,
  METRICS,
  UpdateConnectorRequest,
  type ConnectorKind,
  type ConnectorView,
  type Metric,
} from '@ningan/domain';
import { isApiError } from '../../api/client.ts';
import { detailsFromIssues, errorMessage, placeDetails, type FormProblem } from '../../forms/form-errors.tsx';
import { FormDrawer } from '../../forms/form-drawer.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { OrgUnitSelect } from '../org-units/org-unit-select.tsx';
import { RegionSelect } from '../regions/region-select.tsx';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import { connectorKindLabel, metricLabel } from './monitoring-labels.ts';

/** What the server shows instead of a header's value. */
const MASK = '***';

interface Values {
  kind: ConnectorKind;
  name?: string;
  regionCode?: string;
  orgUnitId?: string | null;
  enabled: boolean;
  url?: string;
  headers: { name?: string; value?: string }[];
  intervalSeconds?: number | null;
  items?: string;
  device?: string;
  ts?: string;
  zone?: string;
  values: { metric?: Metric; field?: string }[];
}

export type ConnectorFormTarget = { mode: 'create' } | { mode: 'edit'; connector: ConnectorView };

/** Server/schema paths → this form's fields (settings.url → url, mapping.device → device). */
function formPath(path: string): string {
  return path.replace(/^settings\./, '').replace(/^mapping\./, '');
}
const FORM_FIELDS = [
  'kind',
  'name',
  'regionCode',
  'orgUnitId',
  'enabled',
  'url',
  'headers',
  'intervalSeconds',
  'items',
  'device',
  'ts',
  'zone',
  'values',
];

function toValues(c: ConnectorView): Values {
  const settings = c.settings as { url?: string; headers?: Record<string, string>; intervalSeconds?: number };
  return {
    kind: c.kind,
    name: c.name,
    regionCode: c.regionCode,
    orgUnitId: c.orgUnitId,
    enabled: c.enabled,
    url: settings.url ?? '',
    headers: Object.entries(settings.headers ?? {}).map(([name, value]) => ({ name, value })),
    intervalSeconds: settings.intervalSeconds ?? null,
    items: c.mapping.items,
    device: c.mapping.device,
    ts: c.mapping.ts,
    zone: c.mapping.zone,
    values: Object.entries(c.mapping.values).map(([metric, field]) => ({ metric: metric as Metric, field })),
  };
}

function settingsOf(v: Values): Record<string, unknown> {
  const interval = typeof v.intervalSeconds === 'number' ? v.intervalSeconds : undefined;
  if (v.kind === 'csv_drop') return { intervalSeconds: interval };
  return {
    url: v.url?.trim() ?? '',
    headers: Object.fromEntries(
      v.headers.filter((h) => h.name?.trim()).map((h) => [h.name!.trim(), h.value ?? '']),
    ),
    intervalSeconds: interval,
  };
}

function mappingOf(v: Values) {
  return {
    items: v.kind === 'http_pull' ? (v.items?.trim() ?? '') : '',
    device: v.device ?? '',
    ts: v.ts ?? '',
    zone: v.zone?.trim() || '+08:00',
    values: Object.fromEntries(v.values.filter((x) => x.metric).map((x) => [x.metric!, x.field ?? ''])),
  };
}

export function ConnectorFormDrawer({
  target,
  onClose,
}: {
  target: ConnectorFormTarget | null;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const editing = target?.mode === 'edit' ? target.connector : null;
  const kind = Form.useWatch('kind', form) ?? 'http_pull';

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    if (target.mode === 'edit') form.setFieldsValue(toValues(target.connector));
  }, [target, form]);

  const place = (issues: { path: readonly PropertyKey[]; message: string }[]) =>
    setProblem(
      placeDetails(
        form,
        t('common.invalid'),
        detailsFromIssues(issues, t).map((d) => ({ ...d, path: formPath(d.path) })),
        FORM_FIELDS,
      ),
    );

  const save = useMutation({
    mutationFn: (body: { create: CreateConnectorRequest } | { update: UpdateConnectorRequest }) =>
      'create' in body
        ? monitoringApi.createConnector(body.create)
        : monitoringApi.updateConnector(editing?.id ?? '', body.update),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.connectors });
      onClose();
    },
    onError: (error) =>
      setProblem(
        placeDetails(
          form,
          errorMessage(error, t),
          (isApiError(error) ? error.details : []).map((d) => ({ ...d, path: formPath(d.path) })),
          FORM_FIELDS,
        ),
      ),
  });

  function submit(values: Values) {
    setProblem(null);
    const settings = settingsOf(values);
    const mapping = mappingOf(values);
    if (!editing) {
      const parsed = CreateConnectorRequest.safeParse({
        kind: values.kind,
        name: values.name ?? '',
        regionCode: values.regionCode || null,
        orgUnitId: values.orgUnitId ?? null,
        enabled: values.enabled,
        mapping,
        settings,
      });
      if (!parsed.success) return place(parsed.error.issues);
      save.mutate({ create: parsed.data });
      return;
    }
    const before = toValues(editing);
    const settingsChanged = JSON.stringify(settingsOf(before)) !== JSON.stringify(settings);
    if (settingsChanged) {
      const stored = (before.headers ?? []).map((h) => h.name);
      const masked = values.headers.findIndex(
        (h) => h.value === MASK && !stored.includes(h.name?.trim() ?? ''),
      );
      if (masked >= 0) {
        form.setFields([
          {
            name: ['headers', masked, 'value'],
            errors: [t('connectors.headersReenter', { name: values.headers[masked]?.name ?? '' })],
          },
        ]);
        return;
      }
    }
    const update: UpdateConnectorRequest = {
      ...(values.name !== editing.name ? { name: values.name ?? '' } : {}),
      ...(values.enabled !== editing.enabled ? { enabled: values.enabled } : {}),
      ...(JSON.stringify(mapping) !== JSON.stringify(editing.mapping) ? { mapping } : {}),
      ...(settingsChanged ? { settings } : {}),
    };
    const parsed = UpdateConnectorRequest.safeParse(update);
    if (!parsed.success) return place(parsed.error.issues);
    if (Object.keys(parsed.data).length === 0) {
      void message.info(t('stations.noChanges'));
      onClose();
      return;
    }
    save.mutate({ update: parsed.data });
  }

  const required: Rule[] = [{ required: true, message: t('common.required') }];
  return (
    <FormDrawer
      open={target !== null}
      onClose={onClose}
      title={editing ? t('connectors.edit') : t('connectors.create')}
      width={680}
      saving={save.isPending}
      onSave={() => form.submit()}
      problem={problem}
      testId="connector-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="connector"
        onFinish={submit}
        initialValues={{
          kind: 'http_pull',
          enabled: true,
          headers: [],
          values: [{}],
          zone: '+08:00',
          intervalSeconds: 300,
        }}
      >
        <Form.Item name="kind" label={t('connectors.kind')}>
          <Radio.Group
            optionType="button"
            disabled={Boolean(editing)}
            onChange={(e) => {
              if (!editing) form.setFieldValue('intervalSeconds', e.target.value === 'csv_drop' ? 60 : 300);
            }}
            options={CONNECTOR_KINDS.map((k) => ({ value: k, label: connectorKindLabel(k, lang) }))}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('connectors.name')} rules={required}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={6}>
            <Form.Item name="intervalSeconds" label={t('connectors.interval')} rules={required}>
              <InputNumber<number> min={10} max={86_400} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={4}>
            <Form.Item name="enabled" label={t('connectors.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="regionCode"
              label={t('connectors.region')}
              extra={editing ? undefined : t('tokens.regionHint')}
            >
              <RegionSelect depth="any" allowEmpty disabled={Boolean(editing)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="orgUnitId" label={t('connectors.orgUnit')}>
              <OrgUnitSelect disabled={Boolean(editing)} />
            </Form.Item>
          </Col>
        </Row>
        {kind === 'http_pull' && (
          <>
            <Form.Item name="url" label={t('connectors.url')} rules={required}>
              <Input placeholder="https://" maxLength={2000} className="mono" />
            </Form.Item>
            <Form.Item label={t('connectors.headers')}>
              <PairList
                name="headers"
                keys={['name', 'value']}
                first={
                  <Input placeholder={t('connectors.headerName')} style={{ width: '40%' }} className="mono" />
                }
                second={
                  <Input
                    placeholder={t('connectors.headerValue')}
                    title={t('connectors.headerMasked')}
                    className="mono"
                  />
                }
                addLabel={t('connectors.addHeader')}
              />
            </Form.Item>
          </>
        )}
        {editing?.dropDir && (
          <Form.Item label={t('connectors.dropDir')}>
            <Input value={editing.dropDir} readOnly className="mono" />
          </Form.Item>
        )}

        <Divider titlePlacement="start" plain>
          {t('connectors.mapping')}
        </Divider>
        {kind === 'http_pull' && (
          <Form.Item name="items" label={t('connectors.items')} extra={t('connectors.itemsHint')}>
            <Input className="mono" placeholder="data.list" />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={12} sm={8}>
            <Form.Item name="device" label={t('connectors.device')} rules={required}>
              <Input className="mono" placeholder="stcd" />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="ts" label={t('connectors.ts')} rules={required}>
              <Input className="mono" placeholder="tm" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="zone" label={t('connectors.zone')} extra={t('connectors.zoneHint')}>
              <Input className="mono" placeholder="+08:00" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('connectors.values')} required>
          <PairList
            name="values"
            keys={['metric', 'field']}
            first={
              <Select<Metric>
                placeholder={t('stations.metric')}
                style={{ width: '45%' }}
                showSearch={{ optionFilterProp: 'label' }}
                options={METRICS.map((m) => ({ value: m, label: metricLabel(m, lang) }))}
              />
            }
            second={<Input placeholder={t('connectors.valueField')} className="mono" />}
            addLabel={t('connectors.addValue')}
          />
        </Form.Item>
      </Form>
    </FormDrawer>
  );
}

/** A list of name → value pairs (headers, metric → field): one compact row each, with remove and add. */
function PairList({
  name,
  keys,
  first,
  second,
  addLabel,
}: {
  name: 'headers' | 'values';
  /** The row's two fields. */
  keys: [string, string];
  first: ReactNode;
  second: ReactNode;
  addLabel: string;
}) {
  const { t } = useI18n();
  return (
    <Form.List name={name}>
      {(fields, { add, remove }) => (
        <Space orientation="vertical" style={{ width: '100%' }}>
          {fields.map((field) => (
            <Space.Compact key={field.key} block>
              <Form.Item name={[field.name, keys[0]]} noStyle>
                {first}
              </Form.Item>
              <Form.Item name={[field.name, keys[1]]} noStyle>
                {second}
              </Form.Item>
              <Button
                icon={<DeleteOutlined />}
                onClick={() => remove(field.name)}
                aria-label={t('common.delete')}
              />
            </Space.Compact>
          ))}
          <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})}>
            {addLabel}
          </Button>
        </Space>
      )}
    </Form.List>
  );
}
