import { describe, expect, it } from 'vitest';
import {
  gradeIncident,
  GradeIncidentInputSchema,
  gradeRank,
  regradeOnFollowUp,
  ResponseLevelDecision,
} from './grading.ts';

const grade = (type: Parameters<typeof gradeIncident>[0]['type'], figures: object) =>
  gradeIncident({ type, figures }).grade;

describe('production-safety accidents, 国务院令第493号 第三条 (STANDARDS.md §2.1)', () => {
  it.each([
    // [deaths, serious injuries, loss 万元, grade] — "以上"包括本数 at each bound
    [0, 0, 0, '一般'],
    [2, 9, 999.99, '一般'],
    [3, 0, 0, '较大'],
    [0, 10, 0, '较大'],
    [0, 0, 1000, '较大'],
    [9, 49, 4999, '较大'],
    [10, 0, 0, '重大'],
    [0, 50, 0, '重大'],
    [0, 0, 5000, '重大'],
    [29, 99, 9999, '重大'],
    [30, 0, 0, '特别重大'],
    [0, 100, 0, '特别重大'],
    [0, 0, 10000, '特别重大'],
  ])(
    'deaths %i, serious injuries %i, loss %f 万元 → %s',
    (deaths, seriousInjuries, directLossWanYuan, expected) => {
      expect(grade('coal_mine', { deaths, seriousInjuries, directLossWanYuan })).toBe(expected);
    },
  );

  it('或者: the highest grade any one criterion reaches wins, and each criterion is explained', () => {
    const r = gradeIncident({
      type: 'hazardous_chemicals',
      figures: { deaths: 1, seriousInjuries: 12, directLossWanYuan: 6000 },
    });
    expect(r).toMatchObject({ grade: '重大', rule: 'accident_493' });
    expect(r.reasons[0]).toContain('国务院令第493号第三条');
    expect(r.reasons.slice(1)).toEqual([
      '死亡 1 人 → 一般',
      '重伤 12 人 → 较大',
      '直接经济损失 6000 万元 → 重大',
    ]);
  });

  it('applies to road-traffic and fire accidents too', () => {
    expect(grade('road_traffic', { deaths: 3 })).toBe('较大');
    expect(grade('fire_accident', { seriousInjuries: 50 })).toBe('重大');
  });

  it('失踪 is not counted as 死亡 by default (UNCONFIRMED) and the reasons say so; the option counts it', () => {
    const r = gradeIncident({ type: 'coal_mine', figures: { deaths: 2, missing: 1 } });
    expect(r.grade).toBe('一般');
    expect(r.reasons.join('\n')).toContain('失踪 1 人未计入死亡人数');
    const counted = gradeIncident(
      { type: 'coal_mine', figures: { deaths: 2, missing: 1 } },
      { countMissingAsDeaths: true },
    );
    expect(counted.grade).toBe('较大');
    expect(counted.reasons[1]).toBe('死亡 2 人 + 失踪 1 人（失踪按死亡计） → 较大');
  });

  it('burned forest area is not a criterion for an accident', () => {
    const r = gradeIncident({ type: 'work_safety', figures: { burnedAreaHa: 5000 } });
    expect(r.grade).toBe('一般');
    expect(r.reasons).toContain('受害森林面积不是生产安全事故的定级标准，未采用');
  });
});

describe('forest fires, 《森林防火条例》第四十条 (STANDARDS.md §5.1)', () => {
  it.each([
    [0.5, 0, 0, '一般'],
    [0, 2, 9, '一般'],
    [1, 0, 0, '较大'],
    [99.9, 0, 0, '较大'],
    [0, 3, 0, '较大'],
    [0, 0, 10, '较大'],
    [100, 0, 0, '重大'],
    [0, 10, 0, '重大'],
    [0, 0, 50, '重大'],
    [1000, 0, 0, '特别重大'],
    [0, 30, 0, '特别重大'],
    [0, 0, 100, '特别重大'],
  ])('area %f ha, deaths %i, serious injuries %i → %s', (burnedAreaHa, deaths, seriousInjuries, expected) => {
    expect(grade('forest_fire', { burnedAreaHa, deaths, seriousInjuries })).toBe(expected);
  });

  it('the highest criterion wins; direct loss is not a forest-fire criterion', () => {
    const r = gradeIncident({
      type: 'forest_grassland_fire',
      figures: { burnedAreaHa: 150, deaths: 4, directLossWanYuan: 20000 },
    });
    expect(r).toMatchObject({ grade: '重大', rule: 'forest_fire' });
    expect(r.reasons).toContain('受害森林面积 150 公顷 → 重大');
    expect(r.reasons).toContain('死亡 4 人 → 较大');
    expect(r.reasons).toContain('直接经济损失不是森林火灾的定级标准，未采用');
  });
});

