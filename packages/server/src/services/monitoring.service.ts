/**
 * The device registry (issue #4 part 1) and what is read from the ingest (parts 2–3): stations and
 * their sensors, device secrets and integration tokens, device health, the quarantine, and time series.
 * Authorised by permission and jurisdiction like the ledger: a station belongs to its township/village,
 * to the monitored enterprise's org unit, and is seen by its owner department. Every change is audited
 * in its transaction; after commit the ingest's device directory is invalidated.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import {
  AppError,
  CreateConnectorRequest,
  CreateIngestTokenRequest,
  CsvDropSettings,
  HttpPullSettings,
  UpdateConnectorRequest,
  CreateStationRequest,
  deviceStatus,
  isInScope,
  parseZonedTimestamp,
  pickTier,
  sensorProblems,
  sensorSpecOf,
  SensorInput,
  UpdateSensorRequest,
  UpdateStationRequest,
  type Actor,
  type ConnectorMapping,
  type ConnectorRunResult,
  type ConnectorView,
  type ErrorDetail,
  type IngestTokenView,
  type IngestTokenWithSecret,
  type ListQuery,
  type Metric,
  type Page,
  type QuarantineReason,
  type QuarantineSummaryItem,
  type QuarantineView,
  type SensorView,
  type SeriesQuery,
  type SeriesView,
  type StationKind,
  type StationView,
  type StationWithSecret,
} from '@ningan/domain';
import { booleanPointInPolygon, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import type { DbOrTx } from '../db/client.ts';
import type { DeviceDirectory } from '../ingest/directory.ts';
import { dropDirOf, type ConnectorRunner } from '../ingest/connectors.ts';
import { INGEST_TOKEN_PREFIX, type IngestService } from '../ingest/ingest.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { getEnterpriseById, scopedEnterprise } from '../repositories/enterprises.repository.ts';
import { getLedgerRecordById, scopedRecord } from '../repositories/ledger.repository.ts';
import {
  countQuarantineByStation,
  deleteConnector,
  deleteSensor,
  deleteStation,
  findHealth,
  findLinkedNames,
  findQuarantine,
  findSensorsOfStations,
  findStations,
  getConnectorById,
  getIngestTokenById,
  getSensorById,
  getStationByCode,
  getStationById,
  hasReadings,
  insertConnector,
  insertIngestToken,
  insertSensors,
  insertStation,
  latestReadings,
  listConnectors,
  listIngestTokens,
  revokeIngestToken,
  scopedStation,
  summarizeQuarantine,
  updateConnector,
  updateSensor,
  updateStation,
  type ConnectorRow,
  type IngestTokenRow,
  type NewSensorRow,
  type SensorRow,
  type StationFilter,
  type StationRow,
} from '../repositories/monitoring.repository.ts';
import { getOrgUnitById } from '../repositories/org-units.repository.ts';
import { findSeries } from '../repositories/readings.repository.ts';
import { getRegion } from '../repositories/regions.repository.ts';
import {
  audit,
  diff,
  ensureVisible,
  rejectIfAny,
  requirePermission,
  zodProblems,
  type ServiceDeps,
} from './context.ts';

const DEPARTMENT_KINDS = ['department', 'bureau_office', 'bureau'];

/** A device secret: 24 random bytes, base64url (32 characters). */
const newSecret = () => randomBytes(24).toString('base64url');

