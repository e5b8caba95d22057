/**
 * `ningan bench --only warnings` (issue #5): a county-wide warning to N public subscribers (default
 * 500,000) — time from sign-off to every delivery queued (target ≤ 10 s), then delivery at the gateway
 * simulator's rate with progress lines; the crash test — kill -9 the server in the middle of a fan-out /
 * delivery, restart, finish, and check in the standalone simulator's records that no (recipient, channel)
 * got two messages; and the CAP render + validate figure (packages/domain/bench/cap.ts, ≤ 5 ms).
 * The simulator runs as its own process (`ningan gateway-sim`) so it survives the platform being killed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  generateBenchSubscribers,
  insertSubscribersBulk,
  listChildRegions,
  prepareInstallation,
} from '@ningan/server';
import { cliActor, configFrom, withPlatform } from '../context.ts';
import {
  BENCH_PASSWORD,
  BIN,
  createBenchDatabase,
  logIn,
  request,
  say,
  seconds,
  startServer,
  type BenchDatabase,
  type Driver,
  type Server,
} from './bench-support.ts';

export interface WarningBenchOptions {
  port: number;
  pgUrl: string;
  recipients: number;
  /** Deliveries per second per channel (DELIVERY_RATE_PER_SECOND). */
  rate: number;
  /** Seconds of delivery to watch before the crash test (the rest is not waited for). */
  deliverSeconds: number;
  simPort: number;
}

/** Four-eyes: the duty officer drafts and submits, the commander reviews and signs. */
const AUTHOR = 'bench-duty';
const SIGNER = 'bench-commander';
const SECRET = 'bench-gateway-secret';

async function seed(db: BenchDatabase, recipients: number): Promise<number> {
  const config = configFrom(
    {},
    {
      dataDir: db.dataDir,
      databaseUrl: db.databaseUrl,
      bootstrapPasswords: { admin: BENCH_PASSWORD },
      logLevel: 'warn',
    },
  );
  return withPlatform(config, 'ningan bench', async (p) => {
    await prepareInstallation(p, { demo: false });
    const actor = cliActor(config);
    for (const [username, displayName, role] of [
      [AUTHOR, '基准值班员', 'duty_officer'],
      [SIGNER, '基准指挥长', 'commander'],
    ] as const) {
      const { items } = await p.services.users.listUsers(actor, { page: 1, pageSize: 1, q: username });
      if (!items.some((u) => u.username === username))
        await p.services.users.createUser(actor, {
          username,
          displayName,
          password: BENCH_PASSWORD,
          phone: null,
          roles: [role],
          scope: { level: 'county', regionCode: config.regionCode, orgUnitId: null },
          orgUnitId: null,
        });
    }
    const villages = [];
    for (const t of await listChildRegions(p.database.db, config.regionCode))
      villages.push(...(await listChildRegions(p.database.db, t.code)));
    const t0 = performance.now();
    const rows = generateBenchSubscribers(villages, recipients);
    for (let i = 0; i < rows.length; i += 50_000)
      await insertSubscribersBulk(p.database.db, rows.slice(i, i + 50_000), new Date());
    return performance.now() - t0;
  });
}

function startSim(port: number, platformUrl: string, rate: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      'gateway-sim',
      '--port',
      String(port),
      '--platform',
      platformUrl,
      '--secret',
      SECRET,
      '--rate',
      '0',
      '--receipt-delay',
      '200',
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  void rate;
  return (async () => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      try {
        await simGet(port, '/stats');
        return child;
      } catch {
        if (Date.now() > deadline) throw new Error('gateway simulator did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  })();
}

function simGet<T = Record<string, unknown>>(port: number, p: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: p }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
          } catch (err) {
            reject(err instanceof Error ? err : new Error(String(err)));
          }
        });
      })
      .on('error', reject);
  });
}

