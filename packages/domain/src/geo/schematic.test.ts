import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  area,
  bbox,
  booleanPointInPolygon,
  distance,
  featureCollection,
  intersect,
  multiPolygon,
  point,
  polygon,
  union,
} from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { BoundaryCollection, RegionPack } from '../region-pack.ts';
import { deriveTownshipZones, placeVillagePoints, type TownshipZone } from './schematic.ts';

const PACK_DIR = new URL('../../../../region-packs/621026/', import.meta.url);
const pack = RegionPack.parse(JSON.parse(readFileSync(new URL('pack.json', PACK_DIR), 'utf8')));
const boundaries = BoundaryCollection.parse(
  JSON.parse(readFileSync(new URL('boundaries.geojson', PACK_DIR), 'utf8')),
);
const county = boundaries.features.find((f) => f.properties.role === 'county')! as Feature<
  Polygon | MultiPolygon
>;
const seats = pack.townships.map((t) => ({ code: t.code, name: t.name, lon: t.seat.lon, lat: t.seat.lat }));
const villages = pack.townships.flatMap((t) => t.villages.map((v) => ({ ...v, townshipCode: t.code })));

const km2 = (f: Feature<Polygon | MultiPolygon>): number => area(f) / 1e6;

function bboxesOverlap(a: Feature, b: Feature): boolean {
  const [ax0, ay0, ax1, ay1] = bbox(a);
  const [bx0, by0, bx1, by1] = bbox(b);
  return ax0 <= bx1 && bx0 <= ax1 && ay0 <= by1 && by0 <= ay1;
}

describe('deriveTownshipZones (宁县)', () => {
  const zones = deriveTownshipZones(county, seats);

  it('gives one schematic zone per township, in seat order', () => {
    expect(zones.features.map((z) => z.properties.code)).toEqual(seats.map((s) => s.code));
    for (const z of zones.features) {
      expect(z.properties.level).toBe('township');
      expect(z.properties.schematic).toBe(true);
      expect(z.properties.seatOutsideBoundary).toBeUndefined();
    }
  });

  it('puts every seat inside its own zone', () => {
    for (const [i, z] of zones.features.entries()) {
      const s = seats[i]!;
      expect(booleanPointInPolygon(point([s.lon, s.lat]), z), s.name).toBe(true);
    }
  });

  it('covers the county: summed and united zone areas equal the county area within 1 %', () => {
    const countyKm2 = km2(county);
    const sum = zones.features.reduce((a, z) => a + km2(z), 0);
    const all = union(featureCollection<Polygon | MultiPolygon>(zones.features))!;
    expect(Math.abs(sum - countyKm2) / countyKm2).toBeLessThan(0.01);
    expect(Math.abs(km2(all) - countyKm2) / countyKm2).toBeLessThan(0.01);
  });

  it('has no overlap between zones above 0.001 km²', () => {
    const z = zones.features;
    for (let i = 0; i < z.length; i++)
      for (let j = i + 1; j < z.length; j++) {
        const a = z[i]!;
        const b = z[j]!;
        if (!bboxesOverlap(a, b)) continue;
        const both = intersect(featureCollection<Polygon | MultiPolygon>([a, b]));
        const overlap = both === null ? 0 : km2(both);
        expect(overlap, `${a.properties.name} × ${b.properties.name}`).toBeLessThan(0.001);
      }
  });

  it('is deterministic', () => {
    expect(deriveTownshipZones(county, seats)).toEqual(zones);
  });
});

