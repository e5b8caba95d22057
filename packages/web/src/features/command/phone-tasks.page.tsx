/**
 * The phone views of dispatched tasks (调度任务, for team leaders, township and department contacts): my tasks
 * with state chips and overdue marks, and one task — read it (查阅), report back (反馈: text, photos downscaled on
 * the phone, the position), or return it with a reason; the dispatcher then completes it.
 */
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Button, Empty, Input, Result, Space, Spin, Tag, App } from 'antd';
import { ArrowLeftOutlined, EnvironmentOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { TASK_STATES, type FieldPhoto, type TaskAction, type TaskState } from '@ningan/domain';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { commandApi, commandKeys } from './command-api.ts';
import { taskStateLabel } from './command-labels.ts';
import { currentPosition, type Position } from './phone-helpers.ts';
import { PhotoPicker } from './phone-photo-picker.tsx';
import { FeedbackList, TaskStateTag } from './workspace-dispatch.tsx';
import './phone.css';

/** The phone page frame: a sticky bar with back and title, no console sidebar. */
export function PhoneShell({
  title,
  back,
  extra,
  children,
  testId,
}: {
  title: string;
  back?: string;
  extra?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <div className="phone" data-testid={testId}>
      <header className="phone__bar">
        {back && (
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            onClick={() => void navigate(back)}
            aria-label={t('cmd.phone.back')}
          />
        )}
        <h1>{title}</h1>
        {extra}
      </header>
      <main className="phone__body">{children}</main>
    </div>
  );
}

export function PhoneTasksPage() {
  const { t, lang } = useI18n();
  const [state, setState] = useState<TaskState | undefined>();
  const tasks = useQuery({
    queryKey: [...commandKeys.myTasks, state ?? 'all'],
    queryFn: () => commandApi.myTasks(state),
    refetchInterval: 30_000,
  });
  return (
    <PhoneShell
      title={t('cmd.phone.myTasks')}
      testId="phone-tasks"
      extra={
        <Button
          type="text"
          icon={<ReloadOutlined />}
          loading={tasks.isFetching}
          onClick={() => void tasks.refetch()}
          aria-label={t('cmd.phone.refresh')}
        />
      }
    >
      <div className="phone-chips" role="group" aria-label={t('cmd.status')}>
        <Button type={state === undefined ? 'primary' : 'default'} onClick={() => setState(undefined)}>
          {t('cmd.phone.all')}
        </Button>
        {TASK_STATES.map((s) => (
          <Button key={s} type={state === s ? 'primary' : 'default'} onClick={() => setState(s)}>
            {taskStateLabel(s, lang)}
          </Button>
        ))}
      </div>
      {tasks.isPending && <Spin />}
      {tasks.isError && <Alert type="error" showIcon title={errorMessage(tasks.error, t)} />}
      {tasks.data?.items.length === 0 && <Empty description={t('cmd.phone.noTasks')} />}
      {tasks.data?.items.map((x) => (
        <Link
          key={x.id}
          to={`/m/tasks/${x.id}`}
          className={`phone-card${x.overdue ? ' phone-card--late' : ''}`}
          data-testid="phone-task-card"
        >
          <h3>{x.title}</h3>
          <div className="phone-muted">{x.incidentTitle}</div>
          <Space wrap size={4} style={{ marginTop: 6 }}>
            <TaskStateTag task={x} />
            {x.dueAt && (
              <span className="phone-muted">
                {t('cmd.task.due')} {dayjs(x.dueAt).format('MM-DD HH:mm')}
              </span>
            )}
          </Space>
        </Link>
      ))}
    </PhoneShell>
  );
}

export function PhoneTaskPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [reason, setReason] = useState('');
  const [photos, setPhotos] = useState<FieldPhoto[]>([]);
  const [position, setPosition] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const task = useQuery({ queryKey: commandKeys.task(id), queryFn: () => commandApi.task(id) });
  const act = useMutation({
    mutationFn: (action: TaskAction) => {
      const d = task.data;
      if (!d) throw new Error('task not loaded');
      return commandApi.taskAction(id, {
        action,
        version: d.version,
        ...(action === 'feedback' && {
          text: text.trim(),
          ...(photos.length > 0 && { photos }),
          ...(position && { lon: position.lon, lat: position.lat }),
        }),
        ...(action === 'return' && { reason: reason.trim() }),
      });
    },
    onSuccess: (d) => {
      queryClient.setQueryData(commandKeys.task(id), d);
      void queryClient.invalidateQueries({ queryKey: commandKeys.myTasks });
      setText('');
      setPhotos([]);
      setReason('');
      void message.success(t('cmd.saved'));
    },
    onError: (error) => {
      void message.error(errorMessage(error, t));
      void task.refetch();
    },
  });

  const locate = () => {
    setLocating(true);
    setProblem(null);
    currentPosition()
      .then(setPosition, (e: unknown) => setProblem(e instanceof Error ? e.message : String(e)))
      .finally(() => setLocating(false));
  };

  const d = task.data;
  const can = (a: TaskAction) => d?.actions.includes(a) ?? false;
  return (
    <PhoneShell title={d?.title ?? t('cmd.task.title')} back="/m/tasks" testId="phone-task">
      {task.isPending && <Spin />}
      {task.isError && <Result status="warning" title={errorMessage(task.error, t)} />}
      {d && (
        <>
          <section className="phone-section">
            <Space wrap>
              <TaskStateTag task={d} />
              {d.dueAt && (
                <span className="phone-muted">
                  {t('cmd.task.due')} {dayjs(d.dueAt).format('MM-DD HH:mm')}
                </span>
              )}
            </Space>
            <div className="phone-muted" style={{ marginTop: 4 }}>
              {d.incidentTitle} · {t('cmd.task.by', { name: d.createdByName })}
            </div>
            {d.detail && <p className="cmd-pre">{d.detail}</p>}
            {d.returnedReason && <Alert type="warning" title={d.returnedReason} />}
          </section>
          {can('read') && (
            <Button
              type="primary"
              block
              className="phone-big"
              style={{ marginBottom: 12 }}
              loading={act.isPending && act.variables === 'read'}
              onClick={() => act.mutate('read')}
              data-testid="phone-task-read"
            >
              {t('cmd.phone.markRead')}
            </Button>
          )}
          {can('feedback') && (
            <section className="phone-section" data-testid="phone-feedback">
              <h2>{t('cmd.task.feedback')}</h2>
              <Input.TextArea
                rows={4}
                value={text}
                onChange={(e) => setText(e.target.value)}
                maxLength={2000}
                placeholder={t('cmd.phone.feedbackPlaceholder')}
                aria-label={t('cmd.phone.feedbackText')}
              />
              <div style={{ margin: '8px 0' }}>
                <PhotoPicker photos={photos} onChange={setPhotos} />
              </div>
              <Space wrap>
                <Button
                  className="phone-big"
                  icon={<EnvironmentOutlined />}
                  loading={locating}
                  onClick={locate}
                >
                  {position
                    ? t('cmd.phone.located', { accuracy: position.accuracyM })
                    : t('cmd.phone.locate')}
                </Button>
              </Space>
              {problem && <Alert type="warning" showIcon title={problem} style={{ marginTop: 8 }} />}
              <Button
                type="primary"
                block
                className="phone-big"
                style={{ marginTop: 12 }}
                disabled={!text.trim()}
                loading={act.isPending && act.variables === 'feedback'}
                onClick={() => act.mutate('feedback')}
                data-testid="phone-feedback-send"
              >
                {t('cmd.phone.sendFeedback')}
              </Button>
            </section>
          )}
          {d.state === 'feedback' && !can('complete') && (
            <Alert type="info" showIcon title={t('cmd.phone.waitComplete')} style={{ marginBottom: 12 }} />
          )}
          {d.state === 'completed' && (
            <Result status="success" title={t('cmd.phone.completed')} style={{ padding: 16 }} />
          )}
          {can('return') && (
            <section className="phone-section">
              <h2>{t('cmd.phone.returnTitle')}</h2>
              <Input.TextArea
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                maxLength={500}
                placeholder={t('cmd.task.reasonPlaceholder')}
                aria-label={t('cmd.task.reason')}
              />
              <Button
                danger
                block
                className="phone-big"
                style={{ marginTop: 8 }}
                disabled={!reason.trim()}
                loading={act.isPending && act.variables === 'return'}
                onClick={() => act.mutate('return')}
              >
                {t('cmd.phone.return')}
              </Button>
            </section>
          )}
          <section className="phone-section">
            <h2>
              {t('cmd.task.feedback')} <Tag>{d.feedback.length}</Tag>
            </h2>
            <FeedbackList feedback={d.feedback} />
          </section>
        </>
      )}
    </PhoneShell>
  );
}
