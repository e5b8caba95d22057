/**
 * The demo monitoring fleet (演示监测设备, issue #4 part 8): about 70 stations where a county like 宁县 would
 * have them, every one named "…（演示）", noted 演示数据 and coded DEMO-…:
 *
 * - a rain gauge at every township seat (real sampling 300 s), run by 水务局;
 * - water-level stations at the river bridges and reservoirs of the demo ledger, with 警戒/保证水位;
 * - GNSS, crack meters and soil moisture on a few geological hazard points (隐患点), run by 自然资源局;
 * - combustible/toxic gas detectors and storage-tank sensors at the demo hazardous-chemical enterprises'
 *   major hazard installations (重大危险源), linked to those records (so their enterprise sees them);
 * - weather stations in two 子午岭 forest areas (林草局), one strong-motion (PGA/PGV) station at the county
 *   seat, wellhead pressure and an H2S detector at demo oil wells.
 *
 * Every threshold number here is demo configuration, not a standard: stages, tank limits and slope rates
 * are local data per STANDARDS.md §8 and §6.3 (set per gauge, per tank, per slope). The 暴雨 levels and gas
 * set points are the templates' defaults (STANDARDS.md §3; GB/T 50493-2019 §5.5).
 *
 * Pure and deterministic: the same ledger gives the same fleet (inputs are sorted here; per-station
 * numbers come from a hash of the station's code). No secrets: the service adds them when it seeds.
 * `rules` is what each station should be watched by (a template and its parameters), for the alarm-rule
 * seeding; nothing here creates rules.
 */
import {
  type CreateStationRequest,
  type GasDetectorParams,
  type LandslideParams,
  type Metric,
  type NoDataPolicy,
  type RainstormSignalParams,
  type StationKind,
  type TankParams,
  type WaterLevelParams,
} from '@ningan/domain';
import type { z } from 'zod';
import type { DeviceProfile } from '../../simulator/devices.ts';
import { roundTo, unit } from '../../simulator/signals.ts';

/** WGS84 `[lon, lat]`, degrees. */
export type LonLat = [number, number];

export interface FleetTownship {
  code: string;
  name: string;
  seat: LonLat;
}

/** A demo ledger record the fleet may watch. */
export interface FleetRecord {
  id: string;
  registry: string;
  name: string;
  regionCode: string;
  lon: number;
  lat: number;
  enterpriseId: string | null;
  attrs: Record<string, unknown>;
}

export interface FleetEnterprise {
  id: string;
  name: string;
  industry: string;
}

export interface DemoFleetInput {
  /** The county's seat (WGS84): the `rainstorm` scenario is centred on the nearest township seat. */
  countySeat: LonLat;
  townships: FleetTownship[];
  /** The region pack's rivers; bridges named after one of them carry its water-level stations. */
  rivers: string[];
  /** Demo ledger records of the registries used here (geo-hazards, exposed-assets, forest-areas, hazard-sources, wells). */
  records: FleetRecord[];
  enterprises: FleetEnterprise[];
}

/** Departments that run demo stations (names from the organisation template). */
export const DEMO_STATION_OWNERS = [
  '宁县水务局',
  '宁县自然资源局',
  '宁县林业和草原局',
  '宁县应急管理局',
] as const;
export type DemoStationOwner = (typeof DEMO_STATION_OWNERS)[number];

/** What a station should be watched by: an alarm-rule template and its parameters (they parse). */
export type DemoRuleSpec =
  | { template: 'rainstorm-signal'; params: RainstormSignalParams }
  | { template: 'water-level'; params: WaterLevelParams }
  | { template: 'landslide-rate'; params: LandslideParams }
  | { template: 'gas-detector'; params: GasDetectorParams }
  | { template: 'tank'; params: TankParams };

export type DemoStationRequest = z.input<typeof CreateStationRequest>;

export interface DemoStationPlan {
  /** A valid CreateStationRequest; `ownerDepartmentId` is filled in from `owner` when seeding. */
  request: DemoStationRequest & { code: string; name: string; kind: StationKind };
  owner: DemoStationOwner | null;
  /** Township name (for the simulator's messages). */
  township: string;
  profile: DeviceProfile;
  rules: DemoRuleSpec[];
}

