import { describe, expect, it } from 'vitest';
import { formatBeijingIso, parseZonedIso } from '../calc/beijing-time.ts';
import { finalReportDue } from '../calc/report-deadlines.ts';
import {
  describeReportCountdown,
  reportingStatus,
  type FiledReport,
  type ReportingFacts,
  type ReportingStatus,
} from './reporting-clock.ts';

const at = (text: string) => {
  const p = parseZonedIso(text);
  if (!p.ok) throw new Error(p.message);
  return p.at;
};
const bj = (d: Date | null) => (d === null ? null : formatBeijingIso(d));
const rows = (s: ReportingStatus) =>
  s.reports.map((r) => [r.step, r.to, r.n, bj(r.due), r.state, bj(r.filedAt)] as const);
const WARN = { warnBeforeMinutes: 30 };

const accident = (extra: Partial<ReportingFacts> = {}): ReportingFacts => ({
  kind: 'accident',
  occurredAt: at('2026-07-01T10:00:00+08:00'),
  grade: '一般',
  ...extra,
});
const filed = (step: FiledReport['step'], text: string, extra: Partial<FiledReport> = {}): FiledReport => ({
  step,
  filedAt: at(text),
  ...extra,
});

describe('accident reporting clock, 国务院令第493号 第九、十、十一条 (STANDARDS.md §2.2)', () => {
  it('nothing filed yet: unit → county within 1 h, county → city 2 h after that; first timer at the warn instant', () => {
    const s = reportingStatus(accident(), [], at('2026-07-01T10:00:00+08:00'), WARN);
    expect(rows(s)).toEqual([
      ['事故报告', '县级应急管理部门', null, '2026-07-01T11:00:00+08:00', 'pending', null],
      ['事故报告（县级上报）', '设区的市级应急管理部门', null, '2026-07-01T13:00:00+08:00', 'pending', null],
    ]);
    expect(s.reports.map((r) => r.party)).toEqual(['unit', 'county']);
    expect(bj(s.nextTimerAt)).toBe('2026-07-01T10:30:00+08:00');
    expect(bj(s.casualtyWindowEndsAt)).toBe('2026-07-31T10:00:00+08:00');
  });

  it('turns due_soon exactly at the warn instant, and the next timer is the due instant', () => {
    const s = reportingStatus(accident(), [], at('2026-07-01T10:30:00+08:00'), WARN);
    expect(s.reports[0]!.state).toBe('due_soon');
    expect(s.reports[1]!.state).toBe('pending');
    expect(bj(s.nextTimerAt)).toBe('2026-07-01T11:00:00+08:00');
    expect(reportingStatus(accident(), [], at('2026-07-01T10:29:59+08:00'), WARN).reports[0]!.state).toBe(
      'pending',
    );
  });

  it('unfiled at exactly the due instant is overdue; the next timer is the following step', () => {
    const s = reportingStatus(accident(), [], at('2026-07-01T11:00:00+08:00'), WARN);
    expect(s.reports[0]!.state).toBe('overdue');
    expect(bj(s.nextTimerAt)).toBe('2026-07-01T12:30:00+08:00');
  });

  it('filed exactly at the due instant is met; one second later is met_late', () => {
    const now = at('2026-07-01T12:00:00+08:00');
    const onTime = reportingStatus(accident(), [filed('事故报告', '2026-07-01T11:00:00+08:00')], now, WARN);
    expect(onTime.reports[0]!.state).toBe('met');
    const late = reportingStatus(accident(), [filed('事故报告', '2026-07-01T11:00:01+08:00')], now, WARN);
    expect(late.reports[0]!.state).toBe('met_late');
    // 第十一条: the next level's 2 h run from the receipt
    expect(bj(late.reports[1]!.due)).toBe('2026-07-01T13:00:01+08:00');
  });

  it('第十一条: each level has 2 h from the actual receipt, so an early report brings the next due forward', () => {
    const s = reportingStatus(
      accident(),
      [filed('事故报告', '2026-07-01T10:20:00+08:00')],
      at('2026-07-01T10:25:00+08:00'),
      WARN,
    );
    expect(rows(s)[1]).toEqual([
      '事故报告（县级上报）',
      '设区的市级应急管理部门',
      null,
      '2026-07-01T12:20:00+08:00',
      'pending',
      null,
    ]);
    expect(bj(s.nextTimerAt)).toBe('2026-07-01T11:50:00+08:00');
  });

  it('第十条: a 较大 accident climbs to the province; upper levels are shown but set no timer unless asked', () => {
    const facts = accident({ grade: '较大' });
    const reports = [
      filed('事故报告', '2026-07-01T10:20:00+08:00'),
      filed('事故报告（县级上报）', '2026-07-01T10:50:00+08:00'),
    ];
    const now = at('2026-07-01T11:00:00+08:00');
    const s = reportingStatus(facts, reports, now, WARN);
    expect(rows(s).map((r) => [r[0], r[3], r[4]])).toEqual([
      ['事故报告', '2026-07-01T11:00:00+08:00', 'met'],
      ['事故报告（县级上报）', '2026-07-01T12:20:00+08:00', 'met'],
      ['事故报告（市级上报）', '2026-07-01T12:50:00+08:00', 'pending'],
    ]);
    expect(s.reports[2]!.party).toBe('upper');
    expect(s.nextTimerAt).toBeNull();
    const all = reportingStatus(facts, reports, now, { ...WARN, timerParties: ['unit', 'county', 'upper'] });
    expect(bj(all.nextTimerAt)).toBe('2026-07-01T12:20:00+08:00');
  });

  it('counts from knownAt (第九条: 接到报告后), not occurredAt', () => {
    const s = reportingStatus(
      accident({ knownAt: at('2026-07-01T12:00:00+08:00') }),
      [],
      at('2026-07-01T12:00:00+08:00'),
      WARN,
    );
    expect(bj(s.reports[0]!.due)).toBe('2026-07-01T13:00:00+08:00');
  });

  it('filings that do not apply, duplicates and filings after now are unmatched, never silently counted', () => {
    const extra = [
      filed('事故报告', '2026-07-01T10:40:00+08:00'),
      filed('事故报告', '2026-07-01T10:45:00+08:00'),
      filed('事故报告（省级上报）', '2026-07-01T10:50:00+08:00'),
      filed('续报', '2026-07-01T10:55:00+08:00'),
      filed('事故报告（县级上报）', '2026-07-01T12:00:00+08:00'),
    ];
    const s = reportingStatus(accident(), extra, at('2026-07-01T11:00:00+08:00'), WARN);
    expect(bj(s.reports[0]!.filedAt)).toBe('2026-07-01T10:40:00+08:00');
    expect(s.reports[1]!.filedAt).toBeNull();
    expect(s.unmatched.map((f) => [f.step, bj(f.filedAt)])).toEqual([
      ['事故报告', '2026-07-01T10:45:00+08:00'],
      ['事故报告（省级上报）', '2026-07-01T10:50:00+08:00'],
      ['续报', '2026-07-01T10:55:00+08:00'],
      ['事故报告（县级上报）', '2026-07-01T12:00:00+08:00'],
    ]);
  });

  it('rejects a negative warning lead', () => {
    expect(() =>
      reportingStatus(accident(), [], at('2026-07-01T10:00:00+08:00'), { warnBeforeMinutes: -1 }),
    ).toThrow(RangeError);
  });
});