describe('deriveTownshipZones (edge cases)', () => {
  // A 10 km × 10 km-ish square near 宁县.
  const square = polygon([
    [
      [108.0, 35.5],
      [108.11, 35.5],
      [108.11, 35.59],
      [108.0, 35.59],
      [108.0, 35.5],
    ],
  ]);

  it('still gives a seat outside the boundary a zone, flagged, and keeps the tiling', () => {
    const zones = deriveTownshipZones(square, [
      { code: '1', name: 'a', lon: 108.02, lat: 35.52 },
      { code: '2', name: 'b', lon: 108.09, lat: 35.57 },
      { code: '3', name: 'outside', lon: 108.2, lat: 35.55 },
    ]);
    expect(zones.features).toHaveLength(3);
    const outside = zones.features.find((z) => z.properties.code === '3')!;
    expect(outside.properties.seatOutsideBoundary).toBe(true);
    expect(km2(outside)).toBeGreaterThan(0);
    const sum = zones.features.reduce((a, z) => a + km2(z), 0);
    expect(Math.abs(sum - km2(square)) / km2(square)).toBeLessThan(0.001);
  });

  it('tiles a MultiPolygon boundary and a boundary with a hole', () => {
    const ring = (x0: number, y0: number, x1: number, y1: number): number[][] => [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ];
    const two = multiPolygon([[ring(108, 35.5, 108.05, 35.55)], [ring(108.1, 35.5, 108.15, 35.55)]]);
    const holed = polygon([ring(108, 35.5, 108.1, 35.6), ring(108.04, 35.54, 108.06, 35.56).reverse()]);
    for (const [boundary, seats] of [
      [
        two,
        [
          { code: '1', name: 'a', lon: 108.01, lat: 35.51 },
          { code: '2', name: 'b', lon: 108.04, lat: 35.54 },
          { code: '3', name: 'c', lon: 108.12, lat: 35.52 },
        ],
      ],
      [
        holed,
        [
          { code: '1', name: 'a', lon: 108.02, lat: 35.52 },
          { code: '2', name: 'b', lon: 108.08, lat: 35.58 },
        ],
      ],
    ] as const) {
      const zones = deriveTownshipZones(boundary, [...seats]);
      expect(zones.features).toHaveLength(seats.length);
      zones.features.forEach((z, i) =>
        expect(booleanPointInPolygon(point([seats[i]!.lon, seats[i]!.lat]), z)).toBe(true),
      );
      const sum = zones.features.reduce((a, z) => a + km2(z), 0);
      expect(Math.abs(sum - km2(boundary)) / km2(boundary)).toBeLessThan(0.001);
    }
  });

  it('does not crash on coincident seats or an empty list', () => {
    const zones = deriveTownshipZones(square, [
      { code: '1', name: 'a', lon: 108.05, lat: 35.55 },
      { code: '2', name: 'b', lon: 108.05, lat: 35.55 },
    ]);
    expect(zones.features).toHaveLength(2);
    expect(deriveTownshipZones(square, []).features).toHaveLength(0);
  });
});

describe('placeVillagePoints (宁县)', () => {
  const zones = deriveTownshipZones(county, seats);
  const placed = placeVillagePoints(zones, villages);
  const zoneOf = new Map<string, TownshipZone>(zones.features.map((z) => [z.properties.code, z]));

  it('places all 278 villages, in input order, flagged schematic', () => {
    expect(placed.features).toHaveLength(278);
    expect(placed.unplaced).toEqual([]);
    expect(placed.features.map((f) => f.properties.code)).toEqual(villages.map((v) => v.code));
    for (const f of placed.features) {
      expect(f.properties.level).toBe('village');
      expect(f.properties.schematic).toBe(true);
    }
  });

  it('puts each village strictly inside its own township zone', () => {
    for (const f of placed.features) {
      const zone = zoneOf.get(f.properties.townshipCode)!;
      expect(booleanPointInPolygon(f, zone, { ignoreBoundary: true }), f.properties.name).toBe(true);
    }
  });

  it('is deterministic (two calls give equal output)', () => {
    expect(placeVillagePoints(zones, villages)).toEqual(placed);
    // and independent of input order
    const reversed = placeVillagePoints(zones, [...villages].reverse());
    expect([...reversed.features].reverse()).toEqual(placed.features);
  });

  it('spreads villages out: no two points closer than 500 m', () => {
    let min = Infinity;
    const f = placed.features;
    for (let i = 0; i < f.length; i++)
      for (let j = i + 1; j < f.length; j++)
        min = Math.min(min, distance(f[i]!, f[j]!, { units: 'kilometers' }) * 1000);
    expect(min).toBeGreaterThan(500);
  });

  it('returns villages of townships without a zone as unplaced', () => {
    const extra = { code: '621026999001', name: '无乡村', townshipCode: '621026999' };
    const r = placeVillagePoints(zones, [...villages.slice(0, 3), extra]);
    expect(r.features).toHaveLength(3);
    expect(r.unplaced).toEqual([extra]);
  });
});
