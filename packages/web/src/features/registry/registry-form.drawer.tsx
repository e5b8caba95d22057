import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import {
  App,
  Button,
  Col,
  DatePicker,
  Divider,
  Form,
  Grid,
  Input,
  Row,
  Select,
  Switch,
  Typography,
} from 'antd';
import type { FormRule as Rule } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  createRequestSchema,
  optionLabel,
  updateRequestSchema,
  type LedgerRecordView,
  type LedgerUpdateRequest,
  type RegistryDef,
  type RowsField,
  type ScalarField,
} from '@ningan/domain';
import { useCountyCode } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import {
  applyFormError,
  detailsFromIssues,
  placeDetails,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { FormDrawer } from '../../forms/form-drawer.tsx';
import { LocationFields, MapLoading } from '../../forms/location-fields.tsx';
import { useI18n, type Lang, type Translate } from '../../i18n/i18n.tsx';
import { OrgUnitSelect } from '../org-units/org-unit-select.tsx';
import { RegionSelect } from '../regions/region-select.tsx';
import { EnterpriseSelect, NumberInput, RefSelect } from './field-inputs.tsx';
import { ledgerApi, ledgerKeys } from './registry-api.ts';
import {
  changedParts,
  formFieldPaths,
  initialFormValues,
  toBody,
  toFormValues,
  type RegistryFormValues,
} from './registry-form-model.ts';
import { choiceLabel, isRowsField, isWideField, labelOf } from './registry-model.ts';

const GeometryPicker = lazy(() => import('./geometry-picker.tsx'));

export type RegistryFormTarget = { mode: 'create' } | { mode: 'edit'; record: LedgerRecordView };

type NamePath = (string | number)[];

/** The control of one scalar field (text → Input, enum → Select, date → DatePicker…). */
function control(field: ScalarField, t: Translate, label: string, lang: Lang): ReactNode {
  switch (field.type) {
    case 'text':
      return <Input maxLength={field.max ?? 100} />;
    case 'textarea':
      return <Input.TextArea maxLength={field.max ?? 2000} autoSize={{ minRows: 2, maxRows: 8 }} showCount />;
    case 'int':
      return <NumberInput min={field.min} max={field.max} unit={field.unit} integer />;
    case 'number':
      if (field.choices)
        return (
          <Select<number>
            allowClear
            options={field.choices.map((value) => ({ value, label: choiceLabel(field, value, t) }))}
            popupMatchSelectWidth={false}
          />
        );
      return <NumberInput min={field.min} max={field.max} unit={field.unit} />;
    case 'enum':
      return (
        <Select<string>
          allowClear
          showSearch={field.options.length > 8 ? { optionFilterProp: 'label' } : false}
          options={field.options.map((value) => ({ value, label: optionLabel(value, lang) }))}
        />
      );
    case 'multi':
      return (
        <Select<string[]>
          mode="multiple"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          options={field.options.map((value) => ({ value, label: optionLabel(value, lang) }))}
        />
      );
    case 'date':
      return <DatePicker style={{ width: '100%' }} aria-label={label} />;
    case 'phone':
      return <Input inputMode="tel" maxLength={20} autoComplete="off" />;
    case 'bool':
      return <Switch aria-label={label} />;
    case 'ref':
      return <RefSelect to={field.to} />;
  }
}

/** One field as a Form.Item, named `name` (['attrs', key] or [rowIndex, key] inside a Form.List). */
function FieldItem({
  field,
  name,
  lang,
  t,
}: {
  field: ScalarField;
  name: NamePath;
  lang: Lang;
  t: Translate;
}) {
  const label = labelOf(field, lang);
  const rules: Rule[] = field.required
    ? [{ required: true, message: t('registry.fieldRequired', { label }) }]
    : [];
  return (
    <Form.Item
      name={name}
      label={label}
      rules={rules}
      valuePropName={field.type === 'bool' ? 'checked' : 'value'}
      extra={field.hint}
      data-testid={`field-${field.key}`}
    >
      {control(field, t, label, lang)}
    </Form.Item>
  );
}

/** A rows field as a Form.List: each row the sub-fields, with add and remove. */
function RowsItem({ field, lang, t }: { field: RowsField; lang: Lang; t: Translate }) {
  const label = labelOf(field, lang);
  const rules = field.required
    ? [
        {
          validator: async (_: unknown, rows: unknown) => {
            if (!Array.isArray(rows) || rows.length === 0)
              throw new Error(t('registry.rowsRequired', { label }));
          },
        },
      ]
    : [];
  return (
    <>
      <Divider titlePlacement="start" plain>
        {label}
      </Divider>
      {field.hint && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
          {field.hint}
        </Typography.Paragraph>
      )}
      <Form.List name={['attrs', field.key]} rules={rules}>
        {(rows, { add, remove }, { errors }) => (
          <div data-testid={`rows-${field.key}`}>
            {rows.map((row, index) => (
              <div key={row.key} className="registry-row" data-testid={`rows-${field.key}-${index}`}>
                <Row gutter={[12, 0]} style={{ flex: 1, minWidth: 0 }}>
                  {field.fields.map((sub) => (
                    <Col key={sub.key} xs={24} sm={isWideField(sub) ? 24 : 12} md={isWideField(sub) ? 24 : 6}>
                      <FieldItem field={sub} name={[row.name, sub.key]} lang={lang} t={t} />
                    </Col>
                  ))}
                </Row>
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('registry.removeRow', { label, n: index + 1 })}
                  className="registry-row__remove"
                  onClick={() => remove(row.name)}
                />
              </div>
            ))}
            <Form.ErrorList errors={errors} />
            {(field.max === undefined || rows.length < field.max) && (
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                block
                style={{ marginTop: 4, marginBottom: 16 }}
                data-testid={`rows-${field.key}-add`}
              >
                {t('registry.addRow', { label })}
              </Button>
            )}
          </div>
        )}
      </Form.List>
    </>
  );
}

