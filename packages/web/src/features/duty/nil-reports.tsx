/**
 * 报平安 (township nil reports, issue #6 part 1): the county desk's board of the 18 townships for a day (已报 / 迟报 /
 * 未报 / 待报, the due time, who reported, 催报), and a township officer's own card — one tap 今日平安, or a note of
 * what happened — that also works on a phone.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CheckCircleOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { NilReportItem } from '@ningan/domain';
import { errorMessage } from '../../forms/form-errors.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { dutyApi, dutyKeys } from './duty-api.ts';
import {
  beijingParts,
  NIL_STATE_COLORS,
  nilStateLabel,
  ownNilReport,
  problemText,
  shortBeijingTime,
  sortNilReports,
} from './duty-model.ts';

/** The board of `date` (today by default). */
export function NilReportBoard({ date, today }: { date: string; today: string }) {
  const { t, lang } = useI18n();
  const board = useQuery({
    queryKey: dutyKeys.nilReports(date),
    queryFn: () => dutyApi.nilReports(date),
    refetchInterval: 60_000,
  });
  const columns: TableColumnsType<NilReportItem> = [
    { title: t('duty.nil.township'), dataIndex: 'townshipName', key: 'township' },
    {
      title: t('duty.nil.state'),
      key: 'state',
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Tag color={NIL_STATE_COLORS[r.state]} data-testid={`nil-state-${r.townshipCode}`}>
            {nilStateLabel(r.state, lang)}
          </Tag>
          {r.chased && (
            <Tag color="orange" data-testid={`nil-chased-${r.townshipCode}`}>
              {t('duty.nil.chased')}
            </Tag>
          )}
        </Space>
      ),
    },
    {
      title: t('duty.nil.submittedAt'),
      key: 'at',
      render: (_: unknown, r) => (r.submittedAt ? shortBeijingTime(r.submittedAt, today) : '—'),
    },
    { title: t('duty.nil.by'), key: 'by', render: (_: unknown, r) => r.submittedByName ?? '—' },
    { title: t('duty.nil.note'), key: 'note', render: (_: unknown, r) => r.note ?? '' },
  ];
  const data = board.data;
  const counts = data?.counts;
  return (
    <Card
      title={t('duty.nil.board')}
      data-testid="nil-report-board"
      extra={
        data && (
          <Typography.Text type="secondary" data-testid="nil-report-due">
            {t('duty.nil.due', { time: beijingParts(data.dueAt).time })}
          </Typography.Text>
        )
      }
    >
      {board.isError && <Alert type="error" showIcon title={errorMessage(board.error, t)} />}
      {counts && (
        <Space size={8} wrap style={{ marginBottom: 12 }} data-testid="nil-report-counts">
          <Tag color="success">
            {nilStateLabel('submitted', lang)} {counts.submitted ?? 0}
          </Tag>
          <Tag color="warning">
            {nilStateLabel('late', lang)} {counts.late ?? 0}
          </Tag>
          <Tag color="error">
            {nilStateLabel('missing', lang)} {counts.missing ?? 0}
          </Tag>
          <Tag>
            {nilStateLabel('pending', lang)} {counts.pending ?? 0}
          </Tag>
        </Space>
      )}
      <Table
        size="small"
        rowKey="townshipCode"
        loading={board.isLoading}
        columns={columns}
        dataSource={sortNilReports(data?.items ?? [])}
        pagination={false}
        scroll={{ x: 560 }}
      />
    </Card>
  );
}

/** A township officer's 报平安 for today: one tap, or with a note; shows what was already submitted. */
export function NilReportCard({ townshipCode, today }: { townshipCode: string; today: string }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const board = useQuery({
    queryKey: dutyKeys.nilReports(today),
    queryFn: () => dutyApi.nilReports(today),
    refetchInterval: 60_000,
  });
  const submit = useMutation({
    mutationFn: (text: string) => dutyApi.submitNilReport(text ? { note: text } : {}),
    onSuccess: () => {
      setNote('');
      void message.success(t('duty.nil.thanks'));
      void queryClient.invalidateQueries({ queryKey: dutyKeys.nilReports(today) });
    },
  });
  const own = board.data ? ownNilReport(board.data.items, townshipCode) : null;
  const done = own?.submittedAt ? own : null;
  return (
    <Card title={t('duty.nil.card')} data-testid="nil-report-card" className="nil-card">
      {board.isError && <Alert type="error" showIcon title={errorMessage(board.error, t)} />}
      {done?.submittedAt ? (
        <Alert
          type={done.state === 'late' ? 'warning' : 'success'}
          showIcon
          icon={<CheckCircleOutlined />}
          data-testid="nil-report-done"
          title={t('duty.nil.submitted', {
            time: beijingParts(done.submittedAt).time,
            state: nilStateLabel(done.state, lang),
          })}
          description={
            <>
              {done.submittedByName && <div>{done.submittedByName}</div>}
              {done.note && <div>{done.note}</div>}
            </>
          }
        />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {board.data && (
            <Typography.Text type={own?.state === 'missing' ? 'danger' : 'secondary'}>
              {t('duty.nil.due', { time: beijingParts(board.data.dueAt).time })}
              {own?.chased ? ` · ${t('duty.nil.chased')}` : ''}
            </Typography.Text>
          )}
          <Button
            type="primary"
            size="large"
            block
            icon={<SafetyOutlined />}
            loading={submit.isPending && note === ''}
            disabled={submit.isPending}
            onClick={() => submit.mutate('')}
            data-testid="nil-report-safe"
            className="nil-card__safe"
          >
            {t('duty.nil.safe')}
          </Button>
          <Input.TextArea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={500}
            autoSize={{ minRows: 2, maxRows: 5 }}
            placeholder={t('duty.nil.notePlaceholder')}
            aria-label={t('duty.nil.note')}
            data-testid="nil-report-note"
          />
          <Button
            block
            disabled={note.trim() === '' || submit.isPending}
            loading={submit.isPending && note !== ''}
            onClick={() => submit.mutate(note.trim())}
            data-testid="nil-report-submit-note"
          >
            {t('duty.nil.submitNote')}
          </Button>
          {submit.isError && (
            <Alert type="error" showIcon title={problemText(submit.error, t('common.loadFailed'))} />
          )}
        </Space>
      )}
    </Card>
  );
}
