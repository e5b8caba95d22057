/**
 * The demo fleet as a first start would make it, without a database: the 宁县 region pack's schematic
 * geography → the demo ledger → the fleet's input (as demo-monitoring.service reads it back). For the
 * demo ledger's, the fleet's and the scenarios' unit tests.
 */
import { deriveTownshipZones, placeVillagePoints } from '@ningan/domain';
import type { MultiPolygon, Polygon } from 'geojson';
import { generateDemoLedger, type DemoGeo } from '../db/seed/ledger-demo.ts';
import { generateDemoFleet, type DemoFleet, type DemoFleetInput } from '../db/seed/monitoring-demo.ts';
import { pointOf } from '../services/ledger.service.ts';
import { readRegionPack } from '../services/regions.service.ts';

/** The county as the server derives it on first start: schematic township zones and village points. */
export function demoGeoFromPack(code = '621026'): DemoGeo & { seat: [number, number] } {
  const { pack, boundaries } = readRegionPack(code);
  const county = boundaries.find((b) => b.properties.role === 'county')!.geometry;
  const zones = deriveTownshipZones(
    { type: 'Feature', properties: {}, geometry: county },
    pack.townships.map((t) => ({ code: t.code, name: t.name, lon: t.seat.lon, lat: t.seat.lat })),
  );
  const points = placeVillagePoints(
    zones,
    pack.townships.flatMap((t) =>
      t.villages.map((v) => ({ code: v.code, name: v.name, townshipCode: t.code })),
    ),
  );
  return {
    countyCode: pack.code,
    county,
    seat: [pack.seat.lon, pack.seat.lat],
    townships: pack.townships.map((t) => ({
      code: t.code,
      name: t.name,
      seat: [t.seat.lon, t.seat.lat],
      zone: zones.features.find((z) => z.properties.code === t.code)!.geometry,
    })),
    villages: points.features.map((f) => ({
      code: f.properties.code,
      name: f.properties.name,
      townshipCode: f.properties.townshipCode,
      point: [f.geometry.coordinates[0]!, f.geometry.coordinates[1]!],
    })),
    rivers: pack.rivers
      .filter((r) => r.coordinates.length >= 2)
      .map((r) => ({ name: r.name, line: { type: 'LineString', coordinates: r.coordinates } })),
  };
}

export interface TestFleet {
  input: DemoFleetInput;
  fleet: DemoFleet;
  county: Polygon | MultiPolygon;
}

const REGISTRIES = ['geo-hazards', 'exposed-assets', 'forest-areas', 'hazard-sources', 'wells'];

export function demoFleetFromPack(today = '2026-06-01'): TestFleet {
  const geo = demoGeoFromPack();
  const ledger = generateDemoLedger(geo, { today });
  const input: DemoFleetInput = {
    countySeat: geo.seat,
    townships: geo.townships.map((t) => ({ code: t.code, name: t.name, seat: t.seat })),
    rivers: geo.rivers.map((r) => r.name),
    records: ledger.records
      .filter((r) => REGISTRIES.includes(r.registry))
      .map((r) => {
        const q = r.request;
        const [lon, lat] = q.geometry ? pointOf(q.geometry) : [q.lon!, q.lat!];
        return {
          id: r.id,
          registry: r.registry,
          name: q.name,
          regionCode: q.regionCode,
          lon,
          lat,
          enterpriseId: q.enterpriseId ?? null,
          attrs: q.attrs,
        };
      }),
    enterprises: ledger.enterprises.map((e) => ({ id: e.id, name: e.name, industry: e.industry })),
  };
  return { input, fleet: generateDemoFleet(input), county: geo.county };
}
