/**
 * One alarm: where and what (station, township, rule, times), the signal values of its latest transition,
 * its history (engine transitions and people's actions, oldest first), and the actions the workflow
 * allows now — 确认, 转入处置 (what is being done), 指派 (the suggested person first), 批注, 关闭 (once cleared,
 * with the outcome), 转为事件.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Input,
  Modal,
  Select,
  Skeleton,
  Space,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NotificationOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { AlarmDetail, AlarmPersonAction } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { alarmKeys, alarmsApi } from './alarms-api.ts';
import {
  actionsFor,
  eventLabel,
  formatValue,
  signalRows,
  statusLabel,
  STATUS_COLORS,
  type SignalRow,
} from './alarms-model.ts';
import { LevelChip } from './level-chip.tsx';

const time = (at: string | null) => (at ? dayjs(at).format('YYYY-MM-DD HH:mm:ss') : '—');

/** Actions that ask for a note first (required for handle, comment, close). */
type NoteAction = Extract<AlarmPersonAction, 'acknowledge' | 'handle' | 'comment' | 'close' | 'to_incident'>;
const NOTE_REQUIRED: Record<NoteAction, boolean> = {
  acknowledge: false,
  handle: true,
  comment: true,
  close: true,
  to_incident: false,
};

export function AlarmDetailDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useI18n();
  const isPhone = Grid.useBreakpoint().md === false;
  const detail = useQuery({
    queryKey: alarmKeys.detail(id),
    queryFn: () => alarmsApi.get(id ?? ''),
    enabled: Boolean(id),
  });
  const a = detail.data;
  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={isPhone ? '100%' : 640}
      destroyOnHidden
      title={
        a ? (
          <Space size={8} wrap>
            <LevelChip level={a.level} />
            <span>{a.ruleName}</span>
          </Space>
        ) : (
          t('alarms.detail')
        )
      }
    >
      <div data-testid="alarm-detail">
        {detail.isPending && id && <Skeleton active />}
        {detail.isError && <Alert type="error" showIcon title={errorMessage(detail.error, t)} />}
        {a && <AlarmBody alarm={a} />}
      </div>
    </Drawer>
  );
}

