import { useEffect, useState } from 'react';
import { App, Button, Col, DatePicker, Divider, Form, Grid, Input, Row, Select, Switch } from 'antd';
import type { FormRule as Rule } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  checkCreditCode,
  CREDIT_CODE_CHARSET,
  CreateEnterpriseRequest,
  ENTERPRISE_SCALES,
  INDUSTRIES,
  STANDARDIZATION_GRADES,
  type EnterpriseView,
  type Industry,
} from '@ningan/domain';
import { api, type EnterprisePatch } from '../../api/endpoints.ts';
import type { EnterpriseScale, StandardizationGrade } from '../../api/types.ts';
import {
  applyFormError,
  detailsFromIssues,
  placeDetails,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { FormDrawer } from '../../forms/form-drawer.tsx';
import { LocationFields } from '../../forms/location-fields.tsx';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { industryLabel, scaleLabel, standardizationGradeLabel } from '../../i18n/labels.ts';
import { OrgUnitSelect } from '../org-units/org-unit-select.tsx';
import { RegionSelect } from '../regions/region-select.tsx';

interface LicenceValues {
  name?: string;
  number?: string;
  expiresOn?: Dayjs | null;
}

interface Values {
  name?: string;
  creditCode?: string;
  industry?: Industry;
  scale?: EnterpriseScale;
  regionCode?: string;
  lon?: number | null;
  lat?: number | null;
  address?: string;
  legalRepresentative?: string;
  safetyManager?: string;
  safetyManagerPhone?: string;
  standardizationGrade?: StandardizationGrade;
  insured?: boolean;
  insuranceExpiresOn?: Dayjs | null;
  licences?: LicenceValues[];
  supervisingDepartmentId?: string | null;
}

const BASE_FIELDS = [
  'name',
  'creditCode',
  'industry',
  'scale',
  'regionCode',
  'lon',
  'lat',
  'address',
  'legalRepresentative',
  'safetyManager',
  'safetyManagerPhone',
  'standardizationGrade',
  'insured',
  'insuranceExpiresOn',
  'supervisingDepartmentId',
] as const;

/** Every field a `details[].path` may name, licence rows included (`licences.0.expiresOn`). */
function fieldsFor(licenceCount: number): string[] {
  const rows = Array.from({ length: licenceCount }, (_, i) =>
    ['name', 'number', 'expiresOn'].map((f) => `licences.${i}.${f}`),
  );
  return [...BASE_FIELDS, ...rows.flat()];
}

export type EnterpriseFormTarget = { mode: 'create' } | { mode: 'edit'; enterprise: EnterpriseView };

const text = (v: string | undefined) => (v?.trim() ? v.trim() : null);
const date = (v: Dayjs | null | undefined) => (v ? v.format('YYYY-MM-DD') : null);

/**
 * What the credit-code field says while typing: bad characters, too long, and — once 18 characters are
 * in — a wrong check character with the one GB 32100 expects.
 */
export function creditCodeProblem(code: string, t: Translate): string | null {
  if (!code) return null;
  const bad = [...new Set([...code].filter((ch) => !CREDIT_CODE_CHARSET.includes(ch)))];
  if (bad.length > 0) return t('enterprises.creditCodeBadChars', { chars: bad.join(' ') });
  if (code.length > 18) return t('enterprises.creditCodeLength', { length: code.length });
  if (code.length < 18) return null;
  const result = checkCreditCode({ code });
  if (result.valid) return null;
  return t('enterprises.creditCodeCheck', {
    expected: result.expectedCheckChar ?? '?',
    actual: code.slice(17),
  });
}

function toValues(e: EnterpriseView): Values {
  return {
    name: e.name,
    creditCode: e.creditCode,
    industry: e.industry,
    scale: e.scale,
    regionCode: e.regionCode,
    lon: e.lon,
    lat: e.lat,
    address: e.address ?? '',
    legalRepresentative: e.legalRepresentative ?? '',
    safetyManager: e.safetyManager ?? '',
    safetyManagerPhone: e.safetyManagerPhone ?? '',
    standardizationGrade: e.standardizationGrade,
    insured: e.insured,
    insuranceExpiresOn: e.insuranceExpiresOn ? dayjs(e.insuranceExpiresOn) : null,
    licences: e.licences.map((l) => ({ name: l.name, number: l.number, expiresOn: dayjs(l.expiresOn) })),
    supervisingDepartmentId: e.supervisingDepartmentId,
  };
}

/** Only the fields that differ from the record, so the history shows what really changed. */
function changedFields(body: CreateEnterpriseRequest, before: EnterpriseView): EnterprisePatch {
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const old: unknown = before[key as keyof EnterpriseView];
    if (JSON.stringify(old ?? null) !== JSON.stringify(value ?? null)) patch[key] = value;
  }
  return patch;
}

