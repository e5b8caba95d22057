/**
 * Issue #4 part 2, MQTT against real brokers: the embedded aedes broker (device credentials, PUBACK
 * only after the reading is durable, port fallback) and an external broker — this machine's Mosquitto
 * via TEST_MQTT_URL, mandatory under CI=true — subscribed with persistent sessions.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { readings } from '../db/schema/index.ts';
import { T0, useTestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { beijing, externalMqtt, newStation, type TestStation } from '../test/monitoring.ts';
import { describeMqtt, type IngestRuntime } from './runtime.ts';
import { startEmbeddedBroker, startExternalSubscriber, type MqttRunning } from './mqtt.ts';

const MIN = 60_000;

function connect(url: string, o: mqtt.IClientOptions = {}): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 5000, ...o });
    client.once('connect', () => resolve(client));
    client.once('error', (err) => {
      client.end(true);
      reject(err);
    });
  });
}

async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

forEachDriver('MQTT ingest, embedded broker (issue #4 part 2)', (driver) => {
  const ctx = useTestContext(driver);
  let broker: MqttRunning | null = null;
  afterAll(async () => {
    await broker?.close();
  });
  const start = async () =>
    (broker ??= await startEmbeddedBroker(ctx.services.ingest, { host: '127.0.0.1', port: 0, log: ctx.log }));
  const seriesOf = async (s: TestStation) =>
    (await ctx.services.ingest.authenticateDevice(s.code, s.secret))!.sensors.get('rainfall')!.seriesId;
  const stored = async (series: number, at: number) =>
    (
      await ctx.db
        .select({ n: count() })
        .from(readings)
        .where(and(eq(readings.seriesId, series), eq(readings.ts, new Date(at))))
    )[0]!.n;

  it('a device publishes QoS 1 with its id and secret; every PUBACK comes only after its reading is durable', async () => {
    const b = await start();
    const s = await newStation(ctx);
    const series = await seriesOf(s);
    const client = await connect(b.url, { username: s.code, password: s.secret, clientId: s.code });
    const n = 200;
    const checks = await Promise.all(
      Array.from({ length: n }, (_, i) => {
        const at = T0.getTime() - (i + 1) * 10_000;
        return new Promise<number>((resolve, reject) =>
          client.publish(
            s.topic,
            JSON.stringify({ metric: 'rainfall', value: i % 7, ts: new Date(at).toISOString() }),
            { qos: 1 },
            (err) =>
              // PUBACK received: the reading must already be stored.
              err ? reject(err) : resolve(stored(series, at)),
          ),
        );
      }),
    );
    expect(checks).toEqual(Array.from({ length: n }, () => 1));
    // A batch payload counts each reading; a re-sent one changes nothing.
    const batch = {
      readings: [1, 2, 3].map((m) => ({ metric: 'rainfall', value: m, ts: beijing(T0, -100 - m) })),
      battery: 64,
    };
    await client.publishAsync(s.topic, JSON.stringify(batch), { qos: 1 });
    await client.publishAsync(s.topic, JSON.stringify(batch), { qos: 1 });
    const [all] = await ctx.db.select({ n: count() }).from(readings).where(eq(readings.seriesId, series));
    expect(all!.n).toBe(n + 3);
    const view = await ctx.services.monitoring.getStation(ctx.actor(await ctx.newUser()), s.station.id);
    expect(view.health).toMatchObject({ status: 'online', battery: 64 });
    await client.endAsync();
  });

  it('malformed payloads and foreign topics are quarantined and acknowledged; the device stays connected', async () => {
    const b = await start();
    const s = await newStation(ctx);
    const client = await connect(b.url, { username: s.code, password: s.secret });
    await client.publishAsync(s.topic, Buffer.from([0x00, 0xff, 0x13]), { qos: 1 });
    await client.publishAsync(s.topic, '{"metric":"rainfall","value":1}', { qos: 1 });
    await client.publishAsync(
      'ningan/v1/devices/SOMEBODY/readings',
      JSON.stringify({ metric: 'rainfall', value: 1, ts: beijing(T0, -1) }),
      { qos: 1 },
    );
    expect(client.connected).toBe(true);
    const q = await ctx.services.monitoring.listQuarantine(ctx.actor(await ctx.newUser()), {
      page: 1,
      pageSize: 50,
      stationId: s.station.id,
    });
    expect(q.items.map((i) => i.reason).sort()).toEqual(['bad_timestamp', 'not_json', 'wrong_topic']);
    // A device may not subscribe to other devices' data.
    await expect(client.subscribeAsync('ningan/v1/devices/+/readings', { qos: 1 })).rejects.toThrow(
      /Subscribe error/,
    );
    expect((await client.subscribeAsync(`ningan/v1/devices/${s.code}/commands`, { qos: 1 }))[0]!.qos).toBe(1);
    await client.endAsync();
  });

  it('refuses a wrong secret, an unknown device and a disabled one at CONNECT', async () => {
    const b = await start();
    const s = await newStation(ctx);
    await expect(connect(b.url, { username: s.code, password: 'nope' })).rejects.toThrow(
      /Bad username or password|Not authorized/i,
    );
    await expect(connect(b.url, { username: 'NO-SUCH-1', password: 'x' })).rejects.toThrow();
    await expect(connect(b.url, {})).rejects.toThrow();
    await ctx.services.monitoring.updateStation(ctx.actor(await ctx.newUser()), s.station.id, {
      enabled: false,
    });
    await expect(connect(b.url, { username: s.code, password: s.secret })).rejects.toThrow();
  });

  it('takes the next free port when MQTT_PORT is taken, and says so', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const taken = (blocker.address() as net.AddressInfo).port;
    const b2 = await startEmbeddedBroker(ctx.services.ingest, {
      host: '127.0.0.1',
      port: taken,
      log: ctx.log,
    });
    try {
      expect(b2.port).not.toBe(taken);
      expect(b2.port! > taken).toBe(true);
      expect(b2.fallbackFrom).toBe(taken);
      const lines = describeMqtt(b2).join('\n');
      expect(lines).toContain(`MQTT 端口 ${taken} 已被占用`);
      expect(lines).toContain(`listens on ${b2.port}`);
      const s = await newStation(ctx);
      const client = await connect(b2.url, { username: s.code, password: s.secret });
      await client.publishAsync(
        s.topic,
        JSON.stringify({ metric: 'rainfall', value: 2, ts: beijing(T0, -1) }),
        { qos: 1 },
      );
      expect(await stored(await seriesOf(s), T0.getTime() - MIN)).toBe(1);
      await client.endAsync();
    } finally {
      await b2.close();
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});

const external = externalMqtt();
const describeExternal = external.url
  ? forEachDriver
  : (title: string, fn: Parameters<typeof forEachDriver>[1]) =>
      describe.skip(`${title} — skipped: ${external.skipReason}`, () =>
        fn({
          name: 'pglite',
          skipReason: external.skipReason,
          open: () => Promise.reject(new Error('skipped')),
        }));

describeExternal('MQTT ingest through an external broker (Mosquitto, TEST_MQTT_URL)', (driver) => {
  const ctx = useTestContext(driver);
  const url = external.url!;
  const clientId = `ningan-test-${driver.name}-${randomBytes(4).toString('hex')}`;
  const runtimes: IngestRuntime[] = [];
  afterAll(async () => {
    for (const r of runtimes) await r.stop().catch(() => undefined);
  });
  const subscribe = (subscribers: number) =>
    startExternalSubscriber(ctx.services.ingest, {
      url,
      clientId,
      subscribers,
      log: ctx.log,
      sessionExpirySeconds: 60,
    });
  const seriesOf = async (s: TestStation) =>
    (await ctx.services.ingest.authenticateDevice(s.code, s.secret))!.sensors.get('rainfall')!.seriesId;
  const storedCount = async (series: number) =>
    (await ctx.db.select({ n: count() }).from(readings).where(eq(readings.seriesId, series)))[0]!.n;

  it('stores what an ordinary client publishes to the broker, and quarantines what it cannot', async () => {
    const sub = await subscribe(2);
    try {
      const s = await newStation(ctx);
      const series = await seriesOf(s);
      const device = await connect(url, { clientId: `${clientId}-dev` });
      for (let i = 0; i < 50; i += 1)
        await device.publishAsync(
          s.topic,
          JSON.stringify({ metric: 'rainfall', value: i % 5, ts: beijing(T0, -i - 1) }),
          { qos: 1 },
        );
      await device.publishAsync(s.topic, 'garbage', { qos: 1 });
      await until('50 readings', async () => (await storedCount(series)) === 50);
      await until('the garbage in quarantine', async () => {
        const q = await ctx.services.monitoring.listQuarantine(ctx.actor(await ctx.newUser()), {
          page: 1,
          pageSize: 10,
          stationId: s.station.id,
        });
        return q.items.some((i) => i.reason === 'not_json');
      });
      await device.endAsync();
    } finally {
      await sub.close();
    }
  });

  it('messages published while the platform is away are queued by the broker and stored when it returns', async () => {
    const s = await newStation(ctx);
    const series = await seriesOf(s);
    const first = await subscribe(1); // creates the persistent session
    await first.close();
    const device = await connect(url, { clientId: `${clientId}-dev2` });
    for (let i = 0; i < 10; i += 1)
      await device.publishAsync(
        s.topic,
        JSON.stringify({ metric: 'rainfall', value: 1, ts: beijing(T0, -i - 1) }),
        { qos: 1 },
      );
    await device.endAsync();
    expect(await storedCount(series)).toBe(0);
    const again = await subscribe(1);
    try {
      await until('the queued readings', async () => (await storedCount(series)) === 10);
    } finally {
      await again.close();
    }
  });
});
