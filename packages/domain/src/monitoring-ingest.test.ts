import { describe, expect, it } from 'vitest';
import {
  checkReading,
  deviceOfTopic,
  parseDevicePayload,
  parseDevicePayloadBytes,
  parseZonedTimestamp,
  pickTier,
  readingsTopic,
  SeriesQuery,
  type PayloadReading,
} from './monitoring-ingest.ts';

const NOW = Date.parse('2026-03-02T01:00:00Z');
const limits = { now: NOW, maxFutureMs: 300_000, maxAgeMs: 90 * 86_400_000 };
const rain = { metric: 'rainfall' as const, enabled: true, validMin: 0, validMax: 300 };

describe('timestamps: ISO 8601 with a zone (issue #4 part 2)', () => {
  it.each([
    ['2026-03-02T09:00:00+08:00', '2026-03-02T01:00:00.000Z'],
    ['2026-03-02T01:00:00Z', '2026-03-02T01:00:00.000Z'],
    ['2026-03-02 09:00+08:00', '2026-03-02T01:00:00.000Z'],
    ['2026-03-02T09:00:00.123456+0800', '2026-03-02T01:00:00.123Z'],
    ['2026-03-01T20:30:00-04:30', '2026-03-02T01:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ])('%s is %s', (text, iso) => {
    const r = parseZonedTimestamp(text);
    expect(r.ok && new Date(r.at).toISOString()).toBe(iso);
  });
  it.each([
    ['2026-03-02T09:00:00', 'timestamp_without_zone'],
    ['2026-03-02 09:00', 'timestamp_without_zone'],
    ['2026-02-29T00:00:00Z', 'bad_timestamp'], // not a leap year: no rolling over into March
    ['2026-04-31T00:00:00Z', 'bad_timestamp'],
    ['2026-03-02T24:00:00Z', 'bad_timestamp'],
    ['2026-03-02T09:60:00Z', 'bad_timestamp'],
    ['2026-03-02T09:00:00+15:00', 'bad_timestamp'],
    ['1772413200', 'bad_timestamp'],
    ['yesterday', 'bad_timestamp'],
  ])('%s is refused (%s)', (text, reason) => {
    expect(parseZonedTimestamp(text)).toEqual({ ok: false, reason });
  });
});

describe('topic (issue #4 part 2: one documented topic)', () => {
  it('ningan/v1/devices/{device}/readings', () => {
    expect(readingsTopic('RG-0001')).toBe('ningan/v1/devices/RG-0001/readings');
    expect(deviceOfTopic('ningan/v1/devices/RG-0001/readings')).toBe('RG-0001');
    expect(deviceOfTopic('ningan/v1/devices//readings')).toBeNull();
    expect(deviceOfTopic('ningan/v1/devices/a/b/readings')).toBeNull();
    expect(deviceOfTopic('ningan/v1/devices/RG-0001/status')).toBeNull();
  });
});

describe('payloads (issue #4 part 2)', () => {
  it('a single reading, and a batch with battery and signal', () => {
    const one = parseDevicePayload({ metric: 'rainfall', value: 0.5, ts: '2026-03-02T09:00:00+08:00' });
    expect(one).toEqual({
      ok: true,
      payload: {
        device: null,
        readings: [{ index: 0, metric: 'rainfall', value: 0.5, at: NOW, unit: null }],
        battery: null,
        signal: null,
        problems: [],
      },
    });
    const batch = parseDevicePayload({
      device: 'RG-1',
      readings: [
        { metric: 'rainfall', value: 1, ts: '2026-03-02T09:00:00+08:00', unit: 'mm' },
        { metric: 'rainfall', value: 'x', ts: '2026-03-02T09:05:00+08:00' },
      ],
      battery: 80,
      signal: -300,
    });
    expect(batch.ok && batch.payload.readings).toHaveLength(1);
    expect(batch.ok && batch.payload.problems.map((p) => [p.index, p.reason])).toEqual([
      [null, 'bad_shape'],
      [1, 'bad_value'],
    ]);
    expect(batch.ok && [batch.payload.device, batch.payload.battery, batch.payload.signal]).toEqual([
      'RG-1',
      80,
      null,
    ]);
  });
  it('a heartbeat with health only is a payload without readings', () => {
    const r = parseDevicePayload({ battery: 50 });
    expect(r.ok && r.payload.readings.length === 0 && r.payload.battery).toBe(50);
  });
  it.each([
    [[1], 'bad_shape'],
    [null, 'bad_shape'],
    [{}, 'empty'],
    [{ readings: [] }, 'empty'],
    [{ readings: 3 }, 'bad_shape'],
    [{ readings: [], metric: 'rainfall' }, 'bad_shape'],
    [{ device: 5, metric: 'rainfall', value: 1, ts: '2026-03-02T09:00:00Z' }, 'bad_shape'],
    [{ readings: new Array(10_001).fill(0) }, 'too_many_readings'],
  ])('%j is refused as a whole (%s)', (value, reason) => {
    expect(parseDevicePayload(value)).toMatchObject({ ok: false, reason });
  });
  it('bytes: too large, not UTF-8, not JSON', () => {
    expect(parseDevicePayloadBytes(Buffer.alloc(2000, 32), 1024)).toMatchObject({
      ok: false,
      reason: 'payload_too_large',
    });
    expect(parseDevicePayloadBytes(Buffer.from([0xc3, 0x28]), 1024)).toMatchObject({
      ok: false,
      reason: 'not_json',
    });
    expect(parseDevicePayloadBytes(Buffer.from('{"a":'), 1024)).toMatchObject({
      ok: false,
      reason: 'not_json',
    });
    expect(parseDevicePayloadBytes(Buffer.from('['.repeat(200_000)), 1_000_000)).toMatchObject({
      ok: false,
      reason: 'not_json',
    });
  });
});

describe('checks against the sensor (issue #4 part 2)', () => {
  const r = (over: Partial<PayloadReading>): PayloadReading => ({
    index: 0,
    metric: 'rainfall',
    value: 1,
    at: NOW,
    unit: null,
    ...over,
  });
  it('passes a good reading; units may be spelled as listed', () => {
    expect(checkReading(r({}), rain, limits)).toBeNull();
    expect(checkReading(r({ unit: 'mm' }), rain, limits)).toBeNull();
    expect(checkReading(r({ unit: '毫米' }), rain, limits)).toBeNull();
    expect(
      checkReading(
        r({ metric: 'air_temperature', unit: '°C' }),
        { ...rain, metric: 'air_temperature', validMin: -60, validMax: 60 },
        limits,
      ),
    ).toBeNull();
  });
  it.each([
    [r({}), null, 'unknown_metric'],
    [r({}), { ...rain, enabled: false }, 'sensor_disabled'],
    [r({ unit: 'cm' }), rain, 'unit_mismatch'],
    [r({ value: 300.01 }), rain, 'out_of_range'],
    [r({ value: -0.01 }), rain, 'out_of_range'],
    [r({ at: NOW + 300_001 }), rain, 'future_timestamp'],
    [r({ at: NOW - 90 * 86_400_000 - 1 }), rain, 'too_old'],
  ] as const)('%j → %s', (reading, sensor, reason) => {
    expect(checkReading(reading, sensor, limits)?.reason).toBe(reason);
  });
  it('the bounds are inclusive: the valid range, 5 minutes ahead, the retention', () => {
    expect(checkReading(r({ value: 300 }), rain, limits)).toBeNull();
    expect(checkReading(r({ value: 0 }), rain, limits)).toBeNull();
    expect(checkReading(r({ at: NOW + 300_000 }), rain, limits)).toBeNull();
    expect(checkReading(r({ at: NOW - 90 * 86_400_000 }), rain, limits)).toBeNull();
  });
});

describe('tier selection (issue #4 part 3)', () => {
  const retention = { rawDays: 90, minuteDays: 400, hourDays: 3650 };
  const H = 3_600_000;
  const tier = (hours: number, samplingSeconds: number, maxPoints = 1500, agoDays = 0) =>
    pickTier({
      from: NOW - agoDays * 24 * H - hours * H,
      to: NOW - agoDays * 24 * H,
      now: NOW,
      samplingSeconds,
      maxPoints,
      retention,
    });
  it('the finest tier that gives at most maxPoints points', () => {
    expect(tier(24, 60)).toBe('raw'); // 1440 points
    expect(tier(25, 60)).toBe('raw'); // exactly 1500
    expect(tier(26, 60)).toBe('1h'); // 1560 raw points, 1560 minutes: neither fits
    expect(tier(24, 10)).toBe('1m'); // 8640 raw, 1440 minutes
    expect(tier(24 * 7, 300)).toBe('1h'); // 2016 raw, 10080 minutes
    expect(tier(24 * 7, 3600)).toBe('raw'); // hourly sampling: 168 points
    expect(tier(6, 10, 200)).toBe('1h'); // 2160 raw, 360 minutes > 200
  });
  it('a range older than a tier’s retention goes to the next tier', () => {
    expect(tier(1, 60, 1500, 100)).toBe('1m');
    expect(tier(1, 60, 1500, 500)).toBe('1h');
  });
  it('queries: times with zones, to after from', () => {
    expect(
      SeriesQuery.safeParse({ from: '2026-03-02T09:00:00+08:00', to: '2026-03-02T08:00:00+08:00' }).success,
    ).toBe(false);
    expect(
      SeriesQuery.safeParse({ from: '2026-03-02T09:00:00', to: '2026-03-02T10:00:00+08:00' }).success,
    ).toBe(false);
    expect(
      SeriesQuery.parse({ from: '2026-03-02T09:00:00+08:00', to: '2026-03-02T10:00:00+08:00' }),
    ).toMatchObject({ tier: 'auto', maxPoints: 1500 });
  });
});
