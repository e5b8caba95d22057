/**
 * `ningan bench --only ingest` (issue #4): sustained MQTT QoS 1 ingest into a really started
 * `ningan start` (embedded broker; PGlite by default, PostgreSQL too), with 50 alarm rules running over
 * the devices (bench-fleet.ts), with one reading per message and with 10-reading batches; and, in the same
 * run with the same payloads and load, the raw broker — a bare aedes, publish → subscribe — so our
 * throughput can be given as a ratio of it (target ≥ 0.3). A message counts for us when its PUBACK
 * arrives, i.e. when its readings are durable; at the end the stored readings are counted over the API and
 * must equal the acknowledged ones, and the rule runtime's counters (readings applied, transitions,
 * commits) are printed per case.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { Aedes } from 'aedes';
import mqtt, { type MqttClient } from 'mqtt';
import {
  api,
  createFleet,
  createFleetRules,
  describeFleet,
  fleetMix,
  simulatedValue,
  type FleetDevice,
} from './bench-fleet.ts';
import { DUTY_USER, prepareBenchData } from './bench-ledger.ts';
import {
  BENCH_PASSWORD,
  BIN,
  cpuMs,
  createBenchDatabase,
  load,
  logIn,
  rssMb,
  say,
  serverStats,
  startServer,
  verdict,
  type Driver,
  type Server,
  type ServerStats,
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
  /** Alarm rules running over the devices (0: none, for comparison). */
  rules: number;
}

