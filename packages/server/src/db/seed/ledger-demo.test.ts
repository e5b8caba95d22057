import {
  createRequestSchema,
  CreateEnterpriseRequest,
  DEFAULT_LEC_CONFIG,
  DEFAULT_MAJOR_HAZARD_CONFIG,
  deriveRecord,
  findRegistry,
  isValidCreditCode,
  recordKey,
  type DeriveContext,
  type RegistryDef,
} from '@ningan/domain';
import { booleanPointInPolygon, length } from '@turf/turf';
import type { LineString, Polygon } from 'geojson';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoGeoFromPack } from '../../test/demo-fleet.ts';
import {
  DEMO_LEDGER_TARGETS,
  generateDemoLedger,
  type DemoGeo,
  type DemoLedger,
  type DemoRecord,
} from './ledger-demo.ts';

const TODAY = '2026-11-29';

const ctx: DeriveContext = {
  today: TODAY,
  lec: DEFAULT_LEC_CONFIG,
  majorHazard: DEFAULT_MAJOR_HAZARD_CONFIG,
  planReviewYears: 3,
  expiringWithinDays: 30,
};

let geo: DemoGeo;
let ledger: DemoLedger;
let elapsedMs: number;
const of = (registry: string) => ledger.records.filter((r) => r.registry === registry);
const def = (registry: string): RegistryDef => findRegistry(registry)!;
const schemas = new Map<string, ReturnType<typeof createRequestSchema>>();
const schemaOf = (registry: string) => {
  if (!schemas.has(registry)) schemas.set(registry, createRequestSchema(def(registry)));
  return schemas.get(registry)!;
};
const townshipOf = (code: string) => geo.townships.find((t) => t.code === code.slice(0, 9));

beforeAll(() => {
  geo = demoGeoFromPack('621026');
  const start = performance.now();
  ledger = generateDemoLedger(geo, { today: TODAY });
  elapsedMs = performance.now() - start;
});

