/**
 * Fire weather and observed weather signals (issue #4 part 5), computed on request from the stored rollups
 * (no table of their own): the daily FWI of the weather stations in forest areas, and the warning signal each
 * hazard calls for at every station that measures rain, temperature or wind. Read-only, scoped like the
 * stations (monitoring:read, by jurisdiction).
 *
 * A station is a forest station when it is linked to a 森林草原防火区 record (`ledgerRecordId`), or else lies
 * inside one's polygon; the link wins. Every forest area counts for the polygon test (it is geography, not a
 * record the actor reads), and the station must be of kind `weather` or carry an air-temperature sensor.
 */
import {
  addCalendarDays,
  AppError,
  computeFireWeatherDays,
  evaluateObservedSignals,
  FIRE_WEATHER_METRICS,
  fireWeatherSpan,
  getBeijingDate,
  getBeijingTimeOn,
  HEAT_DAYS,
  NOON_BUCKET_HOUR,
  RAIN_WINDOWS_H,
  seasonStartOf,
  SIGNAL_LEVELS,
  WIND_WINDOWS_H,
  type Actor,
  type FireWeatherDay,
  type FireWeatherList,
  type FireWeatherSeries,
  type FireWeatherStationView,
  type ForestAreaRef,
  type SignalLevel,
  type StationKind,
  type StationHours,
  type StationObservations,
  type WeatherSignalsList,
  type WeatherStationRef,
  type WindowAggregate,
} from '@ningan/domain';
import { booleanPointInPolygon, point } from '@turf/turf';
import type { MultiPolygon, Polygon } from 'geojson';
import {
  getStationById,
  scopedStation,
  type SensorRow,
  type StationRow,
} from '../repositories/monitoring.repository.ts';
import {
  aggregateWindows,
  findHourlyRollups,
  findStationsWithMetrics,
  listRegistryShapes,
  type ForestAreaRow,
  type WindowStats,
} from '../repositories/weather.repository.ts';
import { ensureVisible, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';

const FOREST_REGISTRY = 'forest-areas';
const SIGNAL_METRICS = ['rainfall', 'air_temperature', 'wind_speed'] as const;
const HOUR_MS = 3_600_000;
/** Longest span of the daily series (days). */
const MAX_SERIES_DAYS = 366;

const isRealDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && addCalendarDays(d, 0) === d;

function stationRef(r: StationRow): WeatherStationRef {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind as StationKind,
    regionCode: r.regionCode,
    lon: r.lon,
    lat: r.lat,
  };
}

const isArea = (g: unknown): g is Polygon | MultiPolygon =>
  typeof g === 'object' &&
  g !== null &&
  ((g as { type?: unknown }).type === 'Polygon' || (g as { type?: unknown }).type === 'MultiPolygon');

/** The forest area of a station: the linked record, else the first area whose polygon holds it. */
function forestAreaOf(station: StationRow, areas: ForestAreaRow[]): ForestAreaRef | null {
  const linked = station.ledgerRecordId ? areas.find((a) => a.id === station.ledgerRecordId) : undefined;
  if (linked) return { id: linked.id, name: linked.name, via: 'linked' };
  const at = point([station.lon, station.lat]);
  const inside = areas.find((a) => isArea(a.geometry) && booleanPointInPolygon(at, a.geometry));
  return inside ? { id: inside.id, name: inside.name, via: 'inside' } : null;
}

const isFireWeatherStation = (station: StationRow, sensors: SensorRow[]) =>
  station.kind === 'weather' || sensors.some((s) => s.metric === 'air_temperature');

const toAggregate = (hours: number, w: WindowStats | undefined): WindowAggregate => ({
  hours,
  count: w?.count ?? 0,
  sum: w && w.count > 0 ? w.sum : null,
  min: w && w.count > 0 ? w.min : null,
  max: w && w.count > 0 ? w.max : null,
});

