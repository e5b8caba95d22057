/**
 * Regions (行政区划) and the county map: division tree, boundaries, schematic township zones and
 * village points, context features; loading the committed region pack; importing real boundaries.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  AppError,
  BoundaryFeature,
  DEMO_POPULATION_SOURCE,
  hasPermission,
  UpdateRegionPopulationRequest,
  type RegionPopulationView,
  BoundaryGeometry,
  deriveTownshipZones,
  placeVillagePoints,
  RegionPack,
  regionLevelOf,
  type Actor,
  type ErrorDetail,
  type RegionDetail,
  type TownshipZones,
} from '@ningan/domain';
import { pointOnFeature } from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { REGION_PACKS_DIR } from '../lib/paths.ts';
import { getMeta, setMeta } from '../repositories/meta.repository.ts';
import {
  getRegion,
  listChildRegions,
  listMapFeatures,
  listRegionsWithin,
  replaceMapFeatures,
  seatOf,
  toRegionSummary,
  updateRegionGeometry,
  updateRegionPopulation,
  upsertRegions,
  type NewRegionRow,
  type RegionRow,
} from '../repositories/regions.repository.ts';
import { audit, diff, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';

type AnyFeatureCollection = FeatureCollection<Geometry, Record<string, unknown>>;

const populationView = (r: RegionRow): RegionPopulationView => ({
  code: r.code,
  name: r.name,
  level: r.level,
  population: r.population,
  populationSource: r.populationSource,
  populationYear: r.populationYear,
});

/**
 * A demo township population: deterministic from the code, 8,000–47,999 persons. Made up — stored with
 * the source {@link DEMO_POPULATION_SOURCE}, never as statistics.
 */
function demoPopulation(code: string): number {
  // FNV-1a over the code, so neighbouring codes get unrelated figures.
  let h = 0x811c9dc5;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return 8_000 + (h % 40_000);
}

export interface LoadedPack {
  pack: RegionPack;
  boundaries: BoundaryFeature[];
  hash: string;
}

/** Reads and validates `region-packs/<code>/` (pack.json + boundaries.geojson). */
export function readRegionPack(code: string, dir = REGION_PACKS_DIR): LoadedPack {
  const folder = path.join(dir, code);
  const packText = fs.readFileSync(path.join(folder, 'pack.json'), 'utf8');
  const boundaryText = fs.readFileSync(path.join(folder, 'boundaries.geojson'), 'utf8');
  const pack = RegionPack.parse(JSON.parse(packText));
  const fc = z.object({ features: z.array(BoundaryFeature) }).parse(JSON.parse(boundaryText));
  return { pack, boundaries: fc.features, hash: sha256Hex(packText + boundaryText) };
}

// Geometry as strict as the committed pack's: closed rings of at least 4 WGS84 positions.
const ImportFeature = z.object({
  type: z.literal('Feature'),
  properties: z.record(z.string(), z.unknown()).nullable(),
  geometry: BoundaryGeometry,
});