function AlarmBody({ alarm: a }: { alarm: AlarmDetail }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const actions = actionsFor(a, can);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space size={8} wrap>
        <Tag color={STATUS_COLORS[a.status]} data-testid="alarm-detail-status">
          {statusLabel(a.status, lang)}
        </Tag>
        {a.cause === 'no_data' && <Tag color="purple">{t('alarms.cause.noData')}</Tag>}
        {a.maxLevel !== a.level && (
          <Typography.Text type="secondary">
            {t('alarms.maxLevel')} <LevelChip level={a.maxLevel} />
          </Typography.Text>
        )}
      </Space>
      <AlarmActions alarm={a} actions={actions} />
      {can('warning:draft') && (
        // 预警发布 (issue #5): a draft warning for the alarm's place and level, opened in the composer.
        <Link to={`/warnings/new?alarmId=${encodeURIComponent(a.id)}`} data-testid="alarm-issue-warning">
          <Button icon={<NotificationOutlined />}>{t('warnings.fromAlarm')}</Button>
        </Link>
      )}
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('alarms.station')}>
          {a.stationId ? (
            <Link to={`/network/stations/${a.stationId}`}>
              {a.stationName ?? a.subject}
              {a.stationCode ? `（${a.stationCode}）` : ''}
            </Link>
          ) : (
            a.subject
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('alarms.region')}>{a.regionName ?? a.regionCode}</Descriptions.Item>
        <Descriptions.Item label={t('alarms.subject')}>{a.subject}</Descriptions.Item>
        <Descriptions.Item label={t('alarms.raisedAt')}>{time(a.raisedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('alarms.levelChangedAt')}>{time(a.levelChangedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('alarms.clearedAt')}>{time(a.clearedAt)}</Descriptions.Item>
        <Descriptions.Item label={t('alarms.acknowledged')}>
          {a.acknowledgedAt ? `${a.acknowledgedBy ?? ''} ${time(a.acknowledgedAt)}` : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('alarms.assignee')}>{a.assigneeName ?? '—'}</Descriptions.Item>
        {a.closedAt && (
          <Descriptions.Item label={t('alarms.closeNote')}>
            {a.closeNote} （{time(a.closedAt)}）
          </Descriptions.Item>
        )}
        {a.incidentId && (
          <Descriptions.Item label={t('alarms.incident')}>
            <Tag color="volcano" data-testid="alarm-incident">
              {t('alarms.incidentOpened')}
            </Tag>
            <Typography.Text type="secondary" copyable={{ text: a.incidentId }} className="mono">
              {a.incidentId.slice(0, 8)}
            </Typography.Text>
          </Descriptions.Item>
        )}
      </Descriptions>
      <SignalTable alarm={a} t={t} />
      <section>
        <Typography.Title level={5}>{t('alarms.timeline')}</Typography.Title>
        <Timeline
          data-testid="alarm-timeline"
          items={a.events.map((e) => ({
            key: e.id,
            color: e.actorName === 'system' ? 'gray' : 'blue',
            content: (
              <div className="alarm-event">
                <Space size={6} wrap>
                  <Typography.Text strong>{eventLabel(e.kind, lang)}</Typography.Text>
                  {e.toLevel && <LevelChip level={e.toLevel} />}
                  <Typography.Text type="secondary" className="tabular">
                    {time(e.at)}
                  </Typography.Text>
                  <Typography.Text type="secondary">
                    {e.actorName === 'system' ? t('alarms.system') : e.actorName}
                  </Typography.Text>
                </Space>
                {e.note && <div className="alarm-event__note">{e.note}</div>}
              </div>
            ),
          }))}
        />
      </section>
    </Space>
  );
}

function SignalTable({ alarm, t }: { alarm: AlarmDetail; t: Translate }) {
  const rows = signalRows(alarm.signals);
  if (!rows.length) return null;
  return (
    <section>
      <Typography.Title level={5}>{t('alarms.signals')}</Typography.Title>
      <Table<SignalRow>
        rowKey="name"
        size="small"
        pagination={false}
        data-testid="alarm-signals"
        dataSource={rows}
        columns={[
          {
            title: t('alarms.signal'),
            dataIndex: 'name',
            render: (n: string) => <span className="mono">{n}</span>,
          },
          {
            title: t('alarms.value'),
            dataIndex: 'value',
            align: 'right',
            render: (v: number | null) => <span className="tabular">{formatValue(v)}</span>,
          },
        ]}
      />
      {alarm.staleInputs.length > 0 && (
        <Typography.Text type="warning">
          {t('alarms.staleInputs', { inputs: alarm.staleInputs.join('、') })}
        </Typography.Text>
      )}
    </section>
  );
}

function AlarmActions({ alarm, actions }: { alarm: AlarmDetail; actions: AlarmPersonAction[] }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [noteFor, setNoteFor] = useState<NoteAction | null>(null);
  const [assigning, setAssigning] = useState(false);

  const done = async (updated: AlarmDetail, text: string) => {
    queryClient.setQueryData(alarmKeys.detail(updated.id), updated);
    void message.success(text);
    await queryClient.invalidateQueries({ queryKey: alarmKeys.lists });
    await queryClient.invalidateQueries({ queryKey: alarmKeys.summary });
  };
  const act = useMutation({
    mutationFn: async ({ action, note }: { action: NoteAction; note: string }) => {
      switch (action) {
        case 'acknowledge':
          return alarmsApi.acknowledge(alarm.id, note || undefined);
        case 'handle':
          return alarmsApi.handle(alarm.id, note);
        case 'comment':
          return alarmsApi.comment(alarm.id, note);
        case 'close':
          return alarmsApi.close(alarm.id, note);
        case 'to_incident':
          return (await alarmsApi.toIncident(alarm.id, note || undefined)).alarm;
      }
    },
    onSuccess: async (updated, { action }) => {
      setNoteFor(null);
      await done(updated, t(`alarms.done.${action}`));
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  if (!actions.length) return null;
  const button = (action: AlarmPersonAction, primary = false) => (
    <Button
      key={action}
      type={primary ? 'primary' : 'default'}
      danger={action === 'to_incident'}
      data-testid={`alarm-action-${action}`}
      loading={act.isPending && act.variables.action === action}
      onClick={() => {
        if (action === 'assign') setAssigning(true);
        else if (action === 'acknowledge') act.mutate({ action, note: '' });
        else setNoteFor(action);
      }}
    >
      {t(`alarms.action.${action}`)}
    </Button>
  );
  return (
    <>
      <Space size={8} wrap data-testid="alarm-actions">
        {actions.map((a, i) =>
          button(a, i === 0 && (a === 'acknowledge' || a === 'close' || a === 'handle')),
        )}
      </Space>
      <NoteModal
        action={noteFor}
        pending={act.isPending}
        onCancel={() => setNoteFor(null)}
        onSubmit={(note) => noteFor && act.mutate({ action: noteFor, note })}
      />
      <AssignModal
        alarmId={assigning ? alarm.id : null}
        current={alarm.assigneeId}
        onClose={() => setAssigning(false)}
        onAssigned={async (updated) => {
          setAssigning(false);
          await done(updated, t('alarms.done.assign'));
        }}
      />
    </>
  );
}

function NoteModal({
  action,
  pending,
  onCancel,
  onSubmit,
}: {
  action: NoteAction | null;
  pending: boolean;
  onCancel: () => void;
  onSubmit: (note: string) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ note: string }>();
  const required = action ? NOTE_REQUIRED[action] : false;
  return (
    <Modal
      open={action !== null}
      title={action ? t(`alarms.action.${action}`) : ''}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={pending}
      destroyOnHidden
      onCancel={onCancel}
      onOk={() => void form.validateFields().then((v) => onSubmit((v.note ?? '').trim()))}
      okButtonProps={{ danger: action === 'to_incident', ...{ 'data-testid': 'alarm-note-ok' } }}
    >
      {action === 'close' && (
        <Alert type="info" showIcon title={t('alarms.closeHint')} style={{ marginBottom: 12 }} />
      )}
      {action === 'to_incident' && (
        <Alert type="warning" showIcon title={t('alarms.toIncidentHint')} style={{ marginBottom: 12 }} />
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="note"
          label={action ? t(`alarms.note.${action}`) : ''}
          rules={[
            { required, whitespace: true, message: t('alarms.noteRequired') },
            { max: 1000, message: t('alarms.noteTooLong') },
          ]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount autoFocus data-testid="alarm-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function AssignModal({
  alarmId,
  current,
  onClose,
  onAssigned,
}: {
  alarmId: string | null;
  current: string | null;
  onClose: () => void;
  onAssigned: (updated: AlarmDetail) => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ userId: string; note?: string }>();
  const people = useQuery({
    queryKey: alarmKeys.assignees(alarmId ?? ''),
    queryFn: () => alarmsApi.assignees(alarmId ?? ''),
    enabled: Boolean(alarmId),
  });
  const assign = useMutation({
    mutationFn: (v: { userId: string; note?: string }) =>
      alarmsApi.assign(alarmId ?? '', v.userId, v.note?.trim() || undefined),
    onSuccess: onAssigned,
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const suggested = people.data?.find((p) => p.suggested);
  return (
    <Modal
      open={alarmId !== null}
      title={t('alarms.action.assign')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={assign.isPending}
      destroyOnHidden
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => assign.mutate(v))}
    >
      {people.isError && <Alert type="error" showIcon title={errorMessage(people.error, t)} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ userId: current ?? suggested?.userId }}
        key={suggested?.userId ?? 'none'}
      >
        <Form.Item
          name="userId"
          label={t('alarms.assignTo')}
          rules={[{ required: true, message: t('alarms.assignRequired') }]}
          extra={suggested?.reason ? t('alarms.suggestedBecause', { reason: suggested.reason }) : undefined}
        >
          <Select
            showSearch={{ optionFilterProp: 'search' }}
            loading={people.isPending}
            data-testid="alarm-assignee"
            options={(people.data ?? []).map((p) => ({
              value: p.userId,
              search: `${p.displayName} ${p.username} ${p.phone ?? ''}`,
              label: (
                <Space size={6}>
                  <span>{p.displayName}</span>
                  <Typography.Text type="secondary">{p.username}</Typography.Text>
                  {p.suggested && <Tag color="green">{lang === 'en' ? 'Suggested' : '建议'}</Tag>}
                </Space>
              ),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="note"
          label={t('alarms.note.assign')}
          rules={[{ max: 1000, message: t('alarms.noteTooLong') }]}
        >
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
