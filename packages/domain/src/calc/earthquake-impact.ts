/**
 * Earthquake impact estimate (issue #4 part 5): for an earthquake (surface-wave magnitude Ms, epicentre) the
 * intensity field of GB 18306-2015's elliptical attenuation (STANDARDS.md §7.1), the estimated intensity at
 * each township seat, the expected effects (STANDARDS.md §7.3) and the population exposed.
 *
 * The elliptical model (how the two axes are combined — STANDARDS.md §7.1 gives the long- and short-axis
 * relations only, not the interpolation between them, so this is the standard elliptical isoseismal model —
 * the one GB 18306-2015's long/short-axis relations are fitted to — stated here as our choice):
 * - the isoseismal of intensity I is an ellipse centred on the epicentre whose semi-axes are the long- and
 *   short-axis radii of I, a(I) = 10^((I − A_l − B·Ms)/C_l) − R₀_l and b(I) = 10^((I − A_s − B·Ms)/C_s) − R₀_s
 *   (the §7.1 inverse), the long axis along `azimuthDeg` (clockwise from north);
 * - a site at epicentral distance R whose direction makes the angle θ with the long axis has the intensity I
 *   whose isoseismal passes through it: (R·cos θ / a(I))² + (R·sin θ / b(I))² = 1. a and b both shrink as I
 *   grows, so that I is unique; it is found by bisection. Along the long axis (θ = 0) it is exactly the
 *   long-axis relation, across it (θ = 90°) exactly the short-axis one, and the sites inside the drawn ellipse
 *   of degree I are exactly those estimated at I or more, so table and map agree.
 * Distances and bearings are on the sphere of radius 6371.0088 km (turf's mean Earth radius); the ellipses
 * are drawn as polygons of `ELLIPSE_STEPS` vertices in the same polar frame (bearing, distance).
 *
 * The estimated intensity is rounded half up to the degree (罗马数字烈度 I–XII); below 0.5 the site is
 * given no degree. Effects are §7.3's descriptors, which cover VI–XII only (I–V: none given). The exposed
 * population is the sum over townships whose degree is at least `exposureDegree` (default VI, configurable);
 * townships without a population are named and counted, never guessed.
 *
 * Which attenuation zone applies to 宁县 and the long-axis direction are UNCONFIRMED (§7.1): both are inputs,
 * defaulted by the caller from configuration.
 */
import { bearing, destination, distance, point } from '@turf/turf';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import {
  attenuatedIntensity,
  attenuationRadius,
  GB18306_ATTENUATION,
  type AttenuationZone,
} from './intensity-attenuation.ts';

/** Vertices of an isoseismal ellipse polygon (every 5°). */
export const ELLIPSE_STEPS = 72;
/** The isoseismals drawn and measured by default (VI, VII, VIII). */
export const DEFAULT_ISOSEISMAL_DEGREES = [6, 7, 8] as const;
/** Exposed population counts townships at this degree or more by default (VI: §7.3's first listed degree). */
export const DEFAULT_EXPOSURE_DEGREE = 6;

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'] as const;

/** The Roman numeral of a degree 1–12. */
export function romanDegree(degree: number): string {
  return ROMAN[degree - 1] ?? String(degree);
}

/** Expected effects of a degree, STANDARDS.md §7.3 (GB/T 17742-2020 summary; VI–XII only). */
export const INTENSITY_EFFECTS: Readonly<Record<number, string>> = {
  6: '多数人站立不稳，多数人惊逃户外（惊慌）',
  7: '大多数人惊逃户外，骑自行车的人有感觉',
  8: '多数人摇晃颠簸，行走困难',
  9: '行动的人摔倒',
  10: '骑自行车的人会摔倒',
  11: '地震断裂延续很大，大量山崩滑坡',
  12: '地面剧烈变化，山河改观',
};

/** The degree (1–12) of an intensity, rounded half up; null below 0.5 (no degree). */
export function degreeOf(intensity: number): number | null {
  const d = Math.floor(intensity + 0.5 + 1e-9);
  if (d < 1) return null;
  return Math.min(d, 12);
}

export interface TownshipInput {
  code: string;
  name: string;
  /** WGS84 [lon, lat] of the seat (驻地). */
  seat: [number, number];
  /** Persons; null when not entered. */
  population: number | null;
}

