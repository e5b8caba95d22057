/** Small planar helpers on WGS84 lon/lat; good enough for a county-sized area. */
import type { Geometry, Position } from 'geojson';

/** [west, south, east, north] */
export type BBox = [number, number, number, number];

function eachPosition(geometry: Geometry, visit: (p: Position) => void): void {
  switch (geometry.type) {
    case 'Point':
      visit(geometry.coordinates);
      return;
    case 'MultiPoint':
    case 'LineString':
      geometry.coordinates.forEach(visit);
      return;
    case 'MultiLineString':
    case 'Polygon':
      geometry.coordinates.forEach((line) => line.forEach(visit));
      return;
    case 'MultiPolygon':
      geometry.coordinates.forEach((poly) => poly.forEach((ring) => ring.forEach(visit)));
      return;
    case 'GeometryCollection':
      geometry.geometries.forEach((g) => eachPosition(g, visit));
      return;
  }
}

export function bboxOf(geometries: readonly Geometry[]): BBox | null {
  let box: BBox | null = null;
  for (const geometry of geometries) {
    eachPosition(geometry, ([lon, lat]) => {
      if (lon === undefined || lat === undefined) return;
      if (!box) box = [lon, lat, lon, lat];
      else box = [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)];
    });
  }
  return box;
}

/** Signed-area centroid of a closed ring, and its absolute area (degrees², only for comparison). */
function ringCentroid(ring: Position[]): { lon: number; lat: number; area: number } | null {
  let twiceArea = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0 = 0, y0 = 0] = ring[i] ?? [];
    const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    cx += (x0 + x1) * cross;
    cy += (y0 + y1) * cross;
  }
  if (twiceArea === 0) return null;
  return { lon: cx / (3 * twiceArea), lat: cy / (3 * twiceArea), area: Math.abs(twiceArea / 2) };
}

/** Where to put a label on an area: the centroid of its largest outer ring. */
export function labelPointOf(geometry: Geometry): [number, number] | null {
  const outerRings =
    geometry.type === 'Polygon'
      ? [geometry.coordinates[0] ?? []]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates.map((p) => p[0] ?? [])
        : [];
  let best: { lon: number; lat: number; area: number } | null = null;
  for (const ring of outerRings) {
    const c = ringCentroid(ring);
    if (c && (!best || c.area > best.area)) best = c;
  }
  return best ? [best.lon, best.lat] : null;
}

/** Sutherland–Hodgman: the part of `ring` inside the rectangle `box`. */
function clipRing(ring: Position[], box: BBox): Position[] {
  const [west, south, east, north] = box;
  const edges: { inside: (p: Position) => boolean; cut: (a: Position, b: Position) => Position }[] = [
    { inside: (p) => (p[0] ?? 0) >= west, cut: (a, b) => atX(a, b, west) },
    { inside: (p) => (p[0] ?? 0) <= east, cut: (a, b) => atX(a, b, east) },
    { inside: (p) => (p[1] ?? 0) >= south, cut: (a, b) => atY(a, b, south) },
    { inside: (p) => (p[1] ?? 0) <= north, cut: (a, b) => atY(a, b, north) },
  ];
  let output = ring;
  for (const edge of edges) {
    const input = output;
    output = [];
    for (let i = 0; i < input.length; i++) {
      const current = input[i] ?? [0, 0];
      const previous = input[(i + input.length - 1) % input.length] ?? [0, 0];
      if (edge.inside(current)) {
        if (!edge.inside(previous)) output.push(edge.cut(previous, current));
        output.push(current);
      } else if (edge.inside(previous)) {
        output.push(edge.cut(previous, current));
      }
    }
  }
  if (output.length > 0) output.push(output[0] ?? [0, 0]);
  return output;
}

function atX([ax = 0, ay = 0]: Position, [bx = 0, by = 0]: Position, x: number): Position {
  return [x, ay + ((by - ay) * (x - ax)) / (bx - ax)];
}

function atY([ax = 0, ay = 0]: Position, [bx = 0, by = 0]: Position, y: number): Position {
  return [ax + ((bx - ax) * (y - ay)) / (by - ay), y];
}

/**
 * A label point for an area seen through the window `box`: the centroid of the largest piece of its
 * outer rings inside the window (a neighbouring county's label then sits near our border, in view).
 */
export function labelPointWithin(geometry: Geometry, box: BBox): [number, number] | null {
  const outerRings =
    geometry.type === 'Polygon'
      ? [geometry.coordinates[0] ?? []]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates.map((p) => p[0] ?? [])
        : [];
  let best: { lon: number; lat: number; area: number } | null = null;
  for (const ring of outerRings) {
    const c = ringCentroid(clipRing(ring.slice(0, -1), box));
    if (c && (!best || c.area > best.area)) best = c;
  }
  return best ? [best.lon, best.lat] : null;
}

export function growBBox([west, south, east, north]: BBox, fraction: number): BBox {
  const dx = (east - west) * fraction;
  const dy = (north - south) * fraction;
  return [west - dx, south - dy, east + dx, north + dy];
}

/** Even-odd ray casting: is (lon, lat) inside the ring? */
function inRing(lon: number, lat: number, ring: readonly Position[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i] ?? [];
    const [xj = 0, yj = 0] = ring[j] ?? [];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Is the point inside a (multi)polygon, holes excluded? */
export function pointInArea(lon: number, lat: number, geometry: Geometry): boolean {
  const polygons =
    geometry.type === 'Polygon'
      ? [geometry.coordinates]
      : geometry.type === 'MultiPolygon'
        ? geometry.coordinates
        : [];
  return polygons.some(
    ([outer = [], ...holes]) => inRing(lon, lat, outer) && !holes.some((hole) => inRing(lon, lat, hole)),
  );
}
