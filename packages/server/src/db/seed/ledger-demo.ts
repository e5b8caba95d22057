/**
 * Demo ledger (演示数据) at the scale of the county's 十四五 emergency-management plan
 * (/work/shared/seed/ningxian-14th-five-year-emergency-plan.txt, 二(一)): 2,826 enterprises, of which 20
 * hazardous-chemical firms, 1 coal mine (800万吨/年), 1 non-coal mine, 6 oil/gas producers and 5 oilfield-service
 * firms; 1,300 oil and gas wells; 89.2 km of long-distance pipelines and 7.4 km of urban gas network; 31 crowded
 * places; 717 special-equipment units; 30 fire-safety key units. Around them: hazard sources, risk points,
 * natural-hazard points and the county's emergency resources (teams, experts, equipment, warehouses, shelters,
 * plans, drills).
 *
 * Every name is demo data and claims nothing about a real firm, person or place, except what the plan itself
 * names (the county, its townships and villages, 小盘河水库, 子午岭, 长庆桥工业集中区). Positions follow the
 * given geography (`DemoGeo`): usually the schematic township zones and village points, so they are schematic too.
 *
 * Pure and deterministic: no I/O, no clock (dates are relative to `options.today`), no Math.random (a seeded
 * mulberry32 stream); the same geography, day and seed always give the same ledger, ids included.
 */
import {
  computeMajorHazard,
  creditCodeCheckChar,
  findRegistry,
  recordKey,
  HAZARD_TYPES,
  RESCUE_SPECIALTIES,
  type CreateEnterpriseRequest,
  type Industry,
  type LedgerCreateRequest,
  type LedgerGeometry,
  type Licence,
} from '@ningan/domain';
import {
  booleanPointInPolygon,
  length as lineLength,
  lineSliceAlong,
  along,
  pointOnFeature,
} from '@turf/turf';
import type { BBox, LineString, MultiPolygon, Polygon, Position } from 'geojson';

// ---------------------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------------------

/** WGS84 `[lon, lat]`, degrees. */
export type LonLat = [number, number];

export interface DemoGeo {
  countyCode: string;
  /** County boundary, WGS84. */
  county: Polygon | MultiPolygon;
  townships: { code: string; name: string; seat: LonLat; zone: Polygon | MultiPolygon }[];
  villages: { code: string; name: string; townshipCode: string; point: LonLat }[];
  /** River lines (may be empty: flood zones and bridges then sit near township seats). */
  rivers: { name: string; line: LineString }[];
}

/** An enterprise with its preset id (records refer to it by this id). */
export interface DemoEnterprise extends CreateEnterpriseRequest {
  id: string;
}

/** A ledger record with its preset id; `enterpriseId` and ref attributes hold preset ids. */
export interface DemoRecord {
  registry: string;
  id: string;
  request: LedgerCreateRequest;
}

export interface DemoLedger {
  enterprises: DemoEnterprise[];
  /** Ordered so that a referenced record (shelter, plan, rescue team) precedes the records referring to it. */
  records: DemoRecord[];
}

/** The figures of the plan (二(一)) the generator reproduces exactly. */
export const DEMO_LEDGER_TARGETS = {
  enterprises: 2826,
  hazardousChemicalFirms: 20,
  coalMines: 1,
  nonCoalMines: 1,
  oilGasProducers: 6,
  oilfieldServiceFirms: 5,
  wells: 1300,
  longDistancePipelineKm: 89.2,
  urbanGasPipelineKm: 7.4,
  crowdedPlaces: 31,
  specialEquipment: 717,
  fireUnits: 30,
} as const;

const DEFAULT_SEED = 621026;

/**
 * The demo ledger of a county at the plan's scale. `today` (YYYY-MM-DD, Beijing) anchors every date (licence and
 * insurance expiry, inspections, plan issue dates, drills) so that some are overdue and some due soon.
 * @throws RangeError when `today` is not a date, or the geography has no township or no village.
 */
const ORDINALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export function generateDemoLedger(geo: DemoGeo, options: { today: string; seed?: number }): DemoLedger {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.today) || Number.isNaN(Date.parse(`${options.today}T00:00:00Z`)))
    throw new RangeError(`today 应为 YYYY-MM-DD：${options.today}`);
  if (geo.townships.length === 0 || geo.villages.length === 0)
    throw new RangeError('演示数据需要至少一个乡镇和一个村');
  const rng = new Rng(options.seed ?? DEFAULT_SEED);
  const g = new GeoIndex(geo, rng);
  const ctx: Ctx = { rng, g, today: options.today, people: new People(rng), sink: new RecordSink(rng) };

  const firms = generateEnterprises(ctx);
  const res = generateResources(ctx, firms);
  generateRiskSources(ctx, firms);
  generateNaturalHazards(ctx, res.shelters);
  generateExperts(ctx);
  return { enterprises: firms.all.map((f) => f.e), records: ctx.sink.records };
}

// ---------------------------------------------------------------------------------------------------------
// Seeded randomness
// ---------------------------------------------------------------------------------------------------------

/** mulberry32: small and fast; floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** Integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [value, w] of entries) {
      x -= w;
      if (x < 0) return value;
    }
    return entries.at(-1)![0];
  }
  /** A key of `weights`, with probability proportional to its weight. */
  choose<K extends string>(weights: Readonly<Record<K, number>>): K {
    return this.weighted(Object.entries(weights) as [K, number][]);
  }
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
  /** `count` distinct items (all when fewer). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, count);
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
  /** A version-4-shaped UUID (RFC 4122 variant) from the stream. */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 4; i++)
      hex += (Math.floor(this.next() * 0x100000000) >>> 0).toString(16).padStart(8, '0');
    const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Geography
// ---------------------------------------------------------------------------------------------------------

const KM_PER_DEG_LAT = 111.32;
/** A list written as one space-separated string. */
const words = (s: string) => s.split(' ');
const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
const round6 = ([lon, lat]: Position): LonLat => [r6(lon!), r6(lat!)];

/** `p` moved `eastKm` east and `northKm` north (local equirectangular frame; fine within a county). */
function offset([lon, lat]: LonLat, eastKm: number, northKm: number): LonLat {
  return [
    r6(lon + eastKm / (KM_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180))),
    r6(lat + northKm / KM_PER_DEG_LAT),
  ];
}

function distanceKm(a: LonLat, b: LonLat): number {
  const kx = KM_PER_DEG_LAT * Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * KM_PER_DEG_LAT);
}

function boxOf(geom: Polygon | MultiPolygon): BBox {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  for (const poly of polys)
    for (const ring of poly)
      for (const [x, y] of ring) {
        minX = Math.min(minX, x!);
        maxX = Math.max(maxX, x!);
        minY = Math.min(minY, y!);
        maxY = Math.max(maxY, y!);
      }
  return [minX, minY, maxX, maxY];
}

const inBox = ([x, y]: LonLat, b: BBox) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];

interface Township {
  code: string;
  name: string;
  seat: LonLat;
  zone: Polygon | MultiPolygon;
  box: BBox;
  villages: Village[];
}

interface Village {
  code: string;
  name: string;
  township: Township;
  point: LonLat;
}

/** Where a record sits: its division code (township or village), that township, and its point. */
interface Place {
  regionCode: string;
  township: Township;
  at: LonLat;
}

/** Short form of a village committee name: 孟城村委会 → 孟城村, 东城居委会 → 东城社区. */
const villageShort = (name: string) =>
  name
    .replace(/村民委员会$|村委会$/, '村')
    .replace(/居民委员会$|居委会$/, '社区')
    .replace(/委员会$/, '');
/** 新宁镇 → 新宁, 南义乡 → 南义. */
const townShort = (name: string) => name.replace(/(镇|乡|街道)$/, '');

class GeoIndex {
  readonly countyCode: string;
  readonly townships: Township[];
  readonly villages: Village[];
  readonly rivers: { name: string; line: LineString; km: number }[];
  private readonly county: Polygon | MultiPolygon;
  private readonly countyBox: BBox;
  private readonly anchors = new Map<string, LonLat>();
  private readonly villageByCode = new Map<string, Village>();

  constructor(
    geo: DemoGeo,
    private readonly rng: Rng,
  ) {
    this.countyCode = geo.countyCode;
    this.county = geo.county;
    this.countyBox = boxOf(geo.county);
    this.townships = geo.townships.map((t) => ({
      code: t.code,
      name: t.name,
      seat: t.seat,
      zone: t.zone,
      box: boxOf(t.zone),
      villages: [],
    }));
    const byCode = new Map(this.townships.map((t) => [t.code, t]));
    this.villages = [];
    for (const v of geo.villages) {
      const t = byCode.get(v.townshipCode);
      if (!t) continue;
      const village: Village = { code: v.code, name: v.name, township: t, point: v.point };
      t.villages.push(village);
      this.villages.push(village);
      this.villageByCode.set(v.code, village);
    }
    this.rivers = geo.rivers
      .filter((r) => r.line.coordinates.length >= 2)
      .map((r) => ({ ...r, km: lineLength({ type: 'Feature', properties: {}, geometry: r.line }) }));
  }

  village(code: string): Village | undefined {
    return this.villageByCode.get(code);
  }

  insideCounty(p: LonLat): boolean {
    return inBox(p, this.countyBox) && booleanPointInPolygon(p, this.county);
  }

  /** Inside both the county boundary and the township's zone. */
  inside(p: LonLat, t: Township): boolean {
    return inBox(p, t.box) && booleanPointInPolygon(p, t.zone) && this.insideCounty(p);
  }

  townshipAt(p: LonLat): Township | undefined {
    return this.townships.find((t) => this.inside(p, t));
  }

  /** A point of the township that is surely inside: its seat, else a village point, else a point on the zone. */
  anchor(t: Township): LonLat {
    const cached = this.anchors.get(t.code);
    if (cached) return cached;
    const candidates: LonLat[] = [round6(t.seat), ...t.villages.map((v) => round6(v.point))];
    let found = candidates.find((p) => this.inside(p, t));
    if (!found) {
      const p = round6(
        pointOnFeature({ type: 'Feature', properties: {}, geometry: t.zone }).geometry.coordinates,
      );
      found = this.inside(p, t) ? p : round6(t.seat);
    }
    this.anchors.set(t.code, found);
    return found;
  }

  villageAnchor(v: Village): LonLat {
    const p = round6(v.point);
    return this.inside(p, v.township) ? p : this.anchor(v.township);
  }

  /** A point within `km` of `base` inside the township (retries; falls back to `base`, then the anchor). */
  near(base: LonLat, km: number, t: Township): LonLat {
    for (let i = 0; i < 16; i++) {
      const angle = this.rng.between(0, 2 * Math.PI);
      const d = km * Math.sqrt(this.rng.float());
      const p = offset(base, d * Math.cos(angle), d * Math.sin(angle));
      if (this.inside(p, t)) return p;
    }
    const b = round6(base);
    return this.inside(b, t) ? b : this.anchor(t);
  }

  atVillage(v: Village, km: number): Place {
    return { regionCode: v.code, township: v.township, at: this.near(this.villageAnchor(v), km, v.township) };
  }

  atTownship(t: Township, km: number): Place {
    return { regionCode: t.code, township: t, at: this.near(this.anchor(t), km, t) };
  }

  around(place: Place, km: number): Place {
    return { ...place, at: this.near(place.at, km, place.township) };
  }

  /** A uniformly random point of the township (rejection sampling), optionally in a part of its box. */
  randomIn(t: Township, part: { west?: number; east?: number } = {}): LonLat {
    const [x0, y0, x1, y1] = t.box;
    const from = x0 + (x1 - x0) * (part.west ?? 0);
    const to = x0 + (x1 - x0) * (part.east ?? 1);
    for (let i = 0; i < 400; i++) {
      const p: LonLat = [r6(this.rng.between(from, to)), r6(this.rng.between(y0, y1))];
      if (this.inside(p, t)) return p;
    }
    return this.near(this.anchor(t), 2, t);
  }

  nearestVillage(t: Township, p: LonLat): Village | undefined {
    let best: Village | undefined;
    let bestD = Infinity;
    for (const v of t.villages) {
      const d = distanceKm(v.point, p);
      if (d < bestD) {
        bestD = d;
        best = v;
      }
    }
    return best;
  }

  /** The place of a point already known to be inside `t`: its nearest village, else the township. */
  placeOf(t: Township, p: LonLat): Place {
    return { regionCode: this.nearestVillage(t, p)?.code ?? t.code, township: t, at: p };
  }

  /**
   * The townships named, in order; a name the geography lacks is replaced by the next unused township from the
   * given side of the county (so another county's geography still works).
   */
  resolve(names: readonly string[], side: 'west' | 'east'): Township[] {
    const order = [...this.townships].sort((a, b) =>
      side === 'west' ? a.seat[0] - b.seat[0] : b.seat[0] - a.seat[0],
    );
    const used = new Set<string>();
    return names.map((n) => {
      const t =
        this.townships.find((x) => x.name === n && !used.has(x.code)) ?? order.find((x) => !used.has(x.code));
      const chosen = t ?? order[0]!;
      used.add(chosen.code);
      return chosen;
    });
  }

  /** One township by name, else the one at `fallbackIndex` (the county seat town is usually the first). */
  byName(name: string, fallbackIndex = 0): Township {
    return (
      this.townships.find((t) => t.name === name) ?? this.townships[fallbackIndex % this.townships.length]!
    );
  }

  /** A closed ring around `center` (an ellipse with some noise), or null when any vertex leaves `t`. */
  ring(
    center: LonLat,
    t: Township,
    shape: { aKm: number; bKm: number; bearing: number; vertices: number; noise: number },
  ): LonLat[] | null {
    const ring: LonLat[] = [];
    const cos = Math.cos(shape.bearing);
    const sin = Math.sin(shape.bearing);
    for (let i = 0; i < shape.vertices; i++) {
      const th = (2 * Math.PI * i) / shape.vertices;
      const k = 1 + this.rng.between(-shape.noise, shape.noise);
      const u = shape.aKm * Math.cos(th) * k;
      const v = shape.bKm * Math.sin(th) * k;
      // u runs along the bearing (clockwise from north), v across it
      const p = offset(center, u * sin + v * cos, u * cos - v * sin);
      if (!this.inside(p, t)) return null;
      ring.push(p);
    }
    ring.push([ring[0]![0], ring[0]![1]]);
    return ring;
  }
}

// ---------------------------------------------------------------------------------------------------------
// People, phones, dates
// ---------------------------------------------------------------------------------------------------------

const SURNAMES = '王李张刘陈杨赵何马高郭任田贾董孙朱胡吴魏史路蔺党巩梁宋席段秦范薛雷'.split('');
const GIVEN =
  '建军国强平华明红伟刚宁安庆涛鹏海东峰斌龙芳霞娟丽燕静亮辉杰勇文学志德振虎生兵瑞鑫婷磊刚彬军浩玲'.split('');
const MOBILE_PREFIXES = ['130', '131', '133', '135', '136', '137', '138', '139', '150', '151', '153', '155'];
const MORE_PREFIXES = ['157', '158', '159', '177', '180', '181', '186', '187', '188', '189', '191', '199'];

class People {
  private readonly usedPhones = new Set<string>();
  constructor(private readonly rng: Rng) {}
  name(): string {
    const given = this.rng.chance(0.65) ? this.rng.pick(GIVEN) + this.rng.pick(GIVEN) : this.rng.pick(GIVEN);
    return this.rng.pick(SURNAMES) + given;
  }
  mobile(): string {
    return this.rng.pick([...MOBILE_PREFIXES, ...MORE_PREFIXES]) + this.rng.digits(8);
  }
  /** A mobile number not handed out before by `uniqueMobile`. */
  uniqueMobile(): string {
    for (;;) {
      const m = this.mobile();
      if (!this.usedPhones.has(m)) {
        this.usedPhones.add(m);
        return m;
      }
    }
  }
  /** A 庆阳 (0934) landline. */
  landline(): string {
    return `0934-6${this.rng.digits(6)}`;
  }
}

const DAY_MS = 86_400_000;
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}
/** A date `days` before/after `date`, moved off 29 February (plans are due "three years later" by calendar). */
function addDaysNoLeap(date: string, days: number): string {
  const d = addDays(date, days);
  return d.endsWith('-02-29') ? addDays(d, -1) : d;
}
const yearOf = (date: string) => Number(date.slice(0, 4));

// ---------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------

class RecordSink {
  readonly records: DemoRecord[] = [];
  constructor(private readonly rng: Rng) {}

  private readonly keys = new Set<string>();

  /** Adds a record; location fields follow the registry's geometry kind, enterprise and department links its rules. */
  add(
    registry: string,
    r: {
      name: string;
      regionCode: string;
      at?: LonLat | null;
      geometry?: LedgerGeometry | null;
      enterpriseId?: string | null;
      attrs: Record<string, unknown>;
    },
  ): DemoRecord {
    const def = findRegistry(registry);
    if (!def) throw new Error(`unknown registry ${registry}`);
    if (def.geometry === 'point' && !r.at) throw new Error(`${registry}: ${r.name} needs a point`);
    if ((def.geometry === 'line' || def.geometry === 'polygon') && !r.geometry)
      throw new Error(`${registry}: ${r.name} needs a geometry`);
    // Two records may not share the registry's matching key: number a repeated name (…（二）).
    let name = r.name;
    const keyOf = (n: string) =>
      `${registry} ${recordKey(def, { name: n, regionCode: r.regionCode, enterpriseId: r.enterpriseId ?? null, attrs: r.attrs })}`;
    for (let i = 2; this.keys.has(keyOf(name)); i += 1) name = `${r.name}（${ORDINALS[i] ?? i}）`;
    this.keys.add(keyOf(name));
    const record: DemoRecord = {
      registry,
      id: this.rng.uuid(),
      request: {
        name,
        regionCode: r.regionCode,
        lon: def.geometry === 'point' ? r.at![0] : null,
        lat: def.geometry === 'point' ? r.at![1] : null,
        geometry: def.geometry === 'line' || def.geometry === 'polygon' ? r.geometry! : null,
        enterpriseId: def.enterprise === 'none' ? null : (r.enterpriseId ?? null),
        supervisingDepartmentId: null, // the lead links departments later
        attrs: r.attrs,
      },
    };
    this.records.push(record);
    return record;
  }
}

