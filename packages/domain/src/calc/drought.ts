/**
 * Meteorological drought grade, GB/T 20481-2017《气象干旱等级》(STANDARDS.md §8, CONFIRMED for the grades), from
 * the composite index MCI or the standardized precipitation index SPI — the same bounds for both:
 *   无旱 −0.5 < x;  轻旱 −1.0 < x ≤ −0.5;  中旱 −1.5 < x ≤ −1.0;  重旱 −2.0 < x ≤ −1.5;  特旱 x ≤ −2.0.
 * Each bound belongs to the drier grade. `level` is the grade's number (1 无旱 … 5 特旱). Computing MCI itself
 * needs regional coefficients that are UNCONFIRMED; this calculator grades a given value only.
 */
import { z } from 'zod';

export const DROUGHT_GRADES = ['无旱', '轻旱', '中旱', '重旱', '特旱'] as const;
export type DroughtGrade = (typeof DROUGHT_GRADES)[number];

export const DroughtInput = z.object({ index: z.enum(['MCI', 'SPI']), value: z.number().finite() }).strict();
export type DroughtInput = z.infer<typeof DroughtInput>;

/** Upper bounds (inclusive) of 轻旱, 中旱, 重旱, 特旱. */
const UPPER_BOUNDS: { grade: DroughtGrade; max: number }[] = [
  { grade: '特旱', max: -2.0 },
  { grade: '重旱', max: -1.5 },
  { grade: '中旱', max: -1.0 },
  { grade: '轻旱', max: -0.5 },
];

export function gradeDrought(input: DroughtInput): { grade: DroughtGrade; level: number } {
  const grade = UPPER_BOUNDS.find((b) => input.value <= b.max)?.grade ?? '无旱';
  return { grade, level: DROUGHT_GRADES.indexOf(grade) + 1 };
}
