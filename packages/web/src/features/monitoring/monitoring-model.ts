/**
 * The pure rules of the 一张网 screens: what colour a station is on the map, which stations are the worst
 * off, the example payload a device installer copies, and the chart ranges. No React, no DOM: unit-tested.
 */
import {
  ALARM_LEVEL_RANK,
  METRIC_DEFS,
  readingsTopic,
  type AlarmLevel,
  type AlarmView,
  type DeviceStatus,
  type Metric,
  type StationAlarmLevel,
  type StationKind,
  type StationView,
} from '@ningan/domain';

/** What a station's marker shows: an alarm level, or else the device status. */
export type MarkerKey = AlarmLevel | DeviceStatus;

export interface MarkerStyle {
  key: MarkerKey;
  /** Circle fill. */
  fill: string;
  /** Circle ring. */
  stroke: string;
  /** Higher is more urgent (drawn on top, listed first). */
  urgency: number;
}

/**
 * Colours: the four warning colours of 突发事件应对法 (STANDARDS.md §2.3: 红/橙/黄/蓝), green for a station
 * that reports, dark grey for one that stopped, a hollow grey ring for one never heard from.
 */
const STYLES: Record<MarkerKey, Omit<MarkerStyle, 'key'>> = {
  red: { fill: '#e02020', stroke: '#ffffff', urgency: 8 },
  orange: { fill: '#fa7d00', stroke: '#ffffff', urgency: 7 },
  offline: { fill: '#4b5563', stroke: '#ffffff', urgency: 6 },
  yellow: { fill: '#f5d000', stroke: '#5c4a00', urgency: 5 },
  blue: { fill: '#1f6fff', stroke: '#ffffff', urgency: 4 },
  never: { fill: '#ffffff', stroke: '#8c8c8c', urgency: 3 },
  online: { fill: '#2ea84a', stroke: '#ffffff', urgency: 2 },
  disabled: { fill: '#d9d9d9', stroke: '#a6a6a6', urgency: 1 },
};

/** Legend order: most urgent first. */
export const MARKER_KEYS: readonly MarkerKey[] = (Object.keys(STYLES) as MarkerKey[]).sort(
  (a, b) => STYLES[b].urgency - STYLES[a].urgency,
);

export function markerStyleOf(key: MarkerKey): MarkerStyle {
  return { key, ...STYLES[key] };
}

/**
 * A station's marker. An active alarm (from the alarm API, when it exists) outranks the device status only
 * when it is red or orange: an offline station with a yellow or blue alarm shows offline, because its
 * readings — and so its alarm — can no longer be trusted to follow the situation. A disabled station never
 * shows an alarm.
 */
export function stationMarker(status: DeviceStatus, alarmLevel?: AlarmLevel | null): MarkerStyle {
  if (status === 'disabled' || !alarmLevel) return markerStyleOf(status);
  const alarm = markerStyleOf(alarmLevel);
  const device = markerStyleOf(status);
  return alarm.urgency >= device.urgency ? alarm : device;
}

/** How bad a station's device health is, for the health table (lower is worse). */
const STATUS_ORDER: Record<DeviceStatus, number> = { offline: 0, never: 1, online: 2, disabled: 3 };

/**
 * Worst first: offline, then never heard from, then online, then disabled; within one status the lower
 * battery, then the weaker signal, then more quarantined payloads, then the longer silence come first.
 * Unknown battery or signal sorts after known values.
 */
export function compareHealth(a: StationView, b: StationView): number {
  return (
    STATUS_ORDER[a.health.status] - STATUS_ORDER[b.health.status] ||
    ascendingNullsLast(a.health.battery, b.health.battery) ||
    ascendingNullsLast(a.health.signal, b.health.signal) ||
    b.quarantined - a.quarantined ||
    ascendingNullsLast(timeOf(a.health.lastSeenAt), timeOf(b.health.lastSeenAt)) ||
    a.code.localeCompare(b.code)
  );
}

function ascendingNullsLast(x: number | null, y: number | null): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return x - y;
}

