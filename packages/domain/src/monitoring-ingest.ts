/**
 * Device ingestion (issue #4 part 2): the one topic and payload format every device, gateway and
 * connector uses, the checks a reading must pass, and the reasons a payload is quarantined. Pure: the
 * server passes the registered sensor and the clock.
 *
 * Topic: `ningan/v1/devices/{设备编号}/readings`. Payload (UTF-8 JSON), one reading:
 *   {"metric":"rainfall","value":0.5,"ts":"2026-03-02T09:05:00+08:00"}
 * or a batch, with optional device health:
 *   {"readings":[{"metric":"rainfall","value":0.5,"ts":"…"},…],"battery":87,"signal":-71}
 * `ts` is ISO 8601 with a zone (`Z` or ±hh:mm), millisecond precision; `unit` may be given per reading
 * and must then be the sensor's; `battery` is %, `signal` dBm. Over HTTP a payload may also name its
 * device (`"device":"RG-0001"`), and a body may be an array of payloads.
 */
import { z } from 'zod';
import { isMetric, isUnitOf, METRIC_DEFS, type Metric } from './monitoring-devices.ts';

export const MQTT_TOPIC_PREFIX = 'ningan/v1/devices';
/** Most readings one payload may carry. */
export const MAX_READINGS_PER_PAYLOAD = 10_000;

export function readingsTopic(code: string): string {
  return `${MQTT_TOPIC_PREFIX}/${code}/readings`;
}

/** The device id in a readings topic, or null when the topic is not one. */
export function deviceOfTopic(topic: string): string | null {
  const prefix = `${MQTT_TOPIC_PREFIX}/`;
  if (!topic.startsWith(prefix) || !topic.endsWith('/readings')) return null;
  const code = topic.slice(prefix.length, -'/readings'.length);
  return code.length > 0 && !code.includes('/') ? code : null;
}

export const QUARANTINE_REASONS = [
  'payload_too_large',
  'not_json',
  'bad_shape',
  'empty',
  'too_many_readings',
  'unknown_device',
  'device_disabled',
  'wrong_topic',
  'wrong_device',
  'unknown_metric',
  'sensor_disabled',
  'unit_mismatch',
  'bad_value',
  'out_of_range',
  'bad_timestamp',
  'timestamp_without_zone',
  'future_timestamp',
  'too_old',
] as const;
export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];

export const QUARANTINE_REASON_LABELS: Record<QuarantineReason, string> = {
  payload_too_large: '报文过大',
  not_json: '不是合法的 UTF-8 JSON',
  bad_shape: '报文结构不符合约定格式',
  empty: '报文中没有读数',
  too_many_readings: '一条报文中的读数过多',
  unknown_device: '设备未登记',
  device_disabled: '设备已停用',
  wrong_topic: '主题与设备不符',
  wrong_device: '报文所称设备与凭据不符或不在授权范围内',
  unknown_metric: '设备没有该监测项',
  sensor_disabled: '传感器已停用',
  unit_mismatch: '单位与传感器不符',
  bad_value: '读数不是有限数值',
  out_of_range: '读数超出有效量程',
  bad_timestamp: '时间无法解析',
  timestamp_without_zone: '时间缺少时区',
  future_timestamp: '时间晚于当前时间过多',
  too_old: '时间早于原始数据保留期',
};

/** One reading as the payload states it, its time parsed. */
export interface PayloadReading {
  /** Position in the payload's `readings` (0 for a single-reading payload). */
  index: number;
  metric: string;
  value: number;
  /** Epoch ms. */
  at: number;
  unit: string | null;
}

/** Something in a payload that cannot be stored, with what it was (for the quarantine). */
export interface PayloadProblem {
  /** The reading's position, or null for the payload as a whole. */
  index: number | null;
  reason: QuarantineReason;
  message: string;
  raw: unknown;
}

