/**
 * The reporting clock (信息报送时限跟踪, issue #6 part 4): on top of the statutory arithmetic in
 * `calc/report-deadlines.ts`, which reports an incident needs, which are filed, which are due soon or late, and the
 * next instant the server must wake (a durable timer row) to warn or escalate. Pure: `now` is an argument.
 *
 * Semantics (one rule for every step):
 * - a report filed at or before its due instant is `met`, after it `met_late`;
 * - an unfiled report is `overdue` from its due instant on (now ≥ due — a step is due at its time exactly, as for
 *   叫应), `due_soon` from `warnBeforeMinutes` before it, `pending` before that;
 * - `nextTimerAt` is the earliest warn or due instant after `now` of an unfiled report whose party the county
 *   chases (the 事发单位 and the county itself; upper levels are shown, not chased, unless `timerParties` says so).
 * Beijing time has no daylight saving, so every day is 24 h and the arithmetic is plain.
 *
 * Accidents (国务院令第493号, STANDARDS.md §2.2): 事故报告 (unit → county, 1 h, 第九条), then each level within 2 h of
 * the report it received (第十一条): a level's due runs from the actual filing of the level below when recorded,
 * otherwise from that level's due (the worst case). Each change in the casualty count learnt of within 30 days of
 * the accident (7 for 道路交通/火灾, 第十三条) needs a 伤亡变化补报; the 条例 says 及时 without a number, so the
 * limit is configuration (`supplementaryReportHours`, default 2 h — the per-level limit; UNCONFIRMED).
 *
 * Natural disasters (自然灾害情况统计调查制度, STANDARDS.md §9): 初报 within 2 h (also directly to the province
 * and the ministry with ≥ 10 dead or missing), passed on by city and province within 2 h of receipt; 续报 every
 * day by 09:00 (drought: every 10 days) until the disaster is stable — the n-th is `continuationReportDue(n)`, and
 * every one that fell due before stabilisation is required; one 核报 after stabilisation (`finalReportDue`,
 * working days UNCONFIRMED) closes the process. A 续报 filing with no sequence number `n` fills the earliest
 * unfilled 续报 that is already open (its predecessor's due has passed): a late report counts for the one it
 * missed, and the next one then shows as due or overdue — a missing report is never hidden.
 */
import { formatBeijingIso } from '../calc/beijing-time.ts';
import {
  addReportHours,
  continuationReportDue,
  DEFAULT_REPORT_DEADLINE_CONFIG,
  finalReportDue,
  isDroughtHazard,
  planReportDeadlines,
  REPORT_TIME_LIMITS,
  type ReportDeadlineConfig,
  type ReportDeadlineFacts,
  type ReportRecipient,
  type ReportStep,
  type WorkingDayCalendar,
} from '../calc/report-deadlines.ts';
import type { IncidentGrade } from './grading.ts';

/** The steps tracked: the plan's chain steps, each 续报 of the county, each 伤亡变化补报, the 核报. */
export const TRACKED_REPORT_STEPS = [
  '事故报告',
  '事故报告（县级上报）',
  '事故报告（市级上报）',
  '事故报告（省级上报）',
  '伤亡变化补报',
  '初报',
  '初报（市级上报）',
  '初报（省级上报）',
  '续报',
  '核报',
] as const satisfies readonly (ReportStep | '伤亡变化补报' | '核报')[];
export type TrackedReportStep = (typeof TRACKED_REPORT_STEPS)[number];

/** Who must file: the 事发单位 (its head), the county 应急管理部门, or a level above the county. */
export const REPORT_PARTIES = ['unit', 'county', 'upper'] as const;
export type ReportParty = (typeof REPORT_PARTIES)[number];
export const REPORT_PARTY_LABELS: Record<ReportParty, string> = {
  unit: '事发单位',
  county: '县级应急管理部门',
  upper: '上级应急管理部门',
};

