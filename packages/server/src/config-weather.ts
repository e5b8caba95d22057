/**
 * The fire-weather part of the configuration (issue #4 part 5): when the FWI fire season starts and how
 * complete a day's rain must be. Parsed with the rest of the environment by `loadConfig` (config.ts).
 */
import { DEFAULT_FIRE_WEATHER_CONFIG, DEFAULT_FWI_CONFIG, type FireWeatherConfig } from '@ningan/domain';
import { z } from 'zod';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export const WeatherEnv = {
  /**
   * First day of the FWI fire season each year (MM-DD), when the codes start from FFMC 85, DMC 6, DC 15
   * (STANDARDS.md §5.2). UNCONFIRMED: no start-up date is set by a standard we hold; 甘肃省's 森林防火期 (2021
   * order) ran 1 Jan–31 May and 1 Nov–31 Dec. Default 03-01 (spring, after the winter snow).
   */
  FWI_SEASON_START: z
    .string()
    .default(DEFAULT_FIRE_WEATHER_CONFIG.seasonStart)
    .refine((v) => {
      const m = /^(\d{2})-(\d{2})$/.exec(v);
      if (!m) return false;
      const month = Number(m[1]);
      const day = Number(m[2]);
      return month >= 1 && month <= 12 && day >= 1 && day <= DAYS_IN_MONTH[month - 1]!;
    }, '应为 MM-DD 形式的日期（不可为 02-29），如 03-01'),
  /** Hours of a day's 24-h rain window that must have reports for the day to be computed (ours; default 18). */
  FWI_MIN_RAIN_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24)
    .default(DEFAULT_FIRE_WEATHER_CONFIG.minRainHours),
};

type WeatherEnvValues = z.output<z.ZodObject<typeof WeatherEnv>>;

export interface WeatherConfig {
  fireWeather: FireWeatherConfig;
}

export function weatherConfigOf(e: WeatherEnvValues): WeatherConfig {
  return {
    fireWeather: {
      seasonStart: e.FWI_SEASON_START,
      minRainHours: e.FWI_MIN_RAIN_HOURS,
      fwi: DEFAULT_FWI_CONFIG,
    },
  };
}
