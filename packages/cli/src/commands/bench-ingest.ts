/**
 * `ningan bench --only ingest` (issue #4): sustained MQTT QoS 1 ingest into a really started
 * `ningan start` on the embedded defaults (PGlite, embedded broker), with one reading per message and
 * with 10-reading batches; and, in the same run with the same payloads and load, the raw broker — a
 * bare aedes, publish → subscribe — so our throughput can be given as a ratio of it (target ≥ 0.3).
 * A message counts for us when its PUBACK arrives, i.e. when its readings are durable; at the end the
 * stored readings are counted over the API and must equal the acknowledged ones.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import { DUTY_USER, prepareBenchData } from './bench-ledger.ts';
import {
  BENCH_PASSWORD,
  BIN,
  cpuMs,
  createBenchDatabase,
  load,
  logIn,
  request,
  rssMb,
  say,
  startServer,
  verdict,
  type Driver,
  type Server,
} from './bench-support.ts';

/** Targets from issue #4 (2 cores, embedded defaults, load generator on the same machine). */
const TARGET_MSGS = 20_000;
const TARGET_READINGS = 100_000;
const TARGET_RATIO = 0.3;

export interface IngestBenchOptions {
  port: number;
  devices: number;
  seconds: number;
  warmupSeconds: number;
  /** QoS 1 messages in flight per device connection. */
  window: number;
}

interface Device {
  code: string;
  secret: string;
  topic: string;
  sensorId: string;
  /** Next reading time (ms): each device's readings are one second apart, so none repeats. */
  next: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function connect(url: string, o: mqtt.IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, { reconnectPeriod: 0, connectTimeout: 10_000, ...o });
    c.once('connect', () => resolve(c));
    c.once('error', reject);
  });
}

/** One payload of `perMessage` readings of the device's rainfall sensor. */
function payloadOf(d: Device, perMessage: number): string {
  const value = (i: number) => ((d.next + i * 7) % 50) / 10;
  if (perMessage === 1) {
    const text = `{"metric":"rainfall","value":${value(0)},"ts":"${new Date(d.next).toISOString()}"}`;
    d.next += 1000;
    return text;
  }
  const readings: string[] = [];
  for (let i = 0; i < perMessage; i += 1) {
    readings.push(`{"metric":"rainfall","value":${value(i)},"ts":"${new Date(d.next).toISOString()}"}`);
    d.next += 1000;
  }
  return `{"readings":[${readings.join(',')}]}`;
}

interface LoadResult {
  /** Messages acknowledged (or received, for the raw broker) in the measured window. */
  messages: number;
  seconds: number;
  /** Every message acknowledged, warm-up included. */
  totalAcked: number;
  serverCpuMs: number | null;
}

/**
 * Keeps `window` QoS 1 messages in flight on every connection for warm-up + measured seconds.
 * `count` says which event counts (our PUBACK, or the raw broker's subscriber receiving).
 */
async function drive(
  clients: { client: MqttClient; device: Device }[],
  perMessage: number,
  o: IngestBenchOptions,
  counted: { n: number },
  countAcks: boolean,
  cpu: () => number | null,
): Promise<LoadResult> {
  let measuring = false;
  let totalAcked = 0;
  const end = Date.now() + (o.warmupSeconds + o.seconds) * 1000;
  let startedAt = 0;
  let cpuAtStart: number | null = null;
  const warm = setTimeout(() => {
    measuring = true;
    counted.n = 0;
    startedAt = performance.now();
    cpuAtStart = cpu();
  }, o.warmupSeconds * 1000);
  let stoppedAt = 0;
  let cpuAtEnd: number | null = null;
  let messagesAtEnd = 0;
  const stopTimer = setTimeout(() => {
    stoppedAt = performance.now();
    messagesAtEnd = counted.n;
    cpuAtEnd = cpu();
    measuring = false;
  }, end - Date.now());
  await Promise.all(
    clients.map(
      ({ client, device }) =>
        new Promise<void>((resolve, reject) => {
          let inflight = 0;
          const pump = () => {
            while (inflight < o.window && Date.now() < end) {
              inflight += 1;
              client.publish(device.topic, payloadOf(device, perMessage), { qos: 1 }, (err) => {
                inflight -= 1;
                if (err) return reject(err);
                totalAcked += 1;
                if (countAcks && measuring) counted.n += 1;
                setImmediate(pump);
              });
            }
            // Time is up and the last acknowledgement is in (checked here, not in the callback, so a
            // window that drains just before the deadline still ends the connection's run).
            if (inflight === 0 && Date.now() >= end) resolve();
          };
          pump();
        }),
    ),
  );
  clearTimeout(warm);
  clearTimeout(stopTimer);
  if (!stoppedAt) {
    stoppedAt = performance.now();
    messagesAtEnd = counted.n;
    cpuAtEnd = cpu();
  }
  return {
    messages: messagesAtEnd,
    seconds: (stoppedAt - startedAt) / 1000,
    totalAcked,
    serverCpuMs: cpuAtStart !== null && cpuAtEnd !== null ? cpuAtEnd - cpuAtStart : null,
  };
}

