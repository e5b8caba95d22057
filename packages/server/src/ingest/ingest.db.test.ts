/**
 * Issue #4 parts 2–3 on both drivers: validation and quarantine reasons, idempotency, group commit
 * (a unit resolves only once durable; a failed batch acknowledges nothing), rollups, tier selection,
 * subscribers, device health, the HTTP ingest, partitions and retention.
 */
import { QUARANTINE_REASONS, type IngestResult, type QuarantineReason } from '@ningan/domain';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { ingestQuarantine, readings, readings1h, readings1m } from '../db/schema/index.ts';
import { createTimeseriesMaintenance } from '../jobs/timeseries-maintenance.ts';
import { listPartitions, partitionOfReading, PARTITIONED } from '../repositories/readings.repository.ts';
import { T0, townshipScope, useTestContext, XINNING, ZAOSHENG } from '../test/context.ts';
import { forEachDriver, queryRows } from '../test/db.ts';
import { beijing, newStation, payload, type TestStation } from '../test/monitoring.ts';
import type { CachedStation } from './directory.ts';
import { declaredRoutes } from '../http/policy.ts';
import { IngestPipeline, type CommittedBatch } from './pipeline.ts';

const MIN = 60_000;

forEachDriver('ingest: validation, quarantine, idempotency, group commit (issue #4 part 2)', (driver) => {
  const ctx = useTestContext(driver);
  const cachedOf = async (s: TestStation): Promise<CachedStation> =>
    (await ctx.services.ingest.authenticateDevice(s.code, s.secret))!;
  const send = async (s: TestStation, value: unknown, topic = s.topic) =>
    ctx.services.ingest.acceptDeviceMessage(
      await cachedOf(s),
      topic,
      Buffer.isBuffer(value) ? value : payload(value),
    );
  const quarantined = async (stationId: string) =>
    (
      await ctx.services.monitoring.listQuarantine(ctx.actor(await ctx.newUser()), {
        page: 1,
        pageSize: 200,
        stationId,
      })
    ).items;

  it('stores a single reading and a batch; timestamps with a zone; battery and signal update device health', async () => {
    const s = await newStation(ctx, {
      kind: 'weather',
      sensors: [{ metric: 'rainfall' }, { metric: 'air_temperature' }],
    });
    const one = await send(s, { metric: 'rainfall', value: 0.5, ts: beijing(T0, -10) });
    expect(one).toEqual({ accepted: 1, duplicates: 0, quarantined: 0 });
    const batch = await send(s, {
      readings: [
        { metric: 'rainfall', value: 1.5, ts: beijing(T0, -5) },
        { metric: 'air_temperature', value: -3.5, ts: '2026-03-02T00:55:00Z', unit: '°C' },
      ],
      battery: 81,
      signal: -73,
    });
    expect(batch).toEqual({ accepted: 2, duplicates: 0, quarantined: 0 });
    const view = await ctx.services.monitoring.getStation(ctx.actor(await ctx.newUser()), s.station.id);
    expect(view.health).toMatchObject({
      status: 'online',
      battery: 81,
      signal: -73,
      lastSeenAt: T0.toISOString(),
    });
    expect(view.sensors.find((x) => x.metric === 'rainfall')!.latest).toEqual({
      at: new Date(T0.getTime() - 5 * MIN).toISOString(),
      value: 1.5,
    });
    expect(view.sensors.find((x) => x.metric === 'air_temperature')!.latest).toEqual({
      at: '2026-03-02T00:55:00.000Z',
      value: -3.5,
    });
  });

  it('quarantines every kind of bad input with its reason, keeps the good readings of a mixed batch, and counts per device', async () => {
    const s = await newStation(ctx, { sensors: [{ metric: 'rainfall' }, { metric: 'soil_moisture' }] });
    const officer = await ctx.newUser();
    await ctx.services.monitoring.updateSensor(ctx.actor(officer), s.sensorId('soil_moisture'), {
      enabled: false,
    });
    const ok = (m = -1) => ({ metric: 'rainfall', value: 2, ts: beijing(T0, m) });
    const cases: [QuarantineReason, unknown][] = [
      ['payload_too_large', Buffer.alloc(300_000, 0x20)],
      ['not_json', Buffer.from('{"metric":"rainfall",')],
      ['not_json', Buffer.from([0xff, 0xfe, 0x7b, 0x7d])],
      ['bad_shape', [1, 2]],
      ['bad_shape', { readings: 5 }],
      ['empty', {}],
      ['empty', { readings: [] }],
      ['too_many_readings', { readings: Array.from({ length: 10_001 }, () => 0) }],
      ['wrong_device', { device: 'SOMEONE-ELSE', ...ok() }],
      ['unknown_metric', { metric: 'pm25', value: 1, ts: beijing(T0, -1) }],
      ['unknown_metric', { metric: 'water_level', value: 1, ts: beijing(T0, -1) }],
      ['sensor_disabled', { metric: 'soil_moisture', value: 20, ts: beijing(T0, -1) }],
      ['unit_mismatch', { ...ok(-2), unit: 'cm' }],
      ['bad_value', { metric: 'rainfall', value: '2', ts: beijing(T0, -1) }],
      ['bad_value', { metric: 'rainfall', value: null, ts: beijing(T0, -1) }],
      ['out_of_range', { metric: 'rainfall', value: 999, ts: beijing(T0, -1) }],
      ['out_of_range', { metric: 'rainfall', value: -0.1, ts: beijing(T0, -1) }],
      ['bad_timestamp', { metric: 'rainfall', value: 1, ts: '2026-02-30T10:00:00+08:00' }],
      ['bad_timestamp', { metric: 'rainfall', value: 1, ts: 1772413200000 }],
      ['timestamp_without_zone', { metric: 'rainfall', value: 1, ts: '2026-03-02T09:00:00' }],
      ['future_timestamp', { metric: 'rainfall', value: 1, ts: beijing(T0, 6) }],
      ['too_old', { metric: 'rainfall', value: 1, ts: beijing(T0, -91 * 24 * 60) }],
    ];
    for (const [reason, value] of cases) {
      const r = await send(s, value);
      expect({ reason, r }).toEqual({ reason, r: { accepted: 0, duplicates: 0, quarantined: 1 } });
    }
    // Another device's topic is not this device's to publish on.
    expect(await send(s, ok(-3), 'ningan/v1/devices/OTHER-1/readings')).toMatchObject({
      accepted: 0,
      quarantined: 1,
    });
    // A mixed batch: the good readings are stored, each bad one quarantined on its own.
    const mixed = await send(s, {
      readings: [
        ok(-4),
        { metric: 'rainfall', value: 1e9, ts: beijing(T0, -4) },
        ok(-6),
        { metric: 'rainfall' },
      ],
      battery: 'full',
    });
    expect(mixed).toEqual({ accepted: 2, duplicates: 0, quarantined: 3 });
    const items = await quarantined(s.station.id);
    const reasons = items.map((i) => i.reason);
    for (const [reason] of cases) expect(reasons).toContain(reason);
    expect(reasons).toContain('wrong_topic');
    expect(items.find((i) => i.reason === 'payload_too_large')!.payload.length).toBeLessThanOrEqual(4096);
    expect(items.find((i) => i.reason === 'payload_too_large')!.payloadBytes).toBe(300_000);
    expect(items.every((i) => i.deviceCode === s.code && i.source === 'mqtt' && i.message.length > 0)).toBe(
      true,
    );
    expect(items).toHaveLength(cases.length + 1 + 3);
    const summary = await ctx.services.monitoring.quarantineSummary(ctx.actor(await ctx.newUser()), {});
    const mine = summary.find((x) => x.stationId === s.station.id)!;
    expect(mine.count).toBe(items.length);
    expect(mine.reasons.out_of_range).toBe(3);
    expect((await ctx.services.monitoring.getStation(ctx.actor(officer), s.station.id)).quarantined).toBe(
      items.length,
    );
    expect(
      QUARANTINE_REASONS.filter(
        (r) => !['unknown_device', 'device_disabled'].includes(r) && !reasons.includes(r),
      ),
    ).toEqual([]);
  });

  it('a relayed message (external broker) from an unknown or disabled device is quarantined; the county sees it, a township does not', async () => {
    const s = await newStation(ctx);
    await ctx.services.ingest.acceptBrokerMessage(
      'ningan/v1/devices/NO-SUCH-DEVICE/readings',
      payload({ metric: 'rainfall', value: 1, ts: beijing(T0, -1) }),
    );
    await ctx.services.ingest.acceptBrokerMessage('some/other/topic', payload({}));
    const officer = await ctx.newUser();
    await ctx.services.monitoring.updateStation(ctx.actor(officer), s.station.id, { enabled: false });
    await ctx.services.ingest.acceptBrokerMessage(
      s.topic,
      payload({ metric: 'rainfall', value: 1, ts: beijing(T0, -1) }),
    );
    const county = await ctx.services.monitoring.listQuarantine(ctx.actor(officer), {
      page: 1,
      pageSize: 200,
    });
    expect(county.items.find((i) => i.deviceCode === 'NO-SUCH-DEVICE')).toMatchObject({
      reason: 'unknown_device',
      stationId: null,
    });
    expect(county.items.some((i) => i.reason === 'wrong_topic' && i.topic === 'some/other/topic')).toBe(true);
    expect(county.items.find((i) => i.stationId === s.station.id)).toMatchObject({
      reason: 'device_disabled',
    });
    const township = await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const theirs = await ctx.services.monitoring.listQuarantine(ctx.actor(township), {
      page: 1,
      pageSize: 200,
    });
    expect(
      theirs.items.filter((i) => i.deviceCode === 'NO-SUCH-DEVICE' || i.stationId === s.station.id),
    ).toEqual([]);
  });

  it('is idempotent on (sensor, time): a re-sent batch changes nothing, not even the rollups', async () => {
    const s = await newStation(ctx);
    const body = {
      readings: [1, 2, 3].map((v, i) => ({ metric: 'rainfall', value: v, ts: beijing(T0, -30 + i) })),
    };
    expect(await send(s, body)).toEqual({ accepted: 3, duplicates: 0, quarantined: 0 });
    const series = (await ctx.db.select().from(readings1h)).length;
    const again = await send(s, {
      readings: [...body.readings, { metric: 'rainfall', value: 9, ts: beijing(T0, -20) }],
    });
    expect(again).toEqual({ accepted: 1, duplicates: 3, quarantined: 0 });
    // The same reading twice in one payload counts once.
    expect(
      await send(s, {
        readings: [
          { metric: 'rainfall', value: 4, ts: beijing(T0, -15) },
          { metric: 'rainfall', value: 5, ts: beijing(T0, -15) },
        ],
      }),
    ).toEqual({
      accepted: 1,
      duplicates: 1,
      quarantined: 0,
    });
    const view = await ctx.services.monitoring.series(
      ctx.actor(await ctx.newUser()),
      s.sensorId('rainfall'),
      {
        from: beijing(T0, -60),
        to: beijing(T0, 0),
        tier: '1h',
        maxPoints: 100,
      },
    );
    expect(view.points.reduce((a, p) => a + p.sum, 0)).toBe(1 + 2 + 3 + 9 + 4);
    expect(view.points.reduce((a, p) => a + p.count, 0)).toBe(5);
    expect((await ctx.db.select().from(readings1h)).length).toBe(series); // same hour bucket, no new row
  });

  it('group commit: concurrent units share one transaction, and each resolves only when durable', async () => {
    const stations = await Promise.all([1, 2, 3, 4].map(() => newStation(ctx)));
    const batchesBefore = ctx.services.ingest.stats.batches;
    const results = await Promise.all(
      stations.map(async (s, i) => {
        const r = await send(s, { metric: 'rainfall', value: i, ts: beijing(T0, -2) });
        // Resolved: the reading is committed and visible to any other connection.
        const [row] = await ctx.db
          .select({ n: count() })
          .from(readings)
          .where(eq(readings.seriesId, (await cachedOf(s)).sensors.get('rainfall')!.seriesId));
        return { r, stored: row!.n };
      }),
    );
    expect(results.map((x) => x.stored)).toEqual([1, 1, 1, 1]);
    expect(results.every((x) => x.r.accepted === 1)).toBe(true);
    expect(ctx.services.ingest.stats.batches - batchesBefore).toBe(1);
  });

  it('a batch that cannot be written acknowledges nothing (every unit in it is rejected)', async () => {
    const s = await newStation(ctx);
    const station = await cachedOf(s);
    const other = await driver.open();
    const pipeline = new IngestPipeline({
      db: other.db,
      clock: ctx.clock.now,
      log: ctx.log,
      maxReadings: 100,
      maxWaitMs: 5,
    });
    await other.close(); // the database goes away under the pipeline
    const sensor = station.sensors.get('rainfall')!;
    const units = [1, 2].map((v) =>
      pipeline.submit({
        readings: [{ station, sensor, at: T0.getTime() - v * MIN, value: v }],
        quarantine: [],
        health: [],
      }),
    );
    const settled = await Promise.allSettled(units);
    expect(settled.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(pipeline.stats).toMatchObject({ failedBatches: 1, accepted: 0 });
  });

  it('subscribers get each batch after commit: only new readings, and the devices heard from', async () => {
    const s = await newStation(ctx);
    const got: CommittedBatch[] = [];
    const off = ctx.services.ingest.onReadings((b) => {
      got.push(b);
    });
    await send(s, { readings: [{ metric: 'rainfall', value: 3, ts: beijing(T0, -40) }], battery: 55 });
    await send(s, {
      readings: [
        { metric: 'rainfall', value: 3, ts: beijing(T0, -40) },
        { metric: 'rainfall', value: 4, ts: beijing(T0, -39) },
      ],
    });
    await send(s, { metric: 'rainfall', value: 999, ts: beijing(T0, -38) }); // quarantined: no reading, but the device was heard
    off();
    await send(s, { metric: 'rainfall', value: 5, ts: beijing(T0, -37) });
    expect(got).toHaveLength(3);
    expect(got[0]!.readings).toEqual([
      expect.objectContaining({
        device: s.code,
        metric: 'rainfall',
        value: 3,
        at: T0.getTime() - 40 * MIN,
        sensorId: s.sensorId('rainfall'),
      }),
    ]);
    expect(got[1]!.readings.map((r) => r.value)).toEqual([4]);
    expect(got[2]!.readings).toEqual([]);
    expect(got[2]!.devices).toEqual([
      expect.objectContaining({ stationId: s.station.id, battery: 55, lastSeenAt: T0.getTime() }),
    ]);
  });

  it('HTTP ingest: device credentials (Basic) or an integration token (Bearer); answers after durability with what was quarantined', async () => {
    const app = await ctx.app();
    const s = await newStation(ctx, { regionCode: XINNING });
    const post = (authorization: string | undefined, body: unknown, raw?: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/monitoring/ingest',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        payload: raw ?? JSON.stringify(body),
      });
    expect((await post(undefined, {})).json()).toMatchObject({ error: { code: 'unauthenticated' } });
    expect((await post(`Basic ${Buffer.from(`${s.code}:wrong`).toString('base64')}`, {})).statusCode).toBe(
      401,
    );
    const single = await post(s.basic, { metric: 'rainfall', value: 0.2, ts: beijing(T0, -3) });
    expect(single.statusCode).toBe(200);
    expect(single.json<IngestResult>()).toEqual({ accepted: 1, duplicates: 0, quarantined: [] });
    const list = await post(s.basic, [
      { metric: 'rainfall', value: 0.4, ts: beijing(T0, -2) },
      { metric: 'rainfall', value: 0.4, ts: '昨天' },
      { device: 'NOT-ME', metric: 'rainfall', value: 0.4, ts: beijing(T0, -1) },
    ]);
    expect(list.json<IngestResult>()).toEqual({
      accepted: 1,
      duplicates: 0,
      quarantined: [
        { payload: 1, index: 0, reason: 'bad_timestamp', message: '时间 昨天 无法解析' },
        { payload: 2, index: null, reason: 'wrong_device', message: '报文所称设备 NOT-ME 与凭据不符' },
      ],
    });
    const garbage = await post(s.basic, null, '{"metric": ');
    expect(garbage.json<IngestResult>().quarantined).toEqual([
      { payload: 0, index: null, reason: 'not_json', message: '请求体不是合法的 UTF-8 JSON' },
    ]);
    // An integration token for 新宁镇: posts for its stations; others are refused reading by reading.
    const officer = await ctx.loginAs({ roles: ['duty_officer'] });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/monitoring/tokens',
      headers: officer.bearer,
      payload: { name: '水务局水情系统', regionCode: XINNING },
    });
    expect(created.statusCode).toBe(201);
    const token = created.json<{ secret: string; token: { id: string } }>();
    expect(token.secret).toMatch(/^nit_/);
    const elsewhere = await newStation(ctx, { regionCode: ZAOSHENG, lon: 107.75, lat: 35.35 });
    const viaToken = await post(`Bearer ${token.secret}`, [
      { device: s.code, metric: 'rainfall', value: 0.6, ts: beijing(T0, -1) },
      { device: elsewhere.code, metric: 'rainfall', value: 0.6, ts: beijing(T0, -1) },
      { device: 'GHOST-9', metric: 'rainfall', value: 0.6, ts: beijing(T0, -1) },
      { metric: 'rainfall', value: 0.6, ts: beijing(T0, -1) },
    ]);
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.json<IngestResult>()).toMatchObject({
      accepted: 1,
      quarantined: [
        { payload: 1, reason: 'wrong_device' },
        { payload: 2, reason: 'unknown_device' },
        { payload: 3, reason: 'bad_shape' },
      ],
    });
    const revoked = await app.inject({
      method: 'POST',
      url: `/api/v1/monitoring/tokens/${token.token.id}/revoke`,
      headers: officer.bearer,
    });
    expect(revoked.json()).toMatchObject({ revokedAt: T0.toISOString() });
    expect((await post(`Bearer ${token.secret}`, [])).json()).toMatchObject({
      error: { code: 'invalid_credentials' },
    });
    // A session token is not an ingest credential.
    expect(
      (await post(officer.bearer.authorization, { metric: 'rainfall', value: 1, ts: beijing(T0, -1) }))
        .statusCode,
    ).toBe(401);
  });

  it('the ingest route is the only one authenticated by device credentials rather than a session', async () => {
    await (await ctx.app()).ready();
    const device = declaredRoutes
      .filter((r) => r.policy?.auth === 'device')
      .map((r) => `${r.method} ${r.url}`);
    expect([...new Set(device)]).toEqual(['POST /api/v1/monitoring/ingest']);
  });

  it('device health: online while data comes within 3 sampling intervals, offline after', async () => {
    const s = await newStation(ctx, { sensors: [{ metric: 'rainfall', samplingSeconds: 600 }] });
    await send(s, { metric: 'rainfall', value: 0, ts: beijing(ctx.clock.now(), -1) });
    const officer = ctx.actor(await ctx.newUser());
    expect((await ctx.services.monitoring.getStation(officer, s.station.id)).health).toMatchObject({
      status: 'online',
      offlineAfterSeconds: 1800,
    });
    ctx.clock.advanceMinutes(31);
    expect((await ctx.services.monitoring.getStation(officer, s.station.id)).health.status).toBe('offline');
    ctx.clock.advanceMinutes(-31);
  });
});

