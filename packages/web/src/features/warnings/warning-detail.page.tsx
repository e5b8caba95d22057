/**
 * One warning message (issue #5 parts 3, 6–7): where it stands (state, phase, level, identifier) and the
 * actions the caller may take now — 提交审核 / 审核通过 / 退回 / 签发 / 不予发布 (退回 and 不予发布 ask for a
 * reason; 签发 asks for confirmation showing level, area and recipients). A published message is never
 * edited: 更新 and 解除 start a new Update or Cancel draft of the chain. Tabs: 内容 (text, area, the chain),
 * 发布进度, 叫应, CAP (the XML and its downloads), 历史.
 */
import { useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Skeleton,
  Space,
  Tabs,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { CallBoardPanel } from './call-board.tsx';
import { DeliveryProgressPanel } from './delivery-progress.tsx';
import { WarningAreaMap } from './warning-area-map.tsx';
import { WarningLevelChip } from './warning-level.tsx';
import { warningKeys, warningsApi } from './warnings-api.ts';
import { audienceLabel, channelLabel, hazardLabel } from './warnings-labels.ts';
import type { WarningActionName, WarningDetail } from './warnings-types.ts';
import './warnings.css';

const time = (at: string | null | undefined) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '—');
const DETAIL_TABS = ['content', 'progress', 'calls', 'cap', 'history'] as const;
type DetailTab = (typeof DETAIL_TABS)[number];

export function WarningDetailPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const detail = useQuery({ queryKey: warningKeys.detail(id), queryFn: () => warningsApi.get(id) });
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError)
    return <Result status="error" title={t('common.loadFailed')} subTitle={errorMessage(detail.error, t)} />;
  return <WarningBody warning={detail.data} />;
}

function WarningBody({ warning: w }: { warning: WarningDetail }) {
  const { t, lang } = useI18n();
  const [searchParams, setSearchParams] = useSearchParams();
  const tabParam = searchParams.get('tab');
  const published = w.state === 'published';
  const tab: DetailTab = (DETAIL_TABS as readonly string[]).includes(tabParam ?? '')
    ? (tabParam as DetailTab)
    : published
      ? 'progress'
      : 'content';
  const tabs: { key: DetailTab; label: string; children: React.ReactNode }[] = [
    { key: 'content', label: t('warnings.tab.content'), children: <ContentTab warning={w} /> },
    ...(published
      ? [
          {
            key: 'progress' as const,
            label: t('warnings.tab.progress'),
            children: tab === 'progress' ? <DeliveryProgressPanel warning={w} /> : null,
          },
          {
            key: 'calls' as const,
            label: t('warnings.tab.calls'),
            children: tab === 'calls' ? <CallBoardPanel warningId={w.id} /> : null,
          },
        ]
      : []),
    { key: 'cap', label: 'CAP', children: <CapTab warning={w} /> },
    { key: 'history', label: t('warnings.tab.history'), children: <HistoryTab warning={w} /> },
  ];
  return (
    <div className="admin-page" data-testid="warning-detail" data-state={w.state} data-phase={w.phase ?? ''}>
      <div className="warning-detail__head">
        <Space size={8} wrap>
          <WarningLevelChip level={w.level} />
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="warning-headline-text">
            {w.headline}
          </Typography.Title>
        </Space>
        <Space size={6} wrap style={{ marginTop: 8 }}>
          <Tag
            color={w.state === 'published' ? 'green' : w.state === 'rejected' ? 'red' : 'blue'}
            data-testid="warning-state"
          >
            {t(`warnings.state.${w.state}`)}
          </Tag>
          {w.phase && (
            <Tag color={w.phase === 'active' ? 'red' : 'default'} data-testid="warning-phase">
              {t(`warnings.phase.${w.phase}`)}
            </Tag>
          )}
          <Tag>{t(`warnings.msgType.${w.msgType}`)}</Tag>
          {w.capStatus !== 'Actual' && <Tag color="purple">{t(`warnings.capStatus.${w.capStatus}`)}</Tag>}
          <Typography.Text type="secondary">{hazardLabel(w.hazard, lang)}</Typography.Text>
          {w.identifier && (
            <Typography.Text type="secondary" className="mono" copyable data-testid="warning-identifier">
              {w.identifier}
            </Typography.Text>
          )}
        </Space>
      </div>
      <WarningActions warning={w} />
      {w.problems.length > 0 && w.state !== 'published' && (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '12px 0' }}
          title={t('warnings.problems')}
          description={
            <ul className="warning-problems">
              {w.problems.map((p) => (
                <li key={`${p.path}:${p.message}`}>{p.message}</li>
              ))}
            </ul>
          }
        />
      )}
      {w.returnReason && w.state !== 'published' && (
        <Alert
          type="warning"
          showIcon
          style={{ margin: '12px 0' }}
          title={t('warnings.returnedBecause', { reason: w.returnReason })}
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => {
          const next = new URLSearchParams(searchParams);
          next.set('tab', key);
          setSearchParams(next, { replace: true });
        }}
        items={tabs}
        data-testid="warning-tabs"
      />
    </div>
  );
}