export interface DemoFleet {
  stations: DemoStationPlan[];
  /** Centre of the `rainstorm` scenario. */
  stormCenter: LonLat;
  /** Device ids the scenarios act on. */
  roles: { landslideSlope: string | null; gasLeak: string | null; seismic: string };
}

/** The marker every demo station carries (name suffix and note). */
export const DEMO_STATION_SUFFIX = '（演示）';
export const DEMO_STATION_NOTE = '演示数据 demo：读数由演示模拟器（ningan simulate）产生，不是真实监测数据。';
export const DEMO_CODE_PREFIX = 'DEMO-';

const MINUTE = 60_000;

// Demo rate thresholds of the monitored slopes, mm/d (§6.3: no national value; set per slope from its own
// constant-velocity stage). The rate is taken over one hour so a few minutes of acceleration show.
const GNSS_RATES = { blue: 10, yellow: 30, orange: 100, red: 300 };
const CRACK_RATES = { blue: 5, yellow: 15, orange: 50, red: 150 };
const RATE_WINDOW_MS = 60 * MINUTE;
/** Clear thresholds this far below the raise ones (mm/d): the 0.1 mm resolution alone moves the rate ±2.4 mm/d. */
const GNSS_DEADBAND = 5;
const CRACK_DEADBAND = 2;
/** A water level clears 5 cm below the stage that raised it (the gauge reads to the centimetre). */
const STAGE_DEADBAND = 0.05;

/**
 * Occupational exposure limits (GBZ 2.1-2019) used as the OEL of toxic-gas detectors, converted to ppm at
 * 20 ℃ (ppm = mg/m³ × 24.04 / M): Cl₂ MAC 1 mg/m³, NH₃ PC-STEL 30 mg/m³, H₂S MAC 10 mg/m³. UNCONFIRMED: not in
 * STANDARDS.md (recalled, not read), so demo configuration only.
 */
const TOXIC_GASES = {
  液氯: { gas: '氯气', oelPpm: 0.34, background: 0.02, rangePpm: 10 },
  液氨: { gas: '氨', oelPpm: 42.3, background: 1.5, rangePpm: 100 },
  硫化氢: { gas: '硫化氢', oelPpm: 7.05, background: 0.2, rangePpm: 100 },
} as const;

const FLAMMABLE_GASES = ['液化石油气', '液化天然气', '压缩天然气', '天然气', '乙炔', '甲烷'];
const FLAMMABLE_LIQUIDS = ['汽油', '甲醇', '甲苯', '乙酸乙酯', '苯', '乙醇', '石脑油'];

/** Rain over the whole `rainstorm` story by a gauge's rank in distance from the storm's centre, mm. */
const STORM_TOTALS_MM = [150, 125, 105, 85, 70, 55, 40, 30, 22, 16, 12, 10];
const STORM_TAIL_MM = 8;

const noData = (timeoutMs: number): NoDataPolicy => ({ timeoutMs, handling: 'keep' });

function offsetM([lon, lat]: LonLat, eastM: number, northM: number): LonLat {
  return [
    roundTo(lon + eastM / (111_320 * Math.cos((lat * Math.PI) / 180)), 0.000001),
    roundTo(lat + northM / 110_540, 0.000001),
  ];
}

function distanceKm(a: LonLat, b: LonLat): number {
  const kx = 111.32 * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * 110.54);
}

const pad = (n: number) => String(n).padStart(3, '0');
const byName = <T extends { name: string; id: string }>(a: T, b: T) =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
const numberAttr = (r: FleetRecord, key: string) => (typeof r.attrs[key] === 'number' ? r.attrs[key] : 0);
const shortFirm = (name: string) => name.replace(/^（演示）/, '').replace(/^宁县/, '');

interface Substance {
  name: string;
  quantity: number;
}
function substancesOf(r: FleetRecord): Substance[] {
  const list = r.attrs.substances;
  if (!Array.isArray(list)) return [];
  return list.flatMap((s: unknown) => {
    const o = s as { name?: unknown; quantity?: unknown };
    return typeof o.name === 'string'
      ? [{ name: o.name, quantity: typeof o.quantity === 'number' ? o.quantity : 0 }]
      : [];
  });
}

