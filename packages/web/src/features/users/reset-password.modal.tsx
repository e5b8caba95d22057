import { useEffect, useState } from 'react';
import { App, Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import type { UserView } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { applyFormError, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

interface Values {
  newPassword: string;
  confirm: string;
}

export function ResetPasswordModal({ user, onClose }: { user: UserView | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<FormProblem | null>(null);

  useEffect(() => {
    if (!user) return;
    form.resetFields();
    setProblem(null);
  }, [user, form]);

  const reset = useMutation({
    mutationFn: (v: Values) => api.resetPassword(user?.id ?? '', v.newPassword),
    onSuccess: () => {
      void message.success(t('users.passwordReset'));
      onClose();
    },
    onError: (error) => {
      const placed = applyFormError(form, error, ['newPassword'], t);
      if (placed.unplaced.length > 0)
        form.setFields([{ name: 'newPassword', errors: placed.unplaced.map((d) => d.message) }]);
      setProblem({ message: placed.message, unplaced: [] });
    },
  });

  return (
    <Modal
      open={user !== null}
      title={t('users.resetPasswordFor', { name: user?.displayName ?? '' })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={reset.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      forceRender
    >
      <FormProblemAlert problem={problem} />
      <Form<Values> form={form} layout="vertical" name="reset-password" onFinish={(v) => reset.mutate(v)}>
        <Form.Item
          name="newPassword"
          label={t('password.new')}
          rules={[{ required: true, message: t('common.required') }]}
          extra={t('password.policy')}
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
