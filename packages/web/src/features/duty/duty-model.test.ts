import { describe, expect, it } from 'vitest';
import type { ShiftView } from '@ningan/domain';
import { ApiError } from '../../api/client.ts';
import {
  mayTakeOver,
  problemText,
  beijingParts,
  isOnShift,
  isTownshipWatch,
  ownNilReport,
  rosterWithSignIns,
  shiftSpan,
  shortBeijingTime,
  signedInAt,
  sortNilReports,
  watchRegionOf,
} from './duty-model.ts';

const shift: Pick<ShiftView, 'leader' | 'officers' | 'signedIn' | 'startsAt' | 'endsAt'> = {
  leader: { userId: 'u-leader', name: '李局长', phone: '13800000001' },
  officers: [
    { userId: 'u-duty', name: '王值班', phone: null },
    { userId: null, name: '张临时', phone: null },
  ],
  signedIn: [{ userId: 'u-duty', userName: '王值班', at: '2026-07-01T00:05:00Z' }],
  startsAt: '2026-07-01T00:00:00Z',
  endsAt: '2026-07-02T00:00:00Z',
};

describe('值班台 rules', () => {
  it('keeps the township office’s watch for township and village accounts, else the county bureau’s', () => {
    expect(watchRegionOf({ level: 'county', regionCode: '621026' })).toBe('621026');
    expect(watchRegionOf({ level: 'department', regionCode: '621026' })).toBe('621026');
    expect(watchRegionOf({ level: 'township', regionCode: '621026100' })).toBe('621026100');
    expect(watchRegionOf({ level: 'village', regionCode: '621026100201' })).toBe('621026100');
    expect(isTownshipWatch({ level: 'township', regionCode: '621026100' })).toBe(true);
    expect(isTownshipWatch({ level: 'county', regionCode: '621026' })).toBe(false);
  });

  it('knows who is on the shift and who has signed in', () => {
    expect(isOnShift(shift, 'u-leader')).toBe(true);
    expect(isOnShift(shift, 'u-duty')).toBe(true);
    expect(isOnShift(shift, 'u-other')).toBe(false);
    expect(signedInAt(shift, 'u-duty')).toBe('2026-07-01T00:05:00Z');
    expect(signedInAt(shift, 'u-leader')).toBeNull();
    expect(rosterWithSignIns(shift).map((p) => [p.name, p.leader, p.signedInAt])).toEqual([
      ['李局长', true, null],
      ['王值班', false, '2026-07-01T00:05:00Z'],
      ['张临时', false, null],
    ]);
  });

  it('shows times in Beijing time', () => {
    expect(beijingParts('2026-06-30T23:30:00Z')).toEqual({ date: '2026-07-01', time: '07:30' });
    expect(shortBeijingTime('2026-06-30T23:30:00Z', '2026-07-01')).toBe('07:30');
    expect(shortBeijingTime('2026-06-30T01:30:00Z', '2026-07-01')).toBe('06-30 09:30');
    expect(shiftSpan(shift)).toBe('07-01 08:00 – 07-02 08:00');
  });

  it('puts the nil reports needing attention first: 未报, 迟报, 待报, 已报', () => {
    const rows = sortNilReports([
      { townshipCode: '621026102', state: 'submitted' as const },
      { townshipCode: '621026101', state: 'missing' as const },
      { townshipCode: '621026103', state: 'pending' as const },
      { townshipCode: '621026100', state: 'late' as const },
      { townshipCode: '621026099', state: 'missing' as const },
    ]);
    expect(rows.map((r) => r.townshipCode)).toEqual([
      '621026099',
      '621026101',
      '621026100',
      '621026103',
      '621026102',
    ]);
    expect(ownNilReport(rows, '621026103')?.state).toBe('pending');
    expect(ownNilReport(rows, '621026999')).toBeNull();
  });

  it('lets those rostered on the receiving shift, or a commander, take over (接班) a handover still open', () => {
    const next = { id: 'next', leader: null, officers: [{ userId: 'u-night', name: '夜班', phone: null }] };
    const current = { id: 'cur', ...shift };
    const open = { toShiftId: 'next', takenOverAt: null };
    expect(mayTakeOver(open, [current, next], 'u-night', false)).toBe(true);
    expect(mayTakeOver(open, [current, next], 'u-duty', false)).toBe(false);
    expect(mayTakeOver(open, [current, next], 'u-duty', true)).toBe(true);
    expect(
      mayTakeOver({ ...open, takenOverAt: '2026-07-02T00:01:00Z' }, [current, next], 'u-night', false),
    ).toBe(false);
    expect(mayTakeOver({ toShiftId: 'gone', takenOverAt: null }, [current, null], 'u-night', false)).toBe(
      false,
    );
  });

  it('says every problem a 400 lists', () => {
    const error = new ApiError(400, 'validation_failed', '输入有误，请修改后重试', [
      { path: 'id', message: '只有接班班次的值班人员（或指挥长）可以接班' },
      { path: 'notes', message: '最多 4000 个字符' },
    ]);
    expect(problemText(error, '失败')).toBe('只有接班班次的值班人员（或指挥长）可以接班；最多 4000 个字符');
    expect(problemText(new ApiError(409, 'conflict', '该班次已交班'), '失败')).toBe('该班次已交班');
    expect(problemText('x', '失败')).toBe('失败');
  });
});
