/**
 * 演示/测试用网关模拟器 (gateway simulator, demo and tests only — it sends nothing to anyone): an HTTP server
 * implementing the endpoints the channel adapters call — `POST /sms`, `POST /broadcast`, `POST /webhook/:name`
 * — and an SMTP server (port + 1) for the e-mail adapter. It records every message, de-duplicated by
 * idempotency key (a repeat answers the first receipt and records nothing), posts delivery receipts back to
 * the platform (`POST /api/v1/gateway/receipts`, shared secret) after a configurable delay, and can be told
 * to fail a fraction, be slow, be down or cap its rate (`POST /control`). `GET /messages`, `GET /stats`,
 * `POST /reply {from, text}` (an inbound SMS, forwarded to `POST /api/v1/gateway/sms/inbound`).
 *
 * `ningan start` in demo mode runs it in-process; `ningan gateway-sim` runs it standalone (the bench's crash
 * test uses that one so it survives the platform being killed).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SimMessage {
  seq: number;
  channel: 'sms' | 'broadcast' | 'webhook' | 'email';
  idempotencyKey: string;
  to: string;
  text: string;
  receiptId: string;
  at: string;
}

export interface SimControl {
  /** Fraction 0–1 of requests answered 500 (decided by a seeded generator: reproducible). */
  failRate: number;
  /** Extra delay before answering, ms. */
  delayMs: number;
  /** Answer every request 503. */
  down: boolean;
  /** Messages accepted per second, 0 = no cap (over the cap: 429). */
  ratePerSecond: number;
  /** Delay before a receipt is posted back, ms. */
  receiptDelayMs: number;
  /** Fraction 0–1 of receipts that report `failed` (the handset is off…). */
  receiptFailRate: number;
}

export interface GatewaySimOptions {
  port: number;
  host?: string;
  /** The platform's base URL (receipts and inbound SMS go there); null = no callbacks. */
  platformUrl: string | null;
  secret: string;
  /** Append each recorded message as a JSON line. */
  recordFile?: string | null;
  control?: Partial<SimControl>;
  /** Seed of the failure generator. */
  seed?: number;
  /** Also listen for SMTP on port + 1 (default true). */
  smtp?: boolean;
  log?: (line: string) => void;
}

export interface GatewaySim {
  url: string;
  port: number;
  smtpPort: number | null;
  messages(): SimMessage[];
  stats(): SimStats;
  control(change: Partial<SimControl>): SimControl;
  /** Posts pending receipts now (tests). */
  flushReceipts(): Promise<void>;
  stop(): Promise<void>;
}

export interface SimStats {
  count: number;
  byChannel: Record<string, number>;
  /** Requests whose idempotency key had been seen (answered with the first receipt, not recorded). */
  duplicates: number;
  /** (channel, to, text) recorded more than once under different keys: a recipient messaged twice. */
  repeatedRecipients: number;
  rejected: { failed: number; down: number; rateLimited: number; unauthorised: number };
  receipts: { posted: number; pending: number };
  control: SimControl;
}

const DEFAULT_CONTROL: SimControl = {
  failRate: 0,
  delayMs: 0,
  down: false,
  ratePerSecond: 0,
  receiptDelayMs: 500,
  receiptFailRate: 0,
};

