/**
 * The live stream (GET /api/v1/monitoring/stream, Server-Sent Events): one connection for all the console's
 * tabs in this browser (shared-stream.ts), shared in a tab by every component that calls {@link useLiveStream}
 * — the header bell, the 告警中心, the station map — and let go when the last one unmounts.
 *
 * What it does by itself with the TanStack Query cache: an `alarm` event replaces that alarm in every
 * cached alarm list and marks the lists, the detail and the summary stale (refetched in the background,
 * at most once a second), so new alarms appear and filters stay right without a reload; after a
 * reconnect everything under ['alarms'] is refetched (events may have been missed meanwhile).
 * Readings and device health are handed to the subscribers (`applyReadings` / `applyHealth` patch a
 * cached station list). Reconnecting and retries: shared-stream.ts.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type {
  AlarmView,
  LiveAlarmEvent,
  LiveHealthEvent,
  LiveReadingsEvent,
  Page,
  StationView,
} from '@ningan/domain';
import { API_BASE } from './client.ts';
import { subscribeStream } from './shared-stream.ts';

/** Every alarm query's key starts with this (features/alarms/alarms-api.ts `alarmKeys`). */
export const ALARM_KEY_ROOT = 'alarms';

export const LIVE_STREAM_URL = `${API_BASE}/monitoring/stream`;

/** `open`: events flow; `connecting`: (re)connecting; `closed`: given up until the next retry. */
export type LiveStatus = 'connecting' | 'open' | 'closed';

export interface LiveHandlers {
  onAlarm?: (event: LiveAlarmEvent) => void;
  onReadings?: (event: LiveReadingsEvent) => void;
  onHealth?: (event: LiveHealthEvent) => void;
  /** After a reconnect: events may have been missed. */
  onReconnect?: () => void;
}

const INVALIDATE_EVERY_MS = 1_000;
const EVENT_TYPES = ['alarm', 'readings', 'health'] as const;

function parse<T>(data: string): T | null {
  try {
    return JSON.parse(data) as T;
  } catch {
    return null;
  }
}

class LiveConnection {
  private unsubscribe: (() => void) | null = null;
  private readonly subscribers = new Set<LiveHandlers>();
  private readonly statusListeners = new Set<() => void>();
  private invalidateTimer: ReturnType<typeof setTimeout> | null = null;
  status: LiveStatus = 'closed';
  queryClient: QueryClient | null = null;

  subscribe(handlers: LiveHandlers): () => void {
    this.subscribers.add(handlers);
    if (this.subscribers.size === 1) this.start();
    return () => {
      this.subscribers.delete(handlers);
      if (this.subscribers.size === 0) this.stop();
    };
  }

  onStatus = (listener: () => void): (() => void) => {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  };

  private setStatus(status: LiveStatus): void {
    if (status === this.status) return;
    this.status = status;
    for (const l of this.statusListeners) l();
  }

  private start(): void {
    this.unsubscribe = subscribeStream(LIVE_STREAM_URL, EVENT_TYPES, {
      onStatus: (status) => this.setStatus(status),
      onReopen: () => {
        void this.queryClient?.invalidateQueries({ queryKey: [ALARM_KEY_ROOT] });
        for (const s of this.subscribers) s.onReconnect?.();
      },
      onEvent: (type, data) => {
        if (type === 'alarm') {
          const event = parse<LiveAlarmEvent>(data);
          if (!event) return;
          this.patchAlarm(event);
          for (const s of this.subscribers) s.onAlarm?.(event);
        } else if (type === 'readings') {
          const event = parse<LiveReadingsEvent>(data);
          if (event) for (const s of this.subscribers) s.onReadings?.(event);
        } else if (type === 'health') {
          const event = parse<LiveHealthEvent>(data);
          if (event) for (const s of this.subscribers) s.onHealth?.(event);
        }
      },
    });
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.setStatus('closed');
  }

  /** The alarm in every cached list replaced at once; lists, detail and summary refetched shortly. */
  private patchAlarm(event: LiveAlarmEvent): void {
    const qc = this.queryClient;
    if (!qc) return;
    const { change: _change, ...alarm } = event;
    qc.setQueriesData<Page<AlarmView>>({ queryKey: [ALARM_KEY_ROOT, 'list'] }, (page) =>
      page?.items.some((a) => a.id === alarm.id)
        ? { ...page, items: page.items.map((a) => (a.id === alarm.id ? alarm : a)) }
        : page,
    );
    void qc.invalidateQueries({ queryKey: [ALARM_KEY_ROOT, 'detail', alarm.id] });
    if (this.invalidateTimer) return;
    this.invalidateTimer = setTimeout(() => {
      this.invalidateTimer = null;
      void qc.invalidateQueries({ queryKey: [ALARM_KEY_ROOT, 'list'] });
      void qc.invalidateQueries({ queryKey: [ALARM_KEY_ROOT, 'summary'] });
    }, INVALIDATE_EVERY_MS);
  }
}

const connection = new LiveConnection();

/**
 * Subscribes to the live stream while mounted (`enabled`: e.g. only with monitoring:read). Handlers may
 * change between renders. Answers the connection's status.
 */
export function useLiveStream(handlers: LiveHandlers = {}, enabled = true): LiveStatus {
  const queryClient = useQueryClient();
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    connection.queryClient = queryClient;
    return connection.subscribe({
      onAlarm: (e) => ref.current.onAlarm?.(e),
      onReadings: (e) => ref.current.onReadings?.(e),
      onHealth: (e) => ref.current.onHealth?.(e),
      onReconnect: () => ref.current.onReconnect?.(),
    });
  }, [enabled, queryClient]);
  return useSyncExternalStore(connection.onStatus, () => (enabled ? connection.status : 'closed'));
}

/** A station list with the newest readings put into its sensors' `latest` (unchanged stations kept as they were). */
export function applyReadings(stations: readonly StationView[], event: LiveReadingsEvent): StationView[] {
  const byStation = new Map<string, LiveReadingsEvent['items']>();
  for (const r of event.items) byStation.set(r.stationId, [...(byStation.get(r.stationId) ?? []), r]);
  return stations.map((s) => {
    const items = byStation.get(s.id);
    if (!items) return s;
    return {
      ...s,
      sensors: s.sensors.map((sensor) => {
        const r = items.find((i) => i.sensorId === sensor.id);
        return r && (!sensor.latest || sensor.latest.at <= r.at)
          ? { ...sensor, latest: { at: r.at, value: r.value } }
          : sensor;
      }),
    };
  });
}

/** A station list with the devices just heard from marked online and their last-seen time moved on. */
export function applyHealth(stations: readonly StationView[], event: LiveHealthEvent): StationView[] {
  const byStation = new Map(event.items.map((h) => [h.stationId, h]));
  return stations.map((s) => {
    const h = byStation.get(s.id);
    if (!h || !s.enabled) return s;
    return {
      ...s,
      health: {
        ...s.health,
        status: 'online',
        lastSeenAt: h.lastSeenAt,
        battery: h.battery ?? s.health.battery,
        signal: h.signal ?? s.health.signal,
      },
    };
  });
}
