/**
 * 附件 of a ledger record (plans, drills): the files with size, who uploaded them and when; download;
 * upload and delete for users who may change the record. A file is checked here by the same rules as on
 * the server (size, type by content) before it is sent, so a refused file costs no upload.
 */
import { useState } from 'react';
import { Alert, App, Button, Popconfirm, Space, Table, Typography, Upload } from 'antd';
import type { TableColumnsType } from 'antd';
import { DeleteOutlined, DownloadOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  ATTACHMENT_ACCEPT,
  checkAttachment,
  cleanFileName,
  formatBytes,
  type AttachmentView,
  type RegistryDef,
} from '@ningan/domain';
import { ApiError, isApiError } from '../../api/client.ts';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ledgerApi, ledgerKeys } from './registry-api.ts';

export function RecordAttachments({
  def,
  recordId,
  canWrite,
}: {
  def: RegistryDef;
  recordId: string;
  canWrite: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const key = ledgerKeys.attachments(def.key, recordId);
  const list = useQuery({ queryKey: key, queryFn: () => ledgerApi.attachments(def.key, recordId) });
  /** The last refused upload: its name and why. */
  const [refused, setRefused] = useState<{ name: string; error: unknown } | null>(null);

  const refresh = async () => {
    await queryClient.invalidateQueries({ queryKey: key });
    await queryClient.invalidateQueries({ queryKey: ledgerKeys.history(def.key, recordId) });
  };
  const add = useMutation({
    mutationFn: async (file: File) => {
      const rules = list.data;
      if (rules) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        const { problems } = checkAttachment(cleanFileName(file.name), bytes, rules.maxBytes);
        if (problems.length)
          throw new ApiError(
            400,
            'validation_failed',
            t('attachments.refused', { name: file.name }),
            problems,
          );
      }
      return ledgerApi.uploadAttachment(def.key, recordId, file);
    },
    onMutate: () => setRefused(null),
    onSuccess: async (view) => {
      void message.success(t('attachments.uploaded', { name: view.fileName }));
      await refresh();
    },
    onError: (error, file) => setRefused({ name: file.name, error }),
  });
  const remove = useMutation({
    mutationFn: (attachmentId: string) => ledgerApi.removeAttachment(def.key, recordId, attachmentId),
    onSuccess: async () => {
      void message.success(t('attachments.removed'));
      await refresh();
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const download = useMutation({
    mutationFn: (file: AttachmentView) => ledgerApi.downloadAttachment(def.key, recordId, file),
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const columns: TableColumnsType<AttachmentView> = [
    {
      title: t('attachments.fileName'),
      dataIndex: 'fileName',
      render: (name: string, file) => (
        <Typography.Link onClick={() => download.mutate(file)} data-testid="attachment-download">
          <PaperClipOutlined /> {name}
        </Typography.Link>
      ),
    },
    {
      title: t('attachments.size'),
      dataIndex: 'size',
      width: 80,
      render: (size: number) => <span className="tabular">{formatBytes(size)}</span>,
    },
    { title: t('attachments.uploadedBy'), dataIndex: 'uploadedBy' },
    {
      title: t('attachments.uploadedAt'),
      dataIndex: 'createdAt',
      width: 136,
      render: (at: string) => <span className="tabular">{dayjs(at).format('YYYY-MM-DD HH:mm')}</span>,
    },
    {
      title: t('attachments.actions'),
      key: 'actions',
      width: canWrite ? 96 : 56,
      render: (_: unknown, file) => (
        <Space size={4}>
          <Button
            type="text"
            size="small"
            icon={<DownloadOutlined />}
            aria-label={t('attachments.download')}
            onClick={() => download.mutate(file)}
          />
          {canWrite && (
            <Popconfirm
              title={t('attachments.confirmRemove', { name: file.fileName })}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              cancelText={t('common.cancel')}
              onConfirm={() => remove.mutate(file.id)}
            >
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('attachments.remove')}
                data-testid="attachment-remove"
              />
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  const problems = isApiError(refused?.error) ? refused.error.details : [];
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="record-attachments">
      {canWrite && (
        <Space orientation="vertical" size={4}>
          <Upload
            accept={list.data?.accept ?? ATTACHMENT_ACCEPT}
            showUploadList={false}
            disabled={add.isPending}
            beforeUpload={(file) => {
              add.mutate(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={add.isPending} data-testid="attachment-upload">
              {t('attachments.upload')}
            </Button>
          </Upload>
          {list.data && (
            <Typography.Text type="secondary">
              {t('attachments.hint', { max: formatBytes(list.data.maxBytes) })}
            </Typography.Text>
          )}
        </Space>
      )}
      {refused && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setRefused(null) }}
          title={t('attachments.refused', { name: refused.name })}
          description={
            problems.length ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {problems.map((p, i) => (
                  <li key={i}>{p.message}</li>
                ))}
              </ul>
            ) : (
              errorMessage(refused.error, t)
            )
          }
          data-testid="attachment-refused"
        />
      )}
      {list.isError ? (
        <Alert type="error" showIcon title={errorMessage(list.error, t)} />
      ) : (
        <Table<AttachmentView>
          rowKey="id"
          size="small"
          loading={list.isPending}
          columns={columns}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('attachments.none') }}
        />
      )}
    </Space>
  );
}
