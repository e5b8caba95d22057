import { describe, expect, it } from 'vitest';
import { CapAlert, formatCapReferences, formatCapTime, parseCapReferences, parseCapTime } from './cap.ts';
import { sampleCapAlert } from './cap-sample.ts';

describe('CAP 1.2 times (XSD pattern \\d\\d\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d[-,+]\\d\\d:\\d\\d)', () => {
  const at = new Date('2026-11-29T04:00:00.750Z');

  it('formats Beijing time by default, +08:00, whole seconds', () => {
    expect(formatCapTime(at)).toBe('2026-11-29T12:00:00+08:00');
  });

  it('never writes Z: UTC is +00:00 (not the -00:00 CAP reserves for "zone unknown")', () => {
    expect(formatCapTime(at, 0)).toBe('2026-11-29T04:00:00+00:00');
    expect(formatCapTime(at, -330)).toBe('2026-11-28T22:30:00-05:30');
    expect(formatCapTime(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01T00:30:00+08:00');
  });

  it('refuses an invalid date or an offset beyond ±14:00', () => {
    expect(() => formatCapTime(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatCapTime(at, 15 * 60)).toThrow(RangeError);
  });

  it('parses exactly the CAP form, as an instant', () => {
    expect(parseCapTime('2026-11-29T12:00:00+08:00')?.toISOString()).toBe('2026-11-29T04:00:00.000Z');
    expect(parseCapTime('2026-11-28T22:30:00-05:30')?.toISOString()).toBe('2026-11-29T04:00:00.000Z');
    expect(parseCapTime('2026-11-29T04:00:00-00:00')?.toISOString()).toBe('2026-11-29T04:00:00.000Z');
    expect(parseCapTime(formatCapTime(at))?.getTime()).toBe(Date.parse('2026-11-29T04:00:00Z'));
  });

  it.each([
    ['Z instead of an offset', '2026-11-29T04:00:00Z'],
    ['no offset', '2026-11-29T12:00:00'],
    ['fractional seconds', '2026-11-29T12:00:00.5+08:00'],
    ['space instead of T', '2026-11-29 12:00:00+08:00'],
    ['comma in the offset (passes the XSD pattern, not xs:dateTime)', '2026-11-29T12:00:00,08:00'],
    ['30 February', '2026-02-30T12:00:00+08:00'],
    ['29 February of a common year', '2027-02-29T12:00:00+08:00'],
    ['hour 24', '2026-11-29T24:00:00+08:00'],
    ['offset beyond 14:00', '2026-11-29T12:00:00+15:00'],
    ['offset minutes 60', '2026-11-29T12:00:00+08:60'],
    ['year 0000', '0000-01-01T00:00:00+00:00'],
  ])('refuses %s', (_, text) => {
    expect(parseCapTime(text)).toBeNull();
  });

  it('accepts 29 February of a leap year', () => {
    expect(parseCapTime('2028-02-29T12:00:00+08:00')).not.toBeNull();
  });
});

describe('CAP 1.2 §3.2.1 references: space-separated sender,identifier,sent', () => {
  const refs = [
    { sender: 's@x', identifier: 'A_1', sent: '2026-07-01T10:00:00+08:00' },
    { sender: 's@x', identifier: 'A_2', sent: '2026-07-01T12:00:00+08:00' },
  ];

  it('formats and parses back', () => {
    const text = formatCapReferences(refs);
    expect(text).toBe('s@x,A_1,2026-07-01T10:00:00+08:00 s@x,A_2,2026-07-01T12:00:00+08:00');
    expect(parseCapReferences(text)).toEqual(refs);
  });

  it.each([
    ['an identifier alone', 'A_1'],
    ['a Z time', 's@x,A_1,2026-07-01T02:00:00Z'],
    ['four parts', 's@x,A_1,2026-07-01T10:00:00+08:00,x'],
    ['nothing', '   '],
  ])('refuses %s', (_, text) => {
    expect(parseCapReferences(text)).toBeNull();
  });
});

describe('CapAlert schema (API boundary)', () => {
  it('accepts the sample county warning and fills omitted lists', () => {
    const { code: _code, ...withoutCode } = sampleCapAlert();
    const parsed = CapAlert.parse(withoutCode);
    expect(parsed.code).toEqual([]);
    expect(parsed.info[0]?.area[0]?.polygon[0]).toHaveLength(5);
  });

  it('rejects a bad enumeration and a Z time, naming the fields', () => {
    const result = CapAlert.safeParse({ ...sampleCapAlert(), status: 'Live', sent: '2026-07-01T02:00:00Z' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['sent', 'status']);
  });
});
