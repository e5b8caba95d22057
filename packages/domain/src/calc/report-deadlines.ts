/**
 * Statutory reporting deadlines (信息报送时限) of an incident — the arithmetic behind the reporting clock.
 * Pure: the server persists the deadlines and feeds in the clock; every time is an instant, shown in Beijing time.
 *
 * Production-safety accidents, 《生产安全事故报告和调查处理条例》(国务院令第493号), STANDARDS.md §2.2 (CONFIRMED):
 * - 第九条: the unit head reports to the county 应急管理部门 (and the departments with safety-supervision duties)
 *   within 1 h of learning of it (`knownAt`) → step `事故报告`, to `县级应急管理部门`.
 * - 第十条/第十一条: the report goes up level by level, each level within 2 h, to the destination fixed by the grade:
 *   一般 → 设区的市, 较大 → 省, 重大/特别重大 → 国务院 (应急管理部) → steps `事故报告（县级上报）` to
 *   `设区的市级应急管理部门`, `事故报告（市级上报）` to `省级应急管理部门`, `事故报告（省级上报）` to `应急管理部`.
 *   Each level's 2 h run from the latest time the level below may report (the chain's worst case); once the real
 *   receipt time is known, the server recomputes from it with `addReportHours`. Without a grade only the part
 *   every grade shares is listed (up to 设区的市), and the note says so: the incident is re-planned when graded.
 * - 第十三条: casualty changes within 30 days of the accident (7 days for 道路交通 and 火灾 accidents, `accidentType`)
 *   must be reported (补报). Expressed as one entry, step `伤亡变化补报截止` to `原接报部门` (the departments that
 *   received the report), due = `occurredAt` + 30 × 24 h (or 7 × 24 h): the end of the window in which a change in
 *   the count still triggers a 补报. We close the window at the same clock time, the earlier of the two readings of
 *   "自事故发生之日起30日内" (the other runs to 24:00 of the 30th day), so a reminder is never late.
 *   `accidentType` is free text — there are many accident types and only two have the short window; the road-traffic
 *   and fire names are recognised in English or Chinese (`isShortCasualtyWindow`), and the note says which window
 *   was applied.
 *
 * Natural disasters, 自然灾害情况统计调查制度 (应急〔2020〕19号), STANDARDS.md §9:
 * - 初报 (CONFIRMED): the county reports to the city within 2 h of learning of it → step `初报` to
 *   `设区的市级应急管理部门`; city and province pass it on within 2 h of receipt → `初报（市级上报）` to
 *   `省级应急管理部门`, `初报（省级上报）` to `应急管理部`. With ≥ 10 dead or missing (`deathsAndMissing`, 含失踪) the
 *   county also reports directly, within the same 2 h, to `省级应急管理部门` and `应急管理部` (step `初报`). The
 *   other triggers of the direct report (many houses collapsed, large farmland areas hit) are not numbers here: the
 *   duty officer decides them.
 * - 续报: until the situation is stable, the county reports by 09:00 (city 10:00, province 12:00) each day, covering
 *   up to 24:00 of the previous day; drought (`hazard`) every 10 days. The n-th 续报 is due at 09:00 Beijing on the
 *   n-th day (drought: the 10·n-th day) after the day the disaster became known, so the first one covers the day it
 *   was learnt of (a disaster known at 23:30 is in the next morning's 续报; one known at 00:30 in the morning after).
 *   Only the first 续报 (and its pass-ons) is listed: the process runs until stabilisation, which no input tells;
 *   `continuationReportDue` / `nextContinuationReportDue` give the later ones. The hours are configuration (the
 *   2020 wording is UNCONFIRMED); the 10-day drought interval is CONFIRMED in a provincial plan.
 * - 核报 closes the process after stabilisation. Its limit is UNCONFIRMED for the 2020 national text (plans give
 *   county 2, city 3, province 5 working days, or 10 days for the province): configuration
 *   (`finalReportWorkingDays`, default 2 for the county), computed by `finalReportDue` from the stabilisation time
 *   and a working-day calendar; it is not in the list because no input gives the stabilisation time.
 */
import { z } from 'zod';
import { ACCIDENT_GRADES, type AccidentGrade } from './accident-grade.ts';
import {
  addCalendarDays,
  formatBeijingIso,
  getBeijingDate,
  getBeijingTimeOn,
  getWeekday,
  parseZonedIso,
} from './beijing-time.ts';
import { EVERY_PROBLEM } from './checks.ts';