describe('generateDemoLedger — the plan’s counts (十四五规划 二(一))', () => {
  it('produces 2,826 enterprises with the plan’s hazardous, mining and oil firms', () => {
    const byIndustry = (...industries: string[]) =>
      ledger.enterprises.filter((e) => industries.includes(e.industry)).length;
    expect(ledger.enterprises).toHaveLength(DEMO_LEDGER_TARGETS.enterprises);
    expect(byIndustry('危险化学品生产', '危险化学品经营', '危险化学品使用')).toBe(20);
    expect(byIndustry('煤矿')).toBe(1);
    expect(byIndustry('非煤矿山')).toBe(1);
    expect(byIndustry('石油天然气开采')).toBe(6);
    expect(byIndustry('油田技术服务')).toBe(5);
    expect(byIndustry('商贸')).toBeGreaterThan(byIndustry('工贸'));
    expect(byIndustry('工贸')).toBeGreaterThan(byIndustry('其他', '建筑施工', '交通运输') / 2);
    const large = ledger.enterprises.filter((e) => e.scale === '规上').length / ledger.enterprises.length;
    expect(large).toBeGreaterThan(0.12);
    expect(large).toBeLessThan(0.19);
    expect(ledger.enterprises.find((e) => e.industry === '煤矿')!.address).toContain('800万吨/年');
  });

  it('starts with the 12 bootstrap demo enterprises, the first at a village', () => {
    expect(ledger.enterprises.slice(0, 12).map((e) => [e.name, e.industry, e.scale])).toEqual([
      ['（演示）宁县某油田技术服务有限公司', '油田技术服务', '规上'],
      ['（演示）宁县某液化石油气储配站', '危险化学品经营', '规下'],
      ['（演示）宁县某加油站', '危险化学品经营', '规下'],
      ['（演示）宁县某自来水厂（液氯）', '危险化学品使用', '规上'],
      ['（演示）宁县某煤矿', '煤矿', '规上'],
      ['（演示）宁县某砂石料场', '非煤矿山', '规下'],
      ['（演示）宁县某采油作业区', '石油天然气开采', '规上'],
      ['（演示）宁县某建筑工程有限公司', '建筑施工', '规上'],
      ['（演示）宁县某运输有限公司', '交通运输', '规下'],
      ['（演示）宁县某果品加工厂', '工贸', '规上'],
      ['（演示）宁县某商贸有限公司', '商贸', '规下'],
      ['（演示）宁县某烟花爆竹零售点', '烟花爆竹', '规下'],
    ]);
    expect(ledger.enterprises[0]!.regionCode).toMatch(/^\d{12}$/);
  });

  it('produces the plan’s exact counts and about the planned number of everything else', () => {
    expect(of('wells')).toHaveLength(DEMO_LEDGER_TARGETS.wells);
    expect(of('special-equipment')).toHaveLength(DEMO_LEDGER_TARGETS.specialEquipment);
    expect(of('crowded-places')).toHaveLength(DEMO_LEDGER_TARGETS.crowdedPlaces);
    expect(of('fire-units')).toHaveLength(DEMO_LEDGER_TARGETS.fireUnits);
    const about = (registry: string, min: number, max: number) => {
      expect(of(registry).length, registry).toBeGreaterThanOrEqual(min);
      expect(of(registry).length, registry).toBeLessThanOrEqual(max);
    };
    about('risk-points', 140, 190);
    about('geo-hazards', 110, 130);
    about('flood-zones', 18, 22);
    about('forest-areas', 8, 12);
    about('rescue-teams', 40, 50);
    about('experts', 55, 65);
    about('equipment', 140, 160);
    about('shelters', 55, 65);
    about('plans', 65, 80);
    about('drills', 35, 45);
    const levels = of('warehouses').map((r) => r.request.attrs.level);
    expect(levels.filter((l) => l === '县级')).toHaveLength(1);
    expect(levels.filter((l) => l === '乡镇级')).toHaveLength(18);
    expect(levels.filter((l) => l === '村级').length).toBeGreaterThanOrEqual(15);
  });

  it('lays 89.2 km of long-distance pipelines and 7.4 km of urban gas network (±0.05 km)', () => {
    const km = (kind: string) => {
      const lines = of('pipelines').filter((r) => r.request.attrs.kind === kind);
      return {
        n: lines.length,
        km: lines.reduce(
          (s, r) =>
            s + length({ type: 'Feature', properties: {}, geometry: r.request.geometry as LineString }),
          0,
        ),
      };
    };
    const long = km('长输油气管道');
    const urban = km('城镇燃气管道');
    expect(long.n).toBeGreaterThanOrEqual(3);
    expect(long.n).toBeLessThanOrEqual(6);
    expect(urban.n).toBeGreaterThanOrEqual(4);
    expect(urban.n).toBeLessThanOrEqual(8);
    expect(Math.abs(long.km - DEMO_LEDGER_TARGETS.longDistancePipelineKm)).toBeLessThanOrEqual(0.05);
    expect(Math.abs(urban.km - DEMO_LEDGER_TARGETS.urbanGasPipelineKm)).toBeLessThanOrEqual(0.05);
  });

  it('gives the wells to the six producers, about 8 % sour, with unique codes', () => {
    const producers = new Set(
      ledger.enterprises.filter((e) => e.industry === '石油天然气开采').map((e) => e.id),
    );
    const wells = of('wells');
    expect(new Set(wells.map((w) => w.request.enterpriseId))).toEqual(producers);
    const sour = wells.filter((w) => w.request.attrs.sour === true).length / wells.length;
    expect(sour).toBeGreaterThan(0.05);
    expect(sour).toBeLessThan(0.11);
    expect(new Set(wells.map((w) => w.request.attrs.code)).size).toBe(wells.length);
  });

  it('spreads special-equipment inspections: some overdue, some due within 30 days, most in use', () => {
    const grades = of('special-equipment').map((r) => deriveRecord(def(r.registry), recordOf(r), ctx).grade);
    expect(grades.filter((g) => g === 'overdue').length).toBeGreaterThan(10);
    expect(grades.filter((g) => g === 'due').length).toBeGreaterThan(10);
    const inUse = of('special-equipment').filter((r) => r.request.attrs.status === '在用').length;
    expect(inUse / 717).toBeGreaterThan(0.8);
  });
});

