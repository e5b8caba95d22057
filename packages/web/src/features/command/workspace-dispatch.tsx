/**
 * 调度: the incident's tasks (待查阅 → 已读 → 已反馈 → 已完成, or 退回) paginated with state filter and overdue
 * marks; a new task to a rescue team (救援队伍 ledger), a department or a township with a due time; and a task's
 * detail with its feedback (text, photos, location) and the dispatcher's actions (办结, 退回重办, 重新派发).
 */
import { useMemo, useState } from 'react';
import {
  Button,
  Col,
  DatePicker,
  Drawer,
  Form,
  Grid,
  Image,
  Input,
  List,
  Row,
  Segmented,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  App,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import {
  TASK_STATES,
  type FeedbackView,
  type TaskAction,
  type TaskAssigneeKind,
  type TaskDetail,
  type TaskView,
} from '@ningan/domain';
import { useCountyCode, useOrgUnitOptions, useRegion } from '../../api/queries.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage, FormProblemAlert, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ledgerApi } from '../registry/registry-api.ts';
import { commandApi, commandKeys } from './command-api.ts';
import { placeOn } from './command-form.ts';
import { assigneeKindLabel, TASK_STATE_COLORS, taskActionLabel, taskStateLabel } from './command-labels.ts';

const time = (at: string | null) => (at ? dayjs(at).format('MM-DD HH:mm') : '—');
const DISPATCH_KINDS: TaskAssigneeKind[] = ['team', 'org_unit', 'township'];

export function TaskStateTag({ task }: { task: Pick<TaskView, 'state' | 'overdue'> }) {
  const { t, lang } = useI18n();
  return (
    <Space size={2}>
      <Tag color={TASK_STATE_COLORS[task.state]}>{taskStateLabel(task.state, lang)}</Tag>
      {task.overdue && <Tag color="red">{t('cmd.task.overdue')}</Tag>}
    </Space>
  );
}

export function DispatchTab({
  incidentId,
  tasks,
  closed,
  onChanged,
}: {
  incidentId: string;
  tasks: readonly TaskView[];
  closed: boolean;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const [state, setState] = useState<string>('all');
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);
  const shown = useMemo(
    () =>
      [...tasks]
        .filter((x) => state === 'all' || (state === 'overdue' ? x.overdue : x.state === state))
        .reverse(),
    [tasks, state],
  );
  const columns: TableColumnsType<TaskView> = [
    {
      title: t('cmd.task.title'),
      dataIndex: 'title',
      render: (v: string, r) => (
        <Button type="link" size="small" className="cmd-link" onClick={() => setOpenId(r.id)}>
          {v}
        </Button>
      ),
    },
    {
      title: t('cmd.task.assignee'),
      dataIndex: 'assigneeName',
      render: (v: string, r) => (
        <div className="cmd-cell">
          {v}
          <span className="cmd-muted">{assigneeKindLabel(r.assigneeKind, lang)}</span>
        </div>
      ),
    },
    { title: t('cmd.status'), key: 'state', width: 150, render: (_v, r) => <TaskStateTag task={r} /> },
    { title: t('cmd.task.due'), dataIndex: 'dueAt', width: 100, render: (v: string | null) => time(v) },
    { title: t('cmd.task.feedbackCount'), dataIndex: 'feedbackCount', width: 60, align: 'right' },
  ];
  return (
    <div data-testid="dispatch-tab">
      <Space wrap style={{ marginBottom: 8 }}>
        <Segmented
          size="small"
          value={state}
          onChange={(v) => setState(String(v))}
          options={[
            { value: 'all', label: t('cmd.task.all', { count: tasks.length }) },
            ...TASK_STATES.map((s) => ({ value: s, label: taskStateLabel(s, lang) })),
            { value: 'overdue', label: t('cmd.task.overdue') },
          ]}
          aria-label={t('cmd.status')}
        />
        {can('incident:write') && !closed && (
          <Button type="primary" size="small" onClick={() => setCreating((v) => !v)} data-testid="task-new">
            {t('cmd.task.new')}
          </Button>
        )}
      </Space>
      {creating && (
        <NewTaskForm
          incidentId={incidentId}
          onDone={() => {
            setCreating(false);
            onChanged();
          }}
        />
      )}
      <Table<TaskView>
        size="small"
        rowKey="id"
        dataSource={shown}
        columns={columns}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 560 }}
        data-testid="tasks-table"
      />
      <TaskDrawer taskId={openId} onClose={() => setOpenId(null)} onChanged={onChanged} />
    </div>
  );
}

