/**
 * The weather warning signal each hazard calls for at a station, from what the station has observed (issue #4
 * part 5). Pure: the server passes aggregates of the station's readings over windows ending now; the levels
 * are the calculator's (`assessWeatherSignal`, STANDARDS.md §3, national 2007 guide; thresholds configurable).
 *
 * How observations become calculator inputs (ours, documented here and in the tests):
 * - 暴雨: the rain summed over the last 1, 3, 6, 12 and 24 h; each window is an amount "within N h"
 *   (`hours` = N). The highest level any window reaches wins; the basis names every window.
 * - 大风: the highest reported wind speed in the last 1, 6, 12 and 24 h, as a Beaufort force (GB/T 28591-2012,
 *   `beaufortForce`), is the mean force within that window. Gusts are not measured: `gustForce` is never given.
 * - 高温: the highest temperature in the last 24 h (橙/红, `hours` = 24); and runs of consecutive Beijing days
 *   ending today or yesterday, each run's lowest daily maximum with its length (黄, `consecutiveDays`).
 * - 寒潮: the lowest temperature of the last 24 h against the lowest of the 24 h before (24-h drop) and of the
 *   24 h before that (48-h drop); wind force is that of the highest wind speed over the same 24 or 48 h.
 * - 暴雪: not observable — a rain gauge does not tell snow from rain (no 降雪量 or precipitation type measured).
 * - 霜冻: not observable — the signal is defined on the ground (地面) minimum temperature, which no sensor here
 *   measures; the air temperature is not a substitute (STANDARDS.md §3 notes).
 * - 大雾, 沙尘暴: not observable — they are defined on visibility, which no sensor here measures.
 */
import {
  assessWeatherSignal,
  DEFAULT_WEATHER_SIGNAL_CONFIG,
  SIGNAL_LEVELS,
  WEATHER_HAZARD_NAMES,
  WEATHER_HAZARDS,
  type SignalLevel,
  type WeatherHazard,
  type WeatherSignalConfig,
  type WeatherSignalInput,
  weatherSignalName,
} from '../calc/weather-signal.ts';
import { beaufortForce } from './beaufort.ts';

/** Windows (hours, ending now) of the rain sums and of the wind maxima. */
export const RAIN_WINDOWS_H = [1, 3, 6, 12, 24] as const;
export const WIND_WINDOWS_H = [1, 6, 12, 24, 48] as const;
/** Days of daily maxima looked at for 高温 runs (today and the six before). */
export const HEAT_DAYS = 7;

/** An aggregate of a metric over a window; `count` 0 means no readings (then the values are null). */
export interface WindowAggregate {
  hours: number;
  count: number;
  sum: number | null;
  min: number | null;
  max: number | null;
}

/** What the server observed at one station. A metric left out has no sensor there. */
export interface StationObservations {
  /** Rain over RAIN_WINDOWS_H (sum, mm). */
  rainfall?: WindowAggregate[];
  /** Wind speed over WIND_WINDOWS_H (max, m/s). */
  windSpeed?: WindowAggregate[];
  airTemperature?: {
    /** Over the last 24 h (max and min, ℃). */
    last24h: WindowAggregate;
    /** The 24 h before that, and the 24 h before those (min, ℃). */
    prior24h: WindowAggregate;
    prior48h: WindowAggregate;
    /** Maximum of each Beijing day, oldest first, the last being today (so far); null: no readings. */
    dailyMax: { date: string; max: number | null }[];
  };
}

export const OBSERVED_SIGNAL_STATUSES = ['evaluated', 'no_sensor', 'no_data', 'not_observable'] as const;
export type ObservedSignalStatus = (typeof OBSERVED_SIGNAL_STATUSES)[number];

export const BASIS_QUANTITIES = [
  'rain_sum',
  'wind_max',
  'wind_force',
  'temp_max',
  'temp_min',
  'temp_drop',
  'daily_max_run',
] as const;
export type BasisQuantity = (typeof BASIS_QUANTITIES)[number];

