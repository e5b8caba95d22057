import { describe, expect, it } from 'vitest';
import { AccidentGradeInput, gradeAccident } from './accident-grade.ts';

const g = (deaths: number, seriousInjuries: number, directLossYuan: number) =>
  gradeAccident({ deaths, seriousInjuries, directLossYuan }).grade;

describe('accident grade, 国务院令第493号 第三条 (STANDARDS.md §2.1)', () => {
  it('"以上"包括本数: each threshold itself reaches the grade', () => {
    expect(g(30, 0, 0)).toBe('特别重大');
    expect(g(0, 100, 0)).toBe('特别重大');
    expect(g(0, 0, 100_000_000)).toBe('特别重大');
    expect(g(10, 0, 0)).toBe('重大');
    expect(g(0, 50, 0)).toBe('重大');
    expect(g(0, 0, 50_000_000)).toBe('重大');
    expect(g(3, 0, 0)).toBe('较大');
    expect(g(0, 10, 0)).toBe('较大');
    expect(g(0, 0, 10_000_000)).toBe('较大');
  });
  it('"以下"不包括本数: just below each threshold stays in the lower grade', () => {
    expect(g(29, 99, 99_999_999)).toBe('重大');
    expect(g(9, 49, 49_999_999)).toBe('较大');
    expect(g(2, 9, 9_999_999)).toBe('一般');
    expect(g(0, 0, 0)).toBe('一般');
  });
  it('或者: the highest criterion wins', () => {
    expect(g(1, 0, 60_000_000)).toBe('重大');
    expect(g(3, 100, 0)).toBe('特别重大');
  });
  it('rejects negative and fractional counts, naming each field', () => {
    const r = AccidentGradeInput.safeParse({ deaths: -1, seriousInjuries: 1.5, directLossYuan: -3 });
    expect(r.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'deaths',
      'directLossYuan',
      'seriousInjuries',
    ]);
  });
});
