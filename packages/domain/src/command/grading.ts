/**
 * Incident grading (事件定级, issue #6 part 3) by the rule the type calls for (`gradingRuleOf`), using the
 * statutory calculators — never a second copy of their thresholds:
 * - `accident_493`: `gradeAccident`, 国务院令第493号 第三条 (STANDARDS.md §2.1): deaths, serious injuries (含急性工业
 *   中毒), direct loss; "以上"包括本数; the criteria are joined by 或者, so the highest grade any one reaches wins;
 * - `forest_fire`: `gradeForestFire`, 《森林防火条例》 第四十条 (STANDARDS.md §5.1): damaged forest area, deaths,
 *   serious injuries, same reading;
 * - `none`: no grade is computed (null); the duty officer grades by the plan.
 *
 * 失踪 (missing) persons: both texts count 死亡. Whether the missing count as dead for grading is set by
 * `countMissingAsDeaths` (default false: UNCONFIRMED — practice differs; the reasons always say what was done).
 *
 * Follow-up reports (续报/补报) carry the current totals, not increments; `regradeOnFollowUp` regrades on them and
 * says whether the grade went up or down, and which figures moved.
 *
 * The response level (应急响应级别 Ⅰ–Ⅳ) is a decision a leader takes and the system records
 * (`ResponseLevelDecision`): it is never computed from the grade.
 */
import { z } from 'zod';
import { gradeAccident } from '../calc/accident-grade.ts';
import { parseZonedIso } from '../calc/beijing-time.ts';
import { gradeForestFire } from '../calc/forest-fire-grade.ts';
import {
  EventTypeIdSchema,
  getEventType,
  gradingRuleOf,
  type EventTypeId,
  type GradingRule,
} from './classification.ts';

export const INCIDENT_GRADES = ['特别重大', '重大', '较大', '一般'] as const;
export type IncidentGrade = (typeof INCIDENT_GRADES)[number];
export const IncidentGradeSchema = z.enum(INCIDENT_GRADES);

/** 特别重大 = 4 … 一般 = 1, null (not graded) = 0. */
export function gradeRank(grade: IncidentGrade | null): number {
  return grade === null ? 0 : INCIDENT_GRADES.length - INCIDENT_GRADES.indexOf(grade);
}

const count = z.number().int('须为整数').min(0, '不能为负数');
const amount = z.number().finite().min(0, '不能为负数');

/** The figures of a report (cumulative totals). Absent = not reported (treated as 0 by the rules). */
export const IncidentFiguresSchema = z
  .object({
    deaths: count.optional(),
    missing: count.optional(),
    seriousInjuries: count.optional(),
    /** 直接经济损失, 万元. */
    directLossWanYuan: amount.optional(),
    /** 受害森林面积, ha. */
    burnedAreaHa: amount.optional(),
  })
  .strict();
export type IncidentFigures = z.infer<typeof IncidentFiguresSchema>;

export const FIGURE_LABELS: Record<keyof IncidentFigures, { zh: string; unit: string }> = {
  deaths: { zh: '死亡', unit: '人' },
  missing: { zh: '失踪', unit: '人' },
  seriousInjuries: { zh: '重伤', unit: '人' },
  directLossWanYuan: { zh: '直接经济损失', unit: '万元' },
  burnedAreaHa: { zh: '受害森林面积', unit: '公顷' },
};
const FIGURE_KEYS = Object.keys(FIGURE_LABELS) as (keyof IncidentFigures)[];

export const GradeIncidentInputSchema = z
  .object({ type: EventTypeIdSchema, figures: IncidentFiguresSchema })
  .strict();
export type GradeIncidentInput = z.infer<typeof GradeIncidentInputSchema>;

export interface GradingOptions {
  /** Count 失踪 as 死亡 for grading. UNCONFIRMED; default false (the texts say 死亡). */
  countMissingAsDeaths: boolean;
}
export const DEFAULT_GRADING_OPTIONS: GradingOptions = { countMissingAsDeaths: false };