interface Ctx {
  rng: Rng;
  g: GeoIndex;
  today: string;
  people: People;
  sink: RecordSink;
}

// ---------------------------------------------------------------------------------------------------------
// Enterprises
// ---------------------------------------------------------------------------------------------------------

/** What a firm does, for its hazard units, risk points, equipment, plans and teams. */
type Profile =
  | 'fuel'
  | 'lpg'
  | 'chlorine'
  | 'depot'
  | 'ammonia'
  | 'chemicals'
  | 'gases'
  | 'lng'
  | 'cng'
  | 'coal'
  | 'quarry'
  | 'oil'
  | 'oilService';

interface HazardUnit {
  unitType: '生产单元' | '储存单元';
  name: string;
  /** GB 18218-2018 Table 1 names; a substance not in Table 1 carries its Table 2 category. */
  substances: { name: string; category?: string; quantity: number }[];
  exposedPeople: number;
}

interface FirmSpec {
  name: string;
  industry: Industry;
  scale: '规上' | '规下';
  licences: string[];
  /** Preferred township (by name); missing names fall back to the county seat town. */
  township: string;
  profile?: Profile;
  units?: HazardUnit[];
  /** Extra address text (the coal mine's capacity). */
  note?: string;
}

interface Firm {
  e: DemoEnterprise;
  place: Place;
  profile: Profile | null;
  units: HazardUnit[];
}

interface Firms {
  all: Firm[];
  /** Hazardous-chemical, mining and oil firms (they get risk points, plans, teams). */
  highRisk: Firm[];
  oilProducers: Firm[];
  byProfile: (p: Profile) => Firm[];
  seatTown: Township;
}

const fuelUnit = (gasoline: number, diesel: number, people: number): HazardUnit => ({
  unitType: '储存单元',
  name: '油罐区',
  substances: [
    { name: '汽油', quantity: gasoline },
    // 柴油 is not in Table 1: flammable liquid category 3 (闭杯闪点 ≤ 60 ℃) → W5.4
    { name: '柴油', category: 'W5.4', quantity: diesel },
  ],
  exposedPeople: people,
});

/** The 12 demo enterprises of bootstrap.service.ts (same names, industries and scales), first and in order. */
const BOOTSTRAP_FIRMS: FirmSpec[] = [
  {
    name: '（演示）宁县某油田技术服务有限公司',
    industry: '油田技术服务',
    scale: '规上',
    licences: ['安全生产许可证'],
    township: '焦村镇',
    profile: 'oilService',
  },
  {
    name: '（演示）宁县某液化石油气储配站',
    industry: '危险化学品经营',
    scale: '规下',
    licences: ['危险化学品经营许可证', '气瓶充装许可证'],
    township: '新宁镇',
    profile: 'lpg',
    units: [
      // 2 × 100 m³ spheres at ~85 % fill: S = 85/50 = 1.7, R = 2 × 1.5 × 1.7 = 5.1 → 四级
      {
        unitType: '储存单元',
        name: '液化石油气储罐区',
        substances: [{ name: '液化石油气', quantity: 85 }],
        exposedPeople: 120,
      },
      {
        unitType: '生产单元',
        name: '钢瓶充装间',
        substances: [{ name: '液化石油气', quantity: 3.5 }],
        exposedPeople: 120,
      },
    ],
  },
  {
    name: '（演示）宁县某加油站',
    industry: '危险化学品经营',
    scale: '规下',
    licences: ['危险化学品经营许可证', '成品油零售经营批准证书'],
    township: '早胜镇',
    profile: 'fuel',
    units: [fuelUnit(45, 60, 180)],
  },
  {
    name: '（演示）宁县某自来水厂（液氯）',
    industry: '危险化学品使用',
    scale: '规上',
    licences: ['危险化学品登记证'],
    township: '新宁镇',
    profile: 'chlorine',
    units: [
      // eight 1-t cylinders: S = 8/5 = 1.6, R = 2 × 4 × 1.6 = 12.8 → 三级
      {
        unitType: '储存单元',
        name: '液氯钢瓶库',
        substances: [{ name: '液氯', quantity: 8 }],
        exposedPeople: 150,
      },
      {
        unitType: '生产单元',
        name: '加氯间',
        substances: [{ name: '液氯', quantity: 2 }],
        exposedPeople: 150,
      },
    ],
  },
  {
    name: '（演示）宁县某煤矿',
    industry: '煤矿',
    scale: '规上',
    licences: ['安全生产许可证', '采矿许可证'],
    township: '新庄镇', // 宁正矿区 lies in the county's south-west (position schematic)
    profile: 'coal',
    note: '设计生产能力 800万吨/年',
  },
  {
    name: '（演示）宁县某砂石料场',
    industry: '非煤矿山',
    scale: '规下',
    licences: ['安全生产许可证', '采矿许可证'],
    township: '长庆桥镇', // river gravel on the 泾河
    profile: 'quarry',
  },
  {
    name: '（演示）宁县某采油作业区',
    industry: '石油天然气开采',
    scale: '规上',
    licences: ['安全生产许可证'],
    township: '焦村镇',
    profile: 'oil',
  },
  {
    name: '（演示）宁县某建筑工程有限公司',
    industry: '建筑施工',
    scale: '规上',
    licences: ['建筑施工企业安全生产许可证'],
    township: '新宁镇',
  },
  {
    name: '（演示）宁县某运输有限公司',
    industry: '交通运输',
    scale: '规下',
    licences: ['道路运输经营许可证'],
    township: '新宁镇',
  },
  { name: '（演示）宁县某果品加工厂', industry: '工贸', scale: '规上', licences: [], township: '早胜镇' },
  { name: '（演示）宁县某商贸有限公司', industry: '商贸', scale: '规下', licences: [], township: '新宁镇' },
  {
    name: '（演示）宁县某烟花爆竹零售点',
    industry: '烟花爆竹',
    scale: '规下',
    licences: ['烟花爆竹经营（零售）许可证'],
    township: '新宁镇',
  },
];

/** The other 17 hazardous-chemical firms (20 with the three above). */
const CHEMICAL_FIRMS: FirmSpec[] = [
  {
    name: '宁县某成品油库',
    industry: '危险化学品经营',
    scale: '规上',
    licences: ['危险化学品经营许可证'],
    township: '长庆桥镇', // 长庆桥工业集中区 (the plan, 五)
    profile: 'depot',
    units: [
      // S = 4200/200 + 6000/5000 = 22.2; R = 2 × (1.5 × 21 + 1 × 1.2) = 65.4 → 二级
      {
        unitType: '储存单元',
        name: '成品油储罐区',
        substances: [
          { name: '汽油', quantity: 4200 },
          { name: '柴油', category: 'W5.4', quantity: 6000 },
        ],
        exposedPeople: 130,
      },
      {
        unitType: '生产单元',
        name: '汽车装卸作业区',
        substances: [
          { name: '汽油', quantity: 80 },
          { name: '柴油', category: 'W5.4', quantity: 120 },
        ],
        exposedPeople: 130,
      },
    ],
  },
  {
    name: '宁县某液化气充装站',
    industry: '危险化学品经营',
    scale: '规下',
    licences: ['危险化学品经营许可证', '气瓶充装许可证'],
    township: '早胜镇',
    profile: 'lpg',
    units: [
      {
        unitType: '储存单元',
        name: '液化石油气储罐区',
        substances: [{ name: '液化石油气', quantity: 42 }],
        exposedPeople: 60,
      },
    ],
  },
  {
    name: '宁县某冷链物流有限公司（液氨制冷）',
    industry: '危险化学品使用',
    scale: '规上',
    licences: ['危险化学品登记证'],
    township: '早胜镇',
    profile: 'ammonia',
    units: [
      // S = 15/10 = 1.5; R = 1.2 × 2 × 1.5 = 3.6 → 四级
      {
        unitType: '储存单元',
        name: '氨制冷机房及贮氨器',
        substances: [{ name: '液氨', quantity: 15 }],
        exposedPeople: 40,
      },
    ],
  },
  {
    name: '宁县某果蔬气调冷库（液氨）',
    industry: '危险化学品使用',
    scale: '规下',
    licences: ['危险化学品登记证'],
    township: '良平镇',
    profile: 'ammonia',
    units: [
      {
        unitType: '储存单元',
        name: '制冷机房',
        substances: [{ name: '液氨', quantity: 6 }],
        exposedPeople: 25,
      },
    ],
  },
  {
    name: '宁县某化工产品经销部',
    industry: '危险化学品经营',
    scale: '规下',
    licences: ['危险化学品经营许可证'],
    township: '新宁镇',
    profile: 'chemicals',
    units: [
      {
        unitType: '储存单元',
        name: '危险化学品仓库',
        substances: [
          { name: '甲醇', quantity: 120 },
          { name: '甲苯', quantity: 30 },
          { name: '乙酸乙酯', quantity: 20 },
        ],
        exposedPeople: 90,
      },
    ],
  },
  {
    name: '宁县某工业气体有限公司',
    industry: '危险化学品生产',
    scale: '规下',
    licences: ['安全生产许可证', '气瓶充装许可证'],
    township: '长庆桥镇',
    profile: 'gases',
    units: [
      // S = 60/200 + 0.8/1 = 1.1 → a major hazard installation of grade 四级
      {
        unitType: '储存单元',
        name: '液氧储罐及气瓶库',
        substances: [
          { name: '液氧', quantity: 60 },
          { name: '乙炔', quantity: 0.8 },
        ],
        exposedPeople: 20,
      },
      {
        unitType: '生产单元',
        name: '充装车间',
        substances: [
          { name: '氧气', quantity: 4 },
          { name: '乙炔', quantity: 0.3 },
        ],
        exposedPeople: 20,
      },
    ],
  },
  {
    name: '宁县某天然气有限公司',
    industry: '危险化学品经营',
    scale: '规上',
    licences: ['燃气经营许可证', '危险化学品经营许可证'],
    township: '新宁镇',
    profile: 'lng',
    units: [
      {
        unitType: '储存单元',
        name: 'LNG 储配站储罐区',
        substances: [{ name: '液化天然气', quantity: 26 }],
        exposedPeople: 110,
      },
    ],
  },
  {
    name: '宁县某CNG加气站',
    industry: '危险化学品经营',
    scale: '规下',
    licences: ['燃气经营许可证', '气瓶充装许可证'],
    township: '和盛镇',
    profile: 'cng',
    units: [
      {
        unitType: '储存单元',
        name: '储气井组',
        substances: [{ name: '压缩天然气', quantity: 4 }],
        exposedPeople: 45,
      },
    ],
  },
];

/** Townships of the nine other petrol stations (one each). */
const FUEL_TOWNS = words('和盛镇 焦村镇 长庆桥镇 平子镇 中村镇 春荣镇 湘乐镇 米桥镇 新庄镇');

/**
 * Oil and gas producers (the plan: 6) and the townships of their wells. The 长庆油田 works the county's west and
 * north (its name comes from 长庆桥镇); we put the wells in 焦村镇, 和盛镇, 太昌镇 (west) and 瓦斜乡, 南义乡 (north
 * of the county town), a plausible demo layout, not a survey.
 */
const OIL_PRODUCERS: {
  name: string | null;
  towns: string[];
  wells: number;
  prefix: string;
  gas?: boolean;
}[] = [
  { name: null, towns: ['焦村镇', '瓦斜乡'], wells: 320, prefix: 'N' }, // the bootstrap demo 采油作业区
  { name: '宁县某油气开采有限公司', towns: ['和盛镇', '焦村镇'], wells: 260, prefix: 'H' },
  { name: '宁县某石油开发有限公司', towns: ['瓦斜乡', '南义乡'], wells: 230, prefix: 'W' },
  { name: '宁县某能源开发有限公司', towns: ['太昌镇', '和盛镇'], wells: 200, prefix: 'T' },
  { name: '宁县某油田第二采油作业区', towns: ['南义乡'], wells: 180, prefix: 'Y' },
  { name: '宁县某天然气开发有限公司', towns: ['南义乡', '瓦斜乡'], wells: 110, prefix: 'Q', gas: true },
];
const OIL_TOWNS = ['焦村镇', '和盛镇', '太昌镇', '瓦斜乡', '南义乡'];

const OIL_SERVICE_FIRMS: FirmSpec[] = [
  ['宁县某石油工程技术服务有限公司', '长庆桥镇'],
  ['宁县某井下作业有限公司', '焦村镇'],
  ['宁县某钻井工程有限公司', '和盛镇'],
  ['宁县某油田环保技术服务有限公司', '长庆桥镇'],
].map(([name, township]) => ({
  name: name!,
  industry: '油田技术服务' as const,
  scale: '规上' as const,
  licences: ['安全生产许可证'],
  township: township!,
  profile: 'oilService' as const,
}));

/** Everything else (2,788 firms): industry weights (商贸 and 工贸 most). */
const GENERIC_INDUSTRIES: [Industry, number][] = [
  ['商贸', 46],
  ['工贸', 24],
  ['其他', 14],
  ['建筑施工', 8],
  ['交通运输', 7],
  ['烟花爆竹', 1],
];

const NAME_FIRST = '恒泰鑫瑞丰盛兴华宏达隆源通信诚福祥安康润嘉金永昌宝佳和新宇博益德腾顺汇聚锦辰'.split('');
const NAME_SECOND = '泰源达兴隆盛鑫华丰昌瑞通信诚祥安康润嘉宇博益德腾顺汇聚锦辰远航宏业发'.split('');
const NAME_SUFFIX: Record<Industry, string[]> = {
  商贸: words(
    '商贸有限公司 商贸部 超市 百货有限公司 农资有限公司 建材经销部 电器商行 粮油批发部 五金商行 物资经销部',
  ),
  工贸: words(
    '果品加工厂 食品有限公司 面粉厂 机械加工厂 包装材料有限公司 纸箱厂 饲料有限公司 建材有限公司 混凝土有限公司 塑料制品有限公司 木器加工厂 果汁有限公司',
  ),
  建筑施工: words('建筑工程有限公司 建设工程有限公司 路桥工程有限公司 水利水电工程有限公司 装饰工程有限公司'),
  交通运输: words('运输有限公司 物流有限公司 客运有限公司 出租汽车有限公司 货物运输部'),
  烟花爆竹: words('烟花爆竹零售点 烟花爆竹经营部'),
  其他: words(
    '餐饮有限公司 宾馆 酒店有限公司 农业专业合作社 养殖专业合作社 物业管理有限公司 房地产开发有限公司 文化传媒有限公司 汽车修理厂 网吧',
  ),
  危险化学品生产: [],
  危险化学品经营: [],
  危险化学品使用: [],
  煤矿: [],
  非煤矿山: [],
  石油天然气开采: [],
  油田技术服务: [],
};
const STREETS = words('人民路 东大街 西大街 南大街 北大街 建设路 新华路 团结路 环城路 庆宁路');

/** A demo street address: the village, or a street of the township seat, and a house number. */
function addressAt({ rng, g }: Ctx, place: Place): string {
  const v = g.village(place.regionCode);
  return v
    ? `宁县${place.township.name}${villageShort(v.name)}${rng.int(1, 260)}号`
    : `宁县${place.township.name}${rng.pick(STREETS)}${rng.int(1, 480)}号`;
}

const HIGH_RISK_INDUSTRIES: readonly Industry[] = [
  '危险化学品生产',
  '危险化学品经营',
  '危险化学品使用',
  '煤矿',
  '非煤矿山',
  '石油天然气开采',
  '油田技术服务',
  '烟花爆竹',
  '建筑施工',
  '交通运输',
];

function licenceNumber(rng: Rng, name: string, year: number): string {
  switch (name) {
    case '危险化学品经营许可证':
      return `甘庆危化经字〔${year}〕${rng.digits(4)}号`;
    case '安全生产许可证':
      return `（甘）MK安许证字〔${year}〕${rng.digits(4)}`;
    case '采矿许可证':
      return `C621026${year}${rng.digits(7)}`;
    case '成品油零售经营批准证书':
      return `油零售证书第${rng.digits(6)}号`;
    case '危险化学品登记证':
      return `甘危化登字${rng.digits(6)}`;
    case '气瓶充装许可证':
      return `TS4262${rng.digits(4)}-${year + 4}`;
    case '燃气经营许可证':
      return `甘${year}0621026${rng.digits(3)}`;
    case '建筑施工企业安全生产许可证':
      return `（甘）JZ安许证字〔${year}〕${rng.digits(6)}`;
    case '道路运输经营许可证':
      return `甘交运管许可庆字621026${rng.digits(6)}号`;
    case '烟花爆竹经营（零售）许可证':
      return `（甘）YH经零字〔${year}〕${rng.digits(4)}号`;
    case '食品经营许可证':
      return `JY1621026${rng.digits(7)}`;
    default:
      return `演示-${year}-${rng.digits(5)}`;
  }
}

