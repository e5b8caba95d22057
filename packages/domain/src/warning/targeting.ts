/**
 * Geotargeting (issue #5 part 4): which townships and villages a warning reaches, and roughly how many
 * people live there — shown in the composer before sign-off.
 *
 * An area is any mix of division codes, polygons drawn on the map and circles (WGS84, lon/lat as in GeoJSON;
 * `areaToCap` turns them into CAP's lat,lon order). A county code selects everything in it, a township code
 * all its villages, a village code that village; a polygon or circle selects the villages whose point lies
 * inside it (the boundary counts as inside) and the townships whose zone it touches.
 *
 * Population estimate: a whole township counts with its own population (or, when that is not entered, the
 * sum of its villages'); a township reached only in part counts the villages selected in it. The figure is
 * `populationKnown: false` when any number it needs is missing — the composer says so instead of guessing.
 */
import {
  booleanIntersects,
  booleanPointInPolygon,
  circle,
  distance,
  kinks,
  point,
  polygon,
} from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { z } from 'zod';
import { EVERY_PROBLEM } from '../calc/checks.ts';
import { isWithinRegion, RegionCode } from '../region.ts';
import { ADMIN_CODE_GEOCODE, type CapArea } from './cap.ts';

const Lon = z.number().finite().min(-180, '经度应在 −180～180 之间').max(180, '经度应在 −180～180 之间');
const Lat = z.number().finite().min(-90, '纬度应在 −90～90 之间').max(90, '纬度应在 −90～90 之间');
export const WarningPoint = z.object({ lon: Lon, lat: Lat }).strict();
export type WarningPoint = z.infer<typeof WarningPoint>;

/** km; a county is < 100 km across, 500 km is generous and catches metres typed as km. */
const MAX_RADIUS_KM = 500;
export const WarningCircle = z
  .object({
    lon: Lon,
    lat: Lat,
    radiusKm: z
      .number()
      .finite()
      .positive('半径须大于 0')
      .max(MAX_RADIUS_KM, `半径不超过 ${MAX_RADIUS_KM} 公里`),
  })
  .strict();
export type WarningCircle = z.infer<typeof WarningCircle>;

/** A closed ring: first point = last, ≥ 4 points (CAP 1.2 §3.3.4 polygon), not self-intersecting. */
function ringProblems(ring: readonly unknown[]): string[] {
  const problems: string[] = [];
  if (ring.length < 4) problems.push('多边形至少 4 个点（首尾为同一点）');
  // With EVERY_PROBLEM the points may still be of the wrong type: their own issues are reported by zod.
  const pts = ring.filter(
    (p): p is { lon: number; lat: number } =>
      typeof p === 'object' &&
      p !== null &&
      typeof (p as { lon?: unknown }).lon === 'number' &&
      typeof (p as { lat?: unknown }).lat === 'number',
  );
  if (pts.length !== ring.length) return problems;
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (first && last && (first.lon !== last.lon || first.lat !== last.lat))
    problems.push('多边形未闭合：最后一点须与第一点相同');
  if (problems.length === 0) {
    const coords = pts.map((p) => [p.lon, p.lat]);
    const distinct = new Set(coords.slice(0, -1).map((c) => c.join(','))).size;
    if (distinct < 3) problems.push('多边形至少要有 3 个不同的顶点');
    else if (kinks(polygon([coords])).features.length > 0) problems.push('多边形的边自相交');
  }
  return problems;
}

export const WarningAreaSchema = z
  .object({
    regionCodes: z.array(RegionCode).default([]),
    polygons: z.array(z.array(WarningPoint)).default([]),
    circles: z.array(WarningCircle).default([]),
  })
  .strict()
  .superRefine((v, ctx) => {
    const codes = Array.isArray(v.regionCodes) ? v.regionCodes : [];
    const polygons = Array.isArray(v.polygons) ? v.polygons : [];
    const circles = Array.isArray(v.circles) ? v.circles : [];
    if (codes.length + polygons.length + circles.length === 0)
      ctx.addIssue({ code: 'custom', path: ['regionCodes'], message: '请选择乡镇、村，或在地图上划定区域' });
    polygons.forEach((ring, i) => {
      if (!Array.isArray(ring)) return;
      for (const message of ringProblems(ring))
        ctx.addIssue({ code: 'custom', path: ['polygons', i], message });
    });
  }, EVERY_PROBLEM);
export type WarningArea = z.output<typeof WarningAreaSchema>;

export interface TargetTownship {
  code: string;
  name: string;
  /** WGS84 */
  zone: Polygon | MultiPolygon;
  population: number | null;
}
export interface TargetVillage {
  code: string;
  name: string;
  townshipCode: string;
  /** WGS84 */
  lon: number;
  lat: number;
  population: number | null;
}
export interface TargetPlaces {
  townships: readonly TargetTownship[];
  villages: readonly TargetVillage[];
}

export interface TownshipTarget {
  code: string;
  name: string;
  /** Whether the whole township is targeted (by its own or the county's code). */
  whole: boolean;
  /** Villages selected in it. */
  villages: number;
  /** People counted for it (the known part when `populationKnown` is false). */
  population: number;
  populationKnown: boolean;
}

