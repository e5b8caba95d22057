import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  GB18218_CATEGORY_CODES,
  GB18218_TABLE1,
  GB18218_TABLE1_BETA_BASIS,
  GB18218_TABLE2,
  GB18218_TABLE3_GASES,
  GB18218_TABLE4_BETA,
} from './gb18218-tables.ts';
import {
  computeMajorHazard,
  DEFAULT_MAJOR_HAZARD_CONFIG,
  findGb18218Category,
  getExposureAlpha,
  getMajorHazardGrade,
  isValidCasNumber,
  MajorHazardInput,
  resolveSubstances,
  type MajorHazardConfig,
} from './major-hazard.ts';

type Substance = MajorHazardInput['substances'][number];

/** Validates like the CLI/API do, then computes. */
function run(substances: Substance[], exposedPeople: number, config?: MajorHazardConfig) {
  return computeMajorHazard(MajorHazardInput.parse({ substances, exposedPeople }), config);
}

function issuePaths(raw: unknown): string[] {
  const r = MajorHazardInput.safeParse(raw);
  expect(r.success).toBe(false);
  return (r.error?.issues ?? []).map((i) => i.path.join('.')).sort();
}

describe('GB 18218-2018 tables as transcribed from STANDARDS.md §1.2–1.4', () => {
  it('Table 1 has 85 named chemicals, unique full names, valid CAS numbers', () => {
    expect(GB18218_TABLE1).toHaveLength(85);
    expect(GB18218_TABLE1.map((c) => c.no)).toEqual(Array.from({ length: 85 }, (_, i) => i + 1));
    expect(new Set(GB18218_TABLE1.map((c) => c.fullName)).size).toBe(85);
    for (const c of GB18218_TABLE1) for (const cas of c.cas) expect(isValidCasNumber(cas), cas).toBe(true);
  });

  it('Table 1 CAS numbers are unique except the rows the 说明 tells apart (硝化纤维素 ×6, 硝酸铵 ×2)', () => {
    const rowsByCas = new Map<string, string[]>();
    for (const c of GB18218_TABLE1)
      for (const cas of c.cas) rowsByCas.set(cas, [...(rowsByCas.get(cas) ?? []), c.name]);
    const shared = [...rowsByCas].filter(([, names]) => names.length > 1);
    expect(Object.fromEntries(shared.map(([cas, names]) => [cas, names.length]))).toEqual({
      '9004-70-0': 6,
      '6484-52-2': 2,
    });
    expect(shared.flatMap(([, names]) => names).every((n) => /^(硝化纤维素|硝酸铵)/.test(n))).toBe(true);
    expect(GB18218_TABLE1.filter((c) => c.cas.length === 0).map((c) => c.name)).toEqual([
      '煤气',
      '硝酸铵肥料',
      '烷基铝',
    ]);
  });

  it.each([
    ['氧（压缩的或液化的）', 200],
    ['硝酸胍', 50],
    ['碳酰氯', 0.3],
    ['异氰酸甲酯', 0.75],
    ['硝酸钾', 1000],
    ['液化石油气（含丙烷、丁烷及其混合物）', 50],
    ['汽油（乙醇汽油、甲醇汽油）', 200],
    ['硝化纤维素（含乙醇≥25%）', 10],
    ['钠', 10],
  ])('Table 1 spot check (STANDARDS.md §1.2): %s Q = %s t', (fullName, q) => {
    expect(GB18218_TABLE1.find((c) => c.fullName === fullName)?.criticalQuantity).toBe(q);
  });

  it('Table 2 has the 24 categories J1…W11, each with a Table 4 β', () => {
    expect(GB18218_TABLE2.map((c) => c.code)).toEqual([...GB18218_CATEGORY_CODES]);
    expect(GB18218_TABLE2).toHaveLength(24);
    expect(Object.keys(GB18218_TABLE4_BETA).sort()).toEqual([...GB18218_CATEGORY_CODES].sort());
  });

  it('every Table 3 gas but 一氧化碳 is a Table 1 name; the β configuration covers exactly the others', () => {
    const names = new Set(GB18218_TABLE1.map((c) => c.name));
    expect(GB18218_TABLE3_GASES.filter((g) => !names.has(g))).toEqual(['一氧化碳']);
    const outsideTable3 = GB18218_TABLE1.filter(
      (c) => !(GB18218_TABLE3_GASES as readonly string[]).includes(c.name),
    );
    expect(outsideTable3).toHaveLength(72);
    expect(Object.keys(GB18218_TABLE1_BETA_BASIS).sort()).toEqual(
      outsideTable3.map((c) => c.fullName).sort(),
    );
  });
});

