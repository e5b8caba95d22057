/**
 * The demo scenarios of `ningan simulate --scenario …` (issue #4 part 8), each a pure function of the
 * scenario's story time: seconds since it started, times `speed` (story seconds per real second), so a
 * storm of hours plays in minutes. Readings are still stamped with the real clock (the ingest refuses
 * future times, and rules evaluate real time), so a compressed storm's rain falls within minutes of real
 * time: the 暴雨 rule then sees 50 mm within 3 h (橙) and 100 mm (红) at once rather than 蓝 → 黄 first,
 * and its windows keep the alarm until the rain has left them (3–12 h of real time).
 *
 * - `rainstorm`: a 3-hour storm (sin² profile) over the county seat; gauges get their profile's total,
 *   150 mm nearest the centre. Rivers respond with a lag (the storm convolved with a gamma unit
 *   hydrograph), pass 警戒 and 保证水位 and recede within the 9-hour story.
 * - `landslide`: the failing slope's displacement follows the inverse-velocity law of STANDARDS.md §6.1
 *   (Fukuzono 1985; Voight 1989, α = 2): 1/v = (t_f − t) / s, falling linearly to 0 at the failure time
 *   t_f; the added displacement is s·ln(t_f / (t_f − t)). The story stops 30 s before t_f.
 * - `gas-leak`: one detector's reading climbs past 25 %LEL (一级) and 50 %LEL (二级报警, GB/T 50493-2019
 *   §5.5, see domain monitoring/templates.ts) within a few minutes, the leak is shut off, and it recovers.
 * - `earthquake`: the seismic station's PGA/PGV for a main shock of magnitude M at distance R and two
 *   aftershocks: GB 18306-2015 intensity attenuation (STANDARDS.md §7.1, long axis) turned into PGA and PGV
 *   by inverting the GB/T 17742-2020 instrumental-intensity relations (§7.2).
 */
import { attenuatedIntensity, GB18306_ATTENUATION, type AttenuationZone } from '@ningan/domain';

