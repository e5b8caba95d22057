/**
 * Production-safety accident grade, 《生产安全事故报告和调查处理条例》(国务院令第493号) 第三条
 * (STANDARDS.md §2.1, CONFIRMED). Criteria are joined by 或者: the grade is the highest reached by any
 * of deaths, serious injuries (incl. acute industrial poisoning) or direct economic loss; "以上" includes
 * the number itself, "以下" does not.
 */
import { z } from 'zod';

export const ACCIDENT_GRADES = ['特别重大', '重大', '较大', '一般'] as const;
export type AccidentGrade = (typeof ACCIDENT_GRADES)[number];

const count = z.number().int('须为整数').min(0, '不能为负数');
export const AccidentGradeInput = z
  .object({ deaths: count, seriousInjuries: count, directLossYuan: z.number().min(0, '不能为负数').finite() })
  .strict();
export type AccidentGradeInput = z.infer<typeof AccidentGradeInput>;

/** Lower bounds (inclusive) per grade: deaths, serious injuries, direct loss in yuan. */
const THRESHOLDS: { grade: AccidentGrade; deaths: number; injuries: number; lossYuan: number }[] = [
  { grade: '特别重大', deaths: 30, injuries: 100, lossYuan: 100_000_000 },
  { grade: '重大', deaths: 10, injuries: 50, lossYuan: 50_000_000 },
  { grade: '较大', deaths: 3, injuries: 10, lossYuan: 10_000_000 },
];

export function gradeAccident(input: AccidentGradeInput): { grade: AccidentGrade } {
  for (const t of THRESHOLDS)
    if (input.deaths >= t.deaths || input.seriousInjuries >= t.injuries || input.directLossYuan >= t.lossYuan)
      return { grade: t.grade };
  return { grade: '一般' };
}
