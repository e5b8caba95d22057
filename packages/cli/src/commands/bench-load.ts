/**
 * The alarm bench's load generator, in its own process (`ningan bench-load`, hidden) so the process that
 * measures — the live-stream subscriber in `bench --only alarms` — is not queued behind 10,000 publishes a
 * second. One MQTT connection per device, QoS 1, readings stamped with the wall clock; each device sends
 * at its own rate, some with alarm episodes (a value over the threshold for a while, then normal again),
 * a step (over the threshold from some moment on) or a stop (the device falls silent). It reports to the
 * parent over IPC: the first reading of every episode or step (device, timestamp and wall-clock time of
 * the publish), the last acknowledged reading of a stopped device, optionally every acknowledged reading,
 * and counters each second.
 */
import mqtt, { type MqttClient } from 'mqtt';

export interface LoadDevice {
  code: string;
  secret: string;
  topic: string;
  metric: string;
  /** Readings per second. */
  rate: number;
  /** Normal value, with ± `noise` of slow wobble. */
  base: number;
  noise: number;
  /** Repeating episodes: `high` for `highMs` of every `periodMs`, starting `phaseMs` into the run. */
  episodes?: { high: number; periodMs: number; highMs: number; phaseMs: number };
  /** From `atMs` into the run on, the value is `value`. */
  step?: { atMs: number; value: number };
  /** The device falls silent this far into the run. */
  stopAtMs?: number;
}

export interface LoadPlan {
  url: string;
  devices: LoadDevice[];
  /** QoS 1 messages in flight per connection at most (the rest wait: they count as behind schedule). */
  window: number;
  /** Report every acknowledged reading (the kill -9 check). */
  recordAcks: boolean;
}

/** Wall-clock ms with sub-ms precision, comparable between processes on one machine. */
export const wallNow = () => performance.timeOrigin + performance.now();

export type LoadReport =
  | { t: 'ready' }
  | { t: 'crossing'; code: string; ts: number; sentAt: number }
  | { t: 'crossing-acked'; code: string; ts: number; ackedAt: number }
  | { t: 'stopped'; code: string; lastAckedTs: number | null }
  | { t: 'acks'; codes: string[]; ts: number[] }
  | { t: 'tick'; published: number; acked: number; behind: number; failed: number; closed: number }
  | { t: 'done'; published: number; acked: number; failed: number };

export type LoadCommand = { t: 'start'; plan: LoadPlan } | { t: 'stop' };

interface Running {
  d: LoadDevice;
  client: MqttClient;
  sent: number;
  inflight: number;
  lastTs: number;
  lastAckedTs: number | null;
  high: boolean;
  /** Stopped sending (its stop time, or the run's end). */
  stopped: boolean;
  /** Its stop was reported. */
  reported: boolean;
  /** The connection closed (the server went away). */
  closed: boolean;
}

function connect(url: string, d: LoadDevice): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const c = mqtt.connect(url, {
      username: d.code,
      password: d.secret,
      clientId: d.code,
      reconnectPeriod: 0,
      connectTimeout: 30_000,
    });
    c.once('connect', () => {
      // A latency bench: each reading goes out when published, not when Nagle's algorithm lets it.
      (c.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
      resolve(c);
    });
    c.once('error', reject);
  });
}

