import { describe, expect, it } from 'vitest';
import { computeFwiSeries, fwiDangerClass } from '../calc/fwi.ts';
import { getBeijingTimeOn } from '../calc/beijing-time.ts';
import { beaufortForce, kmhFromMs } from './beaufort.ts';
import {
  computeFireWeatherDays,
  DEFAULT_FIRE_WEATHER_CONFIG,
  FWI_STARTUP_CODES,
  seasonStartOf,
  type FireWeatherMetric,
  type HourlyRollup,
  type StationHours,
} from './fire-weather.ts';

type Hours = Record<FireWeatherMetric, HourlyRollup[]>;

const HOUR = 3_600_000;
const hourOf = (date: string, h: number) => getBeijingTimeOn(date, h).getTime();
const bucket = (at: number, value: number, count = 1): HourlyRollup => ({
  bucket: at,
  min: value,
  max: value,
  sum: value * count,
  count,
});

/** A full day of hourly rollups around `date`'s noon: the noon hour (11–12) holds the day's values. */
function dayHours(
  date: string,
  noon: { temp: number; rh: number; windMs: number },
  rainMm: number,
  other = { temp: -30, rh: 1, windMs: 40 },
): Hours {
  const hours: Hours = {
    air_temperature: [],
    relative_humidity: [],
    wind_speed: [],
    rainfall: [],
  };
  // Rain window: 12:00 the day before … 11:00–12:00; all of the rain in its last hour.
  for (let h = 0; h < 24; h += 1) {
    const at = hourOf(date, 12) - (24 - h) * HOUR;
    hours.rainfall.push(bucket(at, h === 23 ? rainMm : 0));
  }
  for (const h of [10, 11, 12]) {
    const at = hourOf(date, h);
    const v = h === 11 ? noon : other;
    // 12 readings an hour: the bucket's mean is sum / count.
    hours.air_temperature.push(bucket(at, v.temp, 12));
    hours.relative_humidity.push(bucket(at, v.rh, 12));
    hours.wind_speed.push(bucket(at, v.windMs, 12));
  }
  return hours;
}

function merge(...parts: Hours[]): Hours {
  return {
    air_temperature: parts.flatMap((p) => p.air_temperature),
    relative_humidity: parts.flatMap((p) => p.relative_humidity),
    wind_speed: parts.flatMap((p) => p.wind_speed),
    rainfall: parts.flatMap((p) => p.rainfall),
  };
}

// STANDARDS.md §5.3: the first 10 days of the 49-day reference table (start-up 85/6/15), wind in km/h.
// month-day, temp, rh, wind km/h, rain → FFMC, DMC, DC, ISI, BUI, FWI.
const REFERENCE: [string, number, number, number, number, number, number, number, number, number, number][] =
  [
    ['04-13', 17.0, 42.0, 25.0, 0.0, 87.7, 8.5, 19.0, 10.9, 8.5, 10.1],
    ['04-14', 20.0, 21.0, 25.0, 2.4, 86.2, 10.4, 23.6, 8.8, 10.4, 9.3],
    ['04-15', 8.5, 40.0, 17.0, 0.0, 87.0, 11.8, 26.1, 6.5, 11.7, 7.6],
    ['04-16', 6.5, 25.0, 6.0, 0.0, 88.8, 13.2, 28.2, 4.9, 13.1, 6.2],
    ['04-17', 13.0, 34.0, 24.0, 0.0, 89.1, 15.4, 31.5, 12.6, 15.3, 14.8],
    ['04-18', 6.0, 40.0, 22.0, 0.4, 88.7, 16.5, 33.5, 10.7, 16.4, 13.5],
    ['04-19', 5.5, 52.0, 6.0, 0.0, 87.4, 17.2, 35.4, 4.0, 17.1, 5.9],
    ['04-20', 8.5, 46.0, 16.0, 0.0, 87.4, 18.5, 37.9, 6.6, 18.4, 9.7],
    ['04-21', 9.5, 54.0, 20.0, 0.0, 86.8, 19.7, 40.6, 7.4, 19.6, 11.0],
    ['04-22', 7.0, 93.0, 14.0, 9.0, 29.9, 10.1, 29.5, 0.0, 10.9, 0.0],
  ];
const LATE = new Date('2027-01-01T00:00:00Z');