function generateEnterprises(ctx: Ctx): Firms {
  const { rng, g, today, people } = ctx;
  const names = new Set<string>();
  const codes = new Set<string>();
  const seatTown = g.byName('新宁镇');
  const firms: Firm[] = [];

  const creditCode = (): string => {
    for (;;) {
      const first17 = `91${g.countyCode}MA${rng.digits(7)}`; // 91: enterprise; MA: post-2015 registration
      if (codes.has(first17)) continue;
      codes.add(first17);
      return `${first17}${creditCodeCheckChar(first17)!}`;
    }
  };

  /** Where a firm sits: within 1.5 km of a village point (`atVillage`) or of the township seat. */
  const placeIn = (t: Township, atVillage: boolean): Place => {
    if (atVillage && t.villages.length > 0) return g.atVillage(rng.pick(t.villages), 1.5);
    return g.atTownship(t, 1.5);
  };

  const addressOf = (place: Place, note?: string): string => {
    const base = addressAt(ctx, place);
    return note ? `${base}（${note}）` : base;
  };

  const create = (spec: FirmSpec, place: Place): Firm => {
    names.add(spec.name);
    const highRisk = HIGH_RISK_INDUSTRIES.includes(spec.industry);
    const mineOrOil = ['煤矿', '非煤矿山', '石油天然气开采', '油田技术服务'].includes(spec.industry);
    const chemical = spec.industry.startsWith('危险化学品');
    const insured = highRisk ? rng.chance(0.9) : rng.chance(0.03);
    const licences: Licence[] = spec.licences.map((name) => {
      const expiresOn = addDays(today, rng.int(-60, 1095));
      return { name, number: licenceNumber(rng, name, yearOf(expiresOn) - rng.int(3, 5)), expiresOn };
    });
    const standardizationGrade =
      spec.industry === '煤矿'
        ? '一级'
        : mineOrOil
          ? rng.choose({ 二级: 1, 三级: 1 })
          : chemical
            ? rng.choose({ 三级: 1, 未评级: 1 })
            : highRisk
              ? rng.choose({ 三级: 1, 未评级: 2 })
              : rng.chance(0.05)
                ? '三级'
                : '未评级';
    const e: DemoEnterprise = {
      id: rng.uuid(),
      name: spec.name,
      creditCode: creditCode(),
      industry: spec.industry,
      scale: spec.scale,
      regionCode: place.regionCode,
      lon: place.at[0],
      lat: place.at[1],
      address: addressOf(place, spec.note),
      legalRepresentative: people.name(),
      safetyManager: people.name(),
      safetyManagerPhone: highRisk || rng.chance(0.85) ? people.mobile() : null,
      standardizationGrade,
      insured,
      insuranceExpiresOn: insured ? addDays(today, rng.int(-30, 365)) : null,
      licences,
      supervisingDepartmentId: null,
    };
    const firm: Firm = { e, place, profile: spec.profile ?? null, units: spec.units ?? [] };
    firms.push(firm);
    return firm;
  };

  // 1. The bootstrap demo firms, first and in order; the first one at a village (the demo enterprise user's).
  BOOTSTRAP_FIRMS.forEach((spec, i) => {
    const t = g.byName(spec.township);
    create(spec, placeIn(t, i === 0 || rng.chance(0.5)));
  });
  // 2. The other hazardous-chemical firms, petrol stations, oil producers and oilfield services.
  for (const spec of CHEMICAL_FIRMS) create(spec, placeIn(g.byName(spec.township), rng.chance(0.6)));
  for (const town of FUEL_TOWNS) {
    const t = g.byName(town);
    create(
      {
        name: uniqueName(rng, names, '加油站', t),
        industry: '危险化学品经营',
        scale: rng.chance(0.2) ? '规上' : '规下',
        licences: ['危险化学品经营许可证', '成品油零售经营批准证书'],
        township: town,
        profile: 'fuel',
        units: [fuelUnit(rng.int(25, 60), rng.int(35, 90), rng.int(20, 260))],
      },
      placeIn(t, true),
    );
  }
  const oilTowns = g.resolve(OIL_TOWNS, 'west');
  const oilTown = (name: string) => oilTowns[OIL_TOWNS.indexOf(name)] ?? oilTowns[0]!;
  const producers: { firm: Firm; spec: (typeof OIL_PRODUCERS)[number] }[] = [];
  const demoProducer = firms.find((f) => f.e.industry === '石油天然气开采')!;
  // the bootstrap 采油作业区 sits where its wells are
  const demoTown = oilTown(OIL_PRODUCERS[0]!.towns[0]!);
  if (demoProducer.place.township.code !== demoTown.code) {
    demoProducer.place = placeIn(demoTown, true);
    Object.assign(demoProducer.e, {
      regionCode: demoProducer.place.regionCode,
      lon: demoProducer.place.at[0],
      lat: demoProducer.place.at[1],
      address: addressOf(demoProducer.place),
    });
  }
  for (const spec of OIL_PRODUCERS) {
    if (spec.name === null) {
      producers.push({ firm: demoProducer, spec });
      continue;
    }
    const t = oilTown(spec.towns[0]!);
    const firm = create(
      {
        name: spec.name,
        industry: '石油天然气开采',
        scale: '规上',
        licences: ['安全生产许可证'],
        township: t.name,
        profile: 'oil',
      },
      placeIn(t, true),
    );
    producers.push({ firm, spec });
  }
  for (const spec of OIL_SERVICE_FIRMS) {
    const t = g.byName(spec.township);
    create(spec, placeIn(t, true));
  }
  const special = firms.length;

  // 3. The rest, spread over the townships: the county town most, the 长庆桥 industrial zone and 早胜 next.
  const weights: [Township, number][] = g.townships.map((t) => [
    t,
    t.code === seatTown.code
      ? 650
      : t.villages.length * 4 + 10 + (t.name === '长庆桥镇' ? 80 : t.name === '早胜镇' ? 60 : 0),
  ]);
  for (let i = special; i < DEMO_LEDGER_TARGETS.enterprises; i++) {
    const industry = rng.weighted(GENERIC_INDUSTRIES);
    const t = rng.weighted(weights);
    // in the county town most firms sit in the town itself (township code), elsewhere at the villages
    const atVillage = t.code === seatTown.code ? rng.chance(0.4) : rng.chance(0.85);
    const licenceName =
      industry === '建筑施工'
        ? rng.chance(0.9)
          ? '建筑施工企业安全生产许可证'
          : null
        : industry === '交通运输'
          ? rng.chance(0.9)
            ? '道路运输经营许可证'
            : null
          : industry === '烟花爆竹'
            ? '烟花爆竹经营（零售）许可证'
            : industry === '商贸' && rng.chance(0.2)
              ? '食品经营许可证'
              : null;
    create(
      {
        name: uniqueName(rng, names, rng.pick(NAME_SUFFIX[industry]), t),
        industry,
        scale:
          industry === '烟花爆竹'
            ? '规下'
            : rng.chance(industry === '建筑施工' ? 0.25 : 0.15)
              ? '规上'
              : '规下',
        licences: licenceName ? [licenceName] : [],
        township: t.name,
      },
      placeIn(t, atVillage),
    );
  }

  const isHighRisk = (f: Firm) =>
    f.e.industry.startsWith('危险化学品') ||
    ['煤矿', '非煤矿山', '石油天然气开采', '油田技术服务'].includes(f.e.industry);
  const highRisk = firms.filter(isHighRisk);
  return {
    all: firms,
    highRisk,
    oilProducers: producers.map((p) => p.firm),
    byProfile: (p) => firms.filter((f) => f.profile === p),
    seatTown,
  };
}