interface TaskValues {
  title: string;
  detail?: string;
  assigneeKind: TaskAssigneeKind;
  assigneeId?: string;
  dueAt?: Dayjs | null;
}

/** The assignee options of one kind: rescue teams from the ledger, org units, townships of the county. */
function useAssigneeOptions(kind: TaskAssigneeKind) {
  const teams = useQuery({
    queryKey: ['ledger', 'rescue-teams', 'list', { pageSize: 200, purpose: 'dispatch' }],
    queryFn: () => ledgerApi.list('rescue-teams', { pageSize: 200 }),
    enabled: kind === 'team',
    staleTime: 60_000,
  });
  const units = useOrgUnitOptions(kind === 'org_unit');
  const county = useRegion(useCountyCode());
  switch (kind) {
    case 'team':
      return {
        loading: teams.isPending,
        options: (teams.data?.items ?? []).map((r) => ({
          value: r.id,
          label: `${r.name}${typeof r.attrs.readiness === 'string' ? `（${r.attrs.readiness}）` : ''}`,
        })),
      };
    case 'org_unit':
      return {
        loading: units.isPending,
        options: (units.data?.items ?? []).map((u) => ({ value: u.id, label: u.name })),
      };
    case 'township':
      return {
        loading: county.isPending,
        options: (county.data?.children ?? []).map((c) => ({ value: c.code, label: c.name })),
      };
    case 'user':
      return { loading: false, options: [] };
  }
}

