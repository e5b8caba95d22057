import { describe, expect, it } from 'vitest';
import { computeCoverage, type CoverageRow } from './coverage.ts';

const A = '621026100';
const B = '621026101';

describe('computeCoverage (issue #5 part 7: coverage = delivered / targeted; 公众覆盖率)', () => {
  const rows: CoverageRow[] = [
    { townshipCode: A, audience: 'public', channel: 'sms', state: 'delivered', count: 700 },
    { townshipCode: A, audience: 'public', channel: 'sms', state: 'failed', count: 50 },
    { townshipCode: A, audience: 'public', channel: 'sms', state: 'sent', count: 250 }, // no receipt yet
    { townshipCode: A, audience: 'responsible', channel: 'sms', state: 'delivered', count: 12 },
    { townshipCode: B, audience: 'public', channel: 'broadcast', state: 'delivered', count: 3 },
    { townshipCode: B, audience: 'public', channel: 'sms', state: 'skipped', count: 1 }, // no phone number
    { townshipCode: B, audience: 'responsible', channel: 'app', state: 'queued' },
    { townshipCode: B, audience: 'department', channel: 'email', state: 'expired', count: 2 },
  ];
  const c = computeCoverage(rows);

  it('overall: every row is targeted; only delivered counts as reached', () => {
    expect(c.overall).toEqual({
      targeted: 1019,
      delivered: 715,
      failed: 50,
      pending: 251,
      notSent: 3,
      rate: 715 / 1019,
    });
  });

  it('公众覆盖率: the public audience only (a skipped public delivery lowers it)', () => {
    expect(c.public).toEqual({
      targeted: 1004,
      delivered: 703,
      failed: 50,
      pending: 250,
      notSent: 1,
      rate: 703 / 1004,
    });
    expect(c.publicByTownship[A]!.rate).toBeCloseTo(0.7, 10);
    expect(c.publicByTownship[B]).toEqual({
      targeted: 4,
      delivered: 3,
      failed: 0,
      pending: 0,
      notSent: 1,
      rate: 0.75,
    });
  });

  it('per township, per channel and per audience, keys in order', () => {
    expect(Object.keys(c.byTownship)).toEqual([A, B]);
    expect(c.byTownship[A]).toMatchObject({ targeted: 1012, delivered: 712 });
    expect(c.byTownship[B]).toMatchObject({ targeted: 7, delivered: 3, pending: 1, notSent: 3 });
    expect(Object.keys(c.byChannel)).toEqual(['app', 'broadcast', 'email', 'sms']);
    expect(c.byChannel.broadcast).toMatchObject({ targeted: 3, delivered: 3, rate: 1 });
    expect(c.byAudience.department).toMatchObject({ targeted: 2, notSent: 2, rate: 0 });
  });

  it('nothing targeted → rate null, not 0 % or 100 %', () => {
    const empty = computeCoverage([]);
    expect(empty.overall).toEqual({
      targeted: 0,
      delivered: 0,
      failed: 0,
      pending: 0,
      notSent: 0,
      rate: null,
    });
    expect(empty.byTownship).toEqual({});
    expect(
      computeCoverage([{ townshipCode: A, audience: 'public', channel: 'sms', state: 'delivered', count: 0 }])
        .overall.rate,
    ).toBeNull();
  });

  it('a row counts once by default; a negative or fractional count is a programming error', () => {
    expect(
      computeCoverage([{ townshipCode: A, audience: 'public', channel: 'sms', state: 'delivered' }]).overall
        .rate,
    ).toBe(1);
    expect(() =>
      computeCoverage([
        { townshipCode: A, audience: 'public', channel: 'sms', state: 'delivered', count: -1 },
      ]),
    ).toThrow(RangeError);
    expect(() =>
      computeCoverage([
        { townshipCode: A, audience: 'public', channel: 'sms', state: 'delivered', count: 1.5 },
      ]),
    ).toThrow(RangeError);
  });
});
