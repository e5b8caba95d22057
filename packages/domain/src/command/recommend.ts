/**
 * Resource recommendation (资源推荐, issue #6 part 6): for an incident location, the nearest rescue teams with the
 * needed specialty and readiness, warehouses holding the needed supplies (with quantities), experts by specialty,
 * shelters with free capacity and medical facilities — with the straight-line (great-circle) distance and a
 * pluggable travel-time estimate (road network later).
 *
 * `buildResourceIndex` builds one static kd-tree (kdbush 4) per category once; `recommend` answers with a
 * best-first nearest-neighbour search on the sphere after geokdbush (Vladimir Agafonkin, ISC): kd-tree nodes and
 * points share one priority queue keyed by the haversine of their lower-bound distance, so points come out in
 * exact great-circle order and only the nodes that can hold a nearer match are opened. Filters (specialty,
 * readiness, stock, free capacity) are applied during the search, so a rare specialty does not need a larger `k`.
 *
 * The default travel time is distance ÷ `speedKmh` (40 km/h, UNCONFIRMED — a placeholder until the road network
 * is loaded).
 */
import KDBush from 'kdbush';
import { AppError, type ErrorDetail } from '../errors.ts';
import { checkLonLat, distanceKm, EARTH_RADIUS_KM } from './geo-distance.ts';

export interface GeoPoint {
  /** WGS84 degrees */
  lon: number;
  lat: number;
}

interface Located extends GeoPoint {
  id: string;
  name: string;
}

export interface TeamResource extends Located {
  kind: 'team';
  /** 专业方向 (ledger `RESCUE_SPECIALTIES`). */
  specialties: readonly string[];
  /** 战备状态: 待命 / 执行任务 / 休整. */
  readiness: string;
  headcount?: number;
}

export interface WarehouseResource extends Located {
  kind: 'warehouse';
  /** Item code → quantity on hand (≥ 0). */
  stock: Readonly<Record<string, number>>;
}

export interface ExpertResource {
  kind: 'expert';
  id: string;
  name: string;
  /** Experts often have no location (ledger: none): they are offered after the located ones. */
  lon?: number | null;
  lat?: number | null;
  specialties: readonly string[];
}

export interface ShelterResource extends Located {
  kind: 'shelter';
  capacity: number;
  occupied: number;
  /** 可用 / 已启用 / 维护中 / 停用 */
  status: string;
}

export interface MedicalResource extends Located {
  kind: 'medical';
}

export type RecommendResource =
  TeamResource | WarehouseResource | ExpertResource | ShelterResource | MedicalResource;

/** Minutes from `from` to `to`, given their straight-line distance in km. */
export type TravelTimeEstimator = (from: GeoPoint, to: GeoPoint, distanceKm: number) => number;

/** UNCONFIRMED placeholder speed for the straight-line estimate, km/h. */
export const DEFAULT_TRAVEL_SPEED_KMH = 40;

/** Straight-line distance ÷ speed, in minutes (one decimal). */
export function straightLineTravelTime(speedKmh: number = DEFAULT_TRAVEL_SPEED_KMH): TravelTimeEstimator {
  if (!(speedKmh > 0)) throw new RangeError('speedKmh must be > 0');
  return (_from, _to, km) => Math.round((km / speedKmh) * 600) / 10;
}

// ---------------------------------------------------------------------------------------------------------
// Best-first k-nearest search on the sphere over a kdbush tree (after geokdbush, ISC).

const RAD = Math.PI / 180;

interface QueueEntry {
  /** haversine of the (lower-bound) angular distance */
  dist: number;
  /** item id for a point; -1 for a tree node */
  id: number;
  left: number;
  right: number;
  axis: number;
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
}