describe('types without a computable rule', () => {
  it('gives no grade and says the plan decides', () => {
    const r = gradeIncident({ type: 'landslide', figures: { deaths: 40 } });
    expect(r.grade).toBeNull();
    expect(r.rule).toBe('none');
    expect(r.reasons[0]).toContain('滑坡没有可计算的定级规则');
  });
});

describe('input', () => {
  it('rejects bad figures with every problem listed', () => {
    const r = GradeIncidentInputSchema.safeParse({
      type: 'nope',
      figures: { deaths: -1, seriousInjuries: 1.5, directLossWanYuan: -3, extra: 1 },
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual([
      'figures',
      'figures.deaths',
      'figures.directLossWanYuan',
      'figures.seriousInjuries',
      'type',
    ]);
  });
});

describe('regrading on follow-up reports (续报 totals replace the earlier ones)', () => {
  it('goes up when casualties rise past a bound, naming the figures that moved', () => {
    const r = regradeOnFollowUp(
      { type: 'non_coal_mine', grade: '一般', figures: { deaths: 2, seriousInjuries: 4 } },
      { deaths: 3, seriousInjuries: 4 },
    );
    expect(r).toMatchObject({ changed: true, direction: 'up', from: '一般', to: '较大' });
    expect(r.figureChanges).toEqual([{ field: 'deaths', from: 2, to: 3 }]);
    expect(r.reasons.slice(0, 2)).toEqual(['等级上调：一般 → 较大', '死亡：2 → 3 人']);
  });

  it('goes down when missing persons are found alive (失踪 counted as dead by option)', () => {
    const r = regradeOnFollowUp(
      { type: 'coal_mine', grade: '重大', figures: { deaths: 4, missing: 6 } },
      { deaths: 4, missing: 0 },
      { countMissingAsDeaths: true },
    );
    expect(r).toMatchObject({ changed: true, direction: 'down', from: '重大', to: '较大' });
  });

  it('stays when the numbers move inside a band', () => {
    const r = regradeOnFollowUp(
      { type: 'forest_fire', grade: '较大', figures: { burnedAreaHa: 20 } },
      { burnedAreaHa: 80 },
    );
    expect(r).toMatchObject({ changed: false, direction: 'same', to: '较大' });
    expect(r.reasons[0]).toBe('等级不变：较大');
  });

  it('keeps a hand-set grade for a type without a rule', () => {
    const r = regradeOnFollowUp(
      { type: 'debris_flow', grade: '较大', figures: { deaths: 1 } },
      { deaths: 2 },
    );
    expect(r).toMatchObject({ changed: false, from: '较大', to: '较大' });
  });

  it('ranks grades 特别重大 > 重大 > 较大 > 一般 > none', () => {
    expect([
      gradeRank('特别重大'),
      gradeRank('重大'),
      gradeRank('较大'),
      gradeRank('一般'),
      gradeRank(null),
    ]).toEqual([4, 3, 2, 1, 0]);
  });
});

describe('ResponseLevelDecision: recorded, not computed', () => {
  it('accepts a decision with level Ⅰ–Ⅳ, who, why and a zoned time', () => {
    const ok = ResponseLevelDecision.safeParse({
      level: 'Ⅲ',
      decidedBy: { id: 'u-1', name: '王局长', title: '县应急管理局局长' },
      reason: '滑坡威胁 3 户 12 人，启动地质灾害专项预案Ⅲ级响应',
      at: '2026-07-01T10:30:00+08:00',
    });
    expect(ok.success).toBe(true);
  });

  it('rejects a decision without a reason, with an unknown level or an unzoned time — every problem listed', () => {
    const r = ResponseLevelDecision.safeParse({
      level: 'V',
      decidedBy: { id: '', name: '' },
      reason: '  ',
      at: '2026-07-01T10:30:00',
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'at',
      'decidedBy.id',
      'decidedBy.name',
      'level',
      'reason',
    ]);
  });
});