export function createWeatherService(deps: ServiceDeps) {
  const { db, clock, config } = deps;
  const settings = config.weather.fireWeather;
  const settingsView = {
    seasonStart: settings.seasonStart,
    minRainHours: settings.minRainHours,
    noonBucketHour: NOON_BUCKET_HOUR,
  };

  /** The hourly rollups of each station's fire-weather sensors over the span the dates need. */
  async function hoursOf(
    entries: { sensors: SensorRow[] }[],
    from: string,
    to: string,
  ): Promise<StationHours[]> {
    const span = fireWeatherSpan(from, to, settings.seasonStart);
    const series = entries.flatMap((e) => e.sensors.map((s) => s.seriesId));
    const rollups = await findHourlyRollups(db, series, new Date(span.from), new Date(span.to));
    return entries.map((e) => {
      const hours: StationHours = {};
      for (const s of e.sensors)
        if ((FIRE_WEATHER_METRICS as readonly string[]).includes(s.metric))
          hours[s.metric as keyof StationHours] = rollups.get(s.seriesId) ?? [];
      return hours;
    });
  }

  function checkDates(dates: { path: string; value: string | undefined }[], today: string): void {
    rejectIfAny(
      dates.flatMap(({ path, value }) =>
        value === undefined
          ? []
          : !isRealDate(value)
            ? [{ path, message: `日期 ${value} 不存在` }]
            : value > today
              ? [{ path, message: `日期 ${value} 晚于今天（${today}）` }]
              : [],
      ),
    );
  }

  return {
    /**
     * The FWI day of every forest station in the actor's jurisdiction for `date` (Beijing; default the latest
     * day whose noon has passed),
     * computed from the season's start; with the season's gap days. @throws forbidden | validation_failed
     */
    async fireWeather(actor: Actor, q: { date?: string }): Promise<FireWeatherList> {
      requirePermission(actor, 'monitoring:read');
      const now = clock();
      const today = getBeijingDate(now);
      checkDates([{ path: 'date', value: q.date }], today);
      // By default the latest day whose noon observation is in: today from 12:00, else yesterday.
      const date = q.date ?? (now >= getBeijingTimeOn(today, 12) ? today : addCalendarDays(today, -1));
      const [candidates, areas] = await Promise.all([
        findStationsWithMetrics(db, actor.scope, FIRE_WEATHER_METRICS),
        listRegistryShapes(db, FOREST_REGISTRY),
      ]);
      const forest = candidates.flatMap((c) => {
        const area = isFireWeatherStation(c.station, c.sensors) ? forestAreaOf(c.station, areas) : null;
        return area ? [{ ...c, area }] : [];
      });
      const season = seasonStartOf(date, settings.seasonStart);
      const hours = await hoursOf(forest, season, date);
      const items = forest.map((f, i): FireWeatherStationView => {
        const days = computeFireWeatherDays({
          hours: hours[i]!,
          from: season,
          to: date,
          now,
          config: settings,
        });
        return {
          station: stationRef(f.station),
          forestArea: f.area,
          day: days.at(-1)!,
          gapDates: days.filter((d) => d.result === null).map((d) => d.date),
        };
      });
      return { date, settings: settingsView, items };
    },

    /**
     * The daily FWI series of one forest station over [from, to] (Beijing dates, inclusive; default the 30 days
     * to today). @throws forbidden | not_found | validation_failed
     */
    async fireWeatherSeries(
      actor: Actor,
      stationId: string,
      q: { from?: string; to?: string },
    ): Promise<FireWeatherSeries> {
      requirePermission(actor, 'monitoring:read');
      const today = getBeijingDate(clock());
      checkDates(
        [
          { path: 'from', value: q.from },
          { path: 'to', value: q.to },
        ],
        today,
      );
      const to = q.to ?? today;
      const from = q.from ?? addCalendarDays(to, -29);
      const span = (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;
      if (span < 1) rejectIfAny([{ path: 'from', message: '起始日期不能晚于截止日期' }]);
      if (span > MAX_SERIES_DAYS)
        rejectIfAny([{ path: 'from', message: `一次最多查询 ${MAX_SERIES_DAYS} 天` }]);
      const station = ensureVisible(
        actor,
        await getStationById(db, stationId).then((r) => r && scopedStation(r)),
        '监测站点',
      );
      const [candidates, areas] = await Promise.all([
        findStationsWithMetrics(db, actor.scope, FIRE_WEATHER_METRICS),
        listRegistryShapes(db, FOREST_REGISTRY),
      ]);
      const entry = candidates.find((c) => c.station.id === station.id);
      const area =
        entry && isFireWeatherStation(entry.station, entry.sensors)
          ? forestAreaOf(entry.station, areas)
          : null;
      if (!entry || !area)
        throw new AppError('not_found', '该站点不是森林草原防火区内的气象站，没有森林火险天气');
      const [hours] = await hoursOf([entry], from, to);
      const days: FireWeatherDay[] = computeFireWeatherDays({
        hours: hours!,
        from,
        to,
        now: clock(),
        config: settings,
      });
      return { station: stationRef(entry.station), forestArea: area, from, to, settings: settingsView, days };
    },

    /**
     * The warning signal each hazard calls for at every station (in the actor's jurisdiction) that measures
     * rain, air temperature or wind, from its readings over windows ending now. @throws forbidden
     */
    async weatherSignals(actor: Actor): Promise<WeatherSignalsList> {
      requirePermission(actor, 'monitoring:read');
      const now = clock().getTime();
      const entries = await findStationsWithMetrics(db, actor.scope, SIGNAL_METRICS);
      const seriesOf = (metric: string) =>
        entries.flatMap((e) => e.sensors.filter((s) => s.metric === metric).map((s) => s.seriesId));
      const back = (h: number) => ({ from: now - h * HOUR_MS, to: now });
      const today = getBeijingDate(new Date(now));
      const days = Array.from({ length: HEAT_DAYS }, (_, i) => addCalendarDays(today, i - HEAT_DAYS + 1));
      const tempWindows = [
        back(24),
        { from: now - 48 * HOUR_MS, to: now - 24 * HOUR_MS },
        { from: now - 72 * HOUR_MS, to: now - 48 * HOUR_MS },
      ];
      const [rain, wind, temp, daily] = await Promise.all([
        aggregateWindows(db, '1m', seriesOf('rainfall'), RAIN_WINDOWS_H.map(back)),
        aggregateWindows(db, '1m', seriesOf('wind_speed'), WIND_WINDOWS_H.map(back)),
        aggregateWindows(db, '1m', seriesOf('air_temperature'), tempWindows),
        aggregateWindows(
          db,
          '1h',
          seriesOf('air_temperature'),
          days.map((d) => ({
            from: getBeijingTimeOn(d, 0).getTime(),
            to: Math.min(getBeijingTimeOn(d, 24).getTime(), now),
          })),
        ),
      ]);
      const items = entries.map((e) => {
        const sensor = (metric: string) => e.sensors.find((s) => s.metric === metric);
        const obs: StationObservations = {};
        const r = sensor('rainfall');
        if (r) obs.rainfall = RAIN_WINDOWS_H.map((h, i) => toAggregate(h, rain.get(r.seriesId)?.[i]));
        const w = sensor('wind_speed');
        if (w) obs.windSpeed = WIND_WINDOWS_H.map((h, i) => toAggregate(h, wind.get(w.seriesId)?.[i]));
        const t = sensor('air_temperature');
        if (t) {
          const stats = temp.get(t.seriesId);
          obs.airTemperature = {
            last24h: toAggregate(24, stats?.[0]),
            prior24h: toAggregate(24, stats?.[1]),
            prior48h: toAggregate(24, stats?.[2]),
            dailyMax: days.map((date, i) => {
              const d = daily.get(t.seriesId)?.[i];
              return { date, max: d && d.count > 0 ? d.max : null };
            }),
          };
        }
        const signals = evaluateObservedSignals(obs);
        const level = signals.reduce<SignalLevel | null>(
          (a, s) =>
            s.level !== null && (a === null || SIGNAL_LEVELS.indexOf(s.level) > SIGNAL_LEVELS.indexOf(a))
              ? s.level
              : a,
          null,
        );
        return { station: stationRef(e.station), level, signals };
      });
      return { at: new Date(now).toISOString(), items };
    },
  };
}

export type WeatherService = ReturnType<typeof createWeatherService>;
