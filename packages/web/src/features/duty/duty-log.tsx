/**
 * 值班日志 (duty log): the entries of a day — calls in and out, notices, instructions, incidents — and the form
 * to add one (kind, text, an incident it concerns, marked as an open item to carry over at handover). Open items
 * can be closed from the list; the desk's open-items card lists the carried-over ones of every day.
 */
import { useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  List,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import type { DutyLogKind, DutyLogView } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { applyFormError, errorMessage, type FormProblem } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { IncidentLink } from '../command/command-parts.tsx';
import { screenApi } from '../screen/screen-api.ts';
import { dutyApi, dutyKeys } from './duty-api.ts';
import {
  LOG_KIND_COLORS,
  LOG_KINDS_BY_HAND,
  logKindLabel,
  problemText,
  shortBeijingTime,
} from './duty-model.ts';

interface LogForm {
  kind: DutyLogKind;
  text: string;
  incidentId?: string;
  openItem: boolean;
}

const FIELDS = ['kind', 'text', 'incidentId', 'openItem'] as const;

/** One log entry: time, kind, text, the incident link, and — open — a close button. */
export function LogEntry({ entry, today }: { entry: DutyLogView; today: string }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const close = useMutation({
    mutationFn: () => dutyApi.closeLogItem(entry.seq),
    onSuccess: () => {
      void message.success(t('duty.log.closed'));
      void queryClient.invalidateQueries({ queryKey: dutyKeys.all });
    },
    onError: (error) => void message.error(problemText(error, t('common.loadFailed'))),
  });
  const open = entry.openItem && entry.closedAt === null;
  return (
    <List.Item
      data-testid={`duty-log-${entry.seq}`}
      actions={
        open && can('duty:write')
          ? [
              <Button
                key="close"
                size="small"
                loading={close.isPending}
                onClick={() => close.mutate()}
                aria-label={t('duty.log.closeItem')}
              >
                {t('duty.log.closeItem')}
              </Button>,
            ]
          : []
      }
    >
      <Space orientation="vertical" size={2} style={{ width: '100%' }}>
        <Space size={6} wrap>
          <Typography.Text strong>{shortBeijingTime(entry.at, today)}</Typography.Text>
          <Tag color={LOG_KIND_COLORS[entry.kind]}>{logKindLabel(entry.kind, lang)}</Tag>
          {open && <Tag color="gold">{t('duty.log.open')}</Tag>}
          {entry.openItem && entry.closedAt && <Tag>{t('duty.log.done')}</Tag>}
          <Typography.Text type="secondary">{entry.actorName}</Typography.Text>
        </Space>
        <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>
          {entry.text}
        </Typography.Paragraph>
        {entry.incidentId && <IncidentLink id={entry.incidentId}>{t('duty.log.incidentLink')}</IncidentLink>}
      </Space>
    </List.Item>
  );
}

export function DutyLogCard({ today, regionCode }: { today: string; regionCode: string | undefined }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(today);
  const [adding, setAdding] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [form] = Form.useForm<LogForm>();
  const log = useQuery({
    queryKey: dutyKeys.log(date, regionCode),
    queryFn: () => dutyApi.log({ date, regionCode }),
    refetchInterval: 30_000,
  });
  const incidents = useQuery({
    queryKey: ['duty', 'incident-options'],
    queryFn: () => screenApi.incidents({ status: 'reported,responding', pageSize: 100 }),
    enabled: adding && can('incident:read'),
    staleTime: 30_000,
  });
  const add = useMutation({
    mutationFn: (values: LogForm) =>
      dutyApi.addLog({
        kind: values.kind,
        text: values.text,
        ...(values.incidentId && { incidentId: values.incidentId }),
        openItem: values.openItem,
        ...(regionCode && { regionCode }),
      }),
    onSuccess: () => {
      void message.success(t('duty.log.added'));
      form.resetFields();
      setProblem(null);
      setAdding(false);
      setDate(today);
      void queryClient.invalidateQueries({ queryKey: dutyKeys.all });
    },
    onError: (error) => setProblem(applyFormError(form, error, FIELDS, t)),
  });
  const entries = [...(log.data?.items ?? [])].sort((a, b) => b.at.localeCompare(a.at) || b.seq - a.seq);

  return (
    <Card
      title={t('duty.log.title')}
      data-testid="duty-log"
      extra={
        <Space wrap>
          <DatePicker
            value={dayjs(date)}
            allowClear={false}
            onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : today)}
            aria-label={t('duty.log.date')}
            data-testid="duty-log-date"
          />
          {can('duty:write') && !adding && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="duty-log-add"
              aria-label={t('duty.log.add')}
            >
              {t('duty.log.add')}
            </Button>
          )}
        </Space>
      }
    >
      {adding && (
        <Form<LogForm>
          form={form}
          layout="vertical"
          initialValues={{ kind: 'call_in', openItem: false }}
          onFinish={(values) => add.mutate(values)}
          data-testid="duty-log-form"
          className="duty-log-form"
        >
          {problem && (
            <Alert
              type="error"
              showIcon
              title={problem.message}
              description={problem.unplaced.map((d) => d.message).join('；') || undefined}
              style={{ marginBottom: 12 }}
            />
          )}
          <Form.Item name="kind" label={t('duty.log.kind')} rules={[{ required: true }]}>
            <Select
              aria-label={t('duty.log.kind')}
              options={LOG_KINDS_BY_HAND.map((k) => ({ value: k, label: logKindLabel(k, lang) }))}
              style={{ maxWidth: 240 }}
            />
          </Form.Item>
          <Form.Item
            name="text"
            label={t('duty.log.text')}
            rules={[{ required: true, whitespace: true, message: t('duty.log.textRequired') }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 2, maxRows: 8 }}
              maxLength={2000}
              aria-label={t('duty.log.text')}
            />
          </Form.Item>
          {can('incident:read') && (
            <Form.Item name="incidentId" label={t('duty.log.incident')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                loading={incidents.isLoading}
                aria-label={t('duty.log.incident')}
                placeholder={t('duty.log.incidentPlaceholder')}
                options={(incidents.data?.items ?? []).map((i) => ({ value: i.id, label: i.title }))}
              />
            </Form.Item>
          )}
          <Form.Item name="openItem" valuePropName="checked">
            <Checkbox data-testid="duty-log-open-item">{t('duty.log.markOpen')}</Checkbox>
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="duty-log-save">
              {t('common.save')}
            </Button>
            <Button
              onClick={() => {
                setAdding(false);
                setProblem(null);
              }}
            >
              {t('common.cancel')}
            </Button>
          </Space>
        </Form>
      )}
      {log.isError && <Alert type="error" showIcon title={errorMessage(log.error, t)} />}
      <List
        className="duty-scroll duty-scroll--tall"
        loading={log.isLoading}
        dataSource={entries}
        locale={{ emptyText: t('duty.log.empty') }}
        renderItem={(entry) => <LogEntry entry={entry} today={today} />}
      />
    </Card>
  );
}