/** One observed value that went into the evaluation. */
export interface SignalBasis {
  quantity: BasisQuantity;
  /** Window length (h); for `daily_max_run` the number of days. */
  hours: number;
  value: number | null;
  unit: string;
  /** The level this value alone reaches. */
  level: SignalLevel | null;
}

export interface ObservedSignal {
  hazard: WeatherHazard;
  hazardName: string;
  status: ObservedSignalStatus;
  level: SignalLevel | null;
  signal: string | null;
  basis: SignalBasis[];
  /** Why a hazard is not evaluated (Chinese, for the screen). */
  note: string | null;
}

const rank = (level: SignalLevel | null) => (level === null ? -1 : SIGNAL_LEVELS.indexOf(level));

function evaluated(hazard: WeatherHazard, basis: SignalBasis[]): ObservedSignal {
  const top = basis.reduce<SignalLevel | null>((a, b) => (rank(b.level) > rank(a) ? b.level : a), null);
  return {
    hazard,
    hazardName: WEATHER_HAZARD_NAMES[hazard],
    status: 'evaluated',
    level: top,
    signal: top === null ? null : weatherSignalName(hazard, top),
    basis,
    note: null,
  };
}

function notEvaluated(hazard: WeatherHazard, status: ObservedSignalStatus, note: string): ObservedSignal {
  return {
    hazard,
    hazardName: WEATHER_HAZARD_NAMES[hazard],
    status,
    level: null,
    signal: null,
    basis: [],
    note,
  };
}

/** The hazards no metric of the platform can show, and why. */
export const NOT_OBSERVABLE: Record<'snowstorm' | 'frost' | 'fog' | 'dust', string> = {
  snowstorm: '不可观测：雨量计不区分降雪与降雨，平台未接入降雪量或降水类型',
  frost: '不可观测：霜冻按地面最低温度判定，平台未接入地温（气温不能替代）',
  fog: '不可观测：大雾按能见度判定，平台未接入能见度',
  dust: '不可观测：沙尘暴按能见度判定，平台未接入能见度',
};

const levelOf = (input: WeatherSignalInput, config: WeatherSignalConfig) =>
  assessWeatherSignal(input, config).level;

function rainstorm(obs: StationObservations, config: WeatherSignalConfig): ObservedSignal {
  const windows = obs.rainfall;
  if (!windows) return notEvaluated('rainstorm', 'no_sensor', '该站没有雨量传感器');
  if (windows.every((w) => w.count === 0))
    return notEvaluated('rainstorm', 'no_data', '近 24 小时无雨量数据');
  return evaluated(
    'rainstorm',
    windows.map((w) => ({
      quantity: 'rain_sum',
      hours: w.hours,
      value: w.sum,
      unit: 'mm',
      level: w.sum === null ? null : levelOf({ hazard: 'rainstorm', rainMm: w.sum, hours: w.hours }, config),
    })),
  );
}

function wind(obs: StationObservations, config: WeatherSignalConfig): ObservedSignal {
  const windows = obs.windSpeed;
  if (!windows) return notEvaluated('wind', 'no_sensor', '该站没有风速传感器');
  const inDay = windows.filter((w) => w.hours <= 24);
  if (inDay.every((w) => w.count === 0)) return notEvaluated('wind', 'no_data', '近 24 小时无风速数据');
  const basis: SignalBasis[] = [];
  for (const w of inDay) {
    if (w.max === null) {
      basis.push({ quantity: 'wind_max', hours: w.hours, value: null, unit: 'm/s', level: null });
      continue;
    }
    const force = beaufortForce(w.max);
    const level = levelOf({ hazard: 'wind', meanForce: force, hours: w.hours }, config);
    basis.push({ quantity: 'wind_max', hours: w.hours, value: w.max, unit: 'm/s', level });
    basis.push({ quantity: 'wind_force', hours: w.hours, value: force, unit: '级', level });
  }
  return evaluated('wind', basis);
}