function toSensorView(r: SensorRow, latest: { at: Date; value: number } | undefined): SensorView {
  return {
    id: r.id,
    stationId: r.stationId,
    metric: r.metric as Metric,
    label: r.label,
    unit: r.unit,
    validMin: r.validMin,
    validMax: r.validMax,
    samplingSeconds: r.samplingSeconds,
    warningStage: r.warningStage,
    guaranteedStage: r.guaranteedStage,
    enabled: r.enabled,
    latest: latest ? { at: latest.at.toISOString(), value: latest.value } : null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

function toTokenView(r: IngestTokenRow): IngestTokenView {
  return {
    id: r.id,
    name: r.name,
    regionCode: r.regionCode,
    orgUnitId: r.orgUnitId,
    createdAt: r.createdAt.toISOString(),
    revokedAt: r.revokedAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
  };
}

export interface MonitoringDeps {
  directory: DeviceDirectory;
  ingest: IngestService;
  connectors: ConnectorRunner;
}

/** Header values may hold a department system's API key: lists show only that one is set. */
const MASK = '***';

/**
 * The form sends back the masked header values it was shown: a header whose value is exactly the mask
 * keeps its stored value, so re-saving a connector does not overwrite its API key with `***`. A masked
 * value for a header that has no stored value (renamed or new) is a problem: the value must be typed.
 */
function keepMaskedHeaders(next: Record<string, unknown>, stored: unknown): Record<string, unknown> {
  if (!next.headers || typeof next.headers !== 'object') return next;
  const storedHeaders = ((stored as { headers?: unknown } | null)?.headers ?? {}) as Record<string, unknown>;
  const problems: ErrorDetail[] = [];
  const headers = Object.fromEntries(
    Object.entries(next.headers as Record<string, string>).map(([name, value]) => {
      if (value !== MASK) return [name, value];
      const kept = storedHeaders[name];
      if (typeof kept === 'string') return [name, kept];
      problems.push({ path: `settings.headers.${name}`, message: '请填写该请求头的值' });
      return [name, value];
    }),
  );
  rejectIfAny(problems);
  return { ...next, headers };
}

function toConnectorView(r: ConnectorRow, dropDir: string | null): ConnectorView {
  const settings = { ...(r.settings as Record<string, unknown>) };
  if (settings.headers && typeof settings.headers === 'object')
    settings.headers = Object.fromEntries(Object.keys(settings.headers).map((k) => [k, MASK]));
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    regionCode: r.regionCode,
    orgUnitId: r.orgUnitId,
    enabled: r.enabled,
    mapping: r.mapping as ConnectorMapping,
    settings,
    dropDir,
    lastRun: (r.lastRun as ConnectorRunResult | null) ?? null,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function createMonitoringService(deps: ServiceDeps, m: MonitoringDeps) {
  const { db, clock, config } = deps;
  const retention = config.monitoring.retention;
  let countyShape: Polygon | MultiPolygon | null | undefined;

  async function countyGeometry(tx: DbOrTx): Promise<Polygon | MultiPolygon | null> {
    if (countyShape === undefined)
      countyShape =
        ((await getRegion(tx, config.regionCode))?.geometry as Polygon | MultiPolygon | null) ?? null;
    return countyShape;
  }

  /** Views of stations with their sensors, latest readings, health and quarantine counts. */
  async function stationViews(rows: StationRow[]): Promise<StationView[]> {
    const ids = rows.map((r) => r.id);
    const present = (values: (string | null)[]) => [...new Set(values.filter((v) => v !== null))];
    const [sensorRows, health, quarantined, linked] = await Promise.all([
      findSensorsOfStations(db, ids),
      findHealth(db, ids),
      countQuarantineByStation(db, ids),
      findLinkedNames(
        db,
        present(rows.map((r) => r.ledgerRecordId)),
        present(rows.map((r) => r.enterpriseId)),
      ),
    ]);
    const latest = await latestReadings(
      db,
      sensorRows.map((s) => s.seriesId),
    );
    const now = clock();
    return rows.map((r) => {
      const sensors = sensorRows.filter((s) => s.stationId === r.id);
      const stored = health.find((h) => h.stationId === r.id);
      const record = r.ledgerRecordId ? linked.records.get(r.ledgerRecordId) : undefined;
      const live = m.ingest.liveHealth(r.id);
      const storedAt = stored?.lastSeenAt.getTime() ?? 0;
      const lastSeen = Math.max(storedAt, live?.lastSeenAt ?? 0);
      const status = deviceStatus({
        enabled: r.enabled,
        lastSeenAt: lastSeen ? new Date(lastSeen) : null,
        samplingSeconds: sensors.filter((s) => s.enabled).map((s) => s.samplingSeconds),
        now,
        intervals: config.monitoring.health.offlineIntervals,
        minSeconds: config.monitoring.health.offlineMinSeconds,
      });
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        kind: r.kind as StationKind,
        regionCode: r.regionCode,
        lon: r.lon,
        lat: r.lat,
        ledgerRecordId: r.ledgerRecordId,
        ledgerRegistry: record?.registry ?? null,
        ledgerRecordName: record?.name ?? null,
        enterpriseId: r.enterpriseId,
        enterpriseName: r.enterpriseId ? (linked.enterprises.get(r.enterpriseId) ?? null) : null,
        ownerDepartmentId: r.ownerDepartmentId,
        orgUnitId: r.orgUnitId,
        note: r.note,
        enabled: r.enabled,
        sensors: sensors.map((s) => toSensorView(s, latest.get(s.seriesId))),
        health: {
          status: status.status,
          lastSeenAt: lastSeen ? new Date(lastSeen).toISOString() : null,
          battery: live?.battery ?? stored?.battery ?? null,
          signal: live?.signal ?? stored?.signal ?? null,
          offlineAfterSeconds: status.offlineAfterSeconds,
        },
        quarantined: quarantined.get(r.id) ?? 0,
        secretSetAt: r.secretSetAt.toISOString(),
        createdAt: r.createdAt.toISOString(),
        updatedAt: r.updatedAt.toISOString(),
      };
    });
  }

  async function stationView(row: StationRow): Promise<StationView> {
    return (await stationViews([row]))[0]!;
  }

  async function loadVisible(actor: Actor, id: string): Promise<StationRow> {
    const row = await getStationById(db, id);
    return ensureVisible(actor, row && scopedStation(row), '监测站点');
  }

  interface Placement {
    code?: string;
    regionCode: string;
    lon: number;
    lat: number;
    ledgerRecordId: string | null;
    enterpriseId: string | null;
    ownerDepartmentId: string | null;
  }

  /**
   * Every problem of a station's place and links; returns the org unit it belongs to (the monitored
   * enterprise's or ledger record's). `self` is the station being changed.
   */
  async function checkPlacement(
    tx: DbOrTx,
    actor: Actor,
    s: Placement,
    self: StationRow | null,
  ): Promise<{ problems: ErrorDetail[]; orgUnitId: string | null }> {
    const problems: ErrorDetail[] = [];
    if (!s.regionCode.startsWith(config.regionCode) || !(await getRegion(tx, s.regionCode)))
      problems.push({ path: 'regionCode', message: `区划 ${s.regionCode} 不是本县的乡镇或村(社区)` });
    const shape = await countyGeometry(tx);
    if (shape && !booleanPointInPolygon(point([s.lon, s.lat]), shape))
      problems.push({ path: 'lon', message: `位置 (${s.lon}, ${s.lat}) 不在本县范围内` });
    let orgUnitId: string | null = null;
    if (s.ledgerRecordId) {
      const record = await getLedgerRecordById(tx, s.ledgerRecordId);
      if (!record || !isInScope(actor.scope, scopedRecord(record)))
        problems.push({ path: 'ledgerRecordId', message: '监测对象（台账记录）不存在或不在管辖范围内' });
      else orgUnitId = record.orgUnitId;
    }
    if (s.enterpriseId) {
      const e = await getEnterpriseById(tx, s.enterpriseId);
      if (!e || !isInScope(actor.scope, scopedEnterprise(e)))
        problems.push({ path: 'enterpriseId', message: '监测企业不存在或不在管辖范围内' });
      else orgUnitId = e.orgUnitId;
    }
    if (s.ownerDepartmentId) {
      const unit = await getOrgUnitById(tx, s.ownerDepartmentId);
      if (!unit || !DEPARTMENT_KINDS.includes(unit.kind))
        problems.push({ path: 'ownerDepartmentId', message: '管理部门不存在' });
    }
    if (s.code !== undefined) {
      const same = await getStationByCode(tx, s.code);
      if (same && same.id !== self?.id) problems.push({ path: 'code', message: `设备编号 ${s.code} 已登记` });
    }
    if (actor.scope.level === 'enterprise' && orgUnitId !== actor.scope.orgUnitId)
      problems.push({ path: 'enterpriseId', message: '企业用户只能登记本企业的监测设备' });
    if (!isInScope(actor.scope, { regionCode: s.regionCode, orgUnitId, supervisorId: s.ownerDepartmentId }))
      problems.push({ path: 'regionCode', message: '超出本人管辖范围' });
    return { problems, orgUnitId };
  }

  function sensorRowOf(stationId: string, kind: StationKind, input: SensorInput, now: Date): NewSensorRow {
    const spec = sensorSpecOf(input, kind);
    return { stationId, ...spec, createdAt: now, updatedAt: now };
  }

  /** The sensor and its station, if the actor may see them. */
  async function loadSensor(actor: Actor, id: string): Promise<{ sensor: SensorRow; station: StationRow }> {
    const sensor = await getSensorById(db, id);
    const station = sensor ? await getStationById(db, sensor.stationId) : null;
    if (!sensor || !station || !isInScope(actor.scope, scopedStation(station)))
      throw new AppError('not_found', '传感器不存在或无权访问');
    return { sensor, station };
  }

  /** Problems of a region/unit scope given to a token or connector by `actor`. */
  async function scopeProblems(
    tx: DbOrTx,
    actor: Actor,
    regionCode: string,
    orgUnitId: string | null,
  ): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    if (!regionCode.startsWith(config.regionCode) || !(await getRegion(tx, regionCode)))
      problems.push({ path: 'regionCode', message: `区划 ${regionCode} 不是本县的区划` });
    if (orgUnitId && !(await getOrgUnitById(tx, orgUnitId)))
      problems.push({ path: 'orgUnitId', message: '单位不存在' });
    if (!isInScope(actor.scope, { regionCode, orgUnitId, supervisorId: orgUnitId }))
      problems.push({ path: 'regionCode', message: '超出本人管辖范围' });
    return problems;
  }

  const defaultOrgUnit = (actor: Actor) =>
    actor.scope.level === 'department' || actor.scope.level === 'enterprise' ? actor.scope.orgUnitId : null;

  async function loadConnector(actor: Actor, id: string): Promise<ConnectorRow> {
    const row = await getConnectorById(db, id);
    if (!row || !isInScope(actor.scope, { regionCode: row.regionCode, orgUnitId: row.orgUnitId }))
      throw new AppError('not_found', '接入连接器不存在或无权访问');
    return row;
  }

  const connectorView = (r: ConnectorRow) =>
    toConnectorView(r, r.kind === 'csv_drop' ? dropDirOf(config, r.id) : null);

  return {
    async listStations(actor: Actor, q: ListQuery & StationFilter): Promise<Page<StationView>> {
      requirePermission(actor, 'monitoring:read');
      const { items, total } = await findStations(db, actor.scope, q);
      return { items: await stationViews(items), total, page: q.page, pageSize: q.pageSize };
    },

    async getStation(actor: Actor, id: string): Promise<StationView> {
      requirePermission(actor, 'monitoring:read');
      return stationView(await loadVisible(actor, id));
    },

    /**
     * Registers a station with its sensors and a new device secret, shown this once.
     * @throws forbidden | validation_failed
     */
    async createStation(actor: Actor, raw: unknown): Promise<StationWithSecret> {
      requirePermission(actor, 'monitoring:write');
      const parsed = CreateStationRequest.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const input = parsed.data!;
      const now = clock();
      const secret = newSecret();
      const row = await db.transaction(async (tx) => {
        const { problems, orgUnitId } = await checkPlacement(tx, actor, input, null);
        rejectIfAny(problems);
        const station = await insertStation(tx, {
          code: input.code,
          name: input.name,
          kind: input.kind,
          regionCode: input.regionCode,
          lon: input.lon,
          lat: input.lat,
          ledgerRecordId: input.ledgerRecordId,
          enterpriseId: input.enterpriseId,
          ownerDepartmentId: input.ownerDepartmentId,
          orgUnitId,
          note: input.note,
          enabled: input.enabled,
          secretHash: sha256Hex(secret),
          secretSetAt: now,
          createdAt: now,
          updatedAt: now,
        });
        await insertSensors(
          tx,
          input.sensors.map((s) => sensorRowOf(station.id, input.kind, s, now)),
        );
        await audit(
          tx,
          actor,
          {
            action: 'station.create',
            entityType: 'station',
            entityId: station.id,
            regionCode: station.regionCode,
            details: { ...input, sensors: input.sensors.map((s) => s.metric) },
          },
          now,
        );
        return station;
      });
      m.directory.invalidate();
      return { station: await stationView(row), secret };
    },

    /** @throws forbidden | not_found | validation_failed */
    async updateStation(actor: Actor, id: string, raw: unknown): Promise<StationView> {
      requirePermission(actor, 'monitoring:write');
      const parsed = UpdateStationRequest.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const patch = parsed.data!;
      const before = await loadVisible(actor, id);
      const merged = {
        regionCode: patch.regionCode ?? before.regionCode,
        lon: patch.lon ?? before.lon,
        lat: patch.lat ?? before.lat,
        ledgerRecordId: patch.ledgerRecordId === undefined ? before.ledgerRecordId : patch.ledgerRecordId,
        enterpriseId: patch.enterpriseId === undefined ? before.enterpriseId : patch.enterpriseId,
        ownerDepartmentId:
          patch.ownerDepartmentId === undefined ? before.ownerDepartmentId : patch.ownerDepartmentId,
      };
      const problems: ErrorDetail[] = [];
      if (merged.ledgerRecordId && merged.enterpriseId)
        problems.push({ path: 'enterpriseId', message: '监测对象只能是一个：台账记录或企业' });
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const placed = await checkPlacement(tx, actor, merged, before);
        rejectIfAny([...problems, ...placed.problems]);
        const changes = diff(before, { ...patch, orgUnitId: placed.orgUnitId });
        const updated = await updateStation(tx, id, {
          ...patch,
          orgUnitId: placed.orgUnitId,
          updatedAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'station.update',
            entityType: 'station',
            entityId: id,
            regionCode: updated.regionCode,
            details: { code: before.code, changes },
          },
          now,
        );
        return updated;
      });
      m.directory.invalidate();
      return stationView(row);
    },

    /**
     * Deletes a station that has no stored readings (one with data is disabled instead, keeping them).
     * @throws forbidden | not_found | conflict
     */
    async deleteStation(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'monitoring:write');
      const before = await loadVisible(actor, id);
      const now = clock();
      await db.transaction(async (tx) => {
        const sensorRows = await findSensorsOfStations(tx, [id]);
        if (
          await hasReadings(
            tx,
            sensorRows.map((s) => s.seriesId),
          )
        )
          throw new AppError('conflict', '该站点已有监测数据，不能删除；请改为停用');
        await deleteStation(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'station.delete',
            entityType: 'station',
            entityId: id,
            regionCode: before.regionCode,
            details: { code: before.code, name: before.name, sensors: sensorRows.map((s) => s.metric) },
          },
          now,
        );
      });
      m.directory.invalidate();
    },

    /** A new device secret, shown this once; the old one stops working. @throws forbidden | not_found */
    async rotateSecret(actor: Actor, id: string): Promise<StationWithSecret> {
      requirePermission(actor, 'monitoring:write');
      const before = await loadVisible(actor, id);
      const now = clock();
      const secret = newSecret();
      const row = await db.transaction(async (tx) => {
        const updated = await updateStation(tx, id, {
          secretHash: sha256Hex(secret),
          secretSetAt: now,
          updatedAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'station.rotate_secret',
            entityType: 'station',
            entityId: id,
            regionCode: before.regionCode,
            details: { code: before.code },
          },
          now,
        );
        return updated;
      });
      m.directory.invalidate();
      return { station: await stationView(row), secret };
    },

    /** @throws forbidden | not_found | validation_failed */
    async addSensor(actor: Actor, stationId: string, raw: unknown): Promise<SensorView> {
      requirePermission(actor, 'monitoring:write');
      const parsed = SensorInput.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const input = parsed.data!;
      const station = await loadVisible(actor, stationId);
      const kind = station.kind as StationKind;
      rejectIfAny(sensorProblems(sensorSpecOf(input, kind)));
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const existing = await findSensorsOfStations(tx, [stationId]);
        if (existing.some((s) => s.metric === input.metric))
          rejectIfAny([{ path: 'metric', message: '该站点已有此监测项的传感器' }]);
        const [inserted] = await insertSensors(tx, [sensorRowOf(stationId, kind, input, now)]);
        await audit(
          tx,
          actor,
          {
            action: 'sensor.create',
            entityType: 'sensor',
            entityId: inserted!.id,
            regionCode: station.regionCode,
            details: { station: station.code, ...sensorSpecOf(input, kind) },
          },
          now,
        );
        return inserted!;
      });
      m.directory.invalidate();
      return toSensorView(row, undefined);
    },

    /** @throws forbidden | not_found | validation_failed */
    async updateSensor(actor: Actor, id: string, raw: unknown): Promise<SensorView> {
      requirePermission(actor, 'monitoring:write');
      const parsed = UpdateSensorRequest.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const patch = parsed.data!;
      const { sensor, station } = await loadSensor(actor, id);
      const merged = {
        metric: sensor.metric as Metric,
        validMin: patch.validMin ?? sensor.validMin,
        validMax: patch.validMax ?? sensor.validMax,
        warningStage: patch.warningStage === undefined ? sensor.warningStage : patch.warningStage,
        guaranteedStage: patch.guaranteedStage === undefined ? sensor.guaranteedStage : patch.guaranteedStage,
      };
      rejectIfAny(sensorProblems(merged));
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const changes = diff(sensor, patch);
        const updated = await updateSensor(tx, id, { ...patch, updatedAt: now });
        await audit(
          tx,
          actor,
          {
            action: 'sensor.update',
            entityType: 'sensor',
            entityId: id,
            regionCode: station.regionCode,
            details: { station: station.code, metric: sensor.metric, changes },
          },
          now,
        );
        return updated;
      });
      m.directory.invalidate();
      const latest = await latestReadings(db, [row.seriesId]);
      return toSensorView(row, latest.get(row.seriesId));
    },

    /** Deletes a sensor without stored readings (one with data is disabled instead). @throws forbidden | not_found | conflict */
    async deleteSensor(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'monitoring:write');
      const { sensor, station } = await loadSensor(actor, id);
      const now = clock();
      await db.transaction(async (tx) => {
        if (await hasReadings(tx, [sensor.seriesId]))
          throw new AppError('conflict', '该传感器已有监测数据，不能删除；请改为停用');
        await deleteSensor(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'sensor.delete',
            entityType: 'sensor',
            entityId: id,
            regionCode: station.regionCode,
            details: { station: station.code, metric: sensor.metric },
          },
          now,
        );
      });
      m.directory.invalidate();
    },

    /**
     * Points of one sensor over [from, to) from the tier the range calls for (or the one asked for).
     * @throws forbidden | not_found
     */
    async series(actor: Actor, sensorId: string, q: SeriesQuery): Promise<SeriesView> {
      requirePermission(actor, 'monitoring:read');
      const { sensor } = await loadSensor(actor, sensorId);
      const from = parseZonedTimestamp(q.from);
      const to = parseZonedTimestamp(q.to);
      if (!from.ok || !to.ok) throw new AppError('validation_failed', '时间格式有误');
      const tier =
        q.tier === 'auto'
          ? pickTier({
              from: from.at,
              to: to.at,
              now: clock().getTime(),
              samplingSeconds: sensor.samplingSeconds,
              maxPoints: q.maxPoints,
              retention: {
                rawDays: retention.rawDays,
                minuteDays: retention.minuteDays,
                hourDays: retention.hourDays,
              },
            })
          : q.tier;
      const fromDate = new Date(from.at);
      const toDate = new Date(to.at);
      const points = await findSeries(
        db,
        tier,
        sensor.seriesId,
        fromDate,
        toDate,
        q.tier === 'auto' ? q.maxPoints * 2 : 20_000,
      );
      return {
        sensorId: sensor.id,
        metric: sensor.metric,
        unit: sensor.unit,
        tier,
        from: fromDate.toISOString(),
        to: toDate.toISOString(),
        points,
      };
    },

    async listQuarantine(
      actor: Actor,
      q: Pick<ListQuery, 'page' | 'pageSize'> & {
        stationId?: string;
        reason?: QuarantineReason;
        since?: string;
      },
    ): Promise<Page<QuarantineView>> {
      requirePermission(actor, 'monitoring:read');
      const since = q.since ? parseZonedTimestamp(q.since) : null;
      const { items, total } = await findQuarantine(db, actor.scope, {
        ...q,
        since: since?.ok ? new Date(since.at) : undefined,
      });
      return { items, total, page: q.page, pageSize: q.pageSize };
    },

    /** Quarantined payloads counted per device and reason. */
    async quarantineSummary(actor: Actor, q: { since?: string }): Promise<QuarantineSummaryItem[]> {
      requirePermission(actor, 'monitoring:read');
      const since = q.since ? parseZonedTimestamp(q.since) : null;
      return summarizeQuarantine(db, actor.scope, since?.ok ? new Date(since.at) : undefined);
    },

    async listTokens(actor: Actor): Promise<IngestTokenView[]> {
      requirePermission(actor, 'monitoring:write');
      return (await listIngestTokens(db, actor.scope)).map(toTokenView);
    },

    /**
     * An integration token for the stations in a region (and of a unit), shown this once.
     * @throws forbidden | validation_failed
     */
    async createToken(actor: Actor, raw: unknown): Promise<IngestTokenWithSecret> {
      requirePermission(actor, 'monitoring:write');
      const parsed = CreateIngestTokenRequest.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const input = parsed.data!;
      const regionCode = input.regionCode ?? actor.scope.regionCode;
      const orgUnitId =
        input.orgUnitId ??
        (actor.scope.level === 'department' || actor.scope.level === 'enterprise'
          ? actor.scope.orgUnitId
          : null);
      const now = clock();
      const secret = `${INGEST_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      const row = await db.transaction(async (tx) => {
        rejectIfAny(await scopeProblems(tx, actor, regionCode, orgUnitId));
        const token = await insertIngestToken(tx, {
          name: input.name,
          secretHash: sha256Hex(secret),
          regionCode,
          orgUnitId,
          createdById: actor.via === 'system' || actor.via === 'cli' ? null : actor.userId,
          createdAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'ingest_token.create',
            entityType: 'ingest_token',
            entityId: token.id,
            regionCode,
            details: { name: input.name, regionCode, orgUnitId },
          },
          now,
        );
        return token;
      });
      m.directory.invalidate();
      return { token: toTokenView(row), secret };
    },

    /** @throws forbidden | not_found */
    async revokeToken(actor: Actor, id: string): Promise<IngestTokenView> {
      requirePermission(actor, 'monitoring:write');
      const before = await getIngestTokenById(db, id);
      if (!before || !isInScope(actor.scope, { regionCode: before.regionCode, orgUnitId: before.orgUnitId }))
        throw new AppError('not_found', '接入令牌不存在或无权访问');
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const revoked = before.revokedAt ? before : await revokeIngestToken(tx, id, now);
        if (!before.revokedAt)
          await audit(
            tx,
            actor,
            {
              action: 'ingest_token.revoke',
              entityType: 'ingest_token',
              entityId: id,
              regionCode: before.regionCode,
              details: { name: before.name },
            },
            now,
          );
        return revoked;
      });
      m.directory.invalidate();
      return toTokenView(row);
    },

    /** The runner behind the schedule and `runConnector` (the ingest runtime schedules it). */
    connectors: m.connectors,

    async listConnectors(actor: Actor): Promise<ConnectorView[]> {
      requirePermission(actor, 'monitoring:write');
      return (await listConnectors(db, actor.scope)).map(connectorView);
    },

    /**
     * A connector (HTTP pull or CSV drop) feeding the stations in a region (and of a unit) through a
     * field mapping. @throws forbidden | validation_failed
     */
    async createConnector(actor: Actor, raw: unknown): Promise<ConnectorView> {
      requirePermission(actor, 'monitoring:write');
      const parsed = CreateConnectorRequest.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const input = parsed.data!;
      const regionCode = input.regionCode ?? actor.scope.regionCode;
      const orgUnitId = input.orgUnitId ?? defaultOrgUnit(actor);
      const now = clock();
      const row = await db.transaction(async (tx) => {
        rejectIfAny(await scopeProblems(tx, actor, regionCode, orgUnitId));
        const created = await insertConnector(tx, {
          name: input.name,
          kind: input.kind,
          regionCode,
          orgUnitId,
          enabled: input.enabled,
          settings: input.settings,
          mapping: input.mapping,
          createdById: actor.via === 'system' || actor.via === 'cli' ? null : actor.userId,
          createdAt: now,
          updatedAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'connector.create',
            entityType: 'ingest_connector',
            entityId: created.id,
            regionCode,
            details: {
              name: input.name,
              kind: input.kind,
              mapping: input.mapping,
              settings: toConnectorView(created, null).settings,
            },
          },
          now,
        );
        return created;
      });
      if (row.kind === 'csv_drop') fs.mkdirSync(dropDirOf(config, row.id), { recursive: true });
      return connectorView(row);
    },

    /** @throws forbidden | not_found | validation_failed */
    async updateConnector(actor: Actor, id: string, raw: unknown): Promise<ConnectorView> {
      requirePermission(actor, 'monitoring:write');
      const parsed = UpdateConnectorRequest.safeParse(raw);
      if (!parsed.success) rejectIfAny(zodProblems(parsed.error));
      const patch = parsed.data!;
      const before = await loadConnector(actor, id);
      let settings: Record<string, unknown> | undefined;
      if (patch.settings) {
        const checked = (before.kind === 'http_pull' ? HttpPullSettings : CsvDropSettings).safeParse(
          patch.settings,
        );
        if (!checked.success) rejectIfAny(zodProblems(checked.error, 'settings.'));
        settings = keepMaskedHeaders(checked.data!, before.settings);
      }
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const next = { ...patch, ...(settings ? { settings } : {}) };
        const changes = diff(before as unknown as Record<string, unknown>, next);
        if (changes.settings) changes.settings = [toConnectorView(before, null).settings, MASK];
        const updated = await updateConnector(tx, id, { ...next, updatedAt: now });
        await audit(
          tx,
          actor,
          {
            action: 'connector.update',
            entityType: 'ingest_connector',
            entityId: id,
            regionCode: before.regionCode,
            details: { name: before.name, changes },
          },
          now,
        );
        return updated;
      });
      return connectorView(row);
    },

    /** @throws forbidden | not_found */
    async deleteConnector(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'monitoring:write');
      const before = await loadConnector(actor, id);
      const now = clock();
      await db.transaction(async (tx) => {
        await deleteConnector(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'connector.delete',
            entityType: 'ingest_connector',
            entityId: id,
            regionCode: before.regionCode,
            details: { name: before.name, kind: before.kind },
          },
          now,
        );
      });
    },

    /** Runs a connector now (as its schedule would) and answers its result. @throws forbidden | not_found */
    async runConnector(actor: Actor, id: string): Promise<ConnectorRunResult> {
      requirePermission(actor, 'monitoring:write');
      return m.connectors.run(await loadConnector(actor, id));
    },
  };
}

export type MonitoringService = ReturnType<typeof createMonitoringService>;
