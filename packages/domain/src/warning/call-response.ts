/**
 * 叫应 (call and respond, issue #5 part 6): every responsible person a warning names must answer ("收到，
 * 正在处置") within a set time; no answer → the message is sent again, then the township leader is asked to
 * reach them, then the county duty officer.
 *
 * The schedule counts from the first send (`sentAt`), so a late resend never delays an escalation:
 *   initial at 0, resend k at k × answerMinutes (k = 1…resendTimes),
 *   township at escalateToTownshipAfterMinutes, county at escalateToCountyAfterMinutes.
 * A step is due at its time exactly (now ≥ dueAt). An answer at any time ends the chain.
 *
 * The times are configuration. No national rule fixing them was found: 长治市《水旱灾害防御预警"叫应"机制
 * （试行）》 asks that responsible persons be "叫醒" within 5 minutes
 * (http://www.ldcuv.com/xinwen/changzhixinwen1/108107.html, a local rule). `DEFAULT_CALL_RESPONSE_POLICY` —
 * answer within 5 min, one resend, township at 10 min, county at 20 min — is UNCONFIRMED.
 */
import { z } from 'zod';
import { EVERY_PROBLEM } from '../calc/checks.ts';

export const CALL_STEPS = ['initial', 'resend', 'township', 'county'] as const;
export type CallStep = (typeof CALL_STEPS)[number];
export const CallStepSchema = z.enum(CALL_STEPS);
export const CALL_STEP_LABELS: Record<CallStep, string> = {
  initial: '首次叫应',
  resend: '再次叫应',
  township: '已报乡镇领导',
  county: '已报县值班室',
};

const Minutes = z
  .number()
  .finite()
  .positive('须大于 0')
  .max(24 * 60, '不超过 1440 分钟');

export const CallResponsePolicySchema = z
  .object({
    /** minutes to answer each call */
    answerMinutes: Minutes,
    /** resends before escalating */
    resendTimes: z.number().int('须为整数').min(0, '不能为负数').max(5, '不超过 5 次'),
    /** minutes after the first send */
    escalateToTownshipAfterMinutes: Minutes,
    /** minutes after the first send */
    escalateToCountyAfterMinutes: Minutes,
  })
  .strict()
  .superRefine((p, ctx) => {
    const num = (v: unknown) => (typeof v === 'number' ? v : NaN);
    const lastResend = num(p.answerMinutes) * num(p.resendTimes);
    if (!(num(p.escalateToTownshipAfterMinutes) > lastResend))
      ctx.addIssue({
        code: 'custom',
        path: ['escalateToTownshipAfterMinutes'],
        message: `报乡镇领导须晚于最后一次再次叫应（第 ${lastResend} 分钟）`,
      });
    if (!(num(p.escalateToCountyAfterMinutes) > num(p.escalateToTownshipAfterMinutes)))
      ctx.addIssue({
        code: 'custom',
        path: ['escalateToCountyAfterMinutes'],
        message: '报县值班室须晚于报乡镇领导',
      });
  }, EVERY_PROBLEM);
export type CallResponsePolicy = z.infer<typeof CallResponsePolicySchema>;

/** UNCONFIRMED (configuration), see the file comment. */
export const DEFAULT_CALL_RESPONSE_POLICY: CallResponsePolicy = {
  answerMinutes: 5,
  resendTimes: 1,
  escalateToTownshipAfterMinutes: 10,
  escalateToCountyAfterMinutes: 20,
};

export interface ScheduledStep {
  step: CallStep;
  dueAt: Date;
}

const MINUTE = 60_000;

/** Every step of the chain and when it falls due, in order. */
export function callSchedule(
  sentAt: Date,
  policy: CallResponsePolicy = DEFAULT_CALL_RESPONSE_POLICY,
): ScheduledStep[] {
  const at = (minutes: number) => new Date(sentAt.getTime() + minutes * MINUTE);
  return [
    { step: 'initial', dueAt: at(0) },
    ...Array.from({ length: policy.resendTimes }, (_, k) => ({
      step: 'resend' as const,
      dueAt: at((k + 1) * policy.answerMinutes),
    })),
    { step: 'township', dueAt: at(policy.escalateToTownshipAfterMinutes) },
    { step: 'county', dueAt: at(policy.escalateToCountyAfterMinutes) },
  ];
}

