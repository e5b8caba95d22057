/**
 * Canadian Forest Fire Weather Index (FWI) System, Van Wagner (1987) and Van Wagner & Pickett (1985),
 * STANDARDS.md §5.2 (VERIFIED-BY-COMPUTATION against the 49-day reference table of §5.3).
 *
 * Decisions (ours, documented here):
 * - Eqs. 12 and 15 are written in the 1985 FORTRAN form: M₀ = 20 + 280 / e^{0.023 P₀} and
 *   P_r = 43.43 (5.6348 − ln(M_r − 20)). With Eq. 12 as printed in 1987, 17 of the 49 reference DMC values are
 *   off by 0.1 (STANDARDS.md §5.2, note on Eq. 12); with Eq. 15's rounded constant 244.72 instead of
 *   43.43 × 5.6348 = 244.7194, two more are (DMC on 26 May, BUI on 1 May). With both, all 49 × 6 match.
 * - The day-length factors L_e (DMC) and L_f (DC) are Van Wagner's monthly tables (for about 46°N), used
 *   unchanged: the system is defined with them and the reference table is computed with them.
 * - Codes are carried from day to day at full precision and reported rounded to one decimal, as the
 *   published tables are. Feeding a rounded day back in as `start` can therefore differ by 0.1 later on.
 * - `dangerClass` is the EFFIS/GEFF class of the reported (rounded) FWI (§5.2, CONFIRMED as European classes,
 *   not a Chinese standard): < 5.2 very-low, 5.2–11.2 low, 11.2–21.3 moderate, 21.3–38.0 high,
 *   38.0–50.0 very-high, > 50 extreme — each lower bound inclusive except that 50.0 itself is very-high
 *   ("> 50 extreme"). The bounds are configuration.
 */
import { z } from 'zod';

/** L_e, DMC effective day length (h) for January … December (Eq. 16). */
export const FWI_DMC_DAY_LENGTH = [6.5, 7.5, 9.0, 12.8, 13.9, 13.9, 12.4, 10.9, 9.4, 8.0, 7.0, 6.0] as const;
/** L_f, DC day-length adjustment for January … December (Eq. 22). */
export const FWI_DC_DAY_LENGTH = [-1.6, -1.6, -1.6, 0.9, 3.8, 5.8, 6.4, 5.0, 2.4, 0.4, -1.6, -1.6] as const;

export const FWI_DANGER_CLASSES = ['very-low', 'low', 'moderate', 'high', 'very-high', 'extreme'] as const;
export type FwiDangerClass = (typeof FWI_DANGER_CLASSES)[number];
export const FWI_DANGER_CLASS_NAMES: Record<FwiDangerClass, string> = {
  'very-low': '很低',
  low: '低',
  moderate: '中等',
  high: '高',
  'very-high': '很高',
  extreme: '极高',
};

/** Lower bounds of the EFFIS classes above very-low; `extremeAbove` is exclusive (> 50 extreme). */
export interface FwiConfig {
  low: number;
  moderate: number;
  high: number;
  veryHigh: number;
  extremeAbove: number;
}
export const DEFAULT_FWI_CONFIG: FwiConfig = {
  low: 5.2,
  moderate: 11.2,
  high: 21.3,
  veryHigh: 38.0,
  extremeAbove: 50.0,
};

const finite = z.number().finite();
export const FwiStart = z
  .object({
    ffmc: finite.min(0, '不能为负数').max(101, 'FFMC 不超过 101'),
    dmc: finite.min(0, '不能为负数'),
    dc: finite.min(0, '不能为负数'),
  })
  .strict();
export const FwiDay = z
  .object({
    month: z.number().int('须为整数').min(1, '月份为 1–12').max(12, '月份为 1–12'),
    temp: finite, // ℃ at noon local standard time
    rh: finite.min(0, '相对湿度为 0–100%').max(100, '相对湿度为 0–100%'), // %
    wind: finite.min(0, '不能为负数'), // km/h at 10 m
    rain: finite.min(0, '不能为负数'), // mm in the 24 h to noon
  })
  .strict();
