/**
 * What a demo device reports for the interval (from, to]: its readings stamped `to`, from its profile, the
 * real clock and the running scenario (if any). Pure: the same device, interval and scenario always give
 * the same payload, whichever process computes it.
 *
 * Rain is an amount per report (a tipping bucket's tips in the interval, 0.1 mm each), every other metric a
 * level at `to`; PGA/PGV are the peak of the interval.
 */
import { formatBeijingIso, type Metric } from '@ningan/domain';
import type { DemoDevice, DeviceProfile } from './devices.ts';
import {
  floodResponse,
  gasLeakFraction,
  landslideDisplacement,
  quakeMotionOver,
  stormFraction,
  stormIntensity,
  storySecondsAt,
  STORM_HOURS,
  type ActiveScenario,
} from './scenarios.ts';
import {
  ambientTemperature,
  beijingDay,
  beijingDayStart,
  beijingHour,
  clamp,
  DAY_MS,
  HOUR_MS,
  noiseAt,
  roundTo,
  seasonalMean,
  showerRain,
  SIM_EPOCH_MS,
  tipsBetween,
  unit,
} from './signals.ts';

export interface SimReading {
  metric: Metric;
  value: number;
}

export interface DevicePayload {
  readings: { metric: Metric; value: number; ts: string }[];
  battery?: number;
  signal?: number;
}

const storyHours = (s: ActiveScenario, at: number) => storySecondsAt(s, at) / 3600;
const isOn = (s: ActiveScenario | null, name: ActiveScenario['name']): s is ActiveScenario =>
  s !== null && s.name === name;

/** Rain that fell at a gauge (fair-weather showers plus the storm) between the day's start and `at`, mm. */
function rainSince(
  code: string,
  p: { showerMmPerHour: number; stormMm: number },
  origin: number,
  at: number,
  s: ActiveScenario | null,
): number {
  const shower =
    at >= origin
      ? showerRain(code, p.showerMmPerHour, origin, at)
      : -showerRain(code, p.showerMmPerHour, at, origin);
  const storm = isOn(s, 'rainstorm') ? p.stormMm * stormFraction(storyHours(s, at)) : 0;
  return shower + storm;
}

/** Rainfall of (from, to]: tips of a 0.1 mm bucket, counted from the start of `to`'s Beijing day. */
function rainfall(
  code: string,
  p: { showerMmPerHour: number; stormMm: number },
  from: number,
  to: number,
  s: ActiveScenario | null,
): number {
  const origin = beijingDayStart(beijingDay(to));
  // The storm part is counted from the scenario's start; both ends use the same origin, so it cancels.
  return tipsBetween(rainSince(code, p, origin, from, s), rainSince(code, p, origin, to, s));
}

/** A share of the storm that is falling now (0 … 1), for the weather's response to it. */
const stormActivity = (s: ActiveScenario | null, at: number): number =>
  isOn(s, 'rainstorm') ? (stormIntensity(storyHours(s, at)) * STORM_HOURS) / 2 : 0;

function weatherReadings(
  code: string,
  p: Extract<DeviceProfile, { model: 'weather' }>,
  from: number,
  to: number,
  s: ActiveScenario | null,
): SimReading[] {
  const storm = stormActivity(s, to);
  // Forest stations sit higher on the 子午岭 than the county's mean: a little cooler.
  const temperature = ambientTemperature(to) - 1.5 - 3 * storm + 0.2 * noiseAt(code, 't', to);
  const rh = 62 - 3 * (temperature - seasonalMean(to)) + 4 * noiseAt(code, 'rh', to);
  const hour = beijingHour(to);
  const afternoon = Math.max(0, Math.sin((Math.PI * (hour - 9)) / 12));
  const wind = 1.6 + 2.2 * afternoon + 4 * storm + 0.5 * noiseAt(code, 'ws', to);
  const direction = 225 + 45 * Math.sin((2 * Math.PI * (to - SIM_EPOCH_MS)) / (2 * DAY_MS));
  return [
    { metric: 'air_temperature', value: roundTo(temperature, 0.1) },
    { metric: 'relative_humidity', value: roundTo(clamp(rh + 40 * storm, 12, 99), 1) },
    { metric: 'wind_speed', value: roundTo(Math.max(0, wind), 0.1) },
    {
      metric: 'wind_direction',
      value: roundTo((((direction + 12 * noiseAt(code, 'wd', to)) % 360) + 360) % 360, 1),
    },
    { metric: 'rainfall', value: rainfall(code, p, from, to, s) },
  ];
}

