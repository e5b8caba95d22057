/**
 * Issue #4 part 8, the whole chain on a fresh database (both drivers): the demo fleet seeded through the
 * registry's repositories once (audited, idempotent), its devices file, and the simulator publishing over
 * real MQTT to the embedded broker — every device's readings stored, none quarantined — plus a scenario's
 * reading crossing its threshold in the table.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, count, desc, eq, inArray, like } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditLog, ingestQuarantine, readings, sensors, stations } from '../db/schema/index.ts';
import { startEmbeddedBroker, type MqttRunning } from '../ingest/mqtt.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { useTestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { DEMO_MONITORING_META } from '../services/demo-monitoring.service.ts';
import { getMeta } from '../repositories/meta.repository.ts';
import { demoDevicesPath, readDemoDevices, SIMULATOR_LEASE_FILE, type DemoDevice } from './devices.ts';
import { DemoSimulator, SimulatorLeaseError } from './simulator.ts';
import { scenarioSettings } from './scenarios.ts';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-sim-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

forEachDriver('demo fleet and simulator over MQTT (issue #4 part 8)', (driver) => {
  const dir = path.join(dataDir, driver.name);
  const ctx = useTestContext(driver, { env: { DATA_DIR: dir } });
  let broker: MqttRunning | null = null;
  let devices: DemoDevice[] = [];
  const now = () => ctx.clock.now().getTime();

  beforeAll(async () => {
    await ctx.services.bootstrap.seedDemo();
  });
  afterAll(async () => {
    await broker?.close();
  });

  const demoStations = () =>
    ctx.db.select().from(stations).where(like(stations.code, 'DEMO-%')).orderBy(stations.code);

  it('seeds the fleet once, audited, in one go, and writes the devices file (0600) the simulator logs in with', async () => {
    const audits = await ctx.auditCount();
    const first = await ctx.services.demoMonitoring.seed();
    expect(first.seeded).toBe(true);
    expect(first.stations).toBeGreaterThanOrEqual(60);
    expect(first.stations).toBeLessThanOrEqual(100);
    const rows = await demoStations();
    expect(rows).toHaveLength(first.stations);
    expect(rows.every((r) => r.name.endsWith('（演示）') && r.note?.includes('演示数据'))).toBe(true);
    expect(await ctx.auditCount()).toBe(audits + first.stations);
    const created = await ctx.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.action, 'station.create'));
    expect(created[0]!.n).toBe(first.stations);
    // Stations at a firm's installation belong to its org unit (its users see them); gauges to 水务局.
    const gas = rows.filter((r) => r.kind === 'combustible_gas');
    expect(gas.length).toBeGreaterThan(0);
    expect(gas.every((r) => r.orgUnitId !== null && r.ledgerRecordId !== null)).toBe(true);
    expect(rows.filter((r) => r.kind === 'rain_gauge').every((r) => r.ownerDepartmentId !== null)).toBe(true);

    const file = readDemoDevices(dir)!;
    expect(file.devices.map((d) => d.code).sort()).toEqual(rows.map((r) => r.code).sort());
    expect(fs.statSync(demoDevicesPath(dir)).mode & 0o777).toBe(0o600);
    for (const d of file.devices)
      expect(sha256Hex(d.secret)).toBe(rows.find((r) => r.code === d.code)!.secretHash);
    const marker = await getMeta<{ codes: string[] }>(ctx.db, DEMO_MONITORING_META);
    expect(marker?.codes).toHaveLength(first.stations);
    devices = file.devices;

    // A second start changes nothing.
    expect(await ctx.services.demoMonitoring.seed()).toEqual({ seeded: false, stations: 0 });
    expect(await ctx.services.demoMonitoring.ensureDevicesFile()).toMatchObject({
      reissued: 0,
      written: false,
    });
    expect(await demoStations()).toHaveLength(first.stations);
    expect(await ctx.auditCount()).toBe(audits + first.stations);
  });

  it('re-issues (audited) the secrets a lost devices file held, so the simulator can log in again', async () => {
    const old = devices[0]!;
    fs.rmSync(demoDevicesPath(dir));
    const r = await ctx.services.demoMonitoring.ensureDevicesFile();
    expect(r).toMatchObject({ devices: devices.length, reissued: devices.length, written: true });
    const file = readDemoDevices(dir)!;
    const fresh = file.devices.find((d) => d.code === old.code)!;
    expect(fresh.secret).not.toBe(old.secret);
    expect(fresh.profile).toEqual(old.profile);
    expect(await ctx.services.ingest.authenticateDevice(old.code, old.secret)).toBeNull();
    expect(await ctx.services.ingest.authenticateDevice(fresh.code, fresh.secret)).not.toBeNull();
    const rotated = await ctx.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.action, 'station.rotate_secret'));
    expect(rotated[0]!.n).toBe(devices.length);
    devices = file.devices;
  });

  it('publishes every demo device’s readings over real MQTT: all stored on PUBACK, none quarantined', async () => {
    broker ??= await startEmbeddedBroker(ctx.services.ingest, { host: '127.0.0.1', port: 0, log: ctx.log });
    const sim = new DemoSimulator({
      url: broker.url,
      devices,
      intervalSeconds: 20,
      clock: now,
      log: ctx.log,
    });
    const { connected, refused } = await sim.connect();
    expect(refused).toEqual([]);
    expect(connected).toBe(devices.length);
    await sim.publishAll();
    ctx.clock.advance(20_000);
    await sim.publishAll();
    await sim.stop();
    expect(sim.stats()).toMatchObject({
      published: 2 * devices.length,
      acknowledged: 2 * devices.length,
      failed: 0,
    });

    const quarantined = await ctx.db.select({ n: count() }).from(ingestQuarantine);
    expect(quarantined[0]!.n).toBe(0);
    const perStation = await ctx.db
      .select({ code: stations.code, n: count() })
      .from(readings)
      .innerJoin(sensors, eq(sensors.seriesId, readings.seriesId))
      .innerJoin(stations, eq(stations.id, sensors.stationId))
      .where(like(stations.code, 'DEMO-%'))
      .groupBy(stations.code);
    const byCode = new Map(perStation.map((r) => [r.code, r.n]));
    for (const d of devices) expect(byCode.get(d.code), d.code).toBe(2 * d.metrics.length);
  });

  it('plays a scenario into the table: the gas leak’s detector reads above 50 %LEL (GB/T 50493-2019 §5.5) three minutes in', async () => {
    const leak = devices.find((d) => d.profile.model === 'gas' && d.profile.leakPeak === 68)!;
    const sim = new DemoSimulator({
      url: broker!.url,
      devices: [leak],
      intervalSeconds: 10,
      scenario: scenarioSettings('gas-leak'),
      clock: now,
    });
    await sim.connect();
    ctx.clock.advance(240_000);
    await sim.publishAll();
    await sim.stop();
    const [latest] = await ctx.db
      .select({ value: readings.value })
      .from(readings)
      .innerJoin(sensors, eq(sensors.seriesId, readings.seriesId))
      .innerJoin(stations, eq(stations.id, sensors.stationId))
      .where(and(eq(stations.code, leak.code), eq(sensors.metric, 'combustible_gas')))
      .orderBy(desc(readings.ts))
      .limit(1);
    expect(latest!.value).toBeGreaterThan(50);
  });

  it('stands down while another process holds the lease, and refuses to take a lease held by one', async () => {
    const file = path.join(dir, SIMULATOR_LEASE_FILE);
    // The parent process (the test runner) is alive and is not us: a foreign holder.
    fs.writeFileSync(
      file,
      JSON.stringify({ pid: process.ppid, scenario: 'rainstorm', expiresAt: Date.now() + 60_000 }),
    );
    const respect = new DemoSimulator({
      url: broker!.url,
      devices: devices.slice(0, 2),
      intervalSeconds: 1,
      clock: now,
      lease: { dataDir: dir, mode: 'respect' },
    });
    await respect.connect();
    ctx.clock.advance(5_000);
    respect.tick();
    expect(respect.stats()).toMatchObject({ published: 0, paused: true });
    fs.rmSync(file);
    ctx.clock.advance(5_000);
    respect.tick();
    await new Promise((r) => setTimeout(r, 300));
    expect(respect.stats()).toMatchObject({ published: 2, paused: false });
    await respect.stop();

    fs.writeFileSync(
      file,
      JSON.stringify({ pid: process.ppid, scenario: 'none', expiresAt: Date.now() + 60_000 }),
    );
    const take = new DemoSimulator({
      url: broker!.url,
      devices,
      intervalSeconds: 20,
      lease: { dataDir: dir, mode: 'take' },
    });
    await expect(take.connect()).rejects.toBeInstanceOf(SimulatorLeaseError);
    await take.stop();
    fs.rmSync(file);
    const held = new DemoSimulator({
      url: broker!.url,
      devices: devices.slice(0, 1),
      intervalSeconds: 20,
      lease: { dataDir: dir, mode: 'take' },
    });
    await held.connect();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid });
    await held.stop();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a device whose secret the broker does not accept, and says so', async () => {
    const wrong = { ...devices[0]!, secret: 'x'.repeat(32) };
    const sim = new DemoSimulator({ url: broker!.url, devices: [wrong], intervalSeconds: 20 });
    const { connected, refused } = await sim.connect();
    await sim.stop();
    expect(connected).toBe(0);
    expect(refused).toEqual([
      { code: wrong.code, reason: expect.stringMatching(/not authorised/) as unknown },
    ]);
    // Untouched: the quarantine holds nothing from the refused device.
    const rows = await ctx.db
      .select({ n: count() })
      .from(ingestQuarantine)
      .where(inArray(ingestQuarantine.reason, ['unknown_device', 'wrong_device']));
    expect(rows[0]!.n).toBe(0);
  });
});
