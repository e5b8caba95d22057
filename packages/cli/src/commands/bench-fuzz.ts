/**
 * `ningan bench --only alarms`, fuzz part (issue #4: "100,000 fuzzed malformed payloads: zero crashes,
 * all quarantined with reasons"): seeded malformed payloads of many kinds published over real MQTT QoS 1
 * to the embedded broker of a started server, each made to be quarantined exactly once with a known
 * reason; then the process must be alive, still take a good reading, refuse bad credentials, and its
 * quarantine must hold one entry per payload, by reason as expected (counted over the API).
 */
import type { QuarantineReason } from '@ningan/domain';
import mqtt, { type MqttClient } from 'mqtt';
import { api, createFleet, type FleetDevice } from './bench-fleet.ts';
import { load, request, say, seconds, verdict, type Server } from './bench-support.ts';

/** mulberry32: a small seeded PRNG, so a run reproduces. */
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

interface Malformed {
  /** Index of the publishing device. */
  from: number;
  topic: string;
  bytes: Buffer;
  reason: QuarantineReason;
}

/** Above INGEST_MAX_PAYLOAD_BYTES' default (256 KiB). */
const TOO_LARGE = 262_144 + 1;

/**
 * `n` payloads for `devices` (rain gauges; the last one's sensor is disabled), every one quarantined once
 * with `reason`. `now`: the server's clock, for timestamps in and out of range.
 */
export function malformedPayloads(seed: number, n: number, devices: FleetDevice[], now: number): Malformed[] {
  const rnd = prng(seed);
  const int = (max: number) => Math.floor(rnd() * max);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const enabled = devices.length - 1; // the last device's sensor is disabled
  const ts = () => new Date(now - 1000 - int(600_000)).toISOString();
  const good = () => ({ metric: 'rainfall', value: Math.round(rnd() * 100) / 10, ts: ts() });
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));
  type Kind = { weight: number; reason: QuarantineReason; make: () => Buffer; from?: () => number };
  const kinds: Kind[] = [
    // invalid UTF-8 (0xff never occurs in UTF-8), then random bytes
    {
      weight: 10,
      reason: 'not_json',
      make: () => Buffer.from([0xff, ...Array.from({ length: int(300) }, () => int(256))]),
    },
    // a valid payload cut short: an unclosed object is never valid JSON
    {
      weight: 10,
      reason: 'not_json',
      make: () => {
        const text = JSON.stringify(good());
        return Buffer.from(text.slice(0, 1 + int(text.length - 1)));
      },
    },
    { weight: 2, reason: 'not_json', make: () => Buffer.from('['.repeat(5000 + int(15_000))) },
    {
      weight: 6,
      reason: 'bad_shape',
      make: () =>
        Buffer.from(pick(['[]', '"text"', '3', 'null', 'true', '[1,2]', '[{"metric":"rainfall"}]'])),
    },
    { weight: 2, reason: 'bad_shape', make: () => Buffer.from(`${'['.repeat(2000)}${']'.repeat(2000)}`) },
    {
      weight: 4,
      reason: 'bad_shape',
      make: () => json({ ...good(), metric: pick([42, '', 'x'.repeat(65), null, false]) }),
    },
    { weight: 3, reason: 'bad_shape', make: () => json({ ...good(), device: pick([5, '', ['x']]) }) },
    { weight: 3, reason: 'bad_shape', make: () => json({ readings: pick([5, 'x', {}, true]) }) },
    { weight: 2, reason: 'bad_shape', make: () => json({ ...good(), readings: [good()] }) },
    { weight: 2, reason: 'bad_shape', make: () => json({ battery: pick(['high', 101, -1]) }) },
    {
      weight: 8,
      reason: 'bad_value',
      make: () => json({ ...good(), value: pick(['1.5', true, null, [], {}, 'NaN', '']) }),
    },
    { weight: 6, reason: 'out_of_range', make: () => json({ ...good(), value: pick([-5, 301, 1e300]) }) },
    {
      weight: 8,
      reason: 'bad_timestamp',
      make: () =>
        json({
          ...good(),
          ts: pick([
            1772413200000,
            '2026-02-30T09:00:00+08:00',
            '2026-13-01T09:00:00Z',
            '2026-03-02T24:00:00Z',
            '2026-03-02T09:00:00+15:00',
            'tomorrow',
            '',
            null,
          ]),
        }),
    },
    {
      weight: 4,
      reason: 'timestamp_without_zone',
      make: () => json({ ...good(), ts: pick(['2026-03-02 09:00:00', '2026-03-02T09:00:00.5']) }),
    },
    {
      weight: 4,
      reason: 'future_timestamp',
      make: () => json({ ...good(), ts: new Date(now + 3_600_000 + int(86_400_000)).toISOString() }),
    },
    { weight: 3, reason: 'too_old', make: () => json({ ...good(), ts: '1999-01-01T00:00:00Z' }) },
    {
      weight: 6,
      reason: 'unknown_metric',
      make: () => json({ ...good(), metric: pick(['water_level', 'pm2.5', '雨量', 'RAINFALL']) }),
    },
    { weight: 5, reason: 'unit_mismatch', make: () => json({ ...good(), unit: pick(['cm', 'in', '毫升']) }) },
    { weight: 3, reason: 'empty', make: () => Buffer.from(pick(['{}', '{"readings":[]}'])) },
    {
      weight: 1,
      reason: 'too_many_readings',
      make: () => json({ readings: Array.from({ length: 10_001 + int(50) }, () => 0) }),
    },
    { weight: 5, reason: 'wrong_device', make: () => json({ device: 'SOMEONE-ELSE', ...good() }) },
    // published to another device's topic or beside the readings topic; the payload itself is fine
    { weight: 5, reason: 'wrong_topic', make: () => json(good()) },
    {
      weight: 0.2,
      reason: 'payload_too_large',
      make: () => Buffer.from(JSON.stringify({ ...good(), note: 'x'.repeat(TOO_LARGE) })),
    },
    // a good payload from the device whose sensor is disabled
    { weight: 3, reason: 'sensor_disabled', make: () => json(good()), from: () => enabled },
  ];
  const total = kinds.reduce((a, k) => a + k.weight, 0);
  const out: Malformed[] = [];
  for (let i = 0; i < n; i += 1) {
    let r = rnd() * total;
    let kind = kinds[kinds.length - 1]!;
    for (const k of kinds) {
      r -= k.weight;
      if (r < 0) {
        kind = k;
        break;
      }
    }
    const from = kind.from ? kind.from() : int(enabled);
    const own = devices[from]!;
    let topic = own.topic;
    if (kind.reason === 'wrong_topic')
      topic = pick([
        devices[(from + 1) % enabled]!.topic,
        `ningan/v1/devices/${own.code}/status`,
        'ningan/v1/devices',
        `other/${own.code}`,
      ]);
    out.push({ from, topic, bytes: kind.make(), reason: kind.reason });
  }
  return out;
}