/** 新建/编辑 a ledger record: the registry's fields, generated from its declaration. */
export function RegistryFormDrawer({
  def,
  target,
  onClose,
  onSaved,
}: {
  def: RegistryDef;
  target: RegistryFormTarget | null;
  onClose: () => void;
  onSaved?: (record: LedgerRecordView, created: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const { session } = useSession();
  const queryClient = useQueryClient();
  const isPhone = Grid.useBreakpoint().md === false;
  const countyCode = useCountyCode();
  const [form] = Form.useForm<RegistryFormValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const editing = target?.mode === 'edit' ? target.record : null;
  const geometryValue = Form.useWatch<string | undefined>('geometry', form);
  const createSchema = useMemo(() => createRequestSchema(def), [def]);
  const updateSchema = useMemo(() => updateRequestSchema(def), [def]);
  const defaultRegion = session?.user.scope.regionCode ?? countyCode;

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue(
      target.mode === 'edit' ? toFormValues(def, target.record) : initialFormValues(def, defaultRegion),
    );
  }, [target, form, def, defaultRegion]);

  const paths = () => formFieldPaths(def, form.getFieldsValue(true) as RegistryFormValues);

  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      editing
        ? ledgerApi.update(def.key, editing.id, body as LedgerUpdateRequest)
        : ledgerApi.create(def.key, body),
    onSuccess: (saved) => {
      void message.success(t('common.saved'));
      // The answer is the record as stored: show it at once, refresh the lists behind it.
      queryClient.setQueryData(ledgerKeys.detail(def.key, saved.id), saved);
      onSaved?.(saved, !editing);
      onClose();
      void queryClient.invalidateQueries({
        queryKey: ledgerKeys.registry(def.key),
        predicate: (query) => !(query.queryKey[2] === 'detail' && query.queryKey[3] === saved.id),
      });
      void queryClient.invalidateQueries({ queryKey: ledgerKeys.summary });
    },
    onError: (error) => setProblem(applyFormError(form, error, paths(), t)),
  });

  function submit(values: RegistryFormValues) {
    setProblem(null);
    const { body, problems } = toBody(def, values, t);
    const fields = formFieldPaths(def, values);
    let payload: Record<string, unknown> = body;
    let issues = problems;
    // The schema's word on a part `toBody` could not build (unparsable GeoJSON) would only repeat it.
    const fresh = (details: typeof problems) =>
      details.filter((d) => !problems.some((p) => d.path === p.path || d.path.startsWith(`${p.path}.`)));
    if (editing) {
      payload = changedParts(body, toBody(def, toFormValues(def, editing), t).body);
      if (problems.length === 0 && Object.keys(payload).length === 0) {
        void message.info(t('registry.noChanges'));
        onClose();
        return;
      }
      const parsed = updateSchema.safeParse(payload);
      if (!parsed.success) issues = [...issues, ...fresh(detailsFromIssues(parsed.error.issues, t))];
    } else {
      const parsed = createSchema.safeParse(body);
      if (!parsed.success) issues = [...issues, ...fresh(detailsFromIssues(parsed.error.issues, t))];
    }
    if (issues.length > 0) {
      setProblem(placeDetails(form, t('common.invalid'), issues, fields));
      return;
    }
    save.mutate(payload);
  }

  const required: Rule[] = [{ required: true, message: t('common.required') }];
  const nameLabel = labelOf(def.nameLabel, lang);
  const scalars = def.fields.filter((f): f is ScalarField => !isRowsField(f));
  const rowsFields = def.fields.filter(isRowsField);
  const registryName = labelOf(def, lang);

  return (
    <FormDrawer
      open={target !== null}
      onClose={onClose}
      title={
        editing
          ? t('registry.editTitle', { name: registryName })
          : t('registry.createTitle', { name: registryName })
      }
      width={720}
      zIndex={1010}
      saving={save.isPending}
      onSave={() => form.submit()}
      problem={problem}
      testId="registry-form"
    >
      <Form<RegistryFormValues>
        form={form}
        layout="vertical"
        name={`registry-${def.key}`}
        onFinish={submit}
        onFinishFailed={() => setProblem(null)}
        scrollToFirstError
      >
        <Form.Item
          name="name"
          label={nameLabel}
          rules={[
            {
              required: true,
              whitespace: true,
              message: t('registry.fieldRequired', { label: nameLabel }),
            },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('registry.region')} rules={required}>
          <RegionSelect depth="any" />
        </Form.Item>
        {def.enterprise !== 'none' && (
          <Form.Item
            name="enterpriseId"
            label={t('registry.enterprise')}
            rules={
              def.enterprise === 'required' ? [{ required: true, message: t('registry.pickEnterprise') }] : []
            }
          >
            <EnterpriseSelect knownName={editing?.enterpriseName ?? null} />
          </Form.Item>
        )}
        {def.supervised && (
          <Form.Item name="supervisingDepartmentId" label={t('registry.supervisingDepartment')}>
            <OrgUnitSelect kinds={['department', 'bureau', 'bureau_office']} />
          </Form.Item>
        )}

        {def.geometry === 'point' && <LocationFields texts="registry" showMap={target !== null} />}
        {(def.geometry === 'line' || def.geometry === 'polygon') && (
          <Form.Item
            name="geometry"
            data-testid="field-geometry"
            label={def.geometry === 'line' ? t('registry.lineGeometry') : t('registry.polygonGeometry')}
            rules={[{ required: true, whitespace: true, message: t('registry.geometryRequired') }]}
            extra={def.geometry === 'line' ? t('registry.lineHint') : t('registry.polygonHint')}
          >
            <Input.TextArea
              className="mono"
              autoSize={{ minRows: 3, maxRows: 8 }}
              spellCheck={false}
              placeholder={
                def.geometry === 'line'
                  ? '{"type":"LineString","coordinates":[[107.92,35.50],[107.95,35.52]]}'
                  : '{"type":"Polygon","coordinates":[[[107.90,35.50],[107.95,35.50],[107.95,35.54],[107.90,35.50]]]}'
              }
            />
          </Form.Item>
        )}
        {(def.geometry === 'line' || def.geometry === 'polygon') && target && (
          <Form.Item>
            <Suspense fallback={<MapLoading height={260} />}>
              <GeometryPicker
                kind={def.geometry}
                value={geometryValue}
                height={isPhone ? 220 : 260}
                onChange={(text) => {
                  form.setFieldsValue({ geometry: text });
                  void form.validateFields(['geometry']).catch(() => undefined);
                }}
              />
            </Suspense>
          </Form.Item>
        )}

        <Divider titlePlacement="start" plain>
          {t('registry.fieldsSection', { name: registryName })}
        </Divider>
        <Row gutter={12}>
          {scalars.map((field) => (
            <Col key={field.key} xs={24} sm={isWideField(field) ? 24 : 12}>
              <FieldItem field={field} name={['attrs', field.key]} lang={lang} t={t} />
            </Col>
          ))}
        </Row>
        {rowsFields.map((field) => (
          <RowsItem key={field.key} field={field} lang={lang} t={t} />
        ))}
      </Form>
    </FormDrawer>
  );
}
