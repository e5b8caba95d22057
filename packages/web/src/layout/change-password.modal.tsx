import { useState } from 'react';
import { App, Form, Input, Modal, Typography } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { api } from '../api/endpoints.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { applyFormError, FormProblemAlert, type FormProblem } from '../forms/form-errors.tsx';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const FIELDS = ['currentPassword', 'newPassword'] as const;

export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const mutation = useMutation({
    mutationFn: (v: Values) => api.changePassword(v.currentPassword, v.newPassword),
    onSuccess: () => {
      void message.success(t('password.changed'));
      close();
    },
    onError: (error) => {
      // password_policy details usually carry no path: they belong to the new password.
      const placed = applyFormError(form, error, FIELDS, t);
      if (placed.unplaced.length > 0) {
        form.setFields([{ name: 'newPassword', errors: placed.unplaced.map((d) => d.message) }]);
      }
      setProblem({ message: placed.message, unplaced: [] });
    },
  });

  function close() {
    form.resetFields();
    setProblem(null);
    onClose();
  }

  return (
    <Modal
      open={open}
      title={t('password.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={mutation.isPending}
      onOk={() => form.submit()}
      onCancel={close}
      forceRender
    >
      <FormProblemAlert problem={problem} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={(values) => {
          setProblem(null);
          mutation.mutate(values);
        }}
      >
        <Form.Item
          name="currentPassword"
          label={t('password.current')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[{ required: true, message: t('common.required') }]}
          extra={<Typography.Text type="secondary">{t('password.policy')}</Typography.Text>}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true, message: t('common.required') },
            ({ getFieldValue }) => ({
              validator: (_, value: string | undefined) =>
                !value || getFieldValue('newPassword') === value
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('password.mismatch'))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