function connect(url: string, o: mqtt.IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 10_000, ...o });
    c.once('connect', () => resolve(c));
    c.once('error', (err) => {
      c.end(true);
      reject(err);
    });
  });
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** Publishes `count` malformed payloads to the server's broker and checks what became of them. */
export async function benchFuzz(
  server: Server,
  token: string,
  mqttUrl: string,
  count: number,
): Promise<{ ok: boolean }> {
  const devices = await createFleet(server, token, { rain: 10 }, 'F');
  const disabled = devices[devices.length - 1]!;
  await api(server, token, 'PATCH', `/api/v1/monitoring/sensors/${disabled.sensorId}`, { enabled: false });
  const payloads = malformedPayloads(20_260_504, count, devices, Date.now());
  const expected = new Map<string, number>();
  for (const p of payloads) expected.set(p.reason, (expected.get(p.reason) ?? 0) + 1);
  const bytes = payloads.reduce((a, p) => a + p.bytes.byteLength, 0);
  const clients = await Promise.all(
    devices.map((d) => connect(mqttUrl, { username: d.code, password: d.secret, clientId: d.code })),
  );
  say(
    `fuzz: ${fmt(count)} malformed payloads (${(bytes / 2 ** 20).toFixed(0)} MiB, ${expected.size} kinds of trouble) from ${devices.length} devices over MQTT QoS 1, 100 in flight per connection; load ${load()}`,
  );
  const t0 = performance.now();
  let acked = 0;
  let failed = 0;
  const queues = devices.map((_, i) => payloads.filter((p) => p.from === i));
  await Promise.all(
    clients.map(
      (client, i) =>
        new Promise<void>((resolve) => {
          const queue = queues[i]!;
          let next = 0;
          let inflight = 0;
          const pump = () => {
            while (inflight < 100 && next < queue.length) {
              const p = queue[next]!;
              next += 1;
              inflight += 1;
              client.publish(p.topic, p.bytes, { qos: 1 }, (err) => {
                inflight -= 1;
                if (err) failed += 1;
                else acked += 1;
                setImmediate(pump);
              });
            }
            if (inflight === 0 && next >= queue.length) resolve();
          };
          client.once('close', () => {
            failed += queue.length - next + inflight;
            next = queue.length;
            inflight = 0;
            resolve();
          });
          pump();
        }),
    ),
  );
  const secs = (performance.now() - t0) / 1000;
  say(
    `  published in ${seconds(secs * 1000)} (${fmt(count / secs)} msg/s): ${fmt(acked)} acknowledged (quarantined is acknowledged once stored), ${fmt(failed)} failed`,
  );
  // Alive: the process runs, answers, and still stores a good reading.
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  const health = await request(server.agent, server.port, 'GET', '/api/health');
  const goodTs = new Date().toISOString();
  let goodStored: boolean;
  try {
    await clients[0]!.publishAsync(
      devices[0]!.topic,
      JSON.stringify({ metric: 'rainfall', value: 0.5, ts: goodTs }),
      { qos: 1 },
    );
    const q = `from=${encodeURIComponent(goodTs)}&to=${encodeURIComponent(new Date(Date.parse(goodTs) + 1).toISOString())}&tier=raw`;
    const series = (await api(
      server,
      token,
      'GET',
      `/api/v1/monitoring/sensors/${devices[0]!.sensorId}/series?${q}`,
    )) as { points: unknown[] };
    goodStored = series.points.length === 1;
  } catch {
    goodStored = false;
  }
  await Promise.all(clients.map((c) => c.endAsync()));
  // Bad credentials and unknown devices are refused at CONNECT (nothing to quarantine).
  let refused = 0;
  for (const [username, password] of [
    [devices[0]!.code, 'wrong-secret'],
    ['NO-SUCH-DEVICE', 'whatever'],
    ['', ''],
  ] as const)
    for (let i = 0; i < 10; i += 1)
      await connect(mqttUrl, { username, password, clientId: `fuzz-bad-${i}` }).then(
        (c) => c.end(true),
        () => {
          refused += 1;
        },
      );
  const summary = (await api(server, token, 'GET', '/api/v1/monitoring/quarantine/summary')) as {
    deviceCode: string | null;
    count: number;
    reasons: Record<string, number>;
  }[];
  const codes = new Set(devices.map((d) => d.code));
  const stored = new Map<string, number>();
  let total = 0;
  for (const item of summary) {
    if (!item.deviceCode || !codes.has(item.deviceCode)) continue;
    total += item.count;
    for (const [reason, n] of Object.entries(item.reasons)) stored.set(reason, (stored.get(reason) ?? 0) + n);
  }
  const reasons = [...new Set([...expected.keys(), ...stored.keys()])].sort();
  say('');
  say('| reason | sent | quarantined |');
  say('| --- | --- | --- |');
  for (const r of reasons)
    say(
      `| ${r} | ${fmt(expected.get(r) ?? 0)} | ${fmt(stored.get(r) ?? 0)}${(expected.get(r) ?? 0) === (stored.get(r) ?? 0) ? '' : ' ≠'} |`,
    );
  const sameReasons = reasons.every((r) => (expected.get(r) ?? 0) === (stored.get(r) ?? 0));
  const checks: [string, boolean][] = [
    [`server process alive, /api/health ${health.status}`, alive && health.status === 200],
    ['a good reading afterwards is acknowledged and stored', goodStored],
    [`every payload acknowledged (${fmt(acked)} of ${fmt(count)})`, acked === count && failed === 0],
    [`quarantine holds ${fmt(total)} entries for ${fmt(count)} payloads`, total === count],
    ['each with its expected reason (table above)', sameReasons],
    [`${refused} of 30 connections with bad credentials refused`, refused === 30],
  ];
  for (const [what, ok] of checks) say(`  ${verdict(ok)}  ${what}`);
  return { ok: checks.every(([, ok]) => ok) };
}