interface Device extends FleetDevice {
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

/** One payload of `perMessage` readings of the device's sensor. */
function payloadOf(d: Device, perMessage: number): string {
  const reading = () => {
    const text = `{"metric":"${d.metric}","value":${simulatedValue(d, d.next)},"ts":"${new Date(d.next).toISOString()}"}`;
    d.next += 1000;
    return text;
  };
  if (perMessage === 1) return reading();
  const readings: string[] = [];
  for (let i = 0; i < perMessage; i += 1) readings.push(reading());
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
  const server = net.createServer({ noDelay: true }, (s) => broker.handle(s)); // as the embedded broker
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

/**
 * Waits until the rule runtime has applied everything the ingest handed it (its count of applied
 * readings stands still for a second); returns its counters and how long that took.
 */
async function rulesCaughtUp(server: Server): Promise<{ stats: ServerStats; lagMs: number }> {
  const t0 = performance.now();
  let last = await serverStats(server);
  let still = performance.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await serverStats(server);
    if (now.alarms.readings !== last.alarms.readings) {
      last = now;
      still = performance.now();
    } else if (performance.now() - still >= 1000) return { stats: last, lagMs: still - t0 };
  }
}

function diffStats(a: ServerStats['alarms'], b: ServerStats['alarms']): ServerStats['alarms'] {
  return {
    rules: a.rules,
    readings: a.readings - b.readings,
    transitions: a.transitions - b.transitions,
    ticks: a.ticks - b.ticks,
    commits: a.commits - b.commits,
    failures: a.failures - b.failures,
    refed: a.refed - b.refed,
  };
}

/** The issue's targets are for the embedded defaults (PGlite); PostgreSQL is measured for comparison. */
export async function benchIngest(
  o: IngestBenchOptions,
  driver: Driver = 'pglite',
  pgUrl = '',
): Promise<{ ok: boolean }> {
  const db = await createBenchDatabase(driver, pgUrl, 'ingest');
  say(`\n## MQTT ingest (QoS 1) — embedded broker + ${db.label}`);
  let ok = true;
  try {
    await prepareBenchData(db, {});
    const mqttPort = await freePort();
    // Each device's readings are 1 s apart and sent as fast as the server takes them: time runs hours
    // ahead of the clock during the run, so the future-timestamp check is widened to a day. The rules
    // run on event time, so they see the readings as a real day would bring them.
    const server = await startServer(db, o.port, 16, {
      MQTT_PORT: String(mqttPort),
      INGEST_MAX_FUTURE_SECONDS: '86400',
    });
    const raw = await startRawBroker();
    try {
      const token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
      const fleet = await createFleet(server, token, fleetMix(o.devices));
      const rules = o.rules > 0 ? await createFleetRules(server, token, fleet, {}, o.rules) : [];
      // From the next whole second after the rules started (an engine refuses readings older than its start).
      const base = Math.ceil(Date.now() / 1000) * 1000 + 1000;
      const devices: Device[] = fleet.map((d) => ({ ...d, next: base }));
      say(describeFleet(fleet, rules));
      say(
        `one connection per device, ${o.window} messages in flight per connection, ${o.warmupSeconds} s warm-up + ${o.seconds} s measured per case; each device's readings 1 s apart in event time, from now on; server pid ${server.child.pid}, load ${load()}`,
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
      const results: {
        perMessage: number;
        ours: LoadResult;
        raw: LoadResult;
        rules: ServerStats['alarms'];
        /** How long after the load stopped the rules were still working through its readings. */
        lagMs: number;
        load: string;
      }[] = [];
      for (const perMessage of [1, 10]) {
        const oursCount = { n: 0 };
        process.stdout.write(`  ${perMessage} reading(s)/message: ningan … `);
        const before = await serverStats(server);
        const mine = await drive(ours, perMessage, o, oursCount, true, serverCpu);
        const loadThen = load();
        const { stats: after, lagMs } = await rulesCaughtUp(server);
        process.stdout.write(`${fmt(mine.messages / mine.seconds)} msg/s; raw broker … `);
        const rawResult = await drive(rawClients, perMessage, o, received, false, () => null);
        say(`${fmt(rawResult.messages / rawResult.seconds)} msg/s`);
        results.push({
          perMessage,
          ours: mine,
          raw: rawResult,
          rules: diffStats(after.alarms, before.alarms),
          lagMs,
          load: loadThen,
        });
      }
      const rss = rssMb(server.child.pid!);
      await Promise.all([...ours, ...rawClients].map((c) => c.client.endAsync()));
      await subscriber.endAsync();
      const acked = results.reduce((a, r) => a + r.ours.totalAcked * r.perMessage, 0);
      const last = Math.max(...devices.map((d) => d.next));
      const stored = await storedReadings(server, token, devices, base, last + 1000);
      say('');
      say(
        '| readings per message | ours msg/s | ours readings/s | raw broker msg/s | ratio | server CPU | readings per server CPU-second | load | target |',
      );
      say('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const r of results) {
        const msgs = r.ours.messages / r.ours.seconds;
        const readings = msgs * r.perMessage;
        const rawMsgs = r.raw.messages / r.raw.seconds;
        const ratio = msgs / rawMsgs;
        const cpu =
          r.ours.serverCpuMs === null
            ? '?'
            : `${((r.ours.serverCpuMs / (r.ours.seconds * 1000)) * 100).toFixed(0)} %`;
        // Hardly moved by other work on the machine, unlike the wall-clock rate.
        const perCpu =
          r.ours.serverCpuMs === null
            ? '?'
            : fmt((r.ours.messages * r.perMessage) / (r.ours.serverCpuMs / 1000));
        const target = r.perMessage === 1 ? msgs >= TARGET_MSGS : readings >= TARGET_READINGS;
        const pass = target && ratio >= TARGET_RATIO;
        if (!pass) ok = false;
        say(
          `| ${r.perMessage} | ${fmt(msgs)} | ${fmt(readings)} | ${fmt(rawMsgs)} | ${ratio.toFixed(2)} | ${cpu} | ${perCpu} | ${r.load} | ${r.perMessage === 1 ? `≥ ${fmt(TARGET_MSGS)} msg/s` : `≥ ${fmt(TARGET_READINGS)} readings/s`}, ratio ≥ ${TARGET_RATIO} → ${verdict(pass)} |`,
        );
      }
      say('');
      if (rules.length) {
        say(
          `rule runtime during each case (warm-up included): ${results
            .map(
              (r) =>
                `${r.perMessage}/message — ${fmt(r.rules.readings)} readings applied to rules, ${fmt(r.rules.transitions)} transitions, ${fmt(r.rules.commits)} commits, ${r.rules.failures} failures; the rules were done ${(r.lagMs / 1000).toFixed(1)} s after the load stopped`,
            )
            .join('; ')}`,
        );
        const final = await serverStats(server);
        say(`rules running: ${final.alarms.rules}`);
      }
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
