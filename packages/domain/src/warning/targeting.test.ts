import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distance, point } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { BoundaryCollection, RegionPack } from '../region-pack.ts';
import { deriveTownshipZones, placeVillagePoints } from '../geo/schematic.ts';
import { CapArea } from './cap.ts';
import {
  areaToCap,
  resolveTargets,
  WarningAreaSchema,
  type TargetPlaces,
  type TargetTownship,
  type TargetVillage,
  type WarningArea,
} from './targeting.ts';

/*
 * A synthetic county 621026 of two square townships, 0.1° each (WGS84):
 *   A 621026100: lon 107.0–107.1, lat 35.0–35.1   villages A1 (107.02, 35.02), A2 (107.08, 35.08)
 *   B 621026200: lon 107.1–107.2, lat 35.0–35.1   villages B1 (107.15, 35.05), B2 (107.18, 35.02)
 */
const square = (lon0: number, lat0: number, size: number): Polygon => ({
  type: 'Polygon',
  coordinates: [
    [
      [lon0, lat0],
      [lon0 + size, lat0],
      [lon0 + size, lat0 + size],
      [lon0, lat0 + size],
      [lon0, lat0],
    ],
  ],
});
const A: TargetTownship = {
  code: '621026100',
  name: '甲镇',
  zone: square(107.0, 35.0, 0.1),
  population: 20_000,
};
const B: TargetTownship = {
  code: '621026200',
  name: '乙乡',
  zone: square(107.1, 35.0, 0.1),
  population: null,
};
const v = (
  code: string,
  townshipCode: string,
  lon: number,
  lat: number,
  population: number | null,
): TargetVillage => ({
  code,
  name: `村${code.slice(-3)}`,
  townshipCode,
  lon,
  lat,
  population,
});
const A1 = v('621026100001', A.code, 107.02, 35.02, 1200);
const A2 = v('621026100002', A.code, 107.08, 35.08, 800);
const B1 = v('621026200001', B.code, 107.15, 35.05, 1500);
const B2 = v('621026200002', B.code, 107.18, 35.02, 900);
const places: TargetPlaces = { townships: [A, B], villages: [A1, A2, B1, B2] };

const area = (raw: unknown): WarningArea => WarningAreaSchema.parse(raw);
const ring = (...pts: [number, number][]) => pts.map(([lon, lat]) => ({ lon, lat }));

describe('WarningAreaSchema (issue #5 part 4; CAP 1.2 §3.3.4 polygon rules)', () => {
  it('accepts codes, a closed polygon and a circle; fills absent lists', () => {
    expect(area({ regionCodes: ['621026100'] })).toEqual({
      regionCodes: ['621026100'],
      polygons: [],
      circles: [],
    });
    expect(
      WarningAreaSchema.safeParse({
        polygons: [ring([107, 35], [107.1, 35], [107.1, 35.1], [107, 35])],
        circles: [{ lon: 107.1, lat: 35.05, radiusKm: 3 }],
      }).success,
    ).toBe(true);
  });

  it('lists every problem: open polygon, too few points, bad code, zero radius, latitude out of range', () => {
    const r = WarningAreaSchema.safeParse({
      regionCodes: ['62102'],
      polygons: [
        ring([107, 35], [107.1, 35], [107.1, 35.1], [107, 35.1]),
        ring([107, 35], [107.1, 35], [107, 35]),
      ],
      circles: [{ lon: 107, lat: 95, radiusKm: 0 }],
    });
    expect(r.success).toBe(false);
    const issues = r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'regionCodes.0: 区划代码应为 2/4/6/9/12 位数字',
        'polygons.0: 多边形未闭合：最后一点须与第一点相同',
        'polygons.1: 多边形至少 4 个点（首尾为同一点）',
        'circles.0.lat: 纬度应在 −90～90 之间',
        'circles.0.radiusKm: 半径须大于 0',
      ]),
    );
  });

  it('refuses an empty area, a degenerate ring and a self-intersecting (bow-tie) ring', () => {
    const msgs = (raw: unknown) => WarningAreaSchema.safeParse(raw).error?.issues.map((i) => i.message);
    expect(msgs({})).toEqual(['请选择乡镇、村，或在地图上划定区域']);
    expect(msgs({ polygons: [ring([107, 35], [107.1, 35], [107, 35], [107, 35])] })).toEqual([
      '多边形至少要有 3 个不同的顶点',
    ]);
    expect(msgs({ polygons: [ring([107, 35], [107.1, 35.1], [107.1, 35], [107, 35.1], [107, 35])] })).toEqual(
      ['多边形的边自相交'],
    );
  });
});

