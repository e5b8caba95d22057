/**
 * 值班排班 (roster editor, issue #6 part 1): a week or month grid of dates × shift slots, each cell the leader on
 * duty (带班领导) and the duty officers (值班员) — accounts from the users list, people from the 应急通讯录, or a
 * typed name. The domain's roster check runs on the draft as it is edited; on save the server's check is the one
 * that counts: every problem it lists is shown next to its cell (and all of them above the grid).
 */
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { Alert, App, Button, DatePicker, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { LeftOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import dayjs from 'dayjs';
import { getWeekday, type DutyPersonRef } from '@ningan/domain';
import { isApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { useSession } from '../../auth/session.tsx';
import { errorMessage } from '../../forms/form-errors.tsx';
import { PageHeader } from '../../forms/page-header.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { directoryApi, directoryKey } from '../directory/directory-api.ts';
import { dutyApi, dutyKeys } from './duty-api.ts';
import { useBeijingToday } from './duty.page.tsx';
import { watchRegionOf } from './duty-model.ts';
import {
  cellKey,
  checkDraft,
  draftOf,
  monthOf,
  placeProblems,
  slotKey,
  slotsOf,
  SLOT_PATTERNS,
  toSaveRequest,
  weekOf,
  type PlacedProblems,
  type RosterCell,
  type RosterDraft,
  type ShiftSlot,
} from './roster-model.ts';
import './duty.css';

type Span = 'week' | 'month';
type Pattern = keyof typeof SLOT_PATTERNS;

const WEEKDAYS_ZH = ['日', '一', '二', '三', '四', '五', '六'];
const WEEKDAYS_EN = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Select values: `u:<userId>` an account, `p:<name>|<phone>` a directory person, anything else a typed name. */
interface PersonOption {
  value: string;
  label: string;
  person: DutyPersonRef;
}

const valueOf = (p: DutyPersonRef) => (p.userId ? `u:${p.userId}` : `p:${p.name}|${p.phone ?? ''}`);

function usePeople(regionCode: string): { options: PersonOption[]; byValue: Map<string, DutyPersonRef> } {
  const { session, can } = useSession();
  const users = useQuery({
    queryKey: ['duty', 'roster-users'],
    queryFn: () => api.listUsers({ pageSize: 200 }),
    enabled: can('user:read'),
    staleTime: 5 * 60_000,
  });
  const directory = useQuery({
    queryKey: directoryKey,
    queryFn: directoryApi.get,
    enabled: can('directory:read'),
    staleTime: 5 * 60_000,
  });
  return useMemo(() => {
    const byValue = new Map<string, PersonOption>();
    const add = (person: DutyPersonRef, hint: string | null) => {
      const value = valueOf(person);
      if (!byValue.has(value))
        byValue.set(value, { value, label: hint ? `${person.name}（${hint}）` : person.name, person });
    };
    if (session)
      add({ userId: session.user.id, name: session.user.displayName, phone: session.user.phone }, null);
    for (const u of users.data?.items ?? [])
      if (!u.disabled && u.scope.regionCode.startsWith(regionCode))
        add({ userId: u.id, name: u.displayName, phone: u.phone }, u.username);
    for (const body of directory.data?.bodies ?? [])
      for (const c of [...body.leadership, ...body.members.flatMap((m) => m.contacts)])
        add({ userId: null, name: c.name, phone: c.phone }, c.title ?? null);
    const options = [...byValue.values()];
    return { options, byValue: new Map(options.map((o) => [o.value, o.person])) };
  }, [session, users.data, directory.data, regionCode]);
}

export function RosterPage() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const today = useBeijingToday();
  const regionCode = session ? watchRegionOf(session.user.scope) : '';
  const [span, setSpan] = useState<Span>('week');
  const [anchor, setAnchor] = useState(today);
  const [pattern, setPattern] = useState<Pattern>('day24');
  const dates = useMemo(() => (span === 'week' ? weekOf(anchor) : monthOf(anchor)), [span, anchor]);
  const from = dates[0] ?? anchor;
  const to = dates.at(-1) ?? anchor;
  const saved = useQuery({
    queryKey: dutyKeys.shifts(from, to, regionCode),
    queryFn: () => dutyApi.shifts({ from, to, regionCode }),
  });
  const [draft, setDraft] = useState<RosterDraft>(new Map());
  const [dirty, setDirty] = useState(false);
  const [serverProblems, setServerProblems] = useState<PlacedProblems | null>(null);
  const [serverMessage, setServerMessage] = useState<string | null>(null);
  const people = usePeople(regionCode);

  // The saved roster of the range fills the draft; cells with unsaved edits keep them.
  useEffect(() => {
    if (!saved.data) return;
    const fresh = draftOf(saved.data.items);
    setDraft((had) => (dirty ? new Map([...fresh, ...had]) : fresh));
    // Only when an answer arrives, not when edits start.
  }, [saved.data]);

  const slots = useMemo(() => slotsOf(SLOT_PATTERNS[pattern], draft), [pattern, draft]);
  const local = useMemo(() => placeProblems(checkDraft(draft, dates)), [draft, dates]);
  // The saved roster's own problems (from GET), shown until there are edits or a save answered.
  const stored = useMemo(
    () => (saved.data && !dirty ? placeProblems(saved.data.problems) : null),
    [saved.data, dirty],
  );
  const shown = serverProblems ?? stored;

  const save = useMutation({
    mutationFn: async () => {
      const { request, keys, deleteIds } = toSaveRequest(regionCode, draft, dates);
      try {
        if (request.shifts.length > 0) await dutyApi.saveShifts(request);
        for (const id of deleteIds) await dutyApi.deleteShift(id);
      } catch (error) {
        throw Object.assign(new Error('save failed'), { cause: error, keys });
      }
    },
    onSuccess: () => {
      setServerProblems(null);
      setServerMessage(null);
      setDirty(false);
      void message.success(t('duty.roster.saved'));
      void queryClient.invalidateQueries({ queryKey: dutyKeys.all });
    },
    onError: (error: Error & { cause?: unknown; keys?: string[] }) => {
      const cause = error.cause ?? error;
      setServerMessage(errorMessage(cause, t));
      setServerProblems(
        isApiError(cause)
          ? placeProblems(
              cause.details.map((d) => ({ message: d.message, path: d.path })),
              error.keys ?? [],
              [...draft.keys()],
            )
          : null,
      );
    },
  });

  const setCell = (date: string, slot: ShiftSlot, patch: Partial<RosterCell>) => {
    const key = cellKey(date, slot);
    setDraft((had) => {
      const next = new Map(had);
      const cell = had.get(key) ?? { date, start: slot.start, end: slot.end, leader: null, officers: [] };
      next.set(key, { ...cell, ...patch });
      return next;
    });
    setDirty(true);
  };

  // The people of the draft too: a saved name without an account is no option of the pickers.
  const inDraft = useMemo(() => {
    const map = new Map<string, DutyPersonRef>();
    for (const c of draft.values()) for (const p of [c.leader, ...c.officers]) if (p) map.set(valueOf(p), p);
    return map;
  }, [draft]);
  const toPerson = (value: string): DutyPersonRef =>
    people.byValue.get(value) ?? inDraft.get(value) ?? { userId: null, name: value.trim(), phone: null };

  const move = (step: number) =>
    setAnchor(
      dayjs(anchor)
        .add(step, span === 'week' ? 'week' : 'month')
        .format('YYYY-MM-DD'),
    );

  const columns: TableColumnsType<{ date: string }> = [
    {
      title: t('duty.roster.date'),
      key: 'date',
      width: 120,
      fixed: 'left',
      render: (_: unknown, row) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text strong>{row.date.slice(5)}</Typography.Text>
          <Typography.Text type={row.date === today ? 'success' : 'secondary'}>
            {(lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_ZH)[getWeekday(row.date)]}
            {row.date === today ? ` · ${t('duty.roster.today')}` : ''}
          </Typography.Text>
        </Space>
      ),
    },
    ...slots.map((slot) => ({
      title: `${slot.start}–${slot.end}${slot.end <= slot.start ? t('duty.roster.nextDay') : ''}`,
      key: slotKey(slot),
      render: (_: unknown, row: { date: string }) => {
        const key = cellKey(row.date, slot);
        const cell = draft.get(key);
        const errors = shown?.byCell.get(key) ?? [];
        const warnings = (local.byCell.get(key) ?? []).filter((m) => !errors.includes(m));
        return (
          <div
            className={`roster-cell${errors.length > 0 ? ' roster-cell--error' : warnings.length > 0 ? ' roster-cell--warning' : ''}`}
            data-testid={`roster-cell-${key}`}
          >
            <Select
              mode="tags"
              maxCount={1}
              size="small"
              placeholder={t('duty.leader')}
              aria-label={t('duty.roster.leaderOf', { date: row.date, slot: slotKey(slot) })}
              value={cell?.leader ? [valueOf(cell.leader)] : []}
              options={people.options}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(values: string[]) => {
                const v = values.at(-1);
                setCell(row.date, slot, { leader: v ? toPerson(v) : null });
              }}
              style={{ width: '100%' }}
              labelRender={({ value }) => toPerson(String(value)).name}
            />
            <Select
              mode="tags"
              size="small"
              placeholder={t('duty.officer')}
              aria-label={t('duty.roster.officersOf', { date: row.date, slot: slotKey(slot) })}
              value={cell?.officers.map(valueOf) ?? []}
              options={people.options}
              showSearch={{ optionFilterProp: 'label' }}
              onChange={(values: string[]) => setCell(row.date, slot, { officers: values.map(toPerson) })}
              style={{ width: '100%', marginTop: 4 }}
              labelRender={({ value }) => toPerson(String(value)).name}
            />
            {errors.map((m) => (
              <Typography.Text key={m} type="danger" className="roster-cell__problem">
                {m}
              </Typography.Text>
            ))}
            {warnings.map((m) => (
              <Typography.Text key={m} type="warning" className="roster-cell__problem">
                {m}
              </Typography.Text>
            ))}
          </div>
        );
      },
    })),
  ];

  return (
    <div className="admin-page duty-page" data-testid="roster-page">
      <PageHeader
        title={t('duty.roster.title')}
        actions={
          <Space wrap>
            <Link to="/command/duty">{t('duty.title')}</Link>
            <Button
              type="primary"
              icon={<SaveOutlined />}
              loading={save.isPending}
              disabled={!dirty}
              onClick={() => save.mutate()}
              data-testid="roster-save"
              aria-label={t('duty.roster.save')}
            >
              {t('duty.roster.save')}
            </Button>
          </Space>
        }
      />
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Span>
          value={span}
          onChange={setSpan}
          options={[
            { value: 'week', label: t('duty.roster.week') },
            { value: 'month', label: t('duty.roster.month') },
          ]}
          aria-label={t('duty.roster.span')}
          data-testid="roster-span"
        />
        <Button icon={<LeftOutlined />} onClick={() => move(-1)} aria-label={t('duty.roster.previous')} />
        <DatePicker
          value={dayjs(anchor)}
          allowClear={false}
          picker={span === 'month' ? 'month' : 'week'}
          onChange={(d) => d && setAnchor(d.format('YYYY-MM-DD'))}
          aria-label={t('duty.roster.anchor')}
        />
        <Button icon={<RightOutlined />} onClick={() => move(1)} aria-label={t('duty.roster.next')} />
        <Segmented<Pattern>
          value={pattern}
          onChange={setPattern}
          options={[
            { value: 'day24', label: t('duty.roster.day24') },
            { value: 'dayNight', label: t('duty.roster.dayNight') },
          ]}
          aria-label={t('duty.roster.pattern')}
          data-testid="roster-pattern"
        />
        {dirty && <Tag color="gold">{t('duty.roster.unsaved')}</Tag>}
      </Space>
      {saved.isError && <Alert type="error" showIcon title={errorMessage(saved.error, t)} />}
      {serverMessage && (
        <Alert
          type="error"
          showIcon
          data-testid="roster-problems"
          title={serverMessage}
          description={
            serverProblems && (serverProblems.unplaced.length > 0 || serverProblems.byCell.size > 0) ? (
              <ul className="roster-problem-list">
                {[
                  ...new Set([...serverProblems.unplaced, ...[...serverProblems.byCell.values()].flat()]),
                ].map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {!serverMessage && stored && (stored.unplaced.length > 0 || stored.byCell.size > 0) && (
        <Alert
          type="warning"
          showIcon
          data-testid="roster-stored-problems"
          title={t('duty.roster.storedProblems')}
          description={
            <ul className="roster-problem-list">
              {[...new Set([...stored.unplaced, ...[...stored.byCell.values()].flat()])].map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      {dirty && local.unplaced.length > 0 && (
        <Alert
          type="warning"
          showIcon
          title={t('duty.roster.draftProblems')}
          description={
            <ul className="roster-problem-list">
              {local.unplaced.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 12 }}
        />
      )}
      <Table
        rowKey="date"
        size="small"
        bordered
        loading={saved.isLoading}
        columns={columns}
        dataSource={dates.map((date) => ({ date }))}
        pagination={false}
        scroll={{ x: 120 + slots.length * 280 }}
        data-testid="roster-grid"
      />
    </div>
  );
}
