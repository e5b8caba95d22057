/** Issue #4 part 5: the fire-weather variables are parsed with the rest, every bad one named at once. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { problemsOf } from './test/config.ts';

describe('fire-weather configuration (issue #4 part 5)', () => {
  it('defaults: the season starts 03-01 (UNCONFIRMED start-up date) and a rain day needs 18 of 24 hours; EFFIS classes', () => {
    const c = loadConfig({}).weather.fireWeather;
    expect(c.seasonStart).toBe('03-01');
    expect(c.minRainHours).toBe(18);
    expect(c.fwi).toEqual({ low: 5.2, moderate: 11.2, high: 21.3, veryHigh: 38, extremeAbove: 50 });
    expect(
      loadConfig({ FWI_SEASON_START: '11-01', FWI_MIN_RAIN_HOURS: '24' }).weather.fireWeather,
    ).toMatchObject({
      seasonStart: '11-01',
      minRainHours: 24,
    });
  });

  it('refuses a season start that is not a calendar day of every year (02-29, 13-01, 3-1) and rain hours outside 1–24', () => {
    for (const bad of ['02-29', '13-01', '3-1', '04-31'])
      expect(problemsOf({ FWI_SEASON_START: bad })[0]).toMatch(/^FWI_SEASON_START=/);
    expect(problemsOf({ FWI_SEASON_START: '02-30', FWI_MIN_RAIN_HOURS: '25' })).toHaveLength(2);
  });
});