/** Tank readings: level swings with filling and drawing off; temperature and vapour pressure follow the weather. */
function tankReadings(code: string, p: Extract<DeviceProfile, { model: 'tank' }>, to: number): SimReading[] {
  const phase = 2 * Math.PI * unit(`${code}|phase`);
  const swing = Math.sin((2 * Math.PI * (to - SIM_EPOCH_MS)) / (p.periodHours * HOUR_MS) + phase);
  const level = p.levelMin + (p.levelMax - p.levelMin) * (0.5 + 0.5 * swing);
  const out: SimReading[] = [
    { metric: 'tank_level', value: roundTo(level + 0.003 * noiseAt(code, 'l', to), 0.01) },
  ];
  switch (p.medium) {
    case 'lng': {
      // Held near its boiling point at the tank's pressure.
      out.push({ metric: 'tank_temperature', value: roundTo(-161.5 + 0.3 * noiseAt(code, 't', to), 0.1) });
      out.push({
        metric: 'tank_pressure',
        value: roundTo(0.32 + 0.02 * swing + 0.002 * noiseAt(code, 'p', to), 0.001),
      });
      return out;
    }
    case 'lpg': {
      // A buried/shaded vessel follows the air three hours late and damped; LPG's vapour pressure rises
      // about 3 % per ℃ (a butane-rich mix: ≈ 0.45 MPa at 20 ℃; demo figures).
      const t = seasonalMean(to) + 0.4 * (ambientTemperature(to - 3 * HOUR_MS) - seasonalMean(to));
      out.push({ metric: 'tank_temperature', value: roundTo(t + 0.1 * noiseAt(code, 't', to), 0.1) });
      out.push({
        metric: 'tank_pressure',
        value: roundTo(0.45 * Math.exp(0.03 * (t - 20)) + 0.002 * noiseAt(code, 'p', to), 0.001),
      });
      return out;
    }
    case 'oil': {
      const t = seasonalMean(to) + 0.3 * (ambientTemperature(to - 3 * HOUR_MS) - seasonalMean(to));
      out.push({ metric: 'tank_temperature', value: roundTo(t + 0.1 * noiseAt(code, 't', to), 0.1) });
      return out;
    }
  }
}

