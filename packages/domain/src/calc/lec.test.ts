import { describe, expect, it } from 'vitest';
import { assessLec, DEFAULT_LEC_CONFIG, lecDanger, LecInput } from './lec.ts';

describe('LEC, STANDARDS.md §4.1 (D = L×E×C, upper-inclusive bands)', () => {
  it.each([
    [1, 0.5, 40, 20, '稍有危险'], // aqrzj worked example 坍塌: D = 20 rated 稍有危险
    [3, 3, 3, 27, '一般危险'],
    [1, 6, 7, 42, '一般危险'],
    [6, 3, 7, 126, '显著危险'],
    [1, 10, 7, 70, '一般危险'], // 70 is the top of 一般危险
    [3, 6, 15, 270, '高度危险'],
    [1, 2, 100, 200, '高度危险'],
    [10, 6, 15, 900, '极其危险'],
    [0.1, 0.5, 1, 0.05, '稍有危险'],
  ] as const)('L=%s E=%s C=%s → D=%s %s', (L, E, C, D, danger) => {
    const r = assessLec({ L, E, C });
    expect(r.D).toBe(D);
    expect(r.danger).toBe(danger);
  });

  it('band edges: 20/70/160/320 belong to the lower band', () => {
    expect(lecDanger(20)).toBe('稍有危险');
    expect(lecDanger(20.5)).toBe('一般危险');
    expect(lecDanger(160)).toBe('显著危险');
    expect(lecDanger(320)).toBe('高度危险');
    expect(lecDanger(320.1)).toBe('极其危险');
  });

  it('§4.2 four colours via the configurable mapping (default: 极其→红, 高度→橙, 显著→黄, else 蓝)', () => {
    expect(assessLec({ L: 10, E: 10, C: 15 })).toMatchObject({ riskLevel: '重大风险', color: 'red' });
    expect(assessLec({ L: 3, E: 6, C: 15 })).toMatchObject({ riskLevel: '较大风险', color: 'orange' });
    expect(assessLec({ L: 6, E: 3, C: 7 })).toMatchObject({ riskLevel: '一般风险', color: 'yellow' });
    expect(assessLec({ L: 3, E: 3, C: 3 })).toMatchObject({ riskLevel: '低风险', color: 'blue' });
    const strict = {
      riskLevelByDanger: { ...DEFAULT_LEC_CONFIG.riskLevelByDanger, 一般危险: '一般风险' as const },
    };
    expect(assessLec({ L: 3, E: 3, C: 3 }, strict)).toMatchObject({ riskLevel: '一般风险', color: 'yellow' });
  });

  it('rejects scores that are not on the published scales, naming each', () => {
    const r = LecInput.safeParse({ L: 4, E: 6, C: 8 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['L', 'C']);
  });
});