class Codes {
  private next = new Map<string, number>();
  take(prefix: string): string {
    const n = (this.next.get(prefix) ?? 0) + 1;
    this.next.set(prefix, n);
    return `${DEMO_CODE_PREFIX}${prefix}-${pad(n)}`;
  }
}

const rainstormRule = (code: string, name: string): DemoRuleSpec => ({
  template: 'rainstorm-signal',
  params: {
    id: `demo-${code}-rainstorm`,
    subject: code,
    name: `${name} 暴雨预警信号`,
    // A gauge reports every 5 min in reality: three missed reports and the rule says so (keeping its state).
    noData: noData(15 * MINUTE),
    gauge: { device: code, metric: 'rainfall' },
  },
});

/** The demo fleet of an installation's demo ledger. */
export function generateDemoFleet(input: DemoFleetInput): DemoFleet {
  const codes = new Codes();
  const stations: DemoStationPlan[] = [];
  const townships = [...input.townships].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const townshipName = (regionCode: string) =>
    townships.find((t) => t.code === regionCode.slice(0, 9))?.name ?? '';
  const records = [...input.records].sort(byName);
  const enterprises = new Map(input.enterprises.map((e) => [e.id, e]));
  const isDemoFirm = (id: string | null) =>
    id ? (enterprises.get(id)?.name.startsWith('（演示）') ?? false) : false;
  const of = (registry: string) => records.filter((r) => r.registry === registry);
  const at = (r: FleetRecord): LonLat => [r.lon, r.lat];

  const seatTown =
    townships.reduce<FleetTownship | null>(
      (best, t) =>
        !best || distanceKm(t.seat, input.countySeat) < distanceKm(best.seat, input.countySeat) ? t : best,
      null,
    ) ?? null;
  const stormCenter: LonLat = seatTown ? seatTown.seat : input.countySeat;

  const add = (
    plan: Omit<DemoStationPlan, 'request'> & {
      request: Omit<DemoStationPlan['request'], 'name' | 'note'> & { name: string };
    },
  ) => {
    stations.push({
      ...plan,
      request: {
        ...plan.request,
        name: `${plan.request.name}${DEMO_STATION_SUFFIX}`,
        note: DEMO_STATION_NOTE,
      },
    });
  };

  // Rain gauges: one per township seat.
  for (const t of townships) {
    const code = codes.take('RG');
    const name = `${t.name}雨量站`;
    const [lon, lat] = offsetM(t.seat, 250, 150);
    add({
      request: {
        code,
        name,
        kind: 'rain_gauge',
        regionCode: t.code,
        lon,
        lat,
        sensors: [{ metric: 'rainfall', label: '降雨量（翻斗 0.1 mm）' }],
      },
      owner: '宁县水务局',
      township: t.name,
      profile: { model: 'rain', showerMmPerHour: roundTo(1 + 1.5 * unit(`${code}|shower`), 0.1), stormMm: 0 },
      rules: [rainstormRule(code, name)],
    });
  }

  // Water level: river gauges at the bridges, reservoir gauges.
  const riverOf = (name: string) =>
    [...input.rivers].sort((a, b) => b.length - a.length).find((river) => name.startsWith(river)) ?? null;
  const bridges = of('exposed-assets').filter((r) => r.attrs.kind === '桥梁' && riverOf(r.name) !== null);
  const reservoirs = of('exposed-assets').filter((r) => r.attrs.kind === '水库');
  const gauges: { plan: DemoStationPlan; distance: number; reservoir: boolean }[] = [];
  for (const [reservoir, list] of [
    [false, bridges],
    [true, reservoirs],
  ] as const)
    for (const r of list) {
      const code = codes.take('WL');
      const u = (k: string) => unit(`${code}|${k}`);
      // Rivers: stage on the gauge's staff (水尺零点); reservoirs: level above the dam's foot. Demo values.
      const base = reservoir ? roundTo(8 + 4 * u('base'), 0.01) : roundTo(0.8 + 0.8 * u('base'), 0.01);
      const warning = roundTo(base + (reservoir ? 1 + 0.5 * u('w') : 2.2 + 0.6 * u('w')), 0.1);
      const guarantee = roundTo(warning + 1.2 + 0.4 * u('g'), 0.1);
      const name = `${r.name}水位站`;
      const [lon, lat] = offsetM(at(r), 0, 30);
      const plan: DemoStationPlan = {
        request: {
          code,
          name: `${name}${DEMO_STATION_SUFFIX}`,
          kind: 'water_level',
          regionCode: r.regionCode,
          lon,
          lat,
          ledgerRecordId: r.id,
          note: DEMO_STATION_NOTE,
          sensors: [
            {
              metric: 'water_level',
              label: reservoir ? '库水位（警戒＝汛限水位，保证＝设计洪水位）' : '水位（相对水尺零点）',
              validMin: 0,
              validMax: reservoir ? 40 : 12,
              warningStage: warning,
              guaranteedStage: guarantee,
            },
          ],
        },
        owner: '宁县水务局',
        township: townshipName(r.regionCode),
        profile: { model: 'stage', base, warning, guarantee, floodPeak: null, lagHours: 1 },
        rules: [
          {
            template: 'water-level',
            params: {
              id: `demo-${code}-water-level`,
              subject: code,
              name: `${name} 水位预警`,
              noData: noData(15 * MINUTE),
              gauge: { device: code, metric: 'water_level' },
              warningStage: warning,
              guaranteeStage: guarantee,
              deadband: STAGE_DEADBAND,
            },
          },
        ],
      };
      gauges.push({ plan, distance: distanceKm(at(r), stormCenter), reservoir });
      stations.push(plan);
    }
  // The storm's rivers: the gauge nearest the centre passes 保证水位, the next two 警戒水位; the rest rise a little.
  for (const reservoir of [false, true]) {
    const ranked = gauges.filter((g) => g.reservoir === reservoir).sort((a, b) => a.distance - b.distance);
    ranked.forEach((g, rank) => {
      const p = g.plan.profile;
      if (p.model !== 'stage') return;
      const { base, warning: w, guarantee: gu } = p;
      p.floodPeak = roundTo(
        reservoir
          ? rank === 0
            ? w + 0.4 * (gu - w)
            : base + 0.3 * (w - base)
          : rank === 0
            ? gu + 0.3
            : rank <= 2
              ? w + 0.4 * (gu - w)
              : base + 0.35 * (w - base),
        0.01,
      );
      // Farther down the valley, later (capped: the story must see the water recede).
      p.lagHours = roundTo(Math.min(2.2, (reservoir ? 2 : 1) + g.distance / 12), 0.1);
    });
  }

  // Geological hazard points: three landslides and two rockfalls with the most people at risk.
  const geo = of('geo-hazards');
  const mostAtRisk = (kind: string, n: number) =>
    geo
      .filter((r) => r.attrs.kind === kind)
      .sort((a, b) => numberAttr(b, 'people') - numberAttr(a, 'people') || byName(a, b))
      .slice(0, n);
  const slopes = [...mostAtRisk('滑坡', 3), ...mostAtRisk('崩塌', 2)];
  const failing = slopes[0] ?? null;
  for (const slope of slopes) {
    const isLandslide = slope.attrs.kind === '滑坡';
    const isFailing = slope === failing;
    const township = townshipName(slope.regionCode);
    const link = { regionCode: slope.regionCode, ledgerRecordId: slope.id };
    const gnssCount = isLandslide ? 2 : 1;
    for (let n = 1; n <= gnssCount; n += 1) {
      const code = codes.take('GNSS');
      const name = `${slope.name} GNSS 位移监测点 ${n}`;
      const [lon, lat] = offsetM(at(slope), 0, n === 1 ? 35 : -35);
      add({
        request: {
          code,
          name,
          kind: 'gnss',
          lon,
          lat,
          ...link,
          sensors: [{ metric: 'displacement', label: '累计水平位移', validMin: -5000, validMax: 5000 }],
        },
        owner: '宁县自然资源局',
        township,
        profile: {
          model: 'creep',
          metric: 'displacement',
          base: roundTo(5 + 20 * unit(`${code}|base`), 0.1),
          creepMmPerDay: roundTo(0.02 + 0.06 * unit(`${code}|creep`), 0.001),
          noiseMm: 0.03,
          step: 0.1,
          // The upper point moves most; the lower one half as much.
          failureScaleMm: isFailing ? (n === 1 ? 4 : 2) : null,
        },
        rules: [
          {
            template: 'landslide-rate',
            params: {
              id: `demo-${code}-landslide-rate`,
              subject: code,
              name: `${name} 位移速率预警`,
              noData: noData(30 * MINUTE),
              sensor: { device: code, metric: 'displacement' },
              ratesMmPerDay: GNSS_RATES,
              windowMs: RATE_WINDOW_MS,
              deadband: GNSS_DEADBAND,
            },
          },
        ],
      });
    }
    {
      const code = codes.take('CM');
      const name = `${slope.name}裂缝计`;
      const [lon, lat] = offsetM(at(slope), 30, 0);
      add({
        request: {
          code,
          name,
          kind: 'crack_meter',
          lon,
          lat,
          ...link,
          sensors: [{ metric: 'crack_width', label: '后缘裂缝宽度', validMin: 0, validMax: 500 }],
        },
        owner: '宁县自然资源局',
        township,
        profile: {
          model: 'creep',
          metric: 'crack_width',
          base: roundTo(3 + 9 * unit(`${code}|base`), 0.01),
          creepMmPerDay: roundTo(0.005 + 0.015 * unit(`${code}|creep`), 0.001),
          noiseMm: 0.005,
          step: 0.01,
          failureScaleMm: isFailing ? 2.5 : null,
        },
        rules: [
          {
            template: 'landslide-rate',
            params: {
              id: `demo-${code}-crack-rate`,
              subject: code,
              name: `${name} 裂缝扩展速率预警`,
              noData: noData(30 * MINUTE),
              sensor: { device: code, metric: 'crack_width' },
              ratesMmPerDay: CRACK_RATES,
              windowMs: RATE_WINDOW_MS,
              deadband: CRACK_DEADBAND,
            },
          },
        ],
      });
    }
    if (isLandslide) {
      const code = codes.take('SM');
      const [lon, lat] = offsetM(at(slope), -30, 0);
      const near = Math.exp(-((distanceKm(at(slope), stormCenter) / 15) ** 2));
      add({
        request: {
          code,
          name: `${slope.name}土壤含水率监测`,
          kind: 'soil_moisture',
          lon,
          lat,
          ...link,
          sensors: [{ metric: 'soil_moisture', label: '土壤体积含水率（30 cm）' }],
        },
        owner: '宁县自然资源局',
        township,
        profile: {
          model: 'soil',
          base: roundTo(14 + 8 * unit(`${code}|base`), 0.1),
          stormRise: roundTo(2 + 14 * near, 0.1),
        },
        rules: [],
      });
    }
  }

  // Hazardous chemicals: detectors and tanks at the major hazard installations (hazard-sources records).
  const installations = of('hazard-sources')
    .filter((r) => r.enterpriseId !== null && enterprises.has(r.enterpriseId))
    .map((r) => ({ record: r, firm: enterprises.get(r.enterpriseId!)!, substances: substancesOf(r) }))
    // The demo enterprises (（演示）…, one has the demo enterprise account) first.
    .sort(
      (a, b) =>
        Number(isDemoFirm(b.record.enterpriseId)) - Number(isDemoFirm(a.record.enterpriseId)) ||
        (a.firm.name < b.firm.name ? -1 : a.firm.name > b.firm.name ? 1 : 0) ||
        byName(a.record, b.record),
    );
  const has = (subs: Substance[], names: string[]) => subs.filter((s) => names.includes(s.name));
  const leakSite =
    installations.find(
      (i) => i.record.attrs.unitType === '储存单元' && has(i.substances, ['液化石油气']).length > 0,
    ) ?? null;
  let combustible = 0;
  for (const i of installations) {
    const gases = has(i.substances, FLAMMABLE_GASES);
    const liquids = has(i.substances, FLAMMABLE_LIQUIDS);
    const liquidTonnes = liquids.reduce((s, x) => s + x.quantity, 0);
    const watched =
      gases.length > 0 || liquidTonnes >= 100 || (liquids.length > 0 && isDemoFirm(i.record.enterpriseId));
    if (!watched || combustible >= 12) continue;
    combustible += 1;
    const code = codes.take('GAS');
    const name = `${shortFirm(i.firm.name)}${i.record.name}可燃气体探测器`;
    const [lon, lat] = offsetM(at(i.record), 12, -8);
    const leakPeak =
      leakSite === null ? null : i === leakSite ? 68 : i.firm.id === leakSite.firm.id ? 30 : null;
    add({
      request: {
        code,
        name,
        kind: 'combustible_gas',
        regionCode: i.record.regionCode,
        lon,
        lat,
        ledgerRecordId: i.record.id,
        sensors: [{ metric: 'combustible_gas', label: `${(gases[0] ?? liquids[0])!.name}（%LEL）` }],
      },
      owner: null,
      township: townshipName(i.record.regionCode),
      profile: {
        model: 'gas',
        gas: 'combustible',
        background: roundTo(0.8 + 0.8 * unit(`${code}|bg`), 0.1),
        leakPeak,
      },
      rules: [
        {
          template: 'gas-detector',
          params: {
            id: `demo-${code}-gas`,
            subject: code,
            name: `${name} 可燃气体报警`,
            // Detectors report every 10 s in reality.
            noData: noData(5 * MINUTE),
            gas: 'combustible',
            detector: { device: code, metric: 'combustible_gas' },
          },
        },
      ],
    });
  }
  const toxic = (
    code: string,
    name: string,
    record: FleetRecord,
    kind: keyof typeof TOXIC_GASES,
    point: LonLat,
  ) => {
    const g = TOXIC_GASES[kind];
    add({
      request: {
        code,
        name,
        kind: 'toxic_gas',
        regionCode: record.regionCode,
        lon: point[0],
        lat: point[1],
        ledgerRecordId: record.id,
        sensors: [{ metric: 'toxic_gas', label: `${g.gas}（ppm）`, validMin: 0, validMax: g.rangePpm }],
      },
      owner: null,
      township: townshipName(record.regionCode),
      profile: { model: 'gas', gas: 'toxic', background: g.background, leakPeak: null },
      rules: [
        {
          template: 'gas-detector',
          params: {
            id: `demo-${code}-gas`,
            subject: code,
            name: `${name} 有毒气体报警`,
            noData: noData(5 * MINUTE),
            gas: 'toxic',
            oel: g.oelPpm,
            unit: 'ppm',
            detector: { device: code, metric: 'toxic_gas' },
          },
        },
      ],
    });
  };
  for (const i of installations)
    for (const kind of ['液氯', '液氨'] as const)
      if (has(i.substances, [kind]).length > 0) {
        const code = codes.take('TOX');
        toxic(
          code,
          `${shortFirm(i.firm.name)}${i.record.name}${TOXIC_GASES[kind].gas}探测器`,
          i.record,
          kind,
          offsetM(at(i.record), -12, 8),
        );
      }

  // Storage tanks: LPG and LNG vessels, and the oil depot's big tanks (level, temperature, pressure).
  let tankNo = 0;
  for (const i of installations) {
    if (i.record.attrs.unitType !== '储存单元') continue;
    const lpg = has(i.substances, ['液化石油气'])[0];
    const lng = has(i.substances, ['液化天然气'])[0];
    const oils = has(i.substances, ['汽油', '柴油']).filter((s) => s.quantity >= 1000);
    const tanks: { medium: 'lpg' | 'lng' | 'oil'; label: string }[] = lpg
      ? Array.from({ length: Math.min(2, Math.ceil(lpg.quantity / 21)) }, () => ({
          medium: 'lpg' as const,
          label: '液化石油气',
        }))
      : lng
        ? [{ medium: 'lng', label: 'LNG' }]
        : oils.slice(0, 2).map((o) => ({ medium: 'oil' as const, label: o.name }));
    tanks.forEach((tank, k) => {
      if (tankNo >= 6) return;
      tankNo += 1;
      const code = codes.take('TK');
      const name = `${shortFirm(i.firm.name)}${i.record.name} ${k + 1}#${tank.label}储罐`;
      const [lon, lat] = offsetM(at(i.record), 20 * (k + 1), 15);
      const u = unit(`${code}|period`);
      // Demo tanks: a 50 m³ horizontal LPG vessel (Ø 2.6 m, design 1.77 MPa), a 60 m³ vertical LNG tank
      // (12 m, design 0.8 MPa), a 5,000 m³ vertical oil tank (15.9 m). Their limits are per-tank data.
      const spec =
        tank.medium === 'lpg'
          ? {
              height: 2.6,
              level: { high: 2.2, highHigh: 2.34, low: 0.35, lowLow: 0.26 },
              swing: [0.9, 1.9],
              pressure: { high: 1.3, highHigh: 1.6, max: 2.5 },
              temperature: { high: 40, highHigh: 50 },
              period: 30,
            }
          : tank.medium === 'lng'
            ? {
                height: 12,
                level: { high: 10.5, highHigh: 11.2, low: 1, lowLow: 0.6 },
                swing: [3, 9],
                pressure: { high: 0.6, highHigh: 0.75, max: 1.2 },
                temperature: { high: -140, highHigh: -130 },
                period: 48,
              }
            : {
                height: 16,
                level: { high: 14, highHigh: 14.6, low: 1.2, lowLow: 0.8 },
                swing: [4, 12],
                pressure: null,
                temperature: { high: 45, highHigh: 55 },
                period: 72,
              };
      const sensors: DemoStationRequest['sensors'] = [
        { metric: 'tank_level', label: `${k + 1}# 储罐液位`, validMin: 0, validMax: spec.height },
        { metric: 'tank_temperature', label: `${k + 1}# 储罐温度` },
      ];
      if (spec.pressure)
        sensors.push({
          metric: 'tank_pressure',
          label: `${k + 1}# 储罐压力`,
          validMin: -0.1,
          validMax: spec.pressure.max,
        });
      add({
        request: {
          code,
          name,
          kind: 'tank',
          regionCode: i.record.regionCode,
          lon,
          lat,
          ledgerRecordId: i.record.id,
          sensors,
        },
        owner: null,
        township: townshipName(i.record.regionCode),
        profile: {
          model: 'tank',
          medium: tank.medium,
          levelMin: spec.swing[0]!,
          levelMax: spec.swing[1]!,
          periodHours: roundTo(spec.period * (0.8 + 0.4 * u), 0.1),
        },
        rules: [
          {
            template: 'tank',
            params: {
              id: `demo-${code}-tank`,
              subject: code,
              name: `${name} 储罐监测报警`,
              noData: noData(5 * MINUTE),
              level: { sensor: { device: code, metric: 'tank_level' }, ...spec.level },
              temperature: { sensor: { device: code, metric: 'tank_temperature' }, ...spec.temperature },
              ...(spec.pressure && {
                pressure: {
                  sensor: { device: code, metric: 'tank_pressure' },
                  high: spec.pressure.high,
                  highHigh: spec.pressure.highHigh,
                },
              }),
            },
          },
        ],
      });
    });
  }

  // Oil field: wellhead pressure on three producing wells, an H2S detector at a sour well (demo operator first).
  const wells = of('wells')
    .filter((r) => r.attrs.status === '生产')
    .sort((a, b) => Number(isDemoFirm(b.enterpriseId)) - Number(isDemoFirm(a.enterpriseId)) || byName(a, b));
  const producing = wells.filter(
    (r) =>
      (r.attrs.wellType === '采油井' || r.attrs.wellType === '采气井') &&
      numberAttr(r, 'wellheadPressureMPa') > 0,
  );
  const operator = producing[0]?.enterpriseId ?? null;
  for (const well of producing.filter((r) => r.enterpriseId === operator).slice(0, 3)) {
    const code = codes.take('WH');
    const [lon, lat] = offsetM(at(well), 8, 0);
    add({
      request: {
        code,
        name: `${well.name}井口压力监测`,
        kind: 'wellhead',
        regionCode: well.regionCode,
        lon,
        lat,
        ledgerRecordId: well.id,
        sensors: [{ metric: 'wellhead_pressure', label: '井口油压', validMin: 0, validMax: 40 }],
      },
      owner: null,
      township: townshipName(well.regionCode),
      profile: { model: 'wellhead', baseMPa: numberAttr(well, 'wellheadPressureMPa') },
      rules: [],
    });
  }
  const sour =
    wells.find((r) => r.attrs.sour === true && r.enterpriseId === operator) ??
    wells.find((r) => r.attrs.sour === true);
  if (sour)
    toxic(codes.take('TOX'), `${sour.name}井场硫化氢探测器`, sour, '硫化氢', offsetM(at(sour), -10, 10));

  // Forest weather stations: the first forest area of each of two townships.
  const forests = of('forest-areas');
  const forestTowns = [...new Set(forests.map((f) => f.regionCode.slice(0, 9)))].slice(0, 2);
  for (const town of forestTowns) {
    const area = forests.find((f) => f.regionCode.startsWith(town))!;
    const code = codes.take('WX');
    const name = `${area.name}气象站`;
    const [lon, lat] = offsetM(at(area), 0, 0);
    const metrics: Metric[] = [
      'air_temperature',
      'relative_humidity',
      'wind_speed',
      'wind_direction',
      'rainfall',
    ];
    add({
      request: {
        code,
        name,
        kind: 'weather',
        regionCode: area.regionCode,
        lon,
        lat,
        ledgerRecordId: area.id,
        sensors: metrics.map((metric) => ({ metric })),
      },
      owner: '宁县林业和草原局',
      township: townshipName(area.regionCode),
      profile: {
        model: 'weather',
        showerMmPerHour: roundTo(1 + 1.5 * unit(`${code}|shower`), 0.1),
        stormMm: 0,
      },
      rules: [rainstormRule(code, name)],
    });
  }

  // One strong-motion station at the county seat.
  const seismicCode = codes.take('EQ');
  {
    const [lon, lat] = offsetM(seatTown?.seat ?? input.countySeat, -300, -200);
    add({
      request: {
        code: seismicCode,
        name: `${seatTown?.name ?? ''}强震动监测站`,
        kind: 'seismic',
        regionCode: seatTown?.code ?? townships[0]!.code,
        lon,
        lat,
        sensors: [{ metric: 'pga' }, { metric: 'pgv' }],
      },
      owner: '宁县应急管理局',
      township: seatTown?.name ?? '',
      // Loess over the bedrock amplifies shaking somewhat (demo figure).
      profile: { model: 'seismic', siteFactor: 1.2 },
      rules: [],
    });
  }

  // The storm's rain by distance from its centre: three gauges reach 100 mm (红), three more 50 mm (橙).
  stations
    .filter((s) => s.profile.model === 'rain' || s.profile.model === 'weather')
    .map((s) => ({ s, d: distanceKm([s.request.lon, s.request.lat], stormCenter) }))
    .sort((a, b) => a.d - b.d || (a.s.request.code < b.s.request.code ? -1 : 1))
    .forEach(({ s }, rank) => {
      const p = s.profile;
      if (p.model === 'rain' || p.model === 'weather') p.stormMm = STORM_TOTALS_MM[rank] ?? STORM_TAIL_MM;
    });

  const leakCode =
    stations.find((s) => s.profile.model === 'gas' && s.profile.leakPeak === 68)?.request.code ?? null;
  const slopeCode =
    stations.find((s) => s.profile.model === 'creep' && s.profile.failureScaleMm === 4)?.request.code ?? null;
  return {
    stations,
    stormCenter,
    roles: { landslideSlope: slopeCode, gasLeak: leakCode, seismic: seismicCode },
  };
}

/** Every station's alarm-rule specs, with the station's device id. */
export function demoRuleSpecs(fleet: DemoFleet): (DemoRuleSpec & { code: string })[] {
  return fleet.stations.flatMap((s) => s.rules.map((r) => ({ ...r, code: s.request.code })));
}

/** The metrics of a plan's sensors, in order. */
export const planMetrics = (plan: DemoStationPlan): Metric[] =>
  (plan.request.sensors ?? []).map((s) => s.metric);
