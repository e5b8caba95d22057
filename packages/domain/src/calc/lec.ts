/**
 * LEC (作业条件危险性评价法, Graham–Kinney): D = L × E × C, STANDARDS.md §4.1 (scores CONFIRMED).
 * Danger bands are upper-inclusive (D ≤ 20 稍有危险 … D > 320 极其危险): the sources write the top band as
 * "> 320" and rate a worked example with D = 20 as 稍有危险. The mapping from D to the four risk
 * colours (§4.2) is a common convention, not a national rule (UNCONFIRMED): it is configuration.
 */
import { z } from 'zod';

export const LEC_L_SCORES = [10, 6, 3, 1, 0.5, 0.2, 0.1] as const;
export const LEC_E_SCORES = [10, 6, 3, 2, 1, 0.5] as const;
export const LEC_C_SCORES = [100, 40, 15, 7, 3, 1] as const;

export const LEC_DANGERS = ['极其危险', '高度危险', '显著危险', '一般危险', '稍有危险'] as const;
export type LecDanger = (typeof LEC_DANGERS)[number];

export const RISK_LEVELS = ['重大风险', '较大风险', '一般风险', '低风险'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type RiskColor = 'red' | 'orange' | 'yellow' | 'blue';
export const RISK_LEVEL_COLORS: Record<RiskLevel, RiskColor> = {
  重大风险: 'red',
  较大风险: 'orange',
  一般风险: 'yellow',
  低风险: 'blue',
};

/** Which risk level each danger band maps to (configuration; default after xiaomilidoc's 1–4 级). */
export type LecConfig = { riskLevelByDanger: Record<LecDanger, RiskLevel> };
export const DEFAULT_LEC_CONFIG: LecConfig = {
  riskLevelByDanger: {
    极其危险: '重大风险',
    高度危险: '较大风险',
    显著危险: '一般风险',
    一般危险: '低风险',
    稍有危险: '低风险',
  },
};

const oneOf = (scores: readonly number[], what: string) =>
  z.number().refine((v) => scores.includes(v), { message: `${what} 须为 ${scores.join('、')} 之一` });

export const LecInput = z
  .object({ L: oneOf(LEC_L_SCORES, 'L'), E: oneOf(LEC_E_SCORES, 'E'), C: oneOf(LEC_C_SCORES, 'C') })
  .strict();
export type LecInput = z.infer<typeof LecInput>;

export interface LecResult {
  D: number;
  danger: LecDanger;
  riskLevel: RiskLevel;
  color: RiskColor;
}

export function lecDanger(D: number): LecDanger {
  if (D > 320) return '极其危险';
  if (D > 160) return '高度危险';
  if (D > 70) return '显著危险';
  if (D > 20) return '一般危险';
  return '稍有危险';
}

export function assessLec(input: LecInput, config: LecConfig = DEFAULT_LEC_CONFIG): LecResult {
  // Scores have at most one decimal: round away binary noise (0.1 × 6 × 40 = 24.000000000000004).
  const D = Math.round(input.L * input.E * input.C * 1000) / 1000;
  const danger = lecDanger(D);
  const riskLevel = config.riskLevelByDanger[danger];
  return { D, danger, riskLevel, color: RISK_LEVEL_COLORS[riskLevel] };
}
