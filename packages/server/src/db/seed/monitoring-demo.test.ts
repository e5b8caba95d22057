/** Issue #4 part 8: the demo monitoring fleet — deterministic, valid, realistic for 宁县, labelled 演示. */
import {
  buildRuleFromTemplate,
  CreateStationRequest,
  listRuleStreams,
  compileRule,
  sensorSpecOf,
  STATION_KIND_DEFS,
} from '@ningan/domain';
import { booleanPointInPolygon, point } from '@turf/turf';
import { beforeAll, describe, expect, it } from 'vitest';
import { DeviceProfile } from '../../simulator/devices.ts';
import { deviceReadings } from '../../simulator/readings.ts';
import { SCENARIOS, scenarioSettings, scenarioEndsAt } from '../../simulator/scenarios.ts';
import { demoFleetFromPack, type TestFleet } from '../../test/demo-fleet.ts';
import { DEMO_STATION_NOTE, demoRuleSpecs, generateDemoFleet, planMetrics } from './monitoring-demo.ts';

let t: TestFleet;
beforeAll(() => {
  t = demoFleetFromPack();
});

const kinds = () => t.fleet.stations.map((s) => s.request.kind);
const count = (kind: string) => kinds().filter((k) => k === kind).length;
const recordOf = (id: string | null | undefined) => t.input.records.find((r) => r.id === id);

