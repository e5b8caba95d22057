/**
 * Device payload → an ingest unit: the readings that pass every check, each with its sensor, and
 * everything else as quarantine rows with their reason. Never throws on any input: a payload that is not
 * JSON, not our format, from an unknown device or out of range ends up in the quarantine, not in an
 * exception.
 */
import {
  checkReading,
  deviceOfTopic,
  parseDevicePayload,
  parseDevicePayloadBytes,
  type PayloadParse,
  type QuarantineReason,
  type ReadingLimits,
} from '@ningan/domain';
import type { CachedStation, CachedToken, DeviceDirectory } from './directory.ts';
import type { IngestUnit, UnitReading } from './pipeline.ts';

/** Characters of a payload kept in the quarantine. */
export const QUARANTINE_PAYLOAD_CHARS = 4096;

export type Source = 'mqtt' | 'http' | 'connector';

export interface ParseContext {
  receivedAt: Date;
  limits: ReadingLimits;
  maxPayloadBytes: number;
  /** The county's code: the jurisdiction of quarantined payloads from unknown devices. */
  countyCode: string;
}

/** A quarantined part, as the HTTP answer lists it. */
export interface Problem {
  /** Position of the payload in an HTTP body that is an array (0 otherwise). */
  payload: number;
  index: number | null;
  reason: QuarantineReason;
  message: string;
}

export interface ParsedUnit {
  unit: IngestUnit;
  problems: Problem[];
}

const decoder = new TextDecoder('utf-8'); // replacement characters for invalid bytes

/** Text for the quarantine: valid UTF-8 without NUL (PostgreSQL text cannot hold it), truncated. */
export function quarantineText(value: Uint8Array | string): string {
  const text =
    typeof value === 'string' ? value : decoder.decode(value.subarray(0, QUARANTINE_PAYLOAD_CHARS * 4));
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must go
  return text.slice(0, QUARANTINE_PAYLOAD_CHARS).replace(/\u0000/g, '\uFFFD');
}

function rawText(raw: unknown): string {
  try {
    return JSON.stringify(raw) ?? String(raw);
  } catch {
    return String(raw);
  }
}

class UnitBuilder {
  readonly unit: IngestUnit = { readings: [], quarantine: [], health: [] };
  readonly problems: Problem[] = [];
  constructor(
    private readonly ctx: ParseContext,
    private readonly source: Source,
    private readonly topic: string | null,
  ) {}

  quarantine(
    station: CachedStation | null,
    deviceCode: string | null,
    where: { payload: number; index: number | null },
    reason: QuarantineReason,
    message: string,
    payload: Uint8Array | string,
  ): void {
    const text = quarantineText(payload);
    this.unit.quarantine.push({
      receivedAt: this.ctx.receivedAt,
      stationId: station?.id ?? null,
      deviceCode: station?.code ?? (deviceCode === null ? null : quarantineText(deviceCode).slice(0, 64)),
      regionCode: station?.regionCode ?? this.ctx.countyCode,
      orgUnitId: station?.orgUnitId ?? null,
      ownerDepartmentId: station?.ownerDepartmentId ?? null,
      source: this.source,
      topic: this.topic === null ? null : quarantineText(this.topic).slice(0, 256),
      reason,
      message,
      payload: text,
      payloadBytes: typeof payload === 'string' ? Buffer.byteLength(payload) : payload.byteLength,
    });
    this.problems.push({ ...where, reason, message });
  }

  /** The readings of a parsed payload of `station`: checked one by one. */
  take(station: CachedStation, parsed: PayloadParse, payloadIndex: number, bytes: Uint8Array | string): void {
    if (!parsed.ok) {
      this.quarantine(
        station,
        null,
        { payload: payloadIndex, index: null },
        parsed.reason,
        parsed.message,
        bytes,
      );
      return;
    }
    const p = parsed.payload;
    for (const problem of p.problems)
      this.quarantine(
        station,
        null,
        { payload: payloadIndex, index: problem.index },
        problem.reason,
        problem.message,
        rawText(problem.raw),
      );
    for (const r of p.readings) {
      const sensor = station.sensors.get(r.metric) ?? null;
      const bad = checkReading(r, sensor, this.ctx.limits);
      if (bad || !sensor) {
        this.quarantine(
          station,
          null,
          { payload: payloadIndex, index: r.index },
          bad?.reason ?? 'unknown_metric',
          bad?.message ?? r.metric,
          rawText({
            metric: r.metric,
            value: r.value,
            ts: new Date(r.at).toISOString(),
            unit: r.unit ?? undefined,
          }),
        );
        continue;
      }
      const reading: UnitReading = { station, sensor, at: r.at, value: r.value };
      this.unit.readings.push(reading);
    }
    this.seen(station, p.battery, p.signal);
  }

  /** The device was heard from (battery %, signal dBm when it said so). */
  seen(station: CachedStation, battery: number | null = null, signal: number | null = null): void {
    const prev = this.unit.health.find((h) => h.station === station);
    if (prev) {
      prev.battery = battery ?? prev.battery;
      prev.signal = signal ?? prev.signal;
    } else this.unit.health.push({ station, battery, signal });
  }
}

/**
 * The payload of a message whose device is known (by its credentials or by the topic): stored, or
 * quarantined when the payload itself names another device. The station counts as heard from either way.
 */
