/**
 * The demo simulator's files in the data directory (DATA_DIR; with DATABASE_URL too, where DATA_DIR is also
 * the home of the connectors' drop folders):
 *
 * - `demo-devices.json` (演示设备清单, mode 0600): written when the demo fleet is seeded. The platform keeps
 *   only hashes of device secrets, but the simulator must log in to MQTT like a real device, so the demo
 *   secrets are kept here, with what the simulator needs to make up readings (kind, metrics, a profile).
 *   Demo data only: a real device's secret is shown once and never written anywhere.
 * - `mqtt-broker.json`: the embedded broker's actual address, written by `ningan start` (the port may have
 *   fallen back from MQTT_PORT), removed when it stops; `ningan simulate` reads it.
 * - `demo-simulator.lease.json`: taken by `ningan simulate` while it runs, so the baseline simulator inside
 *   `ningan start` stands down and no device is driven by two simulators at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { METRICS, STATION_KINDS } from '@ningan/domain';
import { z } from 'zod';

export const DEMO_DEVICES_FILE = 'demo-devices.json';
export const DEMO_DEVICES_FORMAT = 'ningan-demo-devices/1';
export const MQTT_BROKER_FILE = 'mqtt-broker.json';
export const SIMULATOR_LEASE_FILE = 'demo-simulator.lease.json';

const Num = z.number().refine(Number.isFinite, '应为有限数值');

/**
 * How the simulator makes up a device's readings (simulator/readings.ts), chosen by the fleet generator
 * (db/seed/monitoring-demo.ts). Units are the metrics' canonical ones (mm, m, %, %LEL, ppm, ℃, MPa).
 */
export const DeviceProfile = z.discriminatedUnion('model', [
  z.strictObject({
    model: z.literal('rain'),
    /** Intensity of the occasional fair-weather shower at this gauge, mm/h. */
    showerMmPerHour: Num.nonnegative(),
    /** Rain at this gauge over the whole `rainstorm` scenario, mm. */
    stormMm: Num.nonnegative(),
  }),
  z.strictObject({
    model: z.literal('stage'),
    /** Normal water level, m. */
    base: Num,
    /** 警戒水位 and 保证水位, m (the sensor's, copied). */
    warning: Num,
    guarantee: Num,
    /** Highest level in the `rainstorm` scenario, m (null: this gauge does not respond). */
    floodPeak: Num.nullable(),
    /** Hours from the rain's peak to the water level's peak. */
    lagHours: Num.positive(),
  }),
  z.strictObject({
    model: z.literal('creep'),
    metric: z.enum(['displacement', 'crack_width']),
    /** Reading at the simulator's epoch (2026-01-01), mm. */
    base: Num,
    /** Steady creep, mm per day. */
    creepMmPerDay: Num,
    /** Standard deviation of the measurement noise, mm. */
    noiseMm: Num.nonnegative(),
    /** Resolution of the readings, mm. */
    step: Num.positive(),
    /**
     * In the `landslide` scenario: the scale s of 1/v = (t_f − t) / s (STANDARDS.md §6.1, α = 2), mm; the
     * added displacement is s·ln(t_f / (t_f − t)). Null: not on the failing slope.
     */
    failureScaleMm: Num.positive().nullable(),
  }),
  z.strictObject({
    model: z.literal('soil'),
    /** Volumetric water content in fair weather, %. */
    base: Num,
    /** Rise by the end of the `rainstorm` scenario, percentage points. */
    stormRise: Num.nonnegative(),
  }),
  z.strictObject({
    model: z.literal('gas'),
    gas: z.enum(['combustible', 'toxic']),
    /** Typical background reading (%LEL or ppm). */
    background: Num.nonnegative(),
    /** The concentration a leak tends to in the `gas-leak` scenario (null: this detector sees none). */
    leakPeak: Num.positive().nullable(),
  }),
  z.strictObject({
    model: z.literal('tank'),
    medium: z.enum(['lpg', 'lng', 'oil']),
    /** Liquid level swings between these (filling and drawing off), m, once every `periodHours`. */
    levelMin: Num,
    levelMax: Num,
    periodHours: Num.positive(),
  }),
  z.strictObject({
    model: z.literal('weather'),
    showerMmPerHour: Num.nonnegative(),
    stormMm: Num.nonnegative(),
  }),
  z.strictObject({
    model: z.literal('seismic'),
    /** Site amplification of ground motion (1 = rock). */
    siteFactor: Num.positive(),
  }),
  z.strictObject({
    model: z.literal('wellhead'),
    /** Normal wellhead pressure, MPa. */
    baseMPa: Num.positive(),
  }),
]);
export type DeviceProfile = z.infer<typeof DeviceProfile>;
export type ProfileModel = DeviceProfile['model'];

