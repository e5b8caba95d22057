/**
 * The monitoring part of the configuration (issue #4 parts 2–3): the MQTT broker or external broker,
 * group commit, device health and the retention of each time-series tier. Parsed with the rest of the
 * environment by `loadConfig` (config.ts), so a bad value here is listed with every other one.
 */
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const days = (fallback: number) => z.coerce.number().int().min(1).max(36_500).default(fallback);

export const MonitoringEnv = {
  /** Run the MQTT ingest at all (the embedded broker, or the subscription to MQTT_URL). */
  MQTT_ENABLED: bool.default(true),
  /** Port of the embedded broker; when taken, the next free one is used (and printed). 0 = any free port. */
  MQTT_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  /** Address the embedded broker listens on (default: HOST). */
  MQTT_HOST: z.string().min(1).optional(),
  /** An external broker (Mosquitto, EMQX…) to subscribe to instead of running the embedded one. */
  MQTT_URL: z
    .string()
    .regex(/^mqtts?:\/\/[^\s/]+/, '应为 mqtt://[user:password@]host:port 形式')
    .optional(),
  /**
   * The address devices are told to use when they reach the server by another name or port (NAT, a
   * domain): `mqtt://host:port` or `mqtts://host:port`, no credentials. Shown by the console only.
   */
  MQTT_PUBLIC_URL: z
    .string()
    .regex(/^mqtts?:\/\/[^\s/@:]+(:\d{1,5})?\/?$/, '应为 mqtt://host:port 形式（不含账号口令）')
    .optional(),
  /** Client id of the persistent subscription on the external broker (QoS 1 is queued there while we are down). */
  MQTT_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, '应为 1–64 位字母、数字、点、下划线或连字符')
    .default('ningan-ingest'),
  /** How long the external broker keeps our session (and queues QoS 1 messages for it) while we are down, s. */
  MQTT_SESSION_EXPIRY_SECONDS: z.coerce.number().int().min(0).max(4_294_967_295).default(86_400),
  /**
   * Sessions sharing the external broker's subscription ($share): mqtt.js handles one message per
   * connection at a time, and each PUBACK waits for durability.
   */
  MQTT_SUBSCRIBERS: z.coerce.number().int().min(1).max(64).default(4),
  /** Group commit: a batch is written when it holds this many readings… */
  INGEST_BATCH_MAX_READINGS: z.coerce.number().int().min(1).max(50_000).default(10_000),
  /** …or when its first reading has waited this long (ms). */
  INGEST_BATCH_MAX_WAIT_MS: z.coerce.number().int().min(0).max(5000).default(10),
  /** Largest payload accepted (bytes); a larger one is quarantined. */
  INGEST_MAX_PAYLOAD_BYTES: z.coerce.number().int().min(1024).max(16_777_216).default(262_144),
  /** How far ahead of the server's clock a reading's time may be (device clocks drift), seconds. */
  INGEST_MAX_FUTURE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** A station is offline after this many of its (shortest) sampling intervals without data… */
  DEVICE_OFFLINE_INTERVALS: z.coerce.number().min(1).max(100).default(3),
  /** …but never sooner than this many seconds. */
  DEVICE_OFFLINE_MIN_SECONDS: z.coerce.number().int().min(1).max(86_400).default(120),
  /** Retention of raw readings, one-minute and one-hour rollups, and quarantined payloads (days). */
  RETENTION_RAW_DAYS: days(90),
  RETENTION_1M_DAYS: days(400),
  RETENTION_1H_DAYS: days(3650),
  RETENTION_QUARANTINE_DAYS: days(30),
  /**
   * The demo simulator (演示模拟器) inside `ningan start` in demo mode: the demo fleet publishing simulated
   * readings over MQTT. `off` disables it (`--no-demo` does too).
   */
  SIMULATOR: z
    .enum(['on', 'off', '1', '0', 'true', 'false', 'yes', 'no'])
    .transform((v) => v === 'on' || v === '1' || v === 'true' || v === 'yes')
    .default(true),
  /** Mean seconds between two reports of a demo device (jittered ±50 %; real devices: minutes). */
  SIMULATOR_INTERVAL_SECONDS: z.coerce.number().min(1).max(3600).default(20),
  /**
   * Rules are woken this long after a deadline (a duration coming due, a no-data timeout), so a reading
   * stamped at the deadline is taken first; the transition is stamped at the deadline either way (ms).
   */
  ALARM_TICK_GRACE_MS: z.coerce.number().int().min(0).max(5000).default(200),
  /**
   * A rule's engine state is written with every transition and otherwise at most this often (ms); after a
   * crash the readings since are re-fed from the readings table (ADR 0008).
   */
  ALARM_STATE_PERSIST_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
  /** Live streams (GET /api/v1/monitoring/stream) one account may hold open at once (browser tabs, screens). */
  LIVE_STREAMS_PER_USER: z.coerce.number().int().min(1).max(100).default(5),
};