describe('demo monitoring fleet (issue #4 part 8)', () => {
  it('is deterministic: the same ledger in any order gives the same fleet', () => {
    const shuffled = {
      ...t.input,
      records: [...t.input.records].reverse(),
      townships: [...t.input.townships].reverse(),
      enterprises: [...t.input.enterprises].reverse(),
    };
    expect(generateDemoFleet(shuffled)).toEqual(t.fleet);
    expect(generateDemoFleet(t.input)).toEqual(t.fleet);
  });

  it('has 60–100 stations, each a valid CreateStationRequest with its sensors, labelled 演示 and coded DEMO-', () => {
    const n = t.fleet.stations.length;
    expect(n).toBeGreaterThanOrEqual(60);
    expect(n).toBeLessThanOrEqual(100);
    const codes = new Set<string>();
    for (const s of t.fleet.stations) {
      const parsed = CreateStationRequest.safeParse(s.request);
      expect(parsed.success, `${s.request.code}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      expect(s.request.code).toMatch(/^DEMO-[A-Z]+-\d{3}$/);
      expect(s.request.name).toMatch(/（演示）$/);
      expect(s.request.note).toBe(DEMO_STATION_NOTE);
      expect(s.request.note).toContain('演示数据');
      codes.add(s.request.code);
      expect(DeviceProfile.safeParse(s.profile).success).toBe(true);
      // Only one monitored object, and it exists in the ledger.
      expect(s.request.enterpriseId ?? null).toBeNull();
      if (s.request.ledgerRecordId) expect(recordOf(s.request.ledgerRecordId)).toBeDefined();
    }
    expect(codes.size).toBe(n);
  });

  it('puts every station inside the county', () => {
    for (const s of t.fleet.stations)
      expect(
        booleanPointInPolygon(point([s.request.lon, s.request.lat]), t.county),
        `${s.request.code} (${s.request.lon}, ${s.request.lat})`,
      ).toBe(true);
  });

  it('has a rain gauge at each of the 18 township seats, sampling every 300 s in reality, run by 水务局', () => {
    const gauges = t.fleet.stations.filter((s) => s.request.kind === 'rain_gauge');
    expect(gauges).toHaveLength(18);
    expect(new Set(gauges.map((g) => g.request.regionCode))).toEqual(
      new Set(t.input.townships.map((x) => x.code)),
    );
    for (const g of gauges) {
      expect(g.owner).toBe('宁县水务局');
      const parsed = CreateStationRequest.parse(g.request);
      expect(sensorSpecOf(parsed.sensors[0]!, 'rain_gauge').samplingSeconds).toBe(300);
    }
    expect(STATION_KIND_DEFS.rain_gauge.samplingSeconds).toBe(300);
  });

  it('has water-level stations on the demo ledger’s river bridges and reservoirs, with 警戒 < 保证水位 (STANDARDS.md §8)', () => {
    const water = t.fleet.stations.filter((s) => s.request.kind === 'water_level');
    expect(water.length).toBeGreaterThanOrEqual(6);
    const linked = water.map((w) => recordOf(w.request.ledgerRecordId)!);
    expect(linked.every((r) => r.registry === 'exposed-assets')).toBe(true);
    expect(new Set(linked.map((r) => r.attrs.kind))).toEqual(new Set(['桥梁', '水库']));
    for (const w of water) {
      const sensor = w.request.sensors![0]!;
      expect(sensor.warningStage).toBeLessThan(sensor.guaranteedStage!);
      const p = w.profile;
      expect(p.model === 'stage' && p.base < p.warning).toBe(true);
    }
  });

  it('watches geological hazard points with GNSS and crack meters, hazardous-chemical installations with gas detectors and tank sensors', () => {
    const onHazardPoints = t.fleet.stations.filter(
      (s) => recordOf(s.request.ledgerRecordId)?.registry === 'geo-hazards',
    );
    const points = new Set(onHazardPoints.map((s) => s.request.ledgerRecordId));
    expect(points.size).toBeGreaterThanOrEqual(3);
    expect(count('gnss')).toBeGreaterThanOrEqual(5);
    expect(count('crack_meter')).toBe(points.size);
    expect(count('soil_moisture')).toBeGreaterThanOrEqual(3);
    for (const kind of ['combustible_gas', 'toxic_gas', 'tank'] as const) {
      const list = t.fleet.stations.filter((s) => s.request.kind === kind);
      expect(list.length, kind).toBeGreaterThanOrEqual(3);
      for (const s of list)
        expect(['hazard-sources', 'wells']).toContain(recordOf(s.request.ledgerRecordId)?.registry);
    }
    expect(count('weather')).toBe(2);
    for (const s of t.fleet.stations.filter((x) => x.request.kind === 'weather'))
      expect(recordOf(s.request.ledgerRecordId)?.registry).toBe('forest-areas');
    expect(count('seismic')).toBe(1);
    expect(count('wellhead')).toBeGreaterThanOrEqual(1);
    for (const s of t.fleet.stations.filter((x) => x.request.kind === 'wellhead'))
      expect(recordOf(s.request.ledgerRecordId)?.registry).toBe('wells');
    expect(t.fleet.roles.landslideSlope).not.toBeNull();
    expect(t.fleet.roles.gasLeak).not.toBeNull();
  });

  it('gives each station rule specs that build through buildRuleFromTemplate and watch its own sensors', () => {
    const specs = demoRuleSpecs(t.fleet);
    expect(specs.length).toBeGreaterThanOrEqual(50);
    for (const spec of specs) {
      const station = t.fleet.stations.find((s) => s.request.code === spec.code)!;
      const rule = buildRuleFromTemplate(spec.template, spec.params);
      for (const stream of listRuleStreams(compileRule(rule))) {
        expect(stream.device).toBe(spec.code);
        expect(planMetrics(station)).toContain(stream.metric);
      }
    }
    const templates = new Set(specs.map((s) => s.template));
    expect(templates).toEqual(
      new Set(['rainstorm-signal', 'water-level', 'landslide-rate', 'gas-detector', 'tank']),
    );
  });

  it('has the simulator make exactly each station’s metrics, within its sensors’ valid ranges, in every scenario', () => {
    const base = Date.parse('2026-07-20T00:00:00+08:00');
    for (const s of t.fleet.stations) {
      const parsed = CreateStationRequest.parse(s.request);
      const specs = parsed.sensors.map((x) => sensorSpecOf(x, parsed.kind));
      const device = { code: s.request.code, metrics: planMetrics(s), profile: s.profile };
      for (const name of [null, ...SCENARIOS]) {
        const scenario = name ? { ...scenarioSettings(name), startedAt: base } : null;
        const end = scenario ? scenarioEndsAt(scenario) : base + 86_400_000;
        for (let at = base + 20_000; at <= end; at += (end - base) / 97) {
          const readings = deviceReadings(device, at - 20_000, at, scenario);
          expect(readings.map((r) => r.metric)).toEqual(device.metrics);
          for (const r of readings) {
            const spec = specs.find((x) => x.metric === r.metric)!;
            expect(Number.isFinite(r.value)).toBe(true);
            expect(r.value, `${s.request.code} ${r.metric} ${name}`).toBeGreaterThanOrEqual(spec.validMin);
            expect(r.value, `${s.request.code} ${r.metric} ${name}`).toBeLessThanOrEqual(spec.validMax);
          }
        }
      }
    }
  });
});