forEachDriver('time series: rollups and tiers (issue #4 part 3)', (driver) => {
  const ctx = useTestContext(driver);

  it('one-minute and one-hour rollups hold min/max/sum/count; a late reading joins its bucket; the query picks the tier by range', async () => {
    const s = await newStation(ctx, { sensors: [{ metric: 'rainfall', samplingSeconds: 10 }] });
    const station = (await ctx.services.ingest.authenticateDevice(s.code, s.secret))!;
    const at = (iso: string, value: number) => ({ metric: 'rainfall', value, ts: iso });
    // Beijing 07:00:10 … 08:00:00 on 2 March 2026 (UTC 23:00:10 … 00:00:00).
    await ctx.services.ingest.acceptDeviceMessage(
      station,
      s.topic,
      payload({
        readings: [
          at('2026-03-02T07:00:10+08:00', 1),
          at('2026-03-02T07:00:40+08:00', 3),
          at('2026-03-02T07:01:05+08:00', 2),
          at('2026-03-02T08:00:00+08:00', 5),
        ],
      }),
    );
    await ctx.services.ingest.acceptDeviceMessage(
      station,
      s.topic,
      payload(at('2026-03-02T07:00:50+08:00', 4)),
    );
    const actor = ctx.actor(await ctx.newUser());
    const q = (from: string, to: string, tier: 'auto' | 'raw' | '1m' | '1h', maxPoints = 1500) =>
      ctx.services.monitoring.series(actor, s.sensorId('rainfall'), { from, to, tier, maxPoints });
    const minute = await q('2026-03-02T07:00:00+08:00', '2026-03-02T08:01:00+08:00', '1m');
    expect(minute.points).toEqual([
      { t: '2026-03-01T23:00:00.000Z', value: 8 / 3, min: 1, max: 4, sum: 8, count: 3 },
      { t: '2026-03-01T23:01:00.000Z', value: 2, min: 2, max: 2, sum: 2, count: 1 },
      { t: '2026-03-02T00:00:00.000Z', value: 5, min: 5, max: 5, sum: 5, count: 1 },
    ]);
    const hour = await q('2026-03-02T07:00:00+08:00', '2026-03-02T09:00:00+08:00', '1h');
    expect(hour.points).toEqual([
      { t: '2026-03-01T23:00:00.000Z', value: 10 / 4, min: 1, max: 4, sum: 10, count: 4 },
      { t: '2026-03-02T00:00:00.000Z', value: 5, min: 5, max: 5, sum: 5, count: 1 },
    ]);
    const raw = await q('2026-03-02T07:00:00+08:00', '2026-03-02T07:01:00+08:00', 'raw');
    expect(raw.points.map((p) => p.value)).toEqual([1, 3, 4]);
    // Auto: 10 s sampling. 1 h = 360 raw points (raw); 6 h = 2160 raw but 360 minutes (1m); 3 days (1h).
    expect((await q('2026-03-02T07:00:00+08:00', '2026-03-02T08:00:00+08:00', 'auto')).tier).toBe('raw');
    expect((await q('2026-03-02T03:00:00+08:00', '2026-03-02T09:00:00+08:00', 'auto')).tier).toBe('1m');
    const days = await q('2026-02-27T09:00:00+08:00', '2026-03-02T09:00:00+08:00', 'auto');
    expect(days.tier).toBe('1h');
    expect(days.points.reduce((a, p) => a + p.sum, 0)).toBe(15);
    // A short range from before the raw tier's retention (90 days) comes from the minute rollups.
    expect((await q('2025-11-01T09:00:00+08:00', '2025-11-01T10:00:00+08:00', 'auto')).tier).toBe('1m');
    const [r1m] = await ctx.db.select({ n: count() }).from(readings1m);
    expect(r1m!.n).toBe(3);
  });
});