export const REPORT_STATES = ['pending', 'due_soon', 'overdue', 'met', 'met_late'] as const;
export type ReportState = (typeof REPORT_STATES)[number];
export const REPORT_STATE_LABELS: Record<ReportState, string> = {
  pending: '未到期',
  due_soon: '即将到期',
  overdue: '已超时',
  met: '按时报送',
  met_late: '超时报送',
};

const PARTY_OF: Record<TrackedReportStep, ReportParty> = {
  事故报告: 'unit',
  '事故报告（县级上报）': 'county',
  '事故报告（市级上报）': 'upper',
  '事故报告（省级上报）': 'upper',
  伤亡变化补报: 'county',
  初报: 'county',
  '初报（市级上报）': 'upper',
  '初报（省级上报）': 'upper',
  续报: 'county',
  核报: 'county',
};

export interface ReportingFacts extends ReportDeadlineFacts {
  grade?: IncidentGrade | undefined;
  /** Disaster: when it was judged stable (灾情稳定); ends the 续报 and starts the 核报 clock. */
  stabilizedAt?: Date | undefined;
  /** Accident: when each change in the casualty count became known (from follow-up reports). */
  casualtyChangesAt?: readonly Date[] | undefined;
}

export interface FiledReport {
  step: TrackedReportStep;
  filedAt: Date;
  /** Needed only where a step goes to several recipients (初报 direct to province and ministry). */
  to?: ReportRecipient | undefined;
  /** 续报 / 伤亡变化补报 sequence number (1-based); absent → the earliest open unfilled one. */
  n?: number | undefined;
}

export interface ReportingClockOptions {
  /** Minutes before the due instant at which a report turns `due_soon` (and a timer fires). */
  warnBeforeMinutes: number;
  /** Parties whose unfiled reports set timers. Default: 事发单位 and the county. */
  timerParties?: readonly ReportParty[];
  /** 伤亡变化补报 limit after the change became known, hours. UNCONFIRMED (条例: 及时); default 2. */
  supplementaryReportHours?: number;
  /** Working-day calendar for the 核报. */
  calendar?: WorkingDayCalendar;
  config?: ReportDeadlineConfig;
}

export const DEFAULT_SUPPLEMENTARY_REPORT_HOURS = REPORT_TIME_LIMITS.perLevelHours;

export interface TrackedReport {
  step: TrackedReportStep;
  to: ReportRecipient;
  party: ReportParty;
  /** 续报 / 伤亡变化补报 sequence number; null for the others. */
  n: number | null;
  due: Date;
  warnAt: Date;
  state: ReportState;
  filedAt: Date | null;
}

export interface ReportingStatus {
  /** Earliest due first; same-instant entries keep the chain's order. */
  reports: TrackedReport[];
  /** The next instant the server must wake for (a warn or due instant after `now`), or null. */
  nextTimerAt: Date | null;
  /** Accident: end of the window in which a casualty change still needs a 补报 (第十三条). */
  casualtyWindowEndsAt: Date | null;
  /** Disaster: the 核报 is filed, the process is closed. */
  closed: boolean;
  /** Filings that match no required report (a step that does not apply, a duplicate, one after `now`). */
  unmatched: FiledReport[];
}

interface Slot {
  step: TrackedReportStep;
  to: ReportRecipient;
  n: number | null;
  due: Date;
  /** A filing without `n` may fill this slot only after this instant (续报, 补报). */
  opensAt: Date | null;
  filedAt: Date | null;
}

class Filings {
  readonly unmatched: FiledReport[] = [];
  private readonly left: FiledReport[];

  constructor(filed: readonly FiledReport[], now: Date) {
    const sorted = [...filed].sort((a, b) => a.filedAt.getTime() - b.filedAt.getTime());
    this.left = sorted.filter((f) => f.filedAt.getTime() <= now.getTime());
    this.unmatched.push(...sorted.filter((f) => f.filedAt.getTime() > now.getTime()));
  }

  /** The earliest filing of a one-off step to `slot.to` (or with no `to`); later duplicates stay unmatched. */
  takeOne(slot: Slot): void {
    const i = this.left.findIndex((f) => f.step === slot.step && (f.to === undefined || f.to === slot.to));
    if (i < 0) return;
    slot.filedAt = this.left[i]!.filedAt;
    this.left.splice(i, 1);
  }