/** 宁县 + a two-character word + the suffix, unique among `names`. */
function uniqueName(rng: Rng, names: Set<string>, suffix: string, t: Township): string {
  for (let i = 0; i < 40; i++) {
    const a = rng.pick(NAME_FIRST);
    const b = rng.pick(NAME_SECOND);
    if (a === b) continue;
    const name = `宁县${a}${b}${suffix}`;
    if (!names.has(name)) {
      names.add(name);
      return name;
    }
  }
  for (let k = 1; ; k++) {
    const name = `宁县${townShort(t.name)}${rng.pick(NAME_FIRST)}${rng.pick(NAME_SECOND)}${suffix}${k > 1 ? k : ''}`;
    if (!names.has(name)) {
      names.add(name);
      return name;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Emergency resources: shelters, warehouses, teams, equipment, plans, drills
// ---------------------------------------------------------------------------------------------------------

interface ShelterRef {
  id: string;
  name: string;
  at: LonLat;
  townshipCode: string;
}

interface TeamRef {
  id: string;
  name: string;
  place: Place;
  enterpriseId: string | null;
  specialties: string[];
}

const SHELTER_FACILITIES = [
  '应急供水',
  '应急供电',
  '应急厕所',
  '医疗救护',
  '应急广播',
  '物资储备',
  '消防设施',
  '应急通信',
] as const;

function generateResources(ctx: Ctx, firms: Firms): { shelters: ShelterRef[]; teams: TeamRef[] } {
  const shelters = generateShelters(ctx, firms.seatTown);
  const warehouses = generateWarehouses(ctx, firms.seatTown);
  const teams = generateTeams(ctx, firms);
  generateEquipment(ctx, teams, warehouses);
  const plans = generatePlans(ctx, firms);
  generateDrills(ctx, plans);
  return { shelters, teams };
}

function generateShelters(ctx: Ctx, seatTown: Township): ShelterRef[] {
  const { rng, g, people, sink } = ctx;
  const out: ShelterRef[] = [];
  const add = (
    name: string,
    place: Place,
    size: 'large' | 'township' | 'village',
    type: '室外避难场所' | '室内避难场所' | '综合避难场所',
  ) => {
    const capacity =
      size === 'large'
        ? rng.int(60, 200) * 100
        : size === 'township'
          ? rng.int(8, 30) * 100
          : rng.int(10, 60) * 10;
    const facilities =
      size === 'village'
        ? rng.sample(SHELTER_FACILITIES, rng.int(1, 3))
        : rng.sample(SHELTER_FACILITIES, size === 'large' ? rng.int(6, 8) : rng.int(3, 6));
    const r = sink.add('shelters', {
      name,
      regionCode: place.regionCode,
      at: place.at,
      attrs: {
        type,
        tier: size === 'large' ? '长期避难场所' : size === 'township' ? '短期避难场所' : '紧急避难场所',
        capacity,
        areaM2: Math.round(capacity * rng.between(1.5, 2.5)),
        facilities: SHELTER_FACILITIES.filter((f) => facilities.includes(f)),
        status: rng.choose({ 可用: 30, 维护中: 2, 停用: 1 }),
        address: addressAt(ctx, place),
        manager: people.name(),
        managerPhone: people.mobile(),
      },
    });
    out.push({ id: r.id, name, at: place.at, townshipCode: place.township.code });
  };
  const large: [string, '室外避难场所' | '综合避难场所'][] = [
    ['宁县城区中心广场应急避难场所', '综合避难场所'],
    ['宁县体育场应急避难场所', '室外避难场所'],
    ['宁县滨河公园应急避难场所', '室外避难场所'],
    ['宁县全民健身中心应急避难场所', '综合避难场所'],
  ];
  for (const [name, type] of large) add(name, g.atTownship(seatTown, 1.5), 'large', type);
  for (const t of g.townships)
    if (t.code !== seatTown.code)
      add(`${t.name}中心广场避难场所`, g.atTownship(t, 0.6), 'township', '室外避难场所');
  const villages = rng.shuffle(g.villages.filter((v) => v.township.code !== seatTown.code));
  const want = 60 - out.length;
  for (const v of villages.slice(0, want)) {
    const indoor = rng.chance(0.35);
    add(
      `${villageShort(v.name)}${indoor ? '小学避险安置点' : '村委会广场避险点'}`,
      g.atVillage(v, 0.4),
      'village',
      indoor ? '室内避难场所' : '室外避难场所',
    );
  }
  return out;
}

function generateWarehouses(ctx: Ctx, seatTown: Township): Place[] {
  const { rng, g, people, sink } = ctx;
  const out: Place[] = [];
  const add = (name: string, place: Place, level: '县级' | '乡镇级' | '村级', areaM2: number) => {
    sink.add('warehouses', {
      name,
      regionCode: place.regionCode,
      at: place.at,
      attrs: {
        level,
        areaM2,
        address: addressAt(ctx, place),
        keeper: people.name(),
        keeperPhone: people.mobile(),
      },
    });
    out.push(place);
  };
  add('宁县应急物资储备库', g.atTownship(seatTown, 1.2), '县级', 2400);
  for (const t of g.townships)
    add(`${t.name}应急物资储备点`, g.atTownship(t, 0.4), '乡镇级', rng.int(8, 30) * 10);
  for (const v of rng.sample(g.villages, 20))
    add(`${villageShort(v.name)}应急物资储备点`, g.atVillage(v, 0.3), '村级', rng.int(15, 80));
  return out;
}

type Specialty = (typeof RESCUE_SPECIALTIES)[number];

function generateTeams(ctx: Ctx, firms: Firms): TeamRef[] {
  const { rng, g, people, sink } = ctx;
  const teams: TeamRef[] = [];
  const add = (
    name: string,
    place: Place,
    kind: '综合' | '专业' | '社会' | '基层' | '企业',
    specialties: Specialty[],
    headcount: number,
    equipment: string,
    enterpriseId: string | null = null,
  ) => {
    const r = sink.add('rescue-teams', {
      name,
      regionCode: place.regionCode,
      at: place.at,
      enterpriseId,
      attrs: {
        kind,
        specialties,
        headcount,
        equipment,
        readiness: rng.choose({ 待命: 40, 执行任务: 2, 休整: 2 }),
        leader: people.name(),
        leaderPhone: people.mobile(),
      },
    });
    teams.push({ id: r.id, name, place, enterpriseId, specialties });
  };
  const seat = firms.seatTown;
  add(
    '宁县消防救援大队',
    g.atTownship(seat, 1),
    '综合',
    ['消防', '危化', '地震', '防汛抗旱'],
    rng.int(55, 70),
    '水罐消防车、泡沫消防车、抢险救援车、举高喷射车、破拆及侦检器材',
  );
  add(
    '宁县综合应急救援大队',
    g.atTownship(seat, 1),
    '综合',
    ['地质灾害', '防汛抗旱', '地震', '工程抢险'],
    rng.int(40, 60),
    '应急指挥车、冲锋舟、生命探测仪、无人机、发电机组',
  );
  const specialised: [string, Specialty[], string, string][] = [
    ['宁县地质灾害应急救援队', ['地质灾害'], '新宁镇', '无人机、生命探测仪、挖掘机、裂缝监测仪'],
    ['宁县防汛抢险队', ['防汛抗旱'], '新宁镇', '冲锋舟、大流量排涝泵、编织袋、救生衣'],
    ['宁县地震灾害紧急救援队', ['地震'], '新宁镇', '生命探测仪、液压破拆工具组、照明灯塔'],
    [
      '宁县森林草原专业扑火队',
      ['森林草原防灭火'],
      '湘乐镇',
      '风力灭火机、高压细水雾灭火机、二号工具、运兵车',
    ],
    ['宁县工程抢险队', ['工程抢险'], '新宁镇', '挖掘机、装载机、自卸车、吊车'],
    ['宁县应急物资运输保障队', ['物资运输'], '新宁镇', '厢式货车、冷藏车、叉车'],
    ['宁县紧急医学救援队', ['医疗救护'], '新宁镇', '负压救护车、心电监护仪、自动体外除颤器'],
    ['宁县供电应急抢修队', ['电力保障'], '新宁镇', '应急发电车、抢修车、绝缘斗臂车'],
    ['宁县通信应急保障队', ['通信保障'], '新宁镇', '应急通信车、卫星便携站、卫星电话'],
    ['宁县公路应急抢修队', ['道路抢修'], '早胜镇', '装载机、平地机、除雪车、融雪剂撒布机'],
    ['宁县危险化学品应急救援队', ['危化'], '长庆桥镇', '防化服、正压式空气呼吸器、堵漏工具、有毒气体检测仪'],
  ];
  for (const [name, specialties, town, equipment] of specialised)
    add(name, g.atTownship(g.byName(town), 1), '专业', specialties, rng.int(20, 45), equipment);
  for (const t of g.townships)
    add(
      `${t.name}应急救援队`,
      g.atTownship(t, 0.5),
      '基层',
      rng.sample(['防汛抗旱', '地质灾害', '森林草原防灭火', '消防'] as const, rng.int(2, 3)),
      rng.int(20, 40),
      '风力灭火机、抽水泵、发电机、救生衣、铁锹',
    );
  add(
    '宁县应急志愿救援队',
    g.atTownship(seat, 1.2),
    '社会',
    ['地质灾害', '防汛抗旱', '医疗救护'],
    rng.int(30, 60),
    '橡皮艇、绳索救援器材、急救包',
  );
  add(
    '宁县红十字应急救护志愿服务队',
    g.atTownship(seat, 1.2),
    '社会',
    ['医疗救护'],
    rng.int(20, 40),
    '急救箱、担架、自动体外除颤器',
  );
  add(
    '宁县山地搜救志愿队',
    g.atTownship(g.byName('湘乐镇'), 1),
    '社会',
    ['地质灾害', '森林草原防灭火'],
    rng.int(15, 30),
    '无人机、对讲机、登山绳索',
  );
  const coal = firms.byProfile('coal')[0];
  if (coal)
    add(
      `${coal.e.name}矿山救护队`,
      g.around(coal.place, 0.5),
      '企业',
      ['矿山', '消防'],
      rng.int(40, 60),
      '正压氧气呼吸器、多参数气体检测仪、矿山救护车、灾区电话',
      coal.e.id,
    );
  for (const p of firms.oilProducers)
    add(
      `${p.e.name}应急抢险队`,
      g.around(p.place, 0.5),
      '企业',
      ['油气', '危化', '消防'],
      rng.int(15, 35),
      '井控抢险装备、硫化氢检测仪、正压式空气呼吸器、围油栏、吸油毡',
      p.e.id,
    );
  for (const f of [...firms.byProfile('depot'), ...firms.byProfile('lng')])
    add(
      `${f.e.name}专职消防队`,
      g.around(f.place, 0.3),
      '企业',
      f.profile === 'lng' ? ['油气', '危化'] : ['消防', '危化'],
      rng.int(10, 20),
      '泡沫消防车、移动遥控水炮、防化服、堵漏器材',
      f.e.id,
    );
  return teams;
}

type EquipmentKind =
  | '抢险救援车辆'
  | '工程机械'
  | '排水设备'
  | '发电照明'
  | '通信设备'
  | '侦检设备'
  | '破拆救生'
  | '个体防护'
  | '灭火器材'
  | '医疗设备'
  | '其他';

/** [kind, name, unit, model, quantity range] */
type EquipmentItem = [EquipmentKind, string, string, string, number, number];

const EQUIPMENT_BY_SPECIALTY: Record<Specialty, EquipmentItem[]> = {
  消防: [
    ['抢险救援车辆', '水罐消防车', '辆', 'SG60', 1, 4],
    ['抢险救援车辆', '抢险救援消防车', '辆', 'JY120', 1, 2],
    ['灭火器材', '移动遥控水炮', '台', 'PSKD40', 1, 3],
    ['个体防护', '正压式空气呼吸器', '具', 'RHZKF6.8/30', 6, 20],
  ],
  危化: [
    ['个体防护', '重型防化服', '套', 'A 级', 4, 12],
    ['侦检设备', '有毒气体探测仪', '台', '四合一', 2, 6],
    ['破拆救生', '堵漏工具组', '套', '磁压式', 1, 3],
  ],
  地震: [
    ['侦检设备', '生命探测仪', '台', '雷达式', 1, 3],
    ['破拆救生', '液压破拆工具组', '套', '液压', 1, 4],
  ],
  防汛抗旱: [
    ['其他', '冲锋舟', '艘', '玻璃钢 5.2 m', 2, 6],
    ['排水设备', '大流量排涝泵', '台', '3000 m³/h', 1, 3],
    ['个体防护', '救生衣', '件', '成人', 50, 200],
  ],
  地质灾害: [
    ['侦检设备', '无人机', '架', '多旋翼', 1, 3],
    ['侦检设备', '生命探测仪', '台', '音视频', 1, 2],
  ],
  森林草原防灭火: [
    ['灭火器材', '风力灭火机', '台', '6MF-30', 10, 40],
    ['灭火器材', '高压细水雾灭火机', '台', '背负式', 4, 12],
    ['灭火器材', '二号工具', '把', '扑火拍', 30, 100],
  ],
  工程抢险: [
    ['工程机械', '挖掘机', '台', '21 t 级', 1, 3],
    ['工程机械', '装载机', '台', 'ZL50', 1, 3],
  ],
  物资运输: [['抢险救援车辆', '厢式运输车', '辆', '8 t', 2, 6]],
  医疗救护: [
    ['抢险救援车辆', '负压救护车', '辆', '监护型', 1, 3],
    ['医疗设备', '自动体外除颤器', '台', 'AED', 2, 6],
  ],
  电力保障: [
    ['发电照明', '应急发电车', '辆', '400 kW', 1, 2],
    ['发电照明', '移动照明灯塔', '台', '4×1000 W', 2, 4],
  ],
  通信保障: [
    ['通信设备', '卫星电话', '部', '天通', 4, 12],
    ['通信设备', '便携式卫星站', '套', 'Ku 波段', 1, 2],
  ],
  道路抢修: [
    ['工程机械', '平地机', '台', 'PY180', 1, 2],
    ['工程机械', '除雪车', '辆', '多功能', 1, 3],
  ],
  矿山: [
    ['个体防护', '正压氧气呼吸器', '台', 'HYZ4', 10, 30],
    ['侦检设备', '多参数气体检测仪', '台', '便携式', 4, 10],
  ],
  油气: [
    ['侦检设备', '硫化氢检测仪', '台', '便携式', 6, 20],
    ['其他', '围油栏', '米', 'WQJ600', 100, 400],
    ['个体防护', '正压式空气呼吸器', '具', 'RHZKF6.8/30', 6, 16],
  ],
};

const WAREHOUSE_EQUIPMENT: EquipmentItem[] = [
  ['发电照明', '柴油发电机组', '台', '50 kW', 1, 4],
  ['排水设备', '潜水泵', '台', 'QS65', 2, 10],
  ['其他', '救灾帐篷', '顶', '12 m²', 20, 200],
  ['通信设备', '数字对讲机', '部', 'DMR', 4, 20],
  ['其他', '橡皮艇', '艘', '4.3 m', 1, 4],
  ['医疗设备', '担架', '副', '折叠式', 4, 20],
];

function generateEquipment(ctx: Ctx, teams: TeamRef[], warehouses: Place[]): void {
  const { rng, g, people, sink } = ctx;
  const add = (item: EquipmentItem, place: Place, teamId: string | null, enterpriseId: string | null) => {
    const [kind, name, unit, model, min, max] = item;
    sink.add('equipment', {
      name,
      regionCode: place.regionCode,
      at: g.around(place, 0.1).at,
      enterpriseId,
      attrs: {
        kind,
        quantity: rng.int(min, max),
        unit,
        model,
        teamId,
        status: rng.choose({ 完好: 90, 维修: 8, 报废: 2 }),
        keeper: people.name(),
        keeperPhone: people.mobile(),
      },
    });
  };
  let count = 0;
  for (const team of teams) {
    const items = team.specialties.flatMap((s) => EQUIPMENT_BY_SPECIALTY[s as Specialty] ?? []);
    const unique = [...new Map(items.map((i) => [i[1], i])).values()];
    for (const item of rng.sample(unique, rng.int(2, 4))) {
      add(item, team.place, team.id, team.enterpriseId);
      count++;
    }
  }
  // county and township warehouses hold the rest (no team)
  for (let i = 0; count < 150; i++, count++)
    add(rng.pick(WAREHOUSE_EQUIPMENT), warehouses[i % Math.min(warehouses.length, 19)]!, null, null);
}

type HazardType = (typeof HAZARD_TYPES)[number];
type Level = 'Ⅰ级' | 'Ⅱ级' | 'Ⅲ级' | 'Ⅳ级';
interface ResponseLevel {
  level: Level;
  trigger: string;
  actions: string;
}

/** Ⅰ–Ⅳ response of a county plan for an event, by the 突发事件 severity bands (deaths, injuries, losses). */
function countyLevels(event: string, lead: string): ResponseLevel[] {
  return [
    {
      level: 'Ⅰ级',
      trigger: `发生特别重大${event}，或造成（可能造成）30 人以上死亡（含失踪），或超出县级处置能力`,
      actions: `${lead}总指挥坐镇指挥，立即报告市委市政府并提请上级启动响应；全部成员单位和救援力量到位，组织群众转移安置，配合上级工作组开展处置`,
    },
    {
      level: 'Ⅱ级',
      trigger: `发生重大${event}，造成（可能造成）10 人以上 30 人以下死亡（含失踪）`,
      actions: `${lead}总指挥组织会商调度，成立现场指挥部及抢险救援、医疗救治、转移安置、通信保障等工作组，调集县级队伍和物资，请求市级支援`,
    },
    {
      level: 'Ⅲ级',
      trigger: `发生较大${event}，造成（可能造成）3 人以上 10 人以下死亡（含失踪）`,
      actions: `${lead}副总指挥带队赶赴现场，协调相关成员单位和专业救援队伍处置，做好信息报送和舆情引导`,
    },
    {
      level: 'Ⅳ级',
      trigger: `发生一般${event}，造成（可能造成）3 人以下死亡（含失踪），或属地乡镇请求支援`,
      actions: `${lead}办公室主任组织调度，指导属地乡镇和行业部门先期处置，加强监测和值班值守，及时续报`,
    },
  ];
}

const NATURAL_LEVELS: Record<string, ResponseLevel[]> = {
  防汛抗旱: [
    {
      level: 'Ⅰ级',
      trigger:
        '马莲河、泾河发生超标准洪水，或中型水库、小盘河水库出现垮坝险情，或多个乡镇同时发生严重山洪灾害',
      actions:
        '县防汛抗旱指挥部总指挥坐镇指挥，全体成员单位到岗；组织危险区群众全部转移，调集全部抢险力量，提请市防指支援',
    },
    {
      level: 'Ⅱ级',
      trigger: '气象部门发布暴雨红色预警，或主要河流超警戒水位，或小型水库出现严重险情',
      actions: '县防指副总指挥主持会商，派出工作组督导，危险区群众提前转移，抢险队伍前置待命',
    },
    {
      level: 'Ⅲ级',
      trigger: '气象部门发布暴雨橙色预警，或 6 小时降雨量超过 50 毫米，中小河流出现较大洪水',
      actions: '县防指办公室组织会商，加密雨水情监测，山洪危险区、地质灾害隐患点落实专人值守，做好转移准备',
    },
    {
      level: 'Ⅳ级',
      trigger: '气象部门发布暴雨黄色预警，或 1 小时降雨量超过 30 毫米，或发生轻度以上区域性干旱',
      actions: '县防指办公室加强值班值守，乡镇、村组巡查河道、淤地坝和塬边沟头，落实预警叫应',
    },
  ],
  地震: [
    {
      level: 'Ⅰ级',
      trigger: '县内发生 6.0 级以上地震，或周边地震造成特别重大人员伤亡',
      actions: '县抗震救灾指挥部全员到位，启动应急避难场所，全力搜救被困人员，提请省市支援',
    },
    {
      level: 'Ⅱ级',
      trigger: '县内发生 5.0～5.9 级地震，或造成重大人员伤亡和财产损失',
      actions: '县抗震救灾指挥部总指挥组织指挥，调集县级救援队伍，开放避难场所，组织灾情评估',
    },
    {
      level: 'Ⅲ级',
      trigger: '县内发生 4.0～4.9 级地震，或造成较大人员伤亡',
      actions: '县抗震救灾指挥部副总指挥组织处置，排查房屋、学校、医院、水库大坝和危化企业受损情况',
    },
    {
      level: 'Ⅳ级',
      trigger: '县内发生 3.0～3.9 级有感地震，或周边地震造成县内明显震感',
      actions: '县抗震救灾指挥部办公室了解震情灾情，做好社会面稳定和舆情引导',
    },
  ],
  森林草原火灾: [
    {
      level: 'Ⅰ级',
      trigger: '子午岭林区火场持续燃烧超过 24 小时且未得到有效控制，或受害森林面积超过 100 公顷',
      actions: '县森林草原防灭火指挥部总指挥坐镇指挥，提请市级和森林消防队伍增援，组织周边群众转移',
    },
    {
      level: 'Ⅱ级',
      trigger: '火场持续燃烧超过 12 小时，或威胁居民区、重要设施',
      actions: '县森防指副总指挥赶赴火场，成立前线指挥部，调集专业扑火队和乡镇半专业队伍',
    },
    {
      level: 'Ⅲ级',
      trigger: '火场持续燃烧超过 6 小时，或受害森林面积超过 1 公顷',
      actions: '县森防指办公室组织调度专业扑火队，设置隔离带，加强火场周边巡护',
    },
    {
      level: 'Ⅳ级',
      trigger: '发生森林草原火情，或森林火险气象等级达到四级以上',
      actions: '属地乡镇和林场管护站先期处置，护林员上岗巡查，县森防指办公室跟踪调度',
    },
  ],
  地质灾害: [
    {
      level: 'Ⅰ级',
      trigger: '发生特大型地质灾害险情或灾情，受威胁人数 1000 人以上或死亡 30 人以上',
      actions: '县地质灾害应急指挥部总指挥坐镇指挥，组织受威胁群众全部撤离，提请省市专家和队伍支援',
    },
    {
      level: 'Ⅱ级',
      trigger: '发生大型地质灾害险情或灾情，受威胁人数 500 人以上 1000 人以下或死亡 10 人以上 30 人以下',
      actions: '县地灾指挥部副总指挥带队赶赴现场，组织专家会商，划定危险区并实施交通管制',
    },
    {
      level: 'Ⅲ级',
      trigger: '发生中型地质灾害险情或灾情，受威胁人数 100 人以上 500 人以下或死亡 3 人以上 10 人以下',
      actions: '县自然资源、应急管理部门和属地乡镇组织调查监测，转移受威胁群众',
    },
    {
      level: 'Ⅳ级',
      trigger: '发生小型地质灾害险情或灾情，受威胁人数 100 人以下或死亡 3 人以下',
      actions: '属地乡镇落实监测员加密巡查，组织受威胁群众避险，县地灾指挥部办公室跟踪指导',
    },
  ],
};

function enterpriseLevels(scenario: string): ResponseLevel[] {
  return [
    {
      level: 'Ⅰ级',
      trigger: `${scenario}超出企业处置能力，或造成人员死亡、影响厂外人员安全`,
      actions:
        '企业主要负责人立即启动预案并报告县应急管理局和属地乡镇，组织厂区及周边人员疏散，请求政府救援力量支援',
    },
    {
      level: 'Ⅱ级',
      trigger: `${scenario}影响多个作业区域，企业可控但需全厂响应`,
      actions: '企业应急指挥部全员到位，专职/兼职救援队伍处置，停止相关区域作业，设置警戒区',
    },
    {
      level: 'Ⅲ级',
      trigger: `${scenario}局限于单个岗位或装置，班组可以控制`,
      actions: '当班班长组织岗位人员按现场处置方案处置，报告企业值班领导',
    },
  ];
}

const onSiteLevels = (scenario: string): ResponseLevel[] => [
  {
    level: 'Ⅲ级',
    trigger: `${scenario}，现场人员无法立即控制`,
    actions: '立即报告企业应急指挥部，组织撤离，设置警戒，佩戴防护装备后实施处置',
  },
  {
    level: 'Ⅳ级',
    trigger: `发现${scenario}征兆`,
    actions: '岗位人员按操作规程切断、隔离、处置，报告班组长，做好记录',
  },
];

interface PlanRef {
  id: string;
  name: string;
  type: '总体' | '专项' | '部门' | '企业' | '现场处置';
  regionCode: string;
  enterpriseId: string | null;
  issuedOn: string;
}

const PROFILE_HAZARDS: Record<Profile, HazardType[]> = {
  fuel: ['危险化学品', '火灾'],
  lpg: ['危险化学品', '火灾'],
  chlorine: ['危险化学品'],
  depot: ['危险化学品', '火灾'],
  ammonia: ['危险化学品'],
  chemicals: ['危险化学品', '火灾'],
  gases: ['危险化学品', '特种设备'],
  lng: ['危险化学品', '油气'],
  cng: ['危险化学品', '油气'],
  coal: ['矿山'],
  quarry: ['矿山'],
  oil: ['油气', '危险化学品'],
  oilService: ['油气'],
};

const ON_SITE: [Profile, string][] = [
  ['chlorine', '液氯泄漏'],
  ['lpg', '液化石油气泄漏'],
  ['fuel', '卸油作业火灾'],
  ['oil', '井喷失控'],
  ['oil', '硫化氢中毒'],
  ['coal', '瓦斯爆炸'],
  ['coal', '透水事故'],
  ['ammonia', '液氨泄漏'],
];

/** One 指挥部成员 row of a plan (`hq`): who is called (叫应) at which response levels. */
interface HqMember {
  role: '总指挥' | '副总指挥' | '成员单位' | '联络员';
  name: string;
  unit: string;
  phone: string;
  levels: Level[];
}

const ALL_LEVELS: Level[] = ['Ⅰ级', 'Ⅱ级', 'Ⅲ级', 'Ⅳ级'];
const TOP_THREE: Level[] = ['Ⅰ级', 'Ⅱ级', 'Ⅲ级'];

/** County departments joining a plan's HQ for each hazard type (the org template's unit names). */
const HQ_UNITS_BY_HAZARD: Partial<Record<HazardType, string[]>> = {
  洪涝: ['宁县水务局', '宁县气象局', '宁县自然资源局'],
  干旱: ['宁县水务局', '宁县农业农村局', '宁县气象局'],
  风雹: ['宁县气象局', '宁县农业农村局'],
  地震: ['宁县自然资源局', '宁县住房和城乡建设局', '宁县消防救援大队'],
  地质灾害: ['宁县自然资源局', '宁县气象局', '宁县交通运输局'],
  森林草原火灾: ['宁县林业和草原局', '宁县消防救援大队', '宁县气象局'],
  气象灾害: ['宁县气象局', '宁县农业农村局'],
  危险化学品: ['宁县消防救援大队', '庆阳市生态环境局宁县分局', '宁县工业和信息化局'],
  矿山: ['宁县工业和信息化局', '宁县自然资源局'],
  油气: ['宁县工业和信息化局', '宁县消防救援大队', '宁县住房和城乡建设局'],
  道路交通: ['宁县交通运输局'],
  火灾: ['宁县消防救援大队'],
  建筑施工: ['宁县住房和城乡建设局'],
  特种设备: ['宁县市场监督管理局'],
  公共卫生: ['宁县卫生健康局', '宁县市场监督管理局'],
  社会安全: [],
  综合: ['宁县水务局', '宁县自然资源局', '宁县交通运输局'],
};
/** Every county HQ: the bureau, police (traffic control, cordon), health (medical rescue), power and telecoms. */
const HQ_COMMON_UNITS = [
  '宁县应急管理局',
  '宁县公安局',
  '宁县卫生健康局',
  '通信运营企业宁县分公司（通信保障）',
];

/**
 * The county's HQ people, the same person across plans (a deputy county head leads several HQs): a seeded
 * stream of its own, so adding them leaves the rest of the ledger as it was.
 */
class HqRoster {
  private readonly people = new People(new Rng(0x68_71_2026));
  private readonly byKey = new Map<string, { name: string; phone: string }>();
  person(key: string): { name: string; phone: string } {
    let p = this.byKey.get(key);
    if (!p) {
      p = { name: this.people.name(), phone: this.people.uniqueMobile() };
      this.byKey.set(key, p);
    }
    return p;
  }
}

/** A county plan's HQ: 总指挥 (county head or the deputy in charge), 副总指挥 (the owner), member units, liaison. */
function countyHq(
  roster: HqRoster,
  type: PlanRef['type'],
  owner: string,
  hazards: readonly HazardType[],
): HqMember[] {
  const leader =
    type === '总体'
      ? { ...roster.person('县长'), unit: '宁县人民政府（县长）' }
      : { ...roster.person(`分管副县长:${hazards[0] ?? '综合'}`), unit: '宁县人民政府（副县长）' };
  const ownerUnit = owner.replace(/办公室$/, '');
  const units = [
    ...new Set([...hazards.flatMap((h) => HQ_UNITS_BY_HAZARD[h] ?? []), ...HQ_COMMON_UNITS]),
  ].filter((u) => u !== ownerUnit);
  return [
    { role: '总指挥', ...leader, levels: ['Ⅰ级', 'Ⅱ级'] },
    { role: '副总指挥', ...roster.person(`负责人:${ownerUnit}`), unit: ownerUnit, levels: TOP_THREE },
    ...units.map((unit, i): HqMember => ({
      role: '成员单位',
      ...roster.person(`负责人:${unit}`),
      unit,
      // The hazard's own departments down to Ⅳ级; the common ones from Ⅲ级 up.
      levels: HQ_COMMON_UNITS.includes(unit) && i > 0 ? TOP_THREE : ALL_LEVELS,
    })),
    { role: '联络员', ...roster.person(`联络员:${ownerUnit}`), unit: ownerUnit, levels: ALL_LEVELS },
  ];
}

/** An enterprise's HQ: its principal, the safety manager and the duty room. */
function enterpriseHq(roster: HqRoster, firm: string): HqMember[] {
  return [
    { role: '总指挥', ...roster.person(`主要负责人:${firm}`), unit: firm, levels: ['Ⅰ级', 'Ⅱ级'] },
    { role: '副总指挥', ...roster.person(`安全负责人:${firm}`), unit: firm, levels: TOP_THREE },
    { role: '联络员', ...roster.person(`值班室:${firm}`), unit: `${firm}值班室`, levels: ALL_LEVELS },
  ];
}

function generatePlans(ctx: Ctx, firms: Firms): PlanRef[] {
  const { rng, g, today, sink } = ctx;
  const county = g.countyCode;
  const specs: {
    name: string;
    type: PlanRef['type'];
    owner: string;
    hazardTypes: HazardType[];
    levels: ResponseLevel[];
    approvedBy: string;
    docPrefix: string | null;
    firm?: Firm;
  }[] = [];
  const gov = '宁县人民政府';
  specs.push({
    name: '宁县突发事件总体应急预案',
    type: '总体',
    owner: gov,
    hazardTypes: ['综合'],
    levels: countyLevels('突发事件', '县应急委'),
    approvedBy: gov,
    docPrefix: '宁政发',
  });
  const special: [string, string, HazardType[], string, string][] = [
    ['宁县防汛抗旱应急预案', '宁县防汛抗旱指挥部办公室', ['洪涝', '干旱'], '防汛抗旱', ''],
    ['宁县森林草原火灾应急预案', '宁县森林草原防灭火指挥部办公室', ['森林草原火灾'], '森林草原火灾', ''],
    ['宁县地震应急预案', '宁县抗震救灾指挥部办公室', ['地震'], '地震', ''],
    ['宁县突发地质灾害应急预案', '宁县地质灾害应急指挥部办公室', ['地质灾害'], '地质灾害', ''],
    ['宁县危险化学品事故应急预案', '宁县应急管理局', ['危险化学品'], '', '危险化学品事故'],
    [
      '宁县生产安全事故应急预案',
      '宁县安全生产委员会办公室',
      ['矿山', '危险化学品', '油气', '建筑施工', '特种设备'],
      '',
      '生产安全事故',
    ],
    [
      '宁县自然灾害救助应急预案',
      '宁县减灾委员会办公室',
      ['洪涝', '干旱', '风雹', '地震', '地质灾害'],
      '',
      '自然灾害',
    ],
    ['宁县道路交通事故应急预案', '宁县公安局', ['道路交通'], '', '道路交通事故'],
    ['宁县油气长输管道事故应急预案', '宁县应急管理局', ['油气'], '', '油气管道事故'],
    ['宁县矿山事故应急预案', '宁县应急管理局', ['矿山'], '', '矿山事故'],
    ['宁县气象灾害应急预案', '宁县气象局', ['气象灾害', '风雹'], '', '气象灾害'],
    ['宁县突发公共卫生事件应急预案', '宁县卫生健康局', ['公共卫生'], '', '突发公共卫生事件'],
  ];
  for (const [name, owner, hazardTypes, natural, event] of special)
    specs.push({
      name,
      type: '专项',
      owner,
      hazardTypes,
      levels: natural ? NATURAL_LEVELS[natural]! : countyLevels(event, '县专项指挥部'),
      approvedBy: gov,
      docPrefix: '宁政办发',
    });
  const departments: [string, string, HazardType[], string][] = [
    ['宁县水务局', '水库安全度汛应急预案', ['洪涝'], '水库垮坝、漫坝险情'],
    ['宁县水务局', '城区供水突发事件应急预案', ['公共卫生'], '城区供水中断或水质污染事件'],
    ['宁县自然资源局', '地质灾害应急处置预案', ['地质灾害'], '地质灾害'],
    ['宁县林业和草原局', '森林草原火灾扑救预案', ['森林草原火灾'], '森林草原火灾'],
    ['宁县交通运输局', '公路交通突发事件应急预案', ['道路交通'], '公路交通突发事件'],
    ['宁县住房和城乡建设局', '建筑施工安全事故应急预案', ['建筑施工'], '建筑施工安全事故'],
    ['宁县住房和城乡建设局', '城镇燃气事故应急预案', ['油气', '火灾'], '城镇燃气事故'],
    ['宁县市场监督管理局', '特种设备事故应急预案', ['特种设备'], '特种设备事故'],
    ['宁县卫生健康局', '突发事件紧急医学救援预案', ['公共卫生'], '需紧急医学救援的突发事件'],
    ['宁县教育局', '学校突发事件应急预案', ['综合'], '学校突发事件'],
    ['宁县公安局', '危险化学品道路运输事故处置预案', ['危险化学品', '道路交通'], '危险化学品道路运输事故'],
    ['宁县气象局', '重大气象灾害预警应急预案', ['气象灾害', '风雹'], '重大气象灾害'],
    ['宁县农业农村局', '农业自然灾害应急预案', ['干旱', '风雹'], '农业自然灾害'],
    ['宁县工业和信息化局', '工贸行业生产安全事故应急预案', ['综合'], '工贸行业生产安全事故'],
    ['宁县商务局', '商贸流通领域突发事件应急预案', ['火灾', '危险化学品'], '商贸流通领域突发事件'],
    ['宁县民政局', '养老机构突发事件应急预案', ['火灾', '公共卫生'], '养老机构突发事件'],
    ['宁县文体广电和旅游局', '旅游突发事件应急预案', ['综合'], '旅游突发事件'],
    ['宁县应急管理局', '非煤矿山生产安全事故应急预案', ['矿山'], '非煤矿山生产安全事故'],
    ['宁县应急管理局', '烟花爆竹事故应急预案', ['火灾', '危险化学品'], '烟花爆竹事故'],
    ['国网宁县供电公司', '大面积停电事件应急预案', ['综合', '气象灾害'], '大面积停电事件'],
  ];
  for (const [owner, title, hazardTypes, event] of departments)
    specs.push({
      name: `${owner}${title}`,
      type: '部门',
      owner,
      hazardTypes,
      levels: countyLevels(event, `${owner}应急领导小组`),
      approvedBy: owner,
      docPrefix: null,
    });
  for (const firm of firms.highRisk) {
    const hazardTypes = firm.profile ? PROFILE_HAZARDS[firm.profile] : (['综合'] as HazardType[]);
    specs.push({
      name: `${firm.e.name}生产安全事故应急预案`,
      type: '企业',
      owner: firm.e.name,
      hazardTypes,
      levels: enterpriseLevels('生产安全事故'),
      approvedBy: firm.e.name,
      docPrefix: null,
      firm,
    });
  }
  for (const [profile, scenario] of ON_SITE) {
    const firm = firms.byProfile(profile)[scenario === '硫化氢中毒' ? 1 : 0];
    if (!firm) continue;
    specs.push({
      name: `${firm.e.name}${scenario}现场处置方案`,
      type: '现场处置',
      owner: firm.e.name,
      hazardTypes: PROFILE_HAZARDS[profile],
      levels: onSiteLevels(scenario),
      approvedBy: firm.e.name,
      docPrefix: null,
      firm,
    });
  }

  const roster = new HqRoster();
  // About 15 % older than the three-year review period (revision due), the rest within it.
  const overdue = new Set(
    rng.sample(
      specs.map((_, i) => i),
      Math.round(specs.length * 0.15),
    ),
  );
  return specs.map((s, i) => {
    const issuedOn = addDaysNoLeap(
      today,
      -(overdue.has(i) ? 3 * 366 + rng.int(15, 700) : rng.int(20, 3 * 365 - 30)),
    );
    const year = yearOf(issuedOn);
    const regionCode = s.firm ? s.firm.e.regionCode : county;
    const r = sink.add('plans', {
      name: s.name,
      regionCode,
      enterpriseId: s.firm?.e.id ?? null,
      attrs: {
        type: s.type,
        owner: s.owner,
        hazardTypes: s.hazardTypes,
        levels: s.levels,
        // Each member at the plan's own levels only (an on-site plan has just Ⅲ级 and Ⅳ级).
        hq: (s.firm ? enterpriseHq(roster, s.firm.e.name) : countyHq(roster, s.type, s.owner, s.hazardTypes))
          .map((m) => ({ ...m, levels: m.levels.filter((l) => s.levels.some((x) => x.level === l)) }))
          .filter((m) => m.levels.length > 0),
        version: `${year}版`,
        approvedBy: s.approvedBy,
        issuedOn,
        documentNo: s.docPrefix
          ? `${s.docPrefix}〔${year}〕${rng.int(1, 120)}号`
          : s.firm
            ? `${year}-YJYA-${rng.digits(3)}`
            : `宁${s.owner.replace(/^宁县|^国网宁县/, '').slice(0, 2)}发〔${year}〕${rng.int(1, 60)}号`,
      },
    });
    return {
      id: r.id,
      name: s.name,
      type: s.type,
      regionCode,
      enterpriseId: s.firm?.e.id ?? null,
      issuedOn,
    };
  });
}

const FOLLOW_UPS = [
  '预警信息传递至村组不够及时，需完善叫应机制',
  '部分队员个体防护装备穿戴不规范，需加强训练',
  '现场通信存在盲区，需配备卫星电话',
  '疏散路线标识不清，需增设指示牌',
  '应急物资台账与实物不符，需重新清点',
  '医疗救护组到场时间偏长，需优化集结点',
  '报警信息上报内容不完整，需规范初报格式',
  '堵漏器材型号与现场管径不匹配，需补充配备',
  '夜间照明不足，需增配移动照明设备',
];

function generateDrills(ctx: Ctx, plans: PlanRef[]): void {
  const { rng, today, people, sink } = ctx;
  const eligible = plans.filter((p) => p.type !== '总体');
  const enterprise = eligible.filter((p) => p.enterpriseId !== null);
  const county = eligible.filter((p) => p.enterpriseId === null);
  for (let i = 0; i < 40; i++) {
    const plan = rng.chance(0.55) ? rng.pick(enterprise) : rng.pick(county);
    const sinceIssued = Math.round((Date.parse(today) - Date.parse(plan.issuedOn)) / DAY_MS);
    const heldOn = addDays(today, -rng.int(3, Math.max(4, Math.min(720, sinceIssued - 1))));
    const type = rng.choose({ 实战演练: 4, 桌面推演: 3, 综合演练: 2, 单项演练: 2 });
    const open = rng.chance(0.4);
    const followUps = rng.sample(FOLLOW_UPS, rng.int(open ? 1 : 0, 3)).map((item, k) => {
      const done = !(open && k === 0) && rng.chance(0.7);
      return {
        item,
        owner: people.name(),
        dueOn: done ? addDays(heldOn, rng.int(7, 30)) : addDays(today, rng.int(-20, 45)),
        done,
      };
    });
    const topic = plan.name.replace(/应急预案$|现场处置方案$|预案$/, '');
    sink.add('drills', {
      name: `${yearOf(heldOn)}年${topic}${type}`,
      regionCode: plan.regionCode,
      enterpriseId: plan.enterpriseId,
      attrs: {
        planId: plan.id,
        type,
        heldOn,
        participants: plan.enterpriseId ? rng.int(15, 120) : rng.int(50, 500),
        evaluation: rng.pick([
          '演练达到预期目的，响应程序基本顺畅，各组职责明确。',
          '指挥协调有序，信息报送及时，个别环节衔接需改进。',
          '预案可操作性较好，队伍集结迅速，物资保障到位。',
          '暴露出预警叫应和现场通信方面的不足，已列入整改。',
        ]),
        followUps,
      },
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Risk sources
// ---------------------------------------------------------------------------------------------------------

type RiskCategory = '设备设施' | '作业活动' | '场所环境' | '危险物质' | '工艺过程';
/** `name|category|hazards|measures`, one risk point per line. */
type RiskTemplate = string;

const RISK_TEMPLATES: Record<Profile, RiskTemplate[]> = {
  fuel: [
    '卸油作业|作业活动|卸油时油品泄漏、静电积聚，遇点火源引发火灾爆炸|油罐车静置 15 分钟并连接静电接地；密闭卸油和油气回收；专人监护；现场配备推车式灭火器和灭火毯',
    '埋地油罐|设备设施|罐体腐蚀渗漏、液位仪失灵导致冒罐，污染土壤|双层罐及渗漏在线检测；液位超限报警；定期检测防腐层',
    '加油作业|作业活动|加油机漏油、车辆未熄火、顾客吸烟或使用手机引发火灾|落实“熄火、禁烟、禁打手机”；加油机定期检定；员工持证上岗',
    '配电室|设备设施|线路老化短路引发火灾，触电|防爆电气定期检测；配电室挡鼠板；专人巡检',
    '站区车辆进出|场所环境|车辆撞击加油机、人员被车辆伤害|设置限速及导流标识；加油岛防撞柱；夜间照明',
    '油气回收系统|工艺过程|油气回收管线泄漏，油气积聚|定期检测气液比和密闭性；异常停用报修',
  ],
  lpg: [
    '液化石油气储罐区|设备设施|储罐、阀门、法兰泄漏，遇火源发生火灾爆炸（BLEVE）|可燃气体报警与紧急切断联锁；喷淋冷却系统；安全阀定期校验；防雷防静电检测',
    '槽车装卸作业|作业活动|装卸软管破裂、槽车溜车导致泄漏|装卸臂及拉断阀；车辆止轮器；专人监护；静电接地',
    '钢瓶充装|工艺过程|过量充装、超期未检钢瓶爆裂|电子秤充装联锁；钢瓶追溯二维码；超期瓶禁止充装',
    '残液处理|危险物质|残液随意倾倒，挥发积聚引发爆炸|残液回收至专用罐；严禁排放',
    '烃泵压缩机房|设备设施|机泵密封泄漏，电气火花引燃|防爆电机；机房强制通风；可燃气体检测',
    '实瓶库|场所环境|气瓶倾倒碰撞泄漏，通风不良|气瓶直立固定；库房通风、防爆照明；限量存放',
  ],
  chlorine: [
    '液氯钢瓶库|危险物质|钢瓶阀门、易熔塞泄漏，氯气中毒|氯气泄漏报警与吸收装置联锁；钢瓶定期检验；库房负压通风',
    '换瓶作业|作业活动|更换钢瓶时连接管脱落导致氯气泄漏|两人操作、一人监护；佩戴正压式空气呼吸器；使用专用扳手',
    '加氯机及管路|设备设施|管路腐蚀穿孔、真空调节器失效|定期更换管件；真空加氯；每日巡检',
    '泄漏吸收装置|设备设施|碱液失效导致事故时无法吸收氯气|定期检测碱液浓度；每月联动试验',
    '清水池清洗|作业活动|受限空间作业，缺氧窒息、溺水|执行受限空间作业审批；先通风后检测再作业；专人监护',
    '配电及水泵房|设备设施|电气设备漏电触电、机械伤害|设置漏电保护；转动部位防护罩；定期检测接地',
  ],
  depot: [
    '成品油储罐区|设备设施|储罐冒罐、密封圈失效，油气积聚遇火源引发火灾爆炸|液位高高联锁；浮顶密封检查；泡沫灭火系统及冷却喷淋；防火堤完好',
    '汽车装卸栈台|作业活动|装车溢油、静电放电引燃|定量装车联锁；静电接地报警；下装式鹤管；油气回收',
    '清罐作业|作业活动|受限空间作业中毒窒息、爆炸|作业审批；强制通风与连续气体检测；防爆工具；专人监护',
    '动火作业|作业活动|动火点周边油气未清除引发爆炸|动火分级审批；动火分析合格；清除可燃物；消防车现场监护',
    '防雷防静电设施|设备设施|接地失效导致雷击或静电引燃|每半年检测防雷防静电；储罐等电位连接',
    '输油泵房|设备设施|机泵泄漏，电气火花|防爆电气；可燃气体报警；定期巡检机封',
    '消防泵房|设备设施|消防泵无法启动，火灾扩大|每周试泵；双电源；柴油消防泵备用',
    '油罐车进出|场所环境|车辆碰撞、超速|限速 5 km/h；专人指挥；防撞设施',
  ],
  ammonia: [
    '氨制冷机房|危险物质|液氨泄漏中毒、爆炸|氨气泄漏报警联锁事故风机；紧急泄氨器；机房防爆',
    '贮氨器及管道|设备设施|压力容器、管道阀门泄漏|压力容器定期检验；安全阀校验；管道标识',
    '充氨、放油作业|作业活动|操作失误导致液氨喷溅|作业审批；两人操作；佩戴防护面罩和防化手套',
    '冷库库房作业|场所环境|低温冻伤、人员被困库内、叉车伤害|库内安全门及报警按钮；防寒服；叉车持证驾驶',
    '制冷压缩机|设备设施|压缩机超压、机械伤害|高低压保护联锁；转动部位防护罩',
  ],
  chemicals: [
    '危险化学品仓库|危险物质|甲醇等易燃液体泄漏挥发，遇火源燃烧爆炸|分区分类储存；防爆电气；可燃气体报警；严禁烟火',
    '装卸搬运|作业活动|包装破损泄漏、搬运砸伤|轻装轻卸；防静电工作服；配备吸附材料',
    '禁忌物料混存|危险物质|氧化剂与易燃物混存引发反应|落实禁忌配存表；专人管理台账',
    '库房通风及电气|场所环境|通风不良导致蒸气积聚|防爆排风机；定期检测线路',
    '门市销售|作业活动|向无资质单位销售，流向失控|购买资质审核；销售流向登记',
  ],
  gases: [
    '液氧储罐|设备设施|储罐超压、低温灼伤，富氧助燃|安全阀、压力报警；严禁油脂；防冻伤防护',
    '乙炔气瓶库|危险物质|乙炔泄漏遇火源爆炸|与氧气瓶分库存放；可燃气体报警；防爆照明',
    '气瓶充装|工艺过程|超压充装、混装导致爆炸|充装前检查；充装压力联锁；瓶阀专用',
    '气瓶检验|作业活动|水压试验爆裂伤人|检验间防护墙；按规程逐级加压',
    '配送车辆|作业活动|运输途中气瓶滚落、碰撞|危货车辆专用；气瓶固定；驾驶押运持证',
  ],
  lng: [
    'LNG 储罐|设备设施|储罐超压、低温泄漏形成蒸气云|BOG 回收；压力液位双重监测；可燃气体报警联锁',
    'LNG 槽车卸车|作业活动|卸车软管断裂泄漏、冻伤|拉断阀；防冻手套面罩；专人监护',
    '气化调压区|工艺过程|调压失灵导致下游超压|双路调压；超压切断；定期校验',
    '城区中压管网|设备设施|第三方施工挖断管道，燃气泄漏|巡线；管道标志桩；开挖前告知与监护',
    '用户端|场所环境|餐饮用户软管老化泄漏爆炸|安装报警器与切断阀；入户安检',
  ],
  cng: [
    '储气井组|设备设施|高压储气井泄漏、井筒上窜|定期检测；压力监测；安全阀',
    '压缩机撬|设备设施|压缩机超压、机械伤害|超压联锁；防护罩',
    '加气作业|作业活动|车载气瓶超期、加气枪脱落|车辆气瓶检验合格方可加气；拉断阀',
    '卸气柱|作业活动|长管拖车卸气泄漏|静电接地；专人监护',
  ],
  coal: [
    '采煤工作面|场所环境|瓦斯超限积聚引发爆炸|瓦斯抽采达标；监测监控断电联锁；“一通三防”管理',
    '掘进工作面顶板|场所环境|顶板冒落伤人|锚网索支护；顶板离层监测；敲帮问顶',
    '井下防治水|场所环境|老空水、含水层突水|“预测预报、有疑必探、先探后掘”；排水系统完好',
    '煤尘|危险物质|煤尘爆炸、尘肺病|综合防尘；隔爆水棚；个体防尘',
    '主斜井带式输送机|设备设施|胶带撕裂、着火、人员卷入|保护装置齐全；阻燃胶带；严禁乘坐',
    '主副井提升|设备设施|过卷、断绳、坠罐|提升机保护定期试验；钢丝绳检测',
    '井下供电|设备设施|电气失爆引燃瓦斯，触电|防爆检查；三大保护；停送电审批',
    '采空区自然发火|场所环境|煤层自燃产生 CO|注氮、灌浆；束管监测',
  ],
  quarry: [
    '采场边坡|场所环境|边坡失稳坍塌、滑坡|自上而下分台阶开采；边坡监测；雨后巡查',
    '爆破作业|作业活动|飞石、盲炮伤人|委托有资质单位爆破；警戒；盲炮处理规程',
    '破碎筛分|设备设施|机械伤害、粉尘|防护罩；停机检修挂牌上锁；喷雾降尘',
    '铲装运输|作业活动|车辆伤害、翻车|道路限速；挡车墙；持证驾驶',
    '料堆及排土场|场所环境|料堆坍塌掩埋|控制堆高；严禁掏挖取料',
  ],
  oil: [
    '井口装置|危险物质|含硫化氢伴生气泄漏中毒|硫化氢检测报警；井口警示；进站“一看二测三进”；正压式空气呼吸器',
    '修井作业|作业活动|井喷、起下管柱伤人|井控装置试压合格；持证上岗；坐岗观察',
    '集输管线|设备设施|管线腐蚀穿孔漏油，污染及火灾|定期壁厚检测；巡线；泄漏监测',
    '增压点储油罐|设备设施|储罐冒罐、雷击起火|液位监测；防雷接地检测；泡沫灭火器材',
    '水套加热炉|设备设施|炉膛爆燃、超压|点炉前吹扫；熄火保护；安全阀校验',
    '抽油机|设备设施|曲柄、皮带机械伤害|护栏；停机刹车后操作',
    '注水泵房|工艺过程|高压注水管线刺漏伤人|超压保护；高压区警示；定期检测',
    '井场动火|作业活动|动火引燃油气|动火审批；可燃气体检测合格；监护',
  ],
  oilService: [
    '钻井井控|工艺过程|溢流处置不当导致井喷失控|井控装备试压；坐岗观察；防喷演习',
    '起下钻作业|作业活动|吊卡、大钳伤人，高处坠落|二层台防坠落装置；规范操作',
    '压裂作业|工艺过程|高压管汇刺漏、爆裂|管汇试压；高压区隔离警戒',
    '吊装作业|作业活动|吊物坠落、起重伤害|作业审批；司索指挥持证；警戒区',
    '测井放射源|危险物质|放射源丢失、辐射照射|专用源库；领用登记；剂量监测',
    '设备搬迁运输|作业活动|超限运输翻车、碰撞|路线勘察；专人押运',
  ],
};

/** L × E × C combinations per risk colour (DEFAULT_LEC_CONFIG: >320 red, >160 orange, >70 yellow, else blue). */
const LEC_BY_COLOUR: Record<'red' | 'orange' | 'yellow' | 'blue', [number, number, number][]> = {
  red: [
    [3, 6, 40],
    [6, 6, 15],
    [3, 3, 40],
  ],
  orange: [
    [3, 6, 15],
    [6, 3, 15],
    [1, 6, 40],
    [3, 2, 40],
    [6, 2, 15],
  ],
  yellow: [
    [3, 6, 7],
    [1, 6, 15],
    [3, 3, 15],
    [6, 2, 7],
    [1, 2, 40],
    [3, 1, 40],
  ],
  blue: [
    [1, 6, 7],
    [1, 3, 15],
    [3, 6, 3],
    [1, 2, 15],
    [0.5, 6, 15],
    [3, 2, 7],
  ],
};
const CONTROL_LEVEL = { red: '单位级', orange: '部门级', yellow: '班组级', blue: '岗位级' } as const;

function generateRiskSources(ctx: Ctx, firms: Firms): void {
  generateHazardSources(ctx, firms);
  generateRiskPoints(ctx, firms);
  generateWells(ctx, firms);
  generatePipelines(ctx, firms);
  generateSpecialEquipment(ctx, firms);
  generateCrowdedPlaces(ctx, firms);
  generateFireUnits(ctx, firms);
  generateExposedAssets(ctx, firms);
}

function generateHazardSources(ctx: Ctx, firms: Firms): void {
  const { rng, g, people, sink, today } = ctx;
  let seq = 0;
  for (const f of firms.all)
    for (const unit of f.units) {
      // only a major hazard installation is filed (备案) with the authority
      const major = computeMajorHazard({
        substances: unit.substances,
        exposedPeople: unit.exposedPeople,
      }).isMajorHazard;
      if (major) seq++;
      sink.add('hazard-sources', {
        name: unit.name,
        regionCode: f.place.regionCode,
        at: g.around(f.place, 0.15).at,
        enterpriseId: f.e.id,
        attrs: {
          unitType: unit.unitType,
          recordNo: major
            ? `${g.countyCode}-WHY-${yearOf(today) - rng.int(0, 3)}-${String(seq).padStart(3, '0')}`
            : null,
          substances: unit.substances.map((s) => ({
            name: s.name,
            cas: null,
            category: s.category ?? null,
            quantity: s.quantity,
          })),
          exposedPeople: unit.exposedPeople,
          responsible: people.name(),
          responsiblePhone: people.mobile(),
        },
      });
    }
}

function generateRiskPoints(ctx: Ctx, firms: Firms): void {
  const { rng, g, people, sink } = ctx;
  for (const f of firms.highRisk) {
    if (!f.profile) continue;
    const templates = RISK_TEMPLATES[f.profile];
    const n =
      f.profile === 'coal' || f.profile === 'depot'
        ? templates.length
        : rng.int(4, Math.min(6, templates.length));
    for (const template of rng.sample(templates, n)) {
      const [name, category, hazards, measures] = template.split('|') as [
        string,
        RiskCategory,
        string,
        string,
      ];
      const colour = rng.choose({ red: 5, orange: 20, yellow: 40, blue: 35 });
      const [L, E, C] = rng.pick(LEC_BY_COLOUR[colour]);
      sink.add('risk-points', {
        name,
        regionCode: f.place.regionCode,
        at: g.around(f.place, 0.3).at,
        enterpriseId: f.e.id,
        attrs: {
          category,
          hazards,
          L,
          E,
          C,
          measures,
          controlLevel: CONTROL_LEVEL[colour],
          responsible: people.name(),
          responsiblePhone: people.mobile(),
        },
      });
    }
  }
}

function generateWells(ctx: Ctx, firms: Firms): void {
  const { rng, g, sink } = ctx;
  const towns = g.resolve(OIL_TOWNS, 'west');
  const town = (name: string) => towns[OIL_TOWNS.indexOf(name)] ?? towns[0]!;
  OIL_PRODUCERS.forEach((spec, i) => {
    const firm = firms.oilProducers[i]!;
    const short = firm.e.name.replace(/^（演示）/, '').replace(/^宁县/, '');
    let made = 0;
    for (let pad = rng.int(3, 20); made < spec.wells; pad += rng.int(1, 4)) {
      // 丛式井组: a pad of 3–8 well-heads a few tens of metres apart
      const t = town(rng.pick(spec.towns));
      const center = g.randomIn(t);
      const size = Math.min(rng.int(3, 8), spec.wells - made);
      for (let k = 1; k <= size; k++, made++) {
        const at = g.near(center, 0.06, t);
        const wellType = spec.gas
          ? rng.choose({ 采气井: 80, 评价井: 10, 其他: 10 })
          : rng.choose({ 采油井: 70, 注水井: 21, 评价井: 5, 采气井: 2, 其他: 2 });
        const code = `${spec.prefix}${pad}-${k}`;
        sink.add('wells', {
          name: `${code}井`,
          regionCode: g.placeOf(t, at).regionCode,
          at,
          enterpriseId: firm.e.id,
          attrs: {
            code,
            wellType,
            status: rng.choose({ 生产: 75, 停产: 10, 关停: 7, 废弃: 3, 在建: 5 }),
            sour: rng.chance(0.08),
            wellheadPressureMPa:
              Math.round(
                (wellType === '采气井'
                  ? rng.between(4, 18)
                  : wellType === '注水井'
                    ? rng.between(8, 16)
                    : rng.between(0.3, 3)) * 10,
              ) / 10,
            workArea: `${short}${townShort(t.name)}作业区`,
          },
        });
      }
    }
  });
}

/** A polyline through `anchors`, densified every ~`stepKm` with a gentle meander; every vertex inside the county. */
function route(g: GeoIndex, rng: Rng, anchors: LonLat[], stepKm: number, wiggleKm: number): LonLat[] {
  const pts: LonLat[] = [anchors[0]!];
  let w = 0;
  for (let i = 1; i < anchors.length; i++) {
    const a = anchors[i - 1]!;
    const b = anchors[i]!;
    const d = distanceKm(a, b);
    if (d === 0) continue;
    const n = Math.max(1, Math.ceil(d / stepKm));
    const kx = KM_PER_DEG_LAT * Math.cos((a[1] * Math.PI) / 180);
    const ex = ((b[0] - a[0]) * kx) / d;
    const ny = ((b[1] - a[1]) * KM_PER_DEG_LAT) / d;
    for (let k = 1; k < n; k++) {
      const base: LonLat = [a[0] + ((b[0] - a[0]) * k) / n, a[1] + ((b[1] - a[1]) * k) / n];
      w = 0.6 * w + 0.4 * rng.between(-wiggleKm, wiggleKm);
      const p = offset(base, -ny * w, ex * w);
      if (g.insideCounty(p)) pts.push(p);
      else if (g.insideCounty(round6(base))) pts.push(round6(base));
    }
    pts.push(b);
  }
  return pts;
}

/** `lines` cut from their starts so that their turf lengths sum to `targetKm`. */
function cutToTotal(lines: LonLat[][], targetKm: number, what: string): LonLat[][] {
  const km = (c: LonLat[]) =>
    lineLength({ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: c } });
  const lengths = lines.map(km);
  const total = lengths.reduce((s, l) => s + l, 0);
  if (total < targetKm)
    throw new RangeError(`${what}：可用线路总长 ${total.toFixed(1)} km 不足 ${targetKm} km`);
  const k = targetKm / total;
  return lines.map((c, i) => {
    const sliced = lineSliceAlong(
      { type: 'LineString', coordinates: c },
      0,
      lengths[i]! * k,
    ).geometry.coordinates.map(round6);
    return sliced.filter((p, j) => j === 0 || p[0] !== sliced[j - 1]![0] || p[1] !== sliced[j - 1]![1]);
  });
}

function generatePipelines(ctx: Ctx, firms: Firms): void {
  const { rng, g, people, sink, today } = ctx;
  const gasCo = firms.byProfile('lng')[0] ?? null;
  const depot = firms.byProfile('depot')[0] ?? null;
  const [p0, , p2] = firms.oilProducers;
  // Long-distance lines between township seats (demo routes; the plan gives only the total, 89.2 km).
  const candidates: {
    name: string;
    towns: string[];
    medium: string;
    d: number;
    mpa: number;
    owner: Firm | null;
  }[] = [
    {
      name: '某长输原油管道（焦村—长庆桥段）',
      towns: ['焦村镇', '和盛镇', '太昌镇', '长庆桥镇'],
      medium: '原油',
      d: 273,
      mpa: 6.3,
      owner: p0 ?? null,
    },
    {
      name: '某天然气输气管道（长庆桥—县城段）',
      towns: ['长庆桥镇', '新庄镇', '中村镇', '早胜镇', '新宁镇'],
      medium: '天然气',
      d: 323,
      mpa: 6.3,
      owner: gasCo,
    },
    {
      name: '某原油集输干线（南义—焦村段）',
      towns: ['南义乡', '瓦斜乡', '焦村镇'],
      medium: '原油',
      d: 219,
      mpa: 4,
      owner: p2 ?? null,
    },
    {
      name: '某成品油管道（长庆桥—县城段）',
      towns: ['长庆桥镇', '太昌镇', '和盛镇', '新宁镇'],
      medium: '成品油',
      d: 219,
      mpa: 8,
      owner: depot,
    },
    {
      name: '某天然气支线（县城—湘乐段）',
      towns: ['新宁镇', '春荣镇', '湘乐镇'],
      medium: '天然气',
      d: 159,
      mpa: 4,
      owner: gasCo,
    },
    {
      name: '某原油外输管道（和盛—南义段）',
      towns: ['和盛镇', '瓦斜乡', '南义乡'],
      medium: '原油',
      d: 219,
      mpa: 6.3,
      owner: p0 ?? null,
    },
  ];
  const target = DEMO_LEDGER_TARGETS.longDistancePipelineKm;
  const chosen: { spec: (typeof candidates)[number]; line: LonLat[] }[] = [];
  let sum = 0;
  for (const spec of candidates) {
    if (chosen.length >= 3 && sum >= target * 1.05) break;
    const anchors = spec.towns.map((n, i) => g.anchor(g.byName(n, i * 5)));
    const line = route(g, rng, anchors, 0.5, 0.4);
    const km = lineLength({
      type: 'Feature',
      properties: {},
      geometry: { type: 'LineString', coordinates: line },
    });
    if (km < 1) continue;
    chosen.push({ spec, line });
    sum += km;
  }
  const cut = cutToTotal(
    chosen.map((c) => c.line),
    target,
    '长输油气管道',
  );
  chosen.forEach(({ spec }, i) => {
    sink.add('pipelines', {
      name: spec.name,
      regionCode: g.countyCode, // crosses several townships: a county record
      geometry: { type: 'LineString', coordinates: cut[i]! },
      enterpriseId: spec.owner?.e.id ?? null,
      attrs: {
        kind: '长输油气管道',
        medium: spec.medium,
        diameterMm: spec.d,
        pressureMPa: spec.mpa,
        commissionedOn: addDays(today, -rng.int(4, 18) * 365),
        highConsequence: spec.towns.includes('新宁镇') || rng.chance(0.4),
        responsible: people.name(),
        responsiblePhone: people.mobile(),
      },
    });
  });

  // Urban gas network of the county town: L-shaped street mains around the seat.
  const seatTown = firms.seatTown;
  const seat = g.anchor(seatTown);
  const streets = ['人民路', '东大街', '西大街', '南大街', '北大街', '建设路', '新华路'];
  const mains: { name: string; line: LonLat[] }[] = [];
  for (let i = 0; i < 6; i++) {
    let line: LonLat[] | null = null;
    for (let scale = 1; scale > 0.1 && !line; scale *= 0.7) {
      const start = offset(seat, rng.between(-1.2, 1.2) * scale, rng.between(-1.2, 1.2) * scale);
      const horizontal = i % 2 === 0;
      const l1 = rng.between(0.7, 1.2) * scale * (rng.chance(0.5) ? 1 : -1);
      const l2 = rng.between(0.4, 0.8) * scale * (rng.chance(0.5) ? 1 : -1);
      const corner = horizontal ? offset(start, l1, 0) : offset(start, 0, l1);
      const end = horizontal ? offset(corner, 0, l2) : offset(corner, l2, 0);
      const dense = route(g, rng, [start, corner, end], 0.25, 0);
      if (dense.every((p) => g.inside(p, seatTown)) && dense.length >= 2) line = dense;
    }
    if (line) mains.push({ name: `新宁镇城区中压燃气管道（${streets[i]}段）`, line });
  }
  const urban = cutToTotal(
    mains.map((m) => m.line),
    DEMO_LEDGER_TARGETS.urbanGasPipelineKm,
    '城镇燃气管道',
  );
  mains.forEach((m, i) => {
    sink.add('pipelines', {
      name: m.name,
      regionCode: seatTown.code,
      geometry: { type: 'LineString', coordinates: urban[i]! },
      enterpriseId: gasCo?.e.id ?? null,
      attrs: {
        kind: '城镇燃气管道',
        medium: '天然气',
        diameterMm: rng.pick([110, 160, 200]),
        pressureMPa: 0.4,
        commissionedOn: addDays(today, -rng.int(3, 12) * 365),
        highConsequence: true,
        responsible: people.name(),
        responsiblePhone: people.mobile(),
      },
    });
  });
}

type SeKind = '锅炉' | '压力容器' | '压力管道' | '电梯' | '起重机械' | '场（厂）内专用机动车辆';
/** Registration-certificate prefix (类别 + 品种代码) and [noun, model] choices per kind. */
const SE_KINDS: Record<SeKind, { prefix: string; items: [string, string][] }> = {
  锅炉: {
    prefix: '锅11',
    items: [
      ['燃气蒸汽锅炉', 'WNS2-1.25-Q'],
      ['燃气热水锅炉', 'CWNS1.4-85/60-Q'],
      ['燃气蒸汽锅炉', 'WNS4-1.25-Q'],
      ['生物质锅炉', 'DZL1-1.0-S'],
    ],
  },
  压力容器: {
    prefix: '容21',
    items: [
      ['储气罐', 'C-2.0/0.8'],
      ['卧式储罐', 'V=30 m³'],
      ['分汽缸', 'DN600'],
      ['蒸压釜', 'Φ2.0×26 m'],
    ],
  },
  压力管道: {
    prefix: '管83',
    items: [
      ['工业管道', 'GC2 DN100'],
      ['工业管道', 'GC2 DN150'],
      ['公用管道', 'GB1 DN200'],
    ],
  },
  电梯: {
    prefix: '梯31',
    items: [
      ['乘客电梯', 'TKJ1000/1.75-JXW'],
      ['乘客电梯', 'TKJ800/1.0-JXW'],
      ['载货电梯', 'THJ2000/0.5-JXW'],
      ['自动扶梯', 'FT-800/30°'],
    ],
  },
  起重机械: {
    prefix: '起44',
    items: [
      ['塔式起重机', 'QTZ80(TC6010)'],
      ['塔式起重机', 'QTZ63'],
      ['施工升降机', 'SC200/200'],
      ['电动单梁起重机', 'LD3-10.5'],
      ['桥式起重机', 'QD16/3.2-22.5'],
    ],
  },
  '场（厂）内专用机动车辆': {
    prefix: '车51',
    items: [
      ['内燃叉车', 'CPCD30'],
      ['电动叉车', 'CPD20'],
      ['内燃叉车', 'CPCD50'],
    ],
  },
};
/** Fixed allotments for the firms with a profile: [kind, noun, model, min, max]. */
const SE_BY_PROFILE: Record<Profile, [SeKind, string, string, number, number][]> = {
  fuel: [['压力容器', '储气罐', 'C-0.3/0.8', 0, 1]],
  lpg: [
    ['压力容器', '液化石油气储罐', 'V=50 m³', 2, 4],
    ['压力管道', '工业管道', 'GC2 DN80', 1, 1],
    ['场（厂）内专用机动车辆', '内燃叉车', 'CPCD30', 1, 1],
  ],
  chlorine: [
    ['起重机械', '电动葫芦', 'CD1-2', 1, 1],
    ['压力管道', '工业管道', 'GC2 DN25', 1, 1],
  ],
  depot: [
    ['压力管道', '工业管道', 'GC2 DN200', 2, 2],
    ['起重机械', '电动单梁起重机', 'LD5-12', 1, 1],
    ['场（厂）内专用机动车辆', '防爆叉车', 'CPCD30-EX', 2, 2],
    ['锅炉', '燃气热水锅炉', 'CWNS0.7-85/60-Q', 1, 1],
  ],
  ammonia: [
    ['压力容器', '贮氨器', 'ZA-3.0', 1, 2],
    ['压力容器', '油氨分离器', 'YF-80', 1, 1],
    ['压力管道', '工业管道', 'GC2 DN50', 1, 1],
    ['场（厂）内专用机动车辆', '电动叉车', 'CPD20', 1, 3],
  ],
  chemicals: [['场（厂）内专用机动车辆', '防爆叉车', 'CPD15-EX', 1, 2]],
  gases: [
    ['压力容器', '液氧储罐', 'CFL-20/0.8', 2, 2],
    ['压力管道', '工业管道', 'GC2 DN50', 1, 1],
  ],
  lng: [
    ['压力容器', 'LNG 储罐', 'CFW-60/0.8', 2, 2],
    ['压力管道', '工业管道', 'GC1 DN100', 1, 1],
  ],
  cng: [['压力容器', '储气井', 'CNG-4 m³', 3, 3]],
  coal: [
    ['锅炉', '燃气热水锅炉', 'CWNS7-95/70-Q', 3, 3],
    ['压力容器', '储气罐', 'C-10/0.8', 4, 4],
    ['起重机械', '桥式起重机', 'QD20/5-22.5', 6, 6],
    ['场（厂）内专用机动车辆', '内燃叉车', 'CPCD50', 3, 3],
  ],
  quarry: [
    ['起重机械', '电动葫芦', 'CD1-5', 1, 1],
    ['场（厂）内专用机动车辆', '内燃叉车', 'CPCD30', 1, 1],
  ],
  oil: [
    ['压力容器', '三相分离器', 'Φ2400×9000', 3, 6],
    ['压力容器', '缓冲罐', 'V=10 m³', 1, 2],
    ['锅炉', '水套加热炉', 'HJ400-Q/2.5', 1, 2],
    ['压力管道', '工业管道', 'GC2 DN150', 1, 2],
  ],
  oilService: [
    ['起重机械', '汽车起重机底盘吊', 'QY25', 1, 2],
    ['压力容器', '储气罐', 'C-1.0/0.8', 1, 2],
    ['场（厂）内专用机动车辆', '内燃叉车', 'CPCD50', 0, 1],
  ],
};

function generateSpecialEquipment(ctx: Ctx, firms: Firms): void {
  const { rng, g, sink, today } = ctx;
  const seq = new Map<string, number>();
  const perHost = new Map<string, number>();
  const target = DEMO_LEDGER_TARGETS.specialEquipment;
  let made = 0;
  const add = (f: Firm, kind: SeKind, noun: string, model: string) => {
    const prefix = SE_KINDS[kind].prefix;
    const n = (seq.get(prefix) ?? 0) + rng.int(1, 9);
    seq.set(prefix, n);
    const k = (perHost.get(f.e.id + noun) ?? 0) + 1;
    perHost.set(f.e.id + noun, k);
    const yy = String((yearOf(today) - rng.int(0, 15)) % 100).padStart(2, '0');
    const draw = rng.float();
    const nextInspectionOn = addDays(
      today,
      draw < 0.07 ? -rng.int(1, 120) : draw < 0.17 ? rng.int(0, 30) : rng.int(31, 720),
    );
    sink.add('special-equipment', {
      name: `${k}号${noun}`,
      regionCode: f.place.regionCode,
      at: g.around(f.place, 0.2).at,
      enterpriseId: f.e.id,
      attrs: {
        kind,
        registrationNo: `${prefix}甘M${String(n).padStart(5, '0')}(${yy})`,
        model,
        nextInspectionOn,
        status: rng.choose({ 在用: 88, 停用: 9, 报废: 3 }),
      },
    });
    made++;
  };
  for (const f of firms.all) {
    if (!f.profile) continue;
    for (const [kind, noun, model, min, max] of SE_BY_PROFILE[f.profile]) {
      const count = rng.int(min, max);
      for (let i = 0; i < count; i++) add(f, kind, noun, model);
    }
  }
  // The rest among ordinary firms: lifts in the county town, cranes on building sites, boilers and forklifts.
  const generic = firms.all.filter((f) => !f.profile);
  const inTown = generic.filter(
    (f) =>
      f.place.township.code === firms.seatTown.code && (f.e.industry === '商贸' || f.e.industry === '其他'),
  );
  const pools: [SeKind, Firm[], number][] = [
    ['电梯', inTown.length > 0 ? inTown : generic, 38],
    ['起重机械', generic.filter((f) => f.e.industry === '建筑施工' || f.e.industry === '工贸'), 26],
    ['锅炉', generic.filter((f) => f.e.industry === '工贸' || f.e.industry === '其他'), 16],
    [
      '场（厂）内专用机动车辆',
      generic.filter((f) => ['商贸', '工贸', '交通运输'].includes(f.e.industry)),
      14,
    ],
    ['压力容器', generic.filter((f) => f.e.industry === '工贸'), 6],
  ];
  const usable = pools
    .filter(([, hosts]) => hosts.length > 0)
    .map(([kind, hosts, w]) => [[kind, hosts], w] as const);
  // Bigger (规上) firms hold most of the units: pick among them two times in three.
  while (made < target) {
    const [kind, hosts] = rng.weighted(usable);
    const big = hosts.filter((f) => f.e.scale === '规上');
    const host = big.length > 0 && rng.chance(0.66) ? rng.pick(big) : rng.pick(hosts);
    const [noun, model] = rng.pick(SE_KINDS[kind].items);
    add(host, kind, noun, model);
  }
}

function generateCrowdedPlaces(ctx: Ctx, firms: Firms): void {
  const { rng, g, people, sink } = ctx;
  const seat = firms.seatTown;
  const word = () => rng.pick(NAME_FIRST) + rng.pick(NAME_SECOND);
  const specs: [string, string, string, number, number][] = [
    // [township, kind, name, capacity min, max]
    ['新宁镇', '商场市场', `宁县${word()}购物广场`, 3000, 6000],
    ['新宁镇', '商场市场', `宁县${word()}百货大楼`, 2000, 4000],
    ['新宁镇', '商场市场', '宁县城区农贸市场', 2000, 5000],
    ['新宁镇', '商场市场', `宁县${word()}生活超市`, 800, 1500],
    ['新宁镇', '商场市场', `宁县${word()}家居建材城`, 600, 1200],
    ['新宁镇', '商场市场', '宁县城区小商品市场', 1000, 2500],
    ['新宁镇', '宾馆饭店', `宁县${word()}大酒店`, 300, 600],
    ['新宁镇', '宾馆饭店', `宁县${word()}宾馆`, 150, 300],
    ['新宁镇', '宾馆饭店', `宁县${word()}商务酒店`, 150, 300],
    ['新宁镇', '宾馆饭店', `宁县${word()}饭庄`, 200, 400],
    ['新宁镇', '医院', '宁县人民医院门诊楼', 1500, 3000],
    ['新宁镇', '医院', '宁县中医医院门诊楼', 800, 1500],
    ['新宁镇', '学校', '宁县第一中学', 2500, 3500],
    ['新宁镇', '学校', '宁县城关小学', 1500, 2500],
    ['新宁镇', '体育场馆', '宁县全民健身中心', 2000, 4000],
    ['新宁镇', '车站', '宁县汽车站', 800, 1500],
    ['新宁镇', '公共娱乐场所', `宁县${word()}影城`, 500, 900],
    ['新宁镇', '公共娱乐场所', `宁县${word()}KTV`, 200, 400],
    ['新宁镇', '公共娱乐场所', `宁县${word()}网咖`, 150, 300],
    ['新宁镇', '宗教活动场所', '宁县某宗教活动场所', 200, 500],
    ['新宁镇', '其他', '宁县文化馆', 500, 1000],
    ['早胜镇', '商场市场', '早胜镇集贸市场', 1500, 3000],
    ['长庆桥镇', '商场市场', '长庆桥镇集贸市场', 1500, 3000],
    ['长庆桥镇', '车站', '长庆桥客运站', 300, 800],
    ['长庆桥镇', '宾馆饭店', `长庆桥${word()}宾馆`, 100, 250],
    ['平子镇', '商场市场', '平子镇集贸市场', 800, 2000],
    ['中村镇', '商场市场', '中村镇集贸市场', 800, 2000],
    ['和盛镇', '商场市场', '和盛镇集贸市场', 800, 2000],
    ['焦村镇', '商场市场', '焦村镇集贸市场', 800, 2000],
    ['湘乐镇', '其他', '湘乐镇文化广场', 500, 1500],
    ['盘克镇', '商场市场', '盘克镇集贸市场', 600, 1500],
  ];
  for (const [town, kind, name, min, max] of specs) {
    const t = town === '新宁镇' ? seat : g.byName(town, rng.int(0, 17));
    const place = g.atTownship(t, t.code === seat.code ? 1.5 : 0.8);
    const capacity = rng.int(min, max);
    sink.add('crowded-places', {
      name,
      regionCode: place.regionCode,
      at: place.at,
      attrs: {
        kind,
        capacity,
        buildingAreaM2: Math.round(capacity * rng.between(2, 5)),
        address: addressAt(ctx, place),
        manager: people.name(),
        managerPhone: people.mobile(),
      },
    });
  }
}

function generateFireUnits(ctx: Ctx, firms: Firms): void {
  const { rng, g, people, sink } = ctx;
  const seat = firms.seatTown;
  const word = () => rng.pick(NAME_FIRST) + rng.pick(NAME_SECOND);
  const add = (name: string, kind: string, place: Place, enterpriseId: string | null, area: number) =>
    sink.add('fire-units', {
      name,
      regionCode: place.regionCode,
      at: place.at,
      enterpriseId,
      attrs: {
        kind,
        buildingAreaM2: area,
        fireControlRoom: area > 5000 || rng.chance(0.3),
        address: addressAt(ctx, place),
        manager: people.name(),
        managerPhone: people.mobile(),
      },
    });
  // Flammable and explosive sites: the firms themselves.
  const risky = [
    ...firms.byProfile('depot'),
    ...firms.byProfile('lpg'),
    ...firms.byProfile('lng'),
    ...firms.byProfile('gases'),
    ...firms.byProfile('coal'),
  ];
  for (const f of risky) add(f.e.name, '易燃易爆单位', f.place, f.e.id, rng.int(20, 300) * 100);
  const specs: [string, string, string, number, number][] = [
    ['新宁镇', '商场市场', `宁县${word()}购物中心`, 8000, 20000],
    ['新宁镇', '商场市场', `宁县${word()}商厦`, 5000, 12000],
    ['新宁镇', '商场市场', '宁县城区农贸市场', 4000, 9000],
    ['新宁镇', '宾馆饭店', `宁县${word()}国际酒店`, 6000, 15000],
    ['新宁镇', '宾馆饭店', `宁县${word()}大酒店`, 4000, 9000],
    ['新宁镇', '宾馆饭店', `宁县${word()}宾馆`, 2000, 5000],
    ['新宁镇', '医院', '宁县人民医院', 30000, 50000],
    ['新宁镇', '医院', '宁县中医医院', 15000, 25000],
    ['新宁镇', '学校', '宁县第一中学', 30000, 45000],
    ['新宁镇', '学校', '宁县第二中学', 20000, 35000],
    ['新宁镇', '学校', '宁县职业教育中心', 15000, 30000],
    ['早胜镇', '学校', '早胜中学', 10000, 20000],
    ['新宁镇', '养老机构', '宁县社会福利中心', 5000, 9000],
    ['早胜镇', '养老机构', '早胜镇敬老院', 1500, 3000],
    ['新宁镇', '高层建筑', `宁县${word()}小区高层住宅`, 30000, 60000],
    ['新宁镇', '高层建筑', `宁县${word()}商住楼`, 15000, 30000],
    ['新宁镇', '高层建筑', '宁县政务服务中心', 12000, 20000],
    ['新宁镇', '文物古建', '宁县某古建筑群', 800, 2000],
    ['新宁镇', '其他', '宁县图书馆', 4000, 8000],
    ['新宁镇', '其他', '宁县档案馆', 3000, 6000],
    ['长庆桥镇', '商场市场', '长庆桥镇综合市场', 3000, 6000],
    ['早胜镇', '商场市场', `早胜镇${word()}超市`, 2000, 5000],
    ['中村镇', '其他', '中村镇某仓储物流中心', 5000, 12000],
    ['平子镇', '其他', '平子镇某果品冷链仓库', 4000, 10000],
    ['和盛镇', '商场市场', '和盛镇综合市场', 2000, 4000],
  ];
  for (const [town, kind, name, min, max] of specs) {
    if (sinkCount(sink, 'fire-units') >= DEMO_LEDGER_TARGETS.fireUnits) break;
    const t = town === '新宁镇' ? seat : g.byName(town, rng.int(0, 17));
    add(name, kind, g.atTownship(t, t.code === seat.code ? 1.5 : 0.8), null, rng.int(min, max));
  }
  if (sinkCount(sink, 'fire-units') !== DEMO_LEDGER_TARGETS.fireUnits)
    throw new Error(
      `fire-units: ${sinkCount(sink, 'fire-units')} instead of ${DEMO_LEDGER_TARGETS.fireUnits}`,
    );
}

const sinkCount = (sink: RecordSink, registry: string) =>
  sink.records.filter((r) => r.registry === registry).length;

function generateExposedAssets(ctx: Ctx, firms: Firms): void {
  const { rng, g, people, sink } = ctx;
  const seat = firms.seatTown;
  const add = (name: string, kind: string, place: Place, people_: number | null, scale: string) =>
    sink.add('exposed-assets', {
      name,
      regionCode: place.regionCode,
      at: place.at,
      attrs: { kind, people: people_, scale, manager: people.name(), managerPhone: people.mobile() },
    });
  // Schools: a central primary school per township, and the county town's secondary schools.
  for (const t of g.townships) {
    const n = rng.int(300, 1200);
    add(`${t.name}中心小学`, '学校', g.atTownship(t, 0.8), n, `在校生 ${n} 人`);
  }
  for (const [name, min, max] of [
    ['宁县第一中学', 2500, 3500],
    ['宁县第二中学', 1800, 2600],
    ['宁县职业教育中心', 1200, 1800],
  ] as const) {
    const n = rng.int(min, max);
    add(name, '学校', g.atTownship(seat, 1.5), n, `在校生 ${n} 人`);
  }
  const zs = g.byName('早胜镇', 2);
  add('早胜中学', '学校', g.atTownship(zs, 0.8), rng.int(900, 1400), '完全中学');
  // Hospitals: the county hospitals and a health centre in every other township.
  add('宁县人民医院', '医院', g.atTownship(seat, 1.2), rng.int(900, 1300), '二级甲等，编制床位 600 张');
  add('宁县中医医院', '医院', g.atTownship(seat, 1.2), rng.int(400, 700), '二级甲等，编制床位 300 张');
  for (const t of g.townships)
    if (t.code !== seat.code) {
      const beds = rng.int(2, 8) * 10;
      add(`${t.name}卫生院`, '医院', g.atTownship(t, 0.5), Math.round(beds * 1.5), `床位 ${beds} 张`);
    }
  // Care homes.
  add('宁县社会福利中心', '养老机构', g.atTownship(seat, 1.2), rng.int(120, 200), '床位 200 张');
  for (const t of rng.sample(
    g.townships.filter((x) => x.code !== seat.code),
    3,
  ))
    add(`${t.name}敬老院`, '养老机构', g.atTownship(t, 0.6), rng.int(20, 60), '床位 60 张');
  // Reservoirs: 小盘河水库 is named by the plan (五、水资源配置); its position here is schematic.
  const xp = g.byName('盘克镇', 7);
  add('小盘河水库', '水库', g.atTownship(xp, 3), 0, '小（1）型水库（演示规模）');
  for (const town of ['春荣镇', '中村镇']) {
    const t = g.byName(town, rng.int(0, 17));
    const v = rng.pick(t.villages.length > 0 ? t.villages : g.villages);
    add(
      `${villageShort(v.name)}沟小型水库`,
      '水库',
      g.atVillage(v, 1),
      0,
      `小（2）型水库，库容 ${rng.int(12, 90)} 万 m³`,
    );
  }
  // Check dams (淤地坝) in the loess gullies.
  for (const v of rng.sample(g.villages, 14))
    add(
      `${villageShort(v.name)}淤地坝`,
      '淤地坝',
      g.atVillage(v, 1.2),
      0,
      rng.chance(0.3) ? `骨干坝，库容 ${rng.int(50, 150)} 万 m³` : `中型坝，库容 ${rng.int(10, 50)} 万 m³`,
    );
  // Bridges on the rivers (else near township seats).
  const bridges = riverSpots(ctx, 8, 0.08);
  bridges.forEach((s, i) =>
    add(
      `${s.river}${townShort(s.place.township.name)}${i % 2 === 0 ? '大桥' : '桥'}`,
      '桥梁',
      s.place,
      0,
      `桥长 ${rng.int(60, 320)} m`,
    ),
  );
}

/** `count` places spread along the rivers inside the county (else near township seats), each with the river's bearing. */
function riverSpots(
  ctx: Ctx,
  count: number,
  jitterKm: number,
): { river: string; place: Place; bearing: number }[] {
  const { rng, g } = ctx;
  const out: { river: string; place: Place; bearing: number }[] = [];
  const rivers = g.rivers;
  const totalKm = rivers.reduce((s, r) => s + r.km, 0);
  if (totalKm > 0) {
    for (const r of rivers) {
      const n = Math.round((count * r.km) / totalKm);
      for (let i = 0; i < n; i++) {
        for (let tries = 0; tries < 10; tries++) {
          const f = Math.min(0.999, Math.max(0.001, (i + 0.5) / n + rng.between(-0.3, 0.3) / n));
          const p = round6(along(r.line, r.km * f).geometry.coordinates);
          const q = round6(along(r.line, Math.min(r.km, r.km * f + 0.2)).geometry.coordinates);
          const bearing = Math.atan2((q[0] - p[0]) * Math.cos((p[1] * Math.PI) / 180), q[1] - p[1]);
          const at =
            jitterKm > 0 ? offset(p, rng.between(-jitterKm, jitterKm), rng.between(-jitterKm, jitterKm)) : p;
          const t = g.townshipAt(at);
          if (!t) continue;
          out.push({ river: r.name, place: g.placeOf(t, at), bearing });
          break;
        }
      }
    }
  }
  while (out.length < count) {
    const t = rng.pick(g.townships);
    out.push({ river: '沟道', place: g.atTownship(t, 1.5), bearing: rng.between(0, Math.PI) });
  }
  return out.slice(0, count);
}

// ---------------------------------------------------------------------------------------------------------
// Natural hazards
// ---------------------------------------------------------------------------------------------------------

const GEO_KIND_CODE = { 滑坡: '01', 崩塌: '02', 泥石流: '03', 地面塌陷: '04', 地裂缝: '05' } as const;
const DIRECTIONS = ['东', '南', '西', '北', '东北', '东南', '西南', '西北'];

function nearestShelter(shelters: ShelterRef[], t: Township, p: LonLat): ShelterRef {
  const local = shelters.filter((s) => s.townshipCode === t.code);
  const pool = local.length > 0 ? local : shelters;
  let best = pool[0]!;
  for (const s of pool) if (distanceKm(s.at, p) < distanceKm(best.at, p)) best = s;
  return best;
}

function generateNaturalHazards(ctx: Ctx, shelters: ShelterRef[]): void {
  generateGeoHazards(ctx, shelters);
  generateFloodZones(ctx, shelters);
  generateForestAreas(ctx);
}

function generateGeoHazards(ctx: Ctx, shelters: ShelterRef[]): void {
  const { rng, g, people, sink } = ctx;
  const seq: Record<string, number> = {};
  const coalTown = g.byName('新庄镇', 6);
  const names = new Set<string>();
  for (let i = 0; i < 120; i++) {
    const kind = rng.choose({ 滑坡: 45, 崩塌: 35, 泥石流: 8, 地裂缝: 7, 地面塌陷: 5 });
    // Ground subsidence above the coal workings; the rest on loess slopes anywhere.
    const v =
      kind === '地面塌陷' && coalTown.villages.length > 0
        ? rng.pick(coalTown.villages)
        : rng.pick(g.villages);
    const place = g.atVillage(v, 1.5);
    const code = GEO_KIND_CODE[kind];
    seq[code] = (seq[code] ?? 0) + 1;
    const scale = rng.choose({ 小型: 60, 中型: 30, 大型: 9, 巨型: 1 });
    const households = rng.int(2, scale === '小型' ? 15 : 45);
    const shelter = nearestShelter(shelters, place.township, place.at);
    let name = `${villageShort(v.name)}${rng.pick(['一', '二', '三', '四', '五', '六', '七', '八'])}组${kind}`;
    if (names.has(name)) name = `${name}（${seq[code]}号）`;
    names.add(name);
    sink.add('geo-hazards', {
      name,
      regionCode: place.regionCode,
      at: place.at,
      attrs: {
        code: `${g.countyCode}${code}${String(seq[code]).padStart(4, '0')}`,
        kind,
        scale,
        households,
        people: Math.round(households * rng.between(3, 4.5)),
        propertyWan: Math.round(households * rng.between(8, 25)),
        monitor: people.name(),
        monitorPhone: people.mobile(),
        patrol: people.name(),
        patrolPhone: people.mobile(),
        evacuationRoute: `沿${rng.pick(['村道', '通村公路', '塬面道路', '机耕路'])}向${rng.pick(DIRECTIONS)}撤离约 ${rng.int(3, 15) * 100} 米至${shelter.name}`,
        shelterId: shelter.id,
      },
    });
  }
}

function generateFloodZones(ctx: Ctx, shelters: ShelterRef[]): void {
  const { rng, g, people, sink } = ctx;
  const spots = riverSpots(ctx, 26, 0);
  let made = 0;
  for (const s of spots) {
    if (made >= 20) break;
    // villages sit on the terraces beside the channel: try either bank, shrinking until the zone fits
    let ring: LonLat[] | null = null;
    let center: LonLat = s.place.at;
    let t = s.place.township;
    for (let attempt = 0; attempt < 8 && !ring; attempt++) {
      const side = attempt % 2 === 0 ? 1 : -1;
      const shift = 0.15 * side * (attempt < 4 ? 1 : 0.3);
      const c = offset(s.place.at, shift * Math.cos(s.bearing), -shift * Math.sin(s.bearing));
      const ct = g.townshipAt(c);
      if (!ct) continue;
      const k = attempt < 4 ? 1 : 0.5;
      ring = g.ring(c, ct, {
        aKm: rng.between(0.25, 0.5) * k,
        bKm: rng.between(0.1, 0.2) * k,
        bearing: s.bearing,
        vertices: 10,
        noise: 0.15,
      });
      center = c;
      t = ct;
    }
    if (!ring) continue;
    made++;
    const place = g.placeOf(t, center);
    const v = g.village(place.regionCode);
    const households = rng.int(8, 80);
    const shelter = nearestShelter(shelters, t, center);
    const level = rng.choose({ 极高危险区: 2, 高危险区: 4, 危险区: 6 });
    sink.add('flood-zones', {
      name: `${v ? villageShort(v.name) : t.name}${s.river}沿岸山洪${level}`,
      regionCode: place.regionCode,
      geometry: { type: 'Polygon', coordinates: [ring] },
      attrs: {
        level,
        stream: s.river,
        households,
        people: Math.round(households * rng.between(3, 4.2)),
        warningIndicator: `1 小时降雨 ${rng.pick([25, 30, 35])} mm 准备转移，${rng.pick([40, 45, 50])} mm 立即转移`,
        shelterId: shelter.id,
        responsible: people.name(),
        responsiblePhone: people.mobile(),
      },
    });
  }
  // Too few river reaches inside the county: gullies near the township seats.
  for (let i = 0; made < 20 && i < 200; i++) {
    const t = rng.pick(g.townships);
    const c = g.near(g.anchor(t), 3, t);
    const bearing = rng.between(0, Math.PI);
    const ring = g.ring(c, t, { aKm: 0.3, bKm: 0.12, bearing, vertices: 10, noise: 0.1 });
    if (!ring) continue;
    made++;
    const shelter = nearestShelter(shelters, t, c);
    const households = rng.int(8, 50);
    sink.add('flood-zones', {
      name: `${t.name}沟道山洪危险区（${made}）`,
      regionCode: g.placeOf(t, c).regionCode,
      geometry: { type: 'Polygon', coordinates: [ring] },
      attrs: {
        level: '危险区',
        stream: '沟道',
        households,
        people: households * 4,
        warningIndicator: '1 小时降雨 30 mm 准备转移，45 mm 立即转移',
        shelterId: shelter.id,
        responsible: people.name(),
        responsiblePhone: people.mobile(),
      },
    });
  }
}

/**
 * Forest and grassland areas of the 子午岭 on the county's eastern edge (the plan, 五): 湘乐镇, 盘克镇, 九岘乡 and
 * 金村乡 border it; 中村镇 lies south-central, so it is left out.
 */
const FOREST_TOWNS: [string, number][] = [
  ['盘克镇', 3],
  ['九岘乡', 3],
  ['湘乐镇', 2],
  ['金村乡', 2],
];

function generateForestAreas(ctx: Ctx): void {
  const { rng, g, people, sink } = ctx;
  const towns = g.resolve(
    FOREST_TOWNS.map(([n]) => n),
    'east',
  );
  towns.forEach((t, i) => {
    const count = FOREST_TOWNS[i]![1];
    const centers: LonLat[] = [];
    for (let k = 0; k < count; k++) {
      let ring: LonLat[] | null = null;
      let center: LonLat = g.anchor(t);
      for (let attempt = 0; attempt < 60 && !ring; attempt++) {
        const c = g.randomIn(t, { west: attempt < 40 ? 0.4 : 0 }); // the eastern part first
        if (attempt < 40 && centers.some((x) => distanceKm(x, c) < 3.5)) continue;
        const size = attempt < 30 ? 1 : 0.6;
        ring = g.ring(c, t, {
          aKm: rng.between(1.2, 2.2) * size,
          bKm: rng.between(0.8, 1.5) * size,
          bearing: rng.between(0, Math.PI),
          vertices: 14,
          noise: 0.12,
        });
        center = c;
      }
      if (!ring) continue;
      centers.push(center);
      sink.add('forest-areas', {
        name: `子午岭${townShort(t.name)}${['一', '二', '三', '四'][k] ?? k + 1}号林区`,
        regionCode: g.placeOf(t, center).regionCode,
        geometry: { type: 'Polygon', coordinates: [ring] },
        attrs: {
          kind: rng.choose({ 林地: 6, 林草混合: 3, 草地: 1 }),
          fireRisk: rng.choose({ 'Ⅰ级（高危险）': 6, 'Ⅱ级（中危险）': 3, 'Ⅲ级（低危险）': 1 }),
          forestFarm: `${townShort(t.name)}管护站`,
          ranger: people.name(),
          rangerPhone: people.mobile(),
        },
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------------------
// Experts
// ---------------------------------------------------------------------------------------------------------

const EXPERT_UNITS: [string, HazardType[]][] = [
  ['宁县应急管理局', ['危险化学品', '矿山', '综合']],
  ['宁县自然资源局', ['地质灾害']],
  ['宁县水务局', ['洪涝', '干旱']],
  ['宁县气象局', ['气象灾害', '风雹']],
  ['宁县林业和草原局', ['森林草原火灾']],
  ['宁县消防救援大队', ['火灾', '危险化学品']],
  ['宁县人民医院', ['公共卫生']],
  ['宁县市场监督管理局', ['特种设备']],
  ['宁县住房和城乡建设局', ['建筑施工', '地震']],
  ['宁县交通运输局', ['道路交通']],
  ['宁县公安局', ['社会安全', '道路交通']],
  ['庆阳市某安全评价机构', ['危险化学品', '油气', '矿山']],
  ['某油田企业安全环保部', ['油气', '危险化学品']],
  ['某煤矿企业通风科', ['矿山']],
  ['某地质勘查院', ['地质灾害', '地震']],
];
const TITLES = [
  '高级工程师',
  '正高级工程师',
  '工程师',
  '主任医师',
  '副主任医师',
  '高级讲师',
  '研究员',
  '注册安全工程师',
];

function generateExperts(ctx: Ctx): void {
  const { rng, g, people, sink } = ctx;
  for (let i = 0; i < 60; i++) {
    const [unit, fields] = EXPERT_UNITS[i % EXPERT_UNITS.length]!;
    const extra = rng.chance(0.3) ? [rng.pick(HAZARD_TYPES)] : [];
    const specialties = [...new Set([...rng.sample(fields, rng.int(1, fields.length)), ...extra])];
    sink.add('experts', {
      name: people.name(),
      regionCode: g.countyCode,
      attrs: {
        specialties,
        title: rng.pick(TITLES),
        workUnit: unit,
        phone: people.uniqueMobile(),
        expertise: `${specialties.join('、')}领域风险评估、隐患排查和应急处置技术指导`,
      },
    });
  }
}