describe('daily FWI from hourly rollups (issue #4 part 5; Van Wagner 1987 noon observations, STANDARDS.md §5.2)', () => {
  it('§5.2/§5.3: hourly rollups carrying the reference days reproduce the reference table (start-up 85/6/15 on the season start)', () => {
    const hours = merge(
      ...REFERENCE.map(([md, temp, rh, wind, rain]) =>
        dayHours(`2026-${md}`, { temp, rh, windMs: wind / 3.6 }, rain),
      ),
    );
    const days = computeFireWeatherDays({
      hours,
      from: '2026-04-13',
      to: '2026-04-22',
      now: LATE,
      config: { ...DEFAULT_FIRE_WEATHER_CONFIG, seasonStart: '04-13' },
    });
    expect(days.map((d) => d.gaps)).toEqual(REFERENCE.map(() => []));
    expect(
      days.map((d) => {
        const r = d.result!;
        return [r.ffmc, r.dmc, r.dc, r.isi, r.bui, r.fwi];
      }),
    ).toEqual(REFERENCE.map((r) => r.slice(5)));
    expect(days[0]!.seasonStart).toBe('2026-04-13');
  });

  it('noon selection: T, RH and wind are the means of the 11:00–12:00 Beijing bucket; the 10:00 and 12:00 buckets are ignored', () => {
    const hours = dayHours('2026-05-10', { temp: 21.5, rh: 33, windMs: 5 }, 0);
    const [day] = computeFireWeatherDays({ hours, from: '2026-05-10', to: '2026-05-10', now: LATE });
    expect(day!.observation).toEqual({
      tempC: 21.5,
      rh: 33,
      windMs: 5,
      windKmh: 18,
      rainMm: 0,
      rainHours: 24,
    });
  });

  it('rain is the 24-h total ending at noon: 12:00 the day before is in, 12:00 today and 11:00 the day before are out', () => {
    const hours = dayHours('2026-05-10', { temp: 20, rh: 40, windMs: 3 }, 0);
    const noon = hourOf('2026-05-10', 12);
    hours.rainfall = [
      bucket(noon - 25 * HOUR, 50), // 11:00–12:00 the day before: not in the window
      bucket(noon - 24 * HOUR, 1.5), // 12:00–13:00 the day before: the first hour of the window
      ...Array.from({ length: 22 }, (_, i) => bucket(noon - (23 - i) * HOUR, 0)),
      bucket(noon - HOUR, 2), // 11:00–12:00: the last hour
      bucket(noon, 70), // 12:00–13:00 today: tomorrow's window
    ];
    const [day] = computeFireWeatherDays({ hours, from: '2026-05-10', to: '2026-05-10', now: LATE });
    expect(day!.observation).toMatchObject({ rainMm: 3.5, rainHours: 24 });
  });

  it('unit conversion: wind reported in m/s is fed to the system in km/h (× 3.6)', () => {
    expect(kmhFromMs(10)).toBe(36);
    const hours = dayHours('2026-05-10', { temp: 25, rh: 20, windMs: 10 }, 0);
    const [day] = computeFireWeatherDays({
      hours,
      from: '2026-05-10',
      to: '2026-05-10',
      now: LATE,
      config: { ...DEFAULT_FIRE_WEATHER_CONFIG, seasonStart: '05-10' },
    });
    const fed = computeFwiSeries({
      start: FWI_STARTUP_CODES,
      days: [{ month: 5, temp: 25, rh: 20, wind: 36, rain: 0 }],
    }).days[0]!;
    expect(day!.result).toEqual(fed);
    expect(beaufortForce(10)).toBe(5); // the same wind is 5 级 for the warning signals
  });

  it('start-up: the season starts on the configured MM-DD (default 03-01) with FFMC 85, DMC 6, DC 15, and restarts there each year', () => {
    expect(DEFAULT_FIRE_WEATHER_CONFIG.seasonStart).toBe('03-01');
    expect(FWI_STARTUP_CODES).toEqual({ ffmc: 85, dmc: 6, dc: 15 });
    expect(seasonStartOf('2026-03-01', '03-01')).toBe('2026-03-01');
    expect(seasonStartOf('2026-02-28', '03-01')).toBe('2025-03-01');
    expect(seasonStartOf('2026-12-31', '03-01')).toBe('2026-03-01');
    // Two days straddling the season start: the second is computed from the start-up codes, not the first's.
    const obs = { temp: 15, rh: 30, windMs: 4 };
    const hours = merge(dayHours('2026-02-28', obs, 0), dayHours('2026-03-01', obs, 0));
    const [feb, mar] = computeFireWeatherDays({ hours, from: '2026-02-28', to: '2026-03-01', now: LATE });
    expect(feb!.seasonStart).toBe('2025-03-01');
    expect(mar!.seasonStart).toBe('2026-03-01');
    const fromStart = computeFwiSeries({
      start: FWI_STARTUP_CODES,
      days: [{ month: 3, temp: 15, rh: 30, wind: 14.4, rain: 0 }],
    }).days[0];
    expect(mar!.result).toEqual(fromStart);
  });

  it('gap rule: a day without its noon RH is flagged, has no indices, and carries the codes forward unchanged; the next day goes on from them', () => {
    const a = { temp: 18, rh: 35, windMs: 4 };
    const c = { temp: 22, rh: 25, windMs: 6 };
    const hours = merge(
      dayHours('2026-04-01', a, 0),
      dayHours('2026-04-02', { temp: 10, rh: 80, windMs: 1 }, 0),
      dayHours('2026-04-03', c, 1.2),
    );
    hours.relative_humidity = hours.relative_humidity.filter((r) => r.bucket !== hourOf('2026-04-02', 11));
    const config = { ...DEFAULT_FIRE_WEATHER_CONFIG, seasonStart: '04-01' };
    const days = computeFireWeatherDays({ hours, from: '2026-04-01', to: '2026-04-03', now: LATE, config });
    expect(days[1]!.gaps).toEqual([{ metric: 'relative_humidity', reason: 'no_noon_reading' }]);
    expect(days[1]!.observation).toBeNull();
    expect(days[1]!.result).toBeNull();
    expect(days[1]!.carried).toEqual(days[0]!.carried);
    // The calculator fed only the days with data gives the same codes.
    const fed = computeFwiSeries({
      start: FWI_STARTUP_CODES,
      days: [
        { month: 4, temp: 18, rh: 35, wind: 14.4, rain: 0 },
        { month: 4, temp: 22, rh: 25, wind: 21.6, rain: 1.2 },
      ],
    }).days;
    expect([days[0]!.result, days[2]!.result]).toEqual(fed);
  });

  it('gap rule: the rain window needs minRainHours (default 18) of its 24 hours; a missing sensor is named; a noon not yet passed is not_yet', () => {
    const obs = { temp: 18, rh: 35, windMs: 4 };
    const hours = dayHours('2026-04-01', obs, 0);
    const noon = hourOf('2026-04-01', 12);
    const keep = (n: number) => hours.rainfall.filter((r) => r.bucket >= noon - n * HOUR);
    const run = (h: StationHours, now = LATE) =>
      computeFireWeatherDays({ hours: h, from: '2026-04-01', to: '2026-04-01', now })[0]!;
    expect(run({ ...hours, rainfall: keep(18) }).gaps).toEqual([]);
    expect(run({ ...hours, rainfall: keep(18) }).observation?.rainHours).toBe(18);
    expect(run({ ...hours, rainfall: keep(17) }).gaps).toEqual([
      { metric: 'rainfall', reason: 'rain_incomplete' },
    ]);
    const { wind_speed: _wind, ...noWind } = hours;
    expect(run(noWind).gaps).toEqual([{ metric: 'wind_speed', reason: 'no_sensor' }]);
    expect(run(hours, new Date(noon - 1)).gaps).toEqual([{ metric: null, reason: 'not_yet' }]);
    expect(run(hours, new Date(noon)).gaps).toEqual([]);
  });

  it('danger class: the EFFIS class of the rounded FWI (STANDARDS.md §5.2), e.g. 10.1 低, 14.8 中等, 0.0 很低', () => {
    const hours = merge(
      ...REFERENCE.map(([md, temp, rh, wind, rain]) =>
        dayHours(`2026-${md}`, { temp, rh, windMs: wind / 3.6 }, rain),
      ),
    );
    const days = computeFireWeatherDays({
      hours,
      from: '2026-04-13',
      to: '2026-04-22',
      now: LATE,
      config: { ...DEFAULT_FIRE_WEATHER_CONFIG, seasonStart: '04-13' },
    });
    for (const d of days) expect(d.result!.dangerClass).toBe(fwiDangerClass(d.result!.fwi));
    expect(days[0]!.result).toMatchObject({ fwi: 10.1, dangerClass: 'low', dangerClassName: '低' });
    expect(days[4]!.result).toMatchObject({ fwi: 14.8, dangerClass: 'moderate', dangerClassName: '中等' });
    expect(days[9]!.result).toMatchObject({ fwi: 0, dangerClass: 'very-low', dangerClassName: '很低' });
  });
});
