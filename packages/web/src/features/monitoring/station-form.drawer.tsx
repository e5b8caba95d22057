/**
 * 登记/编辑监测站点: the device id, kind, place (typed or picked on the map), the monitored object, the owner
 * department, and the sensors with their valid range, sampling interval and — for water level —
 * 警戒/保证水位. Checked with the domain's request schemas before sending; the server's `details[].path`
 * lands on the matching field (`sensors.0.validMax`).
 *
 * A new station is sent whole (its sensors in the body). An edit sends the station's changed fields, then
 * each sensor change on its own route: new rows added, changed rows patched, removed rows deleted (the
 * server refuses to delete a sensor that has data: disable it instead).
 */
import { useEffect, useRef, useState } from 'react';
import {
  App,
  Button,
  Col,
  Divider,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import type { FormInstance, FormRule as Rule } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import {
  CreateStationRequest,
  findRegistry,
  METRIC_DEFS,
  METRICS,
  STATION_KIND_DEFS,
  STATION_KINDS,
  UpdateStationRequest,
  type Metric,
  type SensorView,
  type StationKind,
  type StationView,
  type StationWithSecret,
} from '@ningan/domain';
import { isApiError } from '../../api/client.ts';
import {
  applyFormError,
  detailsFromIssues,
  errorMessage,
  placeDetails,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { FormDrawer } from '../../forms/form-drawer.tsx';
import { LocationFields } from '../../forms/location-fields.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { OrgUnitSelect } from '../org-units/org-unit-select.tsx';
import { RegionSelect } from '../regions/region-select.tsx';
import { EnterpriseSelect, RefSelect } from '../registry/field-inputs.tsx';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import { metricLabel, stationKindLabel } from './monitoring-labels.ts';
import {
  defaultRegistryFor,
  MONITORED_REGISTRIES,
  monitoredRegistryOf,
  type MonitoredRegistry,
} from './monitoring-model.ts';

type LinkType = 'none' | 'record' | 'enterprise';

interface SensorValues {
  /** Set for a sensor that exists on the server. */
  id?: string;
  metric?: Metric;
  label?: string;
  validMin?: number | null;
  validMax?: number | null;
  samplingSeconds?: number | null;
  warningStage?: number | null;
  guaranteedStage?: number | null;
  enabled?: boolean;
}

interface Values {
  code?: string;
  name?: string;
  kind?: StationKind;
  regionCode?: string;
  lon?: number | null;
  lat?: number | null;
  linkType: LinkType;
  registry?: MonitoredRegistry;
  ledgerRecordId?: string | null;
  enterpriseId?: string | null;
  ownerDepartmentId?: string | null;
  note?: string;
  enabled: boolean;
  sensors: SensorValues[];
}

export type StationFormTarget = { mode: 'create' } | { mode: 'edit'; station: StationView };

const STATION_FIELDS = [
  'code',
  'name',
  'kind',
  'regionCode',
  'lon',
  'lat',
  'ledgerRecordId',
  'enterpriseId',
  'ownerDepartmentId',
  'note',
  'enabled',
] as const;
const SENSOR_FIELDS = [
  'metric',
  'label',
  'validMin',
  'validMax',
  'samplingSeconds',
  'warningStage',
  'guaranteedStage',
  'enabled',
] as const;

function fieldsFor(sensorCount: number): string[] {
  const rows = Array.from({ length: sensorCount }, (_, i) => SENSOR_FIELDS.map((f) => `sensors.${i}.${f}`));
  return [...STATION_FIELDS, 'sensors', ...rows.flat()];
}

/** A new sensor row for `metric`: the catalogue's range, the kind's sampling interval. */
export function defaultSensor(metric: Metric, kind: StationKind): SensorValues {
  const def = METRIC_DEFS[metric];
  return {
    metric,
    label: '',
    validMin: def.range[0],
    validMax: def.range[1],
    samplingSeconds: STATION_KIND_DEFS[kind].samplingSeconds,
    warningStage: null,
    guaranteedStage: null,
    enabled: true,
  };
}

/** Whether the rows are exactly these sensors (compared field by field, not by key order). */
function sameSensors(a: readonly SensorValues[], b: readonly SensorValues[]): boolean {
  const key = (s: SensorValues) =>
    JSON.stringify([s.metric, s.label ?? '', s.validMin, s.validMax, s.samplingSeconds, s.enabled ?? true]);
  return a.length === b.length && a.every((s, i) => key(s) === key(b[i]!));
}

const defaultSensorsOf = (kind: StationKind) =>
  STATION_KIND_DEFS[kind].metrics.map((m) => defaultSensor(m, kind));

function sensorValuesOf(s: SensorView): SensorValues {
  return {
    id: s.id,
    metric: s.metric,
    label: s.label ?? '',
    validMin: s.validMin,
    validMax: s.validMax,
    samplingSeconds: s.samplingSeconds,
    warningStage: s.warningStage,
    guaranteedStage: s.guaranteedStage,
    enabled: s.enabled,
  };
}

function toValues(s: StationView): Values {
  return {
    code: s.code,
    name: s.name,
    kind: s.kind,
    regionCode: s.regionCode,
    lon: s.lon,
    lat: s.lat,
    linkType: s.enterpriseId ? 'enterprise' : s.ledgerRecordId ? 'record' : 'none',
    // The linked record's registry (named by the server), so its picker shows the record.
    registry: monitoredRegistryOf(s.ledgerRegistry) ?? defaultRegistryFor(s.kind),
    ledgerRecordId: s.ledgerRecordId,
    enterpriseId: s.enterpriseId,
    ownerDepartmentId: s.ownerDepartmentId,
    note: s.note ?? '',
    enabled: s.enabled,
    sensors: s.sensors.map(sensorValuesOf),
  };
}

const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);
const num = (v: number | null | undefined) => (typeof v === 'number' ? v : undefined);

/** The create body the form describes (also used to check an edit: same rules). */
function requestOf(values: Values, code: string) {
  return CreateStationRequest.safeParse({
    code,
    name: values.name ?? '',
    kind: values.kind,
    regionCode: values.regionCode ?? '',
    lon: num(values.lon),
    lat: num(values.lat),
    ledgerRecordId: values.linkType === 'record' ? (values.ledgerRecordId ?? null) : null,
    enterpriseId: values.linkType === 'enterprise' ? (values.enterpriseId ?? null) : null,
    ownerDepartmentId: values.ownerDepartmentId ?? null,
    note: text(values.note),
    enabled: values.enabled,
    sensors: values.sensors.map((s) => ({
      metric: s.metric,
      label: text(s.label),
      validMin: num(s.validMin),
      validMax: num(s.validMax),
      samplingSeconds: num(s.samplingSeconds),
      warningStage: s.metric === 'water_level' ? (s.warningStage ?? null) : null,
      guaranteedStage: s.metric === 'water_level' ? (s.guaranteedStage ?? null) : null,
      enabled: s.enabled ?? true,
    })),
  });
}

/** The changed fields of a station (the device id never changes). */
function stationPatch(body: CreateStationRequest, before: StationView): UpdateStationRequest {
  const patch: Record<string, unknown> = {};
  for (const key of UpdateStationRequest.keyof().options) {
    const next = body[key];
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(next ?? null)) patch[key] = next;
  }
  return patch;
}

