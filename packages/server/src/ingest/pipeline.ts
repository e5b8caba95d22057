/**
 * Group commit (issue #4 part 2): every source — MQTT message, HTTP request, connector — submits a unit
 * (its checked readings, its quarantined parts, the device's health) and gets a promise that settles
 * when the unit is durable. Units are buffered until the batch holds INGEST_BATCH_MAX_READINGS readings
 * or its first unit has waited INGEST_BATCH_MAX_WAIT_MS, then written in one transaction: one
 * multi-row insert of the readings (with their rollups), one of the quarantined items, one upsert of
 * device health. Only after COMMIT are the units' promises resolved — the MQTT PUBACK and the HTTP
 * answer wait for that — and then the batch's new readings are handed to the subscribers
 * (`onReadings`: the rule runtime, a live stream). One batch is written at a time; units arriving
 * meanwhile form the next one, so under load batches grow and commits per reading fall.
 */
import { AppError, type Metric } from '@ningan/domain';
import type { Logger } from 'pino';
import type { Db } from '../db/client.ts';
import {
  insertQuarantine,
  upsertHealth,
  type NewQuarantineRow,
} from '../repositories/monitoring.repository.ts';
import {
  insertedInThisTransaction,
  insertReadingsWithRollups,
  readingKey,
  type ReadingColumns,
} from '../repositories/readings.repository.ts';
import type { Clock } from '../services/context.ts';
import type { CachedSensor, CachedStation } from './directory.ts';

export interface UnitReading {
  station: CachedStation;
  sensor: CachedSensor;
  /** Epoch ms. */
  at: number;
  value: number;
}

/** What one message or request contributes. */
export interface IngestUnit {
  readings: UnitReading[];
  quarantine: NewQuarantineRow[];
  /** The devices heard from (any message, even a quarantined one, shows a device is alive). */
  health: { station: CachedStation; battery: number | null; signal: number | null }[];
}

export interface UnitResult {
  /** Readings newly stored. */
  accepted: number;
  /** Readings stored before (same sensor and time), or twice in the batch: nothing changed. */
  duplicates: number;
  quarantined: number;
}

/** A newly stored reading, as subscribers receive it. `device` is the station's device id. */
export interface AcceptedReading {
  stationId: string;
  device: string;
  sensorId: string;
  seriesId: number;
  metric: Metric;
  /** Epoch ms. */
  at: number;
  value: number;
}

export interface DeviceSeen {
  stationId: string;
  device: string;
  /** Epoch ms (server clock). */
  lastSeenAt: number;
  battery: number | null;
  signal: number | null;
}

/** What subscribers get after a batch is durable. */
export interface CommittedBatch {
  readings: AcceptedReading[];
  devices: DeviceSeen[];
  committedAt: Date;
}

export type BatchListener = (batch: CommittedBatch) => void | Promise<void>;

interface Pending {
  unit: IngestUnit;
  resolve: (r: UnitResult) => void;
  reject: (err: unknown) => void;
}

interface LiveHealth {
  lastSeenAt: number;
  battery: number | null;
  signal: number | null;
  /** What the database holds (written throttled). */
  storedSeenAt: number;
  storedBattery: number | null;
  storedSignal: number | null;
}

export interface PipelineOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  maxReadings: number;
  maxWaitMs: number;
  /** Last-seen is written at most this often per station unless battery/signal change (ms). */
  healthWriteMs?: number;
  /** Buffered readings beyond which new units are refused (the database cannot keep up). */
  maxBuffered?: number;
}

export interface PipelineStats {
  batches: number;
  accepted: number;
  duplicates: number;
  quarantined: number;
  failedBatches: number;
}

export class IngestPipeline {
  private pending: Pending[] = [];
  private pendingReadings = 0;
  private writing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private soon: NodeJS.Immediate | null = null;
  private closed = false;
  private readonly listeners = new Set<BatchListener>();
  private readonly live = new Map<string, LiveHealth>();
  readonly stats: PipelineStats = {
    batches: 0,
    accepted: 0,
    duplicates: 0,
    quarantined: 0,
    failedBatches: 0,
  };