describe('identification, GB 18218-2018 4.2 (STANDARDS.md §1.1: S = Σ q/Q ≥ 1)', () => {
  it('one chemical: q ≥ Q is a major hazard installation, inclusive at q = Q', () => {
    expect(run([{ name: '氯', quantity: 5 }], 10)).toMatchObject({ S: 1, isMajorHazard: true });
    expect(run([{ name: '氯', quantity: 4.999 }], 10)).toMatchObject({ isMajorHazard: false, grade: null });
  });

  it('several chemicals: S = Σ q/Q; below 1 is not a major hazard, R still reported, grade null', () => {
    const r = run(
      [
        { name: '甲醇', quantity: 200 },
        { name: '甲苯', quantity: 250 },
      ],
      10,
    );
    expect(r.S).toBeCloseTo(0.9, 10);
    expect(r.isMajorHazard).toBe(false);
    expect(r.grade).toBeNull();
    expect(r.R).toBeCloseTo(1 * (1 * 0.4 + 1 * 0.5), 10);
    expect(r.items.map((i) => i.ratio)).toEqual([0.4, 0.5]);
  });

  it('S = 1 reached through binary noise (0.7 + 0.2 + 0.1) still counts as S ≥ 1', () => {
    expect(350 / 500 + 100 / 500 + 50 / 500).toBeLessThan(1); // the naive sum
    const r = run(
      [
        { name: '甲醇', quantity: 350 },
        { name: '乙醇', quantity: 100 },
        { name: '甲苯', quantity: 50 },
      ],
      0,
    );
    expect(r).toMatchObject({ S: 1, isMajorHazard: true, grade: 4 });
  });

  it('the same substance listed twice (by name and by CAS) is one item with the quantities summed', () => {
    const r = run(
      [
        { name: '汽油', quantity: 100 },
        { cas: '86290-81-5', quantity: 150 },
        { name: '乙醇汽油', quantity: 50 },
      ],
      0,
    );
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ name: '汽油（乙醇汽油、甲醇汽油）', quantity: 300, ratio: 1.5 });
    expect(r.S).toBe(1.5);
  });

  it('by CAS, by name, by 别名 and with stray spaces give the same result', () => {
    const byName = run([{ name: '氯', quantity: 3 }], 50);
    for (const s of [
      { cas: '7782-50-5', quantity: 3 },
      { name: '液氯', quantity: 3 },
      { name: ' 氯 气 ', quantity: 3 },
      { name: '氯', cas: '7782-50-5', quantity: 3 },
    ])
      expect(run([s], 50)).toEqual(byName);
    expect(byName.items[0]).toMatchObject({ name: '氯', criticalQuantity: 5, beta: 4, betaFrom: 'table3' });
  });

  it('names match across full-width/half-width brackets and ≥/>=, with or without the 说明', () => {
    const q = (name: string) => run([{ name, quantity: 1 }], 0).items[0]?.criticalQuantity;
    expect(q('甲醛（含量>90%）')).toBe(5);
    expect(q('甲醛(含量＞90%)')).toBe(5);
    expect(q('甲醛')).toBe(5);
    expect(q('硝化纤维素(含水>=25%)')).toBe(50);
    expect(q('硝化纤维素[干的或含水（或乙醇）<25%]')).toBe(1);
    expect(q('ＴＤＩ')).toBe(100);
    expect(q('tnt')).toBe(5);
  });

  it('LPG by propane CAS, by 丙烷 and by its Table 1 name are the same row', () => {
    const names = ['液化石油气', '丙烷', '液化石油气（含丙烷、丁烷及其混合物）'];
    for (const name of names) expect(run([{ name, quantity: 10 }], 0).items[0]?.criticalQuantity).toBe(50);
    expect(run([{ cas: '74-98-6', quantity: 10 }], 0).items[0]?.name).toBe(
      '液化石油气（含丙烷、丁烷及其混合物）',
    );
  });

  it('a shared CAS is made specific by the name', () => {
    const r = run([{ cas: '9004-70-0', name: '硝化纤维素（含乙醇≥25%）', quantity: 5 }], 0);
    expect(r.items[0]).toMatchObject({ criticalQuantity: 10, ratio: 0.5 });
  });

  it('category fallback (Table 2) for an unnamed flammable liquid: symbol, class name or both', () => {
    const r = run([{ category: 'W5.4', quantity: 6000 }], 10);
    expect(r.items[0]).toEqual({
      name: '易燃液体（W5.4）',
      table: 2,
      category: 'W5.4',
      betaFrom: 'table4',
      quantity: 6000,
      criticalQuantity: 5000,
      beta: 1,
      ratio: 1.2,
    });
    expect(r).toMatchObject({ S: 1.2, isMajorHazard: true, alpha: 1, R: 1.2, grade: 4 });
    for (const text of ['w5.4', 'Ｗ５.４', 'W5.4 易燃液体', '易燃液体（W5.4）', '易燃液体W5.4'])
      expect(findGb18218Category(text)).toMatchObject({ ok: true, category: { code: 'W5.4' } });
    expect(findGb18218Category('易燃气体')).toMatchObject({ ok: true, category: { code: 'W2' } });
    expect(findGb18218Category('遇水放出易燃气体的物质和混合物')).toMatchObject({
      category: { code: 'W11' },
    });
    expect(findGb18218Category('易燃液体')).toMatchObject({ ok: false });
    expect(findGb18218Category('易燃气体 W5.4')).toMatchObject({ ok: false });
    expect(findGb18218Category('W12')).toMatchObject({ ok: false });
  });

  it('a Table 2 substance keeps its own name; a Table 1 name wins over a category', () => {
    const r = run(
      [
        { name: '某溶剂', category: '易燃液体 W5.3', quantity: 100 },
        { name: '甲醇', category: 'W5.1', quantity: 100 },
      ],
      0,
    );
    expect(r.items.map((i) => [i.name, i.criticalQuantity])).toEqual([
      ['某溶剂', 1000],
      ['甲醇', 500],
    ]);
  });
});

