import { describe, expect, it } from 'vitest';
import { formatBeijingIso, parseZonedIso } from './beijing-time.ts';
import {
  computeReportDeadlines,
  continuationReportDue,
  DEFAULT_REPORT_DEADLINE_CONFIG,
  finalReportDue,
  nextContinuationReportDue,
  planReportDeadlines,
  REPORT_RECIPIENTS,
  REPORT_STEPS,
  ReportDeadlinesInput,
} from './report-deadlines.ts';

const run = (input: unknown) => computeReportDeadlines(ReportDeadlinesInput.parse(input));
const dues = (input: unknown) => run(input).deadlines.map((d) => [d.step, d.to, d.due]);
const at = (text: string) => {
  const p = parseZonedIso(text);
  if (!p.ok) throw new Error(p.message);
  return p.at;
};
const bj = formatBeijingIso;
const badPaths = (input: unknown) =>
  (ReportDeadlinesInput.safeParse(input).error?.issues ?? [])
    .map((i) => i.path.join('.') || '(input)')
    .sort();

describe('accident reporting, 国务院令第493号 (STANDARDS.md §2.2)', () => {
  it('第九条: the unit head reports to the county within exactly 1 h of knowing (knownAt, not occurredAt)', () => {
    const r = run({
      kind: 'accident',
      occurredAt: '2026-07-01T08:00:00+08:00',
      knownAt: '2026-07-01T10:00:00+08:00',
      grade: '一般',
    });
    expect(r.deadlines[0]).toEqual({
      step: '事故报告',
      to: '县级应急管理部门',
      due: '2026-07-01T11:00:00+08:00',
    });
  });

  it('第十条/第十一条: 一般 → 设区的市, each level within exactly 2 h', () => {
    expect(dues({ kind: 'accident', occurredAt: '2026-07-01T10:00:00+08:00', grade: '一般' })).toEqual([
      ['事故报告', '县级应急管理部门', '2026-07-01T11:00:00+08:00'],
      ['事故报告（县级上报）', '设区的市级应急管理部门', '2026-07-01T13:00:00+08:00'],
      ['伤亡变化补报截止', '原接报部门', '2026-07-31T10:00:00+08:00'],
    ]);
  });

  it('第十条: 较大 → 省 (through the city)', () => {
    expect(
      dues({ kind: 'accident', occurredAt: '2026-07-01T10:00:00+08:00', grade: '较大' }).slice(0, 3),
    ).toEqual([
      ['事故报告', '县级应急管理部门', '2026-07-01T11:00:00+08:00'],
      ['事故报告（县级上报）', '设区的市级应急管理部门', '2026-07-01T13:00:00+08:00'],
      ['事故报告（市级上报）', '省级应急管理部门', '2026-07-01T15:00:00+08:00'],
    ]);
  });

  it('第十条: 重大 and 特别重大 → 国务院 (应急管理部), 6 h after the county at the latest', () => {
    for (const grade of ['重大', '特别重大']) {
      const r = dues({ kind: 'accident', occurredAt: '2026-07-01T10:00:00+08:00', grade });
      expect(r.map(([step]) => step)).toEqual([
        '事故报告',
        '事故报告（县级上报）',
        '事故报告（市级上报）',
        '事故报告（省级上报）',
        '伤亡变化补报截止',
      ]);
      expect(r[3]).toEqual(['事故报告（省级上报）', '应急管理部', '2026-07-01T17:00:00+08:00']);
    }
  });

  it('without a grade only the chain every grade shares (to 设区的市) is listed, and the note says so', () => {
    const r = run({ kind: 'accident', occurredAt: '2026-07-01T10:00:00+08:00' });
    expect(r.deadlines.map((d) => d.to)).toEqual([
      '县级应急管理部门',
      '设区的市级应急管理部门',
      '原接报部门',
    ]);
    expect(r.note).toContain('未给出事故等级');
  });

  it('第十三条: casualty changes within 30 days; 7 for road-traffic and fire accidents (English or Chinese)', () => {
    const window = (accidentType?: string) =>
      run({
        kind: 'accident',
        occurredAt: '2026-07-01T10:00:00+08:00',
        grade: '一般',
        accidentType,
      }).deadlines.at(-1);
    expect(window()).toEqual({
      step: '伤亡变化补报截止',
      to: '原接报部门',
      due: '2026-07-31T10:00:00+08:00',
    });
    for (const t of [
      'road-traffic',
      'road_traffic',
      'Road Traffic',
      '道路交通事故',
      'fire',
      '火灾',
      '火灾事故',
    ])
      expect(window(t)?.due, t).toBe('2026-07-08T10:00:00+08:00');
    for (const t of ['mining', '危险化学品', '水上交通事故', '其他'])
      expect(window(t)?.due, t).toBe('2026-07-31T10:00:00+08:00');
    expect(
      run({ kind: 'accident', occurredAt: '2026-07-01T10:00:00+08:00', accidentType: '煤矿' }).note,
    ).toContain('事故类型“煤矿”按其他事故计');
  });

  it('the 补报 window counts from occurrence even when the accident became known later', () => {
    const r = run({
      kind: 'accident',
      occurredAt: '2026-07-01T10:00:00+08:00',
      knownAt: '2026-07-03T10:00:00+08:00',
      accidentType: 'fire',
    });
    expect(r.deadlines[0]?.due).toBe('2026-07-03T11:00:00+08:00');
    expect(r.deadlines.at(-1)?.due).toBe('2026-07-08T10:00:00+08:00');
  });

  it('UTC input crossing midnight in Beijing: 15:30Z is 23:30 Beijing, the 1 h limit falls on the next day', () => {
    expect(dues({ kind: 'accident', occurredAt: '2026-06-30T15:30:00Z', grade: '一般' }).slice(0, 2)).toEqual(
      [
        ['事故报告', '县级应急管理部门', '2026-07-01T00:30:00+08:00'],
        ['事故报告（县级上报）', '设区的市级应急管理部门', '2026-07-01T02:30:00+08:00'],
      ],
    );
  });
});

