/**
 * 接入管理 (`monitoring:write`): integration tokens for gateways and department systems (created, shown once,
 * revoked), and connectors (HTTP pull / CSV drop with a field mapping, run now, last run result).
 */
import { useState } from 'react';
import {
  App,
  Alert,
  Button,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  CreateIngestTokenRequest,
  type ConnectorRunResult,
  type ConnectorView,
  type IngestTokenView,
  type IngestTokenWithSecret,
} from '@ningan/domain';
import { useOrgUnitOptions, useRegionNames } from '../../api/queries.ts';
import {
  applyFormError,
  detailsFromIssues,
  errorMessage,
  FormProblemAlert,
  placeDetails,
  type FormProblem,
} from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { OrgUnitSelect } from '../org-units/org-unit-select.tsx';
import { RegionSelect } from '../regions/region-select.tsx';
import { ConnectorFormDrawer, type ConnectorFormTarget } from './connector-form.drawer.tsx';
import { monitoringApi, monitoringKeys } from './monitoring-api.ts';
import { connectorKindLabel } from './monitoring-labels.ts';
import './monitoring.css';

const at = (iso: string | null) =>
  iso ? <span className="tabular">{dayjs(iso).format('YYYY-MM-DD HH:mm')}</span> : '—';

export function IntegrationsPage() {
  const { t } = useI18n();
  return (
    <div className="admin-page" data-testid="integrations-page">
      <PageHeader title={t('integrations.title')} />
      <Tabs
        items={[
          { key: 'tokens', label: t('integrations.tokens'), children: <TokensTab /> },
          { key: 'connectors', label: t('integrations.connectors'), children: <ConnectorsTab /> },
        ]}
      />
    </div>
  );
}

function useUnitNames(): (id: string | null) => string {
  const units = useOrgUnitOptions().data?.items ?? [];
  return (id) => (id ? (units.find((u) => u.id === id)?.name ?? id) : '—');
}

