/**
 * Issue #4 part 5 on both drivers: the daily FWI of a weather station in a forest area from its stored hourly
 * readings (equal to the FWI calculator fed the same noon values, gap days carrying the codes), and the
 * weather signals observed at the stations, through the HTTP API with its jurisdiction.
 */
import {
  computeFwiSeries,
  FWI_STARTUP_CODES,
  getBeijingTimeOn,
  type FireWeatherList,
  type FireWeatherSeries,
  type FwiDay,
  type WeatherSignalsList,
} from '@ningan/domain';
import { expect, it } from 'vitest';
import { sensors } from '../db/schema/index.ts';
import { insertReadingsWithRollups } from '../repositories/readings.repository.ts';
import { countyScope, townshipScope, useTestContext, XINNING, ZAOSHENG } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { IN_COUNTY, newStation, type TestStation } from '../test/monitoring.ts';

const HOUR = 3_600_000;
const MIN = 60_000;

/** Noon values (the 11:00–12:00 hour) of each test day; null: no RH at noon that day (a gap). */
const DAYS: { date: string; temp: number; rh: number | null; windMs: number; rainMm: number }[] = [
  { date: '2026-03-01', temp: 12.5, rh: 35, windMs: 4.2, rainMm: 0 },
  { date: '2026-03-02', temp: 15, rh: 28, windMs: 6, rainMm: 0 },
  { date: '2026-03-03', temp: 9, rh: 60, windMs: 3, rainMm: 6.5 },
  { date: '2026-03-04', temp: 14, rh: null, windMs: 5, rainMm: 0 },
  { date: '2026-03-05', temp: 18, rh: 22, windMs: 7.5, rainMm: 0 },
];

