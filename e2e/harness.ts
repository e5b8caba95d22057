/**
 * Black-box harness: runs the committed `ningan` shim (the same binary `npx ningan` runs) against a
 * temporary data directory or a fresh PostgreSQL database, and waits for it to be healthy.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = path.join(ROOT, 'packages/cli/bin/ningan.js');
export const DEMO_PASSWORD = 'Ningan@2026';
export const ADMIN_PASSWORD = 'E2e#Admin-2026';

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-e2e-'));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ningan <args>` to completion. */
export function runCli(args: string[], env: Record<string, string> = {}, input?: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    input,
    encoding: 'utf8',
    timeout: 120_000,
    // `ningan openapi` prints more than spawnSync's default 1 MiB; past it the child is killed (status null).
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface RunningServer {
  url: string;
  port: number;
  child: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

export async function startServer(
  options: { args?: string[]; env?: Record<string, string> } = {},
): Promise<RunningServer> {
  const port = await freePort();
  let out = '';
  const child = spawn(process.execPath, [BIN, 'start', '--port', String(port), ...(options.args ?? [])], {
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      NINGAN_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // The embedded MQTT broker on any free port, so servers never compete for 1883 (a test can name one).
      MQTT_PORT: '0',
      // The demo simulator's 72 devices would publish into every test server; the specs that play it
      // (cli/simulate.e2e.ts) turn it on.
      SIMULATOR: 'off',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ningan start exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not healthy in 120 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export async function login(
  url: string,
  username: string,
  password: string,
): Promise<{ token: string; cookie: string; csrf: string }> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${await r.text()}`);
  const body = (await r.json()) as { token: string; csrfToken: string };
  return {
    token: body.token,
    cookie: r.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; '),
    csrf: body.csrfToken,
  };
}

/** The external MQTT broker (this machine's Mosquitto): TEST_MQTT_URL, mandatory under CI=true. */
export function mqttUrl(): string | null {
  const url = process.env.TEST_MQTT_URL;
  if (!url && process.env.CI === 'true')
    throw new Error(
      'CI=true but TEST_MQTT_URL is not set: the external-broker MQTT suite is mandatory in CI',
    );
  return url ?? null;
}

/** The embedded broker's address as `ningan start` printed it. */
export function printedMqttPort(output: string): number | null {
  const m = /MQTT 接入 Ingest: mqtt:\/\/[^:\s]+:(\d+)/.exec(output);
  return m ? Number(m[1]) : null;
}

/** PostgreSQL for the server suites: TEST_DATABASE_URL, mandatory under CI=true. */
export function postgresUrl(): string | null {
  const url = process.env.TEST_DATABASE_URL;
  if (!url && process.env.CI === 'true')
    throw new Error('CI=true but TEST_DATABASE_URL is not set: the PostgreSQL suite is mandatory in CI');
  return url ?? null;
}

/** Creates an empty database on the PostgreSQL server and returns its URL and a dropper. */
export async function freshPostgresDatabase(
  baseUrl: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `ningan_e2e_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(baseUrl);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A database a server can start on: where to put it, and how to remove it afterwards. */
export interface ServerTarget {
  name: string;
  prepare: () => Promise<{ args: string[]; env: Record<string, string>; cleanup: () => Promise<void> }>;
}

/**
 * The databases a server suite runs on: a temporary PGlite directory, and a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set (mandatory under CI=true, see `postgresUrl`). `suite` names the suite in the warning
 * printed when the PostgreSQL variant is skipped.
 */
export function serverTargets(suite: string): ServerTarget[] {
  const pgBase = postgresUrl();
  if (!pgBase) console.warn(`TEST_DATABASE_URL not set: the PostgreSQL variant of ${suite} is skipped`);
  return [
    {
      name: 'embedded PGlite',
      prepare: () => {
        const dir = tempDataDir();
        const cleanup = () => Promise.resolve(fs.rmSync(dir, { recursive: true, force: true }));
        return Promise.resolve({ args: ['--data-dir', dir], env: {}, cleanup });
      },
    },
    ...(pgBase
      ? [
          {
            name: 'PostgreSQL server (DATABASE_URL)',
            prepare: async () => {
              const db = await freshPostgresDatabase(pgBase);
              return { args: [], env: { DATABASE_URL: db.url }, cleanup: () => db.drop() };
            },
          },
        ]
      : []),
  ];
}
