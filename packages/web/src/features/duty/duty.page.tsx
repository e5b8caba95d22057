/**
 * 值班台 (duty desk, issue #6 part 1): the current shift (leader on duty, officers, who has signed in, my sign-in),
 * the open items carried over, the duty log, the handover (交班 with notes and the open items → 接班 by the next
 * shift), today's township nil-report board (or a township's own 报平安 card) and the 值班日报 download.
 * Live through the command stream (topics `duty`, `nil_report`), with refetch intervals as the fallback.
 */
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Empty,
  Input,
  List,
  Row,
  Space,
  Tag,
  Typography,
} from 'antd';
import {
  DownloadOutlined,
  FundProjectionScreenOutlined,
  LoginOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { getBeijingDate, type DutyCurrentView, type ShiftView } from '@ningan/domain';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useCommandStream } from '../command/command-stream.ts';
import { dutyApi, dutyKeys } from './duty-api.ts';
import { DutyLogCard, LogEntry } from './duty-log.tsx';
import {
  beijingParts,
  isOnShift,
  mayTakeOver,
  problemText,
  isTownshipWatch,
  rosterWithSignIns,
  shiftSpan,
  signedInAt,
  watchRegionOf,
} from './duty-model.ts';
import { NilReportBoard, NilReportCard } from './nil-reports.tsx';
import './duty.css';

/** Today's Beijing date, re-read every minute so the desk rolls over at midnight. */
export function useBeijingToday(): string {
  const [today, setToday] = useState(() => getBeijingDate(new Date()));
  useEffect(() => {
    const id = window.setInterval(() => setToday(getBeijingDate(new Date())), 60_000);
    return () => window.clearInterval(id);
  }, []);
  return today;
}

/** Refetches the duty queries when the command stream says the watch or a nil report changed. */
function useDutyLive(): void {
  const queryClient = useQueryClient();
  useCommandStream({
    onChange: (changes) => {
      if (changes.some((c) => c.topic === 'duty' || c.topic === 'nil_report'))
        void queryClient.invalidateQueries({ queryKey: dutyKeys.all });
    },
    onReconnect: () => void queryClient.invalidateQueries({ queryKey: dutyKeys.all }),
  });
}

export function DutyPage() {
  const { t } = useI18n();
  const { session, can } = useSession();
  const today = useBeijingToday();
  useDutyLive();
  if (!session) return null;
  const scope = session.user.scope;
  const township = isTownshipWatch(scope);
  // The desk keeps the account's own watch: the server's default; named for the daily report.
  const regionCode = watchRegionOf(scope);
  const current = (
    <CurrentShift
      regionCode={regionCode}
      today={today}
      userId={session.user.id}
      canWrite={can('duty:write')}
      desk={scope.level !== 'department'}
    />
  );
  // A member department sees who is on duty at the bureau (to reach the duty room), not the desk itself.
  if (scope.level === 'department')
    return (
      <div className="admin-page duty-page" data-testid="duty-page">
        <PageHeader title={t('duty.title')} />
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={10}>
            <Space orientation="vertical" size={16} style={{ width: '100%' }}>
              <Alert type="info" showIcon title={t('duty.departmentView')} />
              {current}
            </Space>
          </Col>
        </Row>
      </div>
    );
  return (
    <div className="admin-page duty-page" data-testid="duty-page">
      <PageHeader
        title={t('duty.title')}
        actions={
          <Space wrap>
            {can('duty:write') && (
              <Link to="/command/duty/roster">
                <Button icon={<ScheduleOutlined />} data-testid="duty-roster-link">
                  {t('duty.roster.title')}
                </Button>
              </Link>
            )}
            <Link to="/screen">
              <Button icon={<FundProjectionScreenOutlined />} data-testid="duty-screen-link">
                {t('screen.open')}
              </Button>
            </Link>
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            {township && can('duty:nil_report') && (
              <NilReportCard townshipCode={scope.regionCode} today={today} />
            )}
            {current}
            <DailyReport today={today} regionCode={regionCode} />
          </Space>
        </Col>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <DutyLogCard today={today} regionCode={regionCode} />
            {!township && <NilReportBoard date={today} today={today} />}
          </Space>
        </Col>
      </Row>
    </div>
  );
}

/** The phone page of a township officer: only the 报平安 card (also on the desk). */
export function NilReportPage() {
  const { t } = useI18n();
  const { session } = useSession();
  const today = useBeijingToday();
  if (!session) return null;
  const scope = session.user.scope;
  return (
    <div className="admin-page duty-page duty-page--phone" data-testid="nil-report-page">
      <PageHeader title={t('duty.nil.card')} />
      {isTownshipWatch(scope) ? (
        <NilReportCard townshipCode={scope.regionCode} today={today} />
      ) : (
        <Alert type="info" showIcon title={t('duty.nil.townshipOnly')} />
      )}
    </div>
  );
}

function People({ shift, today }: { shift: ShiftView; today: string }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={4} data-testid="duty-shift-people">
      {rosterWithSignIns(shift).map((p, i) => (
        <Space key={`${p.userId ?? p.name}-${i}`} size={6} wrap>
          <Tag color={p.leader ? 'geekblue' : 'default'}>
            {p.leader ? t('duty.leader') : t('duty.officer')}
          </Tag>
          <Typography.Text strong>{p.name}</Typography.Text>
          {p.phone && <Typography.Text type="secondary">{p.phone}</Typography.Text>}
          {p.signedInAt ? (
            <Tag color="success">{t('duty.signedInAt', { time: shortTime(p.signedInAt, today) })}</Tag>
          ) : (
            <Tag color="warning">{t('duty.notSignedIn')}</Tag>
          )}
        </Space>
      ))}
    </Space>
  );
}

