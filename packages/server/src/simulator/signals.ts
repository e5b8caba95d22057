/**
 * Building blocks of the simulated fair-weather readings: deterministic noise (a hash of a key, never
 * Math.random, so two simulators make the same value for the same device and second), Beijing-time
 * calendar helpers, a 宁县-like climate and the occasional shower. Pure functions of their arguments.
 *
 * The climate is demo scenery, not data: an annual mean near 9.5 ℃ with January about −3 ℃ and July about
 * 22 ℃, a diurnal swing of ±6 ℃ peaking at 15:00. Nothing here is used for a decision.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const BEIJING_OFFSET_MS = 8 * HOUR_MS;

/** The simulator's epoch, 2026-01-01 00:00 Beijing time: cumulative series (creep) count from it. */
export const SIM_EPOCH_MS = Date.UTC(2025, 11, 31, 16, 0, 0);

/** FNV-1a, then a murmur-style finaliser: a well-spread 32-bit hash of a string. */
export function hash32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i += 1) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A number in [0, 1) fixed by `key`. */
export const unit = (key: string): number => hash32(key) / 4_294_967_296;

/** Roughly standard normal (Irwin–Hall of four uniforms, scaled to σ = 1), fixed by `key`. */
export function gauss(key: string): number {
  const s = unit(`${key}#a`) + unit(`${key}#b`) + unit(`${key}#c`) + unit(`${key}#d`);
  return (s - 2) * Math.sqrt(3);
}

/** Noise for a device's metric at a time: the same within one second. */
export const noiseAt = (code: string, metric: string, at: number): number =>
  gauss(`${code}|${metric}|${Math.floor(at / 1000)}`);

/** Rounds to a multiple of `step` (and strips binary noise from the result). */
export function roundTo(value: number, step: number): number {
  const r = Math.round(value / step) * step;
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return Number(r.toFixed(Math.min(decimals, 12)));
}

export const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/** Days since 1970-01-01 in Beijing time (the calendar day a time falls on there). */
export const beijingDay = (at: number): number => Math.floor((at + BEIJING_OFFSET_MS) / DAY_MS);

/** Start (epoch ms) of a Beijing calendar day. */
export const beijingDayStart = (day: number): number => day * DAY_MS - BEIJING_OFFSET_MS;

/** Hour of the Beijing day, fractional (0 ≤ h < 24). */
export const beijingHour = (at: number): number =>
  ((((at + BEIJING_OFFSET_MS) % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;

/** Day of the year, 0-based, fractional. */
export function dayOfYear(at: number): number {
  const d = new Date(at + BEIJING_OFFSET_MS);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  return (d.getTime() - start) / DAY_MS;
}

/** Daily mean air temperature for the season, ℃. */
export const seasonalMean = (at: number): number =>
  9.5 - 12.8 * Math.cos((2 * Math.PI * (dayOfYear(at) - 16)) / 365);

/** Air temperature of the county at a time, ℃ (each day a little warmer or cooler than the season). */
export function ambientTemperature(at: number): number {
  const anomaly = 2.2 * gauss(`anomaly|${beijingDay(at)}`);
  const diurnal = 6 * Math.cos((2 * Math.PI * (beijingHour(at) - 15)) / 24);
  return seasonalMean(at) + anomaly + diurnal;
}

/**
 * The fair-weather shower of a Beijing day: on about one day in five, county-wide, between 11:00 and
 * 21:00 for half an hour to two hours; how hard it rains differs per gauge (0–1 times `peakMmPerHour`).
 */
export function showerOf(
  code: string,
  day: number,
  peakMmPerHour: number,
): { start: number; end: number; mmPerHour: number } | null {
  if (unit(`shower|${day}`) >= 0.2) return null;
  const start = beijingDayStart(day) + (11 + 8 * unit(`shower-start|${day}`)) * HOUR_MS;
  const end = start + (0.5 + 1.5 * unit(`shower-length|${day}`)) * HOUR_MS;
  return { start, end, mmPerHour: peakMmPerHour * unit(`shower|${code}|${day}`) };
}

/** Shower rain at a gauge between `a` and `b` (a ≤ b, epoch ms), mm. */
export function showerRain(code: string, peakMmPerHour: number, a: number, b: number): number {
  let mm = 0;
  for (let day = beijingDay(a); day <= beijingDay(b); day += 1) {
    const s = showerOf(code, day, peakMmPerHour);
    if (!s) continue;
    const overlap = Math.min(b, s.end) - Math.max(a, s.start);
    if (overlap > 0) mm += (s.mmPerHour * overlap) / HOUR_MS;
  }
  return mm;
}

/** Tipping-bucket resolution of the rain gauges, mm. */
export const RAIN_BUCKET_MM = 0.1;

/**
 * What a tipping-bucket gauge reports for (from, to] given its cumulative rain C(x) (mm, from any fixed
 * origin): the number of tips between the two times, in mm. Rain is conserved across reports that share
 * the origin.
 */
export function tipsBetween(cumFrom: number, cumTo: number): number {
  const tips = Math.floor(cumTo / RAIN_BUCKET_MM + 1e-9) - Math.floor(cumFrom / RAIN_BUCKET_MM + 1e-9);
  return roundTo(Math.max(0, tips) * RAIN_BUCKET_MM, RAIN_BUCKET_MM);
}

export { DAY_MS, HOUR_MS };