export const FwiInput = z
  .object({ start: FwiStart, days: z.array(FwiDay).min(1, '至少需要一天的观测') })
  .strict();
export type FwiInput = z.infer<typeof FwiInput>;
export type FwiDay = z.infer<typeof FwiDay>;

export interface FwiDayResult {
  ffmc: number;
  dmc: number;
  dc: number;
  isi: number;
  bui: number;
  fwi: number;
  dangerClass: FwiDangerClass;
  dangerClassName: string;
}

/** FFMC from yesterday's FFMC (Eqs. 1–10). */
export function computeFfmc(f0: number, temp: number, rh: number, wind: number, rain: number): number {
  let m0 = (147.2 * (101 - f0)) / (59.5 + f0); // Eq. 1
  if (rain > 0.5) {
    const rf = rain - 0.5; // Eq. 2
    let mr = m0 + 42.5 * rf * Math.exp(-100 / (251 - m0)) * (1 - Math.exp(-6.93 / rf)); // Eq. 3a
    if (m0 > 150) mr += 0.0015 * (m0 - 150) ** 2 * Math.sqrt(rf); // Eq. 3b
    m0 = Math.min(mr, 250);
  }
  const tail = 0.18 * (21.1 - temp) * (1 - Math.exp(-0.115 * rh));
  const ed = 0.942 * rh ** 0.679 + 11 * Math.exp((rh - 100) / 10) + tail; // Eq. 4
  const ew = 0.618 * rh ** 0.753 + 10 * Math.exp((rh - 100) / 10) + tail; // Eq. 5
  let m = m0;
  if (m0 > ed) {
    const k0 = 0.424 * (1 - (rh / 100) ** 1.7) + 0.0694 * Math.sqrt(wind) * (1 - (rh / 100) ** 8); // Eq. 6a
    const kd = 0.581 * k0 * Math.exp(0.0365 * temp); // Eq. 6b
    m = ed + (m0 - ed) * 10 ** -kd; // Eq. 8
  } else if (m0 < ew) {
    const dry = (100 - rh) / 100;
    const k1 = 0.424 * (1 - dry ** 1.7) + 0.0694 * Math.sqrt(wind) * (1 - dry ** 8); // Eq. 7a
    const kw = 0.581 * k1 * Math.exp(0.0365 * temp); // Eq. 7b
    m = ew - (ew - m0) * 10 ** -kw; // Eq. 9
  }
  return (59.5 * (250 - m)) / (147.2 + m); // Eq. 10
}

/** DMC from yesterday's DMC (Eqs. 11–17); `month` is 1–12. */
export function computeDmc(p0: number, temp: number, rh: number, rain: number, month: number): number {
  const t = Math.max(temp, -1.1);
  let p = p0;
  if (rain > 1.5) {
    const re = 0.92 * rain - 1.27; // Eq. 11
    const mo = 20 + 280 / Math.exp(0.023 * p); // Eq. 12, 1985 FORTRAN form
    const b = p <= 33 ? 100 / (0.5 + 0.3 * p) : p <= 65 ? 14 - 1.3 * Math.log(p) : 6.2 * Math.log(p) - 17.2; // Eq. 13
    const mr = mo + (1000 * re) / (48.77 + b * re); // Eq. 14
    p = Math.max(43.43 * (5.6348 - Math.log(mr - 20)), 0); // Eq. 15, 1985 FORTRAN form
  }
  const le = FWI_DMC_DAY_LENGTH[month - 1] ?? Number.NaN;
  const k = 1.894 * (t + 1.1) * (100 - rh) * le * 1e-6; // Eq. 16
  return p + 100 * k; // Eq. 17
}

/** DC from yesterday's DC (Eqs. 18–23); `month` is 1–12. */
export function computeDc(d0: number, temp: number, rain: number, month: number): number {
  const t = Math.max(temp, -2.8);
  let d = d0;
  if (rain > 2.8) {
    const rd = 0.83 * rain - 1.27; // Eq. 18
    const q0 = 800 * Math.exp(-d / 400); // Eq. 19
    const qr = q0 + 3.937 * rd; // Eq. 20
    d = Math.max(400 * Math.log(800 / qr), 0); // Eq. 21
  }
  const lf = FWI_DC_DAY_LENGTH[month - 1] ?? Number.NaN;
  const v = Math.max(0.36 * (t + 2.8) + lf, 0); // Eq. 22
  return d + 0.5 * v; // Eq. 23
}

