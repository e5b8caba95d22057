import { describe, expect, it } from 'vitest';
import { ForestFireGradeInput, gradeForestFire } from './forest-fire-grade.ts';

const g = (areaHa: number, deaths: number, seriousInjuries: number) =>
  gradeForestFire({ areaHa, deaths, seriousInjuries }).grade;

describe('forest fire grade, 森林防火条例 第四十条 (STANDARDS.md §5.1)', () => {
  it('"以上"包括本数: each threshold itself reaches the grade', () => {
    expect(g(1000, 0, 0)).toBe('特别重大');
    expect(g(0, 30, 0)).toBe('特别重大');
    expect(g(0, 0, 100)).toBe('特别重大');
    expect(g(100, 0, 0)).toBe('重大');
    expect(g(0, 10, 0)).toBe('重大');
    expect(g(0, 0, 50)).toBe('重大');
    expect(g(1, 0, 0)).toBe('较大');
    expect(g(0, 3, 0)).toBe('较大');
    expect(g(0, 0, 10)).toBe('较大');
  });

  it('"以下"不包括本数: just below each threshold stays in the lower grade', () => {
    expect(g(999.99, 29, 99)).toBe('重大');
    expect(g(99.99, 9, 49)).toBe('较大');
    expect(g(0.99, 2, 9)).toBe('一般');
  });

  it('一般: under 1 ha or a fire on other forest land, 1–2 deaths, 1–9 serious injuries — and any smaller fire', () => {
    expect(g(0.5, 1, 0)).toBe('一般');
    expect(g(0, 0, 1)).toBe('一般');
    expect(g(0, 0, 0)).toBe('一般');
  });

  it('或者: the highest criterion wins', () => {
    expect(g(0.2, 10, 0)).toBe('重大');
    expect(g(150, 0, 100)).toBe('特别重大');
    expect(g(1200, 1, 1)).toBe('特别重大');
    expect(g(5, 2, 60)).toBe('重大');
  });

  it('rejects negative, fractional and missing values, naming each field', () => {
    const r = ForestFireGradeInput.safeParse({ areaHa: -1, deaths: 1.5, extra: 0 });
    expect(r.error?.issues.map((i) => i.path.join('.') || '(input)').sort()).toEqual([
      '(input)',
      'areaHa',
      'deaths',
      'seriousInjuries',
    ]);
    expect(ForestFireGradeInput.safeParse({ areaHa: Infinity, deaths: 0, seriousInjuries: 0 }).success).toBe(
      false,
    );
  });
});
