import type { RegionLevel, RegionSummary, Seat } from '@ningan/domain';
import { and, asc, eq, like, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { mapFeatures, regions } from '../db/schema/index.ts';

export type RegionRow = typeof regions.$inferSelect;
export type NewRegionRow = typeof regions.$inferInsert;

export function toRegionSummary(r: RegionRow): RegionSummary {
  return {
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parentCode,
    lon: r.lon,
    lat: r.lat,
    schematic: r.schematic,
  };
}

export function seatOf(r: RegionRow): Seat | null {
  return (r.seat as Seat | null) ?? null;
}

export async function getRegion(db: DbOrTx, code: string): Promise<RegionRow | null> {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row ?? null;
}

export async function listChildRegions(db: DbOrTx, parentCode: string): Promise<RegionRow[]> {
  return db.select().from(regions).where(eq(regions.parentCode, parentCode)).orderBy(asc(regions.code));
}

export async function listRegionsWithin(
  db: DbOrTx,
  ancestor: string,
  level: RegionLevel,
): Promise<RegionRow[]> {
  return db
    .select()
    .from(regions)
    .where(and(like(regions.code, `${ancestor}%`), eq(regions.level, level)))
    .orderBy(asc(regions.code));
}

export async function upsertRegions(db: DbOrTx, rows: NewRegionRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insert(regions)
      .values(rows.slice(i, i + 200))
      .onConflictDoUpdate({
        target: regions.code,
        set: {
          name: sql`excluded.name`,
          level: sql`excluded.level`,
          parentCode: sql`excluded.parent_code`,
          lon: sql`excluded.lon`,
          lat: sql`excluded.lat`,
          seat: sql`excluded.seat`,
          geometry: sql`excluded.geometry`,
          schematic: sql`excluded.schematic`,
          geometrySource: sql`excluded.geometry_source`,
          updatedAt: sql`now()`,
        },
      });
  }
}

export async function updateRegionGeometry(
  db: DbOrTx,
  code: string,
  patch: Pick<NewRegionRow, 'geometry' | 'schematic' | 'geometrySource'> &
    Partial<Pick<NewRegionRow, 'lon' | 'lat'>>,
): Promise<void> {
  await db
    .update(regions)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(regions.code, code));
}

export type MapFeatureRow = typeof mapFeatures.$inferSelect;

export async function replaceMapFeatures(
  db: DbOrTx,
  countyCode: string,
  rows: (typeof mapFeatures.$inferInsert)[],
): Promise<void> {
  await db.delete(mapFeatures).where(eq(mapFeatures.countyCode, countyCode));
  if (rows.length) await db.insert(mapFeatures).values(rows);
}

export async function listMapFeatures(
  db: DbOrTx,
  countyCode: string,
  kind: 'neighbour' | 'river',
): Promise<MapFeatureRow[]> {
  return db
    .select()
    .from(mapFeatures)
    .where(and(eq(mapFeatures.countyCode, countyCode), eq(mapFeatures.kind, kind)))
    .orderBy(asc(mapFeatures.id));
}

/** Every division code within `ancestor` (itself included). */
export async function listRegionCodes(db: DbOrTx, ancestor: string): Promise<string[]> {
  const rows = await db
    .select({ code: regions.code })
    .from(regions)
    .where(like(regions.code, `${ancestor}%`));
  return rows.map((r) => r.code);
}

/** Display names of every township ("新宁镇") and village ("新宁镇 · 东城居委会") in a county, by code. */
export async function regionDisplayNames(db: DbOrTx, countyCode: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const t of await listRegionsWithin(db, countyCode, 'township')) names.set(t.code, t.name);
  for (const v of await listRegionsWithin(db, countyCode, 'village'))
    names.set(v.code, `${names.get(v.parentCode ?? '') ?? ''} · ${v.name}`);
  return names;
}

/** Sets (or clears) a region's population with its source and year. */
export async function updateRegionPopulation(
  db: DbOrTx,
  code: string,
  patch: Pick<NewRegionRow, 'population' | 'populationSource' | 'populationYear'>,
  at: Date,
): Promise<RegionRow> {
  const [row] = await db
    .update(regions)
    .set({ ...patch, updatedAt: at })
    .where(eq(regions.code, code))
    .returning();
  return row!;
}
