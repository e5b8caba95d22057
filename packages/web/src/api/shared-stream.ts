/**
 * One Server-Sent-Events connection per stream for all of the console's tabs in a browser.
 *
 * Why: over HTTP/1.1 a browser keeps at most six connections to one host, for all its tabs together, and an
 * EventSource holds one for as long as it is open. With a connection per stream per tab, the third console
 * tab (a duty officer's desk, the 大屏 and a workspace) took the last ones and a fourth tab could not even load
 * the page. The server also caps streams per account (`LIVE_STREAMS_PER_USER`).
 *
 * How: every tab that wants stream `url` asks for the Web Lock `ningan-sse:<url>`; the tab holding it opens the
 * EventSource and relays each event and each status change over the BroadcastChannel of the same name; the
 * others listen there. When the holder no longer wants the stream (or its tab closes) the lock passes to a
 * waiting tab, which connects anew; listeners see the stream open again and refetch (events may have been
 * missed in between). Without Web Locks or BroadcastChannel each subscriber connects by itself, as before.
 *
 * Reconnecting (holder): the browser retries a dropped connection itself (the server's `retry:` hint); when the
 * server refuses the stream (an HTTP error: signed out, too many streams) or ends it (an `end` event other than
 * `shutting_down`), it retries with a growing delay, after asking for the session — a 401 there ends the
 * session like any other call.
 */
import { request } from './client.ts';

/** `open`: events flow; `connecting`: (re)connecting; `closed`: given up until the next retry. */
export type StreamStatus = 'connecting' | 'open' | 'closed';

export interface StreamSubscriber {
  onEvent: (type: string, data: string) => void;
  onStatus: (status: StreamStatus) => void;
  /** The stream opened again after having been open: events may have been missed. */
  onReopen: () => void;
}

const RETRY_MIN_MS = 5_000;
const RETRY_MAX_MS = 60_000;

type Relay =
  | { kind: 'event'; type: string; data: string }
  | { kind: 'status'; status: StreamStatus; epoch: number }
  | { kind: 'hello' };

/** The EventSource of the tab holding the stream, with its retries. */
class Connection {
  private source: EventSource | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private retryMs = RETRY_MIN_MS;
  private stopped = false;
  status: StreamStatus = 'closed';
  /** Changes each time the connection opens (followers tell a new opening from a repeated report). */
  epoch = 0;

  constructor(
    private readonly url: string,
    private readonly eventTypes: readonly string[],
    private readonly out: { onEvent: (type: string, data: string) => void; onStatus: () => void },
  ) {}

  /** Connects (apart from the constructor: `out` may refer to this connection). */
  start(): this {
    this.connect();
    return this;
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = null;
  }

  private setStatus(status: StreamStatus): void {
    if (status === this.status) return;
    this.status = status;
    if (status === 'open') this.epoch = Date.now() + Math.random();
    this.out.onStatus();
  }

  private connect(): void {
    if (this.stopped) return;
    this.setStatus('connecting');
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.retryMs = RETRY_MIN_MS;
      this.setStatus('open');
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CONNECTING) this.setStatus('connecting');
      else this.giveUp(source);
    };
    for (const type of this.eventTypes)
      source.addEventListener(type, (e) => this.out.onEvent(type, (e as MessageEvent<string>).data));
    source.addEventListener('end', (e) => {
      // Shutting down: the browser reconnects by itself. Anything else (the session ended): retry later.
      let code: unknown = null;
      try {
        code = (JSON.parse((e as MessageEvent<string>).data) as { code?: unknown }).code;
      } catch {
        // an unreadable end is an end
      }
      if (code !== 'shutting_down') this.giveUp(source);
    });
  }

  /** The server refused or ended the stream: retry later, after checking the session. */
  private giveUp(source: EventSource): void {
    source.close();
    if (this.source !== source || this.stopped) return;
    this.source = null;
    this.setStatus('closed');
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      request('/auth/session').then(
        () => this.connect(),
        () => this.scheduleRetry(),
      );
    }, wait);
  }
}

/**
 * Listens to the stream at `url` (events of `eventTypes`, the same for every subscriber of that url) until the
 * answered function is called.
 */
export function subscribeStream(
  url: string,
  eventTypes: readonly string[],
  subscriber: StreamSubscriber,
): () => void {
  if (typeof EventSource === 'undefined') return () => undefined;
  let lastOpenEpoch: number | null = null;
  const seeStatus = (status: StreamStatus, epoch: number) => {
    subscriber.onStatus(status);
    if (status !== 'open' || epoch === lastOpenEpoch) return;
    if (lastOpenEpoch !== null) subscriber.onReopen();
    lastOpenEpoch = epoch;
  };

  const shared =
    typeof BroadcastChannel !== 'undefined' && typeof navigator !== 'undefined' && 'locks' in navigator;
  if (!shared) {
    const own: Connection = new Connection(url, eventTypes, {
      onEvent: subscriber.onEvent,
      onStatus: () => seeStatus(own.status, own.epoch),
    });
    own.start();
    return () => own.close();
  }

  const name = `ningan-sse:${url}`;
  const channel = new BroadcastChannel(name);
  let holder: Connection | null = null;
  let release: (() => void) | null = null;
  let done = false;
  channel.onmessage = (e: MessageEvent<Relay>) => {
    const m = e.data;
    if (m.kind === 'event') subscriber.onEvent(m.type, m.data);
    else if (m.kind === 'status') seeStatus(m.status, m.epoch);
    else if (holder) channel.postMessage({ kind: 'status', status: holder.status, epoch: holder.epoch });
  };
  subscriber.onStatus('connecting');
  const abort = new AbortController();
  navigator.locks
    .request(name, { signal: abort.signal }, () => {
      if (done) return undefined;
      const c: Connection = new Connection(url, eventTypes, {
        onEvent: (type, data) => {
          channel.postMessage({ kind: 'event', type, data } satisfies Relay);
          subscriber.onEvent(type, data);
        },
        onStatus: () => {
          channel.postMessage({ kind: 'status', status: c.status, epoch: c.epoch } satisfies Relay);
          seeStatus(c.status, c.epoch);
        },
      });
      holder = c.start();
      // Held until this subscriber is done (or the tab closes, which releases it).
      return new Promise<void>((resolve) => (release = resolve));
    })
    .catch(() => undefined); // AbortError: done before the lock came
  // Whoever holds the stream says how it is.
  channel.postMessage({ kind: 'hello' } satisfies Relay);

  return () => {
    done = true;
    abort.abort();
    holder?.close();
    holder = null;
    release?.();
    channel.close();
  };
}