function NewTaskForm({ incidentId, onDone }: { incidentId: string; onDone: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<TaskValues>();
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const kind = Form.useWatch('assigneeKind', form) ?? 'team';
  const assignees = useAssigneeOptions(kind);
  const save = useMutation({
    mutationFn: (v: TaskValues) =>
      commandApi.createTask(incidentId, {
        title: v.title.trim(),
        ...(v.detail?.trim() && { detail: v.detail.trim() }),
        assigneeKind: v.assigneeKind,
        assigneeId: v.assigneeId ?? '',
        ...(v.dueAt && { dueAt: v.dueAt.toISOString() }),
      }),
    onSuccess: () => {
      void message.success(t('cmd.task.created'));
      setProblem(null);
      form.resetFields();
      onDone();
    },
    onError: (error) =>
      setProblem(
        placeOn(
          form,
          error,
          {
            title: 'title',
            detail: 'detail',
            assigneeKind: 'assigneeKind',
            assigneeId: 'assigneeId',
            dueAt: 'dueAt',
          },
          t,
        ),
      ),
  });
  const req = [{ required: true, message: t('common.required') }];
  return (
    <div className="cmd-subform" data-testid="task-form">
      <FormProblemAlert problem={problem} />
      <Form<TaskValues>
        name="task"
        form={form}
        layout="vertical"
        size="small"
        initialValues={{ assigneeKind: 'team', dueAt: dayjs().add(2, 'hour') }}
        onFinish={(v) => save.mutate(v)}
      >
        <Form.Item name="title" label={t('cmd.task.title')} rules={req}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="detail" label={t('cmd.task.detail')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Row gutter={8}>
          <Col xs={24} md={8}>
            <Form.Item name="assigneeKind" label={t('cmd.task.assigneeKind')}>
              <Select
                options={DISPATCH_KINDS.map((k) => ({ value: k, label: assigneeKindLabel(k, lang) }))}
                onChange={() => form.setFieldValue('assigneeId', undefined)}
                aria-label={t('cmd.task.assigneeKind')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item name="assigneeId" label={t('cmd.task.assignee')} rules={req}>
              <Select
                showSearch={{ optionFilterProp: 'label' }}
                loading={assignees.loading}
                options={assignees.options}
                aria-label={t('cmd.task.assignee')}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="dueAt" label={t('cmd.task.due')}>
          <DatePicker showTime format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="task-save">
          {t('cmd.task.dispatch')}
        </Button>
      </Form>
    </div>
  );
}

/** Feedback entries: text, photos (GET /incident-files/:id), the location sent. */
export function FeedbackList({ feedback }: { feedback: readonly FeedbackView[] }) {
  const { t } = useI18n();
  if (feedback.length === 0)
    return <Typography.Text type="secondary">{t('cmd.task.noFeedback')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={[...feedback].reverse()}
      renderItem={(f) => (
        <List.Item key={f.id}>
          <div style={{ width: '100%' }}>
            <div className="cmd-muted">
              {dayjs(f.at).format('MM-DD HH:mm')} · {f.actorName}
              {f.lon !== null && f.lat !== null && ` · ${f.lon.toFixed(5)}, ${f.lat.toFixed(5)}`}
            </div>
            <div className="cmd-pre">{f.text}</div>
            {f.photoIds.length > 0 && (
              <Image.PreviewGroup>
                <Space wrap style={{ marginTop: 4 }}>
                  {f.photoIds.map((id) => (
                    <Image
                      key={id}
                      src={commandApi.fileUrl(id)}
                      width={96}
                      height={72}
                      alt={t('cmd.task.photo')}
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            )}
          </div>
        </List.Item>
      )}
    />
  );
}

const DISPATCHER_ACTIONS: readonly TaskAction[] = [
  'complete',
  'reject_feedback',
  'redispatch',
  'read',
  'return',
];
const NEEDS_REASON: readonly TaskAction[] = ['reject_feedback', 'return'];

function TaskDrawer({
  taskId,
  onClose,
  onChanged,
}: {
  taskId: string | null;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const isPhone = Grid.useBreakpoint().md === false;
  const [reason, setReason] = useState('');
  const task = useQuery({
    queryKey: commandKeys.task(taskId ?? ''),
    queryFn: () => commandApi.task(taskId ?? ''),
    enabled: taskId !== null,
  });
  const act = useMutation({
    mutationFn: ({ detail, action }: { detail: TaskDetail; action: TaskAction }) =>
      commandApi.taskAction(detail.id, {
        action,
        version: detail.version,
        ...(NEEDS_REASON.includes(action) && { reason: reason.trim() }),
      }),
    onSuccess: (detail) => {
      queryClient.setQueryData(commandKeys.task(detail.id), detail);
      setReason('');
      onChanged();
    },
    onError: (error) => {
      void message.error(errorMessage(error, t));
      void task.refetch();
    },
  });
  const d = task.data;
  const actions = (d?.actions ?? []).filter((a) => DISPATCHER_ACTIONS.includes(a));
  return (
    <Drawer
      open={taskId !== null}
      onClose={onClose}
      size={isPhone ? '100%' : 560}
      title={d?.title ?? t('cmd.task.title')}
      destroyOnHidden
    >
      {task.isPending && <Spin />}
      {task.isError && <Typography.Text type="danger">{errorMessage(task.error, t)}</Typography.Text>}
      {d && (
        <div data-testid="task-detail">
          <Space wrap style={{ marginBottom: 8 }}>
            <TaskStateTag task={d} />
            <span>
              {assigneeKindLabel(d.assigneeKind, lang)}：{d.assigneeName}
            </span>
          </Space>
          <div className="cmd-muted">
            {t('cmd.task.due')} {time(d.dueAt)} · {t('cmd.task.by', { name: d.createdByName })}{' '}
            {time(d.createdAt)}
          </div>
          {d.detail && <Typography.Paragraph className="cmd-pre">{d.detail}</Typography.Paragraph>}
          {d.returnedReason && (
            <Typography.Paragraph type="warning">
              {t('cmd.task.returnedReason')}：{d.returnedReason}
            </Typography.Paragraph>
          )}
          <Typography.Title level={5}>{t('cmd.task.feedback')}</Typography.Title>
          <FeedbackList feedback={d.feedback} />
          {actions.length > 0 && (
            <div className="cmd-subform" style={{ marginTop: 12 }}>
              {actions.some((a) => NEEDS_REASON.includes(a)) && (
                <Input.TextArea
                  rows={2}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                  placeholder={t('cmd.task.reasonPlaceholder')}
                  aria-label={t('cmd.task.reason')}
                  style={{ marginBottom: 8 }}
                />
              )}
              <Space wrap>
                {actions.map((a) => (
                  <Button
                    key={a}
                    type={a === 'complete' ? 'primary' : 'default'}
                    danger={a === 'reject_feedback' || a === 'return'}
                    disabled={NEEDS_REASON.includes(a) && !reason.trim()}
                    loading={act.isPending && act.variables.action === a}
                    onClick={() => act.mutate({ detail: d, action: a })}
                    data-testid={`task-action-${a}`}
                  >
                    {taskActionLabel(a, lang)}
                  </Button>
                ))}
              </Space>
            </div>
          )}
        </div>
      )}
    </Drawer>
  );
}
