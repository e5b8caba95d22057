import { destination, distance, point } from '@turf/turf';
import { describe, expect, it } from 'vitest';
import {
  degreeOf,
  ellipticalIntensity,
  estimateEarthquakeImpact,
  INTENSITY_EFFECTS,
  romanDegree,
  type EarthquakeImpactInput,
  type TownshipInput,
} from './earthquake-impact.ts';
import { attenuatedIntensity, computeAttenuation, GB18306_ATTENUATION } from './intensity-attenuation.ts';

const EPICENTRE: [number, number] = [107.92, 35.5];

/** A seat `km` from the epicentre at `bearingDeg` (clockwise from north). */
const seatAt = (km: number, bearingDeg: number): [number, number] =>
  destination(point(EPICENTRE), km, bearingDeg, { units: 'kilometers' }).geometry.coordinates as [
    number,
    number,
  ];

const town = (
  code: string,
  km: number,
  bearingDeg: number,
  population: number | null = 10_000,
): TownshipInput => ({
  code,
  name: `镇${code}`,
  seat: seatAt(km, bearingDeg),
  population,
});

const base = (
  townships: TownshipInput[],
  over: Partial<EarthquakeImpactInput> = {},
): EarthquakeImpactInput => ({
  magnitude: 6.5,
  epicentre: EPICENTRE,
  zone: 'central',
  azimuthDeg: 30,
  townships,
  ...over,
});