export function createRegionService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  // Map payloads are read on every console load and change only on import: keep them in memory.
  const cache = new Map<string, unknown>();
  const cached = async <T>(key: string, load: () => Promise<T>): Promise<T> => {
    if (cache.has(key)) return cache.get(key) as T;
    const value = await load();
    cache.set(key, value);
    return value;
  };

  async function requireRegion(code: string): Promise<RegionRow> {
    const region = await getRegion(db, code);
    if (!region) throw new AppError('not_found', `区划 ${code} 不存在`);
    return region;
  }

  function feature(r: RegionRow, role: string, extra: Record<string, unknown> = {}): Feature | null {
    if (!r.geometry) return null;
    return {
      type: 'Feature',
      properties: { code: r.code, name: r.name, level: r.level, role, schematic: r.schematic, ...extra },
      geometry: r.geometry as Geometry,
    };
  }

  /** Writes township zones and village points (schematic where derived) for a county, in `tx`. */
  async function placeSchematic(tx: DbOrTx, townships: RegionRow[], countyGeometry: Polygon | MultiPolygon) {
    const derived = deriveTownshipZones(
      { type: 'Feature', properties: {}, geometry: countyGeometry },
      townships
        .filter((t) => t.lon !== null && t.lat !== null)
        .map((t) => ({ code: t.code, name: t.name, lon: t.lon!, lat: t.lat! })),
    );
    // Imported (non-schematic) township shapes win over derived ones.
    const zones: TownshipZones = {
      type: 'FeatureCollection',
      features: townships.flatMap((t) => {
        if (!t.schematic && t.geometry)
          return [
            {
              type: 'Feature' as const,
              properties: {
                code: t.code,
                name: t.name,
                level: 'township' as const,
                schematic: true as const,
              },
              geometry: t.geometry as Polygon | MultiPolygon,
            },
          ];
        const z = derived.features.find((f) => f.properties.code === t.code);
        return z ? [z] : [];
      }),
    };
    for (const z of derived.features) {
      const t = townships.find((x) => x.code === z.properties.code);
      if (t?.schematic !== false)
        await updateRegionGeometry(tx, z.properties.code, {
          geometry: z.geometry,
          schematic: true,
          geometrySource: 'derived:voronoi',
        });
    }
    const villages: RegionRow[] = [];
    for (const t of townships) villages.push(...(await listChildRegions(tx, t.code)));
    const schematicVillages = villages.filter((v) => v.schematic || v.lon === null);
    const points = placeVillagePoints(
      zones,
      schematicVillages.map((v) => ({ code: v.code, name: v.name, townshipCode: v.parentCode! })),
    );
    for (const p of points.features) {
      const [lon, lat] = p.geometry.coordinates as [number, number];
      await updateRegionGeometry(tx, p.properties.code, {
        geometry: null,
        schematic: true,
        geometrySource: 'derived:point',
        lon,
        lat,
      });
    }
  }

  return {
    /**
     * Loads the county's region pack unless this exact pack is already loaded. Keeps imported
     * (non-schematic) geometry. Returns whether anything was written.
     */
    async loadRegionPack(loaded: LoadedPack = readRegionPack(config.regionCode)): Promise<boolean> {
      const { pack, boundaries, hash } = loaded;
      const current = await getMeta<{ code: string; hash: string }>(db, 'region_pack');
      if (current?.code === pack.code && current.hash === hash) return false;
      const county = boundaries.find((b) => b.properties.role === 'county');
      if (!county) throw new Error(`region pack ${pack.code}: boundaries.geojson has no county feature`);
      const now = clock();
      await db.transaction(async (tx) => {
        const existing = new Map(
          (await listRegionsWithin(tx, pack.code, 'township')).map((r) => [r.code, r]),
        );
        for (const v of await listRegionsWithin(tx, pack.code, 'village')) existing.set(v.code, v);
        const keep = (code: string) => existing.get(code)?.schematic === false;
        const rows: NewRegionRow[] = [];
        let parent: string | null = null;
        for (const p of pack.parents) {
          rows.push({
            code: p.code,
            name: p.name,
            level: regionLevelOf(p.code),
            parentCode: parent,
            schematic: false,
          });
          parent = p.code;
        }
        rows.push({
          code: pack.code,
          name: pack.name,
          level: 'county',
          parentCode: parent,
          lon: pack.seat.lon,
          lat: pack.seat.lat,
          seat: pack.seat,
          geometry: county.geometry,
          schematic: false,
          geometrySource: county.properties.source,
        });
        for (const t of pack.townships) {
          const old = existing.get(t.code);
          rows.push({
            code: t.code,
            name: t.name,
            level: 'township',
            parentCode: pack.code,
            lon: t.seat.lon,
            lat: t.seat.lat,
            seat: t.seat,
            geometry: keep(t.code) ? old!.geometry : null,
            schematic: !keep(t.code),
            geometrySource: keep(t.code) ? old!.geometrySource : null,
          });
          for (const v of t.villages) {
            const oldV = existing.get(v.code);
            rows.push({
              code: v.code,
              name: v.name,
              level: 'village',
              parentCode: t.code,
              lon: keep(v.code) ? oldV!.lon : null,
              lat: keep(v.code) ? oldV!.lat : null,
              geometry: keep(v.code) ? oldV!.geometry : null,
              schematic: !keep(v.code),
              geometrySource: keep(v.code) ? oldV!.geometrySource : null,
            });
          }
        }
        await upsertRegions(tx, rows);
        await placeSchematic(tx, await listChildRegions(tx, pack.code), county.geometry);
        await replaceMapFeatures(tx, pack.code, [
          ...boundaries
            .filter((b) => b.properties.role === 'neighbour')
            .map((b, i) => ({
              id: `${pack.code}:neighbour:${b.properties.code ?? i}`,
              countyCode: pack.code,
              kind: 'neighbour' as const,
              code: b.properties.code,
              name: b.properties.name,
              geometry: b.geometry,
              properties: { source: b.properties.source },
            })),
          ...pack.rivers
            .filter((r) => r.coordinates.length >= 2)
            .map((r) => ({
              id: `${pack.code}:river:${r.name}`,
              countyCode: pack.code,
              kind: 'river' as const,
              code: null,
              name: r.name,
              geometry: { type: 'LineString', coordinates: r.coordinates },
              properties: { confidence: r.confidence, source: r.source },
            })),
        ]);
        await setMeta(tx, 'region_pack', { code: pack.code, hash, loadedAt: now.toISOString() });
        await audit(
          tx,
          null,
          {
            action: 'region.load_pack',
            entityType: 'region',
            entityId: pack.code,
            regionCode: pack.code,
            details: {
              townships: pack.townships.length,
              villages: pack.townships.reduce((n, t) => n + t.villages.length, 0),
              hash,
            },
          },
          now,
        );
      });
      cache.clear();
      return true;
    },

    /** The region with its children (townships of a county, villages of a township). */
    async getRegionDetail(code: string): Promise<RegionDetail> {
      return cached(`detail:${code}`, async () => {
        const region = await requireRegion(code);
        const children = await listChildRegions(db, code);
        return { ...toRegionSummary(region), seat: seatOf(region), children: children.map(toRegionSummary) };
      });
    },

    async getBoundary(
      code: string,
      options: { children: boolean; neighbours: boolean },
    ): Promise<AnyFeatureCollection> {
      return cached(`boundary:${code}:${options.children}:${options.neighbours}`, async () => {
        const region = await requireRegion(code);
        const features: Feature[] = [];
        const own = feature(region, region.level);
        if (own) features.push(own);
        if (options.children) {
          for (const child of await listChildRegions(db, code)) {
            const f = feature(child, child.level);
            if (f) features.push(f);
          }
        }
        if (options.neighbours && region.level === 'county') {
          for (const n of await listMapFeatures(db, code, 'neighbour'))
            features.push({
              type: 'Feature',
              properties: { code: n.code, name: n.name, role: 'neighbour', ...(n.properties as object) },
              geometry: n.geometry as Geometry,
            });
        }
        return { type: 'FeatureCollection', features } as AnyFeatureCollection;
      });
    },

    /** Village points within a county or township. */
    async getVillages(code: string): Promise<AnyFeatureCollection> {
      return cached(`villages:${code}`, async () => {
        await requireRegion(code);
        const townships = new Map(
          (await listRegionsWithin(db, code.slice(0, 6), 'township')).map((t) => [t.code, t.name]),
        );
        const villages = await listRegionsWithin(db, code, 'village');
        return {
          type: 'FeatureCollection',
          features: villages
            .filter((v) => v.lon !== null && v.lat !== null)
            .map((v) => ({
              type: 'Feature',
              properties: {
                code: v.code,
                name: v.name,
                level: 'village',
                townshipCode: v.parentCode,
                townshipName: townships.get(v.parentCode ?? '') ?? null,
                schematic: v.schematic,
              },
              geometry: { type: 'Point', coordinates: [v.lon, v.lat] },
            })),
        } as AnyFeatureCollection;
      });
    },

    async getRivers(code: string): Promise<AnyFeatureCollection> {
      return cached(`rivers:${code}`, async () => {
        const region = await requireRegion(code);
        const rivers = await listMapFeatures(db, region.code.slice(0, 6), 'river');
        return {
          type: 'FeatureCollection',
          features: rivers.map((r) => ({
            type: 'Feature',
            properties: { name: r.name, ...(r.properties as object) },
            geometry: r.geometry as Geometry,
          })),
        };
      });
    },

    /**
     * Replaces schematic township/village shapes with real ones. Features carry `code` (9 or 12
     * digits; `adcode`/`xzqdm` also accepted). All-or-nothing: any bad feature rejects the whole file.
     * @throws forbidden | validation_failed
     */
    async importBoundaries(
      actor: Actor,
      input: unknown,
      source: string,
    ): Promise<{ townships: number; villages: number }> {
      requirePermission(actor, 'region:import');
      const problems: ErrorDetail[] = [];
      const parsed = z
        .object({ type: z.literal('FeatureCollection'), features: z.array(z.unknown()).min(1) })
        .safeParse(input);
      if (!parsed.success)
        rejectIfAny([{ path: '', message: '应为 GeoJSON FeatureCollection，且至少包含一个要素' }]);
      const features: { code: string; geometry: Polygon | MultiPolygon }[] = [];
      const seen = new Set<string>();
      for (const [i, raw] of (parsed.data?.features ?? []).entries()) {
        const f = ImportFeature.safeParse(raw);
        if (!f.success) {
          const issue = f.error.issues[0];
          problems.push({
            path: [`features.${i}`, ...(issue?.path ?? []).map(String)].join('.'),
            message: `要素须为 Polygon 或 MultiPolygon（环须闭合、至少 4 个坐标）：${issue?.message ?? ''}`,
          });
          continue;
        }
        const props = f.data.properties ?? {};
        const given = props.code ?? props.adcode ?? props.xzqdm;
        const code = typeof given === 'string' || typeof given === 'number' ? String(given).trim() : '';
        if (!/^\d{9}$|^\d{12}$/.test(code)) {
          problems.push({
            path: `features.${i}.properties.code`,
            message: '须为 9 位乡镇或 12 位村(社区)代码',
          });
          continue;
        }
        if (!code.startsWith(config.regionCode))
          problems.push({ path: `features.${i}.properties.code`, message: `${code} 不属于本县` });
        else if (!(await getRegion(db, code)))
          problems.push({ path: `features.${i}.properties.code`, message: `区划 ${code} 不存在` });
        if (seen.has(code)) problems.push({ path: `features.${i}.properties.code`, message: `${code} 重复` });
        seen.add(code);
        features.push({ code, geometry: f.data.geometry });
      }
      rejectIfAny(problems);
      const now = clock();
      await db.transaction(async (tx) => {
        for (const f of features) {
          const patch: Parameters<typeof updateRegionGeometry>[2] = {
            geometry: f.geometry,
            schematic: false,
            geometrySource: `import:${source}`,
          };
          if (f.code.length === 12) {
            const [lon, lat] = pointOnFeature(f.geometry).geometry.coordinates as [number, number];
            Object.assign(patch, { lon, lat });
          }
          await updateRegionGeometry(tx, f.code, patch);
        }
        const county = await getRegion(tx, config.regionCode);
        if (county?.geometry)
          await placeSchematic(
            tx,
            await listChildRegions(tx, config.regionCode),
            county.geometry as Polygon | MultiPolygon,
          );
        await audit(
          tx,
          actor,
          {
            action: 'region.import_boundaries',
            entityType: 'region',
            entityId: config.regionCode,
            regionCode: config.regionCode,
            details: { source, codes: features.map((f) => f.code) },
          },
          now,
        );
      });
      cache.clear();
      return {
        townships: features.filter((f) => f.code.length === 9).length,
        villages: features.filter((f) => f.code.length === 12).length,
      };
    },

    /** Townships of the county with their population (人口) and its source. */
    async listPopulation(actor: Actor): Promise<RegionPopulationView[]> {
      requirePermission(actor, 'region:read');
      return (await listRegionsWithin(db, config.regionCode, 'township')).map(populationView);
    },

    /**
     * Sets or clears a township's population (used by the earthquake exposure estimate). Allowed to the
     * system administrator (region:import) and to county-level users who keep the ledger (ledger:write).
     * A population needs its source. Audited in the same transaction.
     * @throws forbidden | not_found | validation_failed
     */
    async setPopulation(actor: Actor, code: string, raw: unknown): Promise<RegionPopulationView> {
      const allowed =
        hasPermission(actor.roles, 'region:import') ||
        (actor.scope.level === 'county' && hasPermission(actor.roles, 'ledger:write'));
      if (!allowed) throw new AppError('forbidden', '只有系统管理员或县级台账维护人员可以录入人口');
      const parsed = UpdateRegionPopulationRequest.safeParse(raw);
      if (!parsed.success)
        rejectIfAny(
          parsed.error.issues.map((i) => ({
            path: i.path.map(String).join('.') || '(body)',
            message: i.message,
          })),
        );
      const input = parsed.data!;
      const before = await getRegion(db, code);
      if (!before || before.level !== 'township' || before.parentCode !== config.regionCode)
        throw new AppError('not_found', `乡镇 ${code} 不存在`);
      const next = {
        population: input.population,
        populationSource: input.population === null ? null : (input.source?.trim() ?? null),
        populationYear: input.population === null ? null : (input.year ?? null),
      };
      const now = clock();
      const row = await db.transaction(async (tx) => {
        const updated = await updateRegionPopulation(tx, code, next, now);
        await audit(
          tx,
          actor,
          {
            action: 'region.set_population',
            entityType: 'region',
            entityId: code,
            regionCode: code,
            details: { name: before.name, changes: diff(before, next) },
          },
          now,
        );
        return updated;
      });
      return populationView(row);
    },

    /**
     * Demo mode only: gives every township still without a population a made-up one, labelled
     * {@link DEMO_POPULATION_SOURCE}. Idempotent; returns how many were filled.
     */
    async seedDemoPopulations(): Promise<number> {
      const missing = (await listRegionsWithin(db, config.regionCode, 'township')).filter(
        (t) => t.population === null,
      );
      if (!missing.length) return 0;
      const now = clock();
      await db.transaction(async (tx) => {
        for (const t of missing)
          await updateRegionPopulation(
            tx,
            t.code,
            {
              population: demoPopulation(t.code),
              populationSource: DEMO_POPULATION_SOURCE,
              populationYear: null,
            },
            now,
          );
        await audit(
          tx,
          null,
          {
            action: 'region.set_population',
            entityType: 'region',
            entityId: config.regionCode,
            regionCode: config.regionCode,
            details: { demo: true, source: DEMO_POPULATION_SOURCE, codes: missing.map((t) => t.code) },
          },
          now,
        );
      });
      return missing.length;
    },
  };
}

export type RegionService = ReturnType<typeof createRegionService>;
