/**
 * The pure rules of the 大屏 (big screen, issue #6 part 10): how the 1920×1080 stage scales to the wall, the
 * Beijing clock, the key counts, the chart series and the latest-events ticker. No React, no DOM.
 */
import {
  addCalendarDays,
  formatBeijingIso,
  getBeijingDate,
  getWeekday,
  INCIDENT_GRADES,
  TASK_STATES,
  type IncidentGrade,
  type TaskState,
  type WarningLevel,
} from '@ningan/domain';
import type { Lang } from '../../i18n/i18n.tsx';

/** The design size of the screen: every measure in screen.css is in these pixels. */
export const STAGE_WIDTH = 1920;
export const STAGE_HEIGHT = 1080;

/**
 * The factor that fits the stage into a `width`×`height` viewport without cropping (letter-boxed when the wall
 * is not 16:9), and the offsets that centre it. A zero-sized viewport (not laid out yet) answers scale 1.
 */
export function stageFit(width: number, height: number): { scale: number; left: number; top: number } {
  if (width <= 0 || height <= 0) return { scale: 1, left: 0, top: 0 };
  const scale = Math.min(width / STAGE_WIDTH, height / STAGE_HEIGHT);
  return {
    scale,
    left: Math.round((width - STAGE_WIDTH * scale) / 2),
    top: Math.round((height - STAGE_HEIGHT * scale) / 2),
  };
}

const WEEKDAYS_ZH = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'];
const WEEKDAYS_EN = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The wall clock in Beijing time whatever the PC's own zone: `2026-07-01`, `09:05:03`, 星期三. */
export function beijingClock(now: Date, lang: Lang): { date: string; time: string; weekday: string } {
  const iso = formatBeijingIso(new Date(Math.floor(now.getTime() / 1000) * 1000));
  const date = iso.slice(0, 10);
  const weekday = getWeekday(date);
  return {
    date,
    time: iso.slice(11, 19),
    weekday: (lang === 'en' ? WEEKDAYS_EN : WEEKDAYS_ZH)[weekday] ?? '',
  };
}

/**
 * Colours of the incident grades on the dark screen: the four warning colours of 突发事件应对法 (特别重大 red …
 * 一般 blue, as the alarm and warning chips), grey for an incident not graded (yet).
 */
export const GRADE_COLORS: Record<IncidentGrade | 'none', string> = {
  特别重大: '#ff3b30',
  重大: '#ff8c1a',
  较大: '#ffd60a',
  一般: '#3d8bff',
  none: '#9aa7b8',
};

export type GradeKey = IncidentGrade | 'none';
export const GRADE_KEYS: readonly GradeKey[] = [...INCIDENT_GRADES, 'none'];

export function gradeKeyOf(grade: IncidentGrade | null): GradeKey {
  return grade ?? 'none';
}

/** Incidents still being worked: reported (接报) or responding (响应中); closed and merged ones are history. */
export function isActiveIncident(incident: { status: string }): boolean {
  return incident.status === 'reported' || incident.status === 'responding';
}

interface CountableIncident {
  status: string;
  grade: IncidentGrade | null;
  openTasks: number;
  reportingSummary: { overdue: number };
}

export interface IncidentTally {
  active: number;
  byGrade: Record<GradeKey, number>;
  /** Tasks not yet completed or returned, over the active incidents. */
  openTasks: number;
  /** Statutory reports past their due time, over the active incidents. */
  overdueReports: number;
}

/** The key counts of the active incidents among `incidents`. */
export function tallyIncidents(incidents: readonly CountableIncident[]): IncidentTally {
  const byGrade = Object.fromEntries(GRADE_KEYS.map((g) => [g, 0])) as Record<GradeKey, number>;
  let active = 0;
  let openTasks = 0;
  let overdueReports = 0;
  for (const incident of incidents) {
    if (!isActiveIncident(incident)) continue;
    active += 1;
    byGrade[gradeKeyOf(incident.grade)] += 1;
    openTasks += incident.openTasks;
    overdueReports += incident.reportingSummary.overdue;
  }
  return { active, byGrade, openTasks, overdueReports };
}

/** The last `days` Beijing dates ending with the date of `now`, oldest first. */
export function lastDays(now: Date, days: number): string[] {
  const today = getBeijingDate(now);
  return Array.from({ length: days }, (_, i) => addCalendarDays(today, i - days + 1));
}

export interface TypeSeries {
  /** Beijing dates, oldest first. */
  days: string[];
  /** One series per type (most incidents first), at most `maxTypes`; the rest summed into `other`. */
  series: { type: string; counts: number[] }[];
  total: number;
}

/**
 * Incidents per type and Beijing day over the `days` days ending today (by `occurredAt`), for a stacked bar
 * chart: the `maxTypes` most frequent types, then the rest as `otherLabel`; an incident without a type yet
 * counts under `untypedLabel`.
 */
