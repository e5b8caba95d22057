import { describe, expect, it } from 'vitest';
import { formatBeijingIso, parseZonedIso } from '../calc/beijing-time.ts';
import { checkRoster, DEFAULT_ROSTER_POLICY, DutyShift, nilReportStatus, shiftInterval } from './duty.ts';

const at = (text: string) => {
  const p = parseZonedIso(text);
  if (!p.ok) throw new Error(p.message);
  return p.at;
};
const p = (id: string) => ({ id, name: `员${id}` });
const shift = (
  date: string,
  shiftId: string,
  start: string,
  end: string,
  leader: string | null,
  ...officers: string[]
) =>
  DutyShift.parse({
    date,
    shiftId,
    start,
    end,
    leaderOnDuty: leader === null ? null : p(leader),
    officers: officers.map(p),
  });
const kinds = (problems: { kind: string }[]) => problems.map((x) => x.kind);

describe('shifts (值班值守, DOMAIN.md §2): Beijing clock ranges, overnight when end ≤ start', () => {
  it('day, overnight and 24-hour shifts', () => {
    const iso = (s: Parameters<typeof shiftInterval>[0]) => {
      const { start, end } = shiftInterval(s);
      return [formatBeijingIso(start), formatBeijingIso(end)];
    };
    expect(iso({ date: '2026-07-01', start: '08:00', end: '20:00' })).toEqual([
      '2026-07-01T08:00:00+08:00',
      '2026-07-01T20:00:00+08:00',
    ]);
    expect(iso({ date: '2026-07-01', start: '20:00', end: '08:00' })).toEqual([
      '2026-07-01T20:00:00+08:00',
      '2026-07-02T08:00:00+08:00',
    ]);
    expect(iso({ date: '2026-07-01', start: '08:30', end: '08:30' })).toEqual([
      '2026-07-01T08:30:00+08:00',
      '2026-07-02T08:30:00+08:00',
    ]);
  });

  it('rejects malformed shifts with every problem', () => {
    const r = DutyShift.safeParse({
      date: '2026/07/01',
      shiftId: '',
      start: '24:00',
      end: '8:00',
      leaderOnDuty: null,
      officers: [{ id: '', name: '' }],
    });
    expect(r.error!.issues.map((i) => i.path.join('.')).sort()).toEqual([
      'date',
      'end',
      'officers.0.id',
      'officers.0.name',
      'shiftId',
      'start',
    ]);
  });
});

describe('checkRoster', () => {
  it('a sound roster: leader plus officer, day and night shifts covering the days round the clock', () => {
    const roster = [
      shift('2026-07-01', 'day', '08:00', '20:00', 'L1', 'A'),
      shift('2026-07-01', 'night', '20:00', '08:00', 'L1', 'B'),
      shift('2026-07-02', 'day', '08:00', '20:00', 'L2', 'C'),
      shift('2026-07-02', 'night', '20:00', '08:00', 'L2', 'A'),
    ];
    expect(checkRoster(roster)).toEqual([]);
  });

  it('a shift without a leader on duty (带班领导) or without a duty officer (值班员)', () => {
    const problems = checkRoster([shift('2026-07-01', 'day', '08:00', '20:00', null)]);
    expect(kinds(problems)).toEqual(['no_leader', 'too_few_officers']);
    expect(problems[0]!.message).toBe('2026-07-01 day（08:00–20:00） 没有带班领导');
  });

  it('one person on overlapping shifts, and one person twice in a shift', () => {
    const problems = checkRoster([
      shift('2026-07-01', 'day', '08:00', '20:00', 'L1', 'A'),
      shift('2026-07-01', 'evening', '18:00', '22:00', 'L2', 'A', 'A'),
      shift('2026-07-01', 'night', '22:00', '08:00', 'L2', 'B'),
    ]);
    const overlap = problems.filter((x) => x.kind === 'overlap');
    expect(overlap).toHaveLength(1);
    expect(overlap[0]).toMatchObject({ personId: 'A', shifts: ['2026-07-01/day', '2026-07-01/evening'] });
    expect(formatBeijingIso(overlap[0]!.from!)).toBe('2026-07-01T18:00:00+08:00');
    expect(kinds(problems)).toContain('person_twice_in_shift');
  });

  it('back-to-back duty longer than maxConsecutiveHours (UNCONFIRMED default 24): 24 h is fine, 36 h is not', () => {
    const ok = checkRoster([shift('2026-07-01', 'all', '08:00', '08:00', 'L1', 'A')]);
    expect(ok).toEqual([]);
    const problems = checkRoster([
      shift('2026-07-01', 'day', '08:00', '20:00', 'L1', 'A'),
      shift('2026-07-01', 'night', '20:00', '08:00', 'L1', 'B'),
      shift('2026-07-02', 'day', '08:00', '20:00', 'L1', 'C'),
    ]);
    const long = problems.filter((x) => x.kind === 'too_long');
    expect(long.map((x) => [x.personId, x.shifts])).toEqual([
      ['L1', ['2026-07-01/day', '2026-07-01/night', '2026-07-02/day']],
    ]);
    expect(long[0]!.message).toContain('连续值班 36 小时');
    // with a 12 h limit, L1's day + night (24 h) is too long too
    const strict = checkRoster(
      [
        shift('2026-07-01', 'day', '08:00', '20:00', 'L1', 'A'),
        shift('2026-07-01', 'night', '20:00', '08:00', 'L1', 'B'),
      ],
      { ...DEFAULT_ROSTER_POLICY, maxConsecutiveHours: 12 },
    );
    expect(strict.filter((x) => x.kind === 'too_long').map((x) => x.personId)).toEqual(['L1']);
  });

  it('a short break joins shifts when restGapMinutes allows it', () => {
    const roster = [
      shift('2026-07-01', 'a', '00:00', '12:00', 'L1', 'A'),
      shift('2026-07-01', 'b', '12:30', '23:59', 'L2', 'A'),
    ];
    const policy = { ...DEFAULT_ROSTER_POLICY, maxConsecutiveHours: 20 };
    expect(kinds(checkRoster(roster, policy))).toEqual(['coverage_gap']);
    expect(kinds(checkRoster(roster, { ...policy, restGapMinutes: 30 }))).toEqual([
      'too_long',
      'coverage_gap',
    ]);
  });

  it('gaps in 24-hour coverage, inside the roster and against a required span', () => {
    const roster = [
      shift('2026-07-01', 'day', '08:00', '18:00', 'L1', 'A'),
      shift('2026-07-01', 'night', '20:00', '08:00', 'L2', 'B'),
    ];
    const gaps = checkRoster(roster).filter((x) => x.kind === 'coverage_gap');
    expect(gaps.map((g) => g.message)).toEqual([
      '2026-07-01T18:00:00+08:00 至 2026-07-01T20:00:00+08:00 无人值班',
    ]);
    const span = checkRoster(roster, {
      ...DEFAULT_ROSTER_POLICY,
      coverage: { from: at('2026-07-01T00:00:00+08:00'), to: at('2026-07-03T00:00:00+08:00') },
    }).filter((x) => x.kind === 'coverage_gap');
    expect(span.map((g) => [formatBeijingIso(g.from!), formatBeijingIso(g.to!)])).toEqual([
      ['2026-07-01T00:00:00+08:00', '2026-07-01T08:00:00+08:00'],
      ['2026-07-01T18:00:00+08:00', '2026-07-01T20:00:00+08:00'],
      ['2026-07-02T08:00:00+08:00', '2026-07-03T00:00:00+08:00'],
    ]);
  });

  it('the same date and shift twice', () => {
    expect(
      kinds(
        checkRoster([
          shift('2026-07-01', 'day', '08:00', '20:00', 'L1', 'A'),
          shift('2026-07-01', 'day', '08:00', '20:00', 'L2', 'B'),
        ]),
      ),
    ).toEqual(['duplicate_shift']);
  });
});