async function api(server: Server, token: string, method: string, url: string, body?: unknown) {
  const r = await request(
    server.agent,
    server.port,
    method,
    url,
    { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body === undefined ? undefined : JSON.stringify(body),
  );
  const text = r.text();
  if (r.status >= 300) throw new Error(`${method} ${url}: ${r.status} ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** Drafts, submits, approves and signs a county-wide warning through the API; returns its id and the sign time. */
async function signWarning(
  server: Server,
  tokens: { author: string; signer: string },
  level: 'orange' | 'red',
): Promise<{ id: string; signedAt: number }> {
  const now = Date.now();
  const draft = await api(server, tokens.author, 'POST', '/api/v1/warnings', {
    hazard: 'rainstorm',
    level,
    capStatus: 'Actual',
    area: { regionCodes: ['621026'], polygons: [], circles: [] },
    audiences: ['public', 'responsible'],
    channels: ['sms', 'broadcast', 'app'],
    effectiveAt: new Date(now).toISOString(),
    expiresAt: new Date(now + 6 * 3_600_000).toISOString(),
  });
  const id = String(draft.id);
  await api(server, tokens.author, 'POST', `/api/v1/warnings/${id}/actions`, { action: 'submit' });
  await api(server, tokens.signer, 'POST', `/api/v1/warnings/${id}/actions`, { action: 'approve' });
  const t0 = performance.now();
  await api(server, tokens.signer, 'POST', `/api/v1/warnings/${id}/actions`, { action: 'sign' });
  return { id, signedAt: t0 };
}

interface Progress {
  fanout: { state: string; recipients: number };
  byState: Record<string, number>;
  ratePerSecond: number;
}

const progressOf = (server: Server, token: string, id: string) =>
  api(server, token, 'GET', `/api/v1/warnings/${id}/progress`) as unknown as Promise<Progress>;

export async function benchWarnings(o: WarningBenchOptions, driver: Driver): Promise<string[]> {
  const misses: string[] = [];
  const db = await createBenchDatabase(driver, o.pgUrl, 'warnings');
  say(`\n## warnings — ${o.recipients.toLocaleString('en')} public subscribers, ${db.label}`);
  let sim: ChildProcess | null = null;
  let server: Server | null = null;
  const env = {
    SMS_GATEWAY_URL: `http://127.0.0.1:${o.simPort}/sms`,
    BROADCAST_GATEWAY_URL: `http://127.0.0.1:${o.simPort}/broadcast`,
    GATEWAY_SECRET: SECRET,
    PUBLIC_BASE_URL: `http://127.0.0.1:${o.port}`,
    DELIVERY_RATE_PER_SECOND: String(o.rate),
    DISSEMINATION_POLL_MS: '200',
  };
  try {
    // The installation first (region pack), then the subscribers straight into the database.
    server = await startServer(db, o.port, 16, env);
    await server.stop();
    const seedMs = await seed(db, o.recipients);
    say(`seeded ${o.recipients.toLocaleString('en')} subscribers in ${seconds(seedMs)}`);
    sim = await startSim(o.simPort, `http://127.0.0.1:${o.port}`, o.rate);
    server = await startServer(db, o.port, 16, env);
    const token = await logIn(server, SIGNER, BENCH_PASSWORD);
    const tokens = { author: await logIn(server, AUTHOR, BENCH_PASSWORD), signer: token };

    const first = await signWarning(server, tokens, 'orange');
    let p = await progressOf(server, token, first.id);
    while (p.fanout.state !== 'done') {
      await new Promise((r) => setTimeout(r, 250));
      p = await progressOf(server, token, first.id);
    }
    const queuedMs = performance.now() - first.signedAt;
    say(
      `sign-off → ${p.fanout.recipients.toLocaleString('en')} deliveries queued: ${seconds(queuedMs)}   (target ≤ 10 s)`,
    );
    if (queuedMs > 10_000) misses.push(`fan-out ${seconds(queuedMs)} > 10 s on ${driver}`);
    const until = performance.now() + o.deliverSeconds * 1000;
    while (performance.now() < until) {
      await new Promise((r) => setTimeout(r, 2000));
      p = await progressOf(server, token, first.id);
      say(
        `  sent ${(p.byState.sent ?? 0) + (p.byState.delivered ?? 0)} (delivered ${p.byState.delivered ?? 0}), queued ${p.byState.queued ?? 0}, failed ${p.byState.failed ?? 0} — ${p.ratePerSecond.toFixed(0)}/s (configured ${o.rate}/s per channel)`,
      );
    }

    // Crash test: a second county-wide message (red: its text differs from the first's, so the simulator's
    // same-text count is about this message), kill -9 mid-fan-out / mid-delivery, restart, finish.
    const second = await signWarning(server, tokens, 'red');
    await new Promise((r) => setTimeout(r, 1500));
    server.child.kill('SIGKILL');
    await new Promise((r) => server!.child.once('exit', r));
    say('  kill -9 of the server during the second message’s fan-out/delivery; restarting');
    server = await startServer(db, o.port, 16, env);
    const token2 = await logIn(server, SIGNER, BENCH_PASSWORD);
    p = await progressOf(server, token2, second.id);
    const deadline = performance.now() + 120_000;
    while (p.fanout.state !== 'done' && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      p = await progressOf(server, token2, second.id);
    }
    await new Promise((r) => setTimeout(r, 5000));
    const stats = await simGet<{ count: number; duplicates: number; repeatedRecipients: number }>(
      o.simPort,
      '/stats',
    );
    say(
      `  after restart: fan-out ${p.fanout.state}, ${p.fanout.recipients.toLocaleString('en')} deliveries; simulator recorded ${stats.count.toLocaleString('en')} messages, ${stats.duplicates} repeated keys answered with the first receipt, ${stats.repeatedRecipients} recipients messaged twice (target 0)`,
    );
    if (stats.repeatedRecipients > 0)
      misses.push(`${stats.repeatedRecipients} recipients messaged twice on ${driver}`);
  } catch (err) {
    say(`warnings bench failed on ${driver}: ${(err as Error).message}`);
    misses.push(`warnings bench failed on ${driver}`);
  } finally {
    await server?.stop();
    sim?.kill('SIGTERM');
    await db.dispose();
  }
  return misses;
}

/** The CAP render + validate figure of packages/domain/bench/cap.ts (target ≤ 5 ms). */
export function benchCap(): void {
  // From src/commands or from the bundle in dist/: walk up to the workspace's packages/domain.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'packages/domain/bench/cap.ts')) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  const script = path.join(dir, 'packages/domain/bench/cap.ts');
  const r = spawnSync('npx', ['tsx', script], { encoding: 'utf8', cwd: dir });
  say(`\n## CAP render + validate (${path.relative(process.cwd(), script)})`);
  say(r.status === 0 ? r.stdout.trim() : `failed: ${r.stderr.trim().slice(0, 500)}`);
}