const shortTime = (iso: string, today: string) => {
  const { date, time } = beijingParts(iso);
  return date === today ? time : `${date.slice(5)} ${time}`;
};

function CurrentShift({
  regionCode,
  today,
  userId,
  canWrite,
  desk,
}: {
  regionCode: string;
  today: string;
  /** The desk's open items and handover (not for a member department). */
  desk: boolean;
  userId: string;
  canWrite: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const current = useQuery({
    queryKey: dutyKeys.current(regionCode),
    queryFn: () => dutyApi.current(regionCode),
    refetchInterval: 30_000,
  });
  const signIn = useMutation({
    mutationFn: (shiftId: string) => dutyApi.signIn(shiftId),
    onSuccess: () => {
      void message.success(t('duty.signedIn'));
      void queryClient.invalidateQueries({ queryKey: dutyKeys.all });
    },
    onError: (error) => void message.error(problemText(error, t('common.loadFailed'))),
  });
  if (current.isError) return <Alert type="error" showIcon title={errorMessage(current.error, t)} />;
  if (!current.data) return <Card loading title={t('duty.current')} />;
  const data = current.data;
  const shift = data.shift;
  const mine = shift && isOnShift(shift, userId);
  const mySignIn = shift ? signedInAt(shift, userId) : null;
  return (
    <>
      <Card
        title={t('duty.current')}
        data-testid="duty-current"
        extra={
          shift &&
          canWrite &&
          mine &&
          (mySignIn ? (
            <Tag color="success" data-testid="duty-signed-in">
              {t('duty.signedInAt', { time: shortTime(mySignIn, today) })}
            </Tag>
          ) : (
            <Button
              type="primary"
              icon={<LoginOutlined />}
              loading={signIn.isPending}
              onClick={() => signIn.mutate(shift.id)}
              data-testid="duty-sign-in"
              aria-label={t('duty.signIn')}
            >
              {t('duty.signIn')}
            </Button>
          ))
        }
      >
        {shift ? (
          <Space orientation="vertical" size={12} style={{ width: '100%' }}>
            <Descriptions
              size="small"
              column={1}
              items={[
                { key: 'region', label: t('duty.watch'), children: shift.regionName },
                { key: 'span', label: t('duty.shiftTime'), children: shiftSpan(shift) },
              ]}
            />
            <People shift={shift} today={today} />
            {!mine && canWrite && <Typography.Text type="secondary">{t('duty.notRostered')}</Typography.Text>}
          </Space>
        ) : (
          <Empty description={t('duty.noShift')} data-testid="duty-no-shift" />
        )}
        {data.nextShift && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
            {t('duty.nextShift', {
              span: shiftSpan(data.nextShift),
              leader: data.nextShift.leader?.name ?? '—',
            })}
          </Typography.Paragraph>
        )}
      </Card>
      {desk && <OpenItems items={data.openItems} today={today} />}
      {desk && <Handover data={data} userId={userId} canWrite={canWrite} today={today} />}
    </>
  );
}

function OpenItems({ items, today }: { items: DutyCurrentView['openItems']; today: string }) {
  const { t } = useI18n();
  return (
    <Card
      title={
        <Space>
          {t('duty.openItems')}
          <Tag color={items.length > 0 ? 'gold' : 'default'} data-testid="duty-open-count">
            {items.length}
          </Tag>
        </Space>
      }
      data-testid="duty-open-items"
    >
      <List
        className="duty-scroll"
        dataSource={items}
        locale={{ emptyText: t('duty.noOpenItems') }}
        renderItem={(entry) => <LogEntry entry={entry} today={today} />}
      />
    </Card>
  );
}