  constructor(private readonly o: PipelineOptions) {}

  /**
   * Resolves once everything in `unit` is durable; rejects if its batch could not be written.
   * `immediate`: the source sends one unit at a time and waits for it (an external broker's session), so
   * waiting for more would only add latency — write at the end of this turn of the event loop.
   */
  submit(unit: IngestUnit, options: { immediate?: boolean } = {}): Promise<UnitResult> {
    if (this.closed) return Promise.reject(new AppError('internal_error', '数据接入已停止'));
    if (this.pendingReadings > (this.o.maxBuffered ?? this.o.maxReadings * 50))
      return Promise.reject(new AppError('rate_limited', '数据接入繁忙，请稍后重发'));
    return new Promise<UnitResult>((resolve, reject) => {
      this.pending.push({ unit, resolve, reject });
      this.pendingReadings += unit.readings.length;
      this.schedule(options.immediate ?? false);
    });
  }

  /** Subscribes to committed batches; returns the unsubscribe function. */
  onReadings(listener: BatchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The freshest known health of a station (this process's view; the table lags by up to healthWriteMs). */
  liveHealth(
    stationId: string,
  ): { lastSeenAt: number; battery: number | null; signal: number | null } | null {
    const h = this.live.get(stationId);
    return h ? { lastSeenAt: h.lastSeenAt, battery: h.battery, signal: h.signal } : null;
  }

  /** Writes everything buffered and the latest device health, then refuses new units. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.pending.length || this.writing) {
      if (!this.writing) this.flush();
      await this.writing;
    }
    const rows = [...this.live.entries()]
      .filter(([, h]) => h.lastSeenAt > h.storedSeenAt)
      .map(([stationId, h]) => ({
        stationId,
        lastSeenAt: new Date(h.lastSeenAt),
        battery: h.battery,
        signal: h.signal,
      }));
    if (rows.length) await upsertHealth(this.o.db, rows);
  }

  private schedule(immediate: boolean): void {
    if (this.writing) return; // the running write picks the buffer up when it ends
    if (this.pendingReadings >= this.o.maxReadings) {
      this.flush();
      return;
    }
    if (immediate || this.o.maxWaitMs === 0) {
      this.soon ??= setImmediate(() => this.flush());
      return;
    }
    this.timer ??= setTimeout(() => this.flush(), this.o.maxWaitMs);
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.soon) {
      clearImmediate(this.soon);
      this.soon = null;
    }
    if (this.writing || !this.pending.length) return;
    const batch: Pending[] = [];
    let n = 0;
    while (
      this.pending.length &&
      (batch.length === 0 || n + this.pending[0]!.unit.readings.length <= this.o.maxReadings)
    ) {
      const p = this.pending.shift()!;
      batch.push(p);
      n += p.unit.readings.length;
    }
    this.pendingReadings -= n;
    this.writing = this.write(batch).finally(() => {
      this.writing = null;
      // Whatever arrived during the write has waited at least that long: write it now.
      if (this.pending.length) this.flush();
    });
  }

  private async write(batch: Pending[]): Promise<void> {
    const now = this.o.clock();
    // Column-wise, every reading as given: the insert skips repeats (stored before, or twice in the
    // batch), and only then is it worth finding out which ones those were.
    const cols: ReadingColumns = { series: [], at: [], values: [] };
    const quarantine: NewQuarantineRow[] = [];
    for (const { unit } of batch) {
      for (const r of unit.readings) {
        cols.series.push(r.sensor.seriesId);
        cols.at.push(r.at);
        cols.values.push(r.value);
      }
      for (const q of unit.quarantine) quarantine.push(q);
    }
    const seen = this.healthOf(batch, now.getTime());
    const added: { keys: Set<string> | null } = { keys: null }; // null: every reading was added
    try {
      await this.o.db.transaction(async (tx) => {
        const inserted = await insertReadingsWithRollups(tx, cols);
        if (inserted < cols.series.length) added.keys = await insertedInThisTransaction(tx, cols);
        if (quarantine.length) await insertQuarantine(tx, quarantine);
        if (seen.write.length) await upsertHealth(tx, seen.write);
      });
    } catch (err) {
      this.stats.failedBatches += 1;
      this.o.log.error({ err, units: batch.length, readings: cols.series.length }, 'ingest batch failed');
      for (const p of batch) p.reject(err);
      return;
    }
    // Durable: settle the units (MQTT PUBACKs, HTTP answers), then tell the subscribers.
    for (const row of seen.write) {
      const h = this.live.get(row.stationId);
      if (h) {
        h.storedSeenAt = Math.max(h.storedSeenAt, row.lastSeenAt.getTime());
        h.storedBattery = h.battery;
        h.storedSignal = h.signal;
      }
    }
    // With repeats, a reading is new when this transaction inserted its key and no earlier reading of
    // the batch claimed it.
    const fresh = added.keys;
    const isNew =
      fresh === null ? () => true : (r: UnitReading) => fresh.delete(readingKey(r.sensor.seriesId, r.at));
    const accepted: AcceptedReading[] = [];
    const listening = this.listeners.size > 0;
    for (const p of batch) {
      let acceptedHere = 0;
      for (const r of p.unit.readings) {
        if (!isNew(r)) continue;
        acceptedHere += 1;
        if (listening)
          accepted.push({
            stationId: r.station.id,
            device: r.station.code,
            sensorId: r.sensor.id,
            seriesId: r.sensor.seriesId,
            metric: r.sensor.metric,
            at: r.at,
            value: r.value,
          });
      }
      const result: UnitResult = {
        accepted: acceptedHere,
        duplicates: p.unit.readings.length - acceptedHere,
        quarantined: p.unit.quarantine.length,
      };
      this.stats.accepted += result.accepted;
      this.stats.duplicates += result.duplicates;
      this.stats.quarantined += result.quarantined;
      p.resolve(result);
    }
    this.stats.batches += 1;
    if (listening) this.emit({ readings: accepted, devices: seen.devices, committedAt: now });
  }

  /** Merges the batch's device sightings into the live view; returns those due for the table. */
  private healthOf(batch: Pending[], now: number) {
    const devices = new Map<string, DeviceSeen>();
    for (const { unit } of batch)
      for (const h of unit.health) {
        const prev = devices.get(h.station.id);
        devices.set(h.station.id, {
          stationId: h.station.id,
          device: h.station.code,
          lastSeenAt: now,
          battery: h.battery ?? prev?.battery ?? null,
          signal: h.signal ?? prev?.signal ?? null,
        });
      }
    const write: { stationId: string; lastSeenAt: Date; battery: number | null; signal: number | null }[] =
      [];
    const every = this.o.healthWriteMs ?? 10_000;
    for (const d of devices.values()) {
      let h = this.live.get(d.stationId);
      if (!h) {
        h = {
          lastSeenAt: 0,
          battery: null,
          signal: null,
          storedSeenAt: 0,
          storedBattery: null,
          storedSignal: null,
        };
        this.live.set(d.stationId, h);
      }
      h.lastSeenAt = Math.max(h.lastSeenAt, d.lastSeenAt);
      if (d.battery !== null) h.battery = d.battery;
      if (d.signal !== null) h.signal = d.signal;
      d.battery = h.battery;
      d.signal = h.signal;
      if (
        h.lastSeenAt - h.storedSeenAt >= every ||
        h.battery !== h.storedBattery ||
        h.signal !== h.storedSignal
      )
        write.push({
          stationId: d.stationId,
          lastSeenAt: new Date(h.lastSeenAt),
          battery: d.battery,
          signal: d.signal,
        });
    }
    return { devices: [...devices.values()], write };
  }

  private emit(batch: CommittedBatch): void {
    for (const listener of this.listeners) {
      try {
        const r = listener(batch);
        if (r instanceof Promise)
          r.catch((err: unknown) => this.o.log.error({ err }, 'ingest subscriber failed'));
      } catch (err) {
        this.o.log.error({ err }, 'ingest subscriber failed');
      }
    }
  }
}