export const INCIDENT_REPORT_KINDS = ['accident', 'disaster'] as const;
export type IncidentReportKind = (typeof INCIDENT_REPORT_KINDS)[number];

/** Every `step` the plan can hold; these strings are stable (stored by the server, shown in the console). */
export const REPORT_STEPS = [
  '事故报告',
  '事故报告（县级上报）',
  '事故报告（市级上报）',
  '事故报告（省级上报）',
  '伤亡变化补报截止',
  '初报',
  '初报（市级上报）',
  '初报（省级上报）',
  '续报',
  '续报（市级上报）',
  '续报（省级上报）',
] as const;
export type ReportStep = (typeof REPORT_STEPS)[number];

/** Every `to` the plan can hold; stable like the steps. */
export const REPORT_RECIPIENTS = [
  '县级应急管理部门',
  '设区的市级应急管理部门',
  '省级应急管理部门',
  '应急管理部',
  '原接报部门',
] as const;
export type ReportRecipient = (typeof REPORT_RECIPIENTS)[number];

/** The CONFIRMED statutory limits (STANDARDS.md §2.2, §9). */
export const REPORT_TIME_LIMITS = {
  /** 493号令 第九条: unit head → county, hours after learning of the accident. */
  accidentUnitHours: 1,
  /** 493号令 第十一条 and the 统计制度's 初报: each level passes the report on within this many hours. */
  perLevelHours: 2,
  /** 493号令 第十三条: casualty changes reported within this many days of the accident … */
  casualtyWindowDays: 30,
  /** … and within this many for road-traffic and fire accidents. */
  casualtyWindowDaysRoadOrFire: 7,
  /** 统计制度 初报: dead plus missing at or above this go directly to the province and the ministry too. */
  directReportDeathsAndMissing: 10,
} as const;

/** The limits that are configuration: marked UNCONFIRMED, or local practice (STANDARDS.md §9). */
export interface ReportDeadlineConfig {
  /** 续报 due hour (Beijing, on the hour) per level: county 9, city 10, province 12. 2020 wording UNCONFIRMED. */
  continuationHour: { county: number; city: number; province: number };
  /** 干旱 续报 interval, days (CONFIRMED 10 in a provincial plan). */
  droughtIntervalDays: number;
  /** 核报: working days after stabilisation for the county (UNCONFIRMED; 湖南-style plan: county 2). */
  finalReportWorkingDays: number;
}

export const DEFAULT_REPORT_DEADLINE_CONFIG: ReportDeadlineConfig = {
  continuationHour: { county: 9, city: 10, province: 12 },
  droughtIntervalDays: 10,
  finalReportWorkingDays: 2,
};

/** Working days for 核报: weekends are rest days unless listed in `workdays` (调休上班); `holidays` are 法定节假日. */
export interface WorkingDayCalendar {
  /** `YYYY-MM-DD` Beijing dates off work (published yearly by the 国务院办公厅). */
  holidays: readonly string[];
  /** `YYYY-MM-DD` weekend dates that are working days. */
  workdays: readonly string[];
}

const normalise = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

const ROAD_OR_FIRE_TYPES = new Set(
  [
    'road-traffic',
    'traffic',
    'road',
    'fire',
    'road-traffic-accident',
    'fire-accident',
    '道路交通',
    '道路交通事故',
    '交通事故',
    '火灾',
    '火灾事故',
  ].map(normalise),
);
const DROUGHT_HAZARDS = new Set(['drought', '干旱', '旱灾', '气象干旱'].map(normalise));

/** 493号令 第十三条: is this a 道路交通 or 火灾 accident (7-day casualty window)? `accidentType` in English or Chinese. */
export function isShortCasualtyWindow(accidentType: string | undefined): boolean {
  return accidentType !== undefined && ROAD_OR_FIRE_TYPES.has(normalise(accidentType));
}

/** 统计制度: is this hazard a drought (续报 every 10 days)? `hazard` in English or Chinese. */
export function isDroughtHazard(hazard: string | undefined): boolean {
  return hazard !== undefined && DROUGHT_HAZARDS.has(normalise(hazard));
}

/** `from` plus `hours` (each level's reporting limit runs on the clock, nights and holidays included). */
export function addReportHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 3_600_000);
}

