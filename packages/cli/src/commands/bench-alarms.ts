/**
 * `ningan bench --only alarms` (issue #4, alarms and reliability), per driver, against a really started
 * `ningan start` with the embedded broker; the load generator runs in its own process (bench-load.ts):
 *
 * - reading → alarm latency at 10,000 readings/s: gas detectors with alarm rules send leak episodes
 *   (30 %LEL, over the GB/T 50493-2019 first set point of 25 %LEL); latency is from the publish of each
 *   episode's first reading to the `alarm` event (change `raised`) on the live stream
 *   (GET /api/v1/monitoring/stream, Server-Sent Events) as a subscriber in this process receives it;
 * - no-data: water-level rules with 5-s and 10-s timeouts whose gauges stop; lateness = the stream's
 *   no-data alarm − (last acknowledged reading + timeout);
 * - RSS soak: the same load for N minutes, RSS of the server sampled every 10 s after a warm-up;
 * - kill -9 during ingest at 10,000 readings/s, restart, then: every acknowledged reading stored, no alarm
 *   repeated (per rule as many alarms as the stored readings hold episodes), pending durations raised at
 *   exactly their deadline;
 * - 100,000 malformed payloads over MQTT (bench-fuzz.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import {
  api,
  createFleet,
  createFleetRules,
  describeFleet,
  fleetMix,
  GAS_FIRST_ALARM_LEL,
  WATER_GUARANTEE_M,
  type FleetDevice,
  type FleetRule,
} from './bench-fleet.ts';
import { benchFuzz } from './bench-fuzz.ts';
import { freePort } from './bench-ingest.ts';
import { DUTY_USER, prepareBenchData } from './bench-ledger.ts';
import { wallNow, type LoadDevice, type LoadPlan, type LoadReport } from './bench-load.ts';
import {
  BENCH_PASSWORD,
  BIN,
  cpuMs,
  createBenchDatabase,
  load,
  logIn,
  percentile,
  rssMb,
  say,
  seconds,
  serverStats,
  startServer,
  verdict,
  type Driver,
  type Server,
} from './bench-support.ts';

/** Targets from issue #4. */
const TARGET_P99_MS = 100;
const TARGET_NO_DATA_LATE_MS = 1000;
const TARGET_RSS_BAND = 0.1;

export interface AlarmBenchOptions {
  port: number;
  /** Readings per second the generator sends (1 reading per message). */
  rate: number;
  devices: number;
  /** QoS 1 messages in flight per connection at most. */
  window: number;
  warmupSeconds: number;
  /** Latency and no-data measured over this many seconds. */
  seconds: number;
  soakMinutes: number;
  soakWarmupSeconds: number;
  fuzz: number;
  killAfterSeconds: number;
  /** The server's ALARM_TICK_GRACE_MS (printed with the no-data figures). */
  tickGraceMs: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- the load generator process ----

interface LoadHandle {
  child: ChildProcess;
  /** Wall-clock ms when the generator started sending. */
  startedAt: number;
  reports(listener: (m: LoadReport) => void): void;
  stop(): void;
  done: Promise<{ published: number; acked: number; failed: number }>;
}

async function startLoad(plan: LoadPlan): Promise<LoadHandle> {
  const child = spawn(process.execPath, [BIN, 'bench-load'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const listeners: ((m: LoadReport) => void)[] = [];
  let resolveDone!: (v: { published: number; acked: number; failed: number }) => void;
  const done = new Promise<{ published: number; acked: number; failed: number }>((r) => (resolveDone = r));
  let resolveReady!: (at: number) => void;
  const ready = new Promise<number>((r) => (resolveReady = r));
  child.on('message', (m: LoadReport) => {
    if (m.t === 'ready') resolveReady(wallNow());
    if (m.t === 'done') resolveDone(m);
    for (const l of listeners) l(m);
  });
  child.once('exit', (code) => {
    resolveDone({ published: 0, acked: 0, failed: code ?? -1 });
  });
  child.send({ t: 'start', plan });
  const startedAt = await ready;
  return {
    child,
    startedAt,
    reports: (l) => listeners.push(l),
    stop: () => {
      if (child.connected) child.send({ t: 'stop' });
    },
    done,
  };
}

// ---- the live stream (SSE) ----

interface StreamAlarm {
  receivedAt: number;
  change: string;
  stationCode: string | null;
  raisedAt: string;
  cause: string;
  ruleId: string;
}

/** Subscribes to GET /api/v1/monitoring/stream; resolves once the stream is open. */
function openLiveStream(
  server: Server,
  token: string,
  onAlarm: (a: StreamAlarm) => void,
): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/api/v1/monitoring/stream',
        headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
        agent: false,
      },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`live stream: ${res.statusCode}`));
          res.resume();
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const receivedAt = wallNow();
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            const data: string[] = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (event !== 'alarm' || !data.length) continue;
            const a = JSON.parse(data.join('\n')) as Omit<StreamAlarm, 'receivedAt'>;
            onAlarm({ ...a, receivedAt });
          }
        });
        resolve({ close: () => req.destroy() });
      },
    );
    req.on('error', (err) => reject(err));
    req.end();
  });
}