/** mulberry32: a small seeded generator (reproducible failure patterns). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function readBody(req: http.IncomingMessage, limit = 5_000_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error('body too large'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function answer(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startGatewaySim(o: GatewaySimOptions): Promise<GatewaySim> {
  const log = o.log ?? (() => undefined);
  let control: SimControl = { ...DEFAULT_CONTROL, ...o.control };
  const random = seeded(o.seed ?? 20_260_302);
  const byKey = new Map<string, SimMessage>();
  const recorded: SimMessage[] = [];
  const contentSeen = new Map<string, number>();
  let repeatedRecipients = 0;
  let duplicates = 0;
  const rejected = { failed: 0, down: 0, rateLimited: 0, unauthorised: 0 };
  const pendingReceipts: { due: number; receipt: Record<string, unknown>; callbackUrl: string }[] = [];
  let postedReceipts = 0;
  let windowStart = Date.now();
  let windowCount = 0;
  const record = o.recordFile ? fs.createWriteStream(o.recordFile, { flags: 'a' }) : null;

  function accept(
    channel: SimMessage['channel'],
    key: string,
    to: string,
    text: string,
    callbackUrl: string | null,
    wantsReceipt = true,
  ) {
    const mapKey = `${channel}\u0000${key}`;
    const first = byKey.get(mapKey);
    if (first) {
      duplicates += 1;
      return first;
    }
    const m: SimMessage = {
      seq: recorded.length + 1,
      channel,
      idempotencyKey: key,
      to,
      text,
      receiptId: `sim-${channel}-${recorded.length + 1}`,
      at: new Date().toISOString(),
    };
    byKey.set(mapKey, m);
    recorded.push(m);
    const content = `${channel}\u0000${to}\u0000${text}`;
    const n = (contentSeen.get(content) ?? 0) + 1;
    contentSeen.set(content, n);
    if (n === 2) repeatedRecipients += 1;
    record?.write(`${JSON.stringify(m)}\n`);
    if (wantsReceipt && (callbackUrl || o.platformUrl))
      pendingReceipts.push({
        due: Date.now() + control.receiptDelayMs,
        callbackUrl: callbackUrl ?? `${o.platformUrl}/api/v1/gateway/receipts`,
        receipt: {
          idempotencyKey: key,
          receiptId: m.receiptId,
          status: random() < control.receiptFailRate ? 'failed' : 'delivered',
          at: new Date().toISOString(),
        },
      });
    return m;
  }

  /** The checks every send goes through: secret, down, rate cap, injected failures, delay. */
  async function gate(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    checkSecret: boolean,
  ): Promise<boolean> {
    if (checkSecret && o.secret && req.headers['x-gateway-secret'] !== o.secret) {
      rejected.unauthorised += 1;
      answer(res, 401, { error: 'bad secret' });
      return false;
    }
    if (control.down) {
      rejected.down += 1;
      answer(res, 503, { error: 'gateway down (simulated)' });
      return false;
    }
    if (control.ratePerSecond > 0) {
      const now = Date.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        windowCount = 0;
      }
      if (windowCount >= control.ratePerSecond) {
        rejected.rateLimited += 1;
        answer(res, 429, { error: 'rate limited (simulated)' });
        return false;
      }
      windowCount += 1;
    }
    if (control.delayMs > 0) await sleep(control.delayMs);
    if (control.failRate > 0 && random() < control.failRate) {
      rejected.failed += 1;
      answer(res, 500, { error: 'failure (simulated)' });
      return false;
    }
    return true;
  }

  async function flushReceipts(all = true): Promise<void> {
    if (!pendingReceipts.length) return;
    const now = Date.now();
    const due = all ? pendingReceipts.splice(0) : [];
    if (!all)
      for (let i = pendingReceipts.length - 1; i >= 0; i -= 1)
        if (pendingReceipts[i]!.due <= now) due.push(...pendingReceipts.splice(i, 1));
    const byUrl = new Map<string, Record<string, unknown>[]>();
    for (const d of due) byUrl.set(d.callbackUrl, [...(byUrl.get(d.callbackUrl) ?? []), d.receipt]);
    for (const [url, receipts] of byUrl)
      for (let i = 0; i < receipts.length; i += 5000) {
        const chunk = receipts.slice(i, i + 5000);
        try {
          const res = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-gateway-secret': o.secret },
            body: JSON.stringify({ receipts: chunk }),
            signal: AbortSignal.timeout(10_000),
          });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          postedReceipts += chunk.length;
        } catch {
          // The platform is down (crash test): keep them and try again later.
          for (const receipt of chunk)
            pendingReceipts.push({ due: Date.now() + 2000, callbackUrl: url, receipt });
        }
      }
  }

  let flushing = false;
  const receiptTimer = setInterval(() => {
    if (flushing) return;
    flushing = true;
    flushReceipts(false)
      .catch(() => undefined)
      .finally(() => {
        flushing = false;
      });
  }, 200);
  receiptTimer.unref();

  const stats = (): SimStats => {
    const byChannel: Record<string, number> = {};
    for (const m of recorded) byChannel[m.channel] = (byChannel[m.channel] ?? 0) + 1;
    return {
      count: recorded.length,
      byChannel,
      duplicates,
      repeatedRecipients,
      rejected: { ...rejected },
      receipts: { posted: postedReceipts, pending: pendingReceipts.length },
      control: { ...control },
    };
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      const path = url.pathname;
      try {
        if (req.method === 'GET' && path === '/stats') return answer(res, 200, stats());
        if (req.method === 'GET' && path === '/messages') {
          const channel = url.searchParams.get('channel');
          const to = url.searchParams.get('to');
          const limit = Math.min(Number(url.searchParams.get('limit') ?? 1000) || 1000, 1_000_000);
          const items = recorded.filter((m) => (!channel || m.channel === channel) && (!to || m.to === to));
          return answer(res, 200, { total: items.length, items: items.slice(-limit) });
        }
        if (req.method === 'POST' && path === '/control') {
          const change = JSON.parse((await readBody(req)) || '{}') as Partial<SimControl>;
          control = { ...control, ...change };
          log(`网关模拟器 control: ${JSON.stringify(control)}`);
          return answer(res, 200, control);
        }
        if (req.method === 'POST' && path === '/reply') {
          const body = JSON.parse((await readBody(req)) || '{}') as { from?: string; text?: string };
          if (!o.platformUrl) return answer(res, 400, { error: 'no platform URL' });
          const r = await fetch(`${o.platformUrl}/api/v1/gateway/sms/inbound`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-gateway-secret': o.secret },
            body: JSON.stringify({ from: body.from, text: body.text, receivedAt: new Date().toISOString() }),
          });
          return answer(res, r.status, await r.json().catch(() => ({})));
        }
        if (req.method === 'POST' && path === '/sms') {
          if (!(await gate(req, res, true))) return;
          const b = JSON.parse(await readBody(req)) as {
            idempotencyKey: string;
            to: string;
            text: string;
            callbackUrl?: string;
          };
          if (!b.idempotencyKey || !b.to)
            return answer(res, 400, { error: 'idempotencyKey and to are required' });
          const m = accept('sms', b.idempotencyKey, b.to, b.text, b.callbackUrl ?? null);
          return answer(res, 200, { receiptId: m.receiptId });
        }
        if (req.method === 'POST' && path === '/broadcast') {
          if (!(await gate(req, res, true))) return;
          const b = JSON.parse(await readBody(req)) as {
            idempotencyKey: string;
            terminalIds: string[];
            text: string;
            callbackUrl?: string;
          };
          if (!b.idempotencyKey || !b.terminalIds?.length)
            return answer(res, 400, { error: 'idempotencyKey and terminalIds are required' });
          const m = accept(
            'broadcast',
            b.idempotencyKey,
            b.terminalIds.join(','),
            b.text,
            b.callbackUrl ?? null,
          );
          return answer(res, 200, { receiptId: m.receiptId });
        }
        if (req.method === 'POST' && path.startsWith('/webhook')) {
          if (!(await gate(req, res, false))) return;
          const text = await readBody(req);
          const key = String(req.headers['x-idempotency-key'] ?? '');
          if (!key) return answer(res, 400, { error: 'x-idempotency-key is required' });
          // A webhook's 2xx is its receipt: no callback.
          const m = accept('webhook', key, path, text, null, false);
          return answer(res, 200, { receiptId: m.receiptId });
        }
        answer(res, 404, { error: 'not found' });
      } catch (err) {
        answer(res, 400, { error: (err as Error).message });
      }
    })();
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  let smtp: SMTPServer | null = null;
  let smtpPort: number | null = null;
  if (o.smtp ?? true) {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const id = /^message-id:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? `mail-${recorded.length + 1}`;
          const subject = /^subject:\s*(.+)$/im.exec(raw)?.[1]?.trim() ?? '';
          const to = session.envelope.rcptTo.map((r) => r.address).join(',');
          if (control.down) return callback(new Error('451 gateway down (simulated)'));
          // Mail has no delivery receipt.
          accept('email', id, to, subject, null, false);
          callback();
        });
      },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        smtp!.server.once('error', reject);
        smtp!.listen(o.port === 0 ? 0 : port + 1, o.host ?? '127.0.0.1', () => resolve());
      });
    } catch (err) {
      // Not half-started: the HTTP side goes too, so the caller can try other ports.
      await new Promise((r) => server.close(r));
      throw err;
    }
    smtpPort = (smtp.server.address() as AddressInfo).port;
  }

  const url = `http://${o.host ?? '127.0.0.1'}:${port}`;
  log(
    `演示/测试用网关模拟器 Gateway simulator (demo/test only): ${url}${smtpPort ? `, SMTP ${smtpPort}` : ''}`,
  );
  return {
    url,
    port,
    smtpPort,
    messages: () => [...recorded],
    stats,
    control: (change) => (control = { ...control, ...change }),
    flushReceipts: () => flushReceipts(true),
    async stop() {
      clearInterval(receiptTimer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const mail = smtp;
      if (mail) await new Promise<void>((resolve) => mail.close(() => resolve()));
      record?.end();
    },
  };
}