describe('earthquake impact estimate, STANDARDS.md §7.1 (GB 18306-2015 elliptical attenuation) and §7.3', () => {
  it('§7.1 along the long axis the intensity is the long-axis relation, across it the short-axis one (Ms 6.5, 50 km, 中强地震区)', () => {
    // Hand-worked in intensity-attenuation.test.ts: long 6.172676, short 5.910036.
    const r = estimateEarthquakeImpact(
      base([town('1', 50, 30), town('2', 50, 210), town('3', 50, 120), town('4', 50, 300)]),
    );
    const [along, back, across, acrossOther] = r.townships;
    expect(along!.intensity).toBeCloseTo(6.17, 2);
    expect(back!.intensity).toBeCloseTo(6.17, 2);
    expect(across!.intensity).toBeCloseTo(5.91, 2);
    expect(acrossOther!.intensity).toBeCloseTo(5.91, 2);
    expect(along!.axisAngleDeg).toBeCloseTo(0, 0);
    expect(across!.axisAngleDeg).toBeCloseTo(90, 0);
    expect(along!.distanceKm).toBeCloseTo(50, 1);
  });

  it('§7.1 elliptical model: exact on both axes, between them at an angle', () => {
    const c = GB18306_ATTENUATION.east;
    const long = attenuatedIntensity(c.long, 7, 80);
    const short = attenuatedIntensity(c.short, 7, 80);
    expect(ellipticalIntensity('east', 7, 80, 0)).toBeCloseTo(long, 6);
    expect(ellipticalIntensity('east', 7, 80, Math.PI / 2)).toBeCloseTo(short, 6);
    const diagonal = ellipticalIntensity('east', 7, 80, Math.PI / 4);
    expect(diagonal).toBeGreaterThan(short);
    expect(diagonal).toBeLessThan(long);
    // Monotone in the angle.
    const angles = [0, 15, 30, 45, 60, 75, 90].map((d) =>
      ellipticalIntensity('east', 7, 80, (d * Math.PI) / 180),
    );
    for (let i = 1; i < angles.length; i += 1) expect(angles[i]!).toBeLessThanOrEqual(angles[i - 1]! + 1e-9);
  });

  it('§7.1 the site on the isoseismal ellipse of degree I has intensity I (the defining property of the model)', () => {
    const { a, b } = {
      a: (
        computeAttenuation({ zone: 'central', axis: 'long', magnitude: 6.5, intensity: 7 }) as {
          radiusKm: number;
        }
      ).radiusKm,
      b: (
        computeAttenuation({ zone: 'central', axis: 'short', magnitude: 6.5, intensity: 7 }) as {
          radiusKm: number;
        }
      ).radiusKm,
    };
    for (const phi of [0.3, 0.8, 1.2]) {
      const x = a * Math.cos(phi);
      const y = b * Math.sin(phi);
      expect(ellipticalIntensity('central', 6.5, Math.hypot(x, y), Math.atan2(y, x))).toBeCloseTo(7, 5);
    }
  });

  it('§7.1 isoseismal radii are the inverse relation on each axis; unreached degrees have none', () => {
    const r = estimateEarthquakeImpact(base([]));
    const vii = r.isoseismals.find((s) => s.degree === 7)!;
    // intensity-attenuation.test.ts: I = 7 at 23.608513 km (long), 16.591699 km (short) for Ms 6.5, central.
    expect(vii).toMatchObject({ roman: 'VII', reached: true });
    expect(vii.longAxisKm).toBeCloseTo(23.61, 2);
    expect(vii.shortAxisKm).toBeCloseTo(16.59, 2);
    expect(r.isoseismals.map((s) => s.roman)).toEqual(['VI', 'VII', 'VIII']);
    // Ms 4 in 中强地震区: I₀ = 1.540 + 1.071·4 ≈ 5.82, so not even VI is reached.
    const small = estimateEarthquakeImpact(base([], { magnitude: 4 }));
    expect(small.epicentralIntensity).toBeCloseTo(5.82, 2);
    expect(small.isoseismals.every((s) => !s.reached && s.longAxisKm === 0)).toBe(true);
    expect(small.isoseismalPolygons.features).toHaveLength(0);
  });

  it('§7.1 epicentral intensity I₀ = A + B·Ms + C·lg R₀ (中强地震区, Ms 6.5: 8.50, VIII)', () => {
    const r = estimateEarthquakeImpact(base([town('0', 0, 0)]));
    expect(r.epicentralIntensity).toBeCloseTo(5.841 + 1.071 * 6.5 - 3.657 * Math.log10(15), 2);
    expect(r.epicentralDegree).toBe(9); // 8.50 rounds half up
    expect(r.townships[0]!.intensity).toBeCloseTo(r.epicentralIntensity, 2);
  });

  it('the isoseismal polygons are closed ellipses with the long axis on the azimuth, in the same frame as the sites', () => {
    const r = estimateEarthquakeImpact(base([]));
    const vi = r.isoseismalPolygons.features.find((f) => f.properties.degree === 6)!;
    const ring = vi.geometry.coordinates[0]!;
    expect(ring).toHaveLength(73);
    expect(ring[0]).toEqual(ring[72]);
    // Vertex 0 lies on the long axis (bearing 30°), vertex 18 (90°) on the short axis.
    const dist = (p: number[]) => distance(point(EPICENTRE), point(p), { units: 'kilometers' });
    expect(dist(ring[0]!)).toBeCloseTo(vi.properties.longAxisKm, 1);
    expect(dist(ring[18]!)).toBeCloseTo(vi.properties.shortAxisKm, 1);
    // Largest (lowest degree) first is not required, but every reached degree is drawn.
    expect(r.isoseismalPolygons.features.map((f) => f.properties.roman)).toEqual(['VI', 'VII', 'VIII']);
    // A site just inside the VII ellipse is VII or more; just outside, below.
    const vii = r.isoseismals.find((s) => s.degree === 7)!;
    const inOut = estimateEarthquakeImpact(
      base([town('in', vii.shortAxisKm - 0.2, 120), town('out', vii.shortAxisKm + 0.2, 120)]),
    );
    expect(inOut.townships[0]!.intensity).toBeGreaterThan(7);
    expect(inOut.townships[1]!.intensity).toBeLessThan(7);
  });

  it('§7.3 effects: the descriptor of each degree VI–XII, none below VI', () => {
    expect(INTENSITY_EFFECTS[6]).toMatch(/惊逃户外/);
    expect(INTENSITY_EFFECTS[8]).toMatch(/行走困难/);
    expect(INTENSITY_EFFECTS[12]).toMatch(/山河改观/);
    const r = estimateEarthquakeImpact(base([town('near', 5, 30), town('far', 150, 120)]));
    expect(r.townships[0]!.effects).toBe(INTENSITY_EFFECTS[r.townships[0]!.degree!]);
    expect(r.townships[1]!.degree).toBeLessThan(6);
    expect(r.townships[1]!.effects).toBeNull();
  });

  it('degrees are rounded half up and written in Roman numerals; nothing below 0.5', () => {
    expect(degreeOf(6.49)).toBe(6);
    expect(degreeOf(6.5)).toBe(7);
    expect(degreeOf(0.49)).toBeNull();
    expect(degreeOf(13.2)).toBe(12);
    expect([1, 4, 6, 9, 12].map(romanDegree)).toEqual(['I', 'IV', 'VI', 'IX', 'XII']);
  });

  it('exposed population: townships at VI or more (configurable), those without population named and counted', () => {
    const townships = [
      town('a', 5, 30, 20_000), // near: VIII
      town('b', 20, 30, 15_000), // VII
      town('c', 25, 120, null), // VI-ish, no population
      town('d', 200, 120, 9_000), // far: below VI
    ];
    const r = estimateEarthquakeImpact(base(townships));
    const degrees = r.townships.map((t) => t.degree);
    expect(degrees[0]).toBeGreaterThanOrEqual(8);
    expect(degrees[2]).toBeGreaterThanOrEqual(6);
    expect(degrees[3]).toBeLessThan(6);
    expect(r.exposure).toMatchObject({
      degree: 6,
      roman: 'VI',
      population: 35_000,
      townships: 3,
      townshipsMissingPopulation: 1,
      missingPopulation: ['镇c'],
    });
    expect(r.townshipsWithoutPopulation).toBe(1);
    const seven = estimateEarthquakeImpact(base(townships, { exposureDegree: 7 }));
    expect(seven.exposure.townships).toBe(r.townships.filter((t) => (t.degree ?? 0) >= 7).length);
    expect(seven.exposure.roman).toBe('VII');
  });

  it('the zone matters: the same event is stronger far out in 东部强震区 than in 中强地震区 on the long axis', () => {
    const t = [town('x', 60, 30)];
    const east = estimateEarthquakeImpact(base(t, { zone: 'east' })).townships[0]!.intensity;
    const central = estimateEarthquakeImpact(base(t, { zone: 'central' })).townships[0]!.intensity;
    expect(east).toBeCloseTo(attenuatedIntensity(GB18306_ATTENUATION.east.long, 6.5, 60), 1);
    expect(central).toBeCloseTo(attenuatedIntensity(GB18306_ATTENUATION.central.long, 6.5, 60), 1);
    expect(east).not.toBeCloseTo(central, 1);
  });
});
