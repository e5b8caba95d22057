import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { runCalculator } from './index.ts';
import {
  ATTENUATION_ZONES,
  attenuatedIntensity,
  computeAttenuation,
  GB18306_ATTENUATION,
  type AttenuationInput,
} from './intensity-attenuation.ts';

const run = (raw: unknown) => runCalculator('attenuation', raw) as Record<string, unknown>;

describe('intensity attenuation, STANDARDS.md §7.1 (GB 18306-2015: I = A + B·Ms + C·lg(R + R₀))', () => {
  // Ms 6.5 at 50 km, and the radius of intensity VII, worked by hand from the §7.1 coefficient table.
  it.each([
    ['east', 'long', 6.524625, 33.111075],
    ['east', 'short', 6.144955, 23.127949],
    ['central', 'long', 6.172676, 23.608513],
    ['central', 'short', 5.910036, 16.591699],
    ['xinjiang', 'long', 6.508512, 33.290277],
    ['xinjiang', 'short', 6.013527, 21.910875],
    ['tibet', 'long', 6.359689, 28.931649],
    ['tibet', 'short', 5.788215, 16.407616],
  ] as const)('§7.1 %s zone, %s axis: Ms 6.5 at 50 km → I %s; I = 7 reached at %s km', (zone, axis, i, r) => {
    expect(run({ zone, axis, magnitude: 6.5, distanceKm: 50 }).intensity).toBeCloseTo(i, 5);
    expect(run({ zone, axis, magnitude: 6.5, intensity: 7 }).radiusKm).toBeCloseTo(r, 5);
  });

  it('§7.1 the long and short axes meet at the epicentre (R = 0) in every zone', () => {
    for (const zone of ATTENUATION_ZONES) {
      const { long, short } = GB18306_ATTENUATION[zone];
      expect(attenuatedIntensity(long, 6, 0)).toBeCloseTo(attenuatedIntensity(short, 6, 0), 2);
    }
  });

  it('§7.1 inverse: the radius of an intensity gives back that intensity at that distance', () => {
    const input: AttenuationInput = { zone: 'central', axis: 'long', magnitude: 7, intensity: 8 };
    const { radiusKm } = computeAttenuation(input) as { radiusKm: number };
    expect(computeAttenuation({ ...input, intensity: undefined, distanceKm: radiusKm })).toMatchObject({
      intensity: 8,
    });
  });

  it('an intensity above the epicentral one is reached nowhere: radius 0, reached false; exactly at it: 0, true', () => {
    expect(run({ zone: 'central', axis: 'short', magnitude: 5, intensity: 9 })).toMatchObject({
      radiusKm: 0,
      reached: false,
    });
    const c = GB18306_ATTENUATION.tibet.short;
    const epicentral = c.A + c.B * 6 + c.C * Math.log10(c.R0);
    expect(run({ zone: 'tibet', axis: 'short', magnitude: 6, intensity: epicentral - 1e-9 })).toMatchObject({
      reached: true,
    });
    expect(run({ zone: 'tibet', axis: 'short', magnitude: 6, distanceKm: 0 }).intensity).toBeCloseTo(
      epicentral,
      6,
    );
  });

  it('zone by code or Chinese name; reports sigma', () => {
    expect(run({ zone: '中强地震区', axis: 'long', magnitude: 6.5, distanceKm: 50 })).toMatchObject({
      zone: 'central',
      sigma: 0.52,
    });
    expect(run({ zone: '青藏区', axis: 'short', magnitude: 6.5, distanceKm: 50 }).zone).toBe('tibet');
    expect(run({ zone: 'East', axis: 'short', magnitude: 6.5, distanceKm: 50 }).zone).toBe('east');
  });

  it('bad input lists every field; exactly one of distanceKm and intensity', () => {
    const paths = (raw: unknown) => {
      try {
        run(raw);
        return expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return (err as AppError).details?.map((d) => d.path).sort();
      }
    };
    expect(paths({ zone: 'ordos', axis: 'diagonal', magnitude: 11, distanceKm: -1 })).toEqual([
      'axis',
      'distanceKm',
      'magnitude',
      'zone',
    ]);
    expect(paths({ zone: 'east', axis: 'long', magnitude: 6 })).toEqual(['distanceKm']);
    expect(paths({ zone: 'east', axis: 'long', magnitude: 'six' })).toEqual(['distanceKm', 'magnitude']);
    expect(paths({ zone: 'east', axis: 'long', magnitude: 6, distanceKm: 10, intensity: 7 })).toEqual([
      'distanceKm',
    ]);
    expect(paths({ zone: 'east', axis: 'long', magnitude: 6, intensity: 13 })).toEqual(['intensity']);
  });
});