describe('grading, GB 18218-2018 (STANDARDS.md §1.4: R = α Σ β q/Q, Tables 3–6)', () => {
  it.each([
    [0, 0.5],
    [1, 1.0],
    [29, 1.0],
    [30, 1.2],
    [49, 1.2],
    [50, 1.5],
    [99, 1.5],
    [100, 2.0], // "100人以上" includes 100
    [25_000, 2.0],
  ])('Table 5: %s people outside the site → α = %s', (people, alpha) => {
    expect(getExposureAlpha(people)).toBe(alpha);
  });

  it('Table 6: lower bounds are inclusive (一级 R ≥ 100, 二级 100 > R ≥ 50, 三级 50 > R ≥ 10, 四级 R < 10)', () => {
    expect([100, 99.999, 50, 49.999, 10, 9.999, 0.5].map(getMajorHazardGrade)).toEqual([1, 2, 2, 3, 3, 4, 4]);
  });

  it.each([
    [62.5, 100, 1],
    [62.49, 99.984, 2],
    [31.25, 50, 2],
    [31.24, 49.984, 3],
    [6.25, 10, 3],
    [6.24, 9.984, 4],
  ])('液氯 %s t, 100 people (α 2, β 4, Q 5): R = %s → grade %s', (q, R, grade) => {
    const r = run([{ name: '液氯', quantity: q }], 100);
    expect(r.R).toBeCloseTo(R, 10);
    expect(r.grade).toBe(grade);
  });

  it('Table 3 β for named toxic gases; 煤气/一氧化碳 takes 一氧化碳’s β', () => {
    const beta = (name: string) => run([{ name, quantity: 1 }], 0).items[0]?.beta;
    expect(beta('光气')).toBe(20);
    expect(beta('硫化氢')).toBe(5);
    expect(beta('氯化氢')).toBe(3);
    expect(beta('氨')).toBe(2);
    expect(beta('二氧化氮')).toBe(10);
    expect(run([{ name: '一氧化碳', quantity: 1 }], 0).items[0]).toMatchObject({
      name: '煤气（CO，CO和H₂、CH₄的混合物等）',
      criticalQuantity: 20,
      beta: 2,
    });
  });

  it('§1.4 example: LPG, 氢 and 甲烷 are 易燃气体 → W2 → β = 1.5', () => {
    for (const name of ['液化石油气', '氢', '甲烷', '天然气'])
      expect(run([{ name, quantity: 1 }], 0).items[0]).toMatchObject({
        beta: 1.5,
        betaFrom: 'table4',
        category: 'W2',
      });
  });

  it('Table 4 β by category for Table 2 substances and for Table 1 chemicals outside Table 3', () => {
    const beta = (s: Substance) => run([s], 0).items[0]?.beta;
    expect(beta({ category: 'J1', quantity: 1 })).toBe(4);
    expect(beta({ category: 'W1.2', quantity: 1 })).toBe(2);
    expect(beta({ category: 'W5.1', quantity: 1 })).toBe(1.5);
    expect(beta({ name: 'TNT', quantity: 1 })).toBe(2);
    expect(beta({ name: '甲醇', quantity: 1 })).toBe(1);
    expect(beta({ name: '三氧化硫', quantity: 1 })).toBe(1); // no Table 2 class: configured fallback
  });

  it('the UNCONFIRMED β assignments are configuration', () => {
    const config: MajorHazardConfig = {
      betaBasisByChemical: {
        ...DEFAULT_MAJOR_HAZARD_CONFIG.betaBasisByChemical,
        '汽油（乙醇汽油、甲醇汽油）': 'W5.3',
      },
      otherBeta: 2,
    };
    expect(run([{ name: '汽油', quantity: 200 }], 0, config).items[0]?.beta).toBe(1);
    expect(run([{ name: '三氧化硫', quantity: 75 }], 0, config).items[0]).toMatchObject({
      beta: 2,
      betaFrom: 'fallback',
    });
  });
});

