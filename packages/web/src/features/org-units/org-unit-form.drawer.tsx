import { useEffect, useState } from 'react';
import { App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CreateOrgUnitRequest, ORG_UNIT_KINDS, type OrgUnitKind, type OrgUnitView } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { useCountyCode } from '../../api/queries.ts';
import {
  applyFormError,
  detailsFromIssues,
  FormProblemAlert,
  placeDetails,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { orgUnitKindLabel } from '../../i18n/labels.ts';
import { RegionSelect } from '../regions/region-select.tsx';
import { OrgUnitSelect } from './org-unit-select.tsx';

interface Values {
  name: string;
  kind: OrgUnitKind;
  parentId?: string | null;
  regionCode?: string;
  memberIds?: string[];
}

const FIELDS = ['name', 'kind', 'parentId', 'regionCode', 'memberIds'] as const;

/** 三委四部 have member units (成员单位). */
const HAS_MEMBERS: readonly OrgUnitKind[] = ['committee', 'headquarters'];

export type OrgUnitFormTarget = { mode: 'create' } | { mode: 'edit'; unit: OrgUnitView };

export function OrgUnitFormDrawer({
  target,
  onClose,
}: {
  target: OrgUnitFormTarget | null;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const countyCode = useCountyCode();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const kind = Form.useWatch('kind', form);
  const editing = target?.mode === 'edit' ? target.unit : null;

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    if (target.mode === 'edit') {
      const { unit } = target;
      form.setFieldsValue({
        name: unit.name,
        kind: unit.kind,
        parentId: unit.parentId,
        regionCode: unit.regionCode,
        memberIds: unit.memberIds,
      });
    } else {
      form.setFieldsValue({ regionCode: countyCode, memberIds: [] });
    }
  }, [target, form, countyCode]);

  const save = useMutation({
    mutationFn: (body: CreateOrgUnitRequest) =>
      editing ? api.updateOrgUnit(editing.id, body) : api.createOrgUnit(body),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['org-units'] });
      await queryClient.invalidateQueries({ queryKey: ['org-unit'] });
      onClose();
    },
    onError: (error) => setProblem(applyFormError(form, error, FIELDS, t)),
  });

  function submit(values: Values) {
    setProblem(null);
    const parsed = CreateOrgUnitRequest.safeParse({
      name: values.name,
      kind: values.kind,
      parentId: values.parentId ?? null,
      regionCode: values.regionCode ?? countyCode,
      memberIds: HAS_MEMBERS.includes(values.kind) ? (values.memberIds ?? []) : [],
    });
    if (!parsed.success) {
      setProblem(placeDetails(form, t('common.invalid'), detailsFromIssues(parsed.error.issues, t), FIELDS));
      return;
    }
    save.mutate(parsed.data);
  }

  const required = [{ required: true, message: t('common.required') }];
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={editing ? t('orgUnits.edit') : t('orgUnits.create')}
      size={520}
      forceRender
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <FormProblemAlert problem={problem} />
      <Form<Values> form={form} layout="vertical" name="org-unit" onFinish={submit}>
        <Form.Item name="name" label={t('orgUnits.name')} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="kind" label={t('orgUnits.kind')} rules={required}>
          <Select<OrgUnitKind>
            options={ORG_UNIT_KINDS.map((k) => ({ value: k, label: orgUnitKindLabel(k, lang) }))}
          />
        </Form.Item>
        <Form.Item name="parentId" label={t('orgUnits.parent')}>
          <OrgUnitSelect excludeId={editing?.id} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('orgUnits.region')}>
          <RegionSelect depth="any" />
        </Form.Item>
        {kind !== undefined && HAS_MEMBERS.includes(kind) && (
          <Form.Item name="memberIds" label={t('orgUnits.members')}>
            <OrgUnitSelect
              multiple
              kinds={['department', 'bureau', 'township_office']}
              excludeId={editing?.id}
            />
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
