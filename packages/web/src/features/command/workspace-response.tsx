/**
 * 响应: the response-level decision (who and why, recorded), the plans suggested for the incident's type with
 * their levels (启动预案: level + reason → HQ members called, the level's actions become tasks), and the HQ 叫应
 * board of each activation (answered / due / overdue; answered on a member's behalf with a note; the state of
 * the SMS sent to each member, from GET /incidents/:id/notices).
 */
import { useState } from 'react';
import {
  Button,
  Card,
  Collapse,
  Empty,
  Form,
  Input,
  Popover,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  App,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery } from '@tanstack/react-query';
import dayjs from 'dayjs';
import {
  RESPONSE_LEVELS,
  type AckView,
  type ActivationView,
  type CommandNoticeView,
  type IncidentDetail,
  type PlanSuggestion,
  type ResponseLevel,
} from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi, commandKeys } from './command-api.ts';
import { placeOn } from './command-form.ts';
import { LevelTag } from './command-parts.tsx';

const time = (at: string | null) => (at ? dayjs(at).format('MM-DD HH:mm') : '—');

interface DecisionValues {
  level: ResponseLevel;
  reason: string;
}

export function ResponseTab({
  incident,
  activations,
  onChanged,
}: {
  incident: IncidentDetail;
  activations: readonly ActivationView[];
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const open = incident.status !== 'closed' && incident.status !== 'merged';
  const commander = can('incident:command') && open;
  const plans = useQuery({
    queryKey: commandKeys.plans(incident.id),
    queryFn: () => commandApi.planSuggestions(incident.id),
    enabled: open,
  });
  // The SMS of each ack: the latest 叫应 notice (activation or resend) of that ack.
  const notices = useQuery({
    queryKey: [...commandKeys.notices(incident.id), activations.length],
    queryFn: () => commandApi.notices(incident.id),
    enabled: activations.length > 0,
    refetchInterval: open ? 10_000 : false,
  });
  const smsByAck = new Map<string, CommandNoticeView>();
  for (const n of notices.data?.items ?? [])
    if (n.ackId && (n.kind === 'activation' || n.kind === 'ack_resend')) smsByAck.set(n.ackId, n);

  return (
    <div data-testid="response-tab">
      <Space style={{ marginBottom: 8 }}>
        <span>{t('cmd.level')}</span>
        <LevelTag level={incident.responseLevel} />
      </Space>
      {commander && <DecisionForm incident={incident} onDone={onChanged} />}

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('cmd.plan.suggested')}
      </Typography.Title>
      {plans.isPending && open && <Spin />}
      {plans.isError && <Typography.Text type="danger">{errorMessage(plans.error, t)}</Typography.Text>}
      {plans.data && plans.data.items.length === 0 && <Empty description={t('cmd.plan.none')} />}
      <Collapse
        size="small"
        items={(plans.data?.items ?? []).map((p) => ({
          key: p.planId,
          label: (
            <Space wrap>
              <b>{p.name}</b>
              <Tag>{p.type}</Tag>
              <span className="cmd-muted">{p.owner}</span>
            </Space>
          ),
          children: <PlanCard plan={p} incident={incident} canActivate={commander} onDone={onChanged} />,
        }))}
        data-testid="plan-suggestions"
      />

      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('cmd.plan.activations')}
      </Typography.Title>
      {activations.length === 0 && (
        <Typography.Text type="secondary">{t('cmd.plan.noActivation')}</Typography.Text>
      )}
      {[...activations].reverse().map((a) => (
        <Card
          key={a.id}
          size="small"
          style={{ marginBottom: 8 }}
          title={
            <Space wrap>
              {a.planName}
              <LevelTag level={a.level} />
              {a.endedAt && <Tag>{t('cmd.plan.ended')}</Tag>}
            </Space>
          }
          extra={<span className="cmd-muted">{time(a.decidedAt)}</span>}
          data-testid="activation-card"
        >
          <div className="cmd-muted">
            {a.decidedByName}：{a.reason}
          </div>
          <AckBoard
            acks={a.acks}
            sms={smsByAck}
            canAnswer={can('incident:write') && open}
            onDone={onChanged}
          />
        </Card>
      ))}
    </div>
  );
}

