import { useState } from 'react';
import { Alert, App, Button, Modal, Space, Spin, Statistic, Table, Typography, Upload } from 'antd';
import type { TableColumnsType, UploadFile } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiUrl, isApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import type { ImportResult } from '../../api/types.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The sheet's column header (as in the template) for a request field named in `rows.<n>.<field>`. */
const FIELD_HEADERS: Record<string, string> = {
  name: '企业名称',
  creditCode: '统一社会信用代码',
  industry: '行业类别',
  scale: '规模',
  regionCode: '区划代码/所在乡镇/村',
  lon: '经度',
  lat: '纬度',
  address: '地址',
  legalRepresentative: '法定代表人',
  safetyManager: '安全管理人员',
  safetyManagerPhone: '联系电话',
  standardizationGrade: '安全生产标准化等级',
  insured: '安全生产责任保险',
  insuranceExpiresOn: '保险到期日',
  licences: '许可证',
};

interface ImportProblem {
  key: number;
  row: number | null;
  field: string;
  message: string;
}

/** `rows.5.licences.0.expiresOn` → row 5, 许可证 第 1 项; `headers` / `file` → the whole file. */
export function toProblem(path: string, message: string, key: number, t: Translate): ImportProblem {
  const parts = path.split('.').filter(Boolean);
  if (parts[0] === 'rows' && parts[1] && /^\d+$/.test(parts[1])) {
    const [field = '', index, ...rest] = parts.slice(2);
    let label = FIELD_HEADERS[field] ?? field;
    if (index !== undefined && /^\d+$/.test(index)) {
      label += ` ${t('import.licenceItem', { n: Number(index) + 1 })}`;
      if (rest.length) label += ` (${rest.join('.')})`;
    }
    return { key, row: Number(parts[1]), field: label || t('import.wholeFile'), message };
  }
  const whole: Record<string, string> = {
    headers: t('import.headersField'),
    file: t('import.fileField'),
    body: t('import.fileField'),
    rows: t('import.rowsField'),
  };
  return { key, row: null, field: whole[path] ?? (path || t('import.wholeFile')), message };
}

function countsOf({ total, created, updated, unchanged }: ImportResult) {
  return { total, created, updated, unchanged };
}

function contentTypeOf(file: File): string {
  return /\.csv$/i.test(file.name) ? 'text/csv' : XLSX_TYPE;
}

/** 导入企业: template link, pick a file, automatic dry run → preview counts or problems, then 确认导入. */
export function EnterpriseImportModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);

  const check = useMutation({
    mutationFn: (picked: File) => api.importEnterprises(picked, contentTypeOf(picked), true),
  });
  const commit = useMutation({
    mutationFn: (picked: File) => api.importEnterprises(picked, contentTypeOf(picked), false),
    onSuccess: async (result) => {
      void message.success(t('import.done', countsOf(result)));
      await queryClient.invalidateQueries({ queryKey: ['enterprises'] });
    },
  });

  const pick = (picked: File) => {
    setFile(picked);
    commit.reset();
    check.mutate(picked);
  };
  const close = () => {
    setFile(null);
    check.reset();
    commit.reset();
    onClose();
  };

  // The latest answer: a failed import (e.g. the data changed since the preview) wins over the preview.
  const failure = commit.error ?? check.error;
  const problems =
    isApiError(failure) && failure.code === 'validation_failed'
      ? failure.details.map((d, i) => toProblem(d.path, d.message, i, t))
      : [];
  const busy = check.isPending || commit.isPending;
  const fileList: UploadFile[] = file ? [{ uid: 'picked', name: file.name, status: 'done' }] : [];

  const columns: TableColumnsType<ImportProblem> = [
    {
      title: t('import.row'),
      dataIndex: 'row',
      width: 72,
      render: (row: number | null) => <span className="tabular">{row ?? '—'}</span>,
    },
    { title: t('import.field'), dataIndex: 'field', width: 180 },
    { title: t('import.problem'), dataIndex: 'message' },
  ];

  const counts = (result: ImportResult) => (
    <Space size={32} wrap>
      <Statistic title={t('import.created')} value={result.created} />
      <Statistic title={t('import.updated')} value={result.updated} />
      <Statistic title={t('import.unchanged')} value={result.unchanged} />
      <Statistic title={t('import.total')} value={result.total} />
    </Space>
  );

  return (
    <Modal
      open={open}
      title={t('import.title')}
      onCancel={close}
      width={760}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>{t('import.close')}</Button>
          {check.data && !commit.data && !failure && (
            <Button
              type="primary"
              loading={commit.isPending}
              disabled={!file || check.isPending}
              onClick={() => file && commit.mutate(file)}
              data-testid="import-confirm"
            >
              {t('import.confirm')}
            </Button>
          )}
        </Space>
      }
    >
      <div data-testid="enterprise-import-dialog">
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('import.intro')}
          </Typography.Paragraph>
          <Space wrap>
            <Typography.Link
              href={apiUrl('/enterprises/import-template')}
              download
              data-testid="import-template"
            >
              <DownloadOutlined /> {t('import.template')}
            </Typography.Link>
          </Space>
          <Upload
            accept=".xlsx,.csv"
            maxCount={1}
            fileList={fileList}
            showUploadList={{ showRemoveIcon: false }}
            disabled={busy}
            beforeUpload={(picked) => {
              pick(picked);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} disabled={busy} data-testid="import-pick">
              {t('import.pick')}
            </Button>
          </Upload>
          <Spin
            spinning={busy}
            description={commit.isPending ? t('import.importing') : t('import.checking')}
            data-testid="import-busy"
          >
            <div style={{ minHeight: busy ? 80 : 0 }}>
              {!busy && failure && (
                <Space orientation="vertical" size="small" style={{ width: '100%' }}>
                  <Alert
                    type="error"
                    showIcon
                    title={
                      problems.length
                        ? t('import.problemsTitle', { count: problems.length })
                        : errorMessage(failure, t)
                    }
                    description={problems.length ? errorMessage(failure, t) : undefined}
                    data-testid="import-error"
                  />
                  {problems.length > 0 && (
                    <div data-testid="import-problems">
                      <Table<ImportProblem>
                        rowKey="key"
                        size="small"
                        columns={columns}
                        dataSource={problems}
                        pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
                      />
                    </div>
                  )}
                </Space>
              )}
              {!busy && !failure && commit.data && (
                <div data-testid="import-result">
                  <Alert
                    type="success"
                    showIcon
                    title={t('import.done', countsOf(commit.data))}
                    style={{ marginBottom: 16 }}
                  />
                  {counts(commit.data)}
                </div>
              )}
              {!busy && !failure && !commit.data && check.data && (
                <div data-testid="import-preview">
                  <Alert type="info" showIcon title={t('import.previewTitle')} style={{ marginBottom: 16 }} />
                  {counts(check.data)}
                </div>
              )}
            </div>
          </Spin>
        </Space>
      </div>
    </Modal>
  );
}
