/**
 * Schematic (示意) township zones and village points, derived from a county boundary and the township
 * seats until real township/village boundaries are imported. Every output feature carries
 * `schematic: true` so the UI can label it as such.
 *
 * Pure and deterministic: no clock, no Math.random; the only randomness is a PRNG seeded from the
 * division code, so the same input always gives the same output.
 */
import { bbox, bboxClip, featureCollection, intersect, point, pointOnFeature, voronoi } from '@turf/turf';
import type { AllGeoJSON } from '@turf/turf';
import type { BBox, Feature, FeatureCollection, MultiPolygon, Point, Polygon, Position } from 'geojson';

export interface TownshipSeatInput {
  code: string;
  name: string;
  lon: number; // WGS84
  lat: number; // WGS84
}

export interface TownshipZoneProperties {
  code: string;
  name: string;
  level: 'township';
  schematic: true;
  /** Set when the seat lies outside the county boundary (a data error): the zone was grown from the
   * nearest point inside the boundary instead, so it does not contain the seat. */
  seatOutsideBoundary?: true;
}
export type TownshipZone = Feature<Polygon | MultiPolygon, TownshipZoneProperties>;
export type TownshipZones = FeatureCollection<Polygon | MultiPolygon, TownshipZoneProperties>;

export interface VillageInput {
  code: string;
  name: string;
  townshipCode: string;
}

export interface VillagePointProperties {
  code: string;
  name: string;
  level: 'village';
  townshipCode: string;
  schematic: true;
}
/** Village points, plus (as a foreign member) the villages that got none because their township has no zone. */
export type VillagePoints = FeatureCollection<Point, VillagePointProperties> & { unplaced: VillageInput[] };

/** Bounding box `[minLon, minLat, maxLon, maxLat]` of any GeoJSON object. */
export function geoBBox(geojson: AllGeoJSON): BBox {
  return bbox(geojson);
}

// ---------------------------------------------------------------------------------------------------
// Local planar frame: equirectangular about a reference latitude, in metres. Over a county (< 100 km)
// its distance error is well under 1 %, which is all a schematic layout needs.

const M_PER_DEG_LAT = 111_320; // metres per degree of latitude (mean)

interface Frame {
  lon0: number;
  lat0: number;
  kx: number; // metres per degree of longitude at lat0
}

function frameFor(box: BBox): Frame {
  const lat0 = (box[1] + box[3]) / 2;
  return { lon0: (box[0] + box[2]) / 2, lat0, kx: M_PER_DEG_LAT * Math.cos((lat0 * Math.PI) / 180) };
}

function toXY(f: Frame, lon: number, lat: number): [number, number] {
  return [(lon - f.lon0) * f.kx, (lat - f.lat0) * M_PER_DEG_LAT];
}

function toLonLat(f: Frame, x: number, y: number): [number, number] {
  return [f.lon0 + x / f.kx, f.lat0 + y / M_PER_DEG_LAT];
}

/** Every ring of a Polygon/MultiPolygon as flat `[x0, y0, x1, y1, …]` arrays in the frame (closed). */
function planarRings(f: Frame, geom: Polygon | MultiPolygon): Float64Array[] {
  const polys: Position[][][] = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  const out: Float64Array[] = [];
  for (const poly of polys) {
    for (const ring of poly) {
      const a = new Float64Array(ring.length * 2);
      ring.forEach((p, i) => {
        const [x, y] = toXY(f, p[0] ?? 0, p[1] ?? 0);
        a[2 * i] = x;
        a[2 * i + 1] = y;
      });
      out.push(a);
    }
  }
  return out;
}

