/**
 * Duty watch (值班值守, issue #6 part 1, DOMAIN.md §2): rosters of a leader on duty (带班领导) and duty officers
 * (值班员) by day and shift, checked for conflicts; township nil reports (报平安) due daily by a set time.
 *
 * A shift is a Beijing-time clock range on a date: `start`–`end` as `HH:MM`; an `end` at or before `start` ends on
 * the next day (`08:00`–`08:00` is a 24-hour shift). Beijing has no daylight saving, so every day is 24 h.
 *
 * How long one person may stay on duty without a break is local policy, not a national rule:
 * `DEFAULT_ROSTER_POLICY.maxConsecutiveHours` (24) is UNCONFIRMED — a 24-hour 带班 is common, two back to back
 * are not.
 */
import { z } from 'zod';
import { formatBeijingIso, getBeijingDate, getBeijingTimeOn } from '../calc/beijing-time.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ClockTime = z.string().regex(HHMM, '时间格式应为 HH:MM（00:00–23:59）');
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const DutyPerson = z
  .object({
    id: z.string().trim().min(1, '不能为空'),
    name: z.string().trim().min(1, '不能为空').max(50, '最多 50 个字符'),
  })
  .strict();
export type DutyPerson = z.infer<typeof DutyPerson>;

export const DutyShift = z
  .object({
    /** The Beijing date the shift starts on. */
    date: Day,
    /** e.g. `day` / `night`, unique per date. */
    shiftId: z.string().trim().min(1, '不能为空').max(40, '最多 40 个字符'),
    /** Display name, e.g. 白班. */
    shiftName: z.string().trim().max(20, '最多 20 个字符').optional(),
    start: ClockTime,
    /** At or before `start`: the next day. */
    end: ClockTime,
    leaderOnDuty: DutyPerson.nullable(),
    officers: z.array(DutyPerson).max(20, '最多 20 名值班员'),
  })
  .strict();
export type DutyShift = z.infer<typeof DutyShift>;

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The instants a shift starts and ends. */
export function shiftInterval(shift: Pick<DutyShift, 'date' | 'start' | 'end'>): { start: Date; end: Date } {
  const s = minutesOf(shift.start);
  const e = minutesOf(shift.end);
  const start = getBeijingTimeOn(shift.date, 0, s);
  const end = new Date(start.getTime() + ((e - s + 1440) % 1440 || 1440) * 60_000);
  return { start, end };
}

const shiftLabel = (s: DutyShift) => `${s.date} ${s.shiftName ?? s.shiftId}（${s.start}–${s.end}）`;

export const RosterPolicySchema = z
  .object({
    /** Longest continuous duty of one person (back-to-back shifts joined), hours. UNCONFIRMED default 24. */
    maxConsecutiveHours: z.number().positive('须大于 0').max(168, '不超过 168 小时'),
    /** A gap between two shifts of one person longer than this (minutes) ends a run of duty; 0: only shifts that
     * touch or overlap are back to back. */
    restGapMinutes: z.number().int('须为整数').min(0, '不能为负数').max(1440, '不超过 1440 分钟'),
    /** Each shift needs a leader on duty. */
    requireLeader: z.boolean(),
    /** Each shift needs at least this many duty officers. */
    minOfficers: z.number().int('须为整数').min(0, '不能为负数').max(20, '不超过 20'),
  })
  .strict();
export type RosterPolicy = z.infer<typeof RosterPolicySchema> & {
  /** The span that must be covered round the clock; default: the roster's first start to its last end. */
  coverage?: { from: Date; to: Date } | undefined;
};

export const DEFAULT_ROSTER_POLICY: RosterPolicy = {
  maxConsecutiveHours: 24,
  restGapMinutes: 0,
  requireLeader: true,
  minOfficers: 1,
};

export const ROSTER_PROBLEM_KINDS = [
  'duplicate_shift',
  'no_leader',
  'too_few_officers',
  'person_twice_in_shift',
  'overlap',
  'too_long',
  'coverage_gap',
] as const;
export type RosterProblemKind = (typeof ROSTER_PROBLEM_KINDS)[number];