export const SCENARIOS = ['rainstorm', 'landslide', 'gas-leak', 'earthquake'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export const isScenarioName = (v: string): v is ScenarioName => (SCENARIOS as readonly string[]).includes(v);

export interface ScenarioSettings {
  name: ScenarioName;
  /** Story seconds per real second. */
  speed: number;
  /** landslide: story minutes from the start to the failure time t_f. */
  failureMinutes: number;
  /** earthquake: magnitude (Ms) of the main shock, epicentral distance (km), attenuation zone. */
  magnitude: number;
  epicentreKm: number;
  /** Which GB 18306-2015 zone applies to 宁县 is UNCONFIRMED (STANDARDS.md §7.1): a setting, default central. */
  zone: AttenuationZone;
}

export interface ActiveScenario extends ScenarioSettings {
  /** Epoch ms, real time. */
  startedAt: number;
}

/** Hours of rain in the `rainstorm` story, and the story's whole length (the rivers recede after). */
export const STORM_HOURS = 3;
export const RAINSTORM_STORY_HOURS = 9;
export const DEFAULT_FAILURE_MINUTES = 30;
/** The `landslide` story stops this long before the failure time (the instruments would not survive it). */
export const FAILURE_MARGIN_S = 30;
export const GAS_LEAK = { startS: 60, riseS: 90, shutOffS: 360, decayS: 120, storyS: 900 } as const;
/** Main shock and aftershocks of the `earthquake` story: when (story s) and magnitude relative to M. */
export const QUAKE_SHOCKS = [
  { atS: 30, dm: 0 },
  { atS: 150, dm: -1.2 },
  { atS: 270, dm: -1.5 },
] as const;
export const QUAKE_STORY_S = 360;
/** Time constant of the shaking's decay after a shock (coda), s. */
export const CODA_S = 15;

export const SCENARIO_DEFS: Record<
  ScenarioName,
  { zh: string; summary: string; defaultSpeed: number; storySeconds: (s: ScenarioSettings) => number }
> = {
  rainstorm: {
    zh: '暴雨',
    summary: '县城一带 3 小时暴雨（最大 150 mm），河道水位滞后上涨超警戒、超保证后回落',
    defaultSpeed: 20,
    storySeconds: () => RAINSTORM_STORY_HOURS * 3600,
  },
  landslide: {
    zh: '滑坡',
    summary: '一处滑坡隐患点位移加速，速度倒数 1/v 线性下降直至临滑',
    defaultSpeed: 1,
    storySeconds: (s) => s.failureMinutes * 60 - FAILURE_MARGIN_S,
  },
  'gas-leak': {
    zh: '燃气泄漏',
    summary: '液化石油气储罐区可燃气体浓度升破 25 %LEL、50 %LEL，切断后回落',
    defaultSpeed: 1,
    storySeconds: () => GAS_LEAK.storyS,
  },
  earthquake: {
    zh: '地震',
    summary: '强震动监测站记录主震与两次余震的 PGA/PGV',
    defaultSpeed: 1,
    storySeconds: () => QUAKE_STORY_S,
  },
};

export function scenarioSettings(
  name: ScenarioName,
  o: Partial<Omit<ScenarioSettings, 'name'>> = {},
): ScenarioSettings {
  return {
    name,
    speed: o.speed ?? SCENARIO_DEFS[name].defaultSpeed,
    failureMinutes: o.failureMinutes ?? DEFAULT_FAILURE_MINUTES,
    magnitude: o.magnitude ?? 5.5,
    epicentreKm: o.epicentreKm ?? 30,
    zone: o.zone ?? 'central',
  };
}

/** Story seconds of `s` at real time `at` (negative before it starts). */
export const storySecondsAt = (s: ActiveScenario, at: number): number =>
  ((at - s.startedAt) / 1000) * s.speed;

/** Real time (epoch ms) at which the story ends. */
export const scenarioEndsAt = (s: ActiveScenario): number =>
  s.startedAt + (SCENARIO_DEFS[s.name].storySeconds(s) / s.speed) * 1000;

// ---------------------------------------------------------------------------------------------------------
// rainstorm
// ---------------------------------------------------------------------------------------------------------

/** Storm intensity as a share of the storm's total per story hour (∫ over the storm = 1). */
export function stormIntensity(hours: number): number {
  if (hours <= 0 || hours >= STORM_HOURS) return 0;
  return (2 / STORM_HOURS) * Math.sin((Math.PI * hours) / STORM_HOURS) ** 2;
}

/** Share of the storm's rain fallen by story hour `hours` (0 … 1). */
export function stormFraction(hours: number): number {
  if (hours <= 0) return 0;
  if (hours >= STORM_HOURS) return 1;
  return hours / STORM_HOURS - Math.sin((2 * Math.PI * hours) / STORM_HOURS) / (2 * Math.PI);
}

const FLOOD_STEP_H = 1 / 60;
const FLOOD_SPAN_H = 24;
const floodCurves = new Map<number, Float64Array>();

/** The storm convolved with a gamma(3, θ) unit hydrograph (mode 2θ = lag), normalised to a peak of 1. */
function floodCurve(lagHours: number): Float64Array {
  const key = Math.round(lagHours * 1000) / 1000;
  const cached = floodCurves.get(key);
  if (cached) return cached;
  const theta = key / 2;
  const n = Math.round(FLOOD_SPAN_H / FLOOD_STEP_H);
  const rain = Array.from({ length: n }, (_, i) => stormIntensity((i + 0.5) * FLOOD_STEP_H) * FLOOD_STEP_H);
  const kernel = Array.from({ length: n }, (_, i) => {
    const u = i * FLOOD_STEP_H;
    return (u * u * Math.exp(-u / theta)) / (2 * theta ** 3);
  });
  const curve = new Float64Array(n);
  const stormSteps = Math.ceil(STORM_HOURS / FLOOD_STEP_H);
  for (let i = 0; i < n; i += 1) {
    let sum = 0;
    for (let j = 0; j <= Math.min(i, stormSteps); j += 1) sum += rain[j]! * kernel[i - j]!;
    curve[i] = sum;
  }
  const peak = curve.reduce((m, v) => Math.max(m, v), 0);
  for (let i = 0; i < n; i += 1) curve[i] = curve[i]! / peak;
  floodCurves.set(key, curve);
  return curve;
}

/** The river's response to the storm at story hour `hours` (0 … 1, 1 at its peak). */
export function floodResponse(hours: number, lagHours: number): number {
  if (hours <= 0) return 0;
  const curve = floodCurve(lagHours);
  const x = hours / FLOOD_STEP_H;
  const i = Math.floor(x);
  if (i >= curve.length - 1) return curve[curve.length - 1]!;
  const f = x - i;
  return curve[i]! * (1 - f) + curve[i + 1]! * f;
}

// ---------------------------------------------------------------------------------------------------------
// landslide (STANDARDS.md §6.1)
// ---------------------------------------------------------------------------------------------------------

/** Displacement added by the accelerating creep by story second `t`, mm: s·ln(t_f / (t_f − t)). */
export function landslideDisplacement(t: number, failureS: number, scaleMm: number): number {
  if (t <= 0) return 0;
  const left = Math.max(failureS - t, 1);
  return scaleMm * Math.log(failureS / left);
}

/** Velocity of that creep at story second `t`, mm per story second: s / (t_f − t), so 1/v falls linearly. */
export function landslideVelocity(t: number, failureS: number, scaleMm: number): number {
  return scaleMm / Math.max(failureS - Math.max(t, 0), 1);
}

// ---------------------------------------------------------------------------------------------------------
// gas-leak
// ---------------------------------------------------------------------------------------------------------

/** The leak's concentration as a share of the level it tends to (0 … <1), at story second `t`. */
export function gasLeakFraction(t: number): number {
  const { startS, riseS, shutOffS, decayS } = GAS_LEAK;
  if (t <= startS) return 0;
  const rise = (x: number) => 1 - Math.exp(-(x - startS) / riseS);
  if (t <= shutOffS) return rise(t);
  return rise(shutOffS) * Math.exp(-(t - shutOffS) / decayS);
}

// ---------------------------------------------------------------------------------------------------------
// earthquake (STANDARDS.md §7.1, §7.2)
// ---------------------------------------------------------------------------------------------------------

/**
 * Intensity at the station (GB 18306-2015 attenuation, long axis) and the PGA (m/s²) and PGV (m/s) that
 * give it by GB/T 17742-2020: I_A = 3.17 lg PGA + 6.59, I_V = 3.00 lg PGV + 9.77, solved for PGA and PGV.
 */
export function groundMotion(
  magnitude: number,
  distanceKm: number,
  zone: AttenuationZone,
): { intensity: number; pga: number; pgv: number } {
  const intensity = attenuatedIntensity(GB18306_ATTENUATION[zone].long, magnitude, distanceKm);
  return {
    intensity,
    pga: 10 ** ((intensity - 6.59) / 3.17),
    pgv: 10 ** ((intensity - 9.77) / 3.0),
  };
}

/** Strongest shaking of the story's shocks over the real interval (from, to], or null when it is calm. */
export function quakeMotionOver(
  s: ActiveScenario,
  from: number,
  to: number,
): { pga: number; pgv: number } | null {
  const a = storySecondsAt(s, from);
  const b = storySecondsAt(s, to);
  let best: { pga: number; pgv: number } | null = null;
  for (const shock of QUAKE_SHOCKS) {
    if (shock.atS > b) continue;
    // Shaking decays after the shock; within (a, b] it is strongest at the shock or at the interval's start.
    const since = Math.max(0, a - shock.atS);
    const decay = Math.exp(-since / CODA_S);
    if (decay < 0.01) continue;
    const m = groundMotion(s.magnitude + shock.dm, s.epicentreKm, s.zone);
    const pga = m.pga * decay;
    const pgv = m.pgv * decay;
    if (!best || pga > best.pga) best = { pga, pgv };
  }
  return best;
}