export interface IncidentGrading {
  grade: IncidentGrade | null;
  rule: GradingRule;
  /** Why, in Chinese: the grade each criterion reaches, the rule's clause, what was left out. */
  reasons: string[];
}

const show = (key: keyof IncidentFigures, value: number) =>
  `${FIGURE_LABELS[key].zh} ${value} ${FIGURE_LABELS[key].unit}`;

/**
 * The grade of an incident of `type` with `figures`, by the rule `gradingRuleOf(type)` names. The reasons list,
 * first, the grade and the rule, then the grade each criterion reaches on its own.
 */
export function gradeIncident(
  input: GradeIncidentInput,
  options: GradingOptions = DEFAULT_GRADING_OPTIONS,
): IncidentGrading {
  const rule = gradingRuleOf(input.type);
  const f = input.figures;
  const deathsOnly = f.deaths ?? 0;
  const missing = f.missing ?? 0;
  const deaths = options.countMissingAsDeaths ? deathsOnly + missing : deathsOnly;
  const injuries = f.seriousInjuries ?? 0;
  const deathsText =
    options.countMissingAsDeaths && missing > 0
      ? `死亡 ${deathsOnly} 人 + 失踪 ${missing} 人（失踪按死亡计）`
      : show('deaths', deathsOnly);
  const missingNote =
    !options.countMissingAsDeaths && missing > 0
      ? [`失踪 ${missing} 人未计入死亡人数（条文按死亡人数定级；失踪人员确认死亡后以续报更新）`]
      : [];

  switch (rule) {
    case 'accident_493': {
      const lossYuan = (f.directLossWanYuan ?? 0) * 10_000;
      const { grade } = gradeAccident({ deaths, seriousInjuries: injuries, directLossYuan: lossYuan });
      const by = (d: number, i: number, l: number) =>
        gradeAccident({ deaths: d, seriousInjuries: i, directLossYuan: l }).grade;
      const reasons = [
        `${grade}事故：取死亡、重伤（含急性工业中毒）、直接经济损失各项中最高的等级，“以上”包括本数（国务院令第493号第三条）`,
        `${deathsText} → ${by(deaths, 0, 0)}`,
        `${show('seriousInjuries', injuries)} → ${by(0, injuries, 0)}`,
        `${show('directLossWanYuan', f.directLossWanYuan ?? 0)} → ${by(0, 0, lossYuan)}`,
        ...missingNote,
      ];
      if (f.burnedAreaHa !== undefined) reasons.push('受害森林面积不是生产安全事故的定级标准，未采用');
      return { grade, rule, reasons };
    }
    case 'forest_fire': {
      const areaHa = f.burnedAreaHa ?? 0;
      const { grade } = gradeForestFire({ areaHa, deaths, seriousInjuries: injuries });
      const by = (a: number, d: number, i: number) =>
        gradeForestFire({ areaHa: a, deaths: d, seriousInjuries: i }).grade;
      const reasons = [
        `${grade}森林火灾：取受害森林面积、死亡、重伤各项中最高的等级，“以上”包括本数；森林火灾至少为一般（《森林防火条例》第四十条）`,
        `${show('burnedAreaHa', areaHa)} → ${by(areaHa, 0, 0)}`,
        `${deathsText} → ${by(0, deaths, 0)}`,
        `${show('seriousInjuries', injuries)} → ${by(0, 0, injuries)}`,
        ...missingNote,
      ];
      if (f.directLossWanYuan !== undefined) reasons.push('直接经济损失不是森林火灾的定级标准，未采用');
      return { grade, rule, reasons };
    }
    case 'none':
      return {
        grade: null,
        rule,
        reasons: [
          `${getEventType(input.type).zh}没有可计算的定级规则，由值班人员按相应专项预案研判定级并记录`,
        ],
      };
  }
}