describe('realistic units in 宁县', () => {
  it('LPG station: 液化石油气 50 t, 120 people → MHS, α 2, β 1.5, R 3, 四级', () => {
    const r = run([{ name: '液化石油气', quantity: 50 }], 120);
    expect(r).toEqual({
      S: 1,
      isMajorHazard: true,
      alpha: 2,
      R: 3,
      grade: 4,
      items: [
        {
          name: '液化石油气（含丙烷、丁烷及其混合物）',
          table: 1,
          category: 'W2',
          betaFrom: 'table4',
          quantity: 50,
          criticalQuantity: 50,
          beta: 1.5,
          ratio: 1,
        },
      ],
    });
  });

  it('oil depot: 汽油 800 t + 柴油 2000 t (not in Table 1: W5.4), 150 people → S 4.4, R 12.8, 三级', () => {
    const r = run(
      [
        { name: '汽油', quantity: 800 },
        { name: '柴油', category: 'W5.4', quantity: 2000 },
      ],
      150,
    );
    expect(r.S).toBeCloseTo(4.4, 10);
    expect(r.R).toBeCloseTo(2 * (1.5 * 4 + 1 * 0.4), 10);
    expect(r.grade).toBe(3);
    expect(r.items.map((i) => [i.name, i.criticalQuantity, i.beta, i.ratio])).toEqual([
      ['汽油（乙醇汽油、甲醇汽油）', 200, 1.5, 4],
      ['柴油', 5000, 1, 0.4],
    ]);
  });

  it('water works: 液氯 2 t, 300 people → S 0.4, not a major hazard (R 3.2 reported, grade null)', () => {
    expect(run([{ name: '液氯', quantity: 2 }], 300)).toMatchObject({
      S: 0.4,
      isMajorHazard: false,
      alpha: 2,
      R: 3.2,
      grade: null,
    });
  });

  it('cold store: 液氨 15 t, 40 people → S 1.5, α 1.2, β 2, R 3.6, 四级', () => {
    const r = run([{ name: '液氨', quantity: 15 }], 40);
    expect(r).toMatchObject({ S: 1.5, isMajorHazard: true, alpha: 1.2, grade: 4 });
    expect(r.R).toBeCloseTo(3.6, 10);
  });

  it('methanol store: 甲醇 600 t, nobody within 500 m → S 1.2, α 0.5, R 0.6, 四级', () => {
    expect(run([{ cas: '67-56-1', quantity: 600 }], 0)).toMatchObject({
      S: 1.2,
      alpha: 0.5,
      R: 0.6,
      grade: 4,
    });
  });

  it('chlor-alkali tank farm: 液氯 100 t, 300 people → R 160, 一级; ammonia 150 t → R 60, 二级', () => {
    expect(run([{ name: '液氯', quantity: 100 }], 300)).toMatchObject({ S: 20, R: 160, grade: 1 });
    expect(run([{ name: '液氨', quantity: 150 }], 300)).toMatchObject({ S: 15, R: 60, grade: 2 });
  });
});

