/**
 * What the bench scenarios share: an HTTP client on a keep-alive agent, a really started server (the
 * committed `ningan` shim, as a user runs it), throwaway databases on either driver, percentiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminQuery, createDatabaseSql, databaseUrl, dropDatabaseSql } from '@ningan/server';

export const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/ningan.js');
export const BENCH_PASSWORD = 'Bench#2026-ningan';

export type Driver = 'pglite' | 'postgres';

export const say = (s: string) => process.stdout.write(`${s}\n`);

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** As sent (still compressed when the server compressed it). */
  body: Buffer;
  text(): string;
}

export function request(
  agent: http.Agent,
  port: number,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: buffer,
          text: () => buffer.toString('utf8'),
        });
      });
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

/** A throwaway database: a fresh PGlite data directory, or a fresh database on a PostgreSQL server. */
export interface BenchDatabase {
  driver: Driver;
  dataDir: string;
  databaseUrl: string | null;
  /** For the report (no credentials). */
  label: string;
  dispose(): Promise<void>;
}

export async function createBenchDatabase(
  driver: Driver,
  pgServerUrl: string,
  tag: string,
): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ningan-bench-${tag}-`));
  if (driver === 'pglite')
    return {
      driver,
      dataDir,
      databaseUrl: null,
      label: `PGlite (embedded) in ${dataDir}`,
      dispose: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  const name = `ningan_bench_${process.pid}_${tag}`;
  await adminQuery(pgServerUrl, [dropDatabaseSql(name), createDatabaseSql(name)]);
  const u = new URL(pgServerUrl);
  return {
    driver,
    dataDir,
    databaseUrl: databaseUrl(pgServerUrl, name),
    label: `PostgreSQL ${u.hostname}:${u.port || '5432'}/${name}`,
    dispose: async () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      await adminQuery(pgServerUrl, [dropDatabaseSql(name)]);
    },
  };
}

/** Whether the PostgreSQL server answers (the postgres driver is skipped, with a note, when it does not). */
export async function postgresReachable(pgServerUrl: string): Promise<string | null> {
  try {
    await adminQuery(pgServerUrl, ['select 1']);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export interface Server {
  child: ChildProcess;
  port: number;
  agent: http.Agent;
  /** Where the server writes its counters on SIGUSR2 (see {@link serverStats}). */
  statsFile: string;
  /** Milliseconds from spawn to a healthy /api/health. */
  startMs: number;
  /** How the process ended, when it has (`code` or `signal`). */
  ended(): string | null;
  stop(): Promise<void>;
}

/**
 * Starts `ningan start --no-demo` on the database and waits until it is healthy. The embedded MQTT
 * broker takes any free port unless `env` names one (MQTT_PORT).
 */
export async function startServer(
  db: BenchDatabase,
  port: number,
  concurrency = 16,
  env: Record<string, string> = {},
): Promise<Server> {
  // A server left over from an interrupted run would answer the health check in this one's place.
  const probe = new http.Agent({ keepAlive: false });
  const taken = await request(probe, port, 'GET', '/api/health').then(
    () => true,
    () => false,
  );
  probe.destroy();
  if (taken) throw new Error(`port ${port} is already in use (a server of an interrupted bench run?)`);
  const t0 = performance.now();
  const statsFile = path.join(db.dataDir, 'server-stats.json');
  // BENCH_SERVER_NODE_ARGS: node flags for the server only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, BIN, 'start', '--no-demo', '--port', String(port), '--data-dir', db.dataDir],
    {
      env: {
        ...process.env,
        NINGAN_ADMIN_PASSWORD: BENCH_PASSWORD,
        LOG_LEVEL: 'warn',
        DATABASE_URL: db.databaseUrl ?? '',
        RATE_LIMIT_PER_MINUTE: '1000000',
        MQTT_PORT: '0',
        NINGAN_BENCH_STATS_FILE: statsFile,
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const exited = new Promise((r) => child.once('exit', r));
  let end: string | null = null;
  child.once('exit', (code, signal) => (end = signal ? `signal ${signal}` : `exit code ${code}`));
  const ended = () => end;
  const stop = async () => {
    agent.destroy();
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await request(agent, port, 'GET', '/api/health');
      if (r.status === 200)
        return { child, port, agent, statsFile, startMs: performance.now() - t0, ended, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  await stop();
  throw new Error('server did not become healthy within 120 s');
}

/** Logs in over the API; returns the bearer token. */
export async function logIn(server: Server, username: string, password: string): Promise<string> {
  const r = await request(
    server.agent,
    server.port,
    'POST',
    '/api/v1/auth/login',
    { 'content-type': 'application/json' },
    JSON.stringify({ username, password }),
  );
  if (r.status !== 200) throw new Error(`login as ${username} failed: ${r.status} ${r.text()}`);
  return (JSON.parse(r.text()) as { token: string }).token;
}

/** The ingest pipeline's and the alarm runtime's counters, as the server holds them now. */
export interface ServerStats {
  ingest: {
    batches: number;
    accepted: number;
    duplicates: number;
    quarantined: number;
    failedBatches: number;
  };
  alarms: {
    rules: number;
    readings: number;
    transitions: number;
    ticks: number;
    commits: number;
    failures: number;
    refed: number;
  };
}

/** Asks the server for its counters (SIGUSR2; `ningan start` writes them to `statsFile`). */
export async function serverStats(server: Server): Promise<ServerStats> {
  const asked = Date.now();
  server.child.kill('SIGUSR2');
  const deadline = asked + 10_000;
  while (Date.now() < deadline) {
    try {
      const s = JSON.parse(fs.readFileSync(server.statsFile, 'utf8')) as ServerStats & { at: number };
      if (s.at >= asked) return s;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the server did not report its counters within 10 s');
}

export function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/**
 * CPU time (user + system) the process has used, in ms: a figure that, unlike wall time, hardly moves
 * when other work shares the machine. Linux clock ticks are 10 ms.
 */
export function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based) → indexes 11 and 12 here.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** The 1-minute load average, for judging how busy the machine was while measuring. */
export function load(): string {
  return os.loadavg()[0]!.toFixed(1);
}

/** Nearest-rank percentile of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

export function ms(n: number): string {
  return `${n.toFixed(n < 10 ? 2 : 1)} ms`;
}

export function seconds(n: number): string {
  return `${(n / 1000).toFixed(2)} s`;
}

export function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}
