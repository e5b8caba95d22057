/**
 * Issue #4 part 2 (and the bench's 100,000-payload figure in miniature): a few thousand seeded random
 * malformed payloads through every entry point — a device's MQTT message, a message relayed by a
 * broker, an HTTP body — crash nothing, store no reading, and each lands in the quarantine with a reason.
 */
import { QUARANTINE_REASONS, type IngestResult } from '@ningan/domain';
import { count, eq } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { ingestQuarantine, readings } from '../db/schema/index.ts';
import { T0, useTestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { beijing, newStation } from '../test/monitoring.ts';

/** mulberry32: a small seeded PRNG, so a failure reproduces. */
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

/** Malformed payloads for a station whose only sensor is rainfall (valid 0–300 mm). Never a valid one. */
function malformedPayloads(seed: number, n: number): Buffer[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const int = (max: number) => Math.floor(rnd() * max);
  const goodTs = () => beijing(T0, -1 - int(600));
  const badValues = ['1.5', true, null, [], {}, 1e300, -5, 301, 'NaN', '', { value: 1 }];
  const badTs = [
    1772413200000,
    '2026-03-02 09:00:00',
    '2026-03-02T09:00:00',
    '2026-02-30T09:00:00+08:00',
    '2026-13-01T09:00:00Z',
    '2026-03-02T24:00:00Z',
    '2026-03-02T09:00:00+15:00',
    'tomorrow',
    '',
    null,
    '2099-01-01T00:00:00Z',
    '1999-01-01T00:00:00Z',
  ];
  const badMetrics = [42, '', 'RAINFALL', 'pm2.5', 'x'.repeat(65), null, '雨量', 'water_level'];
  const valid = () => ({ metric: 'rainfall', value: rnd() * 10, ts: goodTs() });
  const strategies: (() => Buffer)[] = [
    // random bytes, often invalid UTF-8
    () => Buffer.from(Array.from({ length: int(300) }, () => int(256))),
    // a valid payload cut short: an unclosed object is never valid JSON
    () => {
      const text = JSON.stringify(rnd() < 0.5 ? valid() : { readings: [valid(), valid()], battery: 50 });
      return Buffer.from(text.slice(0, 1 + int(text.length - 1)));
    },
    () => Buffer.from(JSON.stringify({ ...valid(), value: pick(badValues) })),
    () => Buffer.from(JSON.stringify({ ...valid(), ts: pick(badTs) })),
    () => Buffer.from(JSON.stringify({ ...valid(), metric: pick(badMetrics) })),
    () => Buffer.from(JSON.stringify({ ...valid(), unit: pick(['cm', 'in', 7, '毫升']) })),
    () =>
      Buffer.from(
        JSON.stringify({ readings: pick([5, 'x', null, {}, [1, 'a', null], [{ metric: 'rainfall' }]]) }),
      ),
    // not an object (an array of payloads is an HTTP body, so its items are bad too)
    () => Buffer.from(JSON.stringify(pick([[], [[valid()]], ['x', 3], [null], 'text', 3, null, true, {}]))),
    () => Buffer.from(JSON.stringify({ __proto__: valid(), constructor: { prototype: { value: 1 } } })),
    () => Buffer.from(JSON.stringify({ ...valid(), readings: [valid()] })),
    () => Buffer.from('['.repeat(5000 + int(60_000))), // deep nesting, unclosed
    () => Buffer.from(`${'['.repeat(2000)}${']'.repeat(2000)}`), // deep nesting, closed: not an object
    () => Buffer.from(JSON.stringify({ readings: Array.from({ length: 10_001 + int(50) }, () => 0) })),
    () => Buffer.from(JSON.stringify({ device: 'SOMEONE-ELSE', ...valid() })),
    () => Buffer.from(JSON.stringify({ battery: 'high', signal: 5 })),
  ];
  return Array.from({ length: n }, () => pick(strategies)());
}

forEachDriver('fuzz: malformed payloads (issue #4 part 2)', (driver) => {
  const ctx = useTestContext(driver);

  it('3,000 MQTT, 500 relayed and 500 HTTP malformed payloads: no crash, nothing stored, all quarantined with reasons', async () => {
    const s = await newStation(ctx);
    const station = (await ctx.services.ingest.authenticateDevice(s.code, s.secret))!;
    const series = station.sensors.get('rainfall')!.seriesId;
    const mqttPayloads = malformedPayloads(20260302, 3000);
    let quarantinedParts = 0;
    for (let i = 0; i < mqttPayloads.length; i += 250) {
      const results = await Promise.all(
        mqttPayloads
          .slice(i, i + 250)
          .map((p) => ctx.services.ingest.acceptDeviceMessage(station, s.topic, p)),
      );
      for (const r of results) {
        expect(r.accepted).toBe(0);
        expect(r.quarantined).toBeGreaterThanOrEqual(1);
        quarantinedParts += r.quarantined;
      }
    }
    const relayed = malformedPayloads(7, 500);
    const relayedResults = await Promise.all(
      relayed.map((p) => ctx.services.ingest.acceptBrokerMessage(s.topic, p)),
    );
    for (const r of relayedResults) {
      expect(r.accepted).toBe(0);
      expect(r.quarantined).toBeGreaterThanOrEqual(1);
      quarantinedParts += r.quarantined;
    }
    const app = await ctx.app();
    for (const body of malformedPayloads(99, 500)) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/monitoring/ingest',
        headers: { authorization: s.basic, 'content-type': 'application/json' },
        payload: body,
      });
      expect(res.statusCode).toBe(200);
      const r = res.json<IngestResult>();
      expect(r.accepted).toBe(0);
      expect(r.quarantined.length).toBeGreaterThanOrEqual(1);
      quarantinedParts += r.quarantined.length;
    }
    const [stored] = await ctx.db.select({ n: count() }).from(readings).where(eq(readings.seriesId, series));
    expect(stored!.n).toBe(0);
    const rows = await ctx.db
      .select({ reason: ingestQuarantine.reason, message: ingestQuarantine.message })
      .from(ingestQuarantine)
      .where(eq(ingestQuarantine.stationId, s.station.id));
    expect(rows).toHaveLength(quarantinedParts);
    expect(rows.length).toBeGreaterThanOrEqual(4000);
    expect(
      rows.every((r) => (QUARANTINE_REASONS as readonly string[]).includes(r.reason) && r.message.length > 0),
    ).toBe(true);
    // Every kind of trouble the generator makes shows up.
    const seen = new Set(rows.map((r) => r.reason));
    for (const reason of [
      'not_json',
      'bad_shape',
      'bad_value',
      'bad_timestamp',
      'unknown_metric',
      'out_of_range',
      'too_many_readings',
      'wrong_device',
      'unit_mismatch',
    ])
      expect(seen).toContain(reason);
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
  });
});