  /** Fill a numbered series (续报, 补报): explicit `n` first, then FIFO into the earliest open unfilled slot. */
  takeSeries(step: TrackedReportStep, slots: Slot[]): void {
    const mine = this.left.filter((f) => f.step === step);
    for (const f of mine) {
      this.left.splice(this.left.indexOf(f), 1);
      const target =
        f.n !== undefined
          ? slots.find((s) => s.n === f.n && s.filedAt === null)
          : slots.find(
              (s) => s.filedAt === null && (s.opensAt === null || f.filedAt.getTime() > s.opensAt.getTime()),
            );
      if (target) target.filedAt = f.filedAt;
      else this.unmatched.push(f);
    }
  }

  finish(): FiledReport[] {
    return [...this.unmatched, ...this.left].sort((a, b) => a.filedAt.getTime() - b.filedAt.getTime());
  }
}

function stateOf(due: Date, filedAt: Date | null, now: Date, warnMs: number): ReportState {
  if (filedAt !== null) return filedAt.getTime() <= due.getTime() ? 'met' : 'met_late';
  if (now.getTime() >= due.getTime()) return 'overdue';
  if (now.getTime() >= due.getTime() - warnMs) return 'due_soon';
  return 'pending';
}

/** Dues of a level-by-level chain: each from the filing of the level below, or from its due when not filed. */
function chainDues(chain: Slot[], hours: number): void {
  for (let i = 1; i < chain.length; i += 1) {
    const below = chain[i - 1]!;
    chain[i]!.due = addReportHours(below.filedAt ?? below.due, hours);
  }
}

/**
 * Where an incident's reporting stands at `now`: each required report with its due, warn instant and state, and
 * the next timer instant. `filed` are the reports filed so far (any order).
 */
