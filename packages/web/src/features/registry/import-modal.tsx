/**
 * Importing a sheet into a registry: template link, pick a file, automatic dry run → the counts or every
 * problem by row and field, then 确认导入. Both requests stream their progress (上传 → 校验 n/N → 写入 n/N),
 * shown as steps and a bar that stay visible with the outcome. Shared by the enterprise registry and the
 * ledger registries.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Modal,
  Progress,
  Space,
  Statistic,
  Steps,
  Table,
  Typography,
  Upload,
} from 'antd';
import type { TableColumnsType, UploadFile } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { isApiError, type ImportStage } from '../../api/client.ts';
import type { ImportResult } from '../../api/types.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { XLSX_TYPE } from './registry-api.ts';

export interface ImportProblem {
  key: number;
  row: number | null;
  field: string;
  message: string;
}

/**
 * `rows.5.<field…>` → sheet row 5 and the field named by `describeField(['<field>', …])`;
 * `headers` / `file` / `body` / `rows` → the whole file.
 */
export function toImportProblem(
  path: string,
  message: string,
  key: number,
  t: Translate,
  describeField: (parts: string[]) => string,
): ImportProblem {
  const parts = path.split('.').filter(Boolean);
  if (parts[0] === 'rows' && parts[1] && /^\d+$/.test(parts[1])) {
    const rest = parts.slice(2);
    return {
      key,
      row: Number(parts[1]),
      field: (rest.length ? describeField(rest) : '') || t('import.wholeFile'),
      message,
    };
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

/** The Content-Type the server reads the file as, from its name. */
export function contentTypeOf(file: File): string {
  if (/\.csv$/i.test(file.name)) return 'text/csv';
  if (/\.(geo)?json$/i.test(file.name)) return 'application/geo+json';
  return XLSX_TYPE;
}

export interface ImportModalProps {
  open: boolean;
  onClose: () => void;
  title: string;
  intro: string;
  /** The file button's text, naming the accepted types. */
  pickLabel: string;
  /** The file picker's `accept`, e.g. `.xlsx,.csv`. */
  accept: string;
  templateUrl: string;
  /** The dialog's test id (`enterprise-import-dialog`, `registry-import-dialog`). */
  testId: string;
  /** Sends the file (streamed answer), telling `onStage` how far it has got. */
  upload: (
    file: File,
    contentType: string,
    dryRun: boolean,
    onStage: (stage: ImportStage) => void,
  ) => Promise<ImportResult>;
  /** What to refresh after a successful import. */
  invalidate: QueryKey[];
  describeField: (parts: string[]) => string;
}

export function ImportModal({
  open,
  onClose,
  title,
  intro,
  pickLabel,
  accept,
  templateUrl,
  testId,
  upload,
  invalidate,
  describeField,
}: ImportModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  /** The latest request's progress (the preview's, then the import's); kept after it ends. */
  const [stage, setStage] = useState<ImportStage | null>(null);

  const check = useMutation({
    mutationFn: (picked: File) => {
      setStage(null);
      return upload(picked, contentTypeOf(picked), true, setStage);
    },
  });
  const commit = useMutation({
    mutationFn: (picked: File) => {
      setStage(null);
      return upload(picked, contentTypeOf(picked), false, setStage);
    },
    onSuccess: async (result) => {
      void message.success(t('import.done', countsOf(result)));
      await Promise.all(invalidate.map((queryKey) => queryClient.invalidateQueries({ queryKey })));
    },
  });

  const pick = (picked: File) => {
    setFile(picked);
    commit.reset();
    check.mutate(picked);
  };
  const close = () => {
    setFile(null);
    setStage(null);
    check.reset();
    commit.reset();
    onClose();
  };

  // The latest answer: a failed import (e.g. the data changed since the preview) wins over the preview.
  const failure = commit.error ?? check.error;
  const problems =
    isApiError(failure) && failure.code === 'validation_failed'
      ? failure.details.map((d, i) => toImportProblem(d.path, d.message, i, t, describeField))
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
      title={title}
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
      <div data-testid={testId}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {intro}
          </Typography.Paragraph>
          <Space wrap>
            <Typography.Link href={templateUrl} download data-testid="import-template">
              <DownloadOutlined /> {t('import.template')}
            </Typography.Link>
          </Space>
          <Upload
            accept={accept}
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
              {pickLabel}
            </Button>
          </Upload>
          {(busy || stage) && (
            <ImportProgressView
              stage={stage}
              writing={commit.isPending || commit.data !== undefined || commit.isError}
              state={busy ? 'running' : failure ? 'failed' : 'done'}
            />
          )}
          <div>
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
                      scroll={{ x: 'max-content' }}
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
        </Space>
      </div>
    </Modal>
  );
}

const STAGES = ['upload', 'validated', 'written'] as const;

/**
 * 上传 → 校验 → (写入): the steps of the running (or last) request and a bar for the current one, with its
 * count. `writing`: the request is the import itself (a preview stops after 校验).
 */
function ImportProgressView({
  stage,
  writing,
  state,
}: {
  stage: ImportStage | null;
  writing: boolean;
  state: 'running' | 'failed' | 'done';
}) {
  const { t } = useI18n();
  const steps = writing ? STAGES : STAGES.slice(0, 2);
  const current = stage ? steps.indexOf(stage.stage) : 0;
  const percent = stage && stage.total > 0 ? Math.min(100, Math.round((stage.done / stage.total) * 100)) : 0;
  const label = !stage
    ? t('import.progressUpload', { percent: 0 })
    : stage.stage === 'upload'
      ? t('import.progressUpload', { percent })
      : stage.stage === 'validated'
        ? t('import.progressValidated', { done: stage.done, total: stage.total })
        : t('import.progressWritten', { done: stage.done, total: stage.total });
  // Finished: every step done, unless the answer came back before the last step (nothing to write).
  const finished = state === 'done';
  return (
    <div data-testid="import-progress" data-stage={stage?.stage ?? 'upload'} data-state={state}>
      <Steps
        size="small"
        current={finished ? steps.length : Math.max(0, current)}
        status={state === 'failed' ? 'error' : finished ? 'finish' : 'process'}
        items={steps.map((key) => ({
          title: t(
            key === 'upload'
              ? 'import.stageUpload'
              : key === 'validated'
                ? 'import.stageValidated'
                : 'import.stageWritten',
          ),
        }))}
      />
      <Space style={{ width: '100%', marginTop: 8 }} orientation="vertical" size={0}>
        <span className="tabular" data-testid="import-progress-text">
          {label}
        </span>
        <Progress
          // A new bar per stage: from 校验 100% to 写入 8% is a new count, not a bar running backwards.
          key={stage?.stage ?? 'upload'}
          percent={finished ? 100 : percent}
          status={state === 'failed' ? 'exception' : state === 'running' ? 'active' : 'success'}
          size="small"
          aria-label={label}
        />
      </Space>
    </div>
  );
}