class MinQueue {
  private readonly data: QueueEntry[] = [];
  get length(): number {
    return this.data.length;
  }
  peek(): QueueEntry | undefined {
    return this.data[0];
  }
  push(item: QueueEntry): void {
    const d = this.data;
    let pos = d.length;
    d.push(item);
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const p = d[parent]!;
      if (item.dist >= p.dist) break;
      d[pos] = p;
      pos = parent;
    }
    d[pos] = item;
  }
  pop(): QueueEntry | undefined {
    const d = this.data;
    const top = d[0];
    const bottom = d.pop();
    if (d.length > 0 && bottom !== undefined) {
      const half = d.length >> 1;
      let pos = 0;
      while (pos < half) {
        let child = 2 * pos + 1;
        const right = child + 1;
        if (right < d.length && d[right]!.dist < d[child]!.dist) child = right;
        if (d[child]!.dist >= bottom.dist) break;
        d[pos] = d[child]!;
        pos = child;
      }
      d[pos] = bottom;
    }
    return top;
  }
}

const haverSin = (theta: number) => {
  const s = Math.sin(theta / 2);
  return s * s;
};
const haverSinDistPartial = (haverSinDLng: number, cosLat1: number, lat1: number, lat2: number) =>
  cosLat1 * Math.cos(lat2 * RAD) * haverSinDLng + haverSin((lat1 - lat2) * RAD);
const haverSinDist = (lng1: number, lat1: number, lng2: number, lat2: number, cosLat1: number) =>
  haverSinDistPartial(haverSin((lng1 - lng2) * RAD), cosLat1, lat1, lat2);

/** Latitude of the great circle's vertex between the query point and a meridian `dLng` away. */
function vertexLat(lat: number, haverSinDLng: number): number {
  const cosDLng = 1 - 2 * haverSinDLng;
  if (cosDLng <= 0) return lat > 0 ? 90 : -90;
  return Math.atan(Math.tan(lat * RAD) / cosDLng) / RAD;
}

/** Lower bound of the haversine distance from the query point to anything in the node's box. */
function boxDist(lng: number, lat: number, cosLat: number, node: QueueEntry): number {
  if (lng >= node.minLng && lng <= node.maxLng) {
    if (lat < node.minLat) return haverSin((lat - node.minLat) * RAD);
    if (lat > node.maxLat) return haverSin((lat - node.maxLat) * RAD);
    return 0;
  }
  const haverSinDLng = Math.min(haverSin((lng - node.minLng) * RAD), haverSin((lng - node.maxLng) * RAD));
  const extremumLat = vertexLat(lat, haverSinDLng);
  if (extremumLat > node.minLat && extremumLat < node.maxLat)
    return haverSinDistPartial(haverSinDLng, cosLat, lat, extremumLat);
  return Math.min(
    haverSinDistPartial(haverSinDLng, cosLat, lat, node.minLat),
    haverSinDistPartial(haverSinDLng, cosLat, lat, node.maxLat),
  );
}

/** What a search does with a candidate: take it, skip it, or end the search. */
export type SearchVerdict = 'take' | 'skip' | 'stop';

/**
 * Item ids of `tree` nearest to (lng, lat) first, for which `accept(id)` says `take`; ends after `maxResults`
 * taken, beyond `maxDistanceKm`, or when `accept` says `stop`. `accept` may keep state (e.g. sum quantities).
 */
