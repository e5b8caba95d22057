/**
 * The device directory: every station with its sensors, and the active integration tokens, in memory,
 * so the ingest's hot path never queries the database per message. Registry writes call
 * `invalidate()` after they commit; the next lookup reloads the whole directory (one query per table;
 * writes are rare, lookups are tens of thousands a second). Lookups during a reload wait for it.
 */
import type { Metric } from '@ningan/domain';
import type { Db } from '../db/client.ts';
import {
  listActiveIngestTokens,
  listAllSensors,
  listAllStations,
  type IngestTokenRow,
} from '../repositories/monitoring.repository.ts';

export interface CachedSensor {
  id: string;
  seriesId: number;
  metric: Metric;
  unit: string;
  enabled: boolean;
  validMin: number;
  validMax: number;
  samplingSeconds: number;
}

export interface CachedStation {
  id: string;
  code: string;
  name: string;
  enabled: boolean;
  secretHash: string;
  regionCode: string;
  orgUnitId: string | null;
  ownerDepartmentId: string | null;
  /** By metric. */
  sensors: Map<string, CachedSensor>;
}

export interface CachedToken {
  id: string;
  name: string;
  regionCode: string;
  orgUnitId: string | null;
}

interface Snapshot {
  byCode: Map<string, CachedStation>;
  byId: Map<string, CachedStation>;
  tokens: Map<string, CachedToken>;
}

export class DeviceDirectory {
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  /** Bumped by every invalidation; a load that started before the last one is not kept. */
  private generation = 0;

  constructor(private readonly db: Db) {}

  /** Drops the cached directory (after a registry write has committed). */
  invalidate(): void {
    this.generation += 1;
    this.snapshot = null;
  }

  async stationByCode(code: string): Promise<CachedStation | null> {
    return (this.snapshot ?? (await this.load())).byCode.get(code) ?? null;
  }

  async stationById(id: string): Promise<CachedStation | null> {
    return (this.snapshot ?? (await this.load())).byId.get(id) ?? null;
  }

  /** The active integration token with this secret hash. */
  async tokenByHash(hash: string): Promise<CachedToken | null> {
    return (this.snapshot ?? (await this.load())).tokens.get(hash) ?? null;
  }

  private load(): Promise<Snapshot> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = this.read().then(
      (snapshot) => {
        this.loading = null;
        if (generation === this.generation) this.snapshot = snapshot;
        return snapshot;
      },
      (err: unknown) => {
        this.loading = null;
        throw err;
      },
    );
    this.loading = loading;
    return loading;
  }

  private async read(): Promise<Snapshot> {
    const [stationRows, sensorRows, tokenRows] = await Promise.all([
      listAllStations(this.db),
      listAllSensors(this.db),
      listActiveIngestTokens(this.db),
    ]);
    const byId = new Map<string, CachedStation>();
    const byCode = new Map<string, CachedStation>();
    for (const s of stationRows) {
      const station: CachedStation = {
        id: s.id,
        code: s.code,
        name: s.name,
        enabled: s.enabled,
        secretHash: s.secretHash,
        regionCode: s.regionCode,
        orgUnitId: s.orgUnitId,
        ownerDepartmentId: s.ownerDepartmentId,
        sensors: new Map(),
      };
      byId.set(s.id, station);
      byCode.set(s.code, station);
    }
    for (const r of sensorRows)
      byId.get(r.stationId)?.sensors.set(r.metric, {
        id: r.id,
        seriesId: r.seriesId,
        metric: r.metric as Metric,
        unit: r.unit,
        enabled: r.enabled,
        validMin: r.validMin,
        validMax: r.validMax,
        samplingSeconds: r.samplingSeconds,
      });
    const tokens = new Map<string, CachedToken>(
      tokenRows.map((t: IngestTokenRow) => [
        t.secretHash,
        { id: t.id, name: t.name, regionCode: t.regionCode, orgUnitId: t.orgUnitId },
      ]),
    );
    return { byCode, byId, tokens };
  }
}