const timeOf = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** Battery at or below this is shown in red (a display hint, not an alarm rule). */
export const LOW_BATTERY_PERCENT = 20;

/** Counts per marker key, for the legend and the summary. */
export function countMarkers(keys: readonly MarkerKey[]): Record<MarkerKey, number> {
  const counts = Object.fromEntries(MARKER_KEYS.map((k) => [k, 0])) as Record<MarkerKey, number>;
  for (const key of keys) counts[key] += 1;
  return counts;
}

/** Whether `stationRegion` lies in `filter` (a township or village code); no filter: every station. */
export function inRegion(stationRegion: string, filter: string | null | undefined): boolean {
  return !filter || stationRegion.startsWith(filter);
}

/** The level of each station's worst alarm whose condition holds, by station id. */
export type AlarmLevels = ReadonlyMap<string, AlarmLevel>;

export function worseAlarm(a: AlarmLevel | undefined, b: AlarmLevel): AlarmLevel {
  return a && ALARM_LEVEL_RANK[a] >= ALARM_LEVEL_RANK[b] ? a : b;
}

/** The worst level per station of the standing alarms (GET /monitoring/alarms/station-levels). */
export function alarmLevelsOf(levels: readonly StationAlarmLevel[]): AlarmLevels {
  const out = new Map<string, AlarmLevel>();
  for (const l of levels) out.set(l.stationId, worseAlarm(out.get(l.stationId), l.level));
  return out;
}

/** Worst first, then the latest level change (as the server sorts them). */
function compareStanding(a: StationAlarmLevel, b: StationAlarmLevel): number {
  return (
    ALARM_LEVEL_RANK[b.level] - ALARM_LEVEL_RANK[a.level] ||
    b.levelChangedAt.localeCompare(a.levelChangedAt) ||
    b.alarmId.localeCompare(a.alarmId)
  );
}

/**
 * The standing alarms after a live `alarm` event: the alarm replaced with its new level and status, added
 * when raised, dropped once the engine clears it (or it is closed). Alarms without a station are not on
 * the map.
 */
export function applyAlarmEvent(
  levels: readonly StationAlarmLevel[],
  event: Pick<AlarmView, 'id' | 'stationId' | 'level' | 'status' | 'clearedAt' | 'levelChangedAt'>,
): StationAlarmLevel[] {
  const rest = levels.filter((l) => l.alarmId !== event.id);
  if (!event.stationId || event.clearedAt !== null || event.status === 'closed') return rest;
  return [
    ...rest,
    {
      alarmId: event.id,
      stationId: event.stationId,
      level: event.level,
      status: event.status,
      levelChangedAt: event.levelChangedAt,
    },
  ].sort(compareStanding);
}

// ---- what a device installer copies ----

/** ISO 8601 with the given offset, second precision: `2026-03-02T09:05:00+08:00`. */
export function zonedIso(at: number, offsetMinutes: number): string {
  const local = new Date(at + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.toISOString().slice(0, 19)}${zone}`;
}

export interface PayloadExample {
  topic: string;
  /** One reading. */
  single: string;
  /** Every sensor at once, with battery and signal (a heartbeat may carry only these two). */
  batch: string;
  /** The same batch posted over HTTP with the device's credential. */
  curl: string;
  /** `Authorization: Basic …` value for the device. */
  basic: string;
}

interface ExampleSensor {
  metric: Metric;
  validMin: number;
  validMax: number;
  latest: { value: number } | null;
}

/** A plausible value: the latest reading, else 0 when the valid range holds it, else the range's floor. */
function exampleValue(s: ExampleSensor): number {
  if (s.latest) return s.latest.value;
  return s.validMin <= 0 && s.validMax >= 0 ? 0 : s.validMin;
}

/**
 * The documented topic and payloads (monitoring-ingest.ts, README 监测接入) filled in for one device.
 * `origin` is the console's own address (the HTTP ingest is on the same server).
 */
export function payloadExample(input: {
  code: string;
  secret: string;
  sensors: readonly ExampleSensor[];
  now: number;
  offsetMinutes: number;
  origin: string;
}): PayloadExample {
  const ts = zonedIso(input.now, input.offsetMinutes);
  const sensors: ExampleSensor[] = input.sensors.length
    ? [...input.sensors]
    : [{ metric: 'rainfall', validMin: 0, validMax: 300, latest: null }];
  const first = sensors[0]!;
  const single = JSON.stringify({ metric: first.metric, value: exampleValue(first), ts });
  const batchBody = {
    readings: sensors.map((s) => ({ metric: s.metric, value: exampleValue(s), ts })),
    battery: 87,
    signal: -71,
  };
  const batch = JSON.stringify(batchBody, null, 2);
  const basic = `Basic ${base64(`${input.code}:${input.secret}`)}`;
  const curl = [
    `curl -X POST '${input.origin}/api/v1/monitoring/ingest' \\`,
    `  -u '${input.code}:${input.secret}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '${JSON.stringify(batchBody)}'`,
  ].join('\n');
  return { topic: readingsTopic(input.code), single, batch, curl, basic };
}

