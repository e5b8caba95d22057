import { describe, expect, it } from 'vitest';
import { distance, point } from '@turf/turf';
import { findPossibleDuplicates, matchEventTypes, type IncidentSighting } from './duplicates.ts';
import { distanceKm } from './geo-distance.ts';

const T0 = Date.parse('2026-07-01T10:00:00+08:00');
const sighting = (
  id: string,
  type: IncidentSighting['type'],
  dLonKm: number,
  minutes: number,
): IncidentSighting => ({
  id,
  type,
  // 宁县 around 35.5°N: 1° of longitude ≈ 90.6 km
  lon: 107.92 + dLonKm / (111.195 * Math.cos((35.5 * Math.PI) / 180)),
  lat: 35.5,
  at: new Date(T0 + minutes * 60_000),
});

describe('haversine distance', () => {
  it('agrees with turf to the metre', () => {
    const pairs = [
      [107.92, 35.5, 108.1, 35.62],
      [107.0, 35.0, 107.0, 36.0],
      [-70, -30, 120, 60],
    ] as const;
    for (const [a, b, c, d] of pairs)
      expect(distanceKm(a, b, c, d)).toBeCloseTo(
        distance(point([a, b]), point([c, d]), { units: 'kilometers' }),
        3,
      );
  });
});

describe('possible duplicates (issue #6 part 2: same type, near in space and time)', () => {
  const candidate = sighting('new', 'landslide', 0, 0);

  it('how types match: same, related (one refines the other, or siblings), same class, or not at all', () => {
    expect(matchEventTypes('landslide', 'landslide')).toBe('same_type');
    expect(matchEventTypes('landslide', 'debris_flow')).toBe('related_type');
    expect(matchEventTypes('landslide', 'geological')).toBe('related_type');
    expect(matchEventTypes('landslide', 'flood')).toBe('same_class');
    expect(matchEventTypes('landslide', 'road_traffic')).toBeNull();
  });

  it('offers near, recent incidents best first; the radius and the window are inclusive', () => {
    const recent = [
      sighting('far', 'landslide', 3.5, 5),
      sighting('old', 'landslide', 0.1, -121),
      sighting('edge', 'landslide', 2.999, 120),
      sighting('flood', 'flood', 0.2, 10),
      sighting('debris', 'debris_flow', 0.5, 20),
      sighting('same', 'landslide', 0.5, 20),
      sighting('road', 'road_traffic', 0, 0),
      sighting('new', 'landslide', 0, 0),
    ];
    const found = findPossibleDuplicates(candidate, recent, { radiusKm: 3, windowMinutes: 120 });
    expect(found.map((f) => [f.incident.id, f.typeMatch])).toEqual([
      ['same', 'same_type'],
      ['debris', 'related_type'],
      // same class, but near and soon: 0.5 × 0.97 × 0.96 ≈ 0.46 beats the same type at both limits (0.25)
      ['flood', 'same_class'],
      ['edge', 'same_type'],
    ]);
    expect(found[0]!.distanceKm).toBeCloseTo(0.5, 2);
    expect(found[0]!.minutesApart).toBe(20);
    expect(found[0]!.score).toBeGreaterThan(found[1]!.score);
    const typeOnly = findPossibleDuplicates(candidate, recent, {
      radiusKm: 3,
      windowMinutes: 120,
      includeSameClass: false,
    });
    expect(typeOnly.map((f) => f.incident.id)).toEqual(['same', 'debris', 'edge']);
  });

  it('refuses a zero radius or window', () => {
    expect(() => findPossibleDuplicates(candidate, [], { radiusKm: 0, windowMinutes: 60 })).toThrow(
      RangeError,
    );
  });
});
