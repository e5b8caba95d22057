/**
 * The command stream (GET /api/v1/command/stream, Server-Sent Events, incident:read): `change` events name the
 * incident and the topic that changed, already filtered by jurisdiction. Authenticated like the monitoring
 * stream (api/live-stream.ts): the session cookie, sent by EventSource `withCredentials`. The browser reconnects
 * a dropped stream itself; a refused one (signed out, too many streams) is retried with a growing delay after
 * asking for the session, so a 401 there signs the console out as on any call.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { API_BASE, request } from '../../api/client.ts';

export const COMMAND_STREAM_URL = `${API_BASE}/command/stream`;

/** One committed change (server command/bus.ts `CommandChange`). */
export interface CommandChangeEvent {
  incidentId: string | null;
  regionCode: string;
  topic: string;
  seq?: number;
  refId?: string;
  at: number;
}

export type CommandStreamStatus = 'connecting' | 'open' | 'closed';

const RETRY_MIN_MS = 5_000;
const RETRY_MAX_MS = 60_000;

/** The changes of one `change` event's data (one change, or a batch). */
export function parseChanges(data: string): CommandChangeEvent[] {
  try {
    const value: unknown = JSON.parse(data);
    const list = Array.isArray(value) ? value : [value];
    return list.filter(
      (c): c is CommandChangeEvent =>
        typeof c === 'object' && c !== null && typeof (c as CommandChangeEvent).topic === 'string',
    );
  } catch {
    return [];
  }
}

/**
 * Listens to the command stream while mounted and `enabled`. `onChange` hears every change; `onReconnect`
 * after a reconnect (changes may have been missed: refetch). Answers the connection status.
 */
export function useCommandStream(
  handlers: { onChange: (changes: CommandChangeEvent[]) => void; onReconnect?: () => void },
  enabled = true,
): CommandStreamStatus {
  const [status, setStatus] = useState<CommandStreamStatus>('closed');
  const ref = useRef(handlers);
  useEffect(() => {
    ref.current = handlers;
  });

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let stopped = false;
    let openedBefore = false;
    let retryMs = RETRY_MIN_MS;
    let timer: ReturnType<typeof setTimeout> | null = null;

    const connect = () => {
      if (stopped) return;
      setStatus('connecting');
      const s = new EventSource(COMMAND_STREAM_URL, { withCredentials: true });
      source = s;
      s.onopen = () => {
        retryMs = RETRY_MIN_MS;
        setStatus('open');
        if (openedBefore) ref.current.onReconnect?.();
        openedBefore = true;
      };
      s.onerror = () => {
        if (s.readyState === EventSource.CONNECTING) {
          setStatus('connecting');
          return;
        }
        s.close();
        if (source !== s || stopped) return;
        source = null;
        setStatus('closed');
        retry();
      };
      s.addEventListener('change', (e) => {
        const changes = parseChanges((e as MessageEvent<string>).data);
        if (changes.length > 0) ref.current.onChange(changes);
      });
    };
    const retry = () => {
      if (stopped || timer) return;
      const wait = retryMs;
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
      timer = setTimeout(() => {
        timer = null;
        request('/auth/session').then(connect, retry);
      }, wait);
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      source?.close();
      setStatus('closed');
    };
  }, [enabled]);

  return status;
}

/** The current time, re-read every `ms` while mounted (the countdown chips tick every second). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * A function that marks the queries under `key` stale at most once per `ms` (a burst of changes — a plan
 * activation writes dozens — refetches a list once, not dozens of times).
 */
export function useThrottledInvalidate(key: readonly unknown[], ms = 1000): () => void {
  const queryClient = useQueryClient();
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const keyRef = useRef(key);
  useEffect(() => {
    keyRef.current = key;
  });
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return useCallback(() => {
    if (timer.current) return;
    timer.current = setTimeout(() => {
      timer.current = null;
      void queryClient.invalidateQueries({ queryKey: keyRef.current });
    }, ms);
  }, [queryClient, ms]);
}
