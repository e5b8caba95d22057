/**
 * Region pack (区划数据包): the committed, generated description of one county — its townships and
 * villages with official codes and names, seat positions with provenance, river lines, and (in a separate
 * GeoJSON file) the county and neighbouring county boundaries. Produced by `tools/region-pack/extract.ts`
 * into `region-packs/<code>/`; parsed with these schemas wherever it is loaded.
 *
 * All coordinates are WGS84 `[lon, lat]` in decimal degrees.
 */
import { z } from 'zod';

export const REGION_PACK_FORMAT = 'ningan-region-pack/1';

export const SEAT_CONFIDENCES = ['high', 'medium', 'low'] as const;
export type SeatConfidence = (typeof SEAT_CONFIDENCES)[number];

const Lon = z.number().min(-180).max(180);
const Lat = z.number().min(-90).max(90);
/** WGS84 `[lon, lat]`, degrees. */
export const LonLat = z.tuple([Lon, Lat]);
export type LonLat = z.infer<typeof LonLat>;

const CountyCode = z.string().regex(/^\d{6}$/, '县级区划代码应为 6 位数字');
const TownshipCode = z.string().regex(/^\d{9}$/, '乡级区划代码应为 9 位数字');
const VillageCode = z.string().regex(/^\d{12}$/, '村级区划代码应为 12 位数字');

/** A seat (驻地) position and where it came from; `crs_of_source` says whether it was converted or estimated. */
export const RegionPackSeat = z.object({
  lon: Lon,
  lat: Lat,
  confidence: z.enum(SEAT_CONFIDENCES),
  source: z.string().min(1),
  crs_of_source: z.string().min(1),
});
export type RegionPackSeat = z.infer<typeof RegionPackSeat>;

export const RegionPackVillage = z.object({ code: VillageCode, name: z.string().min(1) });
export type RegionPackVillage = z.infer<typeof RegionPackVillage>;

export const RegionPackTownship = z.object({
  code: TownshipCode,
  name: z.string().min(1),
  seat: RegionPackSeat,
  villages: z.array(RegionPackVillage),
});
export type RegionPackTownship = z.infer<typeof RegionPackTownship>;

/** A river as a polyline; a single coordinate means only one point (usually the mouth) is known. */
export const RegionPackRiver = z.object({
  name: z.string().min(1),
  coordinates: z.array(LonLat).min(1),
  order: z.string().optional(),
  confidence: z.enum(SEAT_CONFIDENCES),
  source: z.string().min(1),
});
export type RegionPackRiver = z.infer<typeof RegionPackRiver>;

export const RegionPackSource = z
  .object({
    what: z.string().min(1),
    package: z.string().optional(),
    url: z.string().optional(),
    version: z.string().optional(),
    licence: z.string().min(1),
    notes: z.string().optional(),
  })
  .refine((s) => s.package !== undefined || s.url !== undefined, {
    message: '数据来源须注明 package 或 url',
  });
export type RegionPackSource = z.infer<typeof RegionPackSource>;

function isSortedUnique(codes: string[]): boolean {
  return codes.every((c, i) => i === 0 || (codes[i - 1] ?? '') < c);
}

export const RegionPack = z
  .object({
    format: z.literal(REGION_PACK_FORMAT),
    code: CountyCode,
    name: z.string().min(1),
    level: z.literal('county'),
    parents: z.array(z.object({ code: z.string().regex(/^(\d{2}|\d{4})$/), name: z.string().min(1) })),
    seat: RegionPackSeat,
    townships: z.array(RegionPackTownship).min(1),
    rivers: z.array(RegionPackRiver),
    sources: z.array(RegionPackSource).min(1),
    sourceNotes: z.array(z.string()),
  })
  .superRefine((pack, ctx) => {
    for (const [i, p] of pack.parents.entries()) {
      if (!pack.code.startsWith(p.code))
        ctx.addIssue({
          code: 'custom',
          path: ['parents', i, 'code'],
          message: `上级代码 ${p.code} 不是 ${pack.code} 的前缀`,
        });
    }
    if (!isSortedUnique(pack.townships.map((t) => t.code)))
      ctx.addIssue({ code: 'custom', path: ['townships'], message: '乡镇须按代码升序且不重复' });
    for (const [i, t] of pack.townships.entries()) {
      if (!t.code.startsWith(pack.code))
        ctx.addIssue({
          code: 'custom',
          path: ['townships', i, 'code'],
          message: `乡镇 ${t.code} 不属于 ${pack.code}`,
        });
      if (!isSortedUnique(t.villages.map((v) => v.code)))
        ctx.addIssue({
          code: 'custom',
          path: ['townships', i, 'villages'],
          message: '村须按代码升序且不重复',
        });
      for (const [j, v] of t.villages.entries()) {
        if (!v.code.startsWith(t.code))
          ctx.addIssue({
            code: 'custom',
            path: ['townships', i, 'villages', j, 'code'],
            message: `村 ${v.code} 不属于乡镇 ${t.code}`,
          });
      }
    }
  });
export type RegionPack = z.infer<typeof RegionPack>;

function isClosed(ring: LonLat[]): boolean {
  const first = ring[0];
  const last = ring[ring.length - 1];
  return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
}

/** A linear ring: at least 4 positions, first equals last. */
const Ring = z.array(LonLat).min(4).refine(isClosed, { message: '环须闭合（首尾坐标相同）' });

export const BoundaryGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)).min(1) }),
]);
export type BoundaryGeometry = z.infer<typeof BoundaryGeometry>;

export const BOUNDARY_ROLES = ['county', 'neighbour'] as const;
export type BoundaryRole = (typeof BOUNDARY_ROLES)[number];

export const BoundaryFeature = z.object({
  type: z.literal('Feature'),
  properties: z.object({
    /** 6-digit division code as given by the source; null when unknown. */
    code: CountyCode.nullable(),
    name: z.string().min(1),
    role: z.enum(BOUNDARY_ROLES),
    source: z.string().min(1),
    note: z.string().optional(),
  }),
  geometry: BoundaryGeometry,
});
export type BoundaryFeature = z.infer<typeof BoundaryFeature>;

/** `boundaries.geojson`: exactly one `county` feature plus its neighbours. */
export const BoundaryCollection = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(BoundaryFeature).min(1) })
  .refine((fc) => fc.features.filter((f) => f.properties.role === 'county').length === 1, {
    message: '边界文件须恰有一个 role=county 的要素',
  });
export type BoundaryCollection = z.infer<typeof BoundaryCollection>;