forEachDriver('time series: partitions and retention (issue #4 part 3)', (driver) => {
  const ctx = useTestContext(driver, {
    env: { RETENTION_RAW_DAYS: '30', RETENTION_1M_DAYS: '60', RETENTION_QUARANTINE_DAYS: '30' },
  });

  it('creates daily raw and monthly minute partitions ahead; readings land in theirs; expired partitions are dropped and old rows deleted', async () => {
    const maintenance = createTimeseriesMaintenance({
      db: ctx.db,
      clock: ctx.clock.now,
      config: ctx.config,
      log: ctx.log,
    });
    const first = await maintenance.run();
    expect(first.created).toContain('readings_p20260302');
    expect(first.created).toContain('readings_p20260309');
    expect(first.created).toEqual(expect.arrayContaining(['readings_1m_p202603', 'readings_1m_p202604']));
    expect((await maintenance.run()).created).toEqual([]); // idempotent
    const s = await newStation(ctx);
    const station = (await ctx.services.ingest.authenticateDevice(s.code, s.secret))!;
    const series = station.sensors.get('rainfall')!.seriesId;
    await ctx.services.ingest.acceptDeviceMessage(
      station,
      s.topic,
      payload({
        readings: [
          { metric: 'rainfall', value: 1, ts: beijing(T0, -1) },
          { metric: 'rainfall', value: 2, ts: beijing(T0, -20 * 24 * 60) },
        ],
      }),
    );
    await ctx.services.ingest.acceptDeviceMessage(
      station,
      s.topic,
      payload({ metric: 'rainfall', value: 'x', ts: beijing(T0, -1) }),
    );
    expect(await partitionOfReading(ctx.db, series, new Date(T0.getTime() - MIN))).toBe('readings_p20260302');
    expect(await partitionOfReading(ctx.db, series, new Date(T0.getTime() - 20 * 24 * 60 * MIN))).toBe(
      'readings_default',
    );
    // 31 days on: the raw day of 2 March and the 20-day-old default row are past the 30-day retention.
    ctx.clock.advanceMinutes(31 * 24 * 60);
    const later = await maintenance.run();
    expect(later.dropped).toContain('readings_p20260302');
    expect(later.deletedRows).toBeGreaterThanOrEqual(2); // the default-partition reading and the quarantined payload
    const [left] = await ctx.db.select({ n: count() }).from(readings).where(eq(readings.seriesId, series));
    expect(left!.n).toBe(0);
    const [q] = await ctx.db.select({ n: count() }).from(ingestQuarantine);
    expect(q!.n).toBe(0);
    // The minute rollups of March are kept (60 days) and still answer for the range.
    const minute = await ctx.services.monitoring.series(
      ctx.actor(await ctx.newUser()),
      s.sensorId('rainfall'),
      {
        from: beijing(T0, -60),
        to: beijing(T0, 0),
        tier: 'auto',
        maxPoints: 1500,
      },
    );
    expect(minute.tier).toBe('1m');
    expect(minute.points.map((p) => p.sum)).toEqual([1]);
    const parts = await listPartitions(ctx.db, PARTITIONED[0]);
    expect(parts.some((p) => p.name === 'readings_p20260402')).toBe(true);
    const kinds = await queryRows<{ relkind: string }>(
      ctx.db,
      (await import('drizzle-orm')).sql`select relkind from pg_class where relname = 'readings'`,
    );
    expect(kinds[0]!.relkind).toBe('p'); // partitioned on this driver too
  });
});

describe('ingest reasons (issue #4 part 2)', () => {
  it('every quarantine reason has a label', async () => {
    const { QUARANTINE_REASON_LABELS } = await import('@ningan/domain');
    for (const r of QUARANTINE_REASONS) expect(QUARANTINE_REASON_LABELS[r].length).toBeGreaterThan(2);
  });
});