/**
 * The MQTT address a device is configured with (GET /config/public `mqtt`): the one the server names, or
 * the console's own host name at the broker's port; null when MQTT ingest is off.
 */
export function brokerAddress(
  mqtt: { url: string | null; port: number } | null | undefined,
  hostname: string,
): string | null {
  if (!mqtt) return null;
  if (mqtt.url) return mqtt.url;
  const host = hostname.includes(':') ? `[${hostname}]` : hostname;
  return `mqtt://${host}:${mqtt.port}`;
}

/** UTF-8 → base64 without Buffer (runs in the browser and in node tests). */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The canonical unit of a metric (readings are stored in it). */
export function unitOf(metric: Metric): string {
  return METRIC_DEFS[metric].unit;
}

// ---- the monitored ledger object ----

/**
 * Registries a station may watch a record of (slopes, flood zones, tanks, wells, pipelines, forest areas,
 * exposed assets, special equipment), offered in the station form.
 */
export const MONITORED_REGISTRIES = [
  'geo-hazards',
  'flood-zones',
  'hazard-sources',
  'wells',
  'pipelines',
  'forest-areas',
  'exposed-assets',
  'special-equipment',
] as const;
export type MonitoredRegistry = (typeof MONITORED_REGISTRIES)[number];

/** The registry key the server names for a station's record, if it is one a station may watch. */
export function monitoredRegistryOf(key: string | null | undefined): MonitoredRegistry | null {
  return MONITORED_REGISTRIES.find((r) => r === key) ?? null;
}

/** The registry a new station of `kind` most likely watches a record of (a form default only). */
export function defaultRegistryFor(kind: StationKind): MonitoredRegistry {
  switch (kind) {
    case 'gnss':
    case 'crack_meter':
    case 'tiltmeter':
      return 'geo-hazards';
    case 'rain_gauge':
    case 'water_level':
    case 'soil_moisture':
      return 'flood-zones';
    case 'tank':
    case 'combustible_gas':
    case 'toxic_gas':
      return 'hazard-sources';
    case 'wellhead':
      return 'wells';
    case 'fire_camera':
      return 'forest-areas';
    case 'seismic':
    case 'weather':
      return 'exposed-assets';
  }
}

// ---- chart ranges ----

export const RANGE_PRESETS = ['1h', '6h', '24h', '7d', '30d'] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];

const HOUR = 3_600_000;
export const RANGE_PRESET_MS: Record<RangePreset, number> = {
  '1h': HOUR,
  '6h': 6 * HOUR,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};

/** A chart's time range: a preset ending now (refreshed while shown), or a fixed custom one. */
export type ChartRange = { preset: RangePreset } | { from: number; to: number };

/** [from, to) in epoch ms at `now`. */
export function resolveRange(range: ChartRange, now: number): { from: number; to: number } {
  return 'preset' in range ? { from: now - RANGE_PRESET_MS[range.preset], to: now } : range;
}

/** A range that ends "now" keeps refreshing: presets, and custom ranges ending within a minute of now. */
export function isLiveRange(range: ChartRange, now: number): boolean {
  return 'preset' in range || Math.abs(range.to - now) <= 60_000;
}