type ReasonAction = 'return' | 'reject' | 'update' | 'cancel';

function WarningActions({ warning: w }: { warning: WarningDetail }) {
  const { t } = useI18n();
  const { can } = useSession();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [reasonFor, setReasonFor] = useState<ReasonAction | null>(null);
  const [signing, setSigning] = useState(false);

  const refresh = async (updated: WarningDetail) => {
    queryClient.setQueryData(warningKeys.detail(updated.id), updated);
    await queryClient.invalidateQueries({ queryKey: warningKeys.lists });
  };
  const act = useMutation({
    mutationFn: ({ action, reason }: { action: WarningActionName; reason?: string }) =>
      warningsApi.act(w.id, action, reason),
    onSuccess: async (updated, { action }) => {
      setReasonFor(null);
      setSigning(false);
      await refresh(updated);
      void message.success(t(`warnings.done.${action}`));
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const follow = useMutation({
    mutationFn: ({ kind, reason }: { kind: 'update' | 'cancel'; reason: string }) =>
      kind === 'update' ? warningsApi.startUpdate(w.id, reason) : warningsApi.startCancel(w.id, reason),
    onSuccess: async (draft) => {
      setReasonFor(null);
      await queryClient.invalidateQueries({ queryKey: warningKeys.lists });
      void navigate(`/warnings/${draft.id}/edit`);
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const remove = useMutation({
    mutationFn: () => warningsApi.remove(w.id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: warningKeys.lists });
      void navigate('/warnings?tab=draft');
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const editable = w.canEdit;
  const canFollow = w.canUpdate && can('warning:draft');
  const order: WarningActionName[] = ['submit', 'approve', 'sign', 'return', 'reject'];
  const actions = order.filter((a) => w.allowedActions.includes(a));
  if (!actions.length && !editable && !canFollow) return null;
  return (
    <>
      <Space size={8} wrap data-testid="warning-actions" style={{ margin: '12px 0' }}>
        {actions.map((a) => (
          <Button
            key={a}
            type={a === 'sign' || a === 'approve' || a === 'submit' ? 'primary' : 'default'}
            danger={a === 'reject'}
            data-testid={`warning-action-${a}`}
            loading={act.isPending && act.variables.action === a}
            onClick={() => {
              if (a === 'return' || a === 'reject') setReasonFor(a);
              else if (a === 'sign') setSigning(true);
              else act.mutate({ action: a });
            }}
          >
            {t(`warnings.action.${a}`)}
          </Button>
        ))}
        {editable && (
          <Button data-testid="warning-edit" onClick={() => void navigate(`/warnings/${w.id}/edit`)}>
            {t('common.edit')}
          </Button>
        )}
        {editable && (w.state === 'draft' || w.state === 'rejected') && (
          <Button
            danger
            loading={remove.isPending}
            onClick={() => {
              modal.confirm({
                title: t('warnings.deleteConfirm'),
                okButtonProps: { danger: true },
                onOk: () => remove.mutate(),
              });
            }}
          >
            {t('common.delete')}
          </Button>
        )}
        {canFollow && (
          <>
            <Button data-testid="warning-start-update" onClick={() => setReasonFor('update')}>
              {t('warnings.startUpdate')}
            </Button>
            <Button danger data-testid="warning-start-cancel" onClick={() => setReasonFor('cancel')}>
              {t('warnings.startCancel')}
            </Button>
          </>
        )}
      </Space>
      <ReasonModal
        action={reasonFor}
        pending={act.isPending || follow.isPending}
        onCancel={() => setReasonFor(null)}
        onSubmit={(reason) => {
          if (reasonFor === 'update' || reasonFor === 'cancel') follow.mutate({ kind: reasonFor, reason });
          else if (reasonFor) act.mutate({ action: reasonFor, reason });
        }}
      />
      <SignModal
        warning={w}
        open={signing}
        pending={act.isPending}
        onCancel={() => setSigning(false)}
        onSign={() => act.mutate({ action: 'sign' })}
      />
    </>
  );
}

function ReasonModal({
  action,
  pending,
  onCancel,
  onSubmit,
}: {
  action: ReasonAction | null;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (reason: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const title =
    action === 'update'
      ? t('warnings.startUpdate')
      : action === 'cancel'
        ? t('warnings.startCancel')
        : action
          ? t(`warnings.action.${action}`)
          : '';
  return (
    <Modal
      open={action !== null}
      title={title}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() => void form.validateFields().then((v) => onSubmit(v.reason.trim()))}
      okButtonProps={{
        danger: action === 'reject' || action === 'cancel',
        ...{ 'data-testid': 'warning-reason-ok' },
      }}
    >
      {action === 'update' && (
        <Alert type="info" showIcon title={t('warnings.updateHint')} style={{ marginBottom: 12 }} />
      )}
      {action === 'cancel' && (
        <Alert type="warning" showIcon title={t('warnings.cancelHint')} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label={t('warnings.reason')}
          rules={[
            { required: true, whitespace: true, message: t('warnings.reasonRequired') },
            { max: 1000, message: t('alarms.noteTooLong') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount autoFocus data-testid="warning-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 签发 confirmation: what is about to go out, to whom, and that it cannot be taken back (only updated or cancelled). */
function SignModal({
  warning: w,
  open,
  pending,
  onCancel,
  onSign,
}: {
  warning: WarningDetail;
  open: boolean;
  pending: boolean;
  onCancel: () => void;
  onSign: () => void;
}) {
  const { t } = useI18n();
  const preview = useQuery({
    queryKey: ['warnings', 'preview', 'sign', w.id],
    queryFn: () =>
      warningsApi.preview({
        hazard: w.hazard,
        level: w.level,
        capStatus: w.capStatus,
        area: w.area,
        audiences: w.audiences,
        channels: w.channels,
      }),
    enabled: open,
  });
  const recipients = preview.data?.recipients ?? [];
  return (
    <Modal
      open={open}
      title={t('warnings.signTitle')}
      okText={t('warnings.action.sign')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      destroyOnHidden
      onCancel={onCancel}
      onOk={onSign}
      okButtonProps={{ danger: true, ...{ 'data-testid': 'warning-sign-ok' } }}
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="warning-sign-summary">
        <Space>
          <WarningLevelChip level={w.level} />
          <Typography.Text strong>{w.headline}</Typography.Text>
        </Space>
        {w.capStatus !== 'Actual' && (
          <Alert type="warning" showIcon title={t(`warnings.capStatus.${w.capStatus}`)} />
        )}
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('warnings.area')}>
            {w.targets.byTownship.map((b) => b.name).join('、') || '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.preview.population')}>
            {w.targets.estimatedPopulation.toLocaleString()}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.recipients')}>
            {preview.isPending
              ? '…'
              : recipients.length === 0
                ? '—'
                : recipients.map((r) => (
                    <div key={`${r.audience}-${r.channel}`}>
                      {audienceLabel(r.audience, t)} · {channelLabel(r.channel, t)}：{r.count}
                    </div>
                  ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.expires')}>{time(w.expiresAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Text type="secondary">{t('warnings.signHint')}</Typography.Text>
      </Space>
    </Modal>
  );
}

function ContentTab({ warning: w }: { warning: WarningDetail }) {
  const { t } = useI18n();
  return (
    <div className="warning-content">
      <div className="warning-content__text">
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('warnings.description')}>
            <div className="warning-prose">{w.description}</div>
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.instruction')}>
            <div className="warning-prose">{w.instruction}</div>
          </Descriptions.Item>
          {w.infoEn && (
            <Descriptions.Item label="English">
              <div className="warning-prose" lang="en">
                <strong>{w.infoEn.headline}</strong>
                {'\n'}
                {w.infoEn.description}
                {'\n'}
                {w.infoEn.instruction}
              </div>
            </Descriptions.Item>
          )}
          <Descriptions.Item label={t('warnings.effective')}>{time(w.effectiveAt)}</Descriptions.Item>
          <Descriptions.Item label={t('warnings.expires')}>{time(w.expiresAt)}</Descriptions.Item>
          {w.sentAt && <Descriptions.Item label={t('warnings.sentAt')}>{time(w.sentAt)}</Descriptions.Item>}
          <Descriptions.Item label={t('warnings.area')}>
            {w.targets.byTownship.map((b) => b.name).join('、') || '—'}
            {w.targets.villageCodes.length > 0 &&
              t('warnings.villagesCount', { count: w.targets.villageCodes.length })}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.preview.population')}>
            {w.targets.estimatedPopulation.toLocaleString()}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.audiences')}>
            {w.audiences.map((a) => audienceLabel(a, t)).join('、')}
          </Descriptions.Item>
          <Descriptions.Item label={t('warnings.channels')}>
            {w.channels.map((c) => channelLabel(c, t)).join('、')}
          </Descriptions.Item>
          {w.authorName && <Descriptions.Item label={t('warnings.author')}>{w.authorName}</Descriptions.Item>}
        </Descriptions>
        {w.chain.length > 1 && (
          <section style={{ marginTop: 16 }} data-testid="warning-chain">
            <Typography.Title level={5}>{t('warnings.chain')}</Typography.Title>
            <Timeline
              items={w.chain.map((c) => ({
                key: c.id,
                color: c.id === w.id ? 'red' : 'blue',
                content: (
                  <Space size={6} wrap>
                    <Tag>{t(`warnings.msgType.${c.msgType}`)}</Tag>
                    {c.id === w.id ? (
                      <Typography.Text strong className="mono">
                        {c.identifier ?? t('warnings.state.draft')}
                      </Typography.Text>
                    ) : (
                      <Link to={`/warnings/${c.id}`} className="mono">
                        {c.identifier ?? t(`warnings.state.${c.state}`)}
                      </Link>
                    )}
                    <Typography.Text type="secondary">{time(c.sentAt)}</Typography.Text>
                  </Space>
                ),
              }))}
            />
          </section>
        )}
      </div>
      <div className="warning-content__map">
        <WarningAreaMap
          area={w.area}
          level={w.level}
          townshipCodes={w.targets.townshipCodes}
          villageCodes={w.targets.villageCodes}
          height={420}
        />
      </div>
    </div>
  );
}

function CapTab({ warning: w }: { warning: WarningDetail }) {
  const { t } = useI18n();
  const xml = useQuery({
    queryKey: ['warnings', 'cap', w.id],
    queryFn: () => warningsApi.capXml(w.id),
    enabled: w.state === 'published',
    staleTime: Infinity,
  });
  if (w.state !== 'published')
    return <Typography.Text type="secondary">{t('warnings.cap.notYet')}</Typography.Text>;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Button
          icon={<DownloadOutlined />}
          href={warningsApi.capUrl(w.id)}
          download
          data-testid="warning-cap-download"
        >
          {t('warnings.cap.download')}
        </Button>
        <Button icon={<DownloadOutlined />} href={warningsApi.capUrl(w.id, true)} download>
          {t('warnings.cap.national')}
        </Button>
      </Space>
      {xml.isError && <Alert type="error" showIcon title={errorMessage(xml.error, t)} />}
      <pre className="warning-xml" data-testid="warning-cap-xml">
        {xml.data ?? ''}
      </pre>
    </Space>
  );
}

function HistoryTab({ warning: w }: { warning: WarningDetail }) {
  const { t } = useI18n();
  if (!w.history.length) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Timeline
      data-testid="warning-history"
      items={w.history.map((h, i) => ({
        key: `${h.at}-${i}`,
        content: (
          <div>
            <Space size={6} wrap>
              <Typography.Text strong>{historyLabel(h.action, t)}</Typography.Text>
              <Typography.Text type="secondary" className="tabular">
                {time(h.at)}
              </Typography.Text>
              <Typography.Text type="secondary">{h.actorName ?? t('alarms.system')}</Typography.Text>
            </Space>
            {historyNote(h.details) && <div className="alarm-event__note">{historyNote(h.details)}</div>}
          </div>
        ),
      }))}
    />
  );
}

const HISTORY_ACTIONS = ['submit', 'approve', 'return', 'sign', 'reject'] as const;

/** `warning.sign` / `sign` → 签发; anything else as the server wrote it. */
function historyLabel(action: string, t: ReturnType<typeof useI18n>['t']): string {
  const key = action.replace(/^warning[._:]/, '');
  return (HISTORY_ACTIONS as readonly string[]).includes(key)
    ? t(`warnings.action.${key as (typeof HISTORY_ACTIONS)[number]}`)
    : action;
}

/** The reason or note an audit entry carries in its details, if any. */
function historyNote(details: unknown): string | null {
  if (typeof details !== 'object' || details === null) return null;
  const d = details as { reason?: unknown; note?: unknown };
  const text = d.reason ?? d.note;
  return typeof text === 'string' && text.trim() ? text : null;
}