/** 新建/编辑企业 — every field of the registry, the location by coordinates or on the map. */
export function EnterpriseFormDrawer({
  target,
  onClose,
  onSaved,
}: {
  target: EnterpriseFormTarget | null;
  onClose: () => void;
  onSaved?: (enterprise: EnterpriseView, created: boolean) => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isPhone = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const editing = target?.mode === 'edit' ? target.enterprise : null;
  const insured = Form.useWatch('insured', form);

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    if (target.mode === 'edit') form.setFieldsValue(toValues(target.enterprise));
  }, [target, form]);

  const save = useMutation({
    mutationFn: (body: CreateEnterpriseRequest | EnterprisePatch) =>
      editing
        ? api.updateEnterprise(editing.id, body)
        : api.createEnterprise(body as CreateEnterpriseRequest),
    onSuccess: async (saved) => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['enterprises'] });
      onSaved?.(saved, !editing);
      onClose();
    },
    onError: (error) =>
      setProblem(
        applyFormError(
          form,
          error,
          fieldsFor((form.getFieldValue('licences') as LicenceValues[] | undefined)?.length ?? 0),
          t,
        ),
      ),
  });

  function submit(values: Values) {
    setProblem(null);
    const licences = values.licences ?? [];
    const parsed = CreateEnterpriseRequest.safeParse({
      name: values.name,
      creditCode: values.creditCode,
      industry: values.industry,
      scale: values.scale,
      regionCode: values.regionCode,
      lon: values.lon ?? undefined,
      lat: values.lat ?? undefined,
      address: text(values.address),
      legalRepresentative: text(values.legalRepresentative),
      safetyManager: text(values.safetyManager),
      safetyManagerPhone: text(values.safetyManagerPhone),
      standardizationGrade: values.standardizationGrade ?? '未评级',
      insured: values.insured ?? false,
      insuranceExpiresOn: values.insured ? date(values.insuranceExpiresOn) : null,
      licences: licences.map((l) => ({
        name: l.name ?? '',
        number: l.number ?? '',
        expiresOn: date(l.expiresOn),
      })),
      supervisingDepartmentId: values.supervisingDepartmentId ?? null,
    });
    if (!parsed.success) {
      setProblem(
        placeDetails(
          form,
          t('common.invalid'),
          detailsFromIssues(parsed.error.issues, t),
          fieldsFor(licences.length),
        ),
      );
      return;
    }
    if (editing) {
      const patch = changedFields(parsed.data, editing);
      if (Object.keys(patch).length === 0) {
        void message.info(t('enterprises.noChanges'));
        onClose();
        return;
      }
      save.mutate(patch);
    } else {
      save.mutate(parsed.data);
    }
  }

  const required: Rule[] = [{ required: true, message: t('common.required') }];
  const creditCodeRules: Rule[] = [
    ...required,
    {
      validateTrigger: 'onChange',
      validator: async (_rule, value: string | undefined) => {
        const problem = creditCodeProblem(value ?? '', t);
        if (problem) throw new Error(problem);
      },
    },
    {
      // Too short is only said on leaving the field (and on saving), not while still typing.
      validateTrigger: 'onBlur',
      validator: async (_rule, value: string | undefined) => {
        const code = value ?? '';
        if (code.length > 0 && code.length < 18 && creditCodeProblem(code, t) === null)
          throw new Error(t('enterprises.creditCodeLength', { length: code.length }));
      },
    },
  ];

  return (
    <FormDrawer
      open={target !== null}
      onClose={onClose}
      title={editing ? t('enterprises.edit') : t('enterprises.create')}
      width={680}
      zIndex={1010}
      saving={save.isPending}
      onSave={() => form.submit()}
      problem={problem}
      testId="enterprise-form"
    >
      <Form<Values>
        form={form}
        layout="vertical"
        name="enterprise"
        onFinish={submit}
        initialValues={{ standardizationGrade: '未评级', insured: false, licences: [] }}
        scrollToFirstError
      >
        <Form.Item name="name" label={t('enterprises.name')} rules={required}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          name="creditCode"
          label={t('enterprises.creditCode')}
          rules={creditCodeRules}
          validateTrigger={['onChange', 'onBlur']}
          normalize={(value: string | undefined) => value?.replace(/\s+/g, '').toUpperCase()}
          hasFeedback
          extra={t('enterprises.creditCodeHint')}
        >
          <Input maxLength={20} className="mono" autoComplete="off" spellCheck={false} />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item name="industry" label={t('enterprises.industry')} rules={required}>
              <Select<Industry>
                showSearch={{ optionFilterProp: 'label' }}
                options={INDUSTRIES.map((value) => ({ value, label: industryLabel(value, lang) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="scale" label={t('enterprises.scale')} rules={required}>
              <Select<EnterpriseScale>
                options={ENTERPRISE_SCALES.map((value) => ({ value, label: scaleLabel(value, lang) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="regionCode"
          label={t('enterprises.region')}
          rules={[
            ...required,
            {
              validator: async (_rule, value: string | undefined) => {
                if (value && value.length < 9) throw new Error(t('enterprises.pickTownship'));
              },
            },
          ]}
        >
          <RegionSelect depth="any" allowEmpty />
        </Form.Item>
        <Form.Item name="address" label={t('enterprises.address')}>
          <Input maxLength={200} />
        </Form.Item>

        <LocationFields texts="enterprises" showMap={target !== null} height={260} />

        <Divider titlePlacement="start" plain>
          {t('enterprises.people')}
        </Divider>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="legalRepresentative" label={t('enterprises.legalRepresentative')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="safetyManager" label={t('enterprises.safetyManager')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="safetyManagerPhone" label={t('enterprises.safetyManagerPhone')}>
              <Input inputMode="tel" maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="supervisingDepartmentId" label={t('enterprises.supervisingDepartment')}>
          <OrgUnitSelect kinds={['department', 'bureau', 'bureau_office']} />
        </Form.Item>

        <Divider titlePlacement="start" plain>
          {t('enterprises.safety')}
        </Divider>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="standardizationGrade" label={t('enterprises.standardizationGrade')}>
              <Select<StandardizationGrade>
                options={STANDARDIZATION_GRADES.map((value) => ({
                  value,
                  label: standardizationGradeLabel(value, lang),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={10} sm={6}>
            <Form.Item name="insured" label={t('enterprises.insured')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={14} sm={10}>
            <Form.Item
              name="insuranceExpiresOn"
              label={t('enterprises.insuranceExpiresOn')}
              dependencies={['insured']}
              rules={[
                ({ getFieldValue }) => ({
                  required: Boolean(getFieldValue('insured')),
                  message: t('enterprises.insuranceDateRequired'),
                }),
              ]}
            >
              <DatePicker disabled={!insured} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start" plain>
          {t('enterprises.licences')}
        </Divider>
        <Form.List name="licences">
          {(fields, { add, remove }) => (
            <div data-testid="licence-list">
              {fields.map((field, index) => (
                <div key={field.key} className="licence-row" data-testid={`licence-row-${index}`}>
                  <Form.Item
                    name={[field.name, 'name']}
                    label={index === 0 || isPhone ? t('enterprises.licenceName') : undefined}
                    rules={required}
                    className="licence-row__name"
                  >
                    <Input maxLength={60} aria-label={t('enterprises.licenceName')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'number']}
                    label={index === 0 || isPhone ? t('enterprises.licenceNumber') : undefined}
                    rules={required}
                    className="licence-row__number"
                  >
                    <Input maxLength={60} aria-label={t('enterprises.licenceNumber')} />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'expiresOn']}
                    label={index === 0 || isPhone ? t('enterprises.licenceExpiresOn') : undefined}
                    rules={required}
                    className="licence-row__date"
                  >
                    <DatePicker style={{ width: '100%' }} aria-label={t('enterprises.licenceExpiresOn')} />
                  </Form.Item>
                  <Button
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('enterprises.removeLicence')}
                    className="licence-row__remove"
                    onClick={() => remove(field.name)}
                  />
                </div>
              ))}
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({})} block>
                {t('enterprises.addLicence')}
              </Button>
            </div>
          )}
        </Form.List>
      </Form>
    </FormDrawer>
  );
}