describe('resolveTargets: townships and villages reached, estimated population', () => {
  it('a township code selects all its villages and counts the township population', () => {
    const r = resolveTargets(area({ regionCodes: [A.code] }), places);
    expect(r.townshipCodes).toEqual([A.code]);
    expect(r.villageCodes).toEqual([A1.code, A2.code]);
    expect(r.estimatedPopulation).toBe(20_000);
    expect(r.populationKnown).toBe(true);
    expect(r.byTownship).toEqual([
      { code: A.code, name: '甲镇', whole: true, villages: 2, population: 20_000, populationKnown: true },
    ]);
  });

  it('a whole township without its own population sums its villages', () => {
    const r = resolveTargets(area({ regionCodes: [B.code] }), places);
    expect(r.estimatedPopulation).toBe(2400);
    expect(r.populationKnown).toBe(true);
  });

  it('the county code selects everything', () => {
    const r = resolveTargets(area({ regionCodes: ['621026'] }), places);
    expect(r.townshipCodes).toEqual([A.code, B.code]);
    expect(r.villageCodes).toHaveLength(4);
    expect(r.estimatedPopulation).toBe(20_000 + 2400);
    expect(r.unknownCodes).toEqual([]);
  });

  it('a village code selects that village only; its township is listed as reached in part', () => {
    const r = resolveTargets(area({ regionCodes: [B1.code] }), places);
    expect(r.villageCodes).toEqual([B1.code]);
    expect(r.byTownship).toEqual([
      { code: B.code, name: '乙乡', whole: false, villages: 1, population: 1500, populationKnown: true },
    ]);
  });

  it('a missing village population makes the estimate unknown (not silently low)', () => {
    const r = resolveTargets(area({ regionCodes: [B.code] }), {
      townships: [A, B],
      villages: [A1, A2, B1, { ...B2, population: null }],
    });
    expect(r.estimatedPopulation).toBe(1500);
    expect(r.populationKnown).toBe(false);
  });

  it('a polygon selects the villages inside it and the townships it touches', () => {
    // covers A2 and B1 but not A1 or B2
    const poly = ring([107.05, 35.04], [107.16, 35.04], [107.16, 35.09], [107.05, 35.09], [107.05, 35.04]);
    const r = resolveTargets(area({ polygons: [poly] }), places);
    expect(r.villageCodes).toEqual([A2.code, B1.code]);
    expect(r.townshipCodes).toEqual([A.code, B.code]);
    expect(r.estimatedPopulation).toBe(800 + 1500);
    expect(r.byTownship.map((t) => t.whole)).toEqual([false, false]);
  });

  it('polygon edge: a village exactly on the boundary is inside', () => {
    const poly = ring([107.02, 35.0], [107.05, 35.0], [107.05, 35.05], [107.02, 35.05], [107.02, 35.0]);
    expect(resolveTargets(area({ polygons: [poly] }), places).villageCodes).toEqual([A1.code]);
    const shifted = ring(
      [107.0201, 35.0],
      [107.05, 35.0],
      [107.05, 35.05],
      [107.0201, 35.05],
      [107.0201, 35.0],
    );
    expect(resolveTargets(area({ polygons: [shifted] }), places).villageCodes).toEqual([]);
  });

  it('a polygon touching a township with no village inside lists the township with 0 villages', () => {
    const poly = ring([107.11, 35.08], [107.12, 35.08], [107.12, 35.09], [107.11, 35.09], [107.11, 35.08]);
    const r = resolveTargets(area({ polygons: [poly] }), places);
    expect(r.villageCodes).toEqual([]);
    expect(r.byTownship).toEqual([
      { code: B.code, name: '乙乡', whole: false, villages: 0, population: 0, populationKnown: true },
    ]);
  });

  it('a circle selects villages within radiusKm (boundary inclusive, great-circle distance)', () => {
    const d = distance(point([107.15, 35.05]), point([107.18, 35.02]), { units: 'kilometers' }); // B1–B2 ≈ 4.3 km
    const at = (radiusKm: number) =>
      resolveTargets(area({ circles: [{ lon: 107.15, lat: 35.05, radiusKm }] }), places).villageCodes;
    expect(at(d)).toEqual([B1.code, B2.code]);
    expect(at(d * 0.999)).toEqual([B1.code]);
    // the 5 km circle around B1 reaches into 甲镇's zone (107.1 is ~4.6 km west) without reaching a village there
    const r = resolveTargets(area({ circles: [{ lon: 107.15, lat: 35.05, radiusKm: 5 }] }), places);
    expect(r.townshipCodes).toEqual([A.code, B.code]);
    expect(r.byTownship[0]).toMatchObject({ code: A.code, villages: 0 });
  });

  it('codes mixed with shapes are united; duplicates count once; unknown codes are reported', () => {
    const r = resolveTargets(
      area({
        regionCodes: [A.code, A.code, '621026900', '621026100099'],
        circles: [{ lon: 107.15, lat: 35.05, radiusKm: 0.5 }],
      }),
      places,
    );
    expect(r.villageCodes).toEqual([A1.code, A2.code, B1.code]);
    expect(r.estimatedPopulation).toBe(20_000 + 1500);
    expect(r.unknownCodes).toEqual(['621026900', '621026100099']);
  });
});