const recordOf = (r: DemoRecord) => ({ attrs: r.request.attrs, geometry: r.request.geometry });

describe('generateDemoLedger — validity', () => {
  it('every enterprise passes CreateEnterpriseRequest, with unique valid credit codes and names', () => {
    for (const e of ledger.enterprises) {
      const { id: _id, ...request } = e;
      const parsed = CreateEnterpriseRequest.safeParse(request);
      expect(parsed.success ? [] : parsed.error.issues, e.name).toEqual([]);
      expect(isValidCreditCode(e.creditCode)).toBe(true);
      expect(e.supervisingDepartmentId).toBeNull();
    }
    expect(new Set(ledger.enterprises.map((e) => e.creditCode)).size).toBe(ledger.enterprises.length);
    expect(new Set(ledger.enterprises.map((e) => e.name)).size).toBe(ledger.enterprises.length);
  });

  it('licences of the hazardous firms expire from about 60 days ago to 3 years ahead; high-risk firms are insured', () => {
    const days = (d: string) => (Date.parse(d) - Date.parse(TODAY)) / 86_400_000;
    const hazardous = ledger.enterprises.filter((e) => e.industry.startsWith('危险化学品'));
    for (const e of hazardous) {
      expect(e.licences.length, e.name).toBeGreaterThan(0);
      for (const l of e.licences) {
        expect(days(l.expiresOn)).toBeGreaterThanOrEqual(-60);
        expect(days(l.expiresOn)).toBeLessThanOrEqual(3 * 366);
      }
    }
    const all = ledger.enterprises.flatMap((e) => e.licences.map((l) => days(l.expiresOn)));
    expect(all.some((d) => d < 0)).toBe(true);
    expect(all.some((d) => d >= 0 && d <= 30)).toBe(true);
    expect(hazardous.filter((e) => e.insured).length).toBeGreaterThan(14);
  });

  it('every record passes its registry’s create schema and derives without problems', () => {
    for (const r of ledger.records) {
      const registry = findRegistry(r.registry);
      expect(registry, r.registry).toBeDefined();
      const parsed = schemaOf(r.registry).safeParse(r.request);
      expect(parsed.success ? [] : parsed.error.issues, `${r.registry} ${r.request.name}`).toEqual([]);
      expect(r.request.supervisingDepartmentId).toBeNull();
      const derived = deriveRecord(registry!, recordOf(r), ctx);
      expect(derived.problems, `${r.registry} ${r.request.name}`).toEqual([]);
    }
  });

  it('places every enterprise and point record inside the county and its township’s zone', () => {
    const codes = new Set([...geo.townships.map((t) => t.code), ...geo.villages.map((v) => v.code)]);
    const inside = (p: [number, number], regionCode: string, what: string) => {
      expect(codes.has(regionCode), `${what}: ${regionCode}`).toBe(true);
      const t = townshipOf(regionCode)!;
      expect(booleanPointInPolygon(p, geo.county), `${what} in county`).toBe(true);
      expect(booleanPointInPolygon(p, t.zone), `${what} in ${t.name}`).toBe(true);
    };
    for (const e of ledger.enterprises) inside([e.lon, e.lat], e.regionCode, e.name);
    for (const r of ledger.records) {
      const { request: q } = r;
      const kind = def(r.registry).geometry;
      if (kind === 'point') inside([q.lon!, q.lat!], q.regionCode, `${r.registry} ${q.name}`);
      else expect([q.lon, q.lat]).toEqual([null, null]);
      if (kind === 'none') {
        expect(q.geometry).toBeNull();
        expect(codes.has(q.regionCode) || q.regionCode === geo.countyCode, q.name).toBe(true);
      }
      if (kind === 'line') {
        for (const p of (q.geometry as LineString).coordinates)
          expect(booleanPointInPolygon(p, geo.county), q.name).toBe(true);
        expect(codes.has(q.regionCode) || q.regionCode === geo.countyCode, q.name).toBe(true);
      }
      if (kind === 'polygon') {
        const t = townshipOf(q.regionCode)!;
        expect(codes.has(q.regionCode), q.name).toBe(true);
        for (const p of (q.geometry as Polygon).coordinates[0]!) {
          expect(booleanPointInPolygon(p, geo.county), q.name).toBe(true);
          expect(booleanPointInPolygon(p, t.zone), `${q.name} in ${t.name}`).toBe(true);
        }
      }
    }
    for (const r of of('experts')) expect(r.request.regionCode).toBe(geo.countyCode);
    for (const r of of('pipelines').filter((x) => x.request.attrs.kind === '城镇燃气管道'))
      expect(townshipOf(r.request.regionCode)?.name).toBe('新宁镇');
  });

  it('puts forests in the eastern townships by the 子午岭 and the wells in the west and north', () => {
    const towns = (registry: string) =>
      new Set(of(registry).map((r) => townshipOf(r.request.regionCode)!.name));
    expect([...towns('forest-areas')].sort()).toEqual(['九岘乡', '湘乐镇', '盘克镇', '金村乡'].sort());
    expect([...towns('wells')].sort()).toEqual(['南义乡', '和盛镇', '太昌镇', '焦村镇', '瓦斜乡'].sort());
  });

  it('has unique ids, well codes, registration numbers, geo-hazard codes and expert phones', () => {
    const ids = [...ledger.enterprises.map((e) => e.id), ...ledger.records.map((r) => r.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const unique = (registry: string, key: string) => {
      const values = of(registry).map((r) => r.request.attrs[key]);
      expect(new Set(values).size, `${registry}.${key}`).toBe(values.length);
    };
    unique('wells', 'code');
    unique('special-equipment', 'registrationNo');
    unique('geo-hazards', 'code');
    unique('experts', 'phone');
    // The import/matching key (the table's unique (registry, record_key)) of every record.
    for (const registry of new Set(ledger.records.map((r) => r.registry))) {
      const keys = of(registry).map((r) => recordKey(findRegistry(registry)!, r.request));
      const dup = keys.filter((k, i) => keys.indexOf(k) !== i);
      expect(dup, registry).toEqual([]);
    }
  });

  it('refers only to earlier records of the right registry, and enterprise links to enterprises', () => {
    const enterprises = new Set(ledger.enterprises.map((e) => e.id));
    const seen = new Map<string, string>();
    for (const r of ledger.records) {
      const registry = def(r.registry);
      for (const f of registry.fields)
        if (f.type === 'ref') {
          const target = r.request.attrs[f.key];
          if (target === null || target === undefined) continue;
          expect(seen.get(target as string), `${r.registry}.${f.key} of ${r.request.name}`).toBe(f.to);
        }
      if (r.request.enterpriseId !== null) expect(enterprises.has(r.request.enterpriseId)).toBe(true);
      if (registry.enterprise === 'required') expect(r.request.enterpriseId).not.toBeNull();
      seen.set(r.id, r.registry);
    }
    expect(of('geo-hazards').every((r) => typeof r.request.attrs.shelterId === 'string')).toBe(true);
    expect(of('flood-zones').every((r) => typeof r.request.attrs.shelterId === 'string')).toBe(true);
    expect(of('equipment').some((r) => typeof r.request.attrs.teamId === 'string')).toBe(true);
  });

  it('keeps enterprise-linked records near their enterprise (wells within their oil field)', () => {
    const byId = new Map(ledger.enterprises.map((e) => [e.id, e]));
    const km = (a: [number, number], b: [number, number]) =>
      Math.hypot((a[0] - b[0]) * 111.32 * Math.cos((a[1] * Math.PI) / 180), (a[1] - b[1]) * 111.32);
    for (const r of ledger.records) {
      const e = r.request.enterpriseId ? byId.get(r.request.enterpriseId) : undefined;
      if (!e || r.request.lon === null) continue;
      const d = km([e.lon, e.lat], [r.request.lon, r.request.lat!]);
      expect(d, `${r.registry} ${r.request.name}`).toBeLessThan(r.registry === 'wells' ? 40 : 2);
    }
  });
});

describe('generateDemoLedger — grades', () => {
  it('grades hazard sources per GB 18218-2018: major ones of at least three grades, and non-major ones', () => {
    const hazardous = new Set(
      ledger.enterprises.filter((e) => e.industry.startsWith('危险化学品')).map((e) => e.id),
    );
    const units = of('hazard-sources');
    expect(new Set(units.map((u) => u.request.enterpriseId))).toEqual(hazardous);
    const grades = units.map((u) => deriveRecord(def('hazard-sources'), recordOf(u), ctx).grade);
    expect(grades.filter((g) => g === 'none').length).toBeGreaterThanOrEqual(5);
    const major = new Set(grades.filter((g) => g !== 'none'));
    expect(major.size).toBeGreaterThanOrEqual(3);
    for (const g of ['2', '3', '4']) expect(major.has(g), `grade ${g}`).toBe(true);
    // a filing number only for the units that are major hazard installations
    units.forEach((u, i) => expect(u.request.attrs.recordNo === null).toBe(grades[i] === 'none'));
  });

  it('gives the firms’ risk points all four colours, few of them red', () => {
    const colours = of('risk-points').map((r) => deriveRecord(def('risk-points'), recordOf(r), ctx).grade);
    for (const c of ['red', 'orange', 'yellow', 'blue']) expect(colours, c).toContain(c);
    expect(colours.filter((c) => c === 'red').length / colours.length).toBeLessThan(0.12);
  });

  it('leaves about 15 % of the plans due for revision, and some drills with open follow-ups', () => {
    const plans = of('plans').map((r) => deriveRecord(def('plans'), recordOf(r), ctx).grade);
    const overdue = plans.filter((g) => g === 'overdue').length / plans.length;
    expect(overdue).toBeGreaterThan(0.1);
    expect(overdue).toBeLessThan(0.2);
    const types = new Set(of('plans').map((r) => r.request.attrs.type));
    expect([...types].sort()).toEqual(['专项', '企业', '总体', '现场处置', '部门'].sort());
    const drills = of('drills').map((r) => deriveRecord(def('drills'), recordOf(r), ctx).grade);
    expect(drills).toContain('open');
    expect(drills).toContain('closed');
  });
});

describe('generateDemoLedger — determinism and speed', () => {
  it('gives the same ledger for the same input and a different one for another seed', () => {
    expect(generateDemoLedger(geo, { today: TODAY })).toEqual(ledger);
    const other = generateDemoLedger(geo, { today: TODAY, seed: 7 });
    expect(other.enterprises[0]!.id).not.toBe(ledger.enterprises[0]!.id);
    expect(other).not.toEqual(ledger);
    expect(other.enterprises).toHaveLength(DEMO_LEDGER_TARGETS.enterprises);
  });

  it('works without rivers (flood zones and bridges near the township seats) and stays valid', () => {
    const dry = generateDemoLedger({ ...geo, rivers: [] }, { today: '2025-03-01', seed: 3 });
    const zones = dry.records.filter((r) => r.registry === 'flood-zones');
    expect(zones).toHaveLength(20);
    for (const r of dry.records) {
      const parsed = schemaOf(r.registry).safeParse(r.request);
      expect(parsed.success, `${r.registry} ${r.request.name}`).toBe(true);
    }
    for (const z of zones) {
      const t = townshipOf(z.request.regionCode)!;
      for (const p of (z.request.geometry as Polygon).coordinates[0]!)
        expect(booleanPointInPolygon(p, t.zone)).toBe(true);
    }
    expect(
      dry.records.filter((r) => r.registry === 'exposed-assets' && r.request.attrs.kind === '桥梁'),
    ).toHaveLength(8);
  });

  it('rejects a malformed day', () => {
    expect(() => generateDemoLedger(geo, { today: '29.11.2026' })).toThrow(RangeError);
  });

  it('runs in well under two seconds', () => {
    expect(elapsedMs).toBeLessThan(2000);
  });
});
