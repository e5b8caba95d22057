import { useEffect, useState } from 'react';
import { App, Button, Drawer, Form, Input, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CONTACT_DUTIES, CreateContactRequest, type ContactDuty, type ContactView } from '@ningan/domain';
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
import { contactDutyLabel } from '../../i18n/labels.ts';
import { OrgUnitSelect } from '../org-units/org-unit-select.tsx';
import { RegionSelect } from '../regions/region-select.tsx';

interface Values {
  name: string;
  duty: ContactDuty;
  phone: string;
  officePhone?: string;
  title?: string;
  regionCode?: string;
  orgUnitId?: string | null;
  note?: string;
}

const FIELDS = ['name', 'duty', 'phone', 'officePhone', 'title', 'regionCode', 'orgUnitId', 'note'] as const;

export type ContactFormTarget = { mode: 'create' } | { mode: 'edit'; contact: ContactView };

export function ContactFormDrawer({
  target,
  onClose,
}: {
  target: ContactFormTarget | null;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const countyCode = useCountyCode();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const editing = target?.mode === 'edit' ? target.contact : null;

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    if (target.mode === 'edit') {
      const { contact } = target;
      form.setFieldsValue({
        name: contact.name,
        duty: contact.duty,
        phone: contact.phone,
        officePhone: contact.officePhone ?? '',
        title: contact.title ?? '',
        regionCode: contact.regionCode,
        orgUnitId: contact.orgUnitId,
        note: contact.note ?? '',
      });
    }
  }, [target, form]);

  const save = useMutation({
    mutationFn: (body: CreateContactRequest) =>
      editing ? api.updateContact(editing.id, body) : api.createContact(body),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      onClose();
    },
    onError: (error) => setProblem(applyFormError(form, error, FIELDS, t)),
  });

  function submit(values: Values) {
    setProblem(null);
    const parsed = CreateContactRequest.safeParse({
      name: values.name,
      duty: values.duty,
      phone: values.phone,
      officePhone: values.officePhone?.trim() ? values.officePhone.trim() : null,
      title: values.title?.trim() ? values.title.trim() : null,
      regionCode: values.regionCode ?? countyCode,
      orgUnitId: values.orgUnitId ?? null,
      // The 三委四部 body a member unit's person serves is kept as it is (set in 应急通讯录).
      bodyId: editing?.bodyId ?? null,
      note: values.note?.trim() ? values.note.trim() : null,
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
      title={editing ? t('contacts.edit') : t('contacts.create')}
      size={480}
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
      <Form<Values> form={form} layout="vertical" name="contact" onFinish={submit}>
        <Form.Item name="name" label={t('contacts.name')} rules={required}>
          <Input />
        </Form.Item>
        <Form.Item name="duty" label={t('contacts.duty')} rules={required}>
          <Select<ContactDuty>
            options={CONTACT_DUTIES.map((d) => ({ value: d, label: contactDutyLabel(d, lang) }))}
          />
        </Form.Item>
        <Form.Item name="phone" label={t('contacts.phone')} rules={required}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="officePhone" label={t('contacts.officePhone')}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="title" label={t('contacts.position')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('contacts.region')}>
          <RegionSelect depth="any" />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('contacts.orgUnit')}>
          <OrgUnitSelect />
        </Form.Item>
        <Form.Item name="note" label={t('contacts.note')}>
          <Input.TextArea rows={3} maxLength={200} showCount />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
