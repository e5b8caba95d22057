/** API shapes of the fire-weather and observed-signal endpoints (issue #4 part 5), shared by server and web. */
import { z } from 'zod';
import { FWI_DANGER_CLASSES } from '../calc/fwi.ts';
import { SIGNAL_LEVELS, WEATHER_HAZARDS } from '../calc/weather-signal.ts';
import { STATION_KINDS } from '../monitoring-devices.ts';
import { FIRE_WEATHER_GAP_REASONS, FIRE_WEATHER_METRICS } from './fire-weather.ts';
import { BASIS_QUANTITIES, OBSERVED_SIGNAL_STATUSES } from './observed-signals.ts';

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD');

export const WeatherStationRef = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(STATION_KINDS),
  regionCode: z.string(),
  lon: z.number(),
  lat: z.number(),
});
export type WeatherStationRef = z.infer<typeof WeatherStationRef>;

/** The forest area (森林草原防火区 ledger record) a station belongs to: linked to it, or inside its polygon. */
export const ForestAreaRef = z.object({
  id: z.string(),
  name: z.string(),
  via: z.enum(['linked', 'inside']),
});
export type ForestAreaRef = z.infer<typeof ForestAreaRef>;

export const FireWeatherDayView = z.object({
  date: z.string(),
  seasonStart: z.string(),
  observation: z
    .object({
      tempC: z.number(),
      rh: z.number(),
      windMs: z.number(),
      windKmh: z.number(),
      rainMm: z.number(),
      rainHours: z.number().int(),
    })
    .nullable(),
  gaps: z.array(
    z.object({ metric: z.enum(FIRE_WEATHER_METRICS).nullable(), reason: z.enum(FIRE_WEATHER_GAP_REASONS) }),
  ),
  result: z
    .object({
      ffmc: z.number(),
      dmc: z.number(),
      dc: z.number(),
      isi: z.number(),
      bui: z.number(),
      fwi: z.number(),
      dangerClass: z.enum(FWI_DANGER_CLASSES),
      dangerClassName: z.string(),
    })
    .nullable(),
  carried: z.object({ ffmc: z.number(), dmc: z.number(), dc: z.number() }),
});
export type FireWeatherDayView = z.infer<typeof FireWeatherDayView>;

export const FireWeatherStationView = z.object({
  station: WeatherStationRef,
  forestArea: ForestAreaRef,
  day: FireWeatherDayView,
  /** Days of this season up to `date` that could not be computed (codes carried), oldest first. */
  gapDates: z.array(z.string()),
});
export type FireWeatherStationView = z.infer<typeof FireWeatherStationView>;

export const FireWeatherSettings = z.object({
  seasonStart: z.string(),
  minRainHours: z.number().int(),
  /** Beijing hour whose one-hour bucket is the noon observation (11: the hour ending at noon). */
  noonBucketHour: z.number().int(),
});

export const FireWeatherList = z.object({
  date: z.string(),
  settings: FireWeatherSettings,
  items: z.array(FireWeatherStationView),
});
export type FireWeatherList = z.infer<typeof FireWeatherList>;

export const FireWeatherSeries = z.object({
  station: WeatherStationRef,
  forestArea: ForestAreaRef,
  from: z.string(),
  to: z.string(),
  settings: FireWeatherSettings,
  days: z.array(FireWeatherDayView),
});
export type FireWeatherSeries = z.infer<typeof FireWeatherSeries>;

export const FireWeatherQuery = z.object({
  date: Day.optional().describe('北京时间日期 YYYY-MM-DD，默认已过正午的最近一天（12:00 前为昨天）'),
});
export const FireWeatherSeriesQuery = z.object({
  from: Day.optional().describe('起始日期（含），默认截止日期前 29 天'),
  to: Day.optional().describe('截止日期（含），默认今天'),
});

export const ObservedSignalView = z.object({
  hazard: z.enum(WEATHER_HAZARDS),
  hazardName: z.string(),
  status: z.enum(OBSERVED_SIGNAL_STATUSES),
  level: z.enum(SIGNAL_LEVELS).nullable(),
  signal: z.string().nullable(),
  basis: z.array(
    z.object({
      quantity: z.enum(BASIS_QUANTITIES),
      hours: z.number(),
      value: z.number().nullable(),
      unit: z.string(),
      level: z.enum(SIGNAL_LEVELS).nullable(),
    }),
  ),
  note: z.string().nullable(),
});
export type ObservedSignalView = z.infer<typeof ObservedSignalView>;

export const StationSignalsView = z.object({
  station: WeatherStationRef,
  /** The highest level of any hazard at the station, null when none. */
  level: z.enum(SIGNAL_LEVELS).nullable(),
  signals: z.array(ObservedSignalView),
});
export type StationSignalsView = z.infer<typeof StationSignalsView>;

export const WeatherSignalsList = z.object({
  /** The instant the windows end at (ISO). */
  at: z.string(),
  items: z.array(StationSignalsView),
});
export type WeatherSignalsList = z.infer<typeof WeatherSignalsList>;
