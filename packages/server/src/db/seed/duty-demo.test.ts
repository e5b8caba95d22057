import { checkRoster, shiftInterval, type DutyShift } from '@ningan/domain';
import { describe, expect, it } from 'vitest';
import { demoDutyShifts } from './duty-demo.ts';

describe('the demo duty roster', () => {
  const people = {
    leader: { userId: '11111111-1111-4111-8111-111111111111', name: '指挥长', phone: null },
    officer: { userId: '22222222-2222-4222-8222-222222222222', name: '值班员', phone: null },
  };
  const shifts = demoDutyShifts('2026-11-30', people);
  const asDomain: DutyShift[] = shifts.map((s) => ({
    date: s.date,
    shiftId: `${s.start}-${s.end}`,
    start: s.start,
    end: s.end,
    leaderOnDuty: s.leader ? { id: s.leader.userId ?? s.leader.name, name: s.leader.name } : null,
    officers: s.officers.map((o) => ({ id: o.userId ?? o.name, name: o.name })),
  }));

  it('covers yesterday through two weeks ahead round the clock and passes the default roster policy', () => {
    expect(shifts).toHaveLength(30);
    expect(shifts[0]!.date).toBe('2026-11-29');
    expect(checkRoster(asDomain)).toEqual([]);
    // Today's day shift is 08:30–17:30 Beijing time.
    const today = asDomain.find((s) => s.date === '2026-11-30' && s.start === '08:30')!;
    expect(shiftInterval(today).start.toISOString()).toBe('2026-11-30T00:30:00.000Z');
  });
});