function takeDevicePayload(
  ctx: ParseContext,
  b: UnitBuilder,
  station: CachedStation,
  bytes: Uint8Array,
  knownBy: '凭据' | '主题',
): ParsedUnit {
  const parsed = parseDevicePayloadBytes(bytes, ctx.maxPayloadBytes);
  if (parsed.ok && parsed.payload.device !== null && parsed.payload.device !== station.code)
    b.quarantine(
      station,
      null,
      { payload: 0, index: null },
      'wrong_device',
      `报文所称设备 ${parsed.payload.device} 与${knownBy}不符`,
      bytes,
    );
  else b.take(station, parsed, 0, bytes);
  b.seen(station);
  return b;
}

/**
 * A message an authenticated device published to the embedded broker. The topic must be the device's
 * own readings topic.
 */
export function unitFromDeviceMessage(
  ctx: ParseContext,
  station: CachedStation,
  topic: string,
  bytes: Uint8Array,
): ParsedUnit {
  const b = new UnitBuilder(ctx, 'mqtt', topic);
  if (deviceOfTopic(topic) !== station.code) {
    b.quarantine(
      station,
      null,
      { payload: 0, index: null },
      'wrong_topic',
      `设备 ${station.code} 只能发布到 ningan/v1/devices/${station.code}/readings`,
      bytes,
    );
    b.seen(station);
    return b;
  }
  return takeDevicePayload(ctx, b, station, bytes, '凭据');
}

/** A message from an external broker: the device is named by the topic only (the broker authenticated it). */
export async function unitFromBrokerMessage(
  ctx: ParseContext,
  directory: DeviceDirectory,
  topic: string,
  bytes: Uint8Array,
): Promise<ParsedUnit> {
  const b = new UnitBuilder(ctx, 'mqtt', topic);
  const code = deviceOfTopic(topic);
  const station = code === null ? null : await directory.stationByCode(code);
  if (!station) {
    b.quarantine(
      null,
      code,
      { payload: 0, index: null },
      code === null ? 'wrong_topic' : 'unknown_device',
      code === null ? `主题 ${topic} 不是 ningan/v1/devices/{设备编号}/readings` : `设备 ${code} 未登记`,
      bytes,
    );
    return b;
  }
  if (!station.enabled) {
    b.quarantine(
      station,
      null,
      { payload: 0, index: null },
      'device_disabled',
      `设备 ${station.code} 已停用`,
      bytes,
    );
    return b;
  }
  return takeDevicePayload(ctx, b, station, bytes, '主题');
}

/** Who posts over HTTP: one device (its secret) or an integration token for the stations in its scope. */
export type HttpPoster = { kind: 'device'; station: CachedStation } | { kind: 'token'; token: CachedToken };

function tokenCovers(token: CachedToken, station: CachedStation): boolean {
  if (!station.regionCode.startsWith(token.regionCode)) return false;
  return (
    token.orgUnitId === null ||
    station.orgUnitId === token.orgUnitId ||
    station.ownerDepartmentId === token.orgUnitId
  );
}

/**
 * An HTTP body: one payload object or an array of them. With a device's credentials a payload may name
 * only that device; with an integration token each payload names its device.
 */
export async function unitFromHttpBody(
  ctx: ParseContext,
  directory: DeviceDirectory,
  poster: HttpPoster,
  bytes: Uint8Array,
  source: Source = 'http',
): Promise<ParsedUnit> {
  const b = new UnitBuilder(ctx, source, null);
  const own = poster.kind === 'device' ? poster.station : null;
  if (bytes.byteLength > ctx.maxPayloadBytes) {
    b.quarantine(
      own,
      null,
      { payload: 0, index: null },
      'payload_too_large',
      `请求体 ${bytes.byteLength} 字节，上限 ${ctx.maxPayloadBytes} 字节`,
      bytes,
    );
    return b;
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    b.quarantine(own, null, { payload: 0, index: null }, 'not_json', '请求体不是合法的 UTF-8 JSON', bytes);
    if (own) b.seen(own);
    return b;
  }
  const payloads = Array.isArray(body) ? body : [body];
  if (payloads.length === 0)
    b.quarantine(own, null, { payload: 0, index: null }, 'empty', '请求体是空数组', bytes);
  for (const [i, value] of payloads.entries()) {
    const parsed = parseDevicePayload(value);
    const named = parsed.ok ? parsed.payload.device : null;
    const text = payloads.length === 1 ? bytes : rawText(value);
    if (own) {
      if (named !== null && named !== own.code)
        b.quarantine(
          own,
          null,
          { payload: i, index: null },
          'wrong_device',
          `报文所称设备 ${named} 与凭据不符`,
          text,
        );
      else b.take(own, parsed, i, text);
      continue;
    }
    if (!parsed.ok) {
      b.quarantine(null, null, { payload: i, index: null }, parsed.reason, parsed.message, text);
      continue;
    }
    if (named === null) {
      b.quarantine(
        null,
        null,
        { payload: i, index: null },
        'bad_shape',
        '使用接入令牌时每条报文须含 device（设备编号）',
        text,
      );
      continue;
    }
    const station = await directory.stationByCode(named);
    const token = (poster as { token: CachedToken }).token;
    if (!station)
      b.quarantine(null, named, { payload: i, index: null }, 'unknown_device', `设备 ${named} 未登记`, text);
    else if (!tokenCovers(token, station))
      b.quarantine(
        null,
        named,
        { payload: i, index: null },
        'wrong_device',
        `设备 ${named} 不在接入令牌“${token.name}”的范围内`,
        text,
      );
    else if (!station.enabled)
      b.quarantine(
        station,
        null,
        { payload: i, index: null },
        'device_disabled',
        `设备 ${named} 已停用`,
        text,
      );
    else b.take(station, parsed, i, text);
  }
  if (own) b.seen(own);
  return b;
}