type SensorOp =
  | { op: 'add'; row: number; body: CreateStationRequest['sensors'][number] }
  | { op: 'update'; row: number; id: string; body: Record<string, unknown> }
  | { op: 'delete'; id: string };

/** Sensor rows against the station's sensors → the calls that make them so. */
function sensorOps(body: CreateStationRequest, rows: SensorValues[], before: StationView): SensorOp[] {
  const ops: SensorOp[] = [];
  const kept = new Set<string>();
  body.sensors.forEach((sensor, row) => {
    const id = rows[row]?.id;
    const old = id ? before.sensors.find((s) => s.id === id) : undefined;
    if (!id || !old) {
      ops.push({ op: 'add', row, body: sensor });
      return;
    }
    kept.add(id);
    const patch: Record<string, unknown> = {};
    for (const key of SENSOR_FIELDS) {
      if (key === 'metric') continue;
      if (JSON.stringify(old[key] ?? null) !== JSON.stringify(sensor[key] ?? null)) patch[key] = sensor[key];
    }
    if (Object.keys(patch).length > 0) ops.push({ op: 'update', row, id, body: patch });
  });
  for (const s of before.sensors) if (!kept.has(s.id)) ops.push({ op: 'delete', id: s.id });
  return ops;
}

export function StationFormDrawer({
  target,
  onClose,
  onCreated,
}: {
  target: StationFormTarget | null;
  onClose: () => void;
  /** A new station and its secret (to be shown once). */
  onCreated: (created: StationWithSecret) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [saving, setSaving] = useState(false);
  /** The station as the server last answered (refreshed after a partial save). */
  const [baseline, setBaseline] = useState<StationView | null>(null);
  const editing = target?.mode === 'edit' ? target.station : null;
  const linkType = Form.useWatch('linkType', form);
  const registry = Form.useWatch('registry', form);
  /** The kind whose default sensors the rows were filled with. */
  const previousKind = useRef<StationKind>('rain_gauge');

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    if (target.mode === 'edit') {
      setBaseline(target.station);
      previousKind.current = target.station.kind;
      form.setFieldsValue(toValues(target.station));
    } else {
      setBaseline(null);
      previousKind.current = 'rain_gauge';
      form.setFieldsValue({
        kind: 'rain_gauge',
        registry: 'flood-zones',
        sensors: defaultSensorsOf('rain_gauge'),
      });
    }
  }, [target, form]);

  /** New kind: fresh default sensors while the rows are still the previous kind's untouched defaults. */
  const onValuesChange = (changed: Partial<Values>, all: Values) => {
    if (changed.kind && !editing) {
      const rows = (form.getFieldValue('sensors') as SensorValues[] | undefined) ?? [];
      if (rows.length === 0 || sameSensors(rows, defaultSensorsOf(previousKind.current)))
        form.setFieldValue('sensors', defaultSensorsOf(changed.kind));
      form.setFieldValue('registry', defaultRegistryFor(changed.kind));
    }
    if (changed.kind) previousKind.current = changed.kind;
    // A row's metric changed: its range becomes the metric's; stages only for water level.
    changed.sensors?.forEach((row, i) => {
      const metric = row?.metric;
      if (!metric) return;
      const kind = all.kind ?? 'rain_gauge';
      const current = all.sensors[i];
      form.setFieldValue(['sensors', i], {
        ...defaultSensor(metric, kind),
        ...{ id: current?.id },
        label: current?.label ?? '',
      });
    });
  };

  async function save(values: Values) {
    setProblem(null);
    const rows = values.sensors ?? [];
    const parsed = requestOf(values, editing ? editing.code : (values.code ?? ''));
    if (!parsed.success) {
      setProblem(
        placeDetails(
          form,
          t('common.invalid'),
          detailsFromIssues(parsed.error.issues, t),
          fieldsFor(rows.length),
        ),
      );
      return;
    }
    const invalidate = () => queryClient.invalidateQueries({ queryKey: monitoringKeys.all });
    if (!editing) {
      setSaving(true);
      try {
        const created = await monitoringApi.createStation(parsed.data);
        await invalidate();
        onClose();
        onCreated(created);
      } catch (error) {
        setProblem(applyFormError(form, error, fieldsFor(rows.length), t));
      } finally {
        setSaving(false);
      }
      return;
    }

    const before = baseline ?? editing;
    const patch = stationPatch(parsed.data, before);
    const ops = sensorOps(parsed.data, rows, before);
    if (Object.keys(patch).length === 0 && ops.length === 0) {
      void message.info(t('stations.noChanges'));
      onClose();
      return;
    }
    setSaving(true);
    try {
      if (Object.keys(patch).length > 0) {
        try {
          await monitoringApi.updateStation(editing.id, patch);
        } catch (error) {
          setProblem(applyFormError(form, error, fieldsFor(rows.length), t));
          return;
        }
      }
      for (const op of ops) {
        try {
          if (op.op === 'add') {
            const created = await monitoringApi.addSensor(editing.id, op.body);
            form.setFieldValue(['sensors', op.row, 'id'], created.id);
          } else if (op.op === 'update') await monitoringApi.updateSensor(op.id, op.body);
          else await monitoringApi.deleteSensor(op.id);
        } catch (error) {
          placeSensorError(form, error, op, t);
          setProblem({
            message: t('stations.savedSensorsFailed', { message: errorMessage(error, t) }),
            unplaced: [],
          });
          setBaseline(await monitoringApi.getStation(editing.id).catch(() => before));
          return;
        }
      }
      void message.success(t('common.saved'));
      onClose();
    } finally {
      setSaving(false);
      await invalidate();
    }
  }

  const required: Rule[] = [{ required: true, message: t('common.required') }];

  return (
    <FormDrawer
      open={target !== null}
      onClose={onClose}
      title={editing ? t('stations.edit') : t('stations.create')}
      width={760}
      zIndex={1010}
      saving={saving}
      onSave={() => form.submit()}
      problem={problem}
      testId="station-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="station"
        onFinish={(values) => void save(values)}
        onValuesChange={onValuesChange}
        initialValues={{ linkType: 'none', enabled: true, sensors: [] }}
        scrollToFirstError
      >
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item
              name="code"
              label={t('stations.code')}
              rules={editing ? [] : required}
              extra={editing ? undefined : t('stations.codeHint')}
            >
              <Input
                maxLength={64}
                className="mono"
                autoComplete="off"
                spellCheck={false}
                disabled={Boolean(editing)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="name" label={t('stations.name')} rules={required}>
              <Input maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t('stations.kind')} rules={required}>
              <Select<StationKind>
                showSearch={{ optionFilterProp: 'label' }}
                options={STATION_KINDS.map((k) => ({ value: k, label: stationKindLabel(k, lang) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item
              name="regionCode"
              label={t('stations.region')}
              rules={[
                ...required,
                {
                  validator: async (_rule, value: string | undefined) => {
                    if (value && value.length < 9) throw new Error(t('stations.pickTownship'));
                  },
                },
              ]}
            >
              <RegionSelect depth="any" allowEmpty />
            </Form.Item>
          </Col>
        </Row>

        <LocationFields texts="stations" showMap={target !== null} />

        <Form.Item name="linkType" label={t('stations.linked')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'none', label: t('stations.linkedNone') },
              { value: 'record', label: t('stations.linkedRecord') },
              { value: 'enterprise', label: t('stations.linkedEnterprise') },
            ]}
          />
        </Form.Item>
        {linkType === 'record' && (
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item name="registry" label={t('stations.linkedRegistry')}>
                <Select<MonitoredRegistry>
                  onChange={() => form.setFieldValue('ledgerRecordId', null)}
                  options={MONITORED_REGISTRIES.map((key) => {
                    const def = findRegistry(key);
                    return { value: key, label: def ? (lang === 'en' ? def.en : def.zh) : key };
                  })}
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item name="ledgerRecordId" label={t('stations.linkedRecord')} rules={required}>
                <RefSelect to={registry ?? 'geo-hazards'} />
              </Form.Item>
            </Col>
          </Row>
        )}
        {linkType === 'enterprise' && (
          <Form.Item name="enterpriseId" label={t('stations.linkedEnterprise')} rules={required}>
            <EnterpriseSelect />
          </Form.Item>
        )}
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item name="ownerDepartmentId" label={t('stations.owner')}>
              <OrgUnitSelect kinds={['department', 'bureau', 'bureau_office', 'township_office']} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="enabled" label={t('stations.enabled')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="note" label={t('stations.note')}>
          <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 4 }} />
        </Form.Item>

        <Divider titlePlacement="start" plain>
          {t('stations.sensors')}
        </Divider>
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {t('stations.rangeHint')}
        </Typography.Paragraph>
        <SensorRows form={form} />
      </Form>
    </FormDrawer>
  );
}