/** Even-odd point-in-polygon over all rings (valid polygons with holes and multipolygons alike). */
function isInsideRings(rings: Float64Array[], x: number, y: number): boolean {
  let inside = false;
  for (const r of rings) {
    const n = r.length / 2;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const xi = r[2 * i]!;
      const yi = r[2 * i + 1]!;
      const xj = r[2 * j]!;
      const yj = r[2 * j + 1]!;
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

/** Nearest point on any ring edge to (x, y), and its distance (metres). */
function nearestOnRings(rings: Float64Array[], x: number, y: number): { x: number; y: number; d: number } {
  let best = { x, y, d: Infinity };
  for (const r of rings) {
    for (let i = 0; i + 3 < r.length; i += 2) {
      const ax = r[i]!;
      const ay = r[i + 1]!;
      const dx = r[i + 2]! - ax;
      const dy = r[i + 3]! - ay;
      const len2 = dx * dx + dy * dy;
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
      const px = ax + t * dx;
      const py = ay + t * dy;
      const d = Math.hypot(x - px, y - py);
      if (d < best.d) best = { x: px, y: py, d };
    }
  }
  return best;
}

function ringsBBox(rings: Float64Array[]): [number, number, number, number] {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rings) {
    for (let i = 0; i < r.length; i += 2) {
      minX = Math.min(minX, r[i]!);
      maxX = Math.max(maxX, r[i]!);
      minY = Math.min(minY, r[i + 1]!);
      maxY = Math.max(maxY, r[i + 1]!);
    }
  }
  return [minX, minY, maxX, maxY];
}

// ---------------------------------------------------------------------------------------------------
// Seeded PRNG.

/** FNV-1a 32-bit hash of a string (UTF-16 code units). */
function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for layout; returns floats in [0, 1). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------------

const DUPLICATE_SEAT_NUDGE_M = 100; // moves a seat that coincides with another so both get a zone
const OUTSIDE_SEAT_INSET_M = 1; // how far inside the boundary an outside seat's stand-in is placed

/**
 * Schematic township zones: the Voronoi cells of the seats (nearest-seat regions, computed in a local
 * metric frame), clipped to the county boundary. The zones tile the boundary without overlap (up to
 * floating-point noise) and each contains its own seat.
 *
 * A seat outside the boundary (a data error) is replaced by the nearest point just inside it, so it still
 * gets a zone, flagged `seatOutsideBoundary`. A seat that coincides with an earlier one is nudged 100 m
 * east. Zones come back in the order of `seats`; a seat whose zone is empty after clipping gets none.
 */
export function deriveTownshipZones(
  boundary: Feature<Polygon | MultiPolygon>,
  seats: TownshipSeatInput[],
): TownshipZones {
  if (seats.length === 0) return featureCollection([]);
  const boundaryBox = bbox(boundary);
  const frame = frameFor(boundaryBox);
  const rings = planarRings(frame, boundary.geometry);

  // Generators in the planar frame.
  const generators: { x: number; y: number; outside: boolean }[] = [];
  const taken = new Set<string>();
  for (const s of seats) {
    let [x, y] = toXY(frame, s.lon, s.lat);
    let outside = false;
    if (!isInsideRings(rings, x, y)) {
      outside = true;
      const near = nearestOnRings(rings, x, y);
      // Step past the boundary point along seat → boundary, i.e. inwards; fall back to the edge itself.
      const k = near.d > 0 ? OUTSIDE_SEAT_INSET_M / near.d : 0;
      const ix = near.x + (near.x - x) * k;
      const iy = near.y + (near.y - y) * k;
      [x, y] = isInsideRings(rings, ix, iy) ? [ix, iy] : [near.x, near.y];
    }
    while (taken.has(`${x.toFixed(3)},${y.toFixed(3)}`)) x += DUPLICATE_SEAT_NUDGE_M;
    taken.add(`${x.toFixed(3)},${y.toFixed(3)}`);
    generators.push({ x, y, outside });
  }

  // Voronoi in the planar frame (scaled so numbers stay near degree magnitudes for d3-voronoi), with an
  // extent comfortably larger than both the boundary and every generator.
  const S = 1 / M_PER_DEG_LAT;
  const [bx0, by0, bx1, by1] = ringsBBox(rings);
  const minX = Math.min(bx0, ...generators.map((g) => g.x));
  const minY = Math.min(by0, ...generators.map((g) => g.y));
  const maxX = Math.max(bx1, ...generators.map((g) => g.x));
  const maxY = Math.max(by1, ...generators.map((g) => g.y));
  const pad = Math.max(maxX - minX, maxY - minY, 1000) * 0.1;
  const cells = voronoi(featureCollection(generators.map((g, i) => point([g.x * S, g.y * S], { i }))), {
    bbox: [(minX - pad) * S, (minY - pad) * S, (maxX + pad) * S, (maxY + pad) * S],
  });

  const zones: TownshipZone[] = [];
  // d3-voronoi leaves holes for points it cannot place, so look cells up by index, not position.
  const cellByIndex = new Map<number, Feature<Polygon>>();
  for (const c of cells.features) {
    if (c === undefined || c === null) continue;
    const i = (c.properties as { i?: unknown } | null)?.i;
    if (typeof i === 'number') cellByIndex.set(i, c);
  }
  seats.forEach((s, i) => {
    const cell = cellByIndex.get(i);
    if (cell === undefined) return;
    const ring = (cell.geometry.coordinates[0] ?? []).map((p) =>
      toLonLat(frame, (p[0] ?? 0) / S, (p[1] ?? 0) / S),
    );
    const cellLonLat: Feature<Polygon> = {
      type: 'Feature',
      properties: {},
      geometry: { type: 'Polygon', coordinates: [ring] },
    };
    const clipped = clipToCell(cellLonLat, boundary);
    if (clipped === null) return;
    const properties: TownshipZoneProperties = {
      code: s.code,
      name: s.name,
      level: 'township',
      schematic: true,
    };
    if (generators[i]?.outside === true) properties.seatOutsideBoundary = true;
    zones.push({ type: 'Feature', properties, geometry: clipped.geometry });
  });
  return featureCollection(zones);
}

/**
 * `cell ∩ boundary`. The boundary is first cut to the cell's box with a cheap rectangle clip, so polygon
 * clipping only sees the nearby part of a detailed boundary (about 100× faster). The box is padded so the
 * zero-width seams a rectangle clip can leave along its edges lie outside the cell and vanish in the
 * intersection. If polygon clipping rejects the pre-cut input, the whole boundary is used instead.
 */
function clipToCell(
  cell: Feature<Polygon>,
  boundary: Feature<Polygon | MultiPolygon>,
): Feature<Polygon | MultiPolygon> | null {
  const [x0, y0, x1, y1] = bbox(cell);
  const padX = (x1 - x0) * 0.01 + 1e-6;
  const padY = (y1 - y0) * 0.01 + 1e-6;
  const cut = bboxClip(boundary, [x0 - padX, y0 - padY, x1 + padX, y1 + padY]).geometry;
  const parts: Position[][][] =
    cut.type === 'Polygon' ? [cut.coordinates] : cut.type === 'MultiPolygon' ? cut.coordinates : [];
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 0) return null;
  const near: Feature<MultiPolygon> = {
    type: 'Feature',
    properties: {},
    geometry: { type: 'MultiPolygon', coordinates: nonEmpty },
  };
  try {
    return intersect(featureCollection<Polygon | MultiPolygon>([cell, near]));
  } catch {
    return intersect(featureCollection<Polygon | MultiPolygon>([cell, boundary]));
  }
}