describe('nil reports (报平安), DOMAIN.md §2: every township by a set hour', () => {
  const townships = [
    { code: '621026100', name: '新宁镇' },
    { code: '621026101', name: '平子镇' },
    { code: '621026102', name: '早胜镇' },
    { code: '621026103', name: '春荣镇' },
  ];
  const reports = [
    { townshipCode: '621026100', submittedAt: at('2026-07-02T07:30:00+08:00') },
    { townshipCode: '621026101', submittedAt: at('2026-07-02T08:00:00+08:00') },
    { townshipCode: '621026102', submittedAt: at('2026-07-02T08:00:01+08:00') },
    // yesterday's report and another county's do not count
    { townshipCode: '621026103', submittedAt: at('2026-07-01T07:00:00+08:00') },
    { townshipCode: '999999999', submittedAt: at('2026-07-02T07:00:00+08:00') },
  ];

  it('submitted at or before the due time, late after it, missing once it has passed', () => {
    const s = nilReportStatus(townships, reports, '2026-07-02', '08:00');
    expect(formatBeijingIso(s.due)).toBe('2026-07-02T08:00:00+08:00');
    expect(s.townships.map((t) => [t.name, t.state])).toEqual([
      ['新宁镇', 'submitted'],
      ['平子镇', 'submitted'],
      ['早胜镇', 'late'],
      ['春荣镇', 'missing'],
    ]);
    expect(s.counts).toEqual({ submitted: 2, late: 1, missing: 1, pending: 0 });
  });

  it('before the due time an unsent report is pending, at the due time missing', () => {
    const before = nilReportStatus(townships, [], '2026-07-02', '08:00', at('2026-07-02T07:59:59+08:00'));
    expect(before.counts.pending).toBe(4);
    const atDue = nilReportStatus(townships, [], '2026-07-02', '08:00', at('2026-07-02T08:00:00+08:00'));
    expect(atDue.counts.missing).toBe(4);
  });

  it('the earliest report of the day counts; an explicit day wins over the submission date', () => {
    const s = nilReportStatus(
      townships.slice(0, 1),
      [
        { townshipCode: '621026100', submittedAt: at('2026-07-02T09:00:00+08:00') },
        { townshipCode: '621026100', submittedAt: at('2026-07-01T23:50:00+08:00'), day: '2026-07-02' },
      ],
      '2026-07-02',
      '08:00',
    );
    expect(s.townships[0]).toMatchObject({ state: 'submitted' });
  });

  it('rejects a malformed day or due time', () => {
    expect(() => nilReportStatus(townships, [], '2026-7-2', '8:00')).toThrow(/YYYY-MM-DD.*HH:MM/);
  });
});
