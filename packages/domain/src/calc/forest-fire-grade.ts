/**
 * Forest fire grade, 《森林防火条例》(2008 revision) 第四十条 (STANDARDS.md §5.1, CONFIRMED):
 *
 * | 等级     | 受害森林面积            | 死亡        | 重伤         |
 * | 一般     | < 1 ha 或者其他林地起火 | 1 ≤ d < 3   | 1 ≤ i < 10   |
 * | 较大     | 1 ≤ A < 100 ha          | 3 ≤ d < 10  | 10 ≤ i < 50  |
 * | 重大     | 100 ≤ A < 1000 ha       | 10 ≤ d < 30 | 50 ≤ i < 100 |
 * | 特别重大 | ≥ 1000 ha               | ≥ 30        | ≥ 100        |
 *
 * "以上"包括本数, "以下"不包括本数; the criteria are joined by 或者, so the grade is the highest any one reaches.
 * Every forest fire is at least 一般 (under 1 ha, or a fire on other forest land, with no casualties).
 */
import { z } from 'zod';

export const FOREST_FIRE_GRADES = ['特别重大', '重大', '较大', '一般'] as const;
export type ForestFireGrade = (typeof FOREST_FIRE_GRADES)[number];

const count = z.number().int('须为整数').min(0, '不能为负数');
export const ForestFireGradeInput = z
  .object({ areaHa: z.number().finite().min(0, '不能为负数'), deaths: count, seriousInjuries: count })
  .strict();
export type ForestFireGradeInput = z.infer<typeof ForestFireGradeInput>;

/** Lower bounds (inclusive) per grade: damaged forest area (ha), deaths, serious injuries. */
const THRESHOLDS: { grade: ForestFireGrade; areaHa: number; deaths: number; injuries: number }[] = [
  { grade: '特别重大', areaHa: 1000, deaths: 30, injuries: 100 },
  { grade: '重大', areaHa: 100, deaths: 10, injuries: 50 },
  { grade: '较大', areaHa: 1, deaths: 3, injuries: 10 },
];

export function gradeForestFire(input: ForestFireGradeInput): { grade: ForestFireGrade } {
  for (const t of THRESHOLDS)
    if (input.areaHa >= t.areaHa || input.deaths >= t.deaths || input.seriousInjuries >= t.injuries)
      return { grade: t.grade };
  return { grade: '一般' };
}