const CANDIDATES_PER_VILLAGE = 30; // best-candidate sampling: more gives a more even spread
const MAX_TRIES_PER_CANDIDATE = 500; // rejection sampling inside the zone's bbox
const EDGE_WEIGHT = 2; // a point may sit as close to its zone's edge as half its spacing to neighbours

/**
 * Schematic village points: for each village, a deterministic point strictly inside its township's zone.
 * Within a township, villages are placed in code order by best-candidate sampling (Mitchell): of several
 * candidates drawn with a PRNG seeded from the village code, keep the one farthest from the villages
 * already placed and from the zone's edge. The result is an even, reproducible spread with no two points
 * on top of each other. Villages whose township has no zone are listed in `unplaced`.
 *
 * Features come back in the order of `villages`; coordinates are rounded to 6 decimals (~0.1 m).
 */
export function placeVillagePoints(zones: TownshipZones, villages: VillageInput[]): VillagePoints {
  const zoneByCode = new Map<string, TownshipZone>();
  for (const z of zones.features) zoneByCode.set(z.properties.code, z);
  const placed = new Map<string, Feature<Point, VillagePointProperties>>();
  const unplaced: VillageInput[] = [];
  if (zones.features.length === 0) return { ...featureCollection([]), unplaced: [...villages] };
  const frame = frameFor(bbox(zones));

  const byTownship = new Map<string, VillageInput[]>();
  for (const v of villages) {
    if (!zoneByCode.has(v.townshipCode)) {
      unplaced.push(v);
      continue;
    }
    const list = byTownship.get(v.townshipCode) ?? [];
    list.push(v);
    byTownship.set(v.townshipCode, list);
  }

  for (const [townshipCode, list] of [...byTownship.entries()].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    const zone = zoneByCode.get(townshipCode)!;
    const rings = planarRings(frame, zone.geometry);
    const [x0, y0, x1, y1] = ringsBBox(rings);
    const spots: [number, number][] = [];
    for (const v of [...list].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))) {
      const random = seededRandom(hashString(v.code));
      let best: [number, number] | null = null;
      let bestScore = -Infinity;
      for (let c = 0; c < CANDIDATES_PER_VILLAGE; c++) {
        for (let t = 0; t < MAX_TRIES_PER_CANDIDATE; t++) {
          const x = x0 + random() * (x1 - x0);
          const y = y0 + random() * (y1 - y0);
          if (!isInsideRings(rings, x, y)) continue;
          let score = EDGE_WEIGHT * nearestOnRings(rings, x, y).d;
          for (const [px, py] of spots) score = Math.min(score, Math.hypot(x - px, y - py));
          if (score > bestScore) {
            bestScore = score;
            best = [x, y];
          }
          break;
        }
      }
      let lonLat: [number, number];
      if (best === null) {
        // A sliver too thin for rejection sampling: fall back to turf's guaranteed on-surface point.
        const p = pointOnFeature(zone).geometry.coordinates;
        lonLat = [p[0] ?? 0, p[1] ?? 0];
      } else {
        spots.push(best);
        lonLat = toLonLat(frame, best[0], best[1]);
      }
      placed.set(v.code, {
        type: 'Feature',
        properties: { code: v.code, name: v.name, level: 'village', townshipCode, schematic: true },
        geometry: { type: 'Point', coordinates: [round6(lonLat[0]), round6(lonLat[1])] },
      });
    }
  }

  const features: Feature<Point, VillagePointProperties>[] = [];
  for (const v of villages) {
    const f = placed.get(v.code);
    if (f !== undefined) features.push(f);
  }
  return { type: 'FeatureCollection', features, unplaced };
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}