/** A failed sensor call's details on that row's fields (`validMax` → `sensors.2.validMax`). */
function placeSensorError(
  form: FormInstance<Values>,
  error: unknown,
  op: SensorOp,
  t: ReturnType<typeof useI18n>['t'],
) {
  if (op.op === 'delete' || !isApiError(error)) return;
  const details = error.details.map((d) => ({ ...d, path: `sensors.${op.row}.${d.path}` }));
  placeDetails(form, errorMessage(error, t), details, fieldsFor(op.row + 1));
}

function SensorRows({ form }: { form: FormInstance<Values> }) {
  const { t, lang } = useI18n();
  const kind = Form.useWatch('kind', form) ?? 'rain_gauge';
  const rows = Form.useWatch('sensors', form) ?? [];
  const required: Rule[] = [{ required: true, message: t('common.required') }];
  return (
    <Form.List name="sensors">
      {(fields, { add, remove }) => (
        <div data-testid="sensor-rows" className="sensor-rows">
          {fields.map((field, index) => {
            const row = rows[index];
            const metric = row?.metric;
            const isWater = metric === 'water_level';
            return (
              <div key={field.key} className="sensor-row" data-testid={`sensor-row-${index}`}>
                {/* The sensor's id on the server (none for a new row): which call saves the row. */}
                <Form.Item name={[field.name, 'id']} hidden>
                  <Input />
                </Form.Item>
                <Row gutter={10}>
                  <Col xs={24} sm={9}>
                    <Form.Item name={[field.name, 'metric']} label={t('stations.metric')} rules={required}>
                      <Select<Metric>
                        disabled={Boolean(row?.id)}
                        showSearch={{ optionFilterProp: 'label' }}
                        aria-label={t('stations.metric')}
                        options={METRICS.map((m) => ({
                          value: m,
                          label: `${metricLabel(m, lang)}（${METRIC_DEFS[m].unit}）`,
                        }))}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={9}>
                    <Form.Item name={[field.name, 'label']} label={t('stations.sensorLabel')}>
                      <Input maxLength={60} aria-label={t('stations.sensorLabel')} />
                    </Form.Item>
                  </Col>
                  <Col xs={16} sm={4}>
                    <Form.Item
                      name={[field.name, 'enabled']}
                      label={t('stations.sensorEnabled')}
                      valuePropName="checked"
                    >
                      <Switch size="small" />
                    </Form.Item>
                  </Col>
                  <Col xs={8} sm={2} className="sensor-row__remove">
                    <Button
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('stations.removeSensor', { n: index + 1 })}
                      onClick={() => remove(field.name)}
                    />
                  </Col>
                </Row>
                <Row gutter={10}>
                  <Col xs={12} sm={8}>
                    <Form.Item
                      name={[field.name, 'validMin']}
                      label={t('stations.validMin')}
                      rules={required}
                    >
                      <InputNumber<number>
                        style={{ width: '100%' }}
                        aria-label={t('stations.validMin')}
                        suffix={metric ? METRIC_DEFS[metric].unit : undefined}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={12} sm={8}>
                    <Form.Item
                      name={[field.name, 'validMax']}
                      label={t('stations.validMax')}
                      rules={required}
                    >
                      <InputNumber<number>
                        style={{ width: '100%' }}
                        aria-label={t('stations.validMax')}
                        suffix={metric ? METRIC_DEFS[metric].unit : undefined}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item
                      name={[field.name, 'samplingSeconds']}
                      label={t('stations.sampling')}
                      rules={required}
                    >
                      <InputNumber<number>
                        min={1}
                        max={86_400}
                        precision={0}
                        style={{ width: '100%' }}
                        aria-label={t('stations.sampling')}
                      />
                    </Form.Item>
                  </Col>
                </Row>
                {isWater && (
                  <>
                    <Row gutter={10}>
                      <Col xs={12}>
                        <Form.Item name={[field.name, 'warningStage']} label={t('stations.warningStage')}>
                          <InputNumber<number>
                            style={{ width: '100%' }}
                            aria-label={t('stations.warningStage')}
                          />
                        </Form.Item>
                      </Col>
                      <Col xs={12}>
                        <Form.Item
                          name={[field.name, 'guaranteedStage']}
                          label={t('stations.guaranteedStage')}
                        >
                          <InputNumber<number>
                            style={{ width: '100%' }}
                            aria-label={t('stations.guaranteedStage')}
                          />
                        </Form.Item>
                      </Col>
                    </Row>
                    <Typography.Paragraph type="secondary" className="sensor-row__hint">
                      {t('stations.stageHint')}
                    </Typography.Paragraph>
                  </>
                )}
              </div>
            );
          })}
          <Button
            type="dashed"
            icon={<PlusOutlined />}
            block
            data-testid="sensor-add"
            onClick={() => {
              const used = new Set(rows.map((r) => r?.metric));
              const next =
                STATION_KIND_DEFS[kind].metrics.find((m) => !used.has(m)) ??
                METRICS.find((m) => !used.has(m));
              add(next ? defaultSensor(next, kind) : {});
            }}
          >
            {t('stations.addSensor')}
          </Button>
        </div>
      )}
    </Form.List>
  );
}