export interface RosterProblem {
  kind: RosterProblemKind;
  message: string;
  /** `date/shiftId` of the shifts concerned. */
  shifts: string[];
  personId?: string;
  /** The span concerned (a gap, a too-long run). */
  from?: Date;
  to?: Date;
}

const keyOf = (s: DutyShift) => `${s.date}/${s.shiftId}`;

interface Assignment {
  person: DutyPerson;
  shift: DutyShift;
  start: number;
  end: number;
}

/**
 * Every problem of a roster: the same shift twice; a shift without a leader or with too few officers; one person
 * twice in a shift; one person on overlapping shifts; one person on duty longer than `maxConsecutiveHours`
 * without a break longer than `restGapMinutes`; gaps in round-the-clock coverage. Sorted by kind, then time.
 */
export function checkRoster(
  shifts: readonly DutyShift[],
  policy: RosterPolicy = DEFAULT_ROSTER_POLICY,
): RosterProblem[] {
  const problems: RosterProblem[] = [];
  const seen = new Map<string, DutyShift>();
  const byPerson = new Map<string, Assignment[]>();

  for (const shift of shifts) {
    const key = keyOf(shift);
    if (seen.has(key))
      problems.push({ kind: 'duplicate_shift', message: `${shiftLabel(shift)} 重复排班`, shifts: [key] });
    seen.set(key, shift);
    if (policy.requireLeader && shift.leaderOnDuty === null)
      problems.push({ kind: 'no_leader', message: `${shiftLabel(shift)} 没有带班领导`, shifts: [key] });
    if (shift.officers.length < policy.minOfficers)
      problems.push({
        kind: 'too_few_officers',
        message: `${shiftLabel(shift)} 值班员 ${shift.officers.length} 人，至少需要 ${policy.minOfficers} 人`,
        shifts: [key],
      });
    const { start, end } = shiftInterval(shift);
    const people = [...(shift.leaderOnDuty ? [shift.leaderOnDuty] : []), ...shift.officers];
    const inShift = new Set<string>();
    for (const person of people) {
      if (inShift.has(person.id)) {
        problems.push({
          kind: 'person_twice_in_shift',
          message: `${person.name} 在 ${shiftLabel(shift)} 中重复出现`,
          shifts: [key],
          personId: person.id,
        });
        continue;
      }
      inShift.add(person.id);
      const list = byPerson.get(person.id) ?? [];
      list.push({ person, shift, start: start.getTime(), end: end.getTime() });
      byPerson.set(person.id, list);
    }
  }

  const maxMs = policy.maxConsecutiveHours * 3_600_000;
  const restGapMs = policy.restGapMinutes * 60_000;
  for (const list of byPerson.values()) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    for (let i = 0; i < list.length; i += 1)
      for (let j = i + 1; j < list.length && list[j]!.start < list[i]!.end; j += 1) {
        const [a, b] = [list[i]!, list[j]!];
        problems.push({
          kind: 'overlap',
          message: `${a.person.name} 同时排在 ${shiftLabel(a.shift)} 和 ${shiftLabel(b.shift)}`,
          shifts: [keyOf(a.shift), keyOf(b.shift)],
          personId: a.person.id,
          from: new Date(b.start),
          to: new Date(Math.min(a.end, b.end)),
        });
      }
    // Runs of back-to-back duty: the next shift starts at most restGapMinutes after the run's end.
    let run: Assignment[] = [];
    let runEnd = -Infinity;
    const closeRun = () => {
      if (run.length === 0) return;
      const start = run[0]!.start;
      if (runEnd - start > maxMs)
        problems.push({
          kind: 'too_long',
          message: `${run[0]!.person.name} 连续值班 ${(runEnd - start) / 3_600_000} 小时（${run.map((r) => shiftLabel(r.shift)).join('、')}），超过 ${policy.maxConsecutiveHours} 小时`,
          shifts: run.map((r) => keyOf(r.shift)),
          personId: run[0]!.person.id,
          from: new Date(start),
          to: new Date(runEnd),
        });
    };
    for (const a of list) {
      if (a.start - runEnd > restGapMs) {
        closeRun();
        run = [];
      }
      run.push(a);
      runEnd = Math.max(runEnd, a.end);
    }
    closeRun();
  }

  const intervals = shifts.map(shiftInterval).map((i) => [i.start.getTime(), i.end.getTime()] as const);
  if (intervals.length > 0 || policy.coverage) {
    const from = policy.coverage?.from.getTime() ?? Math.min(...intervals.map((i) => i[0]));
    const to = policy.coverage?.to.getTime() ?? Math.max(...intervals.map((i) => i[1]));
    let covered = from;
    for (const [s, e] of [...intervals].sort((a, b) => a[0] - b[0])) {
      if (s > covered && covered < to) {
        const gapEnd = Math.min(s, to);
        problems.push({
          kind: 'coverage_gap',
          message: `${formatBeijingIso(new Date(covered))} 至 ${formatBeijingIso(new Date(gapEnd))} 无人值班`,
          shifts: [],
          from: new Date(covered),
          to: new Date(gapEnd),
        });
      }
      covered = Math.max(covered, e);
    }
    if (covered < to)
      problems.push({
        kind: 'coverage_gap',
        message: `${formatBeijingIso(new Date(covered))} 至 ${formatBeijingIso(new Date(to))} 无人值班`,
        shifts: [],
        from: new Date(covered),
        to: new Date(to),
      });
  }

  const order = (p: RosterProblem) => ROSTER_PROBLEM_KINDS.indexOf(p.kind);
  return problems.sort((a, b) => order(a) - order(b) || (a.from?.getTime() ?? 0) - (b.from?.getTime() ?? 0));
}

