import { useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Alert, Button, Card, Form, Input, Segmented, Table, Tag, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import type { Role } from '@ningan/domain';
import { api } from '../../api/endpoints.ts';
import { usePublicConfig } from '../../api/queries.ts';
import { FullPageSpin } from '../../auth/guards.tsx';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n, type Lang } from '../../i18n/i18n.tsx';
import { roleLabel } from '../../i18n/labels.ts';
import { homePath, isPathAllowed } from '../../layout/nav-items.tsx';

interface Values {
  username: string;
  password: string;
}

interface DemoRow {
  username: string;
  role: Role;
  password: string;
}

export function LoginPage() {
  const { t, lang, setLang } = useI18n();
  const { session, loading, endReason, signIn, can } = useSession();
  const location = useLocation();
  const config = usePublicConfig();
  const [form] = Form.useForm<Values>();
  const [failure, setFailure] = useState<string | null>(null);
  const from = (location.state as { from?: string } | null)?.from;

  const login = useMutation({
    mutationFn: (values: Values) => api.login(values.username, values.password),
    // With the session set, this page renders the redirect below (to where the user was going).
    onSuccess: (response) => signIn(response),
    onError: (error) => {
      setFailure(errorMessage(error, t));
      form.setFieldValue('password', '');
    },
  });

  if (loading) return <FullPageSpin />;
  if (session) {
    const back = from && from !== '/' && from !== '/login' && isPathAllowed(from, can);
    return <Navigate to={back ? from : homePath(can)} replace />;
  }

  const demoAccounts = config.data?.demo ? (config.data.demoAccounts ?? []) : [];
  const showExpired = endReason === 'session_expired' && !failure;

  return (
    <main className="login-page">
      <div className="login-page__lang">
        <span data-testid="lang-switch">
          <Segmented<Lang>
            size="small"
            aria-label={t('lang.switch')}
            value={lang}
            onChange={setLang}
            options={[
              { label: t('lang.zh'), value: 'zh' },
              { label: t('lang.en'), value: 'en' },
            ]}
          />
        </span>
      </div>
      <Card className="login-card">
        <Typography.Title level={1} className="login-card__title">
          {t('login.title')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="login-card__subtitle">
          {t('login.subtitle')}
        </Typography.Paragraph>
        {showExpired && (
          <Alert type="warning" showIcon title={t('login.sessionExpired')} style={{ marginBottom: 16 }} />
        )}
        {failure && (
          <Alert
            type="error"
            showIcon
            title={failure}
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        {config.isError && (
          <Alert type="error" showIcon title={errorMessage(config.error, t)} style={{ marginBottom: 16 }} />
        )}
        <Form<Values>
          form={form}
          name="login"
          layout="vertical"
          requiredMark={false}
          data-testid="login-form"
          onFinish={(values) => {
            setFailure(null);
            login.mutate(values);
          }}
        >
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input prefix={<UserOutlined />} autoComplete="username" size="large" autoFocus />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block loading={login.isPending}>
            {t('login.submit')}
          </Button>
        </Form>
        {demoAccounts.length > 0 && (
          <section className="login-demo" data-testid="demo-accounts" aria-label={t('login.demoAccounts')}>
            <Typography.Title level={5} style={{ marginBottom: 4 }}>
              {t('login.demoAccounts')} <Tag color="orange">{t('app.demoTag')}</Tag>
            </Typography.Title>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('login.demoHint')}
            </Typography.Text>
            <Table<DemoRow>
              size="small"
              rowKey="username"
              pagination={false}
              dataSource={demoAccounts}
              scroll={{ x: 'max-content' }}
              onRow={(row) => ({
                onClick: () => form.setFieldsValue({ username: row.username, password: row.password }),
                style: { cursor: 'pointer' },
              })}
              columns={[
                { title: t('login.username'), dataIndex: 'username' },
                { title: t('login.role'), dataIndex: 'role', render: (role: Role) => roleLabel(role, lang) },
                {
                  title: t('login.password'),
                  dataIndex: 'password',
                  render: (p: string) => <code>{p}</code>,
                },
              ]}
            />
          </section>
        )}
        {config.data && (
          <Typography.Text type="secondary" className="login-card__version">
            {config.data.regionName}（{config.data.regionCode}） · v{config.data.version}
          </Typography.Text>
        )}
      </Card>
    </main>
  );
}
