/**
 * The roster editor's model (值班排班, issue #6 part 1): a grid of dates × shift slots, each cell a leader on duty
 * and duty officers; what is sent to PUT /duty/shifts; the domain's `checkRoster` run on the draft so problems show
 * before saving; and every problem the server lists placed next to its cell. No React, no DOM.
 */
import {
  addCalendarDays,
  checkRoster,
  getWeekday,
  type DutyPersonRef,
  type DutyShift,
  type RosterProblem,
  type SaveShiftsRequest,
  type ShiftView,
} from '@ningan/domain';

/** A shift slot of the day: `start`–`end` Beijing time, an `end` at or before `start` on the next day. */
export interface ShiftSlot {
  start: string;
  end: string;
}

/**
 * The common patterns: one 24-hour shift (8:00 to 8:00 the next day) or a day and a night shift. Which one a
 * bureau keeps is its own rule, so the editor offers both and keeps the slots the saved roster already uses.
 */
export const SLOT_PATTERNS: Record<'day24' | 'dayNight', readonly ShiftSlot[]> = {
  day24: [{ start: '08:00', end: '08:00' }],
  dayNight: [
    { start: '08:00', end: '20:00' },
    { start: '20:00', end: '08:00' },
  ],
};

export const slotKey = (slot: ShiftSlot) => `${slot.start}-${slot.end}`;
/** The key of a cell, the same as the server's problem `shifts` entries: `date/start-end`. */
export const cellKey = (date: string, slot: ShiftSlot) => `${date}/${slotKey(slot)}`;

export interface RosterCell {
  /** The saved shift, when there is one. */
  id?: string;
  date: string;
  start: string;
  end: string;
  leader: DutyPersonRef | null;
  officers: DutyPersonRef[];
}

export type RosterDraft = Map<string, RosterCell>;

/** The seven dates of the Monday-to-Sunday week of `date`. */
export function weekOf(date: string): string[] {
  const monday = addCalendarDays(date, -((getWeekday(date) + 6) % 7));
  return Array.from({ length: 7 }, (_, i) => addCalendarDays(monday, i));
}

/** Every date of the calendar month of `date`. */
export function monthOf(date: string): string[] {
  const first = `${date.slice(0, 8)}01`;
  const out: string[] = [];
  for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addCalendarDays(d, 1)) out.push(d);
  return out;
}

const ref = (p: { userId: string | null; name: string; phone: string | null }): DutyPersonRef => ({
  userId: p.userId,
  name: p.name,
  phone: p.phone,
});

/** The draft of the saved shifts. */
export function draftOf(shifts: readonly ShiftView[]): RosterDraft {
  return new Map(
    shifts.map((s) => [
      cellKey(s.date, s),
      {
        id: s.id,
        date: s.date,
        start: s.start,
        end: s.end,
        leader: s.leader ? ref(s.leader) : null,
        officers: s.officers.map(ref),
      },
    ]),
  );
}

/** The slots the grid shows: the pattern's, then any other slot the saved shifts use, by start time. */
export function slotsOf(pattern: readonly ShiftSlot[], draft: RosterDraft): ShiftSlot[] {
  const byKey = new Map(pattern.map((s) => [slotKey(s), s]));
  for (const cell of draft.values()) byKey.set(slotKey(cell), { start: cell.start, end: cell.end });
  return [...byKey.values()].sort((a, b) => a.start.localeCompare(b.start) || a.end.localeCompare(b.end));
}

export const isEmptyCell = (cell: Pick<RosterCell, 'leader' | 'officers'>) =>
  cell.leader === null && cell.officers.length === 0;

/**
 * What to send for `dates`: the filled cells on those dates (in date, then start order), and the saved shifts
 * emptied on them, to delete (PUT replaces only the dates it is given, so a date left with no shift at all
 * keeps its old ones unless deleted).
 */