/** `ningan bench-raw-broker`: a bare aedes (no auth, no ingest) for the comparison, in its own process. */
export async function runRawBroker(port: number): Promise<void> {
  const broker = await Aedes.createBroker();
  const server = net.createServer((s) => broker.handle(s));
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  process.stdout.write('ready\n');
  await new Promise<void>((r) => process.once('SIGTERM', () => r()));
  await new Promise<void>((r) => broker.close(() => r()));
  server.close();
}

async function startRawBroker(): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'bench-raw-broker', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`raw broker exited with ${code}`)));
  });
  return {
    url: `mqtt://127.0.0.1:${port}`,
    child,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function api(server: Server, token: string, method: string, url: string, body?: unknown) {
  const r = await request(
    server.agent,
    server.port,
    method,
    url,
    { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body ? JSON.stringify(body) : undefined,
  );
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.text()}`);
  return JSON.parse(r.text()) as unknown;
}

/** Readings stored for the devices' sensors, counted from the hourly rollups over the API. */
async function storedReadings(server: Server, token: string, devices: Device[], from: number, to: number) {
  let total = 0;
  for (const d of devices) {
    const q = `from=${encodeURIComponent(new Date(from).toISOString())}&to=${encodeURIComponent(new Date(to).toISOString())}&tier=1h&maxPoints=20000`;
    const series = (await api(
      server,
      token,
      'GET',
      `/api/v1/monitoring/sensors/${d.sensorId}/series?${q}`,
    )) as {
      points: { count: number }[];
    };
    total += series.points.reduce((a, p) => a + p.count, 0);
  }
  return total;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** The issue's targets are for the embedded defaults (PGlite); PostgreSQL is measured for comparison. */
export async function benchIngest(
  o: IngestBenchOptions,
  driver: Driver = 'pglite',
  pgUrl = '',
): Promise<{ ok: boolean }> {
  const db = await createBenchDatabase(driver, pgUrl, 'ingest');
  say(`\n## MQTT ingest (QoS 1) — embedded broker + ${db.label}`);
  say(
    '(rule evaluation is not yet included: the rule runtime of issue #4 part 4 is not connected to the ingest yet)',
  );
  let ok = true;
  try {
    await prepareBenchData(db, {});
    const mqttPort = await freePort();
    const server = await startServer(db, o.port, 16, { MQTT_PORT: String(mqttPort) });
    const raw = await startRawBroker();
    try {
      const token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
      const base = Math.floor(Date.now() / 1000) * 1000 - 2 * 86_400_000;
      const devices: Device[] = [];
      for (let i = 0; i < o.devices; i += 1) {
        const code = `BENCH-RG-${String(i + 1).padStart(4, '0')}`;
        const created = (await api(server, token, 'POST', '/api/v1/monitoring/stations', {
          code,
          name: `基准雨量站 ${i + 1}`,
          kind: 'rain_gauge',
          regionCode: '621026100',
          lon: 107.92,
          lat: 35.5,
          sensors: [{ metric: 'rainfall', samplingSeconds: 1 }],
        })) as { secret: string; station: { sensors: { id: string }[] } };
        devices.push({
          code,
          secret: created.secret,
          topic: `ningan/v1/devices/${code}/readings`,
          sensorId: created.station.sensors[0]!.id,
          next: base,
        });
      }
      say(
        `${o.devices} devices (one connection each, ${o.window} messages in flight per connection), ${o.warmupSeconds} s warm-up + ${o.seconds} s measured per case; server pid ${server.child.pid}, load ${load()}`,
      );
      const ourUrl = `mqtt://127.0.0.1:${mqttPort}`;
      const ours = await Promise.all(
        devices.map(async (device) => ({
          device,
          client: await connect(ourUrl, {
            username: device.code,
            password: device.secret,
            clientId: device.code,
          }),
        })),
      );
      // The raw broker: the same connections and payloads, and one subscriber that receives them all.
      const rawClients = await Promise.all(
        devices.map(async (d) => ({
          device: { ...d },
          client: await connect(raw.url, { clientId: `raw-${d.code}` }),
        })),
      );
      const received = { n: 0 };
      const subscriber = await connect(raw.url, { clientId: 'raw-subscriber' });
      subscriber.on('message', () => {
        received.n += 1;
      });
      await subscriber.subscribeAsync('ningan/v1/devices/+/readings', { qos: 1 });
      const serverCpu = () => {
        try {
          return cpuMs(server.child.pid!);
        } catch {
          return null;
        }
      };
      const results: { perMessage: number; ours: LoadResult; raw: LoadResult }[] = [];
      for (const perMessage of [1, 10]) {
        const oursCount = { n: 0 };
        process.stdout.write(`  ${perMessage} reading(s)/message: ningan … `);
        const mine = await drive(ours, perMessage, o, oursCount, true, serverCpu);
        process.stdout.write(`${fmt(mine.messages / mine.seconds)} msg/s; raw broker … `);
        const rawResult = await drive(rawClients, perMessage, o, received, false, () => null);
        say(`${fmt(rawResult.messages / rawResult.seconds)} msg/s`);
        results.push({ perMessage, ours: mine, raw: rawResult });
      }
      const rss = rssMb(server.child.pid!);
      await Promise.all([...ours, ...rawClients].map((c) => c.client.endAsync()));
      await subscriber.endAsync();
      const acked = results.reduce((a, r) => a + r.ours.totalAcked * r.perMessage, 0);
      const last = Math.max(...devices.map((d) => d.next));
      const stored = await storedReadings(server, token, devices, base, last + 1000);
      say('');
      say(
        '| readings per message | ours msg/s | ours readings/s | raw broker msg/s | ratio | server CPU | target |',
      );
      say('| --- | --- | --- | --- | --- | --- | --- |');
      for (const r of results) {
        const msgs = r.ours.messages / r.ours.seconds;
        const readings = msgs * r.perMessage;
        const rawMsgs = r.raw.messages / r.raw.seconds;
        const ratio = msgs / rawMsgs;
        const cpu =
          r.ours.serverCpuMs === null
            ? '?'
            : `${((r.ours.serverCpuMs / (r.ours.seconds * 1000)) * 100).toFixed(0)} %`;
        const target = r.perMessage === 1 ? msgs >= TARGET_MSGS : readings >= TARGET_READINGS;
        const pass = target && ratio >= TARGET_RATIO;
        if (!pass) ok = false;
        say(
          `| ${r.perMessage} | ${fmt(msgs)} | ${fmt(readings)} | ${fmt(rawMsgs)} | ${ratio.toFixed(2)} | ${cpu} | ${r.perMessage === 1 ? `≥ ${fmt(TARGET_MSGS)} msg/s` : `≥ ${fmt(TARGET_READINGS)} readings/s`}, ratio ≥ ${TARGET_RATIO} → ${verdict(pass)} |`,
        );
      }
      say('');
      say(
        `acknowledged readings ${fmt(acked)}, stored ${fmt(stored)} → ${stored === acked ? 'every acknowledged reading is stored' : 'MISMATCH'}`,
      );
      say(`server RSS after the run: ${rss.toFixed(0)} MB; server CPU is % of one core (2 cores = 200 %)`);
      if (stored !== acked) ok = false;
    } finally {
      await raw.stop();
      await server.stop();
    }
  } finally {
    await db.dispose();
  }
  return { ok };
}