describe('disaster reporting, 自然灾害情况统计调查制度 (STANDARDS.md §9)', () => {
  it('初报 within exactly 2 h of knowing; city and province each pass it on within 2 h', () => {
    expect(
      dues({
        kind: 'disaster',
        occurredAt: '2026-07-01T06:00:00+08:00',
        knownAt: '2026-07-01T07:00:00+08:00',
      }),
    ).toEqual([
      ['初报', '设区的市级应急管理部门', '2026-07-01T09:00:00+08:00'],
      ['初报（市级上报）', '省级应急管理部门', '2026-07-01T11:00:00+08:00'],
      ['初报（省级上报）', '应急管理部', '2026-07-01T13:00:00+08:00'],
      ['续报', '设区的市级应急管理部门', '2026-07-02T09:00:00+08:00'],
      ['续报（市级上报）', '省级应急管理部门', '2026-07-02T10:00:00+08:00'],
      ['续报（省级上报）', '应急管理部', '2026-07-02T12:00:00+08:00'],
    ]);
  });

  it('≥ 10 dead or missing: exactly 10 also goes directly to the province and the ministry within 2 h; 9 does not', () => {
    const direct = (deathsAndMissing: number) =>
      dues({ kind: 'disaster', occurredAt: '2026-07-01T10:00:00+08:00', deathsAndMissing }).filter(
        ([step]) => step === '初报',
      );
    expect(direct(10)).toEqual([
      ['初报', '设区的市级应急管理部门', '2026-07-01T12:00:00+08:00'],
      ['初报', '省级应急管理部门', '2026-07-01T12:00:00+08:00'],
      ['初报', '应急管理部', '2026-07-01T12:00:00+08:00'],
    ]);
    expect(direct(9)).toEqual([['初报', '设区的市级应急管理部门', '2026-07-01T12:00:00+08:00']]);
    expect(direct(0)).toHaveLength(1);
  });

  it('续报 by 09:00 Beijing the day after the day it became known, covering to 24:00 of that day', () => {
    const first = (knownAt: string) =>
      run({ kind: 'disaster', occurredAt: knownAt }).deadlines.find((d) => d.step === '续报')?.due;
    expect(first('2026-07-01T09:00:00+08:00')).toBe('2026-07-02T09:00:00+08:00');
    expect(first('2026-07-01T09:01:00+08:00')).toBe('2026-07-02T09:00:00+08:00');
    expect(first('2026-07-01T00:00:00+08:00')).toBe('2026-07-02T09:00:00+08:00');
    expect(first('2026-07-01T23:59:59+08:00')).toBe('2026-07-02T09:00:00+08:00');
  });

  it('midnight in Beijing from UTC input: 15:59:59Z is still 30 June, 16:00Z is already 1 July', () => {
    const first = (occurredAt: string) =>
      run({ kind: 'disaster', occurredAt }).deadlines.find((d) => d.step === '续报')?.due;
    expect(first('2026-06-30T15:59:59Z')).toBe('2026-07-01T09:00:00+08:00');
    expect(first('2026-06-30T16:00:00Z')).toBe('2026-07-02T09:00:00+08:00');
    expect(run({ kind: 'disaster', occurredAt: '2026-06-30T15:00:00Z' }).deadlines[0]?.due).toBe(
      '2026-07-01T01:00:00+08:00',
    );
  });

  it('the current 续报 at a given time: due at 09:00 is still current at 09:00, missed at 09:00:01 and 09:01', () => {
    const knownAt = at('2026-07-01T14:00:00+08:00');
    const next = (now: string) => {
      const r = nextContinuationReportDue(knownAt, at(now));
      return [r.n, bj(r.due)];
    };
    expect(next('2026-07-01T15:00:00+08:00')).toEqual([1, '2026-07-02T09:00:00+08:00']);
    expect(next('2026-07-02T09:00:00+08:00')).toEqual([1, '2026-07-02T09:00:00+08:00']);
    expect(next('2026-07-02T09:00:01+08:00')).toEqual([2, '2026-07-03T09:00:00+08:00']);
    expect(next('2026-07-02T09:01:00+08:00')).toEqual([2, '2026-07-03T09:00:00+08:00']);
    expect(next('2026-07-05T01:00:00Z')).toEqual([4, '2026-07-05T09:00:00+08:00']);
    expect(next('2026-07-05T01:00:01Z')).toEqual([5, '2026-07-06T09:00:00+08:00']);
  });

  it('drought (hazard): 续报 every 10 days, the first covering the 10 days from the day known', () => {
    const r = run({ kind: 'disaster', occurredAt: '2026-07-01T10:00:00+08:00', hazard: 'drought' });
    expect(r.deadlines.find((d) => d.step === '续报')?.due).toBe('2026-07-11T09:00:00+08:00');
    expect(r.note).toContain('干旱每 10 日续报一次');
    for (const hazard of ['干旱', 'Drought'])
      expect(
        run({ kind: 'disaster', occurredAt: '2026-07-01T10:00:00+08:00', hazard }).deadlines.find(
          (d) => d.step === '续报',
        )?.due,
      ).toBe('2026-07-11T09:00:00+08:00');
    expect(
      run({ kind: 'disaster', occurredAt: '2026-07-01T10:00:00+08:00', hazard: 'landslide' }).deadlines.find(
        (d) => d.step === '续报',
      )?.due,
    ).toBe('2026-07-02T09:00:00+08:00');
    const knownAt = at('2026-07-01T10:00:00+08:00');
    expect(bj(continuationReportDue(knownAt, 3, { drought: true }))).toBe('2026-07-31T09:00:00+08:00');
    const n = nextContinuationReportDue(knownAt, at('2026-07-11T09:00:01+08:00'), { drought: true });
    expect([n.n, bj(n.due)]).toEqual([2, '2026-07-21T09:00:00+08:00']);
  });

  it('the 续报 hours are configuration (2020 wording UNCONFIRMED)', () => {
    const config = {
      ...DEFAULT_REPORT_DEADLINE_CONFIG,
      continuationHour: { county: 8, city: 9, province: 11 },
    };
    const plan = planReportDeadlines(
      { kind: 'disaster', occurredAt: at('2026-07-01T10:00:00+08:00') },
      config,
    );
    expect(plan.deadlines.filter((d) => d.step.startsWith('续报')).map((d) => bj(d.due))).toEqual([
      '2026-07-02T08:00:00+08:00',
      '2026-07-02T09:00:00+08:00',
      '2026-07-02T11:00:00+08:00',
    ]);
  });

  it('核报: not listed (no stabilisation time); its UNCONFIRMED limit is configuration, in working days', () => {
    const r = run({ kind: 'disaster', occurredAt: '2026-07-01T10:00:00+08:00' });
    expect(r.deadlines.some((d) => d.step.includes('核报'))).toBe(false);
    expect(r.note).toContain('核报：灾情稳定后 2 个工作日内');
    // Stable on Friday 3 July 2026: Monday 6 and Tuesday 7 are the two working days → due 24:00 on the 7th.
    expect(bj(finalReportDue(at('2026-07-03T16:00:00+08:00')))).toBe('2026-07-08T00:00:00+08:00');
    // Stable on Wednesday 1 July: the day itself does not count → Thursday 2, Friday 3.
    expect(bj(finalReportDue(at('2026-07-01T08:00:00+08:00')))).toBe('2026-07-04T00:00:00+08:00');
    // A holiday on Monday 6 July and a make-up working Saturday 4 July (a configured calendar).
    const calendar = { holidays: ['2026-07-06'], workdays: ['2026-07-04'] };
    expect(bj(finalReportDue(at('2026-07-03T16:00:00+08:00'), calendar))).toBe('2026-07-08T00:00:00+08:00');
    expect(bj(finalReportDue(at('2026-07-02T16:00:00+08:00'), calendar))).toBe('2026-07-05T00:00:00+08:00');
    const five = { ...DEFAULT_REPORT_DEADLINE_CONFIG, finalReportWorkingDays: 5 };
    expect(bj(finalReportDue(at('2026-07-03T16:00:00+08:00'), undefined, five))).toBe(
      '2026-07-11T00:00:00+08:00',
    );
  });
});