export interface ParsedPayload {
  /** The device the payload names, if it names one. */
  device: string | null;
  readings: PayloadReading[];
  battery: number | null;
  signal: number | null;
  /** Readings (or health fields) that failed; the rest of the payload still counts. */
  problems: PayloadProblem[];
}

export type PayloadParse =
  { ok: true; payload: ParsedPayload } | { ok: false; reason: QuarantineReason; message: string };

const ISO_WITH_ZONE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)$/;
const ISO_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
}

/**
 * An ISO 8601 timestamp with a zone as epoch ms; every calendar field checked (no "Feb 30" rolling over
 * into March). Fractions beyond milliseconds are truncated.
 */
export function parseZonedTimestamp(
  text: string,
): { ok: true; at: number } | { ok: false; reason: 'bad_timestamp' | 'timestamp_without_zone' } {
  const fast = parseCanonicalTimestamp(text);
  if (fast !== null) return { ok: true, at: fast };
  const m = ISO_WITH_ZONE.exec(text);
  if (!m)
    return { ok: false, reason: ISO_WITHOUT_ZONE.test(text) ? 'timestamp_without_zone' : 'bad_timestamp' };
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysIn(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return { ok: false, reason: 'bad_timestamp' };
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone!.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (oh > 14 || om > 59) return { ok: false, reason: 'bad_timestamp' };
    offsetMinutes = (zone!.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  const at = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  return { ok: true, at };
}

/** The decimal number in `t[i, i + len)`, or -1 when a character there is not a digit. */
function digitsAt(t: string, i: number, len: number): number {
  let v = 0;
  for (let k = i; k < i + len; k += 1) {
    const c = t.charCodeAt(k) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * The forms nearly every device sends — `2026-03-02T01:00:00.000Z` (JavaScript's toISOString) and
 * `2026-03-02T09:00:00+08:00`, with or without milliseconds — read digit by digit: the ingest parses a
 * timestamp per reading, and the regular expression was a twentieth of its CPU time (ADR 0007).
 * Returns epoch ms, or null for anything else, including an impossible date (the general parser decides).
 */
function parseCanonicalTimestamp(t: string): number | null {
  const n = t.length;
  if (n !== 20 && n !== 24 && n !== 25 && n !== 29) return null;
  if (t[4] !== '-' || t[7] !== '-' || t[10] !== 'T' || t[13] !== ':' || t[16] !== ':') return null;
  const year = digitsAt(t, 0, 4);
  const month = digitsAt(t, 5, 2);
  const day = digitsAt(t, 8, 2);
  const hour = digitsAt(t, 11, 2);
  const minute = digitsAt(t, 14, 2);
  const second = digitsAt(t, 17, 2);
  let ms = 0;
  let z = 19;
  if (n === 24 || n === 29) {
    if (t[19] !== '.') return null;
    ms = digitsAt(t, 20, 3);
    z = 23;
  }
  let offsetMinutes = 0;
  if (t[z] === 'Z') {
    if (n !== z + 1) return null;
  } else {
    const sign = t[z] === '+' ? 1 : t[z] === '-' ? -1 : 0;
    if (sign === 0 || n !== z + 6 || t[z + 3] !== ':') return null;
    const oh = digitsAt(t, z + 1, 2);
    const om = digitsAt(t, z + 4, 2);
    if (oh < 0 || om < 0 || oh > 14 || om > 59) return null;
    offsetMinutes = sign * (oh * 60 + om);
  }
  if (year < 0 || ms < 0 || hour < 0 || minute < 0 || second < 0) return null;
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function readingOf(raw: unknown, index: number): PayloadReading | PayloadProblem {
  const fail = (reason: QuarantineReason, message: string): PayloadProblem => ({
    index,
    reason,
    message,
    raw,
  });
  if (!isRecord(raw)) return fail('bad_shape', '读数应为对象 {metric, value, ts}');
  const { metric, value, ts, unit } = raw;
  if (typeof metric !== 'string' || metric.length === 0 || metric.length > 64)
    return fail('bad_shape', 'metric 应为非空字符串');
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail('bad_value', 'value 应为有限数值');
  if (typeof ts !== 'string' || ts.length > 40)
    return fail('bad_timestamp', 'ts 应为带时区的 ISO 8601 时间字符串');
  if (unit !== undefined && unit !== null && (typeof unit !== 'string' || unit.length > 20))
    return fail('bad_shape', 'unit 应为字符串');
  const time = parseZonedTimestamp(ts);
  if (!time.ok)
    return fail(
      time.reason,
      time.reason === 'timestamp_without_zone'
        ? `时间 ${ts} 缺少时区（应如 2026-03-02T09:00:00+08:00）`
        : `时间 ${ts} 无法解析`,
    );
  return { index, metric, value, at: time.at, unit: typeof unit === 'string' ? unit : null };
}

const isProblem = (r: PayloadReading | PayloadProblem): r is PayloadProblem => 'reason' in r;

/** A decoded JSON payload in the documented format, reading by reading. */
export function parseDevicePayload(value: unknown): PayloadParse {
  if (!isRecord(value)) return { ok: false, reason: 'bad_shape', message: '报文应为 JSON 对象' };
  const problems: PayloadProblem[] = [];
  const readings: PayloadReading[] = [];
  const { device, readings: list, battery, signal } = value;
  if (device !== undefined && (typeof device !== 'string' || device.length === 0 || device.length > 64))
    return { ok: false, reason: 'bad_shape', message: 'device 应为设备编号字符串' };
  let health = 0;
  let b: number | null = null;
  let s: number | null = null;
  if (battery !== undefined && battery !== null) {
    if (typeof battery === 'number' && battery >= 0 && battery <= 100) b = battery;
    else
      problems.push({
        index: null,
        reason: 'bad_shape',
        message: 'battery 应为 0–100 的电量百分比',
        raw: { battery },
      });
    health += 1;
  }
  if (signal !== undefined && signal !== null) {
    if (typeof signal === 'number' && signal >= -200 && signal <= 0) s = signal;
    else
      problems.push({
        index: null,
        reason: 'bad_shape',
        message: 'signal 应为 −200–0 的信号强度 dBm',
        raw: { signal },
      });
    health += 1;
  }
  if (list !== undefined) {
    if ('metric' in value || 'value' in value || 'ts' in value)
      return { ok: false, reason: 'bad_shape', message: '报文不能同时含 readings 与单个读数字段' };
    if (!Array.isArray(list)) return { ok: false, reason: 'bad_shape', message: 'readings 应为数组' };
    if (list.length > MAX_READINGS_PER_PAYLOAD)
      return {
        ok: false,
        reason: 'too_many_readings',
        message: `一条报文最多 ${MAX_READINGS_PER_PAYLOAD} 个读数，实有 ${list.length} 个`,
      };
    list.forEach((raw, i) => {
      const r = readingOf(raw, i);
      if (isProblem(r)) problems.push(r);
      else readings.push(r);
    });
    if (list.length === 0 && health === 0) return { ok: false, reason: 'empty', message: 'readings 为空' };
  } else if ('metric' in value || 'value' in value || 'ts' in value) {
    const r = readingOf(value, 0);
    if (isProblem(r))
      problems.push({
        ...r,
        raw: { metric: value.metric, value: value.value, ts: value.ts, unit: value.unit },
      });
    else readings.push(r);
  } else if (health === 0)
    return { ok: false, reason: 'empty', message: '报文中没有读数（应含 metric/value/ts 或 readings）' };
  return {
    ok: true,
    payload: {
      device: typeof device === 'string' ? device : null,
      readings,
      battery: b,
      signal: s,
      problems,
    },
  };
}

/** Strict UTF-8 (invalid bytes throw, and the payload is quarantined as not_json). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Raw payload bytes → JSON → `parseDevicePayload`; never throws. */
export function parseDevicePayloadBytes(bytes: Uint8Array, maxBytes: number): PayloadParse {
  if (bytes.byteLength > maxBytes)
    return {
      ok: false,
      reason: 'payload_too_large',
      message: `报文 ${bytes.byteLength} 字节，上限 ${maxBytes} 字节`,
    };
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(bytes));
  } catch {
    return { ok: false, reason: 'not_json', message: '报文不是合法的 UTF-8 JSON' };
  }
  return parseDevicePayload(value);
}

/** What a reading is checked against: its registered sensor, or null when the station has none for the metric. */
export interface SensorCheck {
  metric: Metric;
  enabled: boolean;
  validMin: number;
  validMax: number;
}

export interface ReadingLimits {
  /** Epoch ms of "now". */
  now: number;
  /** How far ahead of `now` a timestamp may be (device clocks drift). */
  maxFutureMs: number;
  /** How far behind `now` a timestamp may be (the raw tier's retention). */
  maxAgeMs: number;
}

/** Why a well-formed reading cannot be stored for its sensor, or null when it can. */
export function checkReading(
  r: PayloadReading,
  sensor: SensorCheck | null,
  limits: ReadingLimits,
): { reason: QuarantineReason; message: string } | null {
  if (!sensor)
    return {
      reason: 'unknown_metric',
      message: isMetric(r.metric) ? `设备没有登记监测项 ${r.metric}` : `未知监测项 ${r.metric}`,
    };
  if (!sensor.enabled)
    return { reason: 'sensor_disabled', message: `${METRIC_DEFS[sensor.metric].zh}传感器已停用` };
  if (r.unit !== null && !isUnitOf(sensor.metric, r.unit))
    return {
      reason: 'unit_mismatch',
      message: `单位应为 ${METRIC_DEFS[sensor.metric].unit}，实为 ${r.unit}`,
    };
  if (r.value < sensor.validMin || r.value > sensor.validMax)
    return {
      reason: 'out_of_range',
      message: `读数 ${r.value} 超出有效量程 ${sensor.validMin}–${sensor.validMax} ${METRIC_DEFS[sensor.metric].unit}`,
    };
  if (r.at > limits.now + limits.maxFutureMs)
    return {
      reason: 'future_timestamp',
      message: `时间 ${new Date(r.at).toISOString()} 晚于当前时间 ${Math.round((r.at - limits.now) / 1000)} 秒`,
    };
  if (r.at < limits.now - limits.maxAgeMs)
    return { reason: 'too_old', message: `时间 ${new Date(r.at).toISOString()} 早于原始数据保留期` };
  return null;
}

/**
 * The documented payload as a schema, for the HTTP ingest's OpenAPI entry and forms. The ingest itself
 * checks payloads with `parseDevicePayload`, reading by reading, so one bad reading never rejects the rest.
 */
export const DeviceReadingSchema = z.object({
  metric: z.string().describe('监测项，如 rainfall、water_level'),
  value: z.number().describe('读数，传感器的规范单位'),
  ts: z.string().describe('带时区的 ISO 8601 时间，如 2026-03-02T09:05:00+08:00'),
  unit: z.string().optional().describe('单位（可省略；给出时须与传感器一致）'),
});
export const DevicePayloadSchema = z.object({
  device: z.string().optional().describe('设备编号（HTTP 接入令牌必填；设备凭据时可省略）'),
  readings: z.array(DeviceReadingSchema).optional(),
  metric: z.string().optional(),
  value: z.number().optional(),
  ts: z.string().optional(),
  unit: z.string().optional(),
  battery: z.number().optional().describe('电量 %'),
  signal: z.number().optional().describe('信号强度 dBm'),
});

/** The answer to an HTTP ingest, given once everything in it is durable. */
export const IngestResult = z.object({
  /** Readings newly stored. */
  accepted: z.number().int(),
  /** Readings already stored before (same sensor and time): nothing changed. */
  duplicates: z.number().int(),
  /** Readings or payloads quarantined, each with its reason. */
  quarantined: z.array(
    z.object({
      payload: z.number().int(),
      index: z.number().int().nullable(),
      reason: z.enum(QUARANTINE_REASONS),
      message: z.string(),
    }),
  ),
});
export type IngestResult = z.infer<typeof IngestResult>;

export const QuarantineView = z.object({
  id: z.string(),
  receivedAt: z.string(),
  stationId: z.string().nullable(),
  deviceCode: z.string().nullable(),
  source: z.enum(['mqtt', 'http', 'connector']),
  topic: z.string().nullable(),
  reason: z.enum(QUARANTINE_REASONS),
  message: z.string(),
  /** The payload (or the one reading) as received, truncated to the stored length. */
  payload: z.string(),
  payloadBytes: z.number().int(),
});
export type QuarantineView = z.infer<typeof QuarantineView>;

export const QuarantineSummaryItem = z.object({
  stationId: z.string().nullable(),
  deviceCode: z.string().nullable(),
  count: z.number().int(),
  lastAt: z.string(),
  reasons: z.record(z.string(), z.number().int()),
});
export type QuarantineSummaryItem = z.infer<typeof QuarantineSummaryItem>;

// ---- time series tiers (part 3) ----

export const SERIES_TIERS = ['raw', '1m', '1h'] as const;
export type SeriesTier = (typeof SERIES_TIERS)[number];
export const TIER_SECONDS: Record<Exclude<SeriesTier, 'raw'>, number> = { '1m': 60, '1h': 3600 };

export interface TierRetention {
  rawDays: number;
  minuteDays: number;
  hourDays: number;
}

/**
 * The tier for a chart of [from, to): the finest one that still holds the range's start and gives at
 * most `maxPoints` points (raw counts one point per sampling interval), the hourly tier otherwise.
 */
export function pickTier(q: {
  from: number;
  to: number;
  now: number;
  samplingSeconds: number;
  maxPoints: number;
  retention: TierRetention;
}): SeriesTier {
  const seconds = Math.max(0, (q.to - q.from) / 1000);
  const holds = (days: number) => q.from >= q.now - days * 86_400_000;
  if (holds(q.retention.rawDays) && seconds / Math.max(1, q.samplingSeconds) <= q.maxPoints) return 'raw';
  if (holds(q.retention.minuteDays) && seconds / 60 <= q.maxPoints) return '1m';
  return '1h';
}

const IsoInstant = z
  .string()
  .refine((s) => parseZonedTimestamp(s).ok, '应为带时区的 ISO 8601 时间，如 2026-03-02T09:00:00+08:00');

export const SeriesQuery = z
  .object({
    from: IsoInstant,
    to: IsoInstant,
    tier: z.enum(['auto', ...SERIES_TIERS]).default('auto'),
    maxPoints: z.coerce.number().int().min(10).max(20_000).default(1500),
  })
  .superRefine((q, ctx) => {
    const from = parseZonedTimestamp(q.from);
    const to = parseZonedTimestamp(q.to);
    if (from.ok && to.ok && !(from.at < to.at))
      ctx.addIssue({ code: 'custom', path: ['to'], message: '结束时间应晚于开始时间' });
  });
export type SeriesQuery = z.infer<typeof SeriesQuery>;

export const SeriesPoint = z.object({
  /** Start of the bucket (rollups) or the reading's time (raw), ISO UTC. */
  t: z.string(),
  /** The reading, or the bucket's mean. */
  value: z.number(),
  min: z.number(),
  max: z.number(),
  /** Sum of the readings (rain accumulations). */
  sum: z.number(),
  count: z.number().int(),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

export const SeriesView = z.object({
  sensorId: z.string(),
  metric: z.string(),
  unit: z.string(),
  tier: z.enum(SERIES_TIERS),
  from: z.string(),
  to: z.string(),
  points: z.array(SeriesPoint),
});
export type SeriesView = z.infer<typeof SeriesView>;
