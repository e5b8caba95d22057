/**
 * 叫应 board (issue #5 part 6): per township, then per village, each responsible person with the step the
 * call has reached (首次 → 重发 → 升级乡镇 → 升级县值班), the countdown to the next step, and when and how
 * they answered. The duty officer records an answer given by telephone (记录电话叫应). Refreshed every 5 s;
 * the countdowns tick every second.
 */
import { useEffect, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Card,
  Empty,
  Form,
  Input,
  Modal,
  Progress,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { warningKeys, warningsApi } from './warnings-api.ts';
import { callRoleLabel, callStepLabel } from './warnings-labels.ts';
import { callTotals, countdown } from './warnings-model.ts';
import type { CallPerson } from './warnings-types.ts';

/** The current time, ticking every `ms`. */
function useNow(ms = 1_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

const STEP_COLORS: Record<string, string> = {
  initial: 'blue',
  resend: 'gold',
  township: 'orange',
  county: 'red',
};

interface PersonRow extends CallPerson {
  villageName: string | null;
}

export function CallBoardPanel({ warningId }: { warningId: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const now = useNow();
  const [recording, setRecording] = useState<PersonRow | null>(null);
  const board = useQuery({
    queryKey: warningKeys.calls(warningId),
    queryFn: () => warningsApi.calls(warningId),
    refetchInterval: 5_000,
  });
  if (board.isError) return <Alert type="error" showIcon title={errorMessage(board.error, t)} />;
  if (!board.data) return <Card loading />;
  const totals = callTotals(board.data);
  if (totals.total === 0) return <Empty description={t('warnings.calls.none')} />;

  const answerVia = (c: string | null) =>
    c && ['link', 'app', 'sms', 'phone'].includes(c)
      ? t(`warnings.answerVia.${c as 'link' | 'app' | 'sms' | 'phone'}`)
      : (c ?? '');

  return (
    <div data-testid="warning-call-board" data-answered={totals.answered} data-total={totals.total}>
      <Space size={16} wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong data-testid="warning-call-totals">
          {t('warnings.calls.totals', { answered: totals.answered, total: totals.total })}
        </Typography.Text>
        <Progress
          percent={Math.round((totals.answered / totals.total) * 100)}
          size="small"
          style={{ width: 200 }}
        />
      </Space>
      {board.data.townships.map((tw) => {
        const rows: PersonRow[] = [
          ...(tw.persons ?? []).map((p) => ({ ...p, villageName: null })),
          ...tw.villages.flatMap((v) => v.persons.map((p) => ({ ...p, villageName: v.name }))),
        ];
        const answered = rows.filter((r) => r.answeredAt).length;
        return (
          <Card
            key={tw.code ?? 'none'}
            size="small"
            style={{ marginBottom: 12 }}
            title={tw.name ?? t('warnings.calls.county')}
            extra={
              <Typography.Text type={answered === rows.length ? 'success' : 'warning'}>
                {answered}/{rows.length}
              </Typography.Text>
            }
            data-testid="warning-call-township"
          >
            <Table<PersonRow>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={rows}
              scroll={{ x: 'max-content' }}
              rowClassName={(r) =>
                r.answeredAt ? 'call-row call-row--answered' : 'call-row call-row--waiting'
              }
              onRow={(r) => ({ 'data-answered': r.answeredAt ? 'true' : 'false' }) as object}
              columns={[
                {
                  title: t('warnings.calls.village'),
                  dataIndex: 'villageName',
                  render: (v: string | null) => v ?? '—',
                },
                {
                  title: t('warnings.calls.person'),
                  key: 'person',
                  render: (_: unknown, r) => (
                    <div className="warning-cell">
                      <Typography.Text strong>{r.name}</Typography.Text>
                      <Typography.Text type="secondary">{callRoleLabel(r.role, t)}</Typography.Text>
                    </div>
                  ),
                },
                {
                  title: t('warnings.calls.step'),
                  dataIndex: 'step',
                  render: (s: string) => <Tag color={STEP_COLORS[s] ?? 'default'}>{callStepLabel(s, t)}</Tag>,
                },
                {
                  title: t('warnings.calls.due'),
                  key: 'due',
                  render: (_: unknown, r) => {
                    if (r.answeredAt) return '—';
                    const c = countdown(r.dueAt, now);
                    if (!c) return '—';
                    return (
                      <Typography.Text type={c.overdue ? 'danger' : undefined} className="tabular">
                        {c.overdue ? t('warnings.calls.overdue', { time: c.text }) : c.text}
                      </Typography.Text>
                    );
                  },
                },
                {
                  title: t('warnings.calls.answered'),
                  key: 'answered',
                  render: (_: unknown, r) =>
                    r.answeredAt ? (
                      <Space size={4} wrap>
                        <Tag color="green">{dayjs(r.answeredAt).format('HH:mm:ss')}</Tag>
                        <Typography.Text type="secondary">{answerVia(r.answerChannel)}</Typography.Text>
                        {r.answerNote && <Typography.Text type="secondary">“{r.answerNote}”</Typography.Text>}
                      </Space>
                    ) : can('warning:draft') ? (
                      <Button size="small" data-testid="warning-call-record" onClick={() => setRecording(r)}>
                        {t('warnings.calls.recordPhone')}
                      </Button>
                    ) : (
                      <Tag>{t('warnings.calls.waiting')}</Tag>
                    ),
                },
              ]}
            />
          </Card>
        );
      })}
      <RecordPhoneModal warningId={warningId} person={recording} onClose={() => setRecording(null)} />
    </div>
  );
}

function RecordPhoneModal({
  warningId,
  person,
  onClose,
}: {
  warningId: string;
  person: PersonRow | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ note?: string }>();
  const record = useMutation({
    mutationFn: (note: string) => warningsApi.answerCall(person?.id ?? '', 'phone', note || undefined),
    onSuccess: async () => {
      onClose();
      void message.success(t('warnings.calls.recorded'));
      await queryClient.invalidateQueries({ queryKey: warningKeys.calls(warningId) });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  return (
    <Modal
      open={person !== null}
      title={t('warnings.calls.recordPhone')}
      okText={t('common.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={record.isPending}
      destroyOnHidden
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => record.mutate((v.note ?? '').trim()))}
      okButtonProps={{ ...{ 'data-testid': 'warning-call-record-ok' } }}
    >
      {person && (
        <Typography.Paragraph>
          {t('warnings.calls.recordFor', { name: person.name, phone: person.phone ?? '—' })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="note" label={t('warnings.calls.note')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