// ---- nil reports (报平安) ----

export const NIL_REPORT_STATES = ['submitted', 'late', 'missing', 'pending'] as const;
export type NilReportState = (typeof NIL_REPORT_STATES)[number];
export const NIL_REPORT_STATE_LABELS: Record<NilReportState, string> = {
  submitted: '已报',
  late: '迟报',
  missing: '未报',
  pending: '待报',
};

export interface NilReport {
  townshipCode: string;
  submittedAt: Date;
  /** The day reported for (`YYYY-MM-DD`); default: the Beijing date of `submittedAt`. */
  day?: string | undefined;
}

export interface NilReportStatus {
  day: string;
  due: Date;
  townships: { code: string; name: string; state: NilReportState; submittedAt: Date | null }[];
  counts: Record<NilReportState, number>;
}

/**
 * The nil reports (报平安) of `day`, due at `dueTime` (`HH:MM` Beijing) that day: per township `submitted` (at or
 * before the due time), `late`, or — none yet — `missing` (from the due time on) or `pending` (before it, when
 * `now` is given; without `now` the day is judged as over). A township's earliest report for the day counts.
 */
export function nilReportStatus(
  townships: readonly { code: string; name: string }[],
  reports: readonly NilReport[],
  day: string,
  dueTime: string,
  now?: Date,
): NilReportStatus {
  const problems = [
    ...(Day.safeParse(day).success ? [] : [`日期 ${day} 格式应为 YYYY-MM-DD`]),
    ...(HHMM.test(dueTime) ? [] : [`报送时间 ${dueTime} 格式应为 HH:MM`]),
  ];
  if (problems.length > 0) throw new RangeError(problems.join('；'));
  const due = getBeijingTimeOn(day, 0, minutesOf(dueTime));
  const first = new Map<string, Date>();
  for (const r of reports) {
    if ((r.day ?? getBeijingDate(r.submittedAt)) !== day) continue;
    const had = first.get(r.townshipCode);
    if (had === undefined || r.submittedAt.getTime() < had.getTime())
      first.set(r.townshipCode, r.submittedAt);
  }
  const counts: Record<NilReportState, number> = { submitted: 0, late: 0, missing: 0, pending: 0 };
  const rows = townships.map((t) => {
    const at = first.get(t.code) ?? null;
    const state: NilReportState =
      at !== null
        ? at.getTime() <= due.getTime()
          ? 'submitted'
          : 'late'
        : now !== undefined && now.getTime() < due.getTime()
          ? 'pending'
          : 'missing';
    counts[state] += 1;
    return { code: t.code, name: t.name, state, submittedAt: at };
  });
  return { day, due, townships: rows, counts };
}