function TokensTab() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const nameOf = useRegionNames();
  const unitName = useUnitNames();
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<IngestTokenWithSecret | null>(null);
  const tokens = useQuery({ queryKey: monitoringKeys.tokens, queryFn: monitoringApi.listTokens });
  const revoke = useMutation({
    mutationFn: (id: string) => monitoringApi.revokeToken(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: monitoringKeys.tokens }),
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const columns: TableColumnsType<IngestTokenView> = [
    { title: t('tokens.name'), dataIndex: 'name' },
    { title: t('tokens.region'), dataIndex: 'regionCode', render: (code: string) => nameOf(code) },
    { title: t('tokens.orgUnit'), dataIndex: 'orgUnitId', render: (id: string | null) => unitName(id) },
    { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: at },
    { title: t('tokens.lastUsedAt'), dataIndex: 'lastUsedAt', render: at },
    {
      title: t('tokens.state'),
      key: 'state',
      render: (_: unknown, token) =>
        token.revokedAt ? (
          <Tag title={dayjs(token.revokedAt).format('YYYY-MM-DD HH:mm')}>{t('tokens.revoked')}</Tag>
        ) : (
          <Tag color="green">{t('tokens.active')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, token) =>
        token.revokedAt ? null : (
          <Popconfirm
            title={t('tokens.confirmRevoke', { name: token.name })}
            okText={t('tokens.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutate(token.id)}
          >
            <Button type="link" size="small" danger>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <div className="page-header" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('tokens.hint')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setCreating(true)}
          data-testid="token-create"
        >
          {t('tokens.create')}
        </Button>
      </div>
      <Table<IngestTokenView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tokens.data ?? []}
        loading={tokens.isPending}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={tokens.isError ? { emptyText: errorMessage(tokens.error, t) } : undefined}
        data-testid="tokens-table"
      />
      <CreateTokenModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(token) => {
          setCreating(false);
          setCreated(token);
        }}
      />
      <Modal
        open={created !== null}
        title={t('tokens.secretTitle')}
        onCancel={() => setCreated(null)}
        maskClosable={false}
        footer={
          <Button type="primary" onClick={() => setCreated(null)}>
            {t('secret.done')}
          </Button>
        }
      >
        {created && (
          <div data-testid="token-secret">
            <Alert type="warning" showIcon title={t('tokens.secretWarning')} style={{ marginBottom: 12 }} />
            <Typography.Paragraph className="copy-block__text mono" copyable={{ text: created.secret }}>
              {created.secret}
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary">
              {t('tokens.usage', { url: `${window.location.origin}/api/v1/monitoring/ingest` })}
            </Typography.Paragraph>
          </div>
        )}
      </Modal>
    </>
  );
}

interface TokenValues {
  name?: string;
  regionCode?: string;
  orgUnitId?: string | null;
}

function CreateTokenModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  onCreated: (token: IngestTokenWithSecret) => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<TokenValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const fields = ['name', 'regionCode', 'orgUnitId'];
  const create = useMutation({
    mutationFn: (body: CreateIngestTokenRequest) => monitoringApi.createToken(body),
    onSuccess: async (token) => {
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: monitoringKeys.tokens });
      onCreated(token);
    },
    onError: (error) => setProblem(applyFormError(form, error, fields, t)),
  });
  const submit = (values: TokenValues) => {
    setProblem(null);
    const parsed = CreateIngestTokenRequest.safeParse({
      name: values.name ?? '',
      regionCode: values.regionCode || null,
      orgUnitId: values.orgUnitId ?? null,
    });
    if (!parsed.success) {
      setProblem(placeDetails(form, t('common.invalid'), detailsFromIssues(parsed.error.issues, t), fields));
      return;
    }
    create.mutate(parsed.data);
  };
  return (
    <Modal
      open={open}
      title={t('tokens.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={create.isPending}
      forceRender
    >
      <FormProblemAlert problem={problem} />
      <Form<TokenValues> form={form} layout="vertical" name="ingest-token" onFinish={submit}>
        <Form.Item
          name="name"
          label={t('tokens.name')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="regionCode" label={t('tokens.region')} extra={t('tokens.regionHint')}>
          <RegionSelect depth="any" allowEmpty />
        </Form.Item>
        <Form.Item name="orgUnitId" label={t('tokens.orgUnit')}>
          <OrgUnitSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function RunResult({ run }: { run: ConnectorRunResult | null }) {
  const { t } = useI18n();
  if (!run) return <Typography.Text type="secondary">{t('connectors.neverRun')}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0} data-testid="connector-last-run">
      <Space size={6}>
        <Tag color={run.ok ? 'green' : 'red'}>
          {run.ok ? t('connectors.runOk') : t('connectors.runFailed')}
        </Tag>
        <span className="tabular">{dayjs(run.at).format('MM-DD HH:mm:ss')}</span>
      </Space>
      <Typography.Text style={{ fontSize: 12 }}>
        {t('connectors.runResult', {
          records: run.records,
          accepted: run.accepted,
          duplicates: run.duplicates,
          quarantined: run.quarantined,
        })}
      </Typography.Text>
      {run.message && (
        <Typography.Text type={run.ok ? 'secondary' : 'danger'} style={{ fontSize: 12 }}>
          {run.message}
        </Typography.Text>
      )}
    </Space>
  );
}

function ConnectorsTab() {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const nameOf = useRegionNames();
  const [target, setTarget] = useState<ConnectorFormTarget | null>(null);
  const connectors = useQuery({ queryKey: monitoringKeys.connectors, queryFn: monitoringApi.listConnectors });
  const refresh = () => queryClient.invalidateQueries({ queryKey: monitoringKeys.connectors });
  const run = useMutation({
    mutationFn: (id: string) => monitoringApi.runConnector(id),
    onSuccess: async (result) => {
      if (result.ok) void message.success(`${t('connectors.runOk')}：${result.message}`);
      else void message.error(`${t('connectors.runFailed')}：${result.message}`);
      await refresh();
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const remove = useMutation({
    mutationFn: (id: string) => monitoringApi.deleteConnector(id),
    onSuccess: async () => {
      void message.success(t('common.deleted'));
      await refresh();
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const columns: TableColumnsType<ConnectorView> = [
    {
      title: t('connectors.name'),
      dataIndex: 'name',
      render: (name: string, c) => (
        <Space orientation="vertical" size={0}>
          <span>{name}</span>
          {c.dropDir && (
            <Typography.Text type="secondary" className="mono" style={{ fontSize: 12 }} copyable>
              {c.dropDir}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      title: t('connectors.kind'),
      dataIndex: 'kind',
      render: (k: ConnectorView['kind']) => connectorKindLabel(k, lang),
    },
    { title: t('connectors.region'), dataIndex: 'regionCode', render: (code: string) => nameOf(code) },
    {
      title: t('connectors.interval'),
      key: 'interval',
      render: (_: unknown, c) => {
        const seconds = (c.settings as { intervalSeconds?: unknown }).intervalSeconds;
        return typeof seconds === 'number' ? t('connectors.everySeconds', { seconds }) : '—';
      },
    },
    {
      title: t('connectors.enabled'),
      dataIndex: 'enabled',
      render: (on: boolean) =>
        on ? <Tag color="green">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>,
    },
    {
      title: t('connectors.lastRun'),
      dataIndex: 'lastRun',
      render: (r: ConnectorRunResult | null) => <RunResult run={r} />,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, c) => (
        <Space size={0} wrap>
          <Button
            type="link"
            size="small"
            icon={<PlayCircleOutlined />}
            loading={run.isPending && run.variables === c.id}
            onClick={() => run.mutate(c.id)}
          >
            {t('connectors.run')}
          </Button>
          <Button type="link" size="small" onClick={() => setTarget({ mode: 'edit', connector: c })}>
            {t('common.edit')}
          </Button>
          <Popconfirm
            title={t('connectors.confirmDelete', { name: c.name })}
            okText={t('common.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => remove.mutate(c.id)}
          >
            <Button type="link" size="small" danger>
              {t('common.delete')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="page-header" style={{ marginBottom: 8 }}>
        <Typography.Text type="secondary">{t('connectors.hint')}</Typography.Text>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setTarget({ mode: 'create' })}
          data-testid="connector-create"
        >
          {t('connectors.create')}
        </Button>
      </div>
      <Table<ConnectorView>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={connectors.data ?? []}
        loading={connectors.isPending}
        scroll={{ x: 'max-content' }}
        pagination={false}
        locale={connectors.isError ? { emptyText: errorMessage(connectors.error, t) } : undefined}
        data-testid="connectors-table"
      />
      <ConnectorFormDrawer target={target} onClose={() => setTarget(null)} />
    </>
  );
}
