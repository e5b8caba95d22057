/**
 * The command stream (GET /api/v1/command/stream, Server-Sent Events, incident:read): `change` events name the
 * incident and the topic that changed, already filtered by jurisdiction. Authenticated like the monitoring
 * stream (api/live-stream.ts): the session cookie, sent by EventSource `withCredentials`. One connection serves
 * all the console's tabs in the browser; reconnecting and retries as in api/shared-stream.ts.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { API_BASE } from '../../api/client.ts';
import { subscribeStream } from '../../api/shared-stream.ts';

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
    if (!enabled) return;
    const unsubscribe = subscribeStream(COMMAND_STREAM_URL, ['change'], {
      onStatus: setStatus,
      onReopen: () => ref.current.onReconnect?.(),
      onEvent: (_type, data) => {
        const changes = parseChanges(data);
        if (changes.length > 0) ref.current.onChange(changes);
      },
    });
    return () => {
      unsubscribe();
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