forEachDriver('fire weather and observed weather signals (issue #4 part 5)', (driver) => {
  const ctx = useTestContext(driver);

  /** One reading per hour at hh:30 for each hour of the rain windows and noons of DAYS. */
  async function storeDays(s: TestStation) {
    const series = (metric: string) => s.station.sensors.find((x) => x.metric === metric)!;
    const batch = { series: [] as number[], at: [] as number[], values: [] as number[] };
    const add = (metric: string, at: number, value: number) => {
      batch.series.push(seriesIdOf(series(metric).id));
      batch.at.push(at);
      batch.values.push(value);
    };
    for (const d of DAYS) {
      const noon = getBeijingTimeOn(d.date, 12).getTime();
      for (let h = 24; h >= 1; h -= 1) {
        const at = noon - h * HOUR + 30 * MIN;
        // The day's rain falls at 20:30 the evening before; other hours report 0 mm.
        add('rainfall', at, h === 16 ? d.rainMm : 0);
        const isNoon = h === 1;
        add('air_temperature', at, isNoon ? d.temp : -5);
        if (!isNoon || d.rh !== null) add('relative_humidity', at, isNoon ? d.rh! : 95);
        add('wind_speed', at, isNoon ? d.windMs : 0.5);
      }
    }
    await insertReadingsWithRollups(ctx.db, batch);
  }

  const seriesIds = new Map<string, number>();
  const seriesIdOf = (sensorId: string) => seriesIds.get(sensorId)!;
  async function loadSeriesIds() {
    for (const r of await ctx.db.select({ id: sensors.id, seriesId: sensors.seriesId }).from(sensors))
      seriesIds.set(r.id, r.seriesId);
  }

  async function forestArea(name: string, around: { lon: number; lat: number }) {
    const officer = await ctx.newUser({ roles: ['duty_officer'], scope: countyScope() });
    const d = 0.01;
    const { lon, lat } = around;
    return ctx.services.ledger.create(ctx.actor(officer), 'forest-areas', {
      name,
      regionCode: XINNING,
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [lon - d, lat - d],
            [lon + d, lat - d],
            [lon + d, lat + d],
            [lon - d, lat + d],
            [lon - d, lat - d],
          ],
        ],
      },
      attrs: { kind: '林地', fireRisk: 'Ⅰ级（高危险）' },
    });
  }

  const weatherSensors = [
    { metric: 'air_temperature' as const },
    { metric: 'relative_humidity' as const },
    { metric: 'wind_speed' as const },
    { metric: 'rainfall' as const },
  ];

  it('FWI days of a station inside a forest area equal the calculator fed the same noon values; the gap day carries the codes', async () => {
    const area = await forestArea('子午岭测试林区', IN_COUNTY);
    const inside = await newStation(ctx, { kind: 'weather', sensors: weatherSensors });
    const away = { lon: IN_COUNTY.lon + 0.03, lat: IN_COUNTY.lat + 0.02 };
    const linked = await newStation(ctx, {
      kind: 'weather',
      sensors: weatherSensors,
      ...away,
      ledgerRecordId: area.id,
    });
    const outside = await newStation(ctx, { kind: 'weather', sensors: weatherSensors, ...away });
    await loadSeriesIds();
    await storeDays(inside);
    // After 13:00 on 5 March: every noon of DAYS has passed.
    ctx.clock.advance(getBeijingTimeOn('2026-03-05', 13).getTime() - ctx.clock.now().getTime());

    const app = await ctx.app();
    const duty = await ctx.loginAs({ roles: ['duty_officer'], scope: countyScope() });
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/monitoring/fire-weather?date=2026-03-05',
      headers: duty.bearer,
    });
    expect(res.statusCode).toBe(200);
    const list = res.json<FireWeatherList>();
    expect(list.settings).toEqual({ seasonStart: '03-01', minRainHours: 18, noonBucketHour: 11 });
    const ids = list.items.map((i) => i.station.id);
    expect(ids).toContain(inside.station.id);
    expect(ids).toContain(linked.station.id);
    expect(ids).not.toContain(outside.station.id);
    expect(list.items.find((i) => i.station.id === linked.station.id)!.forestArea).toEqual({
      id: area.id,
      name: '子午岭测试林区',
      via: 'linked',
    });

    // The calculator fed the noon values of the days with data, from the start-up codes of 1 March.
    const fed: FwiDay[] = DAYS.filter((d) => d.rh !== null).map((d) => ({
      month: 3,
      temp: d.temp,
      rh: d.rh!,
      wind: d.windMs * 3.6,
      rain: d.rainMm,
    }));
    const expected = computeFwiSeries({ start: FWI_STARTUP_CODES, days: fed }).days;
    const mine = list.items.find((i) => i.station.id === inside.station.id)!;
    expect(mine.forestArea).toMatchObject({ id: area.id, via: 'inside' });
    expect(mine.day.result).toEqual(expected[3]);
    expect(mine.day.observation).toEqual({
      tempC: 18,
      rh: 22,
      windMs: 7.5,
      windKmh: 27,
      rainMm: 0,
      rainHours: 24,
    });
    expect(mine.gapDates).toEqual(['2026-03-04']);
    // The linked station has no readings: every day of the season so far is a gap.
    const empty = list.items.find((i) => i.station.id === linked.station.id)!;
    expect(empty.day.result).toBeNull();
    expect(empty.day.gaps.map((g) => g.reason)).toContain('no_noon_reading');
    expect(empty.day.carried).toEqual(FWI_STARTUP_CODES);

    const series = await app.inject({
      method: 'GET',
      url: `/api/v1/monitoring/fire-weather/${inside.station.id}?from=2026-03-01&to=2026-03-05`,
      headers: duty.bearer,
    });
    expect(series.statusCode).toBe(200);
    const days = series.json<FireWeatherSeries>().days;
    expect(days.map((d) => d.date)).toEqual(DAYS.map((d) => d.date));
    expect(days.filter((d) => d.result !== null).map((d) => d.result)).toEqual(expected);
    expect(days[2]!.observation).toMatchObject({ tempC: 9, rh: 60, rainMm: 6.5, rainHours: 24 });
    expect(days[3]).toMatchObject({
      observation: null,
      result: null,
      gaps: [{ metric: 'relative_humidity', reason: 'no_noon_reading' }],
      carried: days[2]!.carried,
    });

    // Without a date: the latest day whose noon has passed (13:00 on 5 March: that day).
    const latest = await app.inject({
      method: 'GET',
      url: '/api/v1/monitoring/fire-weather',
      headers: duty.bearer,
    });
    expect(latest.json<FireWeatherList>().date).toBe('2026-03-05');

    // Outside any forest area: no fire weather. Another township's officer does not see the station.
    const notForest = await app.inject({
      method: 'GET',
      url: `/api/v1/monitoring/fire-weather/${outside.station.id}`,
      headers: duty.bearer,
    });
    expect(notForest.statusCode).toBe(404);
    const other = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const theirs = await app.inject({
      method: 'GET',
      url: '/api/v1/monitoring/fire-weather?date=2026-03-05',
      headers: other.bearer,
    });
    expect(theirs.json<FireWeatherList>().items.map((i) => i.station.id)).not.toContain(inside.station.id);
    const hidden = await app.inject({
      method: 'GET',
      url: `/api/v1/monitoring/fire-weather/${inside.station.id}`,
      headers: other.bearer,
    });
    expect(hidden.statusCode).toBe(404);
    // A day after today, or one that does not exist, is refused with every problem listed.
    const bad = await app.inject({
      method: 'GET',
      url: `/api/v1/monitoring/fire-weather/${inside.station.id}?from=2026-02-30&to=2026-03-09`,
      headers: duty.bearer,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ error: { details: { path: string }[] } }>().error.details.map((d) => d.path)).toEqual([
      'from',
      'to',
    ]);
  });

  it('weather signals from observations: 60 mm in the last 3 h at a rain gauge is 暴雨橙色; 18 m/s in the last 6 h is 大风黄色; visibility hazards are not observable', async () => {
    const gauge = await newStation(ctx, { kind: 'rain_gauge' });
    const weather = await newStation(ctx, { kind: 'weather', sensors: weatherSensors });
    await loadSeriesIds();
    const now = ctx.clock.now().getTime();
    const rain = seriesIdOf(gauge.sensorId('rainfall'));
    const wind = seriesIdOf(weather.sensorId('wind_speed'));
    await insertReadingsWithRollups(ctx.db, {
      series: [rain, rain, rain, rain, wind, wind],
      // 20 mm at 2.5 h, 1.5 h and 0.5 h ago; 30 mm 10 h ago (in the 12-h and 24-h sums only).
      at: [now - 150 * MIN, now - 90 * MIN, now - 30 * MIN, now - 10 * HOUR, now - 2 * HOUR, now - 20 * MIN],
      values: [20, 20, 20, 30, 18, 4],
    });
    const app = await ctx.app();
    const duty = await ctx.loginAs({ roles: ['duty_officer'], scope: countyScope() });
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/monitoring/weather-signals',
      headers: duty.bearer,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<WeatherSignalsList>();
    expect(body.at).toBe(new Date(now).toISOString());
    const at = (s: TestStation) => body.items.find((i) => i.station.id === s.station.id)!;
    const storm = at(gauge).signals.find((x) => x.hazard === 'rainstorm')!;
    expect(storm).toMatchObject({ status: 'evaluated', level: 'orange', signal: '暴雨橙色预警信号' });
    expect(storm.basis.map((b) => [b.hours, b.value])).toEqual([
      [1, 20],
      [3, 60],
      [6, 60],
      [12, 90],
      [24, 90],
    ]);
    expect(at(gauge).level).toBe('orange');
    expect(at(gauge).signals.find((x) => x.hazard === 'wind')!.status).toBe('no_sensor');
    const gale = at(weather).signals.find((x) => x.hazard === 'wind')!;
    expect(gale).toMatchObject({ level: 'yellow', signal: '大风黄色预警信号' });
    expect(gale.basis.find((b) => b.quantity === 'wind_force' && b.hours === 6)!.value).toBe(8);
    for (const hazard of ['fog', 'dust', 'frost', 'snowstorm'])
      expect(at(weather).signals.find((x) => x.hazard === hazard)!.status).toBe('not_observable');
    // Jurisdiction: another township's officer sees neither station.
    const other = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
    const theirs = await app.inject({
      method: 'GET',
      url: '/api/v1/monitoring/weather-signals',
      headers: other.bearer,
    });
    expect(theirs.json<WeatherSignalsList>().items.map((i) => i.station.id)).not.toContain(gauge.station.id);
  });
});