/**
 * The n-th 续报 (n ≥ 1) of a disaster learnt of at `knownAt`, for `level`: on the hour in Beijing on the n-th day
 * (drought: the n·10-th) after the Beijing date of `knownAt`; it covers up to 24:00 of the day before.
 */
export function continuationReportDue(
  knownAt: Date,
  n: number,
  options: { drought?: boolean; level?: keyof ReportDeadlineConfig['continuationHour'] } = {},
  config: ReportDeadlineConfig = DEFAULT_REPORT_DEADLINE_CONFIG,
): Date {
  const interval = options.drought ? config.droughtIntervalDays : 1;
  const date = addCalendarDays(getBeijingDate(knownAt), n * interval);
  return getBeijingTimeOn(date, config.continuationHour[options.level ?? 'county']);
}

/**
 * The county's 续报 that is current at `now`: the earliest due at or after `now` (a 续报 due at 09:00 is still
 * on time at 09:00:00 and missed at 09:00:01, when the next one becomes current). `n` counts from 1.
 */
export function nextContinuationReportDue(
  knownAt: Date,
  now: Date,
  options: { drought?: boolean } = {},
  config: ReportDeadlineConfig = DEFAULT_REPORT_DEADLINE_CONFIG,
): { n: number; due: Date } {
  const interval = options.drought ? config.droughtIntervalDays : 1;
  const first = continuationReportDue(knownAt, 1, options, config).getTime();
  // Days are 24 h long in Beijing (no daylight saving), so the count is plain arithmetic.
  const n = now.getTime() <= first ? 1 : 1 + Math.ceil((now.getTime() - first) / (interval * 86_400_000));
  return { n, due: continuationReportDue(knownAt, n, options, config) };
}

/** Is `date` (`YYYY-MM-DD`) a working day in `calendar`? */
export function isWorkingDay(date: string, calendar: WorkingDayCalendar): boolean {
  if (calendar.workdays.includes(date)) return true;
  if (calendar.holidays.includes(date)) return false;
  const weekday = getWeekday(date);
  return weekday !== 0 && weekday !== 6;
}

/**
 * 核报 due: the end (24:00 Beijing) of the `finalReportWorkingDays`-th working day after the Beijing date the
 * disaster was judged stable; that day itself is not counted (期间开始的当日不计入). UNCONFIRMED limit (§9).
 */
export function finalReportDue(
  stabilizedAt: Date,
  calendar: WorkingDayCalendar = { holidays: [], workdays: [] },
  config: ReportDeadlineConfig = DEFAULT_REPORT_DEADLINE_CONFIG,
): Date {
  let date = getBeijingDate(stabilizedAt);
  for (let counted = 0; counted < config.finalReportWorkingDays;) {
    date = addCalendarDays(date, 1);
    if (isWorkingDay(date, calendar)) counted += 1;
  }
  return getBeijingTimeOn(date, 24);
}

export interface ReportDeadlineFacts {
  kind: IncidentReportKind;
  occurredAt: Date;
  /** When it became known (accidents: to the unit head; disasters: to the county); defaults to `occurredAt`. */
  knownAt?: Date | undefined;
  grade?: AccidentGrade | undefined;
  accidentType?: string | undefined;
  deathsAndMissing?: number | undefined;
  hazard?: string | undefined;
}

export interface ReportDeadline {
  step: ReportStep;
  to: ReportRecipient;
  due: Date;
}

export interface ReportDeadlinePlan {
  /** Earliest first; entries due at the same instant keep the chain's order. */
  deadlines: ReportDeadline[];
  /** The rules applied, in Chinese, including the ones that recur or need facts not given here. */
  note: string;
}

const ACCIDENT_PASS_UP: { step: ReportStep; to: ReportRecipient }[] = [
  { step: '事故报告（县级上报）', to: '设区的市级应急管理部门' },
  { step: '事故报告（市级上报）', to: '省级应急管理部门' },
  { step: '事故报告（省级上报）', to: '应急管理部' },
];

/** 493号令 第十条: how many levels above the county the report climbs. */
function levelsAboveCounty(grade: AccidentGrade): 1 | 2 | 3 {
  switch (grade) {
    case '一般':
      return 1;
    case '较大':
      return 2;
    case '重大':
    case '特别重大':
      return 3;
  }
}