export interface FigureChange {
  field: keyof IncidentFigures;
  from: number | null;
  to: number | null;
}

export interface Regrading {
  changed: boolean;
  direction: 'up' | 'down' | 'same';
  from: IncidentGrade | null;
  to: IncidentGrade | null;
  grading: IncidentGrading;
  figureChanges: FigureChange[];
  /** What moved and why the grade is what it is now, in Chinese. */
  reasons: string[];
}

/**
 * Regrade on a follow-up report: `figures` are the new totals (续报 replaces, never adds). The grade may go up
 * (more casualties found) or down (missing persons found alive, a loss re-assessed); `previous.grade` is what was
 * recorded, which for a `none` type may be a grade the duty officer set by hand — then it stays (`to` = `from`).
 */
export function regradeOnFollowUp(
  previous: { type: EventTypeId; grade: IncidentGrade | null; figures: IncidentFigures },
  figures: IncidentFigures,
  options: GradingOptions = DEFAULT_GRADING_OPTIONS,
): Regrading {
  const grading = gradeIncident({ type: previous.type, figures }, options);
  const to = grading.rule === 'none' ? previous.grade : grading.grade;
  const from = previous.grade;
  const diff = gradeRank(to) - gradeRank(from);
  const direction = diff > 0 ? 'up' : diff < 0 ? 'down' : 'same';
  const figureChanges: FigureChange[] = FIGURE_KEYS.filter(
    (k) => (previous.figures[k] ?? null) !== (figures[k] ?? null),
  ).map((k) => ({ field: k, from: previous.figures[k] ?? null, to: figures[k] ?? null }));
  const moved = figureChanges.map(
    (c) =>
      `${FIGURE_LABELS[c.field].zh}：${c.from ?? '未报'} → ${c.to ?? '未报'}${c.to === null ? '' : ` ${FIGURE_LABELS[c.field].unit}`}`,
  );
  const verdict =
    direction === 'same'
      ? `等级不变：${to ?? '未定级'}`
      : `等级${direction === 'up' ? '上调' : '下调'}：${from ?? '未定级'} → ${to ?? '未定级'}`;
  return {
    changed: direction !== 'same',
    direction,
    from,
    to,
    grading,
    figureChanges,
    reasons: [verdict, ...moved, ...(grading.rule === 'none' ? [] : grading.reasons)],
  };
}

// ---- the response level: a decision, recorded ----

/** 应急响应级别, Ⅰ highest (STANDARDS.md §2.3; set by the plans, decided by the commander). */
export const RESPONSE_LEVELS = ['Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];
export const RESPONSE_LEVEL_LABELS: Record<ResponseLevel, string> = {
  Ⅰ: 'Ⅰ级响应',
  Ⅱ: 'Ⅱ级响应',
  Ⅲ: 'Ⅲ级响应',
  Ⅳ: 'Ⅳ级响应',
};

const zonedIso = z.string().superRefine((text, ctx) => {
  const parsed = parseZonedIso(text);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

/** A response-level decision as recorded: who decided, why, when. Not computed from the grade. */
export const ResponseLevelDecision = z
  .object({
    level: z.enum(RESPONSE_LEVELS, { error: '响应级别应为 Ⅰ、Ⅱ、Ⅲ 或 Ⅳ' }),
    decidedBy: z
      .object({
        id: z.string().trim().min(1, '不能为空'),
        name: z.string().trim().min(1, '不能为空').max(50, '最多 50 个字符'),
        /** e.g. 县长、县应急管理局局长、带班领导 */
        title: z.string().trim().max(50, '最多 50 个字符').optional(),
      })
      .strict(),
    reason: z.string().trim().min(1, '须填写决策依据').max(1000, '最多 1000 个字符'),
    /** When it was decided, zoned ISO 8601. */
    at: zonedIso,
  })
  .strict();
export type ResponseLevelDecision = z.infer<typeof ResponseLevelDecision>;