export interface EarthquakeImpactInput {
  magnitude: number; // Ms
  /** WGS84 [lon, lat]. */
  epicentre: [number, number];
  zone: AttenuationZone;
  /** Direction of the long axis, degrees clockwise from north (0–180; 180 is the same axis as 0). */
  azimuthDeg: number;
  townships: TownshipInput[];
  /** Default {@link DEFAULT_EXPOSURE_DEGREE}. */
  exposureDegree?: number;
  /** Default {@link DEFAULT_ISOSEISMAL_DEGREES}. */
  isoseismalDegrees?: readonly number[];
}

export interface TownshipImpact {
  code: string;
  name: string;
  seat: [number, number];
  distanceKm: number;
  /** Bearing from the epicentre to the seat, degrees clockwise from north (0–360). */
  bearingDeg: number;
  /** Angle between the long axis and the direction to the seat, 0–90°. */
  axisAngleDeg: number;
  /** Estimated intensity (continuous, 2 decimals). */
  intensity: number;
  degree: number | null;
  roman: string | null;
  /** §7.3 descriptor; null below VI (not given there). */
  effects: string | null;
  population: number | null;
  exposed: boolean;
}

export interface Isoseismal {
  degree: number;
  roman: string;
  /** False when the degree exceeds the epicentral intensity (then both radii are 0). */
  reached: boolean;
  longAxisKm: number;
  shortAxisKm: number;
}

