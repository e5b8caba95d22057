/**
 * Lines and areas of the ledger (pipelines, flash-flood zones, forest areas) as GeoJSON text in the form,
 * and their length/area when the record carries no derived figure. WGS84 lon,lat throughout.
 */
import { LineGeometry, PolygonGeometry, type GeometryKind, type LedgerGeometry } from '@ningan/domain';
import type { Translate } from '../../i18n/i18n.tsx';

export type GeometryParse = { ok: true; geometry: LedgerGeometry } | { ok: false; message: string };

/** The geometry in pasted text: a Geometry, a Feature, or a FeatureCollection holding exactly one feature. */
export function parseGeometryText(
  text: string,
  kind: Exclude<GeometryKind, 'point' | 'none'>,
  t: Translate,
): GeometryParse {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: t('registry.geometryNotJson') };
  }
  const record = (x: unknown): Record<string, unknown> | null =>
    typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : null;
  let geometry = record(value);
  if (geometry?.type === 'FeatureCollection') {
    const features = Array.isArray(geometry.features) ? (geometry.features as unknown[]) : [];
    if (features.length !== 1) return { ok: false, message: t('registry.geometryOneFeature') };
    geometry = record(features[0]);
  }
  if (geometry?.type === 'Feature') geometry = record(geometry.geometry);
  const expected = kind === 'line' ? 'LineString' : 'Polygon';
  if (geometry?.type !== expected)
    return {
      ok: false,
      message: t('registry.geometryType', {
        expected,
        actual: typeof geometry?.type === 'string' ? geometry.type : '—',
      }),
    };
  const parsed = (kind === 'line' ? LineGeometry : PolygonGeometry).safeParse(geometry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message =
      issue && /[\u4e00-\u9fff]/.test(issue.message) ? issue.message : t('registry.geometryCoordinates');
    return { ok: false, message };
  }
  return { ok: true, geometry: parsed.data };
}

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle length of a line, km. */
export function lineLengthKm(coordinates: readonly (readonly number[])[]): number {
  let metres = 0;
  for (let i = 1; i < coordinates.length; i++) {
    const [x0 = 0, y0 = 0] = coordinates[i - 1] ?? [];
    const [x1 = 0, y1 = 0] = coordinates[i] ?? [];
    const a =
      Math.sin(rad(y1 - y0) / 2) ** 2 +
      Math.cos(rad(y0)) * Math.cos(rad(y1)) * Math.sin(rad(x1 - x0) / 2) ** 2;
    metres += 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
  }
  return metres / 1000;
}

/**
 * Area of a polygon (outer ring minus holes), hectares, on a local equirectangular projection: within a
 * fraction of a percent for county-sized shapes, which is all the detail view needs.
 */
export function polygonAreaHa(rings: readonly (readonly (readonly number[])[])[]): number {
  const outer = rings[0] ?? [];
  const lat0 = outer.reduce((sum, p) => sum + (p[1] ?? 0), 0) / Math.max(1, outer.length);
  const kx = rad(1) * EARTH_RADIUS_M * Math.cos(rad(lat0));
  const ky = rad(1) * EARTH_RADIUS_M;
  const ringArea = (ring: readonly (readonly number[])[]) => {
    let twice = 0;
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0 = 0, y0 = 0] = ring[i] ?? [];
      const [x1 = 0, y1 = 0] = ring[i + 1] ?? [];
      twice += x0 * kx * (y1 * ky) - x1 * kx * (y0 * ky);
    }
    return Math.abs(twice / 2);
  };
  const [first = [], ...holes] = rings;
  const m2 = ringArea(first) - holes.reduce((sum, ring) => sum + ringArea(ring), 0);
  return Math.max(0, m2) / 10_000;
}

/** The geometry stored on a record, if it is a line or a polygon. */
export function asLedgerGeometry(value: unknown): LedgerGeometry | null {
  const line = LineGeometry.safeParse(value);
  if (line.success) return line.data;
  const polygon = PolygonGeometry.safeParse(value);
  return polygon.success ? polygon.data : null;
}

/** A vertex being drawn, lon,lat. */
export type Position = [number, number];

/**
 * The vertices a form's text describes, for drawing (a polygon's outer ring without its closing point);
 * [] while the text is empty or not yet a geometry of the kind.
 */
export function verticesOf(kind: 'line' | 'polygon', text: string | undefined): Position[] {
  if (!text?.trim()) return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return [];
  }
  // Lenient on counts (a line of one point, a ring of two are drawings in progress), strict on numbers.
  const shape = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const coordinates: unknown = shape.coordinates;
  const candidate =
    kind === 'line' && shape.type === 'LineString'
      ? coordinates
      : kind === 'polygon' && shape.type === 'Polygon' && Array.isArray(coordinates)
        ? (coordinates[0] as unknown)
        : null;
  const isPosition = (p: unknown): p is number[] =>
    Array.isArray(p) && p.length >= 2 && p.every((x) => typeof x === 'number' && Number.isFinite(x));
  const points = Array.isArray(candidate) && candidate.every(isPosition) ? candidate : [];
  const list = points.map((p) => [p[0], p[1]] as Position);
  const [first] = list;
  const last = list.at(-1);
  if (kind === 'polygon' && list.length > 1 && first && last && first[0] === last[0] && first[1] === last[1])
    list.pop();
  return list;
}

/** The GeoJSON text of drawn vertices: a LineString, or a Polygon whose ring is closed. */
export function geometryText(kind: 'line' | 'polygon', vertices: Position[]): string {
  const [first] = vertices;
  if (!first) return '';
  return JSON.stringify(
    kind === 'line'
      ? { type: 'LineString', coordinates: vertices }
      : { type: 'Polygon', coordinates: [[...vertices, first]] },
  );
}