export const DemoDevice = z.strictObject({
  code: z.string().min(3),
  /** MQTT password; only its hash is in the database. */
  secret: z.string().min(16),
  name: z.string(),
  kind: z.enum(STATION_KINDS),
  township: z.string(),
  /** WGS84. */
  lon: Num,
  lat: Num,
  /** The sensors' metrics, in the order a payload lists them. */
  metrics: z.array(z.enum(METRICS)).min(1),
  profile: DeviceProfile,
});
export type DemoDevice = z.infer<typeof DemoDevice>;

export const DemoDevicesFile = z.strictObject({
  format: z.literal(DEMO_DEVICES_FORMAT),
  note: z.string(),
  county: z.string(),
  writtenAt: z.string(),
  devices: z.array(DemoDevice),
});
export type DemoDevicesFile = z.infer<typeof DemoDevicesFile>;

export const DEMO_DEVICES_NOTE =
  '演示数据 demo only：演示监测设备的 MQTT 口令，供 ningan simulate 使用；真实设备的口令只显示一次，不写入任何文件。' +
  ' Demo device secrets for the simulator; never put real devices here.';

export class SimulatorFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulatorFileError';
  }
}

/** Writes `text` to `file` atomically (temporary file + rename), readable by the owner only. */
function writePrivate(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

export const demoDevicesPath = (dataDir: string) => path.join(dataDir, DEMO_DEVICES_FILE);

export function writeDemoDevices(dataDir: string, file: DemoDevicesFile): void {
  writePrivate(demoDevicesPath(dataDir), `${JSON.stringify(DemoDevicesFile.parse(file), null, 2)}\n`);
}

/**
 * The demo devices file, or null when there is none.
 * @throws SimulatorFileError when it exists but is not a demo devices file of this format
 */
export function readDemoDevices(dataDir: string): DemoDevicesFile | null {
  const file = demoDevicesPath(dataDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new SimulatorFileError(`${file} 不是合法的 JSON / is not valid JSON`);
  }
  const parsed = DemoDevicesFile.safeParse(raw);
  if (!parsed.success)
    throw new SimulatorFileError(
      `${file} 不是本版本的演示设备清单 / is not a demo devices file of format ${DEMO_DEVICES_FORMAT}: ` +
        parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; '),
    );
  return parsed.data;
}

/** Whether a process with this id is running (on this machine). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const BrokerFile = z.strictObject({ url: z.string(), pid: z.number().int(), startedAt: z.string() });
export type BrokerFile = z.infer<typeof BrokerFile>;

/** Records where the embedded broker of this process listens. */
export function writeBrokerFile(dataDir: string, url: string, at: Date): void {
  writePrivate(
    path.join(dataDir, MQTT_BROKER_FILE),
    `${JSON.stringify({ url, pid: process.pid, startedAt: at.toISOString() })}\n`,
  );
}

/** The embedded broker's address recorded by a running `ningan start`, or null (none, or its process is gone). */
export function readBrokerFile(dataDir: string): BrokerFile | null {
  try {
    const parsed = BrokerFile.safeParse(
      JSON.parse(fs.readFileSync(path.join(dataDir, MQTT_BROKER_FILE), 'utf8')),
    );
    return parsed.success && isProcessAlive(parsed.data.pid) ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Removes the broker file if this process wrote it. */
export function removeBrokerFile(dataDir: string): void {
  const file = path.join(dataDir, MQTT_BROKER_FILE);
  try {
    const parsed = BrokerFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (parsed.success && parsed.data.pid === process.pid) fs.rmSync(file, { force: true });
  } catch {
    // nothing to remove
  }
}

const Lease = z.strictObject({
  pid: z.number().int(),
  scenario: z.string(),
  /** Epoch ms; a lease not refreshed by then has lapsed (its holder died without releasing it). */
  expiresAt: z.number(),
});
export type Lease = z.infer<typeof Lease>;

const leasePath = (dataDir: string) => path.join(dataDir, SIMULATOR_LEASE_FILE);

/** The lease held by another live process, or null. */
export function readForeignLease(dataDir: string, now: number): Lease | null {
  try {
    const parsed = Lease.safeParse(JSON.parse(fs.readFileSync(leasePath(dataDir), 'utf8')));
    if (!parsed.success) return null;
    const lease = parsed.data;
    return lease.pid !== process.pid && lease.expiresAt > now && isProcessAlive(lease.pid) ? lease : null;
  } catch {
    return null;
  }
}

/** Takes (or refreshes) the lease for this process until `expiresAt`. */
export function writeLease(dataDir: string, scenario: string, expiresAt: number): void {
  writePrivate(leasePath(dataDir), `${JSON.stringify({ pid: process.pid, scenario, expiresAt })}\n`);
}

/** Gives the lease back if this process holds it. */
export function releaseLease(dataDir: string): void {
  try {
    const parsed = Lease.safeParse(JSON.parse(fs.readFileSync(leasePath(dataDir), 'utf8')));
    if (parsed.success && parsed.data.pid === process.pid) fs.rmSync(leasePath(dataDir), { force: true });
  } catch {
    // nothing to release
  }
}
