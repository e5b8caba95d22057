/**
 * Great-circle distance on the sphere of radius 6371.0088 km (turf's mean Earth radius, as in
 * `calc/earthquake-impact.ts`), WGS84 lon/lat in degrees. Straight-line distance only: road travel is an
 * estimate layered on top (`recommend.ts`).
 */

export const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

/** Haversine distance in km between two WGS84 lon/lat points. */
export function distanceKm(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const sinDLat = Math.sin(((lat2 - lat1) * RAD) / 2);
  const sinDLon = Math.sin(((lon2 - lon1) * RAD) / 2);
  const h = sinDLat * sinDLat + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * sinDLon * sinDLon;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Problems with a WGS84 lon/lat pair (empty = fine); `path` prefixes the field names. */
export function checkLonLat(lon: unknown, lat: unknown, path = ''): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (typeof lon !== 'number' || !Number.isFinite(lon) || lon < -180 || lon > 180)
    problems.push({ path: `${path}lon`, message: '经度须为 -180 到 180 之间的数' });
  if (typeof lat !== 'number' || !Number.isFinite(lat) || lat < -90 || lat > 90)
    problems.push({ path: `${path}lat`, message: '纬度须为 -90 到 90 之间的数' });
  return problems;
}