export function toSaveRequest(
  regionCode: string,
  draft: RosterDraft,
  dates: readonly string[],
): { request: SaveShiftsRequest; keys: string[]; deleteIds: string[] } {
  const inView = new Set(dates);
  const cells = [...draft.entries()]
    .filter(([, c]) => inView.has(c.date))
    .sort(([, a], [, b]) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
  const filled = cells.filter(([, c]) => !isEmptyCell(c));
  const datesSent = new Set(filled.map(([, c]) => c.date));
  return {
    request: {
      regionCode,
      shifts: filled.map(([, c]) => ({
        ...(c.id && { id: c.id }),
        date: c.date,
        start: c.start,
        end: c.end,
        leader: c.leader,
        officers: c.officers,
      })),
    },
    keys: filled.map(([key]) => key),
    // A date still sent is replaced whole by the PUT; only dates no longer sent need their shifts deleted.
    deleteIds: cells.flatMap(([, c]) => (isEmptyCell(c) && c.id && !datesSent.has(c.date) ? [c.id] : [])),
  };
}

/** A person's identity for the roster checks: the account, else the name (two 张伟 without accounts are one). */
export const personId = (p: DutyPersonRef) => (p.userId ? `user:${p.userId}` : `name:${p.name.trim()}`);

/** The draft's filled cells as domain shifts, `shiftId` = `start-end` so problem keys match {@link cellKey}. */
export function toDomainShifts(draft: RosterDraft): DutyShift[] {
  return [...draft.values()]
    .filter((c) => !isEmptyCell(c))
    .map((c) => ({
      date: c.date,
      shiftId: slotKey(c),
      start: c.start,
      end: c.end,
      leaderOnDuty: c.leader ? { id: personId(c.leader), name: c.leader.name } : null,
      officers: c.officers.map((o) => ({ id: personId(o), name: o.name })),
    }));
}

/**
 * The domain's roster problems of the draft's shifts on `dates` (default policy; coverage from the first shift's
 * start to the last one's end), so the editor shows conflicts before saving. The server's list is the one that
 * counts.
 */
export function checkDraft(draft: RosterDraft, dates: readonly string[]): RosterProblem[] {
  const inView = new Set(dates);
  const shifts = toDomainShifts(draft).filter((s) => inView.has(s.date));
  return shifts.length === 0 ? [] : checkRoster(shifts);
}

export interface PlacedProblems {
  byCell: Map<string, string[]>;
  /** Problems naming no cell on the grid (coverage gaps, or a path the grid cannot place). */
  unplaced: string[];
}

/**
 * Puts each problem next to the cells it names: a roster problem by its `shifts` keys (`date/start-end`); a 400
 * detail by its path `shifts.N…` (the Nth shift sent, `keys[N]`), else by the shifts its message names (the
 * domain's messages name a shift `2026-07-01 08:00-08:00（08:00–08:00）`, others by its key), looked up among `keys`
 * and `gridKeys`;
 * anything else in `unplaced`. A message is listed once per cell.
 */
export function placeProblems(
  problems: readonly { message: string; shifts?: readonly string[]; path?: string }[],
  keys: readonly string[] = [],
  gridKeys: readonly string[] = [],
): PlacedProblems {
  const known = [...new Set([...keys, ...gridKeys])];
  const named = (message: string) =>
    known.filter((k) => message.includes(k) || message.includes(k.replace('/', ' ')));
  const byCell = new Map<string, string[]>();
  const unplaced: string[] = [];
  const add = (key: string, message: string) => {
    const list = byCell.get(key) ?? [];
    if (!list.includes(message)) list.push(message);
    byCell.set(key, list);
  };
  for (const p of problems) {
    const cells = [...(p.shifts ?? [])];
    const index = p.path ? /^shifts\.(\d+)(\.|$)/.exec(p.path)?.[1] : undefined;
    const sent = index !== undefined ? keys[Number(index)] : undefined;
    if (sent) cells.push(sent);
    if (cells.length === 0) cells.push(...named(p.message));
    if (cells.length === 0) {
      if (!unplaced.includes(p.message)) unplaced.push(p.message);
      continue;
    }
    for (const key of cells) add(key, p.message);
  }
  return { byCell, unplaced };
}