/** Runs the plan until told to stop or until every connection is gone (the server was killed). */
export async function runLoad(): Promise<void> {
  const send = (m: LoadReport) => process.send?.(m);
  const plan = await new Promise<LoadPlan>((resolve) =>
    process.once('message', (m: LoadCommand) => {
      if (m.t === 'start') resolve(m.plan);
    }),
  );
  const devices: Running[] = await Promise.all(
    plan.devices.map(async (d) => ({
      d,
      client: await connect(plan.url, d),
      sent: 0,
      inflight: 0,
      lastTs: 0,
      lastAckedTs: null,
      high: false,
      stopped: false,
      reported: false,
      closed: false,
    })),
  );
  let published = 0;
  let acked = 0;
  let failed = 0;
  let stopping = false;
  const ackCodes: string[] = [];
  const ackTs: number[] = [];
  const flushAcks = () => {
    if (!ackCodes.length) return;
    send({ t: 'acks', codes: ackCodes.splice(0), ts: ackTs.splice(0) });
  };
  const maybeStopped = (r: Running) => {
    if (r.stopped && r.inflight === 0 && !r.reported && !r.closed) {
      r.reported = true;
      send({ t: 'stopped', code: r.d.code, lastAckedTs: r.lastAckedTs });
    }
  };
  for (const r of devices)
    r.client.on('close', () => {
      r.closed = true;
      r.inflight = 0;
    });
  send({ t: 'ready' });
  const t0 = performance.now();

  const valueOf = (r: Running, at: number, elapsed: number): number => {
    const d = r.d;
    if (d.step && elapsed >= d.step.atMs) return d.step.value;
    const e = d.episodes;
    if (e && elapsed >= e.phaseMs && (elapsed - e.phaseMs) % e.periodMs < e.highMs) return e.high;
    return Math.round((d.base + d.noise * Math.sin(at / 7_000)) * 1000) / 1000;
  };

  const publishOne = (r: Running, elapsed: number) => {
    const ts = Math.max(Math.floor(wallNow()), r.lastTs + 1);
    r.lastTs = ts;
    const value = valueOf(r, ts, elapsed);
    const over = r.d.episodes ? value === r.d.episodes.high : r.d.step ? value === r.d.step.value : false;
    const text = `{"metric":"${r.d.metric}","value":${value},"ts":"${new Date(ts).toISOString()}"}`;
    r.inflight += 1;
    published += 1;
    const crossing = over && !r.high;
    if (crossing) send({ t: 'crossing', code: r.d.code, ts, sentAt: wallNow() });
    r.high = over;
    r.client.publish(r.d.topic, text, { qos: 1 }, (err) => {
      if (r.closed) return;
      r.inflight -= 1;
      if (err) {
        failed += 1;
        return;
      }
      acked += 1;
      if (crossing) send({ t: 'crossing-acked', code: r.d.code, ts, ackedAt: wallNow() });
      r.lastAckedTs = Math.max(r.lastAckedTs ?? 0, ts);
      if (plan.recordAcks) {
        ackCodes.push(r.d.code);
        ackTs.push(ts);
      }
      maybeStopped(r);
    });
  };

  let behind = 0;
  const pump = () => {
    const elapsed = performance.now() - t0;
    behind = 0;
    for (const r of devices) {
      if (r.closed || r.stopped) continue;
      if (stopping || (r.d.stopAtMs !== undefined && elapsed >= r.d.stopAtMs)) {
        r.stopped = true;
        maybeStopped(r);
        continue;
      }
      const due = Math.floor((r.d.rate * elapsed) / 1000) - r.sent;
      let n = Math.min(due, plan.window - r.inflight);
      behind += Math.max(0, due - n);
      for (; n > 0; n -= 1) {
        r.sent += 1;
        publishOne(r, elapsed);
      }
    }
  };
  const timer = setInterval(pump, 5);
  const reporter = setInterval(() => {
    flushAcks();
    send({
      t: 'tick',
      published,
      acked,
      behind,
      failed,
      closed: devices.filter((r) => r.closed).length,
    });
  }, 1000);
  const ackFlusher = plan.recordAcks ? setInterval(flushAcks, 100) : null;

  await new Promise<void>((resolve) => {
    // The server went away (kill -9): every connection closed.
    const watch = setInterval(() => {
      if (devices.every((r) => r.closed)) {
        clearInterval(watch);
        resolve();
      }
    }, 50);
    process.on('message', (m: LoadCommand) => {
      if (m.t === 'stop') {
        stopping = true;
        clearInterval(watch);
        resolve();
      }
    });
  });
  pump(); // marks every device stopped
  const drainUntil = Date.now() + 10_000;
  while (devices.some((r) => !r.closed && r.inflight > 0) && Date.now() < drainUntil)
    await new Promise((r) => setTimeout(r, 10));
  clearInterval(timer);
  clearInterval(reporter);
  if (ackFlusher) clearInterval(ackFlusher);
  flushAcks();
  await Promise.all(devices.map((r) => r.client.endAsync(true).catch(() => {})));
  send({ t: 'done', published, acked, failed });
  process.disconnect?.();
}