export function incidentsByTypeAndDay(
  incidents: readonly { occurredAt: string; eventTypeLabel: string | null }[],
  now: Date,
  options: { days: number; maxTypes: number; otherLabel: string; untypedLabel: string },
): TypeSeries {
  const days = lastDays(now, options.days);
  const index = new Map(days.map((d, i) => [d, i]));
  const byType = new Map<string, number[]>();
  let total = 0;
  for (const incident of incidents) {
    const at = new Date(incident.occurredAt);
    if (Number.isNaN(at.getTime())) continue;
    const i = index.get(getBeijingDate(at));
    if (i === undefined) continue;
    const type = incident.eventTypeLabel ?? options.untypedLabel;
    const counts = byType.get(type) ?? days.map(() => 0);
    counts[i] = (counts[i] ?? 0) + 1;
    byType.set(type, counts);
    total += 1;
  }
  const sum = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);
  const ranked = [...byType]
    .map(([type, counts]) => ({ type, counts }))
    .sort((a, b) => sum(b.counts) - sum(a.counts) || a.type.localeCompare(b.type, 'zh-Hans-CN'));
  const kept = ranked.slice(0, options.maxTypes);
  const rest = ranked.slice(options.maxTypes);
  if (rest.length > 0)
    kept.push({
      type: options.otherLabel,
      counts: days.map((_, i) => rest.reduce((a, r) => a + (r.counts[i] ?? 0), 0)),
    });
  return { days, series: kept, total };
}

/** Tasks per state (every state present, zero when none). */
export function tasksByState(tasks: readonly { state: TaskState }[]): Record<TaskState, number> {
  const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
  for (const task of tasks) counts[task.state] += 1;
  return counts;
}

/** Nil reports (报平安) in: submitted on time or late, out of every township on the board. */
export function nilReportTally(items: readonly { state: string }[]): { submitted: number; total: number } {
  return {
    submitted: items.filter((i) => i.state === 'submitted' || i.state === 'late').length,
    total: items.length,
  };
}

export interface TickerEntry {
  incidentId: string;
  seq: number;
  at: string;
  kind: string;
  summary: string;
  actorName: string;
}

/**
 * The ticker's entries after `incoming` arrive: one per (incident, seq), newest first, at most `limit`.
 * Entries of the same instant keep a stable order (incident, then seq descending).
 */
export function mergeTicker(
  existing: readonly TickerEntry[],
  incoming: readonly TickerEntry[],
  limit: number,
): TickerEntry[] {
  const byKey = new Map<string, TickerEntry>();
  for (const e of [...existing, ...incoming]) byKey.set(`${e.incidentId}#${e.seq}`, e);
  return [...byKey.values()]
    .sort(
      (a, b) =>
        Date.parse(b.at) - Date.parse(a.at) || a.incidentId.localeCompare(b.incidentId) || b.seq - a.seq,
    )
    .slice(0, limit);
}

/** `HH:mm` Beijing time of an ISO instant, with `MM-DD` in front when it is not on `today`. */
export function tickerTime(at: string, today: string): string {
  const iso = formatBeijingIso(new Date(at));
  return iso.slice(0, 10) === today ? iso.slice(11, 16) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** The largest per-incident seq seen, per incident: where to ask for the timeline `afterSeq` next. */
export function lastSeqs(entries: readonly { incidentId: string; seq: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries) out.set(e.incidentId, Math.max(out.get(e.incidentId) ?? 0, e.seq));
  return out;
}

/** The date range (ISO, inclusive start) of the last `days` Beijing days ending today. */
export function rangeOfLastDays(now: Date, days: number): { from: string; to: string } {
  const first = lastDays(now, days)[0] ?? getBeijingDate(now);
  return { from: `${first}T00:00:00+08:00`, to: now.toISOString() };
}

const WARNING_RANK: Record<WarningLevel, number> = { blue: 1, yellow: 2, orange: 3, red: 4 };

/**
 * The worst level of the warnings in force per township (9-digit code), from their areas' division codes: a
 * township code names itself, a village code (12 digits) its township, the county code (6 digits) every
 * township in `townshipCodes`. Drawn polygons and circles are drawn as they are, not resolved here.
 */
export function warningLevelsByTownship(
  warnings: readonly { level: WarningLevel; regionCodes: readonly string[] }[],
  townshipCodes: readonly string[],
): Map<string, WarningLevel> {
  const out = new Map<string, WarningLevel>();
  const raise = (code: string, level: WarningLevel) => {
    const had = out.get(code);
    if (had === undefined || WARNING_RANK[level] > WARNING_RANK[had]) out.set(code, level);
  };
  for (const w of warnings)
    for (const code of w.regionCodes) {
      if (code.length === 6) for (const t of townshipCodes) if (t.startsWith(code)) raise(t, w.level);
      if (code.length === 9 || code.length === 12) raise(code.slice(0, 9), w.level);
    }
  return out;
}