export function reportingStatus(
  facts: ReportingFacts,
  filed: readonly FiledReport[],
  now: Date,
  options: ReportingClockOptions,
): ReportingStatus {
  if (!(options.warnBeforeMinutes >= 0) || !Number.isFinite(options.warnBeforeMinutes))
    throw new RangeError('warnBeforeMinutes must be a finite number ≥ 0');
  const config = options.config ?? DEFAULT_REPORT_DEADLINE_CONFIG;
  const warnMs = options.warnBeforeMinutes * 60_000;
  const plan = planReportDeadlines(facts, config);
  const filings = new Filings(filed, now);
  const slot = (step: TrackedReportStep, to: ReportRecipient, due: Date, n: number | null = null): Slot => ({
    step,
    to,
    n,
    due,
    opensAt: null,
    filedAt: null,
  });
  const slots: Slot[] = [];
  let casualtyWindowEndsAt: Date | null = null;
  let closed = false;

  if (facts.kind === 'accident') {
    const chain = plan.deadlines
      .filter((d) => d.step !== '伤亡变化补报截止')
      .map((d) => slot(d.step as TrackedReportStep, d.to, d.due));
    for (const s of chain) filings.takeOne(s);
    chainDues(chain, REPORT_TIME_LIMITS.perLevelHours);
    slots.push(...chain);

    casualtyWindowEndsAt = plan.deadlines.find((d) => d.step === '伤亡变化补报截止')?.due ?? null;
    const hours = options.supplementaryReportHours ?? DEFAULT_SUPPLEMENTARY_REPORT_HOURS;
    const changes = [...(facts.casualtyChangesAt ?? [])]
      .filter((c) => casualtyWindowEndsAt !== null && c.getTime() <= casualtyWindowEndsAt.getTime())
      .sort((a, b) => a.getTime() - b.getTime());
    const supplements = changes.map((c, i) => ({
      ...slot('伤亡变化补报', '原接报部门', addReportHours(c, hours), i + 1),
      opensAt: new Date(c.getTime() - 1), // a 补报 filed at the instant the change is known fills it
    }));
    filings.takeSeries('伤亡变化补报', supplements);
    slots.push(...supplements);
  } else {
    const knownAt = facts.knownAt ?? facts.occurredAt;
    const initial = plan.deadlines.filter((d) => d.step === '初报').map((d) => slot('初报', d.to, d.due));
    for (const s of initial) filings.takeOne(s);
    const passOn = plan.deadlines
      .filter((d) => d.step === '初报（市级上报）' || d.step === '初报（省级上报）')
      .map((d) => slot(d.step as TrackedReportStep, d.to, d.due));
    for (const s of passOn) filings.takeOne(s);
    chainDues([initial[0]!, ...passOn], REPORT_TIME_LIMITS.perLevelHours);
    slots.push(...initial, ...passOn);

    // 核报 first: its filing closes the 续报 series.
    const finalSlot = slot('核报', '设区的市级应急管理部门', now);
    filings.takeOne(finalSlot);
    closed = finalSlot.filedAt !== null;
    const stabilizedAt = facts.stabilizedAt ?? finalSlot.filedAt;
    const seriesEnd = [facts.stabilizedAt, finalSlot.filedAt]
      .filter((d): d is Date => d instanceof Date)
      .reduce<Date | null>((a, b) => (a === null || b.getTime() < a.getTime() ? b : a), null);

    const drought = isDroughtHazard(facts.hazard);
    const continuations: Slot[] = [];
    for (let n = 1; ; n += 1) {
      const due = continuationReportDue(knownAt, n, { drought, level: 'county' }, config);
      if (seriesEnd !== null && due.getTime() > seriesEnd.getTime()) break;
      const opensAt = n === 1 ? knownAt : continuations[n - 2]!.due;
      continuations.push({ ...slot('续报', '设区的市级应急管理部门', due, n), opensAt });
      if (due.getTime() > now.getTime()) break;
    }
    filings.takeSeries('续报', continuations);
    slots.push(...continuations);

    if (stabilizedAt !== null) {
      finalSlot.due = finalReportDue(stabilizedAt, options.calendar, config);
      slots.push(finalSlot);
    }
  }

  const timerParties = options.timerParties ?? ['unit', 'county'];
  const reports = slots.map((s): TrackedReport => ({
    step: s.step,
    to: s.to,
    party: PARTY_OF[s.step],
    n: s.n,
    due: s.due,
    warnAt: new Date(s.due.getTime() - warnMs),
    state: stateOf(s.due, s.filedAt, now, warnMs),
    filedAt: s.filedAt,
  }));
  const timers = reports
    .filter((r) => r.filedAt === null && timerParties.includes(r.party))
    .flatMap((r) => [r.warnAt.getTime(), r.due.getTime()])
    .filter((t) => t > now.getTime());
  // Array.prototype.sort is stable: same-instant entries keep the chain's order.
  reports.sort((a, b) => a.due.getTime() - b.due.getTime());
  return {
    reports,
    nextTimerAt: timers.length === 0 ? null : new Date(Math.min(...timers)),
    casualtyWindowEndsAt,
    closed,
    unmatched: filings.finish(),
  };
}

/** Countdown text for a screen: `剩余 1小时05分`, `已超时 2天3小时00分`, `按时报送 2026-07-01T10:40:00+08:00`. */
export function describeReportCountdown(report: TrackedReport, now: Date): string {
  const span = (ms: number) => {
    const minutes = Math.floor(ms / 60_000);
    const [d, h, m] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
    if (d > 0) return `${d}天${h}小时${String(m).padStart(2, '0')}分`;
    if (h > 0) return `${h}小时${String(m).padStart(2, '0')}分`;
    return `${m}分`;
  };
  switch (report.state) {
    case 'met':
    case 'met_late':
      return `${REPORT_STATE_LABELS[report.state]} ${formatBeijingIso(report.filedAt ?? report.due)}`;
    case 'overdue':
      return `已超时 ${span(now.getTime() - report.due.getTime())}`;
    case 'due_soon':
    case 'pending':
      return `剩余 ${span(report.due.getTime() - now.getTime())}`;
  }
}
