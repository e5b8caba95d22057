/**
 * Data for `ningan bench` (issue #3's targets): synthetic enterprises stored in bulk straight through the
 * repositories (org units and enterprises, bulk inserts as an import's, no audit rows: this is load for a
 * throwaway benchmark database, not a user's write), and the same records as an import sheet.
 */
import { randomUUID } from 'node:crypto';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { syntheticEnterprises, type SyntheticGeo } from '../db/seed/synthetic-enterprises.ts';
import { writeXlsx } from '../lib/xlsx.ts';
import { insertEnterprises, vacuumEnterprises } from '../repositories/enterprises.repository.ts';
import { insertOrgUnitRows } from '../repositories/org-units.repository.ts';
import { getRegion, listRegionsWithin, regionDisplayNames } from '../repositories/regions.repository.ts';
import { ENTERPRISE_COLUMNS } from './enterprise-sheet.ts';

export interface BenchDataDeps {
  db: Db;
  config: Config;
}

/** Which synthetic records: `start .. start + count - 1` (see db/seed/synthetic-enterprises.ts). */
export interface SyntheticRange {
  start: number;
  count: number;
  /** YYYY-MM-DD; anchors licence and insurance dates. */
  today: string;
}

async function syntheticGeo({ db, config }: BenchDataDeps): Promise<SyntheticGeo> {
  const county = await getRegion(db, config.regionCode);
  const names = await regionDisplayNames(db, config.regionCode);
  const villages = (await listRegionsWithin(db, config.regionCode, 'village')).filter(
    (v) => v.lon !== null && v.lat !== null,
  );
  return {
    county: (county?.geometry as Polygon | MultiPolygon | null) ?? null,
    villages: villages.map((v) => ({
      code: v.code,
      displayName: names.get(v.code) ?? v.name,
      point: [v.lon!, v.lat!],
    })),
  };
}

/**
 * Stores synthetic enterprises, each with its own org unit, `chunk` rows a statement, one transaction;
 * then refreshes statistics and the visibility map as a bulk import does. Needs the region pack loaded.
 */
export async function seedSyntheticEnterprises(
  deps: BenchDataDeps,
  range: SyntheticRange,
  chunk = 5000,
): Promise<void> {
  const requests = syntheticEnterprises(await syntheticGeo(deps), deps.config.regionCode, range);
  const now = new Date();
  await deps.db.transaction(async (tx) => {
    for (let i = 0; i < requests.length; i += chunk) {
      const part = requests.slice(i, i + chunk).map((e) => ({ e, orgUnitId: randomUUID() }));
      await insertOrgUnitRows(
        tx,
        part.map(({ e, orgUnitId }) => ({
          id: orgUnitId,
          name: e.name,
          kind: 'enterprise' as const,
          regionCode: e.regionCode,
          isDemo: true,
          createdAt: now,
          updatedAt: now,
        })),
      );
      await insertEnterprises(
        tx,
        part.map(({ e, orgUnitId }) => ({ ...e, orgUnitId, isDemo: true, createdAt: now, updatedAt: now })),
      );
    }
  });
  await vacuumEnterprises(deps.db);
}

/** The same synthetic records as an .xlsx sheet with the import/export columns (nothing stored). */
export async function syntheticEnterpriseSheet(deps: BenchDataDeps, range: SyntheticRange): Promise<Buffer> {
  const geo = await syntheticGeo(deps);
  const names = new Map(geo.villages.map((v) => [v.code, v.displayName]));
  const requests = syntheticEnterprises(geo, deps.config.regionCode, range);
  const at = new Date(0).toISOString();
  async function* rows() {
    for (const e of requests)
      yield {
        ...e,
        id: '',
        orgUnitId: '',
        isDemo: false,
        createdAt: at,
        updatedAt: at,
        regionName: names.get(e.regionCode) ?? e.regionCode,
      };
  }
  return writeXlsx(
    '企业',
    ENTERPRISE_COLUMNS.map((c) => ({ header: c.header, width: c.width, value: c.toCell })),
    rows(),
  );
}