export interface CallState {
  /** When the first message went out. */
  sentAt: Date;
  /** Steps already taken, in order (e.g. ['initial', 'resend']). */
  steps: readonly CallStep[];
  answeredAt: Date | null;
  now: Date;
}

export interface NextCallStep extends ScheduledStep {
  /** now ≥ dueAt: act now (also when the step is overdue, e.g. after a restart). */
  isDue: boolean;
}

/**
 * What to do next for one person and when, or null when they have answered or every step has been taken.
 * Steps are matched by kind and count, so a chain taken under an older policy resumes sensibly.
 */
export function nextCallStep(
  state: CallState,
  policy: CallResponsePolicy = DEFAULT_CALL_RESPONSE_POLICY,
): NextCallStep | null {
  if (state.answeredAt !== null) return null;
  const taken = new Map<CallStep, number>();
  for (const s of state.steps) taken.set(s, (taken.get(s) ?? 0) + 1);
  const seen = new Map<CallStep, number>();
  for (const item of callSchedule(state.sentAt, policy)) {
    const n = (seen.get(item.step) ?? 0) + 1;
    seen.set(item.step, n);
    if ((taken.get(item.step) ?? 0) >= n) continue;
    // An escalation already taken makes the resends before it moot.
    const laterSteps = CALL_STEPS.slice(CALL_STEPS.indexOf(item.step) + 1);
    if (laterSteps.some((s) => (taken.get(s) ?? 0) > 0)) continue;
    return { ...item, isDue: state.now.getTime() >= item.dueAt.getTime() };
  }
  return null;
}

export interface CallRow {
  townshipCode: string | null;
  townshipName?: string | null | undefined;
  /** null for a person answering for the township itself (乡镇本级) or a department. */
  villageCode: string | null;
  villageName?: string | null | undefined;
  /** The last step taken for this person. */
  step: CallStep;
  answeredAt: Date | null;
}

export interface BoardCell {
  answered: number;
  unanswered: number;
  /** The furthest step taken for anyone here (initial < resend < township < county). */
  latestStep: CallStep;
}
export interface BoardVillage extends BoardCell {
  code: string | null;
  name: string | null;
}
export interface BoardTownship extends BoardCell {
  code: string | null;
  name: string | null;
  villages: BoardVillage[];
}
export interface CallBoard {
  answered: number;
  unanswered: number;
  townships: BoardTownship[];
}

const later = (a: CallStep, b: CallStep): CallStep => (CALL_STEPS.indexOf(b) > CALL_STEPS.indexOf(a) ? b : a);
const byCode = (a: { code: string | null }, b: { code: string | null }) =>
  a.code === b.code ? 0 : a.code === null ? 1 : b.code === null ? -1 : a.code < b.code ? -1 : 1;

/**
 * The live board: per township, per village, who has and has not answered and how far the chain has gone.
 * Townships and villages in code order; people without a township or village last (code null).
 */
export function callBoard(rows: readonly CallRow[]): CallBoard {
  const townships = new Map<string | null, BoardTownship>();
  for (const r of rows) {
    let t = townships.get(r.townshipCode);
    if (!t) {
      t = {
        code: r.townshipCode,
        name: r.townshipName ?? null,
        answered: 0,
        unanswered: 0,
        latestStep: 'initial',
        villages: [],
      };
      townships.set(r.townshipCode, t);
    }
    t.name ??= r.townshipName ?? null;
    let v = t.villages.find((x) => x.code === r.villageCode);
    if (!v) {
      v = {
        code: r.villageCode,
        name: r.villageName ?? null,
        answered: 0,
        unanswered: 0,
        latestStep: 'initial',
      };
      t.villages.push(v);
    }
    v.name ??= r.villageName ?? null;
    const answered = r.answeredAt !== null;
    for (const cell of [t, v]) {
      if (answered) cell.answered += 1;
      else cell.unanswered += 1;
      cell.latestStep = later(cell.latestStep, r.step);
    }
  }
  const list = [...townships.values()].sort(byCode);
  for (const t of list) t.villages.sort(byCode);
  return {
    answered: list.reduce((n, t) => n + t.answered, 0),
    unanswered: list.reduce((n, t) => n + t.unanswered, 0),
    townships: list,
  };
}
