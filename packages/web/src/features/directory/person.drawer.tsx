/**
 * A person of the directory: a body's leader or office (主任/总指挥, 副主任/副总指挥, 办公室主任, 值班室)
 * or a member unit's 分管领导/联络员 — unit-wide, or for this body only. Saved as a contact.
 */
import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Drawer, Form, Grid, Input, Select, Space } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  BODY_POSITIONS,
  CreateContactRequest,
  MEMBER_POSITIONS,
  type ContactDuty,
  type ContactView,
  type DirectoryBody,
  type DirectoryMember,
} from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import {
  applyFormError,
  detailsFromIssues,
  FormProblemAlert,
  placeDetails,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { directoryKey } from './directory-api.ts';
import { positionText } from './directory-labels.ts';

export type PersonTarget =
  | { mode: 'create'; body: DirectoryBody; member: DirectoryMember | null }
  | { mode: 'edit'; body: DirectoryBody; member: DirectoryMember | null; contact: ContactView };

interface Values {
  duty: ContactDuty;
  name: string;
  title?: string;
  phone: string;
  officePhone?: string;
  thisBodyOnly: boolean;
}

const FIELDS = ['duty', 'name', 'title', 'phone', 'officePhone', 'bodyId', 'orgUnitId'] as const;

const blankToNull = (v: string | undefined) => (v?.trim() ? v.trim() : null);

export function PersonDrawer({ target, onClose }: { target: PersonTarget | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isPhone = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const editing = target?.mode === 'edit' ? target.contact : null;
  const positions = target?.member ? MEMBER_POSITIONS : BODY_POSITIONS;

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    if (target.mode === 'edit') {
      const c = target.contact;
      form.setFieldsValue({
        duty: c.duty,
        name: c.name,
        title: c.title ?? '',
        phone: c.phone,
        officePhone: c.officePhone ?? '',
        thisBodyOnly: c.bodyId !== null,
      });
    } else form.setFieldsValue({ duty: positions[0], thisBodyOnly: false });
  }, [target, form, positions]);

  const save = useMutation({
    mutationFn: (body: CreateContactRequest) =>
      editing ? api.updateContact(editing.id, body) : api.createContact(body),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: directoryKey });
      await queryClient.invalidateQueries({ queryKey: ['contacts'] });
      onClose();
    },
    onError: (error) => setProblem(applyFormError(form, error, FIELDS, t)),
  });

  function submit(values: Values) {
    if (!target) return;
    setProblem(null);
    const { body, member } = target;
    const parsed = CreateContactRequest.safeParse({
      name: values.name,
      duty: values.duty,
      phone: values.phone,
      officePhone: blankToNull(values.officePhone),
      title: blankToNull(values.title),
      regionCode: editing?.regionCode ?? body.regionCode,
      orgUnitId: member ? member.unitId : body.id,
      bodyId: member && values.thisBodyOnly ? body.id : null,
      note: editing?.note ?? null,
    });
    if (!parsed.success) {
      setProblem(placeDetails(form, t('common.invalid'), detailsFromIssues(parsed.error.issues, t), FIELDS));
      return;
    }
    save.mutate(parsed.data);
  }

  const required = [{ required: true, message: t('common.required') }];
  const title = target
    ? `${editing ? t('directory.editPerson') : t('directory.addPerson')} · ${target.member?.unitName ?? target.body.name}`
    : '';
  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={title}
      size={isPhone ? '100%' : 480}
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
      <Form<Values> form={form} layout="vertical" name="directory-person" onFinish={submit}>
        <Form.Item name="duty" label={t('directory.position')} rules={required}>
          <Select<ContactDuty>
            options={positions.map((d) => ({
              value: d,
              label: target ? positionText(d, target.body.kind, lang) : d,
            }))}
          />
        </Form.Item>
        <Form.Item name="name" label={t('contacts.name')} rules={required}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="title" label={t('contacts.position')}>
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="phone" label={t('directory.mobile')} rules={required}>
          <Input inputMode="tel" />
        </Form.Item>
        <Form.Item name="officePhone" label={t('contacts.officePhone')}>
          <Input inputMode="tel" />
        </Form.Item>
        {target?.member && (
          <Form.Item name="thisBodyOnly" valuePropName="checked" extra={t('directory.thisBodyOnlyHint')}>
            <Checkbox>{t('directory.thisBodyOnlyLabel', { body: target.body.shortName })}</Checkbox>
          </Form.Item>
        )}
      </Form>
    </Drawer>
  );
}
