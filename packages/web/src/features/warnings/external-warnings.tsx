/**
 * 外部预警 (issue #5 part 9): CAP warnings from the weather bureau or the national release system, received
 * by uploading the file or giving its URL; the server parses and validates them. Each shows its validation
 * status and, selected, its area on the map; 转发 makes a county draft of it (opened in the composer), 忽略
 * sets it aside.
 */
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Alert, App, Button, Col, Input, Row, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { FeatureCollection } from 'geojson';
import { isApiError } from '../../api/client.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { WarningAreaMap } from './warning-area-map.tsx';
import { WarningLevelChip } from './warning-level.tsx';
import { warningKeys, warningsApi } from './warnings-api.ts';
import { EMPTY_AREA } from './warnings-model.ts';
import type { ExternalWarningView } from './warnings-types.ts';

const time = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm') : '—');
const STATUS_COLORS = { received: 'blue', relayed: 'green', dismissed: 'default' } as const;

export function ExternalWarningsPanel() {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [url, setUrl] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [rejected, setRejected] = useState<unknown>(null);
  const list = useQuery({ queryKey: warningKeys.external, queryFn: () => warningsApi.externalList() });
  const canRelay = can('warning:relay');

  const receive = useMutation({
    mutationFn: (input: { xml: string } | { url: string }) => warningsApi.externalReceive(input),
    onSuccess: async ({ warning, created }) => {
      setSelected(warning.id);
      setUrl('');
      setRejected(null);
      void message.success(created ? t('warnings.external.received') : t('warnings.external.again'));
      await queryClient.invalidateQueries({ queryKey: warningKeys.external });
    },
    // A document that fails validation is refused with every problem listed: shown above the list.
    onError: (error) => setRejected(error),
  });
  const relay = useMutation({
    mutationFn: (id: string) => warningsApi.externalRelay(id),
    onSuccess: async (draft) => {
      await queryClient.invalidateQueries({ queryKey: warningKeys.external });
      void navigate(`/warnings/${draft.id}/edit`);
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const dismiss = useMutation({
    mutationFn: (id: string) => warningsApi.externalDismiss(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: warningKeys.external });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const current = list.data?.items.find((w) => w.id === selected) ?? null;
  return (
    <div data-testid="external-warnings">
      {canRelay && (
        <Space wrap style={{ marginBottom: 12 }}>
          <Upload
            accept=".xml,.cap,application/xml,text/xml"
            showUploadList={false}
            beforeUpload={(file) => {
              void file.text().then((xml) => receive.mutate({ xml }));
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={receive.isPending} data-testid="external-upload">
              {t('warnings.external.upload')}
            </Button>
          </Upload>
          <Space.Compact>
            <Input
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder={t('warnings.external.urlPlaceholder')}
              aria-label={t('warnings.external.url')}
              style={{ width: 320, maxWidth: '60vw' }}
            />
            <Button
              disabled={!/^https?:\/\//.test(url.trim())}
              loading={receive.isPending}
              onClick={() => receive.mutate({ url: url.trim() })}
            >
              {t('warnings.external.fetch')}
            </Button>
          </Space.Compact>
        </Space>
      )}
      {rejected !== null && (
        <Alert
          type="error"
          showIcon
          closable={{ onClose: () => setRejected(null) }}
          style={{ marginBottom: 12 }}
          title={errorMessage(rejected, t)}
          data-testid="external-rejected"
          description={
            isApiError(rejected) && rejected.details.length > 0 ? (
              <ul className="warning-problems">
                {rejected.details.map((d) => (
                  <li key={`${d.path}:${d.message}`}>
                    {d.path ? `${d.path}：` : ''}
                    {d.message}
                  </li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Table<ExternalWarningView>
            rowKey="id"
            size="small"
            dataSource={list.data?.items ?? []}
            loading={list.isPending}
            pagination={{ pageSize: 20 }}
            scroll={{ x: 'max-content' }}
            rowClassName={(w) => (w.id === selected ? 'warning-row warning-row--selected' : 'warning-row')}
            onRow={(w) => ({ onClick: () => setSelected(w.id) })}
            locale={{ emptyText: list.isError ? errorMessage(list.error, t) : t('warnings.external.none') }}
            columns={[
              {
                title: t('warnings.level'),
                dataIndex: 'level',
                render: (l: ExternalWarningView['level']) => (l ? <WarningLevelChip level={l} /> : '—'),
              },
              {
                title: t('warnings.headline'),
                key: 'headline',
                render: (_: unknown, w) => (
                  <div className="warning-cell">
                    <Typography.Text strong>{w.headline ?? w.event ?? w.identifier}</Typography.Text>
                    <Typography.Text type="secondary" className="mono">
                      {w.sender} · {w.identifier}
                    </Typography.Text>
                  </div>
                ),
              },
              { title: t('warnings.sentAt'), dataIndex: 'sentAt', render: (at: string) => time(at) },
              {
                // Stored only once parsed and checked (a failing document is refused with its problems).
                title: t('warnings.external.validation'),
                key: 'valid',
                render: (_: unknown, w) => (
                  <Space size={4} wrap>
                    <Tag color="green">{t('warnings.external.valid')}</Tag>
                    <Tag>{w.msgType}</Tag>
                    {w.capStatus !== 'Actual' && <Tag color="purple">{w.capStatus}</Tag>}
                  </Space>
                ),
              },
              {
                title: t('warnings.state'),
                dataIndex: 'status',
                render: (s: ExternalWarningView['status']) => (
                  <Tag color={STATUS_COLORS[s]}>{t(`warnings.external.status.${s}`)}</Tag>
                ),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_: unknown, w) =>
                  canRelay && w.status === 'received' ? (
                    <Space size={0}>
                      <Button
                        type="link"
                        size="small"
                        loading={relay.isPending && relay.variables === w.id}
                        onClick={(e) => {
                          e.stopPropagation();
                          relay.mutate(w.id);
                        }}
                      >
                        {t('warnings.external.relay')}
                      </Button>
                      <Button
                        type="link"
                        size="small"
                        onClick={(e) => {
                          e.stopPropagation();
                          dismiss.mutate(w.id);
                        }}
                      >
                        {t('warnings.external.dismiss')}
                      </Button>
                    </Space>
                  ) : w.relayedWarningId ? (
                    <Button type="link" size="small" href={`/warnings/${w.relayedWarningId}`}>
                      {t('warnings.external.openRelayed')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Col>
        <Col xs={24} lg={10}>
          <WarningAreaMap
            area={EMPTY_AREA}
            extra={(current?.areaGeojson as FeatureCollection | null | undefined) ?? null}
            height={360}
            testId="external-warning-map"
          />
          {current && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
              {t('warnings.external.validity', {
                from: time(current.effectiveAt),
                to: time(current.expiresAt),
              })}
            </Typography.Paragraph>
          )}
        </Col>
      </Row>
    </div>
  );
}
