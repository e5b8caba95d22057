/**
 * Daily forest fire weather (FWI) of a weather station from its hourly rollups (issue #4 part 5). Pure: the
 * server passes the station's one-hour rollups and the clock; the FWI arithmetic is the calculator's
 * (`advanceFwiDay`, STANDARDS.md §5.2).
 *
 * Rules (ours, documented here and in the tests):
 * - **Noon observation** (Van Wagner 1987: temperature, RH and 10 m wind at 12:00 local standard time, rain in
 *   the 24 h ending at noon). 宁县 lies at about 108°E, so local standard time (UTC+7.2) is within an hour of
 *   Beijing time; Beijing time is used. Temperature, RH and wind are the means of the hour ending at noon
 *   (the 11:00–12:00 bucket); rain is the sum of the 24 one-hour buckets from 12:00 the day before to 12:00.
 *   Wind is taken as measured at 10 m (the standard height of surface wind; no height correction) and
 *   converted from m/s to km/h (× 3.6).
 * - **Start-up**: FFMC 85, DMC 6, DC 15 (STANDARDS.md §5.2, the standard start-up values) on the first day of
 *   the fire season; the season starts each year on `seasonStart` (MM-DD, configuration: the start-up date is
 *   UNCONFIRMED — 甘肃省's 森林防火期 of 2021 was 1 Jan–31 May and 1 Nov–31 Dec, 甘肃省 2021 年度森林草原防火命令).
 *   A day belongs to the season that started on the latest `seasonStart` on or before it; codes restart there.
 * - **Gaps**: a day is computed only when its noon hour has temperature, RH and wind and its rain window has at
 *   least `minRainHours` of the 24 hours reported. Otherwise the day is flagged with every reason, no ISI/BUI/FWI
 *   or class is given, and yesterday's codes are carried forward unchanged to the next day. A day whose noon
 *   has not passed yet (by the clock) is a gap with reason `not_yet`.
 */
import {
  advanceFwiDay,
  DEFAULT_FWI_CONFIG,
  type FwiCodes,
  type FwiConfig,
  type FwiDayResult,
} from '../calc/fwi.ts';
import { addCalendarDays, getBeijingTimeOn } from '../calc/beijing-time.ts';
import { kmhFromMs } from './beaufort.ts';

export const FIRE_WEATHER_METRICS = [
  'air_temperature',
  'relative_humidity',
  'wind_speed',
  'rainfall',
] as const;
export type FireWeatherMetric = (typeof FIRE_WEATHER_METRICS)[number];