function Handover({
  data,
  userId,
  canWrite,
  today,
}: {
  data: DutyCurrentView;
  userId: string;
  canWrite: boolean;
  today: string;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [notes, setNotes] = useState('');
  const handOver = useMutation({
    mutationFn: () =>
      dutyApi.handOver({
        fromShiftId: data.shift?.id ?? '',
        ...(data.nextShift && { toShiftId: data.nextShift.id }),
        notes: notes.trim(),
      }),
    onSuccess: () => {
      setNotes('');
      void message.success(t('duty.handover.done'));
      void queryClient.invalidateQueries({ queryKey: dutyKeys.all });
    },
  });
  const takeOver = useMutation({
    mutationFn: (id: string) => dutyApi.takeOver(id),
    onSuccess: () => {
      void message.success(t('duty.handover.takenOver'));
      void queryClient.invalidateQueries({ queryKey: dutyKeys.all });
    },
    onError: (error) => void message.error(problemText(error, t('common.loadFailed'))),
  });
  const last = data.lastHandover;
  const waiting = last && last.takenOverAt === null ? last : null;
  // The current shift's own handover already written: nothing more to hand over.
  const handedOver = last && data.shift && last.fromShiftId === data.shift.id;
  return (
    <Card title={t('duty.handover.title')} data-testid="duty-handover">
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        {last && (
          <Alert
            type={waiting ? 'warning' : 'info'}
            showIcon
            data-testid="duty-last-handover"
            title={
              waiting
                ? t('duty.handover.waiting', { by: last.handedOverByName, time: shortTime(last.at, today) })
                : t('duty.handover.last', {
                    by: last.handedOverByName,
                    to: last.takenOverByName ?? '—',
                    time: shortTime(last.takenOverAt ?? last.at, today),
                  })
            }
            description={
              <>
                {last.notes && (
                  <Typography.Paragraph style={{ marginBottom: 4 }}>{last.notes}</Typography.Paragraph>
                )}
                {last.openItems.length > 0 && (
                  <ul className="duty-carried">
                    {last.openItems.map((item, i) => (
                      <li key={`${item.logSeq ?? 'x'}-${i}`}>{item.text}</li>
                    ))}
                  </ul>
                )}
              </>
            }
            action={
              waiting &&
              canWrite &&
              mayTakeOver(waiting, [data.shift, data.nextShift], userId, can('incident:command')) && (
                <Button
                  type="primary"
                  loading={takeOver.isPending}
                  onClick={() => takeOver.mutate(waiting.id)}
                  data-testid="duty-take-over"
                  aria-label={t('duty.handover.takeOver')}
                >
                  {t('duty.handover.takeOver')}
                </Button>
              )
            }
          />
        )}
        {data.shift && canWrite && !handedOver && (
          <>
            <Typography.Text type="secondary">
              {t('duty.handover.carried', { count: data.openItems.length })}
            </Typography.Text>
            {data.openItems.length > 0 && (
              <ul className="duty-carried duty-scroll" data-testid="duty-handover-items">
                {data.openItems.map((item) => (
                  <li key={item.seq}>{item.text}</li>
                ))}
              </ul>
            )}
            <Input.TextArea
              value={notes}
              onChange={(e) => setNotes(e.target.value)}
              maxLength={4000}
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder={t('duty.handover.notesPlaceholder')}
              aria-label={t('duty.handover.notes')}
              data-testid="duty-handover-notes"
            />
            <Button
              type="primary"
              loading={handOver.isPending}
              onClick={() => handOver.mutate()}
              data-testid="duty-hand-over"
              aria-label={t('duty.handover.handOver')}
            >
              {data.nextShift
                ? t('duty.handover.handOverTo', { leader: data.nextShift.leader?.name ?? '—' })
                : t('duty.handover.handOver')}
            </Button>
            {handOver.isError && (
              <Alert type="error" showIcon title={problemText(handOver.error, t('common.loadFailed'))} />
            )}
          </>
        )}
        {!data.shift && !last && (
          <Typography.Text type="secondary">{t('duty.handover.none')}</Typography.Text>
        )}
      </Space>
    </Card>
  );
}

function DailyReport({ today, regionCode }: { today: string; regionCode: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [date, setDate] = useState(today);
  const download = useMutation({
    mutationFn: () => dutyApi.downloadDailyReport(date, regionCode, `值班日报-${date}.docx`),
    onSuccess: (name) => void message.success(t('duty.daily.downloaded', { name })),
    onError: (error) => void message.error(problemText(error, t('common.loadFailed'))),
  });
  return (
    <Card title={t('duty.daily.title')} data-testid="duty-daily-report">
      <Space wrap>
        <DatePicker
          value={dayjs(date)}
          allowClear={false}
          disabledDate={(d) => d.format('YYYY-MM-DD') > today}
          onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : today)}
          aria-label={t('duty.daily.date')}
          data-testid="duty-daily-date"
        />
        <Button
          icon={<DownloadOutlined />}
          loading={download.isPending}
          onClick={() => download.mutate()}
          data-testid="duty-daily-download"
          aria-label={t('duty.daily.download')}
        >
          {t('duty.daily.download')}
        </Button>
      </Space>
    </Card>
  );
}