// ---- helpers ----

/** Every stored reading of a sensor in [from, to], oldest first (raw tier, paged). */
async function rawReadings(
  server: Server,
  token: string,
  sensorId: string,
  from: number,
  to: number,
): Promise<{ at: number; value: number }[]> {
  const out: { at: number; value: number }[] = [];
  let start = from;
  for (;;) {
    const q = `from=${encodeURIComponent(new Date(start).toISOString())}&to=${encodeURIComponent(new Date(to + 1).toISOString())}&tier=raw&maxPoints=20000`;
    const s = (await api(server, token, 'GET', `/api/v1/monitoring/sensors/${sensorId}/series?${q}`)) as {
      points: { t: string; value: number }[];
    };
    for (const p of s.points) out.push({ at: Date.parse(p.t), value: p.value });
    if (s.points.length < 20_000) return out;
    start = out[out.length - 1]!.at + 1;
  }
}

interface AlarmRow {
  id: string;
  ruleId: string;
  episode: number;
  stationCode: string | null;
  raisedAt: string;
  clearedAt: string | null;
  cause: string;
}

async function allAlarms(server: Server, token: string): Promise<AlarmRow[]> {
  const out: AlarmRow[] = [];
  for (let page = 1; ; page += 1) {
    const r = (await api(
      server,
      token,
      'GET',
      `/api/v1/monitoring/alarms?status=active,acknowledged,handling,cleared,closed&pageSize=200&page=${page}`,
    )) as { items: AlarmRow[]; total: number };
    out.push(...r.items);
    if (r.items.length < 200) return out;
  }
}

/** Gas detectors with a rule leak every 4 s for 2 s, staggered: 5 alarms raised (and cleared) a second. */
function loadDevices(
  fleet: FleetDevice[],
  rules: FleetRule[],
  rate: number,
  extra: (d: FleetDevice) => Partial<LoadDevice> = () => ({}),
): LoadDevice[] {
  const ruled = new Set(rules.flatMap((r) => r.devices.map((d) => d.code)));
  const slow = fleet.filter((d) => d.kind !== 'gas').length;
  const gas = fleet.filter((d) => d.kind === 'gas').length;
  const gasRate = gas ? (rate - slow) / gas : 0;
  let episode = 0;
  return fleet.map((d) => {
    const base: LoadDevice = {
      code: d.code,
      secret: d.secret,
      topic: d.topic,
      metric: d.metric,
      rate: d.kind === 'gas' ? gasRate : 1,
      // rain: a drizzle of 0.005 mm/s (18 mm/h: no 暴雨 level within an hour); water: 2 m; gas: 3 %LEL
      base: d.kind === 'rain' ? 0.005 : d.kind === 'water' ? 2 : 3,
      noise: d.kind === 'rain' ? 0 : d.kind === 'water' ? 0.05 : 1,
    };
    if (d.kind === 'gas' && ruled.has(d.code)) {
      base.episodes = { high: 30, periodMs: 4000, highMs: 2000, phaseMs: 1000 + episode * 200 };
      episode += 1;
    }
    return { ...base, ...extra(d) };
  });
}