function planAccident(facts: ReportDeadlineFacts, knownAt: Date): ReportDeadlinePlan {
  const L = REPORT_TIME_LIMITS;
  const deadlines: ReportDeadline[] = [];
  let due = addReportHours(knownAt, L.accidentUnitHours);
  deadlines.push({ step: '事故报告', to: '县级应急管理部门', due });
  for (const next of ACCIDENT_PASS_UP.slice(0, levelsAboveCounty(facts.grade ?? '一般'))) {
    due = addReportHours(due, L.perLevelHours);
    deadlines.push({ ...next, due });
  }
  const short = isShortCasualtyWindow(facts.accidentType);
  const windowDays = short ? L.casualtyWindowDaysRoadOrFire : L.casualtyWindowDays;
  deadlines.push({
    step: '伤亡变化补报截止',
    to: '原接报部门',
    due: addReportHours(facts.occurredAt, windowDays * 24),
  });
  const destination = { 一般: '设区的市级', 较大: '省级', 重大: '国务院', 特别重大: '国务院' } as const;
  const note = [
    `事故报告：单位负责人接到报告后 ${L.accidentUnitHours} 小时内报县级应急管理部门和负有安全生产监督管理职责的有关部门（493号令第九条）；`,
    `逐级上报每级不超过 ${L.perLevelHours} 小时（第十一条），` +
      (facts.grade === undefined
        ? '未给出事故等级，只列出各等级都须报到的设区的市级，定级后重新计算（一般→设区的市级，较大→省级，重大、特别重大→国务院，第十条）；'
        : `${facts.grade}事故报至${destination[facts.grade]}（第十条）；`),
    '上一级的时限从下一级最迟报告时间起算，实际接报时间已知时据实重算。',
    `伤亡人数自事故发生之日起 ${windowDays} 日内发生变化的应及时补报（第十三条；道路交通、火灾事故 ${L.casualtyWindowDaysRoadOrFire} 日，其他 ${L.casualtyWindowDays} 日` +
      (facts.accidentType === undefined
        ? '，未给出事故类型按其他计）'
        : `，事故类型“${facts.accidentType}”${short ? '按道路交通、火灾事故' : '按其他事故'}计）`) +
      '，截止时间取发生时刻起满该日数。',
  ].join('');
  return { deadlines, note };
}

function planDisaster(
  facts: ReportDeadlineFacts,
  knownAt: Date,
  config: ReportDeadlineConfig,
): ReportDeadlinePlan {
  const L = REPORT_TIME_LIMITS;
  const drought = isDroughtHazard(facts.hazard);
  const direct = (facts.deathsAndMissing ?? 0) >= L.directReportDeathsAndMissing;
  const initial = addReportHours(knownAt, L.perLevelHours);
  const deadlines: ReportDeadline[] = [{ step: '初报', to: '设区的市级应急管理部门', due: initial }];
  if (direct)
    deadlines.push(
      { step: '初报', to: '省级应急管理部门', due: initial },
      { step: '初报', to: '应急管理部', due: initial },
    );
  deadlines.push(
    { step: '初报（市级上报）', to: '省级应急管理部门', due: addReportHours(initial, L.perLevelHours) },
    { step: '初报（省级上报）', to: '应急管理部', due: addReportHours(initial, 2 * L.perLevelHours) },
    {
      step: '续报',
      to: '设区的市级应急管理部门',
      due: continuationReportDue(knownAt, 1, { drought, level: 'county' }, config),
    },
    {
      step: '续报（市级上报）',
      to: '省级应急管理部门',
      due: continuationReportDue(knownAt, 1, { drought, level: 'city' }, config),
    },
    {
      step: '续报（省级上报）',
      to: '应急管理部',
      due: continuationReportDue(knownAt, 1, { drought, level: 'province' }, config),
    },
  );
  const h = config.continuationHour;
  const note = [
    `初报：县级应急管理部门知悉后 ${L.perLevelHours} 小时内报设区的市级，市级、省级接报后各 ${L.perLevelHours} 小时内上报（自然灾害情况统计调查制度）；`,
    direct
      ? `因灾死亡（含失踪）${facts.deathsAndMissing} 人，达 ${L.directReportDeathsAndMissing} 人及以上，县级同时直报省级应急管理部门和应急管理部；`
      : `因灾死亡（含失踪）${L.directReportDeathsAndMissing} 人及以上，或房屋大量倒塌、农田大面积受灾等严重损失的，县级同时直报省级和应急管理部（严重损失由值班人员判断）；`,
    drought ? `续报：干旱每 ${config.droughtIntervalDays} 日续报一次，` : `续报：灾情稳定前每日续报，`,
    `县级 ${h.county} 时前、市级 ${h.city} 时前、省级 ${h.province} 时前（北京时间），统计截至前一日 24 时；此处只列第一次续报，此后${drought ? `每隔 ${config.droughtIntervalDays} 日` : '每日'}同一时刻到期，直至灾情稳定；`,
    `核报：灾情稳定后 ${config.finalReportWorkingDays} 个工作日内（县级；国家制度期限未经核实，为配置项），由稳定时间另行计算。`,
  ].join('');
  return { deadlines, note };
}

