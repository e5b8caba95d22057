/**
 * The device fleet and the alarm rules the MQTT benches share (issue #4): stations created over the API
 * of a really started server, and 50 template rules over them — 暴雨 signal rules and 山洪 critical-rainfall
 * rules on the rain gauges (rolling sums up to 24 h), water-level rules with a rise rate, and combustible-gas
 * rules (GB/T 50493-2019 set points, the template's defaults). Thresholds the templates leave to the
 * installer (a village's critical rainfall, a gauge's 警戒/保证水位, rise rates) are synthetic bench values.
 */
import { request, type Server } from './bench-support.ts';

export type FleetKind = 'rain' | 'water' | 'gas';

const KINDS: Record<FleetKind, { station: string; metric: string; prefix: string; zh: string }> = {
  rain: { station: 'rain_gauge', metric: 'rainfall', prefix: 'RG', zh: '雨量站' },
  water: { station: 'water_level', metric: 'water_level', prefix: 'WL', zh: '水位站' },
  gas: { station: 'combustible_gas', metric: 'combustible_gas', prefix: 'GS', zh: '可燃气体探测器' },
};

export interface FleetDevice {
  code: string;
  secret: string;
  topic: string;
  kind: FleetKind;
  metric: string;
  stationId: string;
  sensorId: string;
  /** Position among the devices of its kind (0-based). */
  n: number;
}

/** A rule as created, and the devices it reads. */
export interface FleetRule {
  id: string;
  template: string;
  devices: FleetDevice[];
}

/** Synthetic gauge: 警戒水位 4.5 m (黄), 保证水位 5.2 m (红); rise 5 m/h 黄, 10 m/h 红 over 1 h. */
export const WATER_WARNING_M = 4.5;
export const WATER_GUARANTEE_M = 5.2;
/** GB/T 50493-2019 §5.5 first alarm set point for combustible gas (%LEL), the template's default (橙). */
export const GAS_FIRST_ALARM_LEL = 25;

