/**
 * The demo simulator (演示模拟器, issue #4 part 8): the demo fleet publishing over real MQTT, one connection
 * per device (the broker authenticates each connection as one device: username = device id, password =
 * its secret), QoS 1, to `ningan/v1/devices/{设备编号}/readings`. Each device reports every
 * `intervalSeconds` on average (jittered ±50 %, so the fleet does not report in lock-step) instead of its
 * real sampling interval; what it reports is `devicePayload` (readings.ts) for the time since its last
 * report.
 *
 * Two may run against one installation: the baseline inside `ningan start` and `ningan simulate`. The
 * latter takes a lease in the data directory; the former stands down (publishes nothing) while a live
 * process holds it, so a device is never driven by both.
 */
import { readingsTopic } from '@ningan/domain';
import mqtt, { type MqttClient } from 'mqtt';
import { readForeignLease, releaseLease, writeLease, type DemoDevice } from './devices.ts';
import { devicePayload } from './readings.ts';
import { scenarioEndsAt, type ActiveScenario, type ScenarioSettings } from './scenarios.ts';
import { hash32, unit } from './signals.ts';

export interface SimulatorLog {
  info(message: string): void;
  warn(message: string): void;
}

export interface SimulatorOptions {
  /** Broker URL, e.g. mqtt://127.0.0.1:1883 (credentials in it are replaced by each device's own). */
  url: string;
  devices: DemoDevice[];
  /** Mean seconds between two reports of a device. */
  intervalSeconds: number;
  scenario?: ScenarioSettings | null;
  /** Epoch ms; the real clock by default (readings are stamped with it). */
  clock?: () => number;
  log?: SimulatorLog;
  /**
   * The data directory's lease: `take` it (`ningan simulate`: refuse to start when another live process
   * holds it) or `respect` it (the baseline inside `ningan start`: pause while another holds it).
   */
  lease?: { dataDir: string; mode: 'take' | 'respect' } | null;
  connectTimeoutMs?: number;
}

export interface SimulatorStats {
  devices: number;
  connected: number;
  published: number;
  acknowledged: number;
  failed: number;
  /** Reports not sent because another simulator held the lease. */
  paused: boolean;
}

interface DeviceRun {
  device: DemoDevice;
  topic: string;
  client: MqttClient | null;
  /** End of the interval last reported (epoch ms). */
  last: number;
  next: number;
  inFlight: number;
  reports: number;
}

export class SimulatorLeaseError extends Error {
  constructor(readonly pid: number) {
    super(
      `另一个演示模拟器（进程 ${pid}）正在运行 / another demo simulator (pid ${pid}) is running; stop it first`,
    );
    this.name = 'SimulatorLeaseError';
  }
}

const LEASE_TTL_MS = 20_000;
const LEASE_REFRESH_MS = 5_000;
const TICK_MS = 1000;
/** Reports a device may have unacknowledged before it skips one (a slow or absent broker). */
const MAX_IN_FLIGHT = 5;

export class DemoSimulator {
  readonly scenario: ActiveScenario | null = null;
  private readonly runs: DeviceRun[];
  private readonly clock: () => number;
  private readonly log: SimulatorLog;
  private timer: NodeJS.Timeout | null = null;
  private leaseTimer: NodeJS.Timeout | null = null;
  private leaseCheckedAt = 0;
  private pausedBy: number | null = null;
  private stopped = false;
  private counts = { published: 0, acknowledged: 0, failed: 0 };

  constructor(private readonly options: SimulatorOptions) {
    this.clock = options.clock ?? (() => Date.now());
    this.log = options.log ?? { info: () => {}, warn: () => {} };
    const now = this.clock();
    this.runs = options.devices.map((device) => ({
      device,
      topic: readingsTopic(device.code),
      client: null,
      last: now - options.intervalSeconds * 1000,
      // Spread the first reports over one interval.
      next: now + unit(`${device.code}|first`) * options.intervalSeconds * 1000,
      inFlight: 0,
      reports: 0,
    }));
    if (options.scenario) this.scenario = { ...options.scenario, startedAt: now };
  }

  /** When the scenario's story ends (epoch ms), or null without one. */
  get endsAt(): number | null {
    return this.scenario ? scenarioEndsAt(this.scenario) : null;
  }

  stats(): SimulatorStats {
    return {
      devices: this.runs.length,
      connected: this.runs.filter((r) => r.client?.connected).length,
      ...this.counts,
      paused: this.pausedBy !== null,
    };
  }

  /**
   * Takes the lease (in `take` mode) and connects every device. Devices whose connection is refused are
   * reported (a wrong secret: demo-devices.json and the database disagree) and left out.
   * @throws SimulatorLeaseError when another live simulator holds the lease (`take` mode)
   */
  async connect(): Promise<{ connected: number; refused: { code: string; reason: string }[] }> {
    const lease = this.options.lease;
    if (lease?.mode === 'take') {
      const other = readForeignLease(lease.dataDir, Date.now());
      if (other) throw new SimulatorLeaseError(other.pid);
      this.refreshLease();
      this.leaseTimer = setInterval(() => this.refreshLease(), LEASE_REFRESH_MS);
      this.leaseTimer.unref();
    }
    const refused: { code: string; reason: string }[] = [];
    // Connect in small groups: a burst of a hundred TLS/TCP handshakes helps nobody.
    for (let i = 0; i < this.runs.length; i += 10) {
      await Promise.all(
        this.runs.slice(i, i + 10).map(async (run) => {
          if (this.stopped) return;
          try {
            const client = await this.connectOne(run.device);
            if (this.stopped) client.end(true);
            else run.client = client;
          } catch (err) {
            refused.push({ code: run.device.code, reason: (err as Error).message });
          }
        }),
      );
    }
    return { connected: this.runs.filter((r) => r.client).length, refused };
  }