export interface ResolvedTargets {
  townshipCodes: string[];
  villageCodes: string[];
  estimatedPopulation: number;
  populationKnown: boolean;
  byTownship: TownshipTarget[];
  /** Codes in the area that match no township or village of `places` (the caller reports them). */
  unknownCodes: string[];
}

type ShapeFeature = Feature<Polygon>;

/** The drawn shapes as GeoJSON polygons (circles as 64-gons, used only for the township-zone test). */
function shapesOf(area: WarningArea): ShapeFeature[] {
  return [
    ...area.polygons.map((ring) => polygon([ring.map((p) => [p.lon, p.lat])])),
    ...area.circles.map((c) => circle([c.lon, c.lat], c.radiusKm, { steps: 64, units: 'kilometers' })),
  ];
}

/**
 * The townships and villages `area` reaches among `places`, with the estimated population.
 * `area` must have passed `WarningAreaSchema`.
 */
export function resolveTargets(area: WarningArea, places: TargetPlaces): ResolvedTargets {
  const codes = [...new Set(area.regionCodes)];
  const within = (code: string) => codes.some((c) => isWithinRegion(code, c));

  const wholeTownships = new Set(places.townships.filter((t) => within(t.code)).map((t) => t.code));
  const polygons = area.polygons.map((ring) => polygon([ring.map((p) => [p.lon, p.lat])]));
  const inShape = (v: TargetVillage) => {
    const pt = point([v.lon, v.lat]);
    return (
      polygons.some((poly) => booleanPointInPolygon(pt, poly)) ||
      area.circles.some((c) => distance(pt, [c.lon, c.lat], { units: 'kilometers' }) <= c.radiusKm)
    );
  };
  const selectedVillages = places.villages.filter(
    (v) => wholeTownships.has(v.townshipCode) || within(v.code) || inShape(v),
  );
  const villagesByTownship = new Map<string, TargetVillage[]>();
  for (const v of selectedVillages) {
    const list = villagesByTownship.get(v.townshipCode) ?? [];
    list.push(v);
    villagesByTownship.set(v.townshipCode, list);
  }
  const shapes = shapesOf(area);
  const touched = (t: TargetTownship) =>
    shapes.length > 0 &&
    shapes.some((s) => booleanIntersects({ type: 'Feature', properties: {}, geometry: t.zone }, s));

  const allVillagesOf = (code: string) => places.villages.filter((v) => v.townshipCode === code);
  const sum = (vs: readonly TargetVillage[]) => ({
    population: vs.reduce((n, v) => n + (v.population ?? 0), 0),
    known: vs.every((v) => v.population !== null),
  });

  const byTownship: TownshipTarget[] = [];
  for (const t of places.townships) {
    const whole = wholeTownships.has(t.code);
    const villages = villagesByTownship.get(t.code) ?? [];
    if (!whole && villages.length === 0 && !touched(t)) continue;
    let population: number;
    let populationKnown: boolean;
    if (whole && t.population !== null) {
      population = t.population;
      populationKnown = true;
    } else if (whole) {
      const all = allVillagesOf(t.code);
      ({ population, known: populationKnown } = sum(all));
      if (all.length === 0) populationKnown = false;
    } else {
      ({ population, known: populationKnown } = sum(villages));
    }
    byTownship.push({
      code: t.code,
      name: t.name,
      whole,
      villages: villages.length,
      population,
      populationKnown,
    });
  }

  const known = new Set([...places.townships.map((t) => t.code), ...places.villages.map((v) => v.code)]);
  const unknownCodes = codes.filter(
    (c) => !known.has(c) && !places.townships.some((t) => isWithinRegion(t.code, c)),
  );
  return {
    townshipCodes: byTownship.map((t) => t.code),
    villageCodes: selectedVillages.map((v) => v.code),
    estimatedPopulation: byTownship.reduce((n, t) => n + t.population, 0),
    populationKnown: byTownship.every((t) => t.populationKnown),
    byTownship,
    unknownCodes,
  };
}

/**
 * The area as CAP `<area>` blocks: one per division code (areaDesc = its name, geocode = the code under
 * `ADMIN_CODE_GEOCODE`), and one for the drawn shapes (`drawnDesc`) with polygons and circles in CAP order
 * (lat, lon; radius in km).
 */
export function areaToCap(
  area: WarningArea,
  names: Readonly<Record<string, string>>,
  drawnDesc = '地图划定区域',
): CapArea[] {
  const areas: CapArea[] = [...new Set(area.regionCodes)].map((code) => ({
    areaDesc: names[code] ?? code,
    polygon: [],
    circle: [],
    geocode: [{ valueName: ADMIN_CODE_GEOCODE, value: code }],
  }));
  if (area.polygons.length || area.circles.length)
    areas.push({
      areaDesc: drawnDesc,
      polygon: area.polygons.map((ring) => ring.map((p) => ({ lat: p.lat, lon: p.lon }))),
      circle: area.circles.map((c) => ({ lat: c.lat, lon: c.lon, radiusKm: c.radiusKm })),
      geocode: [],
    });
  return areas;
}
