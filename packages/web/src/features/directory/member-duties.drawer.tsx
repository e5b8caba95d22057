/** Editing a member unit in a body: its role (牵头/成员) and 责任清单, item by item; adding a member unit. */
import { useEffect, useState } from 'react';
import { App, Button, Drawer, Form, Grid, Input, Modal, Radio, Space, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import {
  DUTY_LIST_LIMITS,
  MEMBER_ROLES,
  MEMBER_UNIT_KINDS,
  type DirectoryBody,
  type DirectoryMember,
  type MemberRole,
} from '@ningan/domain';
import { applyFormError, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { OrgUnitSelect } from '../org-units/org-unit-select.tsx';
import { directoryApi, directoryKey } from './directory-api.ts';

export interface MemberTarget {
  body: DirectoryBody;
  member: DirectoryMember;
}

interface DutiesValues {
  role: MemberRole;
  duties: string[];
}

function useRoleOptions() {
  const { t } = useI18n();
  return MEMBER_ROLES.map((r) => ({
    value: r,
    label: r === 'lead' ? t('directory.lead') : t('directory.member'),
  }));
}

export function MemberDutiesDrawer({
  target,
  onClose,
}: {
  target: MemberTarget | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isPhone = Grid.useBreakpoint().md === false;
  const [form] = Form.useForm<DutiesValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const roleOptions = useRoleOptions();

  useEffect(() => {
    if (!target) return;
    setProblem(null);
    form.resetFields();
    form.setFieldsValue({ role: target.member.role, duties: target.member.duties });
  }, [target, form]);

  const save = useMutation({
    mutationFn: (values: DutiesValues) =>
      directoryApi.updateMember(target!.body.id, target!.member.unitId, {
        role: values.role,
        duties: values.duties.map((d) => d ?? ''),
      }),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: directoryKey });
      onClose();
    },
    onError: (error, values) => {
      // Item problems (duties.N) go on their item; a problem of the whole list in the Alert.
      const fields = ['role', ...values.duties.map((_, i) => `duties.${i}`)];
      setProblem(applyFormError(form, error, fields, t));
    },
  });

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      title={target ? `${target.member.unitName} · ${target.body.shortName}` : ''}
      size={isPhone ? '100%' : 560}
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
      <Form<DutiesValues>
        form={form}
        layout="vertical"
        name="member-duties"
        data-testid="member-duties-form"
        onFinish={(values) => {
          setProblem(null);
          save.mutate({ role: values.role, duties: values.duties ?? [] });
        }}
      >
        <Form.Item name="role" label={t('directory.role')}>
          <Radio.Group options={roleOptions} optionType="button" />
        </Form.Item>
        <Typography.Text strong>{t('directory.duties')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
          {t('directory.dutiesHint', { items: DUTY_LIST_LIMITS.items, length: DUTY_LIST_LIMITS.itemLength })}
        </Typography.Paragraph>
        <Form.List name="duties">
          {(fields, { add, remove, move }) => (
            <>
              {fields.map((field, i) => (
                <div key={field.key} className="directory-duty-row">
                  <span className="directory-duty-row__no">{i + 1}.</span>
                  <Form.Item name={field.name} className="directory-duty-row__input">
                    <Input.TextArea
                      autoSize={{ minRows: 1, maxRows: 4 }}
                      aria-label={t('directory.dutyItem', { n: i + 1 })}
                    />
                  </Form.Item>
                  <Space size={0}>
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowUpOutlined />}
                      aria-label={t('directory.moveUp')}
                      disabled={i === 0}
                      onClick={() => move(i, i - 1)}
                    />
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowDownOutlined />}
                      aria-label={t('directory.moveDown')}
                      disabled={i === fields.length - 1}
                      onClick={() => move(i, i + 1)}
                    />
                    <Button
                      type="text"
                      size="small"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('common.delete')}
                      onClick={() => remove(field.name)}
                    />
                  </Space>
                </div>
              ))}
              <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add('')}>
                {t('directory.addDuty')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

interface AddValues {
  memberId: string | null;
  role: MemberRole;
  duties?: string;
}

/** Adds a unit to a body; the duties as one item per line. */
export function AddMemberModal({ body, onClose }: { body: DirectoryBody | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<AddValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const roleOptions = useRoleOptions();

  useEffect(() => {
    if (!body) return;
    setProblem(null);
    form.resetFields();
  }, [body, form]);

  const save = useMutation({
    mutationFn: (values: AddValues) =>
      directoryApi.addMember(body!.id, {
        memberId: values.memberId ?? '',
        role: values.role,
        duties: (values.duties ?? '')
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
      }),
    onSuccess: async () => {
      void message.success(t('common.saved'));
      await queryClient.invalidateQueries({ queryKey: directoryKey });
      onClose();
    },
    onError: (error) => setProblem(applyFormError(form, error, ['memberId', 'role'], t)),
  });

  return (
    <Modal
      open={body !== null}
      title={body ? `${t('directory.addMember')} · ${body.name}` : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <FormProblemAlert problem={problem} />
      <Form<AddValues>
        form={form}
        layout="vertical"
        name="add-member"
        initialValues={{ role: 'member', memberId: null }}
        onFinish={(values) => {
          setProblem(null);
          save.mutate(values);
        }}
      >
        <Form.Item
          name="memberId"
          label={t('directory.unit')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <OrgUnitSelect kinds={MEMBER_UNIT_KINDS} />
        </Form.Item>
        <Form.Item name="role" label={t('directory.role')}>
          <Radio.Group options={roleOptions} optionType="button" />
        </Form.Item>
        <Form.Item name="duties" label={t('directory.duties')} extra={t('directory.onePerLine')}>
          <Input.TextArea rows={5} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