export interface EarthquakeImpact {
  magnitude: number;
  epicentre: [number, number];
  zone: AttenuationZone;
  azimuthDeg: number;
  /** Intensity at the epicentre (R = 0 of the long-axis relation) and its degree. */
  epicentralIntensity: number;
  epicentralDegree: number | null;
  /** σ of the relation, intensity units (§7.1): the estimate's scatter. */
  sigma: number;
  townships: TownshipImpact[];
  isoseismals: Isoseismal[];
  /** The isoseismal ellipses (reached ones), largest first, for the map. */
  isoseismalPolygons: FeatureCollection<
    Polygon,
    { degree: number; roman: string; longAxisKm: number; shortAxisKm: number }
  >;
  exposure: {
    degree: number;
    roman: string;
    /** Sum of the known populations of exposed townships. */
    population: number;
    townships: number;
    /** Exposed townships without a population (人口未录入): the total leaves them out. */
    townshipsMissingPopulation: number;
    missingPopulation: string[];
  };
  /** Townships (of all) without a population. */
  townshipsWithoutPopulation: number;
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Semi-axes (km) of the isoseismal of intensity I; negative when I exceeds the epicentral intensity. */
function radiiOf(zone: AttenuationZone, magnitude: number, intensity: number): { a: number; b: number } {
  const c = GB18306_ATTENUATION[zone];
  return {
    a: attenuationRadius(c.long, magnitude, intensity),
    b: attenuationRadius(c.short, magnitude, intensity),
  };
}

/**
 * The intensity whose isoseismal ellipse passes through a site at `distanceKm`, `axisAngleRad` off the long
 * axis (see the module comment). Exact on the axes; bisection elsewhere (to 1e-9 intensity units).
 */
export function ellipticalIntensity(
  zone: AttenuationZone,
  magnitude: number,
  distanceKm: number,
  axisAngleRad: number,
): number {
  const c = GB18306_ATTENUATION[zone];
  const epicentral = attenuatedIntensity(c.long, magnitude, 0);
  if (distanceKm <= 0) return epicentral;
  const x = distanceKm * Math.abs(Math.cos(axisAngleRad));
  const y = distanceKm * Math.abs(Math.sin(axisAngleRad));
  const inside = (i: number) => {
    const { a, b } = radiiOf(zone, magnitude, i);
    if (a <= 0 || b <= 0) return false;
    return (x / a) ** 2 + (y / b) ** 2 <= 1;
  };
  let lo = epicentral - 40; // ellipses thousands of km across: always inside
  let hi = epicentral;
  for (let k = 0; k < 80 && hi - lo > 1e-9; k += 1) {
    const mid = (lo + hi) / 2;
    if (inside(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function ellipsePolygon(
  epicentre: [number, number],
  azimuthDeg: number,
  a: number,
  b: number,
): [number, number][] {
  const centre = point(epicentre);
  const ring: [number, number][] = [];
  for (let k = 0; k < ELLIPSE_STEPS; k += 1) {
    const phi = (2 * Math.PI * k) / ELLIPSE_STEPS;
    const x = a * Math.cos(phi); // along the long axis
    const y = b * Math.sin(phi); // along the short axis (90° clockwise of it)
    const r = Math.hypot(x, y);
    const dir = azimuthDeg + (Math.atan2(y, x) * 180) / Math.PI;
    const p = destination(centre, r, dir, { units: 'kilometers' }).geometry.coordinates;
    ring.push([round(p[0]!, 6), round(p[1]!, 6)]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** The intensity field of an earthquake over the townships, their exposure and the isoseismals. */
export function estimateEarthquakeImpact(input: EarthquakeImpactInput): EarthquakeImpact {
  const { magnitude, epicentre, zone, azimuthDeg } = input;
  const exposureDegree = input.exposureDegree ?? DEFAULT_EXPOSURE_DEGREE;
  const c = GB18306_ATTENUATION[zone];
  const epicentral = attenuatedIntensity(c.long, magnitude, 0);
  const centre = point(epicentre);

  const townships = input.townships.map((t): TownshipImpact => {
    const distanceKm = distance(centre, point(t.seat), { units: 'kilometers' });
    const b = distanceKm > 0 ? (bearing(centre, point(t.seat)) + 360) % 360 : 0;
    // Angle to the axis folded into 0–90°: the ellipse is symmetric about both axes.
    let angle = Math.abs((((b - azimuthDeg) % 180) + 180) % 180);
    if (angle > 90) angle = 180 - angle;
    const intensity = ellipticalIntensity(zone, magnitude, distanceKm, (angle * Math.PI) / 180);
    const degree = degreeOf(intensity);
    return {
      code: t.code,
      name: t.name,
      seat: t.seat,
      distanceKm: round(distanceKm, 2),
      bearingDeg: round(b, 1),
      axisAngleDeg: round(angle, 1),
      intensity: round(intensity, 2),
      degree,
      roman: degree === null ? null : romanDegree(degree),
      effects: degree === null ? null : (INTENSITY_EFFECTS[degree] ?? null),
      population: t.population,
      exposed: degree !== null && degree >= exposureDegree,
    };
  });

  const isoseismals = (input.isoseismalDegrees ?? DEFAULT_ISOSEISMAL_DEGREES).map((degree): Isoseismal => {
    const { a, b } = radiiOf(zone, magnitude, degree);
    const reached = a > 0 && b > 0;
    return {
      degree,
      roman: romanDegree(degree),
      reached,
      longAxisKm: reached ? round(a, 2) : 0,
      shortAxisKm: reached ? round(b, 2) : 0,
    };
  });

  const features: Feature<
    Polygon,
    { degree: number; roman: string; longAxisKm: number; shortAxisKm: number }
  >[] = isoseismals
    .filter((s) => s.reached)
    .sort((x, y) => x.degree - y.degree)
    .map((s) => {
      const { a, b } = radiiOf(zone, magnitude, s.degree);
      return {
        type: 'Feature',
        properties: {
          degree: s.degree,
          roman: s.roman,
          longAxisKm: s.longAxisKm,
          shortAxisKm: s.shortAxisKm,
        },
        geometry: { type: 'Polygon', coordinates: [ellipsePolygon(epicentre, azimuthDeg, a, b)] },
      };
    });

  const exposed = townships.filter((t) => t.exposed);
  const missing = exposed.filter((t) => t.population === null);
  const epicentralDegree = degreeOf(epicentral);
  return {
    magnitude,
    epicentre,
    zone,
    azimuthDeg,
    epicentralIntensity: round(epicentral, 2),
    epicentralDegree,
    sigma: c.long.sigma,
    townships,
    isoseismals,
    isoseismalPolygons: { type: 'FeatureCollection', features },
    exposure: {
      degree: exposureDegree,
      roman: romanDegree(exposureDegree),
      population: exposed.reduce((sum, t) => sum + (t.population ?? 0), 0),
      townships: exposed.length,
      townshipsMissingPopulation: missing.length,
      missingPopulation: missing.map((t) => t.name),
    },
    townshipsWithoutPopulation: townships.filter((t) => t.population === null).length,
  };
}