/** The readings of `device` for the interval (from, to] (epoch ms), in the order of its metrics. */
export function deviceReadings(
  device: Pick<DemoDevice, 'code' | 'metrics' | 'profile'>,
  from: number,
  to: number,
  scenario: ActiveScenario | null,
): SimReading[] {
  const { code, profile: p } = device;
  const s = scenario;
  let readings: SimReading[];
  switch (p.model) {
    case 'rain':
      readings = [{ metric: 'rainfall', value: rainfall(code, p, from, to, s) }];
      break;
    case 'weather':
      readings = weatherReadings(code, p, from, to, s);
      break;
    case 'stage': {
      const phase = 2 * Math.PI * unit(`${code}|phase`);
      const slow = 0.04 * Math.sin((2 * Math.PI * (to - SIM_EPOCH_MS)) / (5 * DAY_MS) + phase);
      const flood =
        isOn(s, 'rainstorm') && p.floodPeak !== null
          ? (p.floodPeak - p.base) * floodResponse(storyHours(s, to), p.lagHours)
          : 0;
      readings = [
        {
          metric: 'water_level',
          value: roundTo(p.base + slow + flood + 0.004 * noiseAt(code, 'h', to), 0.01),
        },
      ];
      break;
    }
    case 'creep': {
      const days = (to - SIM_EPOCH_MS) / DAY_MS;
      // Crack width breathes with the temperature (a few hundredths of a mm a day).
      const thermal =
        p.metric === 'crack_width' ? 0.03 * Math.cos((2 * Math.PI * (beijingHour(to) - 15)) / 24) : 0;
      const failing =
        isOn(s, 'landslide') && p.failureScaleMm !== null
          ? landslideDisplacement(storySecondsAt(s, to), s.failureMinutes * 60, p.failureScaleMm)
          : 0;
      const value =
        p.base + p.creepMmPerDay * days + thermal + failing + p.noiseMm * noiseAt(code, p.metric, to);
      readings = [{ metric: p.metric, value: roundTo(value, p.step) }];
      break;
    }
    case 'soil': {
      const phase = 2 * Math.PI * unit(`${code}|phase`);
      const slow = 0.6 * Math.sin((2 * Math.PI * (to - SIM_EPOCH_MS)) / (6 * DAY_MS) + phase);
      // Water soaks in about half an hour behind the rain.
      const wet = isOn(s, 'rainstorm') ? p.stormRise * stormFraction(storyHours(s, to) - 0.5) : 0;
      readings = [
        {
          metric: 'soil_moisture',
          value: roundTo(clamp(p.base + slow + wet + 0.1 * noiseAt(code, 'sm', to), 0, 100), 0.1),
        },
      ];
      break;
    }
    case 'gas': {
      const leak =
        isOn(s, 'gas-leak') && p.leakPeak !== null ? p.leakPeak * gasLeakFraction(storySecondsAt(s, to)) : 0;
      const metric = p.gas === 'combustible' ? 'combustible_gas' : 'toxic_gas';
      const background = p.background * (1 + 0.3 * noiseAt(code, metric, to));
      readings = [
        {
          metric,
          value: roundTo(clamp(background + leak, 0, 100), p.gas === 'combustible' ? 0.1 : 0.01),
        },
      ];
      break;
    }
    case 'tank':
      readings = tankReadings(code, p, to);
      break;
    case 'seismic': {
      // Ambient ground noise, never exactly 0 (a zero would read as "nothing recorded").
      const quiet = {
        pga: 0.004 * (1 + 0.5 * unit(`${code}|pga|${Math.floor(to / 1000)}`)),
        pgv: 0.00003 * (1 + 0.5 * unit(`${code}|pgv|${Math.floor(to / 1000)}`)),
      };
      const shock = isOn(s, 'earthquake') ? quakeMotionOver(s, from, to) : null;
      const pga = Math.max(quiet.pga, (shock?.pga ?? 0) * p.siteFactor);
      const pgv = Math.max(quiet.pgv, (shock?.pgv ?? 0) * p.siteFactor);
      readings = [
        { metric: 'pga', value: roundTo(pga, 0.0001) },
        { metric: 'pgv', value: roundTo(pgv, 0.000001) },
      ];
      break;
    }
    case 'wellhead': {
      const phase = 2 * Math.PI * unit(`${code}|phase`);
      const swing = 0.03 * Math.sin((2 * Math.PI * (to - SIM_EPOCH_MS)) / (6 * HOUR_MS) + phase);
      const value = p.baseMPa * (1 + swing + 0.005 * noiseAt(code, 'wp', to));
      readings = [{ metric: 'wellhead_pressure', value: roundTo(Math.max(0, value), 0.01) }];
      break;
    }
  }
  // Only the metrics the station has sensors for (a weather station without a rain gauge, say), in its order.
  return device.metrics.flatMap((metric) => readings.filter((r) => r.metric === metric));
}

/** Battery-powered field devices report their battery (%) and signal (dBm); mains-powered plant does not. */
function healthOf(
  device: Pick<DemoDevice, 'code' | 'profile'>,
  to: number,
): { battery?: number; signal?: number } {
  switch (device.profile.model) {
    case 'gas':
    case 'tank':
    case 'wellhead':
      return {};
    case 'rain':
    case 'weather':
    case 'stage':
    case 'creep':
    case 'soil':
    case 'seismic': {
      // Solar-charged: fuller in the afternoon.
      const base = 78 + 18 * unit(`${device.code}|battery`);
      const battery = base + 4 * Math.sin((2 * Math.PI * (beijingHour(to) - 10)) / 24);
      const signal = -62 - 28 * unit(`${device.code}|signal`) + 2 * noiseAt(device.code, 'rssi', to);
      return { battery: Math.round(clamp(battery, 0, 100)), signal: Math.round(clamp(signal, -120, -40)) };
    }
  }
}

/** The MQTT payload of `device` for (from, to]: a batch stamped `to` in Beijing time, with device health. */
export function devicePayload(
  device: Pick<DemoDevice, 'code' | 'metrics' | 'profile'>,
  from: number,
  to: number,
  scenario: ActiveScenario | null,
): DevicePayload {
  const ts = formatBeijingIso(new Date(to));
  return {
    readings: deviceReadings(device, from, to, scenario).map((r) => ({ ...r, ts })),
    ...healthOf(device, to),
  };
}
