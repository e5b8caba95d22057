import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.ts';
import { distanceKm } from './geo-distance.ts';
import {
  buildResourceIndex,
  recommend,
  searchNearest,
  straightLineTravelTime,
  type RecommendResource,
  type TeamResource,
} from './recommend.ts';

// deterministic pseudo-random numbers (mulberry32)
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HERE = { lon: 107.92, lat: 35.5 };
const team = (
  id: string,
  lon: number,
  lat: number,
  specialties: string[],
  readiness = '待命',
): TeamResource => ({
  kind: 'team',
  id,
  name: id,
  lon,
  lat,
  specialties,
  readiness,
});

describe('nearest-neighbour search on the sphere (geokdbush-style over kdbush 4)', () => {
  it('returns exactly the brute-force nearest, in order, with filters, across many random queries', () => {
    const rand = prng(42);
    const resources = Array.from({ length: 3000 }, (_, i) =>
      team(`t${i}`, 107.5 + rand(), 35.1 + rand() * 0.8, [rand() < 0.1 ? '危化' : '防汛抗旱']),
    );
    const index = buildResourceIndex(resources);
    for (let q = 0; q < 30; q += 1) {
      const lon = 107.4 + rand() * 1.2;
      const lat = 35.0 + rand();
      const brute = resources
        .filter((t) => t.specialties.includes('危化'))
        .map((t) => ({ id: t.id, d: distanceKm(lon, lat, t.lon, t.lat) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, 7)
        .map((x) => x.id);
      const ids = searchNearest(index.teams.tree!, lon, lat, 7, Infinity, (id) =>
        index.teams.items[id]!.specialties.includes('危化') ? 'take' : 'skip',
      ).map((id) => index.teams.items[id]!.id);
      expect(ids).toEqual(brute);
    }
  });

  it('stops at maxDistanceKm', () => {
    const index = buildResourceIndex([
      team('near', 107.93, 35.5, ['消防']),
      team('far', 108.5, 35.5, ['消防']),
    ]);
    const r = recommend(index, { ...HERE, needs: { teamSpecialties: ['消防'] }, maxDistanceKm: 10 });
    expect(r.teams[0]!.matches.map((m) => m.resource.id)).toEqual(['near']);
  });
});

describe('recommend (issue #6 part 6)', () => {
  const resources: RecommendResource[] = [
    team('消防中队', 107.93, 35.5, ['消防', '危化']),
    team('危化救援队（执行任务）', 107.921, 35.5, ['危化'], '执行任务'),
    team('矿山救护队', 108.0, 35.6, ['矿山', '危化']),
    team('防汛队', 107.95, 35.52, ['防汛抗旱']),
    {
      kind: 'warehouse',
      id: 'w1',
      name: '县级储备库',
      lon: 107.94,
      lat: 35.5,
      stock: { tent: 30, 'drinking-water': 0 },
    },
    {
      kind: 'warehouse',
      id: 'w2',
      name: '早胜镇储备点',
      lon: 107.99,
      lat: 35.5,
      stock: { tent: 50, 'drinking-water': 200 },
    },
    { kind: 'warehouse', id: 'w3', name: '远端储备库', lon: 108.3, lat: 35.5, stock: { tent: 500 } },
    { kind: 'expert', id: 'e1', name: '李工', lon: 107.92, lat: 35.51, specialties: ['危险化学品'] },
    { kind: 'expert', id: 'e2', name: '张教授', specialties: ['危险化学品'] },
    {
      kind: 'shelter',
      id: 's1',
      name: '县一中操场',
      lon: 107.921,
      lat: 35.501,
      capacity: 500,
      occupied: 480,
      status: '已启用',
    },
    {
      kind: 'shelter',
      id: 's2',
      name: '体育馆',
      lon: 107.925,
      lat: 35.5,
      capacity: 2000,
      occupied: 0,
      status: '维护中',
    },
    {
      kind: 'shelter',
      id: 's3',
      name: '文化广场',
      lon: 107.96,
      lat: 35.5,
      capacity: 300,
      occupied: 0,
      status: '可用',
    },
    {
      kind: 'shelter',
      id: 's4',
      name: '远处广场',
      lon: 108.2,
      lat: 35.5,
      capacity: 5000,
      occupied: 0,
      status: '可用',
    },
    { kind: 'medical', id: 'm1', name: '县人民医院', lon: 107.925, lat: 35.505 },
    { kind: 'medical', id: 'm2', name: '中医院', lon: 107.98, lat: 35.49 },
  ];
  const index = buildResourceIndex(resources);

  it('teams with the needed specialty and ready (待命), nearest first, with distance and travel time', () => {
    const r = recommend(index, { ...HERE, needs: { teamSpecialties: ['危化', '消防'] } });
    expect(r.teams.map((t) => [t.specialty, t.matches.map((m) => m.resource.id)])).toEqual([
      ['危化', ['消防中队', '矿山救护队']],
      ['消防', ['消防中队']],
    ]);
    const first = r.teams[0]!.matches[0]!;
    expect(first.distanceKm).toBeCloseTo(distanceKm(107.92, 35.5, 107.93, 35.5), 3);
    // default estimate: straight line at 40 km/h (UNCONFIRMED)
    expect(first.travelMinutes).toBeCloseTo((first.distanceKm! / 40) * 60, 1);
  });

  it('warehouses holding the item until the quantity is covered, with quantities and the shortfall', () => {
    const r = recommend(index, {
      ...HERE,
      needs: {
        supplyItems: [
          { item: 'tent', quantity: 60 },
          { item: 'drinking-water', quantity: 500 },
          { item: 'tent' },
        ],
      },
    });
    expect(
      r.supplies.map((s) => [
        s.item,
        s.matches.map((m) => [m.resource.id, m.quantity]),
        s.available,
        s.shortfall,
      ]),
    ).toEqual([
      [
        'tent',
        [
          ['w1', 30],
          ['w2', 50],
        ],
        80,
        0,
      ],
      ['drinking-water', [['w2', 200]], 200, 300],
      [
        'tent',
        [
          ['w1', 30],
          ['w2', 50],
          ['w3', 500],
        ],
        580,
        0,
      ],
    ]);
  });

  it('experts by specialty: located ones by distance, then those without a location', () => {
    const r = recommend(index, { ...HERE, needs: { expertSpecialties: ['危险化学品'] } });
    expect(r.experts[0]!.matches.map((m) => [m.resource.id, m.distanceKm === null])).toEqual([
      ['e1', false],
      ['e2', true],
    ]);
  });

  it('usable shelters with free places until the people are covered', () => {
    const r = recommend(index, { ...HERE, needs: { shelterPeople: 100 } });
    expect(r.shelters).toMatchObject({ people: 100, free: 320, shortfall: 0 });
    expect(r.shelters!.matches.map((m) => [m.resource.id, m.free])).toEqual([
      ['s1', 20],
      ['s3', 300],
    ]);
  });

  it('medical facilities nearest first; categories not asked for are absent', () => {
    const r = recommend(index, { ...HERE, needs: { medical: true }, limit: 1 });
    expect(r.medical!.map((m) => m.resource.id)).toEqual(['m1']);
    expect(r.shelters).toBeNull();
    expect(r.teams).toEqual([]);
  });

  it('takes a pluggable travel-time estimate', () => {
    const r = recommend(
      index,
      { ...HERE, needs: { medical: true }, limit: 1 },
      { travelTime: (_from, _to, km) => Math.round(km * 3) },
    );
    expect(r.medical![0]!.travelMinutes).toBe(Math.round(r.medical![0]!.distanceKm! * 3));
    expect(straightLineTravelTime(60)(HERE, HERE, 30)).toBe(30);
    expect(() => straightLineTravelTime(0)).toThrow(RangeError);
  });

  it('rejects bad resources and bad queries with every problem listed', () => {
    try {
      buildResourceIndex([
        team('ok', 107.9, 35.5, ['消防']),
        team('bad', 190, Number.NaN, ['消防']),
        { kind: 'shelter', id: 's', name: 's', lon: 107, lat: 35, capacity: -1, occupied: 0, status: '可用' },
      ]);
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('validation_failed');
      expect(isAppError(e) && e.details?.map((d) => d.path)).toEqual([
        'resources.1.lon',
        'resources.1.lat',
        'resources.2.capacity',
      ]);
    }
    try {
      recommend(index, {
        lon: 200,
        lat: 35,
        limit: 0,
        needs: { shelterPeople: -3, supplyItems: [{ item: 'tent', quantity: 0 }] },
      });
      expect.unreachable();
    } catch (e) {
      expect(isAppError(e) && e.details?.map((d) => d.path)).toEqual([
        'lon',
        'limit',
        'needs.supplyItems.0.quantity',
        'needs.shelterPeople',
      ]);
    }
  });

  it('an empty index answers with empty lists', () => {
    const r = recommend(buildResourceIndex([]), {
      ...HERE,
      needs: { teamSpecialties: ['消防'], medical: true, shelterPeople: 5 },
    });
    expect(r.teams[0]!.matches).toEqual([]);
    expect(r.medical).toEqual([]);
    expect(r.shelters).toMatchObject({ free: 0, shortfall: 5 });
  });
});
