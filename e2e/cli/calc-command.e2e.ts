/**
 * Issue #6 statutory calculators through the real `ningan calc` binary: stdin JSON → stdout JSON, exit 2 on bad
 * input with every problem listed.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../harness.ts';

interface Deadline {
  step: string;
  to: string;
  due: string;
}
interface CliError {
  error: { code: string; details: { path: string; message: string }[] };
}

function calc(name: string, stdin: string): { code: number; body: unknown; stderr: string } {
  const r = runCli(['calc', name], {}, stdin);
  return { code: r.code, body: r.stdout ? (JSON.parse(r.stdout) as unknown) : null, stderr: r.stderr };
}
const ok = (name: string, input: unknown) => {
  const r = calc(name, JSON.stringify(input));
  expect(r.code, r.stderr).toBe(0);
  return r.body;
};
const rejected = (name: string, stdin: string) => {
  const r = calc(name, stdin);
  expect(r.code, r.stderr).toBe(2);
  const { error } = r.body as CliError;
  expect(error.code).toBe('validation_failed');
  return error.details;
};

describe('ningan calc, issue #6 statutory calculators', () => {
  it('lists both in its help', () => {
    const help = runCli(['calc', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('report-deadlines');
    expect(help.stdout).toContain('forest-fire-grade');
  });

  it('report-deadlines: a 较大 road-traffic accident in UTC, 493号令 第九、十、十一、十三条, answered in +08:00', () => {
    const body = ok('report-deadlines', {
      kind: 'accident',
      occurredAt: '2026-06-30T15:10:00Z',
      knownAt: '2026-06-30T15:40:00Z',
      grade: '较大',
      accidentType: 'road-traffic',
    }) as { deadlines: Deadline[]; note: string };
    expect(body.deadlines).toEqual([
      { step: '事故报告', to: '县级应急管理部门', due: '2026-07-01T00:40:00+08:00' },
      { step: '事故报告（县级上报）', to: '设区的市级应急管理部门', due: '2026-07-01T02:40:00+08:00' },
      { step: '事故报告（市级上报）', to: '省级应急管理部门', due: '2026-07-01T04:40:00+08:00' },
      { step: '伤亡变化补报截止', to: '原接报部门', due: '2026-07-07T23:10:00+08:00' },
    ]);
    expect(body.note).toContain('第十三条');
  });

  it('report-deadlines: a disaster with exactly 10 dead or missing, 统计制度 初报 and the first 续报', () => {
    const body = ok('report-deadlines', {
      kind: 'disaster',
      occurredAt: '2026-07-01T21:30:00+08:00',
      deathsAndMissing: 10,
      hazard: '滑坡',
    }) as { deadlines: Deadline[]; note: string };
    expect(body.deadlines.filter((d) => d.step === '初报')).toEqual([
      { step: '初报', to: '设区的市级应急管理部门', due: '2026-07-01T23:30:00+08:00' },
      { step: '初报', to: '省级应急管理部门', due: '2026-07-01T23:30:00+08:00' },
      { step: '初报', to: '应急管理部', due: '2026-07-01T23:30:00+08:00' },
    ]);
    expect(body.deadlines.find((d) => d.step === '续报')).toEqual({
      step: '续报',
      to: '设区的市级应急管理部门',
      due: '2026-07-02T09:00:00+08:00',
    });
    expect(body.note).toContain('核报');
  });

  it('report-deadlines: drought 续报 every 10 days', () => {
    const body = ok('report-deadlines', {
      kind: 'disaster',
      occurredAt: '2026-07-01T10:00:00+08:00',
      hazard: 'drought',
    }) as { deadlines: Deadline[] };
    expect(body.deadlines.find((d) => d.step === '续报')?.due).toBe('2026-07-11T09:00:00+08:00');
  });

  it('report-deadlines: bad input exits 2 listing every bad field, a time without a zone among them', () => {
    const details = rejected(
      'report-deadlines',
      JSON.stringify({ kind: 'accident', occurredAt: '2026-07-01T10:00:00', grade: '特大', hazard: 'flood' }),
    );
    expect(details.map((d) => d.path).sort()).toEqual(['grade', 'hazard', 'occurredAt']);
    expect(details.find((d) => d.path === 'occurredAt')?.message).toContain('缺少时区');
    expect(rejected('report-deadlines', '{"kind":').map((d) => d.path)).toEqual(['(input)']);
  });

  it('forest-fire-grade: 森林防火条例 第四十条 thresholds; bad input exits 2', () => {
    expect(ok('forest-fire-grade', { areaHa: 100, deaths: 0, seriousInjuries: 0 })).toEqual({
      grade: '重大',
    });
    expect(ok('forest-fire-grade', { areaHa: 99.9, deaths: 2, seriousInjuries: 9 })).toEqual({
      grade: '较大',
    });
    expect(ok('forest-fire-grade', { areaHa: 0.5, deaths: 0, seriousInjuries: 100 })).toEqual({
      grade: '特别重大',
    });
    expect(ok('forest-fire-grade', { areaHa: 0.5, deaths: 1, seriousInjuries: 0 })).toEqual({
      grade: '一般',
    });
    expect(
      rejected('forest-fire-grade', JSON.stringify({ areaHa: -3, deaths: 'two' }))
        .map((d) => d.path)
        .sort(),
    ).toEqual(['areaHa', 'deaths', 'seriousInjuries']);
  });
});