type MonitoringEnvValues = z.output<z.ZodObject<typeof MonitoringEnv>>;

export interface MonitoringConfig {
  mqtt: {
    enabled: boolean;
    port: number;
    host: string;
    /** External broker, or null for the embedded one. */
    url: string | null;
    /** What devices are told to connect to, when it differs from what the server sees (MQTT_PUBLIC_URL). */
    publicUrl: string | null;
    clientId: string;
    subscribers: number;
    sessionExpirySeconds: number;
  };
  ingest: {
    batchMaxReadings: number;
    batchMaxWaitMs: number;
    maxPayloadBytes: number;
    maxFutureSeconds: number;
  };
  health: { offlineIntervals: number; offlineMinSeconds: number };
  retention: { rawDays: number; minuteDays: number; hourDays: number; quarantineDays: number };
  /** The demo simulator (demo mode only; issue #4 part 8). */
  simulator: { enabled: boolean; intervalSeconds: number };
  alarms: { tickGraceMs: number; statePersistMs: number };
  live: { streamsPerUser: number };
}

/** Problems between variables: each coarser tier must be kept at least as long as the finer one. */
export function monitoringEnvProblems(e: MonitoringEnvValues): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (e.RETENTION_1M_DAYS < e.RETENTION_RAW_DAYS)
    problems.push({
      path: 'RETENTION_1M_DAYS',
      message: '分钟汇总的保留期不应短于原始数据（RETENTION_RAW_DAYS）',
    });
  if (e.RETENTION_1H_DAYS < e.RETENTION_1M_DAYS)
    problems.push({
      path: 'RETENTION_1H_DAYS',
      message: '小时汇总的保留期不应短于分钟汇总（RETENTION_1M_DAYS）',
    });
  return problems;
}

export function monitoringConfigOf(e: MonitoringEnvValues, host: string): MonitoringConfig {
  return {
    mqtt: {
      enabled: e.MQTT_ENABLED,
      port: e.MQTT_PORT,
      host: e.MQTT_HOST ?? host,
      url: e.MQTT_URL ?? null,
      publicUrl: e.MQTT_PUBLIC_URL ?? null,
      clientId: e.MQTT_CLIENT_ID,
      subscribers: e.MQTT_SUBSCRIBERS,
      sessionExpirySeconds: e.MQTT_SESSION_EXPIRY_SECONDS,
    },
    ingest: {
      batchMaxReadings: e.INGEST_BATCH_MAX_READINGS,
      batchMaxWaitMs: e.INGEST_BATCH_MAX_WAIT_MS,
      maxPayloadBytes: e.INGEST_MAX_PAYLOAD_BYTES,
      maxFutureSeconds: e.INGEST_MAX_FUTURE_SECONDS,
    },
    health: { offlineIntervals: e.DEVICE_OFFLINE_INTERVALS, offlineMinSeconds: e.DEVICE_OFFLINE_MIN_SECONDS },
    retention: {
      rawDays: e.RETENTION_RAW_DAYS,
      minuteDays: e.RETENTION_1M_DAYS,
      hourDays: e.RETENTION_1H_DAYS,
      quarantineDays: e.RETENTION_QUARANTINE_DAYS,
    },
    simulator: { enabled: e.SIMULATOR, intervalSeconds: e.SIMULATOR_INTERVAL_SECONDS },
    alarms: { tickGraceMs: e.ALARM_TICK_GRACE_MS, statePersistMs: e.ALARM_STATE_PERSIST_MS },
    live: { streamsPerUser: e.LIVE_STREAMS_PER_USER },
  };
}