describe('resolveTargets on 宁县 (region pack 621026, schematic zones and village points)', () => {
  const PACK_DIR = new URL('../../../../region-packs/621026/', import.meta.url);
  const pack = RegionPack.parse(JSON.parse(readFileSync(new URL('pack.json', PACK_DIR), 'utf8')));
  const boundaries = BoundaryCollection.parse(
    JSON.parse(readFileSync(new URL('boundaries.geojson', PACK_DIR), 'utf8')),
  );
  const county = boundaries.features.find((f) => f.properties.role === 'county')! as Feature<
    Polygon | MultiPolygon
  >;
  const zones = deriveTownshipZones(
    county,
    pack.townships.map((t) => ({ code: t.code, name: t.name, lon: t.seat.lon, lat: t.seat.lat })),
  );
  const points = placeVillagePoints(
    zones,
    pack.townships.flatMap((t) => t.villages.map((vv) => ({ ...vv, townshipCode: t.code }))),
  );
  const real: TargetPlaces = {
    townships: zones.features.map((z) => ({
      code: z.properties.code,
      name: z.properties.name,
      zone: z.geometry,
      population: null,
    })),
    villages: points.features.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      townshipCode: f.properties.townshipCode,
      lon: f.geometry.coordinates[0]!,
      lat: f.geometry.coordinates[1]!,
      population: null,
    })),
  };

  it('the county code reaches all 18 townships and every placed village; no population → unknown', () => {
    const r = resolveTargets(area({ regionCodes: ['621026'] }), real);
    expect(r.townshipCodes).toHaveLength(18);
    expect(r.villageCodes).toHaveLength(real.villages.length);
    expect(r.populationKnown).toBe(false);
  });

  it('a 3 km circle at a township seat reaches that township and exactly the villages within 3 km', () => {
    const seat = pack.townships[0]!.seat;
    const r = resolveTargets(area({ circles: [{ lon: seat.lon, lat: seat.lat, radiusKm: 3 }] }), real);
    const expected = real.villages
      .filter(
        (vv) => distance(point([vv.lon, vv.lat]), point([seat.lon, seat.lat]), { units: 'kilometers' }) <= 3,
      )
      .map((vv) => vv.code);
    expect(r.villageCodes).toEqual(expected);
    expect(r.townshipCodes).toContain(pack.townships[0]!.code);
  });
});

describe('areaToCap: CAP <area> blocks', () => {
  it('one block per code with an admin-code geocode, one for drawn shapes in CAP lat,lon order; valid CapArea', () => {
    const a = area({
      regionCodes: [A.code, B1.code],
      polygons: [ring([107, 35], [107.1, 35], [107.1, 35.1], [107, 35])],
      circles: [{ lon: 107.15, lat: 35.05, radiusKm: 2.5 }],
    });
    const blocks = areaToCap(a, { [A.code]: '甲镇', [B1.code]: '乙乡村001' });
    expect(blocks).toEqual([
      { areaDesc: '甲镇', polygon: [], circle: [], geocode: [{ valueName: 'adminCode', value: A.code }] },
      {
        areaDesc: '乙乡村001',
        polygon: [],
        circle: [],
        geocode: [{ valueName: 'adminCode', value: B1.code }],
      },
      {
        areaDesc: '地图划定区域',
        polygon: [
          [
            { lat: 35, lon: 107 },
            { lat: 35, lon: 107.1 },
            { lat: 35.1, lon: 107.1 },
            { lat: 35, lon: 107 },
          ],
        ],
        circle: [{ lat: 35.05, lon: 107.15, radiusKm: 2.5 }],
        geocode: [],
      },
    ]);
    for (const b of blocks) expect(CapArea.safeParse(b).success).toBe(true);
  });

  it('a code without a name falls back to the code; no shapes, no drawn block', () => {
    expect(areaToCap(area({ regionCodes: ['621026'] }), {})).toEqual([
      { areaDesc: '621026', polygon: [], circle: [], geocode: [{ valueName: 'adminCode', value: '621026' }] },
    ]);
  });
});

describe('WarningAreaSchema with wrong types inside a ring', () => {
  it('reports the bad point instead of crashing', () => {
    const r = WarningAreaSchema.safeParse({
      polygons: [[null, { lon: 'x', lat: 1 }, { lon: 1, lat: 1 }, null]],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['polygons.0.0', 'polygons.0.1.lon']),
    );
  });
});