/** Initial Spread Index from today's FFMC and wind (Eqs. 24–26). */
export function computeIsi(ffmc: number, wind: number): number {
  const fw = Math.exp(0.05039 * wind); // Eq. 24
  const m = (147.2 * (101 - ffmc)) / (59.5 + ffmc);
  const ff = 91.9 * Math.exp(-0.1386 * m) * (1 + m ** 5.31 / 4.93e7); // Eq. 25
  return 0.208 * fw * ff; // Eq. 26
}

/** Buildup Index from today's DMC and DC (Eq. 27). */
export function computeBui(dmc: number, dc: number): number {
  if (dmc === 0 && dc === 0) return 0;
  const u =
    dmc <= 0.4 * dc
      ? (0.8 * dmc * dc) / (dmc + 0.4 * dc) // Eq. 27a
      : dmc - (1 - (0.8 * dc) / (dmc + 0.4 * dc)) * (0.92 + (0.0114 * dmc) ** 1.7); // Eq. 27b
  return Math.max(u, 0);
}

/** Fire Weather Index from ISI and BUI (Eqs. 28–30). */
export function computeFwi(isi: number, bui: number): number {
  const fd = bui <= 80 ? 0.626 * bui ** 0.809 + 2 : 1000 / (25 + 108.64 * Math.exp(-0.023 * bui)); // Eq. 28
  const b = 0.1 * isi * fd; // Eq. 29
  return b > 1 ? Math.exp(2.72 * (0.434 * Math.log(b)) ** 0.647) : b; // Eq. 30
}

export function fwiDangerClass(fwi: number, config: FwiConfig = DEFAULT_FWI_CONFIG): FwiDangerClass {
  if (fwi > config.extremeAbove) return 'extreme';
  if (fwi >= config.veryHigh) return 'very-high';
  if (fwi >= config.high) return 'high';
  if (fwi >= config.moderate) return 'moderate';
  if (fwi >= config.low) return 'low';
  return 'very-low';
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Yesterday's moisture codes at full precision (the state carried from day to day). */
export interface FwiCodes {
  ffmc: number;
  dmc: number;
  dc: number;
}

/**
 * One day of the system: today's codes at full precision (to carry to tomorrow) and the day's result
 * rounded to one decimal as published; the class is that of the rounded FWI.
 */
export function advanceFwiDay(
  yesterday: FwiCodes,
  day: FwiDay,
  config: FwiConfig = DEFAULT_FWI_CONFIG,
): { codes: FwiCodes; result: FwiDayResult } {
  const ffmc = computeFfmc(yesterday.ffmc, day.temp, day.rh, day.wind, day.rain);
  const dmc = computeDmc(yesterday.dmc, day.temp, day.rh, day.rain, day.month);
  const dc = computeDc(yesterday.dc, day.temp, day.rain, day.month);
  const isi = computeIsi(ffmc, day.wind);
  const bui = computeBui(dmc, dc);
  const fwi = round1(computeFwi(isi, bui));
  const dangerClass = fwiDangerClass(fwi, config);
  return {
    codes: { ffmc, dmc, dc },
    result: {
      ffmc: round1(ffmc),
      dmc: round1(dmc),
      dc: round1(dc),
      isi: round1(isi),
      bui: round1(bui),
      fwi,
      dangerClass,
      dangerClassName: FWI_DANGER_CLASS_NAMES[dangerClass],
    },
  };
}

/** Runs the system day by day from the start-up codes; each day's codes feed the next at full precision. */
export function computeFwiSeries(
  input: FwiInput,
  config: FwiConfig = DEFAULT_FWI_CONFIG,
): { days: FwiDayResult[] } {
  let codes: FwiCodes = input.start;
  const days = input.days.map((day) => {
    const next = advanceFwiDay(codes, day, config);
    codes = next.codes;
    return next.result;
  });
  return { days };
}