describe('casualty-change supplementary reports, 493号令 第十三条', () => {
  const changes = (...texts: string[]) => texts.map(at);

  it('30 days for most accidents: each change inside the window needs a 补报 (default 2 h, UNCONFIRMED)', () => {
    const s = reportingStatus(
      accident({
        casualtyChangesAt: changes(
          '2026-07-20T08:00:00+08:00',
          '2026-07-31T10:00:00+08:00',
          '2026-07-31T10:00:01+08:00',
        ),
      }),
      [
        filed('事故报告', '2026-07-01T10:30:00+08:00'),
        filed('事故报告（县级上报）', '2026-07-01T11:30:00+08:00'),
      ],
      at('2026-07-31T11:00:00+08:00'),
      WARN,
    );
    const supplements = s.reports.filter((r) => r.step === '伤亡变化补报');
    // the change exactly at the window's end still counts; one second after does not
    expect(supplements.map((r) => [r.n, bj(r.due), r.state, r.to])).toEqual([
      [1, '2026-07-20T10:00:00+08:00', 'overdue', '原接报部门'],
      [2, '2026-07-31T12:00:00+08:00', 'pending', '原接报部门'],
    ]);
    expect(bj(s.nextTimerAt)).toBe('2026-07-31T11:30:00+08:00');
  });

  it('7 days for 道路交通 (and 火灾) accidents', () => {
    const s = reportingStatus(
      accident({
        accidentType: 'road-traffic',
        casualtyChangesAt: changes('2026-07-05T09:00:00+08:00', '2026-07-09T09:00:00+08:00'),
      }),
      [filed('伤亡变化补报', '2026-07-05T10:00:00+08:00')],
      at('2026-07-09T10:00:00+08:00'),
      WARN,
    );
    expect(bj(s.casualtyWindowEndsAt)).toBe('2026-07-08T10:00:00+08:00');
    expect(s.reports.filter((r) => r.step === '伤亡变化补报').map((r) => [r.n, r.state])).toEqual([
      [1, 'met'],
    ]);
  });

  it('a 补报 filed before the change it reports cannot count for it', () => {
    const s = reportingStatus(
      accident({ casualtyChangesAt: changes('2026-07-03T09:00:00+08:00') }),
      [filed('伤亡变化补报', '2026-07-02T09:00:00+08:00')],
      at('2026-07-03T12:00:00+08:00'),
      WARN,
    );
    expect(s.reports.find((r) => r.step === '伤亡变化补报')!.state).toBe('overdue');
    expect(s.unmatched).toHaveLength(1);
  });
});