export async function api(
  server: Server,
  token: string,
  method: string,
  url: string,
  body?: unknown,
): Promise<unknown> {
  const r = await request(
    server.agent,
    server.port,
    method,
    url,
    { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body ? JSON.stringify(body) : undefined,
  );
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${r.text()}`);
  return r.status === 204 ? null : (JSON.parse(r.text()) as unknown);
}

/** How many devices of each kind a fleet of `total` has: 20 % rain gauges, 15 % water level, the rest gas. */
export function fleetMix(total: number): Record<FleetKind, number> {
  const rain = Math.round(total * 0.2);
  const water = Math.round(total * 0.15);
  return { rain, water, gas: total - rain - water };
}

/** Creates the stations (one sensor each) over the API; `tag` keeps the codes of several fleets apart. */
export async function createFleet(
  server: Server,
  token: string,
  mix: Partial<Record<FleetKind, number>>,
  tag = '',
): Promise<FleetDevice[]> {
  const out: FleetDevice[] = [];
  for (const kind of ['rain', 'water', 'gas'] as const) {
    const k = KINDS[kind];
    for (let n = 0; n < (mix[kind] ?? 0); n += 1) {
      const code = `BENCH-${tag}${k.prefix}-${String(n + 1).padStart(4, '0')}`;
      const created = (await api(server, token, 'POST', '/api/v1/monitoring/stations', {
        code,
        name: `基准${k.zh} ${tag}${n + 1}`,
        kind: k.station,
        regionCode: '621026100',
        lon: 107.92 + (out.length % 50) * 0.001,
        lat: 35.5 + Math.floor(out.length / 50) * 0.001,
        sensors: [{ metric: k.metric, samplingSeconds: 1 }],
      })) as { secret: string; station: { id: string; sensors: { id: string }[] } };
      out.push({
        code,
        secret: created.secret,
        topic: `ningan/v1/devices/${code}/readings`,
        kind,
        metric: k.metric,
        stationId: created.station.id,
        sensorId: created.station.sensors[0]!.id,
        n,
      });
    }
  }
  return out;
}

const stream = (d: FleetDevice) => ({ device: d.code, metric: d.metric });

export interface RuleOptions {
  /** Water-level rules with a no-data timeout (ms), by the gauge's position: the rule raises on silence. */
  noData?: Map<number, number>;
  /** Water-level rules whose levels must hold this long before they raise (ms), by the gauge's position. */
  raiseAfterMs?: Map<number, number>;
  /** Water-level gauges to give a rule (default all). */
  waterGauges?: number;
}

export async function createRule(
  server: Server,
  token: string,
  station: FleetDevice,
  template: string,
  params: Record<string, unknown>,
): Promise<string> {
  const r = (await api(server, token, 'POST', '/api/v1/monitoring/rules', {
    stationId: station.stationId,
    template,
    params,
    enabled: true,
  })) as { id: string };
  return r.id;
}

/**
 * The bench's rules: half the rain gauges get a 暴雨 signal rule each (sums over 1–24 h), the other half
 *山洪 critical-rainfall rules over pairs of gauges; every water-level gauge a 警戒/保证水位 + rise-rate rule;
 * gas detectors get combustible-gas rules until the rules number 50 (with the default 100-device fleet:
 * 10 + 5 + 15 + 20).
 */
export async function createFleetRules(
  server: Server,
  token: string,
  fleet: FleetDevice[],
  o: RuleOptions = {},
  total = 50,
): Promise<FleetRule[]> {
  const rules: FleetRule[] = [];
  const add = async (template: string, devices: FleetDevice[], params: Record<string, unknown>) => {
    const id = await createRule(server, token, devices[0]!, template, params);
    rules.push({ id, template, devices });
  };
  const rain = fleet.filter((d) => d.kind === 'rain');
  const water = fleet.filter((d) => d.kind === 'water');
  const gas = fleet.filter((d) => d.kind === 'gas');
  const signalGauges = Math.ceil(rain.length / 2);
  for (const g of rain.slice(0, signalGauges))
    await add('rainstorm-signal', [g], { gauge: stream(g), noData: null });
  const rest = rain.slice(signalGauges);
  for (let i = 0; i + 1 < rest.length; i += 2) {
    const pair = [rest[i]!, rest[i + 1]!];
    // A synthetic village table (山洪 critical rainfall has no national values; STANDARDS §8).
    await add('flash-flood', pair, {
      gauges: pair.map(stream),
      criticalRainfall: { yellow: { '1h': 20, '3h': 40 }, red: { '1h': 40, '6h': 80 } },
      noData: null,
    });
  }
  for (const g of water.slice(0, o.waterGauges ?? water.length)) {
    const timeout = o.noData?.get(g.n);
    const hold = o.raiseAfterMs?.get(g.n);
    await add('water-level', [g], {
      gauge: stream(g),
      warningStage: WATER_WARNING_M,
      guaranteeStage: WATER_GUARANTEE_M,
      rise: { mPerHour: { yellow: 5, red: 10 } },
      noData: timeout === undefined ? null : { timeoutMs: timeout, handling: 'alarm' },
      ...(hold !== undefined && { persistence: { raiseAfter: { forMs: hold } } }),
    });
  }
  for (const g of gas) {
    if (rules.length >= total) break;
    await add('gas-detector', [g], { gas: 'combustible', detector: stream(g), noData: null });
  }
  return rules;
}

/** The fleet and rules in one line for the report. */
export function describeFleet(fleet: FleetDevice[], rules: FleetRule[]): string {
  const count = (k: FleetKind) => fleet.filter((d) => d.kind === k).length;
  const byTemplate = new Map<string, number>();
  for (const r of rules) byTemplate.set(r.template, (byTemplate.get(r.template) ?? 0) + 1);
  const covered = new Set(rules.flatMap((r) => r.devices.map((d) => d.code))).size;
  return (
    `${fleet.length} devices (${count('rain')} rain gauges, ${count('water')} water-level gauges, ${count('gas')} gas detectors); ` +
    `${rules.length} active rules (${[...byTemplate].map(([t, n]) => `${n} ${t}`).join(', ')}) reading ${covered} of the devices`
  );
}

/**
 * Values in simulated time (the ingest bench's readings are 1 s apart per device, about a thousand times
 * faster than real time): rain in a 30-minute shower of 3 mm/min every 8 h, water level swinging
 * 0.5–5.5 m over 12 h (so 警戒/保证水位 are crossed twice a cycle and the rise rate once), gas at
 * 2–8 %LEL with a 60-s leak of 30 %LEL every 4 h. Deterministic per device, so a run has a few hundred
 * transitions rather than an alarm storm on every rule.
 */
export function simulatedValue(d: FleetDevice, t: number): number {
  switch (d.kind) {
    case 'rain':
      return (t + d.n * 1_440_000) % 28_800_000 < 1_800_000 ? 0.05 : 0;
    case 'water':
      return Math.round((3 + 2.5 * Math.sin((2 * Math.PI * t) / 43_200_000 + d.n)) * 1000) / 1000;
    case 'gas':
      if ((t / 1000 + d.n * 611) % 14_400 < 60) return 30;
      return Math.round((5 + 3 * Math.sin((2 * Math.PI * t) / 600_000 + d.n)) * 100) / 100;
  }
}
