import { describe, expect, it } from 'vitest';
import {
  beijingClock,
  incidentsByTypeAndDay,
  lastSeqs,
  mergeTicker,
  nilReportTally,
  stageFit,
  tallyIncidents,
  tasksByState,
  tickerTime,
  warningLevelsByTownship,
  type TickerEntry,
} from './screen-model.ts';

describe('大屏 stage', () => {
  it('fits 1920×1080 into the window without cropping, centred', () => {
    expect(stageFit(1920, 1080)).toEqual({ scale: 1, left: 0, top: 0 });
    expect(stageFit(3840, 2160)).toEqual({ scale: 2, left: 0, top: 0 });
    // A 4:3 projector: width decides, letter-boxed top and bottom.
    expect(stageFit(1024, 768)).toEqual({ scale: 1024 / 1920, left: 0, top: 96 });
    // An ultra-wide wall: height decides, pillar-boxed.
    const wide = stageFit(5760, 1080);
    expect(wide.scale).toBe(1);
    expect(wide.left).toBe(1920);
    expect(stageFit(0, 0).scale).toBe(1);
  });

  it('shows Beijing time whatever the instant’s zone', () => {
    // 2026-06-30T23:30:05Z is 07:30:05 on Wednesday 1 July in Beijing.
    expect(beijingClock(new Date('2026-06-30T23:30:05.900Z'), 'zh')).toEqual({
      date: '2026-07-01',
      time: '07:30:05',
      weekday: '星期三',
    });
    expect(beijingClock(new Date('2026-06-30T23:30:05Z'), 'en').weekday).toBe('Wednesday');
  });
});

describe('大屏 counts', () => {
  const incident = (status: string, grade: '一般' | '较大' | null, openTasks = 0, overdue = 0) => ({
    status,
    grade,
    openTasks,
    reportingSummary: { overdue },
  });

  it('counts only reported and responding incidents, by grade, with their tasks and overdue reports', () => {
    const tally = tallyIncidents([
      incident('reported', '一般', 2, 1),
      incident('responding', '较大', 3, 0),
      incident('responding', null, 1, 2),
      incident('closed', '较大', 9, 9),
      incident('merged', '一般', 9, 9),
    ]);
    expect(tally.active).toBe(3);
    expect(tally.byGrade).toEqual({ 特别重大: 0, 重大: 0, 较大: 1, 一般: 1, none: 1 });
    expect(tally.openTasks).toBe(6);
    expect(tally.overdueReports).toBe(3);
  });

  it('counts tasks per state, every state present', () => {
    expect(tasksByState([{ state: 'read' }, { state: 'read' }, { state: 'completed' }])).toEqual({
      pending_read: 0,
      read: 2,
      feedback: 0,
      completed: 1,
      returned: 0,
    });
  });

  it('counts a late nil report as in, a pending or missing one as not', () => {
    expect(
      nilReportTally([{ state: 'submitted' }, { state: 'late' }, { state: 'missing' }, { state: 'pending' }]),
    ).toEqual({ submitted: 2, total: 4 });
  });
});

describe('incidents by type over 30 days', () => {
  const now = new Date('2026-07-01T04:00:00Z'); // 12:00 Beijing, 1 July
  const options = { days: 30, maxTypes: 2, otherLabel: '其他', untypedLabel: '未分类' };

  it('buckets by Beijing day, keeps the most frequent types and sums the rest', () => {
    const data = incidentsByTypeAndDay(
      [
        { occurredAt: '2026-06-30T16:30:00Z', eventTypeLabel: '滑坡' }, // 00:30 on 1 July in Beijing
        { occurredAt: '2026-06-30T15:30:00Z', eventTypeLabel: '滑坡' }, // 23:30 on 30 June
        { occurredAt: '2026-06-20T02:00:00Z', eventTypeLabel: '洪涝' },
        { occurredAt: '2026-06-20T03:00:00Z', eventTypeLabel: '洪涝' },
        { occurredAt: '2026-06-21T03:00:00Z', eventTypeLabel: '道路交通事故' },
        { occurredAt: '2026-06-22T03:00:00Z', eventTypeLabel: null },
        { occurredAt: '2026-05-01T03:00:00Z', eventTypeLabel: '滑坡' }, // outside the window
      ],
      now,
      options,
    );
    expect(data.days).toHaveLength(30);
    expect(data.days[0]).toBe('2026-06-02');
    expect(data.days[29]).toBe('2026-07-01');
    expect(data.total).toBe(6);
    expect(data.series.map((s) => s.type)).toEqual(['洪涝', '滑坡', '其他']);
    const landslide = data.series[1]!.counts;
    expect(landslide[29]).toBe(1);
    expect(landslide[28]).toBe(1);
    const other = data.series[2]!.counts;
    expect(other.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('has no series when there were no incidents', () => {
    expect(incidentsByTypeAndDay([], now, options).series).toEqual([]);
  });
});

describe('ticker', () => {
  const e = (incidentId: string, seq: number, at: string): TickerEntry => ({
    incidentId,
    seq,
    at,
    kind: 'note',
    summary: `${incidentId}-${seq}`,
    actorName: '值班员',
  });

  it('keeps one entry per (incident, seq), newest first, at most the limit', () => {
    const merged = mergeTicker(
      [e('a', 1, '2026-07-01T01:00:00Z'), e('a', 2, '2026-07-01T02:00:00Z')],
      [
        e('a', 2, '2026-07-01T02:00:00Z'),
        e('b', 1, '2026-07-01T03:00:00Z'),
        e('b', 2, '2026-07-01T00:00:00Z'),
      ],
      3,
    );
    expect(merged.map((m) => `${m.incidentId}${m.seq}`)).toEqual(['b1', 'a2', 'a1']);
  });

  it('knows where each incident’s timeline was read up to', () => {
    expect(lastSeqs([e('a', 3, 'x'), e('a', 7, 'x'), e('b', 2, 'x')])).toEqual(
      new Map([
        ['a', 7],
        ['b', 2],
      ]),
    );
  });

  it('shows the time of today’s entries, the date too for older ones (Beijing)', () => {
    expect(tickerTime('2026-07-01T01:05:00Z', '2026-07-01')).toBe('09:05');
    expect(tickerTime('2026-06-30T01:05:00Z', '2026-07-01')).toBe('06-30 09:05');
  });
});

describe('warnings on the map', () => {
  const townships = ['621026100', '621026101', '621026102'];
  it('tints each township with the worst level of the warnings naming it, a village or the county', () => {
    const levels = warningLevelsByTownship(
      [
        { level: 'yellow', regionCodes: ['621026'] },
        { level: 'orange', regionCodes: ['621026101'] },
        { level: 'red', regionCodes: ['621026102203'] },
        { level: 'blue', regionCodes: ['621026102'] },
      ],
      townships,
    );
    expect(levels).toEqual(
      new Map([
        ['621026100', 'yellow'],
        ['621026101', 'orange'],
        ['621026102', 'red'],
      ]),
    );
  });
});