/** The deadlines that apply to an incident, earliest first, with the rules applied in `note`. */
export function planReportDeadlines(
  facts: ReportDeadlineFacts,
  config: ReportDeadlineConfig = DEFAULT_REPORT_DEADLINE_CONFIG,
): ReportDeadlinePlan {
  const knownAt = facts.knownAt ?? facts.occurredAt;
  const plan =
    facts.kind === 'accident' ? planAccident(facts, knownAt) : planDisaster(facts, knownAt, config);
  // Array.prototype.sort is stable: same-instant entries keep the chain's order.
  plan.deadlines.sort((a, b) => a.due.getTime() - b.due.getTime());
  return plan;
}

// ---- the calculator: JSON in, JSON out ----

const zonedIso = z.string().superRefine((text, ctx) => {
  const parsed = parseZonedIso(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});
const label = z.string().trim().min(1, '不能为空').max(50, '最多 50 个字符');

const ACCIDENT_ONLY = ['grade', 'accidentType'] as const;
const DISASTER_ONLY = ['deathsAndMissing', 'hazard'] as const;

export const ReportDeadlinesInput = z
  .object({
    kind: z.enum(INCIDENT_REPORT_KINDS),
    occurredAt: zonedIso,
    knownAt: zonedIso.optional(),
    grade: z.enum(ACCIDENT_GRADES).optional(),
    accidentType: label.optional(),
    deathsAndMissing: z.number().int('须为整数').min(0, '不能为负数').optional(),
    hazard: label.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    // Runs even when other fields are bad (EVERY_PROBLEM): reads the raw values defensively.
    const raw = v as Record<string, unknown>;
    if (typeof raw.occurredAt === 'string' && typeof raw.knownAt === 'string') {
      const occurred = parseZonedIso(raw.occurredAt);
      const known = parseZonedIso(raw.knownAt);
      if (occurred.ok && known.ok && known.at.getTime() < occurred.at.getTime())
        ctx.addIssue({ code: 'custom', path: ['knownAt'], message: '知悉时间不能早于发生时间' });
    }
    const misplaced = (fields: readonly string[], kind: string) => {
      for (const f of fields)
        if (raw[f] !== undefined)
          ctx.addIssue({ code: 'custom', path: [f], message: `${f} 只适用于 kind 为 ${kind}` });
    };
    if (raw.kind === 'disaster') misplaced(ACCIDENT_ONLY, 'accident（生产安全事故）');
    if (raw.kind === 'accident') misplaced(DISASTER_ONLY, 'disaster（自然灾害）');
  }, EVERY_PROBLEM);
export type ReportDeadlinesInput = z.infer<typeof ReportDeadlinesInput>;

export interface ReportDeadlinesResult {
  deadlines: { step: ReportStep; to: ReportRecipient; due: string }[];
  note: string;
}

function instant(text: string): Date {
  const parsed = parseZonedIso(text);
  if (!parsed.ok) throw new Error(parsed.message); // unreachable: the schema checked it
  return parsed.at;
}

/** `ningan calc report-deadlines`: the plan with every due time as `…+08:00`. */
export function computeReportDeadlines(input: ReportDeadlinesInput): ReportDeadlinesResult {
  const plan = planReportDeadlines({
    ...input,
    occurredAt: instant(input.occurredAt),
    knownAt: input.knownAt === undefined ? undefined : instant(input.knownAt),
  });
  return {
    deadlines: plan.deadlines.map((d) => ({ step: d.step, to: d.to, due: formatBeijingIso(d.due) })),
    note: plan.note,
  };
}
