import { useState } from 'react';
import { Alert, Button, DatePicker, Form, Input, Select, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { DownloadOutlined, SafetyOutlined, SearchOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { AUDIT_ACTION_LABELS, type AuditAction, type AuditView } from '@ningan/domain';
import { api, type AuditFilters } from '../../api/endpoints.ts';
import { useRegionNames } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { FIRST_PAGE, tablePagination, type Paging } from '../../forms/paging.ts';
import { useI18n } from '../../i18n/i18n.tsx';

interface FilterValues {
  range?: [Dayjs | null, Dayjs | null] | null;
  actor?: string;
  action?: string;
  entityType?: string;
  outcome?: 'success' | 'failure';
}

function toFilters(values: FilterValues): AuditFilters {
  const [from, to] = values.range ?? [null, null];
  const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
  return {
    // ISO 8601 with the local offset, as the API expects (e.g. 2025-06-01T08:00:00+08:00).
    from: from ? from.format() : undefined,
    to: to ? to.format() : undefined,
    actor: text(values.actor),
    action: text(values.action),
    entityType: text(values.entityType),
    outcome: values.outcome,
  };
}

/** 审计日志: the evidence trail. Filter, verify the hash chain, export what the filter shows. */
export function AuditPage() {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const nameOf = useRegionNames();
  const [form] = Form.useForm<FilterValues>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [paging, setPaging] = useState<Paging>(FIRST_PAGE);

  const audit = useQuery({
    queryKey: ['audit', { ...paging, ...filters }],
    queryFn: () => api.listAudit({ ...paging, ...filters }),
    placeholderData: keepPreviousData,
  });
  const verify = useMutation({ mutationFn: api.verifyAudit });
  const badSeq = verify.data && !verify.data.ok ? verify.data.badSeq : undefined;

  const columns: TableColumnsType<AuditView> = [
    { title: t('audit.seq'), dataIndex: 'seq', fixed: 'left', width: 80 },
    {
      title: t('audit.at'),
      dataIndex: 'at',
      render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss'),
    },
    { title: t('audit.actor'), dataIndex: 'actorName' },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      render: (a: string) => (
        <span>
          {lang === 'zh' && a in AUDIT_ACTION_LABELS ? `${AUDIT_ACTION_LABELS[a as AuditAction]} ` : ''}
          <code>{a}</code>
        </span>
      ),
    },
    { title: t('audit.entityType'), dataIndex: 'entityType' },
    { title: t('audit.entityId'), dataIndex: 'entityId', render: (id: string | null) => id ?? '—' },
    {
      title: t('audit.region'),
      dataIndex: 'regionCode',
      render: (code: string | null) => (code ? nameOf(code) : '—'),
    },
    {
      title: t('audit.outcome'),
      dataIndex: 'outcome',
      render: (outcome: AuditView['outcome']) =>
        outcome === 'success' ? (
          <Tag color="green">{t('audit.success')}</Tag>
        ) : (
          <Tag color="red">{t('audit.failure')}</Tag>
        ),
    },
    { title: t('audit.ip'), dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
  ];

  return (
    <div className="admin-page">
      <PageHeader
        title={t('audit.title')}
        actions={
          <>
            <Button
              icon={<SafetyOutlined />}
              loading={verify.isPending}
              onClick={() => verify.mutate()}
              data-testid="audit-verify"
            >
              {t('audit.verify')}
            </Button>
            {can('audit:export') && (
              <Button
                icon={<DownloadOutlined />}
                href={api.auditExportUrl(filters)}
                download
                data-testid="audit-export"
              >
                {t('audit.export')}
              </Button>
            )}
          </>
        }
      />
      <div data-testid="audit-verify-result" aria-live="polite">
        {verify.isError && (
          <Alert type="error" showIcon title={errorMessage(verify.error, t)} style={{ marginBottom: 16 }} />
        )}
        {verify.data?.ok && (
          <Alert
            type="success"
            showIcon
            title={t('audit.verifyOk', { checked: verify.data.checked })}
            style={{ marginBottom: 16 }}
          />
        )}
        {verify.data && !verify.data.ok && (
          <Alert
            type="error"
            showIcon
            title={
              verify.data.badSeq === undefined
                ? t('audit.verifyBadNoSeq')
                : t('audit.verifyBad', { seq: verify.data.badSeq })
            }
            description={
              <>
                {verify.data.reason && <div>{verify.data.reason}</div>}
                <div>{t('audit.verifyChecked', { checked: verify.data.checked })}</div>
              </>
            }
            style={{ marginBottom: 16 }}
          />
        )}
      </div>
      <Form<FilterValues>
        form={form}
        layout="inline"
        name="audit-filter"
        className="filter-bar filter-bar--form"
        onFinish={(values) => {
          setFilters(toFilters(values));
          setPaging({ ...paging, page: 1 });
        }}
      >
        <Form.Item name="range" label={t('audit.timeRange')}>
          <DatePicker.RangePicker
            showTime={{ format: 'HH:mm' }}
            format="YYYY-MM-DD HH:mm"
            allowEmpty={[true, true]}
          />
        </Form.Item>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Input allowClear style={{ width: 140 }} />
        </Form.Item>
        <Form.Item name="outcome" label={t('audit.outcome')}>
          <Select
            allowClear
            style={{ width: 110 }}
            options={[
              { value: 'success', label: t('audit.success') },
              { value: 'failure', label: t('audit.failure') },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              {t('audit.filter')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
                setPaging({ ...paging, page: 1 });
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <div data-testid="audit-table">
        <Table<AuditView>
          rowKey="seq"
          size="small"
          columns={columns}
          dataSource={audit.data?.items ?? []}
          loading={audit.isFetching}
          scroll={{ x: 'max-content' }}
          rowClassName={(row) => (row.seq === badSeq ? 'audit-row--bad' : '')}
          expandable={{
            expandedRowRender: (row) => (
              <pre className="audit-details">
                {JSON.stringify(row.details, null, 2)}
                {'\n'}hash: {row.hash}
              </pre>
            ),
          }}
          pagination={tablePagination(paging, audit.data?.total, setPaging, t)}
          locale={audit.isError ? { emptyText: errorMessage(audit.error, t) } : undefined}
        />
      </div>
    </div>
  );
}
