/**
 * Monitoring test helpers: stations made through the real service (a county duty officer registers
 * them), device payloads, and the external MQTT broker for the MQTT suites (TEST_MQTT_URL, mandatory
 * under CI=true like TEST_DATABASE_URL).
 */
import {
  readingsTopic,
  type CreateStationRequest,
  type SensorInput,
  type StationKind,
  type StationView,
} from '@ningan/domain';
import { isCi } from './pg.ts';
import { XINNING, type TestContext } from './context.ts';

/** A point inside 宁县 (near 新宁镇), WGS84. */
export const IN_COUNTY = { lon: 107.93, lat: 35.5 };

let n = 0;

export interface TestStation {
  station: StationView;
  secret: string;
  code: string;
  topic: string;
  /** `Authorization: Basic …` of the device. */
  basic: string;
  sensorId(metric: string): string;
}

/** Registers a station (by default a rain gauge in 新宁镇 with a rainfall sensor) as a county duty officer. */
export async function newStation(
  ctx: TestContext,
  o: Partial<Omit<CreateStationRequest, 'sensors'>> & {
    sensors?: Partial<SensorInput>[];
    kind?: StationKind;
  } = {},
): Promise<TestStation> {
  const i = (n += 1);
  const code = o.code ?? `T-${ctx.driver}-${process.pid}-${i}`;
  const officer = await ctx.newUser({ roles: ['duty_officer'] });
  const { station, secret } = await ctx.services.monitoring.createStation(ctx.actor(officer), {
    code,
    name: o.name ?? `测试站点${i}`,
    kind: o.kind ?? 'rain_gauge',
    regionCode: o.regionCode ?? XINNING,
    lon: o.lon ?? IN_COUNTY.lon,
    lat: o.lat ?? IN_COUNTY.lat,
    ...o,
    sensors: (o.sensors ?? [{ metric: 'rainfall' }]).map((s) => ({ metric: 'rainfall', ...s })),
  });
  return {
    station,
    secret,
    code,
    topic: readingsTopic(code),
    basic: `Basic ${Buffer.from(`${code}:${secret}`).toString('base64')}`,
    sensorId: (metric) => {
      const s = station.sensors.find((x) => x.metric === metric);
      if (!s) throw new Error(`station ${code} has no ${metric} sensor`);
      return s.id;
    },
  };
}

/** UTF-8 bytes of a JSON payload. */
export const payload = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

/** An ISO time `minutes` after `base`, in Beijing time (+08:00) as devices send it. */
export function beijing(base: Date, minutes = 0): string {
  const t = new Date(base.getTime() + minutes * 60_000 + 8 * 3_600_000);
  return `${t.toISOString().slice(0, 19)}+08:00`;
}

/**
 * The external broker for the MQTT suites: TEST_MQTT_URL (e.g. this machine's Mosquitto,
 * mqtt://127.0.0.1:1883). Without it those suites are skipped visibly — except under CI=true, where it
 * is mandatory and its absence fails the run.
 */
export function externalMqtt(): { url: string | null; skipReason: string | null } {
  const url = process.env.TEST_MQTT_URL;
  if (url) return { url, skipReason: null };
  if (isCi()) throw new Error('CI=true requires TEST_MQTT_URL: the external-broker MQTT suite is mandatory');
  return { url: null, skipReason: 'TEST_MQTT_URL is not set' };
}