function summarize(latencies: number[]): string {
  const s = [...latencies].sort((a, b) => a - b);
  const f = (p: number) => `${percentile(s, p).toFixed(1)} ms`;
  return `p50 ${f(50)}   p95 ${f(95)}   p99 ${f(99)}   max ${(s[s.length - 1] ?? NaN).toFixed(1)} ms`;
}

// ---- latency, no-data, soak ----

async function benchLive(
  o: AlarmBenchOptions,
  driver: Driver,
  pgUrl: string,
  misses: string[],
): Promise<void> {
  const db = await createBenchDatabase(driver, pgUrl, 'alarms');
  say(`\n## alarms — latency, no-data, RSS soak — embedded broker + ${db.label}`);
  try {
    await prepareBenchData(db, {});
    const mqttPort = await freePort();
    const server = await startServer(db, o.port, 16, { MQTT_PORT: String(mqttPort) });
    try {
      const token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
      const fleet = await createFleet(server, token, fleetMix(o.devices));
      const water = fleet.filter((d) => d.kind === 'water');
      // The last six gauges get a no-data timeout (5 s ×3, 10 s ×3) and stop during the measurement.
      const silent = water.slice(-6);
      const timeouts = new Map(silent.map((d, i) => [d.n, i < 3 ? 5000 : 10_000]));
      const rules = await createFleetRules(server, token, fleet, { noData: timeouts });
      // They stop one after the other within the measurement, the last one 12 s before its end.
      const step = Math.max(1, (o.seconds - 14) / 5);
      const stopAt = new Map(silent.map((d, i) => [d.code, (o.warmupSeconds + 2 + i * step) * 1000]));
      const devices = loadDevices(fleet, rules, o.rate, (d) =>
        stopAt.has(d.code) ? { stopAtMs: stopAt.get(d.code)! } : {},
      );
      say(describeFleet(fleet, rules));
      const gasRate = devices.find((d) => d.episodes)?.rate ?? 0;
      say(
        `load: ${fmt(o.rate)} readings/s, 1 reading per message, QoS 1, from a generator process (rain and water-level gauges 1/s, gas detectors ${gasRate.toFixed(0)}/s each); ` +
          `${devices.filter((d) => d.episodes).length} gas detectors with rules leak 2 s in every 4 s (30 %LEL ≥ ${GAS_FIRST_ALARM_LEL} %LEL: raised, then cleared)`,
      );
      const measureFrom = o.warmupSeconds * 1000;
      const measureTo = measureFrom + o.seconds * 1000;
      const soakFrom = measureTo + o.soakWarmupSeconds * 1000;
      const soakTo = soakFrom + o.soakMinutes * 60_000;

      const crossings: { code: string; ts: number; sentAt: number }[] = [];
      const crossingAcks = new Map<string, number>();
      const stopped = new Map<string, { lastAckedTs: number | null; at: number }>();
      const raisedSeen = new Map<string, number>();
      const noDataSeen = new Map<string, { receivedAt: number; raisedAt: string }>();
      let alarmEvents = 0;
      const stream = await openLiveStream(server, token, (a) => {
        alarmEvents += 1;
        if (a.change !== 'raised' || !a.stationCode) return;
        if (a.cause === 'no_data') {
          // Only after the gauge stopped (a rule that starts before its gauge reports raises no-data too).
          if (stopped.has(a.stationCode) && !noDataSeen.has(a.stationCode))
            noDataSeen.set(a.stationCode, { receivedAt: a.receivedAt, raisedAt: a.raisedAt });
        } else raisedSeen.set(`${a.stationCode}|${a.raisedAt}`, a.receivedAt);
      });
      const ticks: { at: number; acked: number; behind: number }[] = [];
      const generator = await startLoad({
        url: `mqtt://127.0.0.1:${mqttPort}`,
        devices,
        window: o.window,
        recordAcks: false,
      });
      const t0 = generator.startedAt;
      generator.reports((m) => {
        if (m.t === 'crossing') crossings.push(m);
        else if (m.t === 'crossing-acked')
          crossingAcks.set(`${m.code}|${new Date(m.ts).toISOString()}`, m.ackedAt);
        else if (m.t === 'stopped') stopped.set(m.code, { lastAckedTs: m.lastAckedTs, at: wallNow() });
        else if (m.t === 'tick') ticks.push({ at: wallNow() - t0, acked: m.acked, behind: m.behind });
      });
      const pid = server.child.pid!;
      const cpuAt = async (ms: number) => {
        await sleep(Math.max(0, t0 + ms - wallNow()));
        return { cpu: cpuMs(pid), at: wallNow() };
      };
      const c0 = await cpuAt(measureFrom);
      const statsBefore = await serverStats(server);
      const c1 = await cpuAt(measureTo);
      const loadThen = load();
      const statsAfter = await serverStats(server);
      const rateBetween = (from: number, to: number) => {
        const a = ticks.filter((t) => t.at >= from).at(0);
        const b = ticks.filter((t) => t.at <= to).at(-1);
        return a && b && b.at > a.at ? ((b.acked - a.acked) / (b.at - a.at)) * 1000 : NaN;
      };
      await sleep(2000); // late events of the window's last crossings
      // Latency.
      const inWindow = crossings.filter((c) => c.sentAt - t0 >= measureFrom && c.sentAt - t0 < measureTo);
      const latencies: number[] = [];
      const toAck: number[] = [];
      const ackToStream: number[] = [];
      const slowest: { at: number; total: number; ack: number }[] = [];
      let missing = 0;
      for (const c of inWindow) {
        const key = `${c.code}|${new Date(c.ts).toISOString()}`;
        const seen = raisedSeen.get(key);
        const ackedAt = crossingAcks.get(key);
        if (ackedAt !== undefined) toAck.push(ackedAt - c.sentAt);
        if (seen === undefined) missing += 1;
        else {
          latencies.push(seen - c.sentAt);
          if (ackedAt !== undefined) ackToStream.push(seen - ackedAt);
          slowest.push({ at: c.sentAt - t0, total: seen - c.sentAt, ack: (ackedAt ?? NaN) - c.sentAt });
        }
      }
      slowest.sort((a, b) => b.total - a.total);
      const sorted = [...latencies].sort((a, b) => a - b);
      const p99 = percentile(sorted, 99);
      const latencyOk = latencies.length > 0 && p99 <= TARGET_P99_MS && missing === 0;
      if (!latencyOk) misses.push(`${driver}: reading → alarm p99`);
      const cpu = ((c1.cpu - c0.cpu) / (c1.at - c0.at)) * 100;
      const t = diffAlarmStats(statsAfter, statsBefore);
      say(
        `\nreading → alarm latency, to the live stream (SSE \`alarm\` event, change raised), ${o.seconds} s after ${o.warmupSeconds} s warm-up; ` +
          `achieved ${fmt(rateBetween(measureFrom, measureTo))} readings/s acknowledged; server CPU ${cpu.toFixed(0)} % of a core; load ${loadThen}`,
      );
      say(
        `  ${fmt(inWindow.length)} threshold crossings, ${fmt(latencies.length)} seen on the stream, ${missing} missing`,
      );
      say(`  ${summarize(latencies)}   (target p99 ≤ ${TARGET_P99_MS} ms) → ${verdict(latencyOk)}`);
      say(`  of which publish → PUBACK (the reading durable): ${summarize(toAck)}`);
      say(`  and PUBACK → on the stream:                      ${summarize(ackToStream)}`);
      say(
        `  slowest: ${slowest
          .slice(0, 5)
          .map(
            (x) =>
              `${(x.at / 1000).toFixed(1)} s into the run ${x.total.toFixed(0)} ms (to PUBACK ${x.ack.toFixed(0)})`,
          )
          .join('; ')}`,
      );
      say(
        `  rule runtime over the window: ${fmt(t.readings)} readings applied, ${fmt(t.transitions)} transitions, ${fmt(t.commits)} commits, ${t.failures} failures`,
      );
      // No data.
      say(
        `\nno-data (timeout 5 s ×3, 10 s ×3; the runtime ticks ALARM_TICK_GRACE_MS = ${o.tickGraceMs} ms after a deadline): lateness = seen on the stream − (last acknowledged reading + timeout)`,
      );
      say('| gauge | timeout | alarm stamped at deadline | lateness | target |');
      say('| --- | --- | --- | --- | --- |');
      let noDataOk = true;
      for (const d of silent) {
        const timeout = timeouts.get(d.n)!;
        const stop = stopped.get(d.code);
        const seen = noDataSeen.get(d.code);
        const lastTs = stop?.lastAckedTs ?? null;
        const deadline = lastTs === null ? null : lastTs + timeout;
        const late = deadline !== null && seen ? seen.receivedAt - deadline : null;
        const exact = deadline !== null && seen ? Date.parse(seen.raisedAt) === deadline : false;
        const ok = late !== null && late <= TARGET_NO_DATA_LATE_MS && exact;
        if (!ok) noDataOk = false;
        say(
          `| ${d.code} | ${timeout / 1000} s | ${seen ? (exact ? 'yes' : `no (${seen.raisedAt})`) : '—'} | ${late === null ? 'not seen' : `${late.toFixed(0)} ms`} | ≤ ${TARGET_NO_DATA_LATE_MS} ms → ${verdict(ok)} |`,
        );
      }
      if (!noDataOk) misses.push(`${driver}: no-data lateness`);
      // Soak.
      if (o.soakMinutes > 0) {
        say(
          `\nRSS soak: the same load for ${o.soakMinutes} min after ${o.soakWarmupSeconds} s more warm-up, server RSS every 10 s`,
        );
        const samples: { at: number; mb: number }[] = [];
        const soakCpu0 = await cpuAt(soakFrom);
        for (let at = soakFrom; at <= soakTo; at += 10_000) {
          await sleep(Math.max(0, t0 + at - wallNow()));
          const gone = server.ended();
          if (gone)
            throw new Error(
              `the server process ended during the soak (${gone}, ${((at - soakFrom) / 60_000).toFixed(1)} min in)`,
            );
          samples.push({ at, mb: rssMb(pid) });
        }
        const soakCpu1 = { cpu: cpuMs(pid), at: wallNow() };
        const loadEnd = load();
        const mbs = samples.map((s) => s.mb);
        const first = mbs[0]!;
        const last = mbs[mbs.length - 1]!;
        const min = Math.min(...mbs);
        const max = Math.max(...mbs);
        // Garbage collection saws RSS up and down by tens of MB: the drift compares the mean of the first
        // minute of samples with that of the last minute.
        const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
        const head = mean(mbs.slice(0, 6));
        const tail = mean(mbs.slice(-6));
        const drift = (tail - head) / head;
        const flat = Math.abs(drift) <= TARGET_RSS_BAND;
        if (!flat) misses.push(`${driver}: RSS soak`);
        say(
          `  ${samples.length} samples: first ${first.toFixed(0)} MB, last ${last.toFixed(0)} MB, min ${min.toFixed(0)} MB, max ${max.toFixed(0)} MB (${(((min - first) / first) * 100).toFixed(1)} … +${(((max - first) / first) * 100).toFixed(1)} % of the first); ` +
            `drift, last minute's mean vs the first's (${head.toFixed(0)} → ${tail.toFixed(0)} MB): ${(drift * 100).toFixed(1)} % (target within ±10 %) → ${verdict(flat)}${o.soakMinutes < 10 ? ' — a short soak, indicative only' : ''}`,
        );
        say(
          `  achieved ${fmt(rateBetween(soakFrom, soakTo))} readings/s; server CPU ${(((soakCpu1.cpu - soakCpu0.cpu) / (soakCpu1.at - soakCpu0.at)) * 100).toFixed(0)} %; ${fmt(alarmEvents)} alarm events on the stream in all; load ${loadEnd}`,
        );
        say(
          `  RSS (MB) every minute: ${samples
            .filter((_, i) => i % 6 === 0)
            .map((s) => s.mb.toFixed(0))
            .join(' ')}`,
        );
      } else say('\nRSS soak: skipped (--soak-minutes 0)');
      generator.stop();
      await generator.done;
      stream.close();
      const final = await serverStats(server);
      say(
        `rules running ${final.alarms.rules}; over the whole run ${fmt(final.alarms.transitions)} transitions, ${fmt(final.alarms.commits)} commits, ${final.alarms.failures} failures; ingest ${fmt(final.ingest.accepted)} readings in ${fmt(final.ingest.batches)} batches`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await db.dispose();
  }
}

function diffAlarmStats(
  a: Awaited<ReturnType<typeof serverStats>>,
  b: Awaited<ReturnType<typeof serverStats>>,
) {
  return {
    readings: a.alarms.readings - b.alarms.readings,
    transitions: a.alarms.transitions - b.alarms.transitions,
    commits: a.alarms.commits - b.alarms.commits,
    failures: a.alarms.failures - b.alarms.failures,
  };
}

// ---- kill -9 ----

async function benchKill(
  o: AlarmBenchOptions,
  driver: Driver,
  pgUrl: string,
  misses: string[],
): Promise<void> {
  const db = await createBenchDatabase(driver, pgUrl, 'kill');
  say(`\n## alarms — kill -9 during ingest at ${fmt(o.rate)} readings/s — ${db.label}`);
  try {
    await prepareBenchData(db, {});
    const mqttPort = await freePort();
    let server = await startServer(db, o.port, 16, { MQTT_PORT: String(mqttPort) });
    let token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
    const fleet = await createFleet(server, token, fleetMix(o.devices));
    const rules = await createFleetRules(server, token, fleet);
    // Six more gauges whose rules must hold 保证水位 for a while before they raise: three whose deadline
    // falls while the server is down, three after it is back.
    const held = await createFleet(server, token, { water: 6 }, 'D');
    const holdMs = new Map(held.map((d) => [d.n, d.n < 3 ? 5000 : 30_000]));
    const heldRules = await createFleetRules(server, token, held, { raiseAfterMs: holdMs }, held.length);
    const killAt = o.killAfterSeconds * 1000;
    const devices = [
      ...loadDevices(fleet, rules, o.rate - held.length * 2),
      ...held.map((d): LoadDevice => ({
        code: d.code,
        secret: d.secret,
        topic: d.topic,
        metric: d.metric,
        rate: 2,
        base: 2,
        noise: 0.05,
        step: { atMs: killAt - 4000 + (d.n % 3) * 1000, value: WATER_GUARANTEE_M + 0.3 },
      })),
    ];
    say(
      `${describeFleet(fleet, rules)}; plus ${heldRules.length} water-level rules that raise after holding 5 s (×3) or 30 s (×3)`,
    );
    const acked = new Map<string, number[]>();
    const crossings = new Map<string, number>();
    const generator = await startLoad({
      url: `mqtt://127.0.0.1:${mqttPort}`,
      devices,
      window: o.window,
      recordAcks: true,
    });
    let ackedCount = 0;
    generator.reports((m) => {
      if (m.t === 'acks')
        m.codes.forEach((code, i) => {
          let list = acked.get(code);
          if (!list) acked.set(code, (list = []));
          list.push(m.ts[i]!);
          ackedCount += 1;
        });
      else if (m.t === 'crossing' && !crossings.has(m.code)) crossings.set(m.code, m.ts);
    });
    await sleep(Math.max(0, generator.startedAt + killAt - wallNow()));
    const killedAt = wallNow();
    const exited = new Promise((r) => server.child.once('exit', r));
    server.child.kill('SIGKILL');
    await exited;
    const loadAtKill = load();
    await generator.done;
    say(
      `kill -9 ${o.killAfterSeconds} s into the load (pid ${server.child.pid}); ${fmt(ackedCount)} readings acknowledged before it; load ${loadAtKill}`,
    );
    server.agent.destroy();
    server = await startServer(db, o.port, 16, { MQTT_PORT: String(mqttPort) });
    const backAt = wallNow();
    say(
      `restarted: healthy ${seconds(server.startMs)} after the spawn (${seconds(backAt - killedAt)} after the kill)`,
    );
    try {
      token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
      const deadlines = held.map((d) => {
        const c = crossings.get(d.code);
        return c === undefined ? null : c + holdMs.get(d.n)!;
      });
      const lastDeadline = Math.max(...deadlines.map((d) => d ?? 0));
      await sleep(Math.max(0, lastDeadline + 2 * o.tickGraceMs + 1500 - Date.now()));
      // 1. Every acknowledged reading is stored.
      let missing = 0;
      let checked = 0;
      const stored = new Map<string, { at: number; value: number }[]>();
      for (const d of [...fleet, ...held]) {
        const list = acked.get(d.code) ?? [];
        const rows = list.length
          ? await rawReadings(server, token, d.sensorId, Math.min(...list), Math.max(...list) + 60_000)
          : [];
        stored.set(d.code, rows);
        const have = new Set(rows.map((r) => r.at));
        for (const ts of list) {
          checked += 1;
          if (!have.has(ts)) missing += 1;
        }
      }
      const storedOk = missing === 0 && checked === ackedCount;
      say(
        `  ${verdict(storedOk)}  every acknowledged reading is stored: ${fmt(checked)} checked one by one, ${missing} missing`,
      );
      // 2. No alarm repeated: one open alarm per rule at most, episodes 1..n, one `raised` per alarm, no
      //    event twice; and per gas rule as many alarms as its stored readings hold leak episodes.
      const alarms = await allAlarms(server, token);
      const byRule = new Map<string, AlarmRow[]>();
      for (const a of alarms) byRule.set(a.ruleId, [...(byRule.get(a.ruleId) ?? []), a]);
      let structural = 0;
      for (const list of byRule.values()) {
        const episodes = list.map((a) => a.episode).sort((x, y) => x - y);
        if (episodes.some((e, i) => e !== i + 1)) structural += 1;
        if (list.filter((a) => a.clearedAt === null).length > 1) structural += 1;
      }
      let eventProblems = 0;
      for (const a of alarms) {
        const detail = (await api(server, token, 'GET', `/api/v1/monitoring/alarms/${a.id}`)) as {
          events: { kind: string; at: string; fromLevel: string | null; toLevel: string | null }[];
        };
        const engine = detail.events.filter((e) =>
          ['raised', 'escalated', 'deescalated', 'cleared'].includes(e.kind),
        );
        const keys = new Set(engine.map((e) => `${e.kind}|${e.at}|${e.fromLevel}|${e.toLevel}`));
        if (keys.size !== engine.length || engine.filter((e) => e.kind === 'raised').length !== 1)
          eventProblems += 1;
      }
      let episodeMismatch = 0;
      let expectedEpisodes = 0;
      for (const r of rules.filter((x) => x.template === 'gas-detector')) {
        const rows = stored.get(r.devices[0]!.code) ?? [];
        let runs = 0;
        let high = false;
        for (const row of rows) {
          const over = row.value >= GAS_FIRST_ALARM_LEL;
          if (over && !high) runs += 1;
          high = over;
        }
        expectedEpisodes += runs;
        const list = byRule.get(r.id) ?? [];
        const open = list.filter((a) => a.clearedAt === null).length;
        if (list.length !== runs || open !== (high ? 1 : 0)) episodeMismatch += 1;
      }
      const dupOk = structural === 0 && eventProblems === 0 && episodeMismatch === 0;
      say(
        `  ${verdict(dupOk)}  no alarm duplicated: ${fmt(alarms.length)} alarms on ${byRule.size} rules; ${structural} rules with repeated/missing episodes or two open alarms; ` +
          `${eventProblems} alarms with a repeated event; gas rules: ${fmt(expectedEpisodes)} leak episodes in the stored readings, ${episodeMismatch} rules whose alarms differ from them`,
      );
      // 3. Pending durations resumed: raised at exactly crossing + hold.
      say(
        '  | gauge | hold | first reading over 保证水位 | deadline | deadline vs kill / restart | raised at | verdict |',
      );
      say('  | --- | --- | --- | --- | --- | --- | --- |');
      let durationsOk = true;
      for (const [i, d] of held.entries()) {
        const rule = heldRules.find((r) => r.devices[0]!.code === d.code)!;
        const list = byRule.get(rule.id) ?? [];
        const deadline = deadlines[i] ?? null;
        const crossAcked =
          crossings.has(d.code) && (acked.get(d.code) ?? []).includes(crossings.get(d.code)!);
        const raisedAt = list.length === 1 ? Date.parse(list[0]!.raisedAt) : null;
        const ok = deadline !== null && crossAcked && raisedAt === deadline;
        if (!ok) durationsOk = false;
        const when =
          deadline === null
            ? '—'
            : deadline < killedAt
              ? 'before the kill'
              : deadline < backAt
                ? 'while down'
                : 'after the restart';
        say(
          `  | ${d.code} | ${holdMs.get(d.n)! / 1000} s | ${crossings.has(d.code) ? new Date(crossings.get(d.code)!).toISOString() : '—'}${crossAcked ? '' : ' (not acknowledged)'} | ${deadline === null ? '—' : new Date(deadline).toISOString()} | ${when} | ${list.length === 1 ? list[0]!.raisedAt : `${list.length} alarms`} | ${verdict(ok)} |`,
        );
      }
      say(`  ${verdict(durationsOk)}  pending durations resumed: each raised once, at exactly its deadline`);
      if (!storedOk) misses.push(`${driver}: kill -9 acknowledged readings`);
      if (!dupOk) misses.push(`${driver}: kill -9 duplicated alarms`);
      if (!durationsOk) misses.push(`${driver}: kill -9 pending durations`);
      const stats = await serverStats(server);
      say(`  after the restart: ${fmt(stats.alarms.refed)} stored readings re-fed to the rules`);
    } finally {
      await server.stop();
    }
  } finally {
    await db.dispose();
  }
}

// ---- fuzz ----

async function benchFuzzOn(o: AlarmBenchOptions, driver: Driver, pgUrl: string, misses: string[]) {
  const db = await createBenchDatabase(driver, pgUrl, 'fuzz');
  say(`\n## ingest — ${fmt(o.fuzz)} malformed payloads over MQTT — embedded broker + ${db.label}`);
  try {
    await prepareBenchData(db, {});
    const mqttPort = await freePort();
    const server = await startServer(db, o.port, 16, { MQTT_PORT: String(mqttPort) });
    try {
      const token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
      const r = await benchFuzz(server, token, `mqtt://127.0.0.1:${mqttPort}`, o.fuzz);
      if (!r.ok) misses.push(`${driver}: fuzz`);
    } finally {
      await server.stop();
    }
  } finally {
    await db.dispose();
  }
}

/** Every part on one driver; returns what missed its target. */
export async function benchAlarms(o: AlarmBenchOptions, driver: Driver, pgUrl: string): Promise<string[]> {
  const misses: string[] = [];
  await benchLive(o, driver, pgUrl, misses);
  await benchKill(o, driver, pgUrl, misses);
  if (o.fuzz > 0) await benchFuzzOn(o, driver, pgUrl, misses);
  return misses;
}
