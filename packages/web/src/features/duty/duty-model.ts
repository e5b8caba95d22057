/**
 * The pure rules of the duty desk (值班台, issue #6 part 1): whose watch an account keeps, who is on a shift and
 * signed in, the log kinds a person may record, the nil-report board's colours and order. No React, no DOM.
 */
import {
  DUTY_LOG_KIND_LABELS,
  NIL_REPORT_STATE_LABELS,
  type DutyLogKind,
  type HandoverView,
  type NilReportItem,
  type NilReportState,
  type ShiftView,
} from '@ningan/domain';
import { isApiError } from '../../api/client.ts';
import type { Lang } from '../../i18n/i18n.tsx';

/**
 * The watch an account keeps: its township office (9-digit code) for a township or village account, else the
 * county bureau (6 digits) — department accounts carry the county code.
 */
export function watchRegionOf(scope: { level: string; regionCode: string }): string {
  return scope.regionCode.length >= 9 ? scope.regionCode.slice(0, 9) : scope.regionCode.slice(0, 6);
}

/** A township account's own 报平安 card is shown (the county desk shows the board instead). */
export function isTownshipWatch(scope: { level: string; regionCode: string }): boolean {
  return scope.level === 'township' && scope.regionCode.length === 9;
}

/** The kinds a person records (催报 entries are the scheduler's). */
export const LOG_KINDS_BY_HAND: readonly DutyLogKind[] = [
  'call_in',
  'call_out',
  'notice',
  'instruction',
  'incident',
  'other',
];

const LOG_KIND_EN: Record<DutyLogKind, string> = {
  call_in: 'Call in',
  call_out: 'Call out',
  notice: 'Notice',
  instruction: 'Instruction',
  incident: 'Incident',
  chase: 'Chase',
  other: 'Other',
};

export function logKindLabel(kind: DutyLogKind, lang: Lang): string {
  return lang === 'en' ? LOG_KIND_EN[kind] : DUTY_LOG_KIND_LABELS[kind];
}

/** antd Tag colours of the log kinds. */
export const LOG_KIND_COLORS: Record<DutyLogKind, string> = {
  call_in: 'blue',
  call_out: 'cyan',
  notice: 'purple',
  instruction: 'magenta',
  incident: 'red',
  chase: 'orange',
  other: 'default',
};

/** Is the user the shift's leader or one of its officers (by account)? */
export function isOnShift(shift: Pick<ShiftView, 'leader' | 'officers'>, userId: string): boolean {
  return shift.leader?.userId === userId || shift.officers.some((o) => o.userId === userId);
}

/** The time the user signed in on the shift, or null. */
export function signedInAt(shift: Pick<ShiftView, 'signedIn'>, userId: string): string | null {
  return shift.signedIn.find((s) => s.userId === userId)?.at ?? null;
}

/** Everyone rostered on the shift, the leader first, each with their sign-in time (null: not signed in). */
export function rosterWithSignIns(shift: Pick<ShiftView, 'leader' | 'officers' | 'signedIn'>): {
  name: string;
  userId: string | null;
  phone: string | null;
  leader: boolean;
  signedInAt: string | null;
}[] {
  const at = (userId: string | null) => (userId ? signedInAt(shift, userId) : null);
  return [
    ...(shift.leader ? [{ ...shift.leader, leader: true, signedInAt: at(shift.leader.userId) }] : []),
    ...shift.officers.map((o) => ({ ...o, leader: false, signedInAt: at(o.userId) })),
  ];
}

const NIL_STATE_EN: Record<NilReportState, string> = {
  submitted: 'Reported',
  late: 'Late',
  missing: 'Missing',
  pending: 'Not yet due',
};

export function nilStateLabel(state: NilReportState, lang: Lang): string {
  return lang === 'en' ? NIL_STATE_EN[state] : NIL_REPORT_STATE_LABELS[state];
}

/** antd Tag colours: 已报 green, 迟报 orange, 未报 red, 待报 grey. */
export const NIL_STATE_COLORS: Record<NilReportState, string> = {
  submitted: 'success',
  late: 'warning',
  missing: 'error',
  pending: 'default',
};

const NIL_ORDER: Record<NilReportState, number> = { missing: 0, late: 1, pending: 2, submitted: 3 };

/** The board's rows: the ones needing attention first (未报, 迟报, 待报, 已报), then by township code. */
export function sortNilReports<T extends Pick<NilReportItem, 'state' | 'townshipCode'>>(
  items: readonly T[],
): T[] {
  return [...items].sort(
    (a, b) => NIL_ORDER[a.state] - NIL_ORDER[b.state] || a.townshipCode.localeCompare(b.townshipCode),
  );
}

/** The township's own row on the board, if it is there. */
export function ownNilReport<T extends Pick<NilReportItem, 'townshipCode'>>(
  items: readonly T[],
  townshipCode: string,
): T | null {
  return items.find((i) => i.townshipCode === townshipCode) ?? null;
}

/** `YYYY-MM-DD` `HH:mm` parts of an ISO instant in Beijing time (the console may run in any zone). */
export function beijingParts(iso: string): { date: string; time: string } {
  const at = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString();
  return { date: at.slice(0, 10), time: at.slice(11, 16) };
}

/** `HH:mm` Beijing, with `MM-DD` in front when not on `today`. */
export function shortBeijingTime(iso: string, today: string): string {
  const { date, time } = beijingParts(iso);
  return date === today ? time : `${date.slice(5)} ${time}`;
}

/** `06-30 08:00 – 07-01 08:00` of a shift, in Beijing time. */
export function shiftSpan(shift: Pick<ShiftView, 'startsAt' | 'endsAt'>): string {
  const a = beijingParts(shift.startsAt);
  const b = beijingParts(shift.endsAt);
  return `${a.date.slice(5)} ${a.time} – ${b.date.slice(5)} ${b.time}`;
}

/**
 * May the user take over (接班) `handover`: a commander always (the server allows 指挥长), otherwise someone rostered
 * on the shift it hands over to, which is the current or the next shift.
 */
export function mayTakeOver(
  handover: Pick<HandoverView, 'toShiftId' | 'takenOverAt'>,
  shifts: readonly (Pick<ShiftView, 'id' | 'leader' | 'officers'> | null)[],
  userId: string,
  isCommander: boolean,
): boolean {
  if (handover.takenOverAt !== null) return false;
  if (isCommander) return true;
  const to = shifts.find((s) => s !== null && s.id === handover.toShiftId);
  return to ? isOnShift(to, userId) : false;
}

/** An error's text with every problem the server listed (a 400 names them in `details`). */
export function problemText(error: unknown, fallback: string): string {
  if (isApiError(error))
    return error.details.length > 0 ? error.details.map((d) => d.message).join('；') : error.message;
  return error instanceof Error && error.message ? error.message : fallback;
}
