/** Where a link into 一张图 points: `?township=<9 digits>`, `&village=<12 digits>`, `&focus=<lon>,<lat>`. */
import type { MapData } from '../../map/layers.ts';

export interface MapTarget {
  /** A township of the county (checked against the loaded regions). */
  township: string | null;
  village: { code: string; lon: number | null; lat: number | null } | null;
  /** WGS84 lon, lat. */
  focus: [number, number] | null;
}

function parseFocus(text: string | null): [number, number] | null {
  if (!text) return null;
  const [lon, lat] = text.split(',').map((part) => Number(part.trim()));
  if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  if (Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  return [lon, lat];
}

/** The place the URL asks for, or null when it asks for nothing (or for codes outside the county). */
export function parseMapTarget(params: URLSearchParams, data: MapData): MapTarget | null {
  const townshipParam = params.get('township');
  // A village code given as the township still finds its village.
  const villageCode = params.get('village') ?? (townshipParam?.length === 12 ? townshipParam : null);
  const townshipCode = townshipParam?.slice(0, 9) ?? villageCode?.slice(0, 9) ?? null;
  const township = data.county.children.some((c) => c.code === townshipCode) ? townshipCode : null;
  const villageFeature = villageCode
    ? data.villages.features.find((f) => f.properties.code === villageCode)
    : undefined;
  const village =
    township && villageFeature
      ? {
          code: villageFeature.properties.code,
          lon: villageFeature.geometry.coordinates[0] ?? null,
          lat: villageFeature.geometry.coordinates[1] ?? null,
        }
      : null;
  const focus = parseFocus(params.get('focus'));
  if (!township && !focus) return null;
  return { township, village, focus };
}
