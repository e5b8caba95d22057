/**
 * The live stream's subscriptions (issue #4 part 7): each open stream gets the alarm changes of its
 * account's jurisdiction (from the alarm bus, after commit), the newest readings and device health of the
 * stations in it (from the ingest's committed batches, coalesced to at most one event a second), and
 * `end` when its session ends. The HTTP edge (routes/alarms.routes.ts, http/sse.ts) turns what it sends
 * into Server-Sent Events.
 *
 * One process today: the bus and the ingest are in-process, so a stream sees what this process commits.
 * Split roles would need a cross-process notice (PostgreSQL LISTEN/NOTIFY or the broker) feeding the same
 * `publish` — see docs/ARCHITECTURE.md, "Live updates".
 */
import {
  AppError,
  hasPermission,
  isInScope,
  type Actor,
  type LiveEventName,
  type Role,
  type ScopedRecord,
} from '@ningan/domain';
import type { AlarmBus, AlarmChange } from '../alarms/bus.ts';
import type { DeviceDirectory } from '../ingest/directory.ts';
import type { IngestService } from '../ingest/ingest.ts';
import type { CommittedBatch } from '../ingest/pipeline.ts';
import { scopedAlarm } from '../repositories/alarms.repository.ts';
import { getSession } from '../repositories/sessions.repository.ts';
import { getUserById, scopeOfUser } from '../repositories/users.repository.ts';
import type { AlarmService } from './alarms.service.ts';
import type { ServiceDeps } from './context.ts';

/** Where a stream's events go. `send` answers false when the client cannot keep up (the stream is then closed). */
export interface LiveSink {
  send(event: LiveEventName, data: unknown): boolean;
  /** A comment line (keeps proxies from timing the connection out). */
  ping(): boolean;
  end(): void;
}

export interface LiveStream {
  /** Stops the subscriptions (the client went away); idempotent. */
  close(): void;
}

export interface LiveStreamDeps {
  bus: AlarmBus;
  ingest: IngestService;
  directory: DeviceDirectory;
  alarms: AlarmService;
  /** Ping (and session re-check) interval; readings are coalesced over `coalesceMs`. Defaults 15 s and 1 s. */
  pingMs?: number;
  coalesceMs?: number;
}

interface ReadingItem {
  stationId: string;
  sensorId: string;
  metric: string;
  at: number;
  value: number;
}

interface HealthItem {
  stationId: string;
  lastSeenAt: number;
  battery: number | null;
  signal: number | null;
}

interface Connection {
  actor: Actor;
  sessionId: string;
  sink: LiveSink;
  /** Station id → in this account's jurisdiction (cleared at every session re-check). */
  stations: Map<string, boolean>;
  readings: Map<string, ReadingItem>;
  health: Map<string, HealthItem>;
  lastFlush: number;
  flushTimer: NodeJS.Timeout | null;
  pingTimer: NodeJS.Timeout;
  closed: boolean;
}