export function searchNearest(
  tree: KDBush,
  lng: number,
  lat: number,
  maxResults: number,
  maxDistanceKm: number,
  accept: (id: number) => SearchVerdict,
): number[] {
  const result: number[] = [];
  if (maxResults <= 0 || tree.numItems === 0) return result;
  const maxHaverSinDist = Number.isFinite(maxDistanceKm)
    ? haverSin(Math.min(Math.PI, maxDistanceKm / EARTH_RADIUS_KM))
    : 1;
  const cosLat = Math.cos(lat * RAD);
  const { ids, coords, nodeSize } = tree;
  const q = new MinQueue();
  const point = (id: number, dist: number): QueueEntry => ({
    dist,
    id,
    left: 0,
    right: 0,
    axis: 0,
    minLng: 0,
    minLat: 0,
    maxLng: 0,
    maxLat: 0,
  });
  let node: QueueEntry | undefined = {
    dist: 0,
    id: -1,
    left: 0,
    right: ids.length - 1,
    axis: 0,
    minLng: -180,
    minLat: -90,
    maxLng: 180,
    maxLat: 90,
  };
  while (node) {
    const { left, right } = node;
    if (right - left <= nodeSize) {
      for (let i = left; i <= right; i += 1)
        q.push(point(ids[i]!, haverSinDist(lng, lat, coords[2 * i]!, coords[2 * i + 1]!, cosLat)));
    } else {
      const m = (left + right) >> 1;
      const midLng = coords[2 * m]!;
      const midLat = coords[2 * m + 1]!;
      q.push(point(ids[m]!, haverSinDist(lng, lat, midLng, midLat, cosLat)));
      const axis = (node.axis + 1) % 2;
      const leftNode: QueueEntry = {
        dist: 0,
        id: -1,
        left,
        right: m - 1,
        axis,
        minLng: node.minLng,
        minLat: node.minLat,
        maxLng: node.axis === 0 ? midLng : node.maxLng,
        maxLat: node.axis === 1 ? midLat : node.maxLat,
      };
      const rightNode: QueueEntry = {
        dist: 0,
        id: -1,
        left: m + 1,
        right,
        axis,
        minLng: node.axis === 0 ? midLng : node.minLng,
        minLat: node.axis === 1 ? midLat : node.minLat,
        maxLng: node.maxLng,
        maxLat: node.maxLat,
      };
      leftNode.dist = boxDist(lng, lat, cosLat, leftNode);
      rightNode.dist = boxDist(lng, lat, cosLat, rightNode);
      if (leftNode.left <= leftNode.right) q.push(leftNode);
      if (rightNode.left <= rightNode.right) q.push(rightNode);
    }
    // Points at the head of the queue are nearer than everything left in it (a node's distance bounds its points).
    while (q.length > 0 && q.peek()!.id !== -1) {
      const candidate = q.pop()!;
      if (candidate.dist > maxHaverSinDist) return result;
      const verdict = accept(candidate.id);
      if (verdict === 'stop') return result;
      if (verdict === 'take') {
        result.push(candidate.id);
        if (result.length >= maxResults) return result;
      }
    }
    node = q.pop();
    if (node && node.dist > maxHaverSinDist) return result;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// The index

interface Category<R> {
  tree: KDBush | null;
  items: R[];
}

export interface ResourceIndex {
  teams: Category<TeamResource>;
  warehouses: Category<WarehouseResource>;
  experts: Category<ExpertResource>;
  /** Experts with no location, in input order. */
  unlocatedExperts: ExpertResource[];
  shelters: Category<ShelterResource>;
  medical: Category<MedicalResource>;
  size: number;
}

function category<R extends { lon?: number | null; lat?: number | null }>(items: R[]): Category<R> {
  if (items.length === 0) return { tree: null, items };
  const tree = new KDBush(items.length);
  for (const r of items) tree.add(r.lon!, r.lat!);
  return { tree: tree.finish(), items };
}

const nonNegative = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/**
 * Index `resources` once (per category a static kd-tree). Bad input is rejected whole.
 * @throws validation_failed listing every problem (`resources.3.lon`, …)
 */
export function buildResourceIndex(resources: readonly RecommendResource[]): ResourceIndex {
  const problems: ErrorDetail[] = [];
  const index = {
    teams: [] as TeamResource[],
    warehouses: [] as WarehouseResource[],
    experts: [] as ExpertResource[],
    unlocatedExperts: [] as ExpertResource[],
    shelters: [] as ShelterResource[],
    medical: [] as MedicalResource[],
  };
  resources.forEach((r, i) => {
    const at = `resources.${i}.`;
    if (r.kind === 'expert' && (r.lon ?? null) === null && (r.lat ?? null) === null) {
      index.unlocatedExperts.push(r);
      return;
    }
    const before = problems.length;
    problems.push(...checkLonLat(r.lon, r.lat, at));
    switch (r.kind) {
      case 'team':
        break;
      case 'warehouse':
        for (const [item, quantity] of Object.entries(r.stock))
          if (!nonNegative(quantity))
            problems.push({ path: `${at}stock.${item}`, message: '库存数量须为非负数' });
        break;
      case 'expert':
        break;
      case 'shelter':
        if (!nonNegative(r.capacity))
          problems.push({ path: `${at}capacity`, message: '可容纳人数须为非负数' });
        if (!nonNegative(r.occupied))
          problems.push({ path: `${at}occupied`, message: '已安置人数须为非负数' });
        break;
      case 'medical':
        break;
    }
    if (problems.length > before) return;
    switch (r.kind) {
      case 'team':
        index.teams.push(r);
        break;
      case 'warehouse':
        index.warehouses.push(r);
        break;
      case 'expert':
        index.experts.push(r);
        break;
      case 'shelter':
        index.shelters.push(r);
        break;
      case 'medical':
        index.medical.push(r);
        break;
    }
  });
  if (problems.length > 0)
    throw new AppError('validation_failed', `资源数据有 ${problems.length} 处错误`, { details: problems });
  return {
    teams: category(index.teams),
    warehouses: category(index.warehouses),
    experts: category(index.experts),
    unlocatedExperts: index.unlocatedExperts,
    shelters: category(index.shelters),
    medical: category(index.medical),
    size: resources.length,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The query

export interface RecommendNeeds {
  /** One list of teams per specialty. */
  teamSpecialties?: readonly string[];
  /** Per item: nearest warehouses holding it, until `quantity` is covered (or `limit` warehouses). */
  supplyItems?: readonly { item: string; quantity?: number }[];
  /** One list of experts per specialty. */
  expertSpecialties?: readonly string[];
  /** People to shelter: nearest usable shelters with free places until they are covered (or `limit`). */
  shelterPeople?: number;
  medical?: boolean;
}

export interface RecommendQuery extends GeoPoint {
  needs: RecommendNeeds;
  /** Most matches per list (default 5). */
  limit?: number;
  /** Ignore anything farther, km (default: no limit). */
  maxDistanceKm?: number;
}

export interface RecommendOptions {
  travelTime?: TravelTimeEstimator;
  /** Team readiness states offered (default 待命). */
  teamReadiness?: readonly string[];
  /** Shelter states offered (default 可用, 已启用). */
  shelterStatuses?: readonly string[];
}

export interface ResourceMatch<R> {
  resource: R;
  /** Straight-line km (3 decimals); null for an expert without a location. */
  distanceKm: number | null;
  /** Estimated minutes; null without a location. */
  travelMinutes: number | null;
}

export interface Recommendation {
  teams: { specialty: string; matches: ResourceMatch<TeamResource>[] }[];
  supplies: {
    item: string;
    needed: number | null;
    /** Sum over the matches. */
    available: number;
    /** needed − available when not covered, else 0. */
    shortfall: number;
    matches: (ResourceMatch<WarehouseResource> & { quantity: number })[];
  }[];
  experts: { specialty: string; matches: ResourceMatch<ExpertResource>[] }[];
  shelters: {
    people: number;
    free: number;
    shortfall: number;
    matches: (ResourceMatch<ShelterResource> & { free: number })[];
  } | null;
  medical: ResourceMatch<MedicalResource>[] | null;
}

const DEFAULT_LIMIT = 5;
const round3 = (v: number) => Math.round(v * 1000) / 1000;
const freeOf = (s: ShelterResource) => Math.max(0, s.capacity - s.occupied);

/**
 * The nearest matching resources for the needs at (lon, lat), each list nearest first.
 * @throws validation_failed when the location or a need is malformed (every problem listed)
 */
export function recommend(
  index: ResourceIndex,
  query: RecommendQuery,
  options: RecommendOptions = {},
): Recommendation {
  const problems: ErrorDetail[] = checkLonLat(query.lon, query.lat);
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    problems.push({ path: 'limit', message: '须为 1 到 100 之间的整数' });
  const maxKm = query.maxDistanceKm ?? Infinity;
  if (!(maxKm > 0)) problems.push({ path: 'maxDistanceKm', message: '须大于 0' });
  const { needs } = query;
  (needs.supplyItems ?? []).forEach((s, i) => {
    if (s.quantity !== undefined && !(Number.isFinite(s.quantity) && s.quantity > 0))
      problems.push({ path: `needs.supplyItems.${i}.quantity`, message: '须大于 0' });
  });
  if (
    needs.shelterPeople !== undefined &&
    !(Number.isInteger(needs.shelterPeople) && needs.shelterPeople > 0)
  )
    problems.push({ path: 'needs.shelterPeople', message: '须为正整数' });
  if (problems.length > 0) throw new AppError('validation_failed', '推荐条件有误', { details: problems });

  const from: GeoPoint = { lon: query.lon, lat: query.lat };
  const travel = options.travelTime ?? straightLineTravelTime();
  const readiness = options.teamReadiness ?? ['待命'];
  const shelterStatuses = options.shelterStatuses ?? ['可用', '已启用'];
  const match = <R extends { lon?: number | null; lat?: number | null }>(r: R): ResourceMatch<R> => {
    const km = distanceKm(query.lon, query.lat, r.lon!, r.lat!);
    return {
      resource: r,
      distanceKm: round3(km),
      travelMinutes: travel(from, { lon: r.lon!, lat: r.lat! }, km),
    };
  };
  const nearest = <R extends { lon?: number | null; lat?: number | null }>(
    c: Category<R>,
    max: number,
    accept: (r: R) => SearchVerdict,
  ): R[] =>
    c.tree === null
      ? []
      : searchNearest(c.tree, query.lon, query.lat, max, maxKm, (id) => accept(c.items[id]!)).map(
          (id) => c.items[id]!,
        );

  const teams = (needs.teamSpecialties ?? []).map((specialty) => ({
    specialty,
    matches: nearest(index.teams, limit, (t) =>
      t.specialties.includes(specialty) && readiness.includes(t.readiness) ? 'take' : 'skip',
    ).map(match),
  }));

  const supplies = (needs.supplyItems ?? []).map(({ item, quantity }) => {
    let available = 0;
    const found = nearest(index.warehouses, limit, (w) => {
      if (quantity !== undefined && available >= quantity) return 'stop';
      const have = w.stock[item] ?? 0;
      if (!(have > 0)) return 'skip';
      available += have;
      return 'take';
    });
    return {
      item,
      needed: quantity ?? null,
      available: round3(available),
      shortfall: quantity === undefined ? 0 : round3(Math.max(0, quantity - available)),
      matches: found.map((w) => ({ ...match(w), quantity: w.stock[item] ?? 0 })),
    };
  });

  const experts = (needs.expertSpecialties ?? []).map((specialty) => {
    const located = nearest(index.experts, limit, (e) =>
      e.specialties.includes(specialty) ? 'take' : 'skip',
    ).map(match);
    const unlocated = index.unlocatedExperts
      .filter((e) => e.specialties.includes(specialty))
      .slice(0, limit - located.length)
      .map((resource) => ({ resource, distanceKm: null, travelMinutes: null }));
    return { specialty, matches: [...located, ...unlocated] };
  });

  let shelters: Recommendation['shelters'] = null;
  if (needs.shelterPeople !== undefined) {
    const people = needs.shelterPeople;
    let free = 0;
    const found = nearest(index.shelters, limit, (s) => {
      if (free >= people) return 'stop';
      if (!shelterStatuses.includes(s.status) || freeOf(s) <= 0) return 'skip';
      free += freeOf(s);
      return 'take';
    });
    shelters = {
      people,
      free,
      shortfall: Math.max(0, people - free),
      matches: found.map((s) => ({ ...match(s), free: freeOf(s) })),
    };
  }

  const medical = needs.medical ? nearest(index.medical, limit, () => 'take').map(match) : null;
  return { teams, supplies, experts, shelters, medical };
}