function heat(obs: StationObservations, config: WeatherSignalConfig): ObservedSignal {
  const t = obs.airTemperature;
  if (!t) return notEvaluated('heat', 'no_sensor', '该站没有气温传感器');
  if (t.last24h.max === null) return notEvaluated('heat', 'no_data', '近 24 小时无气温数据');
  const basis: SignalBasis[] = [
    {
      quantity: 'temp_max',
      hours: 24,
      value: t.last24h.max,
      unit: '℃',
      level: levelOf({ hazard: 'heat', maxTempC: t.last24h.max, hours: 24 }, config),
    },
  ];
  // Runs of consecutive days with data, ending today or (today's maximum may still come) yesterday.
  let best: SignalBasis | null = null;
  for (const end of [t.dailyMax.length - 1, t.dailyMax.length - 2]) {
    let lowest = Number.POSITIVE_INFINITY;
    for (let start = end; start >= 0; start -= 1) {
      const day = t.dailyMax[start]!;
      if (day.max === null) break;
      lowest = Math.min(lowest, day.max);
      const days = end - start + 1;
      const level = levelOf({ hazard: 'heat', maxTempC: lowest, consecutiveDays: days }, config);
      if (best === null || rank(level) > rank(best.level))
        best = { quantity: 'daily_max_run', hours: days, value: lowest, unit: '℃', level };
    }
  }
  if (best) basis.push(best);
  return evaluated('heat', basis);
}

function coldwave(obs: StationObservations, config: WeatherSignalConfig): ObservedSignal {
  const t = obs.airTemperature;
  if (!t) return notEvaluated('coldwave', 'no_sensor', '该站没有气温传感器');
  if (!obs.windSpeed)
    return notEvaluated('coldwave', 'no_sensor', '寒潮须同时有气温与风速，该站没有风速传感器');
  const minNow = t.last24h.min;
  if (minNow === null) return notEvaluated('coldwave', 'no_data', '近 24 小时无气温数据');
  const basis: SignalBasis[] = [{ quantity: 'temp_min', hours: 24, value: minNow, unit: '℃', level: null }];
  for (const [hours, before] of [
    [24, t.prior24h],
    [48, t.prior48h],
  ] as const) {
    const windMax = obs.windSpeed.find((w) => w.hours === hours)?.max ?? null;
    if (before.min === null || windMax === null) {
      basis.push({ quantity: 'temp_drop', hours, value: null, unit: '℃', level: null });
      continue;
    }
    const drop = before.min - minNow;
    const force = beaufortForce(windMax);
    const level = levelOf(
      { hazard: 'coldwave', dropC: Math.max(drop, 0), hours, minTempC: minNow, windForce: force },
      config,
    );
    basis.push({ quantity: 'temp_drop', hours, value: drop, unit: '℃', level });
    basis.push({ quantity: 'wind_force', hours, value: force, unit: '级', level });
  }
  return evaluated('coldwave', basis);
}

/** One entry per hazard of the national guide (WEATHER_HAZARDS order). */
export function evaluateObservedSignals(
  obs: StationObservations,
  config: WeatherSignalConfig = DEFAULT_WEATHER_SIGNAL_CONFIG,
): ObservedSignal[] {
  return WEATHER_HAZARDS.map((hazard): ObservedSignal => {
    switch (hazard) {
      case 'rainstorm':
        return rainstorm(obs, config);
      case 'wind':
        return wind(obs, config);
      case 'heat':
        return heat(obs, config);
      case 'coldwave':
        return coldwave(obs, config);
      case 'snowstorm':
      case 'frost':
      case 'fog':
      case 'dust':
        return notEvaluated(hazard, 'not_observable', NOT_OBSERVABLE[hazard]);
    }
  });
}
