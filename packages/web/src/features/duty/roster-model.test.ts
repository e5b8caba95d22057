import { describe, expect, it } from 'vitest';
import type { ShiftView } from '@ningan/domain';
import {
  cellKey,
  checkDraft,
  draftOf,
  monthOf,
  placeProblems,
  slotsOf,
  SLOT_PATTERNS,
  toSaveRequest,
  weekOf,
  type RosterCell,
  type RosterDraft,
} from './roster-model.ts';

const leader = { userId: '00000000-0000-4000-8000-000000000001', name: '李局长', phone: null };
const officer = { userId: '00000000-0000-4000-8000-000000000002', name: '王值班', phone: null };
const cell = (date: string, start: string, end: string, patch: Partial<RosterCell> = {}): RosterCell => ({
  date,
  start,
  end,
  leader,
  officers: [officer],
  ...patch,
});
const draftOfCells = (cells: RosterCell[]): RosterDraft => new Map(cells.map((c) => [cellKey(c.date, c), c]));

describe('roster grid', () => {
  it('spans a Monday-to-Sunday week or a calendar month', () => {
    // 2026-07-01 is a Wednesday.
    expect(weekOf('2026-07-01')).toEqual([
      '2026-06-29',
      '2026-06-30',
      '2026-07-01',
      '2026-07-02',
      '2026-07-03',
      '2026-07-04',
      '2026-07-05',
    ]);
    expect(weekOf('2026-07-05')[0]).toBe('2026-06-29'); // a Sunday belongs to the week before it
    expect(monthOf('2026-02-14')).toHaveLength(28);
    expect(monthOf('2026-07-31')[0]).toBe('2026-07-01');
    expect(monthOf('2026-07-31').at(-1)).toBe('2026-07-31');
  });

  it('shows the pattern’s slots and any other slot the saved shifts use', () => {
    const draft = draftOfCells([cell('2026-07-01', '09:00', '17:00')]);
    expect(slotsOf(SLOT_PATTERNS.day24, draft)).toEqual([
      { start: '08:00', end: '08:00' },
      { start: '09:00', end: '17:00' },
    ]);
  });

  it('reads the saved shifts into cells keyed as the server names them (date/start-end)', () => {
    const saved: ShiftView = {
      id: 's1',
      regionCode: '621026',
      regionName: '宁县',
      date: '2026-07-01',
      start: '08:00',
      end: '08:00',
      startsAt: '2026-07-01T00:00:00Z',
      endsAt: '2026-07-02T00:00:00Z',
      leader: { userId: leader.userId, name: leader.name, phone: null },
      officers: [],
      signedIn: [],
    };
    const draft = draftOf([saved]);
    expect([...draft.keys()]).toEqual(['2026-07-01/08:00-08:00']);
    expect(draft.get('2026-07-01/08:00-08:00')?.id).toBe('s1');
  });
});

describe('saving a roster', () => {
  it('sends the filled cells of the dates in view, and deletes saved shifts emptied on dates no longer sent', () => {
    const draft = draftOfCells([
      cell('2026-07-02', '08:00', '08:00', { id: 'keep' }),
      cell('2026-07-01', '08:00', '08:00'),
      cell('2026-07-03', '08:00', '08:00', { id: 'gone', leader: null, officers: [] }),
      cell('2026-07-02', '20:00', '08:00', { id: 'replaced-by-put', leader: null, officers: [] }),
      cell('2026-08-01', '08:00', '08:00'), // outside the view
    ]);
    const { request, keys, deleteIds } = toSaveRequest('621026', draft, weekOf('2026-07-01'));
    expect(request.regionCode).toBe('621026');
    expect(request.shifts.map((s) => `${s.date} ${s.start} ${s.id ?? 'new'}`)).toEqual([
      '2026-07-01 08:00 new',
      '2026-07-02 08:00 keep',
    ]);
    expect(keys).toEqual(['2026-07-01/08:00-08:00', '2026-07-02/08:00-08:00']);
    expect(deleteIds).toEqual(['gone']);
  });
});

describe('roster problems', () => {
  it('finds the domain’s problems in the draft before saving (no leader, overlap)', () => {
    const draft = draftOfCells([
      cell('2026-07-01', '08:00', '20:00', { leader: null }),
      cell('2026-07-01', '20:00', '08:00'),
      cell('2026-07-01', '12:00', '18:00', { leader: { ...officer }, officers: [] }),
    ]);
    const problems = checkDraft(draft, ['2026-07-01']);
    const kinds = problems.map((p) => p.kind);
    expect(kinds).toContain('no_leader');
    expect(kinds).toContain('overlap');
    const placed = placeProblems(problems);
    expect(placed.byCell.get('2026-07-01/08:00-20:00')?.some((m) => m.includes('没有带班领导'))).toBe(true);
    expect(placed.byCell.get('2026-07-01/12:00-18:00')?.some((m) => m.includes('王值班'))).toBe(true);
  });

  it('places the server’s problems by their shifts, or by the index of the shift sent, and keeps the rest', () => {
    const keys = ['2026-07-01/08:00-08:00', '2026-07-02/08:00-08:00'];
    const placed = placeProblems(
      [
        { message: '2026-07-01 没有带班领导', shifts: ['2026-07-01/08:00-08:00'] },
        { message: '值班员姓名不能为空', path: 'shifts.1.officers.0.name' },
        { message: '无人值班', shifts: [] },
        { message: '至少一个班次', path: 'shifts' },
        { message: '2026-07-01 没有带班领导', shifts: ['2026-07-01/08:00-08:00'] },
      ],
      keys,
    );
    expect(placed.byCell.get('2026-07-01/08:00-08:00')).toEqual(['2026-07-01 没有带班领导']);
    expect(placed.byCell.get('2026-07-02/08:00-08:00')).toEqual(['值班员姓名不能为空']);
    expect(placed.unplaced).toEqual(['无人值班', '至少一个班次']);
  });

  it('places a 400 detail on `shifts` by the shift its message names (the server’s roster check)', () => {
    const placed = placeProblems(
      [
        { path: 'shifts', message: '2026-07-01 08:00-20:00（08:00–20:00） 没有带班领导' },
        { path: 'shifts', message: '2026-07-01/20:00-08:00 已有签到、交接班或日志记录，不能删除' },
        {
          path: 'shifts',
          message:
            '王值班 同时排在 2026-07-01 08:00-20:00（08:00–20:00） 和 2026-07-01 12:00-18:00（12:00–18:00）',
        },
      ],
      ['2026-07-01/08:00-20:00'],
      ['2026-07-01/08:00-20:00', '2026-07-01/12:00-18:00', '2026-07-01/20:00-08:00'],
    );
    expect(placed.byCell.get('2026-07-01/08:00-20:00')).toHaveLength(2);
    expect(placed.byCell.get('2026-07-01/12:00-18:00')).toHaveLength(1);
    expect(placed.byCell.get('2026-07-01/20:00-08:00')).toHaveLength(1);
    expect(placed.unplaced).toEqual([]);
  });
});
