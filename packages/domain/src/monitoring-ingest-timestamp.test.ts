/**
 * parseZonedTimestamp reads the usual device forms (toISOString, ±HH:MM offsets) digit by digit and the
 * rest with the regular expression (issue #4 part 2; ADR 0007 "Measured"). Both must agree: a canonical
 * string and a spelling of the same instant the fast path leaves to the expression (lower-case z, an
 * offset without its colon, a fourth fraction digit) give the same result — valid or not, seeded cases.
 */
import { describe, expect, it } from 'vitest';
import { parseZonedTimestamp } from './monitoring-ingest.ts';

/** mulberry32, so a failure reproduces. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

describe('parseZonedTimestamp: the canonical fast path equals the general parser (issue #4 part 2)', () => {
  it('20,000 seeded date-times, valid and not (Feb 30, hour 24, offset +15:00…), in both spellings', () => {
    const rnd = prng(20260504);
    const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
    for (let i = 0; i < 20_000; i += 1) {
      const date = `${pad(int(1999, 2101), 4)}-${pad(int(0, 13), 2)}-${pad(int(0, 32), 2)}`;
      const time = `${pad(int(0, 24), 2)}:${pad(int(0, 60), 2)}:${pad(int(0, 60), 2)}`;
      const ms = rnd() < 0.5 ? null : pad(int(0, 999), 3);
      const offset = rnd() < 0.4 ? null : { sign: rnd() < 0.5 ? '+' : '-', h: int(0, 15), m: int(0, 60) };
      const zone = offset ? `${offset.sign}${pad(offset.h, 2)}:${pad(offset.m, 2)}` : 'Z';
      const canonical = `${date}T${time}${ms === null ? '' : `.${ms}`}${zone}`;
      const other = `${date}T${time}${ms === null ? '' : `.${ms}0`}${offset ? zone.replace(':', '') : 'z'}`;
      expect(parseZonedTimestamp(canonical), canonical).toEqual(parseZonedTimestamp(other));
    }
  });

  it.each([
    ['2026-03-02T01:00:00.000Z', '2026-03-02T01:00:00.000Z'],
    ['2026-03-02T09:00:00+08:00', '2026-03-02T01:00:00.000Z'],
    ['2026-03-02T09:00:00.123+08:00', '2026-03-02T01:00:00.123Z'],
    ['2024-02-29T23:59:59-14:00', '2024-03-01T13:59:59.000Z'],
  ])('%s is %s', (text, iso) => {
    const r = parseZonedTimestamp(text);
    expect(r.ok && new Date(r.at).toISOString()).toBe(iso);
  });

  it.each([
    '2025-02-29T00:00:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T09:00:00+15:00',
    '2026-03-02T09:60:00Z',
  ])('%s is refused as bad_timestamp', (text) =>
    expect(parseZonedTimestamp(text)).toEqual({ ok: false, reason: 'bad_timestamp' }),
  );
});