describe('natural-disaster reporting clock, 自然灾害情况统计调查制度 (STANDARDS.md §9)', () => {
  const flood = (extra: Partial<ReportingFacts> = {}): ReportingFacts => ({
    kind: 'disaster',
    occurredAt: at('2026-07-01T10:00:00+08:00'),
    hazard: '洪涝',
    ...extra,
  });

  it('初报 within 2 h, passed on by city and province within 2 h each; first 续报 09:00 next day', () => {
    const s = reportingStatus(flood(), [], at('2026-07-01T10:00:00+08:00'), WARN);
    expect(rows(s)).toEqual([
      ['初报', '设区的市级应急管理部门', null, '2026-07-01T12:00:00+08:00', 'pending', null],
      ['初报（市级上报）', '省级应急管理部门', null, '2026-07-01T14:00:00+08:00', 'pending', null],
      ['初报（省级上报）', '应急管理部', null, '2026-07-01T16:00:00+08:00', 'pending', null],
      ['续报', '设区的市级应急管理部门', 1, '2026-07-02T09:00:00+08:00', 'pending', null],
    ]);
    expect(bj(s.nextTimerAt)).toBe('2026-07-01T11:30:00+08:00');
    expect(s.closed).toBe(false);
  });

  it('≥ 10 dead or missing: the county also reports directly to the province and the ministry within 2 h', () => {
    const s = reportingStatus(
      flood({ deathsAndMissing: 10 }),
      [filed('初报', '2026-07-01T11:00:00+08:00')],
      at('2026-07-01T11:00:00+08:00'),
      WARN,
    );
    expect(rows(s).filter((r) => r[0] === '初报')).toEqual([
      [
        '初报',
        '设区的市级应急管理部门',
        null,
        '2026-07-01T12:00:00+08:00',
        'met',
        '2026-07-01T11:00:00+08:00',
      ],
      ['初报', '省级应急管理部门', null, '2026-07-01T12:00:00+08:00', 'pending', null],
      ['初报', '应急管理部', null, '2026-07-01T12:00:00+08:00', 'pending', null],
    ]);
    // the city's 2 h run from the county's actual 初报
    expect(bj(s.reports.find((r) => r.step === '初报（市级上报）')!.due)).toBe('2026-07-01T13:00:00+08:00');
    expect(bj(s.nextTimerAt)).toBe('2026-07-01T11:30:00+08:00');
  });

  it('a direct 初报 is matched by its recipient', () => {
    const s = reportingStatus(
      flood({ deathsAndMissing: 12 }),
      [filed('初报', '2026-07-01T11:10:00+08:00', { to: '应急管理部' })],
      at('2026-07-01T11:40:00+08:00'),
      WARN,
    );
    expect(
      rows(s)
        .filter((r) => r[0] === '初报')
        .map((r) => [r[1], r[4]]),
    ).toEqual([
      ['设区的市级应急管理部门', 'due_soon'],
      ['省级应急管理部门', 'due_soon'],
      ['应急管理部', 'met'],
    ]);
  });

  it('续报 every day by 09:00 until stable: met, exactly-at-due met, missed, and the next one ahead', () => {
    const s = reportingStatus(
      flood(),
      [
        filed('初报', '2026-07-01T11:00:00+08:00'),
        filed('续报', '2026-07-02T08:00:00+08:00'),
        filed('续报', '2026-07-03T09:00:00+08:00'),
      ],
      at('2026-07-04T10:00:00+08:00'),
      WARN,
    );
    expect(
      rows(s)
        .filter((r) => r[0] === '续报')
        .map((r) => [r[2], r[3], r[4]]),
    ).toEqual([
      [1, '2026-07-02T09:00:00+08:00', 'met'],
      [2, '2026-07-03T09:00:00+08:00', 'met'],
      [3, '2026-07-04T09:00:00+08:00', 'overdue'],
      [4, '2026-07-05T09:00:00+08:00', 'pending'],
    ]);
    expect(bj(s.nextTimerAt)).toBe('2026-07-05T08:30:00+08:00');
  });

  it('at exactly 09:00 with no 续报 the day’s report is overdue and tomorrow’s is already listed', () => {
    const s = reportingStatus(
      flood(),
      [filed('初报', '2026-07-01T11:00:00+08:00')],
      at('2026-07-02T09:00:00+08:00'),
      WARN,
    );
    expect(
      rows(s)
        .filter((r) => r[0] === '续报')
        .map((r) => [r[2], r[4]]),
    ).toEqual([
      [1, 'overdue'],
      [2, 'pending'],
    ]);
    expect(bj(s.nextTimerAt)).toBe('2026-07-03T08:30:00+08:00');
  });

  it('a late 续报 counts for the one it missed (met_late); an explicit n is honoured', () => {
    const late = reportingStatus(
      flood(),
      [filed('续报', '2026-07-02T11:00:00+08:00')],
      at('2026-07-02T12:00:00+08:00'),
      WARN,
    );
    expect(late.reports.filter((r) => r.step === '续报').map((r) => [r.n, r.state])).toEqual([
      [1, 'met_late'],
      [2, 'pending'],
    ]);
    const explicit = reportingStatus(
      flood(),
      [filed('续报', '2026-07-03T08:00:00+08:00', { n: 2 })],
      at('2026-07-03T08:10:00+08:00'),
      WARN,
    );
    expect(explicit.reports.filter((r) => r.step === '续报').map((r) => [r.n, r.state])).toEqual([
      [1, 'overdue'],
      [2, 'met'],
    ]);
  });

  it('a second 续报 before the next one is open does not fill it', () => {
    const s = reportingStatus(
      flood(),
      [filed('续报', '2026-07-01T20:00:00+08:00'), filed('续报', '2026-07-01T21:00:00+08:00')],
      at('2026-07-01T22:00:00+08:00'),
      WARN,
    );
    expect(s.reports.filter((r) => r.step === '续报').map((r) => [r.n, r.state])).toEqual([[1, 'met']]);
    expect(s.unmatched.map((f) => bj(f.filedAt))).toEqual(['2026-07-01T21:00:00+08:00']);
  });

  it('the first 续报 covers the day the disaster became known: known 23:30 → next morning; 00:30 → the morning after', () => {
    const first = (knownAt: string) =>
      bj(
        reportingStatus(flood({ occurredAt: at(knownAt) }), [], at(knownAt), WARN).reports.find(
          (r) => r.step === '续报',
        )!.due,
      );
    expect(first('2026-07-01T23:30:00+08:00')).toBe('2026-07-02T09:00:00+08:00');
    expect(first('2026-07-02T00:30:00+08:00')).toBe('2026-07-03T09:00:00+08:00');
  });

  it('干旱: 续报 every 10 days', () => {
    const s = reportingStatus(
      flood({ hazard: '干旱' }),
      [filed('续报', '2026-07-11T08:00:00+08:00')],
      at('2026-07-12T00:00:00+08:00'),
      WARN,
    );
    expect(
      rows(s)
        .filter((r) => r[0] === '续报')
        .map((r) => [r[2], r[3], r[4]]),
    ).toEqual([
      [1, '2026-07-11T09:00:00+08:00', 'met'],
      [2, '2026-07-21T09:00:00+08:00', 'pending'],
    ]);
  });

  it('stabilised: the 续报 that fell due before stabilisation are required, then one 核报 (working days, UNCONFIRMED)', () => {
    const stabilizedAt = at('2026-07-03T15:00:00+08:00');
    const s = reportingStatus(
      flood({ stabilizedAt }),
      [filed('初报', '2026-07-01T11:00:00+08:00'), filed('续报', '2026-07-02T08:00:00+08:00')],
      at('2026-07-04T10:00:00+08:00'),
      WARN,
    );
    const tail = rows(s).filter((r) => r[0] === '续报' || r[0] === '核报');
    // 2026-07-03 is a Friday: two working days later is Tuesday 07-07, 24:00
    expect(tail).toEqual([
      ['续报', '设区的市级应急管理部门', 1, '2026-07-02T09:00:00+08:00', 'met', '2026-07-02T08:00:00+08:00'],
      ['续报', '设区的市级应急管理部门', 2, '2026-07-03T09:00:00+08:00', 'overdue', null],
      ['核报', '设区的市级应急管理部门', null, '2026-07-08T00:00:00+08:00', 'pending', null],
    ]);
    expect(s.reports.at(-1)!.due).toEqual(finalReportDue(stabilizedAt));
    expect(bj(s.nextTimerAt)).toBe('2026-07-07T23:30:00+08:00');
  });

  it('one 核报 closes the process: no 续报 after it, no timers', () => {
    const s = reportingStatus(
      flood({ stabilizedAt: at('2026-07-02T12:00:00+08:00') }),
      [
        filed('初报', '2026-07-01T11:00:00+08:00'),
        filed('续报', '2026-07-02T08:00:00+08:00'),
        filed('核报', '2026-07-03T10:00:00+08:00'),
        filed('续报', '2026-07-04T08:00:00+08:00'),
      ],
      at('2026-07-10T10:00:00+08:00'),
      WARN,
    );
    expect(s.closed).toBe(true);
    expect(s.reports.filter((r) => r.step === '续报')).toHaveLength(1);
    expect(s.reports.find((r) => r.step === '核报')!.state).toBe('met');
    expect(s.unmatched.map((f) => f.step)).toEqual(['续报']);
    expect(s.nextTimerAt).toBeNull();
  });

  it('Beijing time has no daylight saving: 续报 stay at 09:00 +08:00, 24 h apart, across other zones’ DST changes', () => {
    const s = reportingStatus(
      flood({ occurredAt: at('2026-03-06T10:00:00Z') }),
      [],
      at('2026-03-31T02:00:00Z'),
      { warnBeforeMinutes: 0 },
    );
    const dues = s.reports.filter((r) => r.step === '续报').map((r) => r.due);
    // 7 March … 31 March, and 1 April ahead
    expect(dues).toHaveLength(26);
    expect(bj(dues[0]!)).toBe('2026-03-07T09:00:00+08:00');
    expect(bj(dues.at(-1)!)).toBe('2026-04-01T09:00:00+08:00');
    for (let i = 1; i < dues.length; i += 1)
      expect(dues[i]!.getTime() - dues[i - 1]!.getTime()).toBe(86_400_000);
    expect(dues.every((d) => bj(d)!.endsWith('T09:00:00+08:00'))).toBe(true);
  });
});

describe('countdown text', () => {
  it('shows time left, time over, or when it was filed', () => {
    const s = reportingStatus(accident(), [], at('2026-07-01T09:55:00+08:00'), WARN);
    expect(describeReportCountdown(s.reports[0]!, at('2026-07-01T09:55:00+08:00'))).toBe('剩余 1小时05分');
    expect(describeReportCountdown(s.reports[0]!, at('2026-07-01T10:58:30+08:00'))).toBe('剩余 1分');
    const over = reportingStatus(accident(), [], at('2026-07-03T12:00:00+08:00'), WARN);
    expect(describeReportCountdown(over.reports[0]!, at('2026-07-03T12:00:00+08:00'))).toBe(
      '已超时 2天1小时00分',
    );
    const met = reportingStatus(
      accident(),
      [filed('事故报告', '2026-07-01T10:40:00+08:00')],
      at('2026-07-01T11:00:00+08:00'),
      WARN,
    );
    expect(describeReportCountdown(met.reports[0]!, at('2026-07-01T11:00:00+08:00'))).toBe(
      '按时报送 2026-07-01T10:40:00+08:00',
    );
  });
});