describe('invalid input: every problem listed with its path', () => {
  it('unknown chemicals, negative quantity, missing identification, bad CAS, ambiguity, conflict, extra field', () => {
    const raw = {
      substances: [
        { name: '不存在的化学品', quantity: 1 },
        { name: '甲醇', quantity: -5 },
        { quantity: 3 },
        { cas: '7664-41-8', quantity: 1 },
        { name: '柴油', quantity: 100 },
        { name: '氨', quantity: 1, unit: 't' },
        { category: '易燃液体', quantity: 1 },
        { name: '硝化纤维素', quantity: 1 },
        { name: '氯', cas: '7664-41-7', quantity: 1 },
        { cas: '64-19-7', quantity: 1 },
      ],
      exposedPeople: -1.5,
    };
    expect(issuePaths(raw)).toEqual(
      [
        'substances.0.name',
        'substances.1.quantity',
        'substances.2',
        'substances.3.cas',
        'substances.4.name',
        'substances.5',
        'substances.6.category',
        'substances.7.name',
        'substances.8.name',
        'substances.9.cas',
        'exposedPeople',
      ].sort(),
    );
    const messages = MajorHazardInput.safeParse(raw).error?.issues.map((i) => i.message) ?? [];
    expect(messages).toContain('未知的危险化学品：不存在的化学品（请提供 CAS 号或 GB 18218 表2 类别）');
    expect(messages).toContain('未知的危险化学品：柴油（请提供 CAS 号或 GB 18218 表2 类别）');
    expect(messages).toContain('CAS 号 7664-41-8 的校验位不正确（应为 7）');
    expect(messages.find((m) => m.startsWith('“硝化纤维素”对应 GB 18218 表1 中多个条目'))).toBeDefined();
  });

  it('a type error in one substance does not hide an unknown chemical in another', () => {
    expect(
      issuePaths({
        substances: [
          { name: '甲醇', quantity: '3 t' },
          { name: '不存在', quantity: 1 },
        ],
        exposedPeople: 0,
      }),
    ).toEqual(['substances.0.quantity', 'substances.1.name']);
  });

  it('a malformed CAS is one problem; an ambiguous CAS alone asks for the name', () => {
    expect(issuePaths({ substances: [{ cas: 'abc', quantity: 1 }], exposedPeople: 0 })).toEqual([
      'substances.0.cas',
    ]);
    expect(issuePaths({ substances: [{ cas: '9004-70-0', quantity: 1 }], exposedPeople: 0 })).toEqual([
      'substances.0.cas',
    ]);
  });

  it('rejects no substances, infinite quantities and missing exposedPeople', () => {
    expect(issuePaths({ substances: [], exposedPeople: 0 })).toEqual(['substances']);
    expect(issuePaths({ substances: [{ name: '氯', quantity: Infinity }] })).toEqual([
      'exposedPeople',
      'substances.0.quantity',
    ]);
  });

  it('resolveSubstances lists problems with paths; computeMajorHazard refuses unresolved input', () => {
    const input = {
      substances: [
        { name: '氯', quantity: 1 },
        { name: '未知甲', quantity: 1 },
        { name: '未知乙', quantity: 1 },
      ],
      exposedPeople: 0,
    };
    const r = resolveSubstances(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.path)).toEqual(['substances.1.name', 'substances.2.name']);
    expect(() => computeMajorHazard(input)).toThrow(AppError);
  });
});
