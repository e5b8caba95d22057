/**
 * Seismic intensity attenuation of GB 18306-2015 (肖亮 & 俞言祥 2011; 宣贯教材 p.172), STANDARDS.md §7.1:
 *   I = A + B·Ms + C·lg(R + R₀), R the epicentral distance in km, separately along the long and short axis of
 *   the elliptical isoseismals; and its inverse, the radius at which intensity I is reached:
 *   R = 10^((I − A − B·Ms) / C) − R₀.
 * Coefficients: short axis CONFIRMED (2 sources), long axis CONFIRMED (1 source).
 *
 * Which zone applies to 宁县 is UNCONFIRMED (STANDARDS.md §7.1), so `zone` is always an input, never assumed.
 * Zones are named `east` (东部强震区), `central` (中强地震区), `xinjiang` (新疆地震区), `tibet` (青藏地震区); the
 * Chinese names are accepted too.
 * An intensity above the epicentral one (R = 0) is reached nowhere: `radiusKm` is then 0 and `reached` false.
 * Results are rounded to 6 decimals; `sigma` is the relation's standard deviation in intensity units.
 */
import { z } from 'zod';
import { EVERY_PROBLEM } from './checks.ts';

export const ATTENUATION_ZONES = ['east', 'central', 'xinjiang', 'tibet'] as const;
export type AttenuationZone = (typeof ATTENUATION_ZONES)[number];
export const ATTENUATION_ZONE_NAMES: Record<AttenuationZone, string> = {
  east: '东部强震区',
  central: '中强地震区',
  xinjiang: '新疆地震区',
  tibet: '青藏地震区',
};
export type AttenuationAxis = 'long' | 'short';

export interface AttenuationCoefficients {
  A: number;
  B: number;
  C: number;
  R0: number; // km
  sigma: number;
}

/** STANDARDS.md §7.1 table. */
export const GB18306_ATTENUATION: Record<
  AttenuationZone,
  Record<AttenuationAxis, AttenuationCoefficients>
> = {
  east: {
    long: { A: 5.7123, B: 1.3626, C: -4.2903, R0: 25, sigma: 0.5826 },
    short: { A: 3.6588, B: 1.3626, C: -3.5406, R0: 13, sigma: 0.5826 },
  },
  central: {
    long: { A: 5.841, B: 1.071, C: -3.657, R0: 15, sigma: 0.52 },
    short: { A: 3.944, B: 1.071, C: -2.845, R0: 7, sigma: 0.52 },
  },
  xinjiang: {
    long: { A: 5.6018, B: 1.4347, C: -4.4899, R0: 25, sigma: 0.5924 },
    short: { A: 3.6113, B: 1.4347, C: -3.8477, R0: 13, sigma: 0.5924 },
  },
  tibet: {
    long: { A: 6.458, B: 1.2746, C: -4.4709, R0: 25, sigma: 0.6636 },
    short: { A: 3.3682, B: 1.2746, C: -3.3119, R0: 9, sigma: 0.6636 },
  },
};

const ZONE_ALIASES = new Map<string, AttenuationZone>([
  ...ATTENUATION_ZONES.map((zone) => [zone, zone] as const),
  ['eastern', 'east'],
  ['东部', 'east'],
  ['东部区', 'east'],
  ['东部强震区', 'east'],
  ['middle', 'central'],
  ['中部', 'central'],
  ['中部区', 'central'],
  ['中强地震区', 'central'],
  ['中强震区', 'central'],
  ['新疆', 'xinjiang'],
  ['新疆区', 'xinjiang'],
  ['新疆地震区', 'xinjiang'],
  ['qinghai-tibet', 'tibet'],
  ['qingzang', 'tibet'],
  ['青藏', 'tibet'],
  ['青藏区', 'tibet'],
  ['青藏地震区', 'tibet'],
]);

const Zone = z.string().transform((s, ctx) => {
  const zone = ZONE_ALIASES.get(s.trim().toLowerCase());
  if (zone === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `分区须为 ${ATTENUATION_ZONES.map((k) => `${k}（${ATTENUATION_ZONE_NAMES[k]}）`).join('、')} 之一`,
    });
    return z.NEVER;
  }
  return zone;
});

export const AttenuationInput = z
  .object({
    zone: Zone,
    axis: z.enum(['long', 'short']),
    magnitude: z.number().finite().min(0, '震级为 0–10').max(10, '震级为 0–10'), // Ms
    distanceKm: z.number().finite().min(0, '不能为负数').optional(),
    intensity: z.number().finite().min(1, '烈度为 1–12').max(12, '烈度为 1–12').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.distanceKm === undefined) === (v.intensity === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['distanceKm'],
        message: '震中距 distanceKm（求烈度）与烈度 intensity（求半径）须且只须填一项',
      });
  }, EVERY_PROBLEM);
export type AttenuationInput = z.infer<typeof AttenuationInput>;

export type AttenuationResult =
  | { intensity: number; zone: AttenuationZone; axis: AttenuationAxis; sigma: number }
  | { radiusKm: number; reached: boolean; zone: AttenuationZone; axis: AttenuationAxis; sigma: number };

const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** I at epicentral distance R (km). */
export function attenuatedIntensity(
  c: AttenuationCoefficients,
  magnitude: number,
  distanceKm: number,
): number {
  return c.A + c.B * magnitude + c.C * Math.log10(distanceKm + c.R0);
}

/** Radius (km) at which intensity I is reached; negative when I exceeds the epicentral intensity. */
export function attenuationRadius(c: AttenuationCoefficients, magnitude: number, intensity: number): number {
  return 10 ** ((intensity - c.A - c.B * magnitude) / c.C) - c.R0;
}

export function computeAttenuation(input: AttenuationInput): AttenuationResult {
  const c = GB18306_ATTENUATION[input.zone][input.axis];
  const common = { zone: input.zone, axis: input.axis, sigma: c.sigma };
  if (input.distanceKm !== undefined)
    return { intensity: r6(attenuatedIntensity(c, input.magnitude, input.distanceKm)), ...common };
  // The schema guarantees exactly one of distanceKm and intensity.
  const radius = attenuationRadius(c, input.magnitude, input.intensity ?? Number.NaN);
  return { radiusKm: r6(Math.max(radius, 0)), reached: radius >= 0, ...common };
}
