/**
 * The demo monitoring fleet (issue #4 part 8): seeded once in demo mode next to the demo ledger, and the
 * demo devices file the simulator logs in with (`<DATA_DIR>/demo-devices.json`, simulator/devices.ts).
 *
 * Seeding writes the stations and sensors through the registry's repositories as `createStation` would
 * (validated by CreateStationRequest, sensors by `sensorSpecOf`, one `station.create` audit row each),
 * all in one transaction with the `demo_monitoring_seeded` marker, so a second start does nothing and a
 * crash leaves nothing half-made. Each station gets a random secret; the platform stores its hash, the
 * demo devices file the secret itself (demo data only).
 *
 * When the file is missing or disagrees with the database (deleted, another DATA_DIR against the same
 * PostgreSQL, a secret rotated in the console), `ensureDevicesFile` re-issues the secrets of the demo
 * stations it cannot log in as (audited as `station.rotate_secret`) and writes the file again.
 */
import { randomBytes } from 'node:crypto';
import {
  CreateStationRequest,
  METRICS,
  sensorSpecOf,
  type Actor,
  type Metric,
  type StationKind,
} from '@ningan/domain';
import { booleanPointInPolygon, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import {
  DEMO_STATION_OWNERS,
  generateDemoFleet,
  type DemoFleet,
  type DemoStationOwner,
  type FleetRecord,
} from '../db/seed/monitoring-demo.ts';
import type { DeviceDirectory } from '../ingest/directory.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { appendAuditBatch, type AuditEntry } from '../repositories/audit.repository.ts';
import { getEnterpriseById } from '../repositories/enterprises.repository.ts';
import { listLedgerRecords } from '../repositories/ledger.repository.ts';
import { getMeta, setMeta } from '../repositories/meta.repository.ts';
import {
  findSensorsOfStations,
  getStationByCode,
  insertSensors,
  insertStation,
  listAllStations,
  updateStation,
  type SensorRow,
} from '../repositories/monitoring.repository.ts';
import { findOrgUnits } from '../repositories/org-units.repository.ts';
import { getRegion, listMapFeatures, listRegionsWithin } from '../repositories/regions.repository.ts';
import {
  DEMO_DEVICES_FORMAT,
  DEMO_DEVICES_NOTE,
  DeviceProfile,
  readDemoDevices,
  SimulatorFileError,
  writeDemoDevices,
  type DemoDevice,
} from '../simulator/devices.ts';
import { auditEntryOf, type ServiceDeps } from './context.ts';

/** Meta key of the seeding marker: `{ at, codes }`, the device ids seeded. */
export const DEMO_MONITORING_META = 'demo_monitoring_seeded';

const FLEET_REGISTRIES = ['geo-hazards', 'exposed-assets', 'forest-areas', 'hazard-sources', 'wells'];

/** A device secret as the registry makes them: 24 random bytes, base64url (32 characters). */
const newSecret = () => randomBytes(24).toString('base64url');

// The installer, recorded as "system" like the rest of the demo data.
export const systemActor = (county: string): Actor => ({
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  roles: ['system_admin', 'duty_officer'],
  scope: { level: 'county', regionCode: county, orgUnitId: null },
  via: 'system',
});

/** A profile for a demo station the generator no longer produces (its ledger record changed), by kind. */
export function defaultProfileOf(
  kind: StationKind,
  sensors: Pick<SensorRow, 'metric' | 'warningStage' | 'guaranteedStage'>[],
): DeviceProfile | null {
  switch (kind) {
    case 'rain_gauge':
      return { model: 'rain', showerMmPerHour: 1.5, stormMm: 0 };
    case 'weather':
      return { model: 'weather', showerMmPerHour: 1.5, stormMm: 0 };
    case 'water_level': {
      const s = sensors.find((x) => x.metric === 'water_level');
      const warning = s?.warningStage ?? 3.5;
      const guarantee = s?.guaranteedStage ?? warning + 1.3;
      return {
        model: 'stage',
        base: Math.max(0, warning - 2.5),
        warning,
        guarantee,
        floodPeak: null,
        lagHours: 1,
      };
    }
    case 'soil_moisture':
      return { model: 'soil', base: 18, stormRise: 0 };
    case 'gnss':
      return {
        model: 'creep',
        metric: 'displacement',
        base: 10,
        creepMmPerDay: 0.05,
        noiseMm: 0.03,
        step: 0.1,
        failureScaleMm: null,
      };
    case 'crack_meter':
      return {
        model: 'creep',
        metric: 'crack_width',
        base: 5,
        creepMmPerDay: 0.01,
        noiseMm: 0.005,
        step: 0.01,
        failureScaleMm: null,
      };
    case 'combustible_gas':
      return { model: 'gas', gas: 'combustible', background: 1, leakPeak: null };
    case 'toxic_gas':
      return { model: 'gas', gas: 'toxic', background: 0.1, leakPeak: null };
    case 'tank':
      return sensors.some((x) => x.metric === 'tank_pressure')
        ? { model: 'tank', medium: 'lpg', levelMin: 0.9, levelMax: 1.9, periodHours: 30 }
        : { model: 'tank', medium: 'oil', levelMin: 4, levelMax: 12, periodHours: 72 };
    case 'seismic':
      return { model: 'seismic', siteFactor: 1 };
    case 'wellhead':
      return { model: 'wellhead', baseMPa: 1 };
    case 'tiltmeter':
    case 'fire_camera':
      return null;
  }
}

/** Metrics in catalogue order (the devices file lists them so, whatever order the database returns). */
const inCatalogueOrder = (metrics: Metric[]): Metric[] =>
  [...metrics].sort((a, b) => METRICS.indexOf(a) - METRICS.indexOf(b));

/** Metrics the simulator makes up readings for under each profile. */
const SIMULATED: Record<DeviceProfile['model'], readonly Metric[]> = {
  rain: ['rainfall'],
  weather: ['air_temperature', 'relative_humidity', 'wind_speed', 'wind_direction', 'rainfall'],
  stage: ['water_level'],
  creep: ['displacement', 'crack_width'],
  soil: ['soil_moisture'],
  gas: ['combustible_gas', 'toxic_gas'],
  tank: ['tank_level', 'tank_temperature', 'tank_pressure'],
  seismic: ['pga', 'pgv'],
  wellhead: ['wellhead_pressure'],
};

export function createDemoMonitoringService(deps: ServiceDeps, m: { directory: DeviceDirectory }) {
  const { db, clock, config, log } = deps;
  const county = config.regionCode;

  async function departmentIds(): Promise<Map<DemoStationOwner, string | null>> {
    const ids = new Map<DemoStationOwner, string | null>();
    for (const name of DEMO_STATION_OWNERS) {
      const { items } = await findOrgUnits(
        db,
        { level: 'county', regionCode: county, orgUnitId: null },
        { page: 1, pageSize: 5, q: name },
      );
      ids.set(name, items.find((u) => u.name === name)?.id ?? null);
    }
    return ids;
  }

  async function loadFleet(): Promise<{ fleet: DemoFleet; orgUnitOf: Map<string, string | null> }> {
    const countyRow = await getRegion(db, county);
    const townships = await listRegionsWithin(db, county, 'township');
    const rivers = await listMapFeatures(db, county, 'river');
    const rows = (await Promise.all(FLEET_REGISTRIES.map((r) => listLedgerRecords(db, r))))
      .flat()
      .filter((r) => r.isDemo);
    const records: FleetRecord[] = rows.map((r) => ({
      id: r.id,
      registry: r.registry,
      name: r.name,
      regionCode: r.regionCode,
      lon: r.lon ?? 0,
      lat: r.lat ?? 0,
      enterpriseId: r.enterpriseId,
      attrs: r.attrs as Record<string, unknown>,
    }));
    const firmIds = [...new Set(records.flatMap((r) => (r.enterpriseId ? [r.enterpriseId] : [])))];
    const enterprises = [];
    for (const id of firmIds) {
      const e = await getEnterpriseById(db, id);
      if (e?.isDemo) enterprises.push({ id: e.id, name: e.name, industry: e.industry });
    }
    const fleet = generateDemoFleet({
      countySeat: [countyRow?.lon ?? 0, countyRow?.lat ?? 0],
      townships: townships.map((t) => ({ code: t.code, name: t.name, seat: [t.lon ?? 0, t.lat ?? 0] })),
      rivers: [...new Set(rivers.map((r) => r.name))],
      records: records.filter((r) => r.lon !== 0 || r.lat !== 0),
      enterprises,
    });
    return { fleet, orgUnitOf: new Map(rows.map((r) => [r.id, r.orgUnitId])) };
  }

  /** Township names by code, for the devices file. */
  async function townshipNames(): Promise<Map<string, string>> {
    return new Map((await listRegionsWithin(db, county, 'township')).map((t) => [t.code, t.name]));
  }

  function writeFile(devices: DemoDevice[]): void {
    writeDemoDevices(config.dataDir, {
      format: DEMO_DEVICES_FORMAT,
      note: DEMO_DEVICES_NOTE,
      county,
      writtenAt: clock().toISOString(),
      devices,
    });
  }

  return {
    /**
     * The demo fleet this installation's demo ledger gives (deterministic), with each station's alarm-rule
     * specs (`demoRuleSpecs(fleet)`); reads only.
     */
    async fleet(): Promise<DemoFleet> {
      return (await loadFleet()).fleet;
    },

    /**
     * Seeds the demo fleet once and writes the demo devices file.
     * @returns whether it seeded now, and how many stations
     */
    async seed(): Promise<{ seeded: boolean; stations: number }> {
      if (await getMeta(db, DEMO_MONITORING_META)) return { seeded: false, stations: 0 };
      const { fleet, orgUnitOf } = await loadFleet();
      const owners = await departmentIds();
      const shape = ((await getRegion(db, county))?.geometry as Polygon | MultiPolygon | null) ?? null;
      const actor = systemActor(county);
      const now = clock();
      const plans = fleet.stations.map((plan) => {
        const request = CreateStationRequest.parse({
          ...plan.request,
          ownerDepartmentId: plan.owner ? (owners.get(plan.owner) ?? null) : null,
        });
        // The generator places stations on ledger points and township seats; outside the county is a bug.
        if (shape && !booleanPointInPolygon(point([request.lon, request.lat]), shape))
          throw new Error(
            `demo fleet: ${request.code} (${request.lon}, ${request.lat}) lies outside the county`,
          );
        return { plan, request, secret: newSecret() };
      });
      const codes = await db.transaction(async (tx) => {
        const audits: AuditEntry[] = [];
        const devices: DemoDevice[] = [];
        for (const { plan, request, secret } of plans) {
          // A device id someone registered by hand is theirs: leave it alone.
          if (await getStationByCode(tx, request.code)) continue;
          const station = await insertStation(tx, {
            code: request.code,
            name: request.name,
            kind: request.kind,
            regionCode: request.regionCode,
            lon: request.lon,
            lat: request.lat,
            ledgerRecordId: request.ledgerRecordId,
            enterpriseId: request.enterpriseId,
            ownerDepartmentId: request.ownerDepartmentId,
            orgUnitId: request.ledgerRecordId ? (orgUnitOf.get(request.ledgerRecordId) ?? null) : null,
            note: request.note,
            enabled: request.enabled,
            secretHash: sha256Hex(secret),
            secretSetAt: now,
            createdAt: now,
            updatedAt: now,
          });
          await insertSensors(
            tx,
            request.sensors.map((s) => ({
              stationId: station.id,
              ...sensorSpecOf(s, request.kind),
              createdAt: now,
              updatedAt: now,
            })),
          );
          audits.push(
            auditEntryOf(actor, {
              action: 'station.create',
              entityType: 'station',
              entityId: station.id,
              regionCode: station.regionCode,
              details: {
                code: request.code,
                name: request.name,
                kind: request.kind,
                sensors: request.sensors.map((s) => s.metric),
                source: 'demo',
              },
            }),
          );
          devices.push({
            code: request.code,
            secret,
            name: request.name,
            kind: request.kind,
            township: plan.township,
            lon: request.lon,
            lat: request.lat,
            metrics: inCatalogueOrder(request.sensors.map((s) => s.metric)),
            profile: plan.profile,
          });
        }
        await appendAuditBatch(tx, audits, now);
        const seeded = devices.map((d) => d.code);
        await setMeta(tx, DEMO_MONITORING_META, { at: now.toISOString(), codes: seeded });
        // Written before COMMIT: if the commit fails, the next start seeds again and overwrites it.
        writeFile(devices.sort((a, b) => (a.code < b.code ? -1 : 1)));
        return seeded;
      });
      m.directory.invalidate();
      log.info({ stations: codes.length, file: config.dataDir }, 'demo monitoring fleet seeded');
      return { seeded: true, stations: codes.length };
    },

    /**
     * Makes the demo devices file match the database: every enabled demo station with its enabled
     * sensors, and a secret that logs in; re-issues (audited) the secrets it does not hold.
     * @returns how many devices the file lists and how many secrets were re-issued
     */
    async ensureDevicesFile(): Promise<{ devices: number; reissued: number; written: boolean }> {
      const marker = await getMeta<{ codes: string[] }>(db, DEMO_MONITORING_META);
      if (!marker) return { devices: 0, reissued: 0, written: false };
      let file: ReturnType<typeof readDemoDevices> = null;
      try {
        file = readDemoDevices(config.dataDir);
      } catch (err) {
        if (!(err instanceof SimulatorFileError)) throw err;
        log.warn({ err: err.message }, 'demo devices file unreadable; writing it again');
      }
      const seeded = new Set(marker.codes);
      const stations = (await listAllStations(db)).filter((s) => seeded.has(s.code) && s.enabled);
      const sensors = await findSensorsOfStations(
        db,
        stations.map((s) => s.id),
      );
      const names = await townshipNames();
      let plans: DemoFleet | null = null;
      const devices: DemoDevice[] = [];
      const reissue: { id: string; code: string; regionCode: string; secret: string }[] = [];
      for (const s of stations.sort((a, b) => (a.code < b.code ? -1 : 1))) {
        const own = sensors.filter((x) => x.stationId === s.id && x.enabled);
        const known = file?.devices.find((d) => d.code === s.code);
        let profile = known?.profile ?? null;
        if (!profile) {
          plans ??= (await loadFleet()).fleet;
          const plan = plans.stations.find((p) => p.request.code === s.code && p.request.kind === s.kind);
          profile = plan?.profile ?? defaultProfileOf(s.kind as StationKind, own);
        }
        if (!profile) continue;
        const metrics = inCatalogueOrder(
          own.map((x) => x.metric as Metric).filter((x) => SIMULATED[profile.model].includes(x)),
        );
        if (metrics.length === 0) continue;
        let secret = known?.secret ?? '';
        if (!known || sha256Hex(known.secret) !== s.secretHash) {
          secret = newSecret();
          reissue.push({ id: s.id, code: s.code, regionCode: s.regionCode, secret });
        }
        devices.push({
          code: s.code,
          secret,
          name: s.name,
          kind: s.kind as StationKind,
          township: names.get(s.regionCode.slice(0, 9)) ?? '',
          lon: s.lon,
          lat: s.lat,
          metrics,
          profile,
        });
      }
      const unchanged =
        file !== null && reissue.length === 0 && JSON.stringify(file.devices) === JSON.stringify(devices);
      if (unchanged) return { devices: devices.length, reissued: 0, written: false };
      const now = clock();
      const actor = systemActor(county);
      await db.transaction(async (tx) => {
        for (const r of reissue)
          await updateStation(tx, r.id, {
            secretHash: sha256Hex(r.secret),
            secretSetAt: now,
            updatedAt: now,
          });
        await appendAuditBatch(
          tx,
          reissue.map((r) =>
            auditEntryOf(actor, {
              action: 'station.rotate_secret',
              entityType: 'station',
              entityId: r.id,
              regionCode: r.regionCode,
              details: { code: r.code, source: 'demo', reason: 'demo devices file' },
            }),
          ),
          now,
        );
        writeFile(devices);
      });
      if (reissue.length > 0) m.directory.invalidate();
      return { devices: devices.length, reissued: reissue.length, written: true };
    },
  };
}

export type DemoMonitoringService = ReturnType<typeof createDemoMonitoringService>;