/** A one-hour rollup: `bucket` is the start of the hour (epoch ms). */
export interface HourlyRollup {
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

/** A station's hourly rollups per metric; a metric without a key has no sensor at the station. */
export type StationHours = Partial<Record<FireWeatherMetric, readonly HourlyRollup[]>>;

/** The standard start-up codes, STANDARDS.md §5.2 (F₀ = 85, P₀ = 6, D₀ = 15). */
export const FWI_STARTUP_CODES: Readonly<FwiCodes> = { ffmc: 85, dmc: 6, dc: 15 };

export interface FireWeatherConfig {
  /** First day of the fire season each year, MM-DD (UNCONFIRMED, configuration; default 03-01). */
  seasonStart: string;
  /** Hours of the 24-h rain window that must have reports (ours; default 18, i.e. 75 %). */
  minRainHours: number;
  fwi: FwiConfig;
}

export const DEFAULT_FIRE_WEATHER_CONFIG: FireWeatherConfig = {
  seasonStart: '03-01',
  minRainHours: 18,
  fwi: DEFAULT_FWI_CONFIG,
};

/** Beijing hour whose one-hour bucket (the hour ending at noon) gives the noon observation. */
export const NOON_BUCKET_HOUR = 11;
const HOUR_MS = 3_600_000;

export const FIRE_WEATHER_GAP_REASONS = [
  'no_sensor',
  'no_noon_reading',
  'rain_incomplete',
  'not_yet',
] as const;
export type FireWeatherGapReason = (typeof FIRE_WEATHER_GAP_REASONS)[number];
export interface FireWeatherGap {
  /** null for `not_yet` (the whole day). */
  metric: FireWeatherMetric | null;
  reason: FireWeatherGapReason;
}

/** The inputs of one day, as fed to the FWI system. */
export interface NoonObservation {
  /** ℃, mean of the noon hour. */
  tempC: number;
  /** %, mean of the noon hour. */
  rh: number;
  /** m/s as reported, mean of the noon hour. */
  windMs: number;
  /** km/h, as the FWI system takes it. */
  windKmh: number;
  /** mm in the 24 h ending at noon. */
  rainMm: number;
  /** How many of those 24 hours had reports. */
  rainHours: number;
}

/** The time windows of a day's observation (epoch ms, [from, to)). */
export function noonWindows(date: string): {
  noon: { from: number; to: number };
  rain: { from: number; to: number };
} {
  const noon = getBeijingTimeOn(date, 12).getTime();
  return { noon: { from: noon - HOUR_MS, to: noon }, rain: { from: noon - 24 * HOUR_MS, to: noon } };
}

type Indexed = Partial<Record<FireWeatherMetric, Map<number, HourlyRollup>>>;

function indexHours(hours: StationHours): Indexed {
  const out: Indexed = {};
  for (const metric of FIRE_WEATHER_METRICS) {
    const rows = hours[metric];
    if (rows) out[metric] = new Map(rows.map((r) => [r.bucket, r]));
  }
  return out;
}

function observe(
  date: string,
  idx: Indexed,
  config: FireWeatherConfig,
  now: number,
): { observation: NoonObservation | null; gaps: FireWeatherGap[] } {
  const { noon, rain } = noonWindows(date);
  if (now < noon.to) return { observation: null, gaps: [{ metric: null, reason: 'not_yet' }] };
  const gaps: FireWeatherGap[] = [];
  const noonMean = (metric: FireWeatherMetric): number | null => {
    const series = idx[metric];
    if (!series) {
      gaps.push({ metric, reason: 'no_sensor' });
      return null;
    }
    const r = series.get(noon.from);
    if (!r || r.count === 0) {
      gaps.push({ metric, reason: 'no_noon_reading' });
      return null;
    }
    return r.sum / r.count;
  };
  const tempC = noonMean('air_temperature');
  const rh = noonMean('relative_humidity');
  const windMs = noonMean('wind_speed');
  let rainMm = 0;
  let rainHours = 0;
  const rainSeries = idx.rainfall;
  if (!rainSeries) gaps.push({ metric: 'rainfall', reason: 'no_sensor' });
  else {
    for (let t = rain.from; t < rain.to; t += HOUR_MS) {
      const r = rainSeries.get(t);
      if (r && r.count > 0) {
        rainMm += r.sum;
        rainHours += 1;
      }
    }
    if (rainHours < config.minRainHours) gaps.push({ metric: 'rainfall', reason: 'rain_incomplete' });
  }
  if (gaps.length || tempC === null || rh === null || windMs === null) return { observation: null, gaps };
  return {
    observation: {
      tempC,
      rh: Math.min(Math.max(rh, 0), 100),
      windMs,
      windKmh: kmhFromMs(windMs),
      rainMm,
      rainHours,
    },
    gaps,
  };
}

/** The first day of the season `date` belongs to: the latest `seasonStart` (MM-DD) on or before it. */
export function seasonStartOf(date: string, seasonStart: string): string {
  const year = Number(date.slice(0, 4));
  const thisYear = `${year}-${seasonStart}`;
  return thisYear <= date ? thisYear : `${String(year - 1).padStart(4, '0')}-${seasonStart}`;
}

export interface FireWeatherDay {
  /** Beijing calendar date, YYYY-MM-DD. */
  date: string;
  /** First day of the season the codes were started on. */
  seasonStart: string;
  /** What was fed to the system; null on a gap day. */
  observation: NoonObservation | null;
  /** Empty when the day was computed. */
  gaps: FireWeatherGap[];
  /** The day's codes and indices (one decimal) and class; null on a gap day. */
  result: FwiDayResult | null;
  /** The moisture codes carried into tomorrow (one decimal): today's, or yesterday's on a gap day. */
  carried: { ffmc: number; dmc: number; dc: number };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Every day from `from` to `to` (inclusive, Beijing dates), computed from the start of the season `from`
 * falls in, restarting at each season start. `now` decides which noons have passed.
 */
export function computeFireWeatherDays(input: {
  hours: StationHours;
  from: string;
  to: string;
  now: Date;
  config?: FireWeatherConfig;
}): FireWeatherDay[] {
  const config = input.config ?? DEFAULT_FIRE_WEATHER_CONFIG;
  const idx = indexHours(input.hours);
  const now = input.now.getTime();
  const out: FireWeatherDay[] = [];
  let date = seasonStartOf(input.from, config.seasonStart);
  let season = date;
  let codes: FwiCodes = { ...FWI_STARTUP_CODES };
  for (; date <= input.to; date = addCalendarDays(date, 1)) {
    if (date.slice(5) === config.seasonStart) {
      season = date;
      codes = { ...FWI_STARTUP_CODES };
    }
    const { observation, gaps } = observe(date, idx, config, now);
    let result: FwiDayResult | null = null;
    if (observation) {
      const next = advanceFwiDay(
        codes,
        {
          month: Number(date.slice(5, 7)),
          temp: observation.tempC,
          rh: observation.rh,
          wind: observation.windKmh,
          rain: observation.rainMm,
        },
        config.fwi,
      );
      codes = next.codes;
      result = next.result;
    }
    if (date >= input.from)
      out.push({
        date,
        seasonStart: season,
        observation,
        gaps,
        result,
        carried: { ffmc: round1(codes.ffmc), dmc: round1(codes.dmc), dc: round1(codes.dc) },
      });
  }
  return out;
}

/** The span of hourly rollups `computeFireWeatherDays` reads for these dates (epoch ms, [from, to)). */
export function fireWeatherSpan(from: string, to: string, seasonStart: string): { from: number; to: number } {
  return {
    from: noonWindows(seasonStartOf(from, seasonStart)).rain.from,
    to: noonWindows(to).noon.to,
  };
}