  private connectOne(device: DemoDevice): Promise<MqttClient> {
    return new Promise((resolve, reject) => {
      const client = mqtt.connect(this.options.url, {
        username: device.code,
        password: device.secret,
        // Unique per process: a second simulator must not take over (and so disconnect) this session.
        clientId: `${device.code}-sim-${(hash32(`${process.pid}|${Date.now()}`) % 1_000_000).toString(36)}`,
        clean: true,
        reconnectPeriod: 5000,
        connectTimeout: this.options.connectTimeoutMs ?? 10_000,
      });
      let settled = false;
      client.on('connect', () => {
        if (settled) return;
        settled = true;
        resolve(client);
      });
      client.on('error', (err) => {
        if (settled) {
          this.log.warn(`演示设备 ${device.code} MQTT 错误 / error: ${err.message}`);
          return;
        }
        settled = true;
        client.end(true);
        const code = (err as { code?: unknown }).code;
        reject(
          code === 4 || code === 5 || code === 134 || code === 135
            ? new Error(`设备口令被拒绝 / not authorised (${err.message})`)
            : err,
        );
      });
    });
  }

  /** Starts reporting on the timer (until `stop`). */
  run(): void {
    if (this.timer || this.stopped) return;
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  /** Publishes what is due at `now`. */
  tick(now: number = this.clock()): void {
    if (this.isPaused(now)) {
      // Another simulator reports for these devices: skip, so nothing is counted twice on resuming.
      for (const run of this.runs) run.last = now;
      return;
    }
    for (const run of this.runs) if (now >= run.next) void this.publish(run, now);
  }

  /** One report from every connected device now, resolved when the broker has acknowledged them all. */
  async publishAll(now: number = this.clock()): Promise<void> {
    await Promise.all(this.runs.map((run) => this.publish(run, now)));
  }

  private publish(run: DeviceRun, now: number): Promise<void> {
    const client = run.client;
    run.reports += 1;
    const spread = 0.5 + unit(`${run.device.code}|next|${run.reports}`);
    run.next = now + spread * this.options.intervalSeconds * 1000;
    // Not connected or backed up: keep `last`, so the next report covers the gap (rain is not lost).
    if (!client?.connected || run.inFlight >= MAX_IN_FLIGHT || now <= run.last) return Promise.resolve();
    const payload = JSON.stringify(devicePayload(run.device, run.last, now, this.scenario));
    run.last = now;
    run.inFlight += 1;
    this.counts.published += 1;
    return new Promise((resolve) => {
      client.publish(run.topic, payload, { qos: 1 }, (err) => {
        run.inFlight -= 1;
        if (err) {
          this.counts.failed += 1;
          this.log.warn(`演示设备 ${run.device.code} 发布失败 / publish failed: ${err.message}`);
        } else this.counts.acknowledged += 1;
        resolve();
      });
    });
  }

  private refreshLease(): void {
    const lease = this.options.lease;
    if (lease?.mode !== 'take') return;
    writeLease(lease.dataDir, this.scenario?.name ?? 'none', Date.now() + LEASE_TTL_MS);
  }

  private isPaused(now: number): boolean {
    const lease = this.options.lease;
    if (lease?.mode !== 'respect') return false;
    if (now - this.leaseCheckedAt < 2000 && now >= this.leaseCheckedAt) return this.pausedBy !== null;
    this.leaseCheckedAt = now;
    const other = readForeignLease(lease.dataDir, Date.now());
    const was = this.pausedBy;
    this.pausedBy = other?.pid ?? null;
    if (was === null && other)
      this.log.info(
        `演示模拟器暂停：ningan simulate（进程 ${other.pid}，场景 ${other.scenario}）接管演示设备 / demo simulator paused while pid ${other.pid} runs`,
      );
    if (was !== null && !other) this.log.info('演示模拟器恢复 / demo simulator resumed');
    return this.pausedBy !== null;
  }

  /** Stops reporting, waits (briefly) for outstanding acknowledgements, disconnects, releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.timer = null;
    this.leaseTimer = null;
    await Promise.all(
      this.runs.map(async (run) => {
        const client = run.client;
        run.client = null;
        if (!client) return;
        // A graceful end waits for in-flight QoS 1 messages; give up on an unresponsive broker.
        await Promise.race([
          client.endAsync(false),
          new Promise((r) => setTimeout(r, 3000).unref()).then(() => client.endAsync(true)),
        ]);
      }),
    );
    if (this.options.lease?.mode === 'take') releaseLease(this.options.lease.dataDir);
  }
}