describe('report-deadlines input and output', () => {
  it('accepts any offset or Z and answers in +08:00; knownAt defaults to occurredAt', () => {
    for (const occurredAt of [
      '2026-07-01T02:00:00Z',
      '2026-07-01T10:00:00+08:00',
      '2026-07-01T10:00+08:00',
      '2026-07-01T10:00:00+0800',
      '2026-06-30T21:00:00-05:00',
      '2026-07-01T02:00:00.000z',
    ])
      expect(dues({ kind: 'disaster', occurredAt })[0], occurredAt).toEqual([
        '初报',
        '设区的市级应急管理部门',
        '2026-07-01T12:00:00+08:00',
      ]);
    expect(run({ kind: 'disaster', occurredAt: '2026-07-01T02:00:00.250Z' }).deadlines[0]?.due).toBe(
      '2026-07-01T12:00:00.250+08:00',
    );
  });

  it('uses only the stable step and recipient strings', () => {
    const all = [
      run({ kind: 'accident', occurredAt: '2026-07-01T10:00:00+08:00', grade: '特别重大' }),
      run({ kind: 'disaster', occurredAt: '2026-07-01T10:00:00+08:00', deathsAndMissing: 12 }),
    ].flatMap((r) => r.deadlines);
    for (const d of all) {
      expect(REPORT_STEPS).toContain(d.step);
      expect(REPORT_RECIPIENTS).toContain(d.to);
    }
  });

  it('rejects a time without a zone, an impossible date and a date alone, naming each field', () => {
    expect(badPaths({ kind: 'disaster', occurredAt: '2026-07-01T10:00:00' })).toEqual(['occurredAt']);
    expect(badPaths({ kind: 'disaster', occurredAt: '2026-02-30T10:00:00+08:00' })).toEqual(['occurredAt']);
    expect(badPaths({ kind: 'disaster', occurredAt: '2026-07-01' })).toEqual(['occurredAt']);
    const message = ReportDeadlinesInput.safeParse({ kind: 'disaster', occurredAt: '2026-07-01T10:00:00' })
      .error?.issues[0]?.message;
    expect(message).toContain('缺少时区');
  });

  it('lists every bad field at once, cross-field problems included', () => {
    expect(
      badPaths({
        kind: 'flood',
        occurredAt: 20260701,
        knownAt: 'yesterday',
        grade: '特大',
        deathsAndMissing: 1.5,
        hazard: '',
        other: true,
      }),
    ).toEqual(['(input)', 'deathsAndMissing', 'grade', 'hazard', 'kind', 'knownAt', 'occurredAt']);
    expect(badPaths({ occurredAt: '2026-07-01T10:00:00+08:00' })).toEqual(['kind']);
    expect(
      badPaths({
        kind: 'accident',
        occurredAt: '2026-07-01T10:00:00+08:00',
        knownAt: '2026-07-01T09:59:59+08:00',
        deathsAndMissing: 3,
        hazard: 'flood',
      }),
    ).toEqual(['deathsAndMissing', 'hazard', 'knownAt']);
    expect(
      badPaths({
        kind: 'disaster',
        occurredAt: '2026-07-01T10:00:00+08:00',
        grade: '一般',
        accidentType: 'fire',
      }),
    ).toEqual(['accidentType', 'grade']);
    // knownAt equal to occurredAt is fine.
    expect(
      badPaths({
        kind: 'disaster',
        occurredAt: '2026-07-01T02:00:00Z',
        knownAt: '2026-07-01T10:00:00+08:00',
      }),
    ).toEqual([]);
  });
});
