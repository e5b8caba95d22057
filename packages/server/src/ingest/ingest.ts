/**
 * The ingest service: device authentication, the three entry points (a device's message on the
 * embedded broker, a message relayed by an external broker, an HTTP body) and the group-commit pipeline
 * behind them. Every entry point resolves only once what it was given is durable.
 */
import { timingSafeEqual } from 'node:crypto';
import { AppError, type IngestResult, type QuarantineReason } from '@ningan/domain';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { touchIngestToken } from '../repositories/monitoring.repository.ts';
import type { Clock } from '../services/context.ts';
import type { CachedStation, CachedToken, DeviceDirectory } from './directory.ts';
import {
  quarantineText,
  unitFromBrokerMessage,
  unitFromDeviceMessage,
  unitFromHttpBody,
  type HttpPoster,
  type ParseContext,
  type Source,
} from './parse.ts';
import { IngestPipeline, type BatchListener, type UnitResult } from './pipeline.ts';

export interface IngestDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  directory: DeviceDirectory;
}

/** Prefix of integration tokens, so a leaked one is recognisable (and never mistaken for a session). */
export const INGEST_TOKEN_PREFIX = 'nit_';
const TOKEN_TOUCH_MS = 60_000;
/** Connector records per ingest unit (each well under the payload limit). */
const CONNECTOR_SLICE = 500;

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export function createIngest(deps: IngestDeps) {
  const { config, clock, directory } = deps;
  const m = config.monitoring;
  const pipeline = new IngestPipeline({
    db: deps.db,
    clock,
    log: deps.log,
    maxReadings: m.ingest.batchMaxReadings,
    maxWaitMs: m.ingest.batchMaxWaitMs,
  });
  const touched = new Map<string, number>();

  function context(): ParseContext {
    const receivedAt = clock();
    return {
      receivedAt,
      limits: {
        now: receivedAt.getTime(),
        maxFutureMs: m.ingest.maxFutureSeconds * 1000,
        maxAgeMs: m.retention.rawDays * 86_400_000,
      },
      maxPayloadBytes: m.ingest.maxPayloadBytes,
      countyCode: config.regionCode,
    };
  }

  async function authenticateDevice(code: string, secret: string): Promise<CachedStation | null> {
    const station = await directory.stationByCode(code);
    if (!station || !station.enabled) return null;
    return sameHash(sha256Hex(secret), station.secretHash) ? station : null;
  }

  /** `Authorization: Basic <device:secret>` or `Bearer nit_…`; anything else is unauthenticated. */
  async function posterOf(authorization: string | undefined): Promise<HttpPoster> {
    const fail = () =>
      new AppError('unauthenticated', '请提供设备凭据（Basic 设备编号:密钥）或数据接入令牌（Bearer）');
    if (!authorization) throw fail();
    if (authorization.startsWith('Basic ')) {
      const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 1) throw fail();
      const station = await authenticateDevice(decoded.slice(0, colon), decoded.slice(colon + 1));
      if (!station) throw new AppError('invalid_credentials', '设备编号或密钥错误，或设备已停用');
      return { kind: 'device', station };
    }
    if (authorization.startsWith(`Bearer ${INGEST_TOKEN_PREFIX}`)) {
      const token = await directory.tokenByHash(sha256Hex(authorization.slice(7).trim()));
      if (!token) throw new AppError('invalid_credentials', '数据接入令牌无效或已吊销');
      const now = clock().getTime();
      if (now - (touched.get(token.id) ?? 0) >= TOKEN_TOUCH_MS) {
        touched.set(token.id, now);
        touchIngestToken(deps.db, token.id, new Date(now)).catch((err: unknown) =>
          deps.log.warn({ err }, 'could not record the use of an ingest token'),
        );
      }
      return { kind: 'token', token };
    }
    throw fail();
  }

  return {
    directory,

    /** MQTT CONNECT on the embedded broker: device id and secret → the station, or null. */
    authenticateDevice,

    /** A message a device published to the embedded broker; resolves when durable. */
    async acceptDeviceMessage(station: CachedStation, topic: string, bytes: Uint8Array): Promise<UnitResult> {
      return pipeline.submit(unitFromDeviceMessage(context(), station, topic, bytes).unit);
    },

    /** A message delivered by the external broker; resolves when durable. */
    async acceptBrokerMessage(topic: string, bytes: Uint8Array): Promise<UnitResult> {
      const { unit } = await unitFromBrokerMessage(context(), directory, topic, bytes);
      return pipeline.submit(unit, { immediate: true });
    },

    /**
     * An HTTP body (one payload or an array) from a device or an integration; answers once durable.
     * @throws unauthenticated | invalid_credentials | rate_limited (the database cannot keep up)
     */
    async acceptHttp(
      authorization: string | undefined,
      bytes: Uint8Array,
      source: Source = 'http',
    ): Promise<IngestResult> {
      const poster = await posterOf(authorization);
      const { unit, problems } = await unitFromHttpBody(context(), directory, poster, bytes, source);
      const result = await pipeline.submit(unit);
      return { accepted: result.accepted, duplicates: result.duplicates, quarantined: problems };
    },

    /**
     * Payloads a connector produced (they name their devices), fed like an integration token's within the
     * connector's scope; answers once durable. The body goes in slices so no slice hits the payload limit.
     */
    async acceptConnector(
      scope: CachedToken,
      payloads: readonly unknown[],
    ): Promise<{ accepted: number; duplicates: number; quarantined: number }> {
      const total = { accepted: 0, duplicates: 0, quarantined: 0 };
      for (let i = 0; i < payloads.length; i += CONNECTOR_SLICE) {
        const bytes = Buffer.from(JSON.stringify(payloads.slice(i, i + CONNECTOR_SLICE)));
        const { unit } = await unitFromHttpBody(
          context(),
          directory,
          { kind: 'token', token: scope },
          bytes,
          'connector',
        );
        const r = await pipeline.submit(unit);
        total.accepted += r.accepted;
        total.duplicates += r.duplicates;
        total.quarantined += r.quarantined;
      }
      return total;
    },

    /** Something a connector received that is not records at all (not JSON, an unreadable file): quarantined whole. */
    async quarantineWhole(
      source: Source,
      reason: QuarantineReason,
      message: string,
      bytes: Uint8Array,
      regionCode: string,
    ): Promise<void> {
      await pipeline.submit({
        readings: [],
        health: [],
        quarantine: [
          {
            receivedAt: clock(),
            stationId: null,
            deviceCode: null,
            regionCode,
            orgUnitId: null,
            ownerDepartmentId: null,
            source,
            topic: null,
            reason,
            message,
            payload: quarantineText(bytes),
            payloadBytes: bytes.byteLength,
          },
        ],
      });
    },

    /** Subscribe to batches of newly stored readings (after they are durable). */
    onReadings(listener: BatchListener): () => void {
      return pipeline.onReadings(listener);
    },

    liveHealth: (stationId: string) => pipeline.liveHealth(stationId),
    stats: pipeline.stats,

    /** Writes what is buffered; new messages are refused afterwards. */
    close: () => pipeline.close(),
  };
}

export type IngestService = ReturnType<typeof createIngest>;