export function createLiveStreamService(deps: ServiceDeps, l: LiveStreamDeps) {
  const { db, clock, config, log } = deps;
  const pingMs = l.pingMs ?? 15_000;
  const coalesceMs = l.coalesceMs ?? 1000;
  const idleMs = config.session.idleMinutes * 60_000;
  const connections = new Set<Connection>();
  const perUser = new Map<string, number>();

  function drop(c: Connection): void {
    if (c.closed) return;
    c.closed = true;
    connections.delete(c);
    clearInterval(c.pingTimer);
    if (c.flushTimer) clearTimeout(c.flushTimer);
    const n = (perUser.get(c.actor.userId) ?? 1) - 1;
    if (n > 0) perUser.set(c.actor.userId, n);
    else perUser.delete(c.actor.userId);
  }

  function end(c: Connection, code: string, message: string): void {
    if (c.closed) return;
    c.sink.send('end', { code, message });
    drop(c);
    c.sink.end();
  }

  /** Sends, or closes a stream whose client does not keep up (it reconnects and reloads). */
  function send(c: Connection, event: LiveEventName, data: unknown): void {
    if (c.closed) return;
    if (!c.sink.send(event, data)) {
      log.warn({ userId: c.actor.userId }, 'live stream closed: the client does not keep up');
      drop(c);
      c.sink.end();
    }
  }

  // ---- alarms ----

  let alarmQueue: Promise<void> = Promise.resolve();

  async function deliverAlarms(changes: readonly AlarmChange[]): Promise<void> {
    if (!connections.size) return;
    const lastKind = new Map<string, string>();
    for (const ch of changes) lastKind.set(ch.alarmId, ch.kind);
    const views = await l.alarms.viewsForStream([...lastKind.keys()]);
    for (const { orgUnitId, ownerDepartmentId, ...alarm } of views) {
      const record = scopedAlarm({ regionCode: alarm.regionCode, orgUnitId, ownerDepartmentId });
      const event = { ...alarm, change: lastKind.get(alarm.id) ?? 'changed' };
      for (const c of connections) if (isInScope(c.actor.scope, record)) send(c, 'alarm', event);
    }
  }

  // In commit order: each publish's views are loaded after the previous one's were sent.
  l.bus.subscribe((changes) => {
    alarmQueue = alarmQueue
      .then(() => deliverAlarms(changes))
      .catch((err: unknown) => log.error({ err }, 'live stream: alarm delivery failed'));
  });

  // ---- readings and device health ----

  function flush(c: Connection): void {
    c.flushTimer = null;
    c.lastFlush = performance.now();
    if (c.readings.size) {
      const items = [...c.readings.values()].map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
      c.readings.clear();
      send(c, 'readings', { items });
    }
    if (c.health.size) {
      const items = [...c.health.values()].map((h) => ({
        ...h,
        lastSeenAt: new Date(h.lastSeenAt).toISOString(),
      }));
      c.health.clear();
      send(c, 'health', { items });
    }
  }

  function scheduleFlush(c: Connection): void {
    if (c.flushTimer || c.closed) return;
    const wait = Math.max(0, c.lastFlush + coalesceMs - performance.now());
    c.flushTimer = setTimeout(() => flush(c), wait);
  }

  async function deliverBatch(batch: CommittedBatch): Promise<void> {
    if (!connections.size) return;
    const ids = new Set<string>();
    for (const r of batch.readings) ids.add(r.stationId);
    for (const d of batch.devices) ids.add(d.stationId);
    const records = new Map<string, ScopedRecord | null>();
    const recordOf = async (id: string) => {
      if (!records.has(id)) {
        const s = await l.directory.stationById(id);
        records.set(
          id,
          s ? { regionCode: s.regionCode, orgUnitId: s.orgUnitId, supervisorId: s.ownerDepartmentId } : null,
        );
      }
      return records.get(id) ?? null;
    };
    for (const c of connections) {
      const visible = new Set<string>();
      for (const id of ids) {
        let seen = c.stations.get(id);
        if (seen === undefined) {
          const record = await recordOf(id);
          seen = record !== null && isInScope(c.actor.scope, record);
          c.stations.set(id, seen);
        }
        if (seen) visible.add(id);
      }
      if (!visible.size) continue;
      for (const r of batch.readings) {
        if (!visible.has(r.stationId)) continue;
        const key = `${r.stationId}\u0000${r.metric}`;
        const had = c.readings.get(key);
        if (!had || had.at <= r.at)
          c.readings.set(key, {
            stationId: r.stationId,
            sensorId: r.sensorId,
            metric: r.metric,
            at: r.at,
            value: r.value,
          });
      }
      for (const d of batch.devices)
        if (visible.has(d.stationId))
          c.health.set(d.stationId, {
            stationId: d.stationId,
            lastSeenAt: d.lastSeenAt,
            battery: d.battery,
            signal: d.signal,
          });
      if (c.readings.size || c.health.size) scheduleFlush(c);
    }
  }

  l.ingest.onReadings((batch) => deliverBatch(batch));

  // ---- session re-check ----

  /**
   * The stream lives as long as its session: ended (logout, absolute or idle timeout, account disabled or
   * without monitoring:read) → `end`. A stream does not count as activity: it never moves the idle clock.
   * The account's jurisdiction and roles are re-read, so a changed scope applies to the next events.
   */
  async function recheck(c: Connection): Promise<void> {
    const now = clock();
    const session = await getSession(db, c.sessionId);
    if (!session || session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleMs)
      return end(c, 'session_expired', '会话已结束，请重新登录');
    const user = await getUserById(db, session.userId);
    if (!user || user.disabled) return end(c, 'account_disabled', '账号已停用');
    const roles = user.roles as Role[];
    if (!hasPermission(roles, 'monitoring:read')) return end(c, 'forbidden', '没有查看监测数据的权限');
    c.actor = { ...c.actor, roles, scope: scopeOfUser(user) };
    c.stations.clear();
  }

  return {
    /**
     * Opens a stream for `actor`'s session. Nothing is sent before this returns.
     * @throws rate_limited when the account already holds `LIVE_STREAMS_PER_USER` streams
     */
    open(actor: Actor, sessionId: string, sink: LiveSink): LiveStream {
      const limit = config.monitoring.live.streamsPerUser;
      const held = perUser.get(actor.userId) ?? 0;
      if (held >= limit)
        throw new AppError(
          'rate_limited',
          `同时打开的实时连接已达上限（每个账号 ${limit} 个），请关闭其他页面后重试`,
        );
      perUser.set(actor.userId, held + 1);
      const c: Connection = {
        actor,
        sessionId,
        sink,
        stations: new Map(),
        readings: new Map(),
        health: new Map(),
        lastFlush: 0,
        flushTimer: null,
        closed: false,
        pingTimer: setInterval(() => {
          if (!c.sink.ping()) {
            drop(c);
            c.sink.end();
            return;
          }
          recheck(c).catch((err: unknown) => log.error({ err }, 'live stream: session re-check failed'));
        }, pingMs),
      };
      c.pingTimer.unref();
      connections.add(c);
      return { close: () => drop(c) };
    },

    /**
     * A warning event (published, cancelled, progress; issue #5) to every stream whose account may read
     * warnings and whose jurisdiction covers `regionCode` (the warning's). Returns the streams reached.
     */
    publishWarning(event: 'warning' | 'call', data: unknown, regionCode: string): number {
      let n = 0;
      const record: ScopedRecord = { regionCode };
      for (const c of connections)
        if (hasPermission(c.actor.roles, 'warning:read') && isInScope(c.actor.scope, record)) {
          send(c, event, data);
          n += 1;
        }
      return n;
    },

    /** An event to one account's open streams (in-app push of a warning or a 叫应 call). */
    pushToUser(userId: string, event: 'warning' | 'call', data: unknown): number {
      let n = 0;
      for (const c of connections)
        if (c.actor.userId === userId) {
          send(c, event, data);
          n += 1;
        }
      return n;
    },

    /** Open streams (all accounts). */
    get size(): number {
      return connections.size;
    },

    /** Ends every stream (shutdown): clients reconnect after their retry delay. */
    closeAll(): void {
      for (const c of [...connections]) end(c, 'shutting_down', '服务正在重启，稍后自动重连');
    },
  };
}

export type LiveStreamService = ReturnType<typeof createLiveStreamService>;