function DecisionForm({ incident, onDone }: { incident: IncidentDetail; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const save = useMutation({
    mutationFn: (v: DecisionValues) => commandApi.responseLevel(incident.id, v),
    onSuccess: () => {
      void message.success(t('cmd.saved'));
      setProblem(null);
      form.resetFields();
      onDone();
    },
    onError: (error) => setProblem(placeOn(form, error, { level: 'level', reason: 'reason' }, t)),
  });
  return (
    <div className="cmd-subform" data-testid="decision-form">
      <FormProblemAlert problem={problem} />
      <Form<DecisionValues>
        name="decision"
        form={form}
        layout="inline"
        size="small"
        initialValues={{ level: incident.responseLevel ?? 'Ⅳ' }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item
          name="level"
          label={t('cmd.level')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Select
            style={{ width: 110 }}
            options={RESPONSE_LEVELS.map((l) => ({ value: l, label: t('cmd.level.value', { level: l }) }))}
            aria-label={t('cmd.level')}
          />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('cmd.decision.reason')}
          rules={[{ required: true, message: t('common.required') }]}
          style={{ flex: 1, minWidth: 200 }}
        >
          <Input maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="decision-save">
          {t('cmd.decision.save')}
        </Button>
      </Form>
    </div>
  );
}

function PlanCard({
  plan,
  incident,
  canActivate,
  onDone,
}: {
  plan: PlanSuggestion;
  incident: IncidentDetail;
  canActivate: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const activate = useMutation({
    mutationFn: (v: DecisionValues) => commandApi.activate(incident.id, { planId: plan.planId, ...v }),
    onSuccess: (a) => {
      void message.success(t('cmd.plan.activated', { count: a.acks.length, tasks: a.taskCount }));
      setProblem(null);
      onDone();
    },
    onError: (error) => setProblem(placeOn(form, error, { level: 'level', reason: 'reason' }, t)),
  });
  return (
    <div>
      <Typography.Paragraph type="secondary">{plan.why}</Typography.Paragraph>
      <Table
        size="small"
        rowKey="level"
        pagination={false}
        dataSource={plan.levels}
        columns={[
          { title: t('cmd.level'), dataIndex: 'level', width: 70 },
          { title: t('cmd.plan.trigger'), dataIndex: 'trigger' },
          {
            title: t('cmd.plan.actions'),
            dataIndex: 'actions',
            render: (v: string) => <span className="cmd-pre">{v}</span>,
          },
          { title: t('cmd.plan.hq'), dataIndex: 'hqMembers', width: 70, align: 'right' },
        ]}
      />
      {canActivate && (
        <div className="cmd-subform" style={{ marginTop: 8 }}>
          <FormProblemAlert problem={problem} />
          <Form<DecisionValues>
            name={`activate-${plan.planId}`}
            form={form}
            layout="inline"
            size="small"
            initialValues={{ level: plan.levels[plan.levels.length - 1]?.level ?? 'Ⅳ' }}
            onFinish={(v) => activate.mutate(v)}
          >
            <Form.Item name="level" label={t('cmd.level')}>
              <Select
                style={{ width: 110 }}
                options={(plan.levels.length > 0 ? plan.levels.map((l) => l.level) : RESPONSE_LEVELS).map(
                  (l) => ({ value: l, label: t('cmd.level.value', { level: l }) }),
                )}
                aria-label={t('cmd.level')}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('cmd.decision.reason')}
              rules={[{ required: true, message: t('common.required') }]}
              style={{ flex: 1, minWidth: 200 }}
            >
              <Input maxLength={1000} />
            </Form.Item>
            <Button
              type="primary"
              danger
              htmlType="submit"
              loading={activate.isPending}
              aria-label={t('cmd.plan.activateNamed', { name: plan.name })}
            >
              {t('cmd.plan.activate')}
            </Button>
          </Form>
        </div>
      )}
    </div>
  );
}

const SMS_COLORS = {
  queued: 'default',
  sending: 'processing',
  sent: 'green',
  failed: 'red',
  skipped: 'default',
};

function SmsTag({ notice }: { notice: CommandNoticeView | undefined }) {
  const { t } = useI18n();
  if (!notice) return <span className="cmd-muted">{t('cmd.ack.smsNone')}</span>;
  const retrying = notice.state === 'failed' && notice.nextAttemptAt !== null;
  return (
    <Tag
      color={retrying ? 'orange' : SMS_COLORS[notice.state]}
      title={notice.lastError ?? (notice.sentAt ? time(notice.sentAt) : undefined)}
      data-testid="ack-sms"
    >
      {retrying ? t('cmd.ack.sms.retrying') : t(`cmd.ack.sms.${notice.state}`)}
    </Tag>
  );
}

function AckBoard({
  acks,
  sms,
  canAnswer,
  onDone,
}: {
  acks: readonly AckView[];
  sms: ReadonlyMap<string, CommandNoticeView>;
  canAnswer: boolean;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const answered = acks.filter((a) => a.answeredAt !== null).length;
  const columns: TableColumnsType<AckView> = [
    { title: t('cmd.ack.person'), dataIndex: 'personName', render: (v: string, a) => `${v}（${a.role}）` },
    { title: t('cmd.ack.unit'), dataIndex: 'unitName', render: (v: string | null) => v ?? '—' },
    { title: t('cmd.ack.phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—', width: 110 },
    {
      title: t('cmd.ack.sms'),
      key: 'sms',
      width: 100,
      render: (_v, a) => <SmsTag notice={sms.get(a.id)} />,
    },
    {
      title: t('cmd.status'),
      key: 'state',
      width: 150,
      render: (_v, a) =>
        a.answeredAt ? (
          <Tag color="green">{t('cmd.ack.answeredAt', { time: time(a.answeredAt) })}</Tag>
        ) : (
          <Tag color={a.overdue ? 'red' : 'orange'}>
            {a.overdue ? t('cmd.ack.overdue') : t('cmd.ack.waiting', { time: time(a.dueAt) })}
          </Tag>
        ),
    },
    ...(canAnswer
      ? [
          {
            title: '',
            key: 'answer',
            width: 100,
            render: (_v: unknown, a: AckView) =>
              a.answeredAt ? null : <AnswerOnBehalf ack={a} onDone={onDone} />,
          },
        ]
      : []),
  ];
  return (
    <>
      <div style={{ margin: '8px 0 4px' }}>{t('cmd.ack.summary', { answered, total: acks.length })}</div>
      <Table<AckView>
        size="small"
        rowKey="id"
        dataSource={[...acks]}
        columns={columns}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: 560 }}
        data-testid="ack-board"
      />
    </>
  );
}

function AnswerOnBehalf({ ack, onDone }: { ack: AckView; onDone: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [note, setNote] = useState('');
  const [open, setOpen] = useState(false);
  const answer = useMutation({
    mutationFn: () => commandApi.answerAck(ack.id, note.trim()),
    onSuccess: () => {
      setOpen(false);
      onDone();
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={t('cmd.ack.onBehalf')}
      content={
        <Space orientation="vertical">
          <Input.TextArea
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            placeholder={t('cmd.ack.notePlaceholder')}
            aria-label={t('cmd.ack.note')}
          />
          <Button
            type="primary"
            size="small"
            disabled={!note.trim()}
            loading={answer.isPending}
            onClick={() => answer.mutate()}
          >
            {t('cmd.ack.confirm')}
          </Button>
        </Space>
      }
    >
      <Button size="small" aria-label={t('cmd.ack.onBehalfOf', { name: ack.personName })}>
        {t('cmd.ack.onBehalf')}
      </Button>
    </Popover>
  );
}
