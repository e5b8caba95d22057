/**
 * `ningan bench`: prints start-up and latency figures (targets from issue #2: warm start ≤ 5 s,
 * RSS ≤ 500 MB after start, p99 of GET /api/v1/regions/621026 ≤ 20 ms). Figures, not pass/fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bin/ningan.js');
const BENCH_PASSWORD = 'Bench#2026-ningan';

function request(
  agent: http.Agent,
  port: number,
  method: string,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: url, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    if (body) req.end(body);
    else req.end();
  });
}

async function startAndWait(dataDir: string, port: number): Promise<{ child: ChildProcess; ms: number }> {
  const t0 = performance.now();
  const child = spawn(
    process.execPath,
    [BIN, 'start', '--no-demo', '--port', String(port), '--data-dir', dataDir],
    {
      env: {
        ...process.env,
        NINGAN_ADMIN_PASSWORD: BENCH_PASSWORD,
        LOG_LEVEL: 'warn',
        DATABASE_URL: '',
        RATE_LIMIT_PER_MINUTE: '1000000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const agent = new http.Agent();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const r = await request(agent, port, 'GET', '/api/health');
      if (r.status === 200) return { child, ms: performance.now() - t0 };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  child.kill('SIGKILL');
  throw new Error('server did not become healthy within 120 s');
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

/** wrk (Debian package `wrk`): a C load generator that leaves the CPU to the server; null when absent. */
function runWrk(url: string, token: string, concurrency: number, seconds: number): string | null {
  const args = [
    '-t1',
    `-c${concurrency}`,
    `-d${seconds}s`,
    '--latency',
    '-H',
    `authorization: Bearer ${token}`,
    url,
  ];
  const probe = spawnSync('wrk', ['-t1', '-c1', '-d1s', '-H', `authorization: Bearer ${token}`, url], {
    encoding: 'utf8',
  });
  if (probe.error) return null; // not installed
  const r = spawnSync('wrk', args, { encoding: 'utf8' });
  if (r.status !== 0) return null;
  const pick = (label: string) => new RegExp(`^\\s*${label}\\s+(\\S+)`, 'm').exec(r.stdout)?.[1] ?? '?';
  const rps = /Requests\/sec:\s+(\S+)/.exec(r.stdout)?.[1] ?? '?';
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(r.stdout)?.[1] ?? '0';
  return `  throughput ${Math.round(Number(rps))} req/s, non-2xx ${non2xx}\n  p50 ${pick('50%')}   p90 ${pick('90%')}   p99 ${pick('99%')}   (target p99 ≤ 20 ms)`;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description('性能基准：冷/热启动、启动后内存、区划接口延迟 / start-up, memory and latency figures')
    .option('--port <port>', '基准使用的端口', '18080')
    .option('--requests <n>', '请求数', '5000')
    .option('--concurrency <n>', '并发数', '16')
    .action(async (opts: { port: string; requests: string; concurrency: string }) => {
      const port = Number(opts.port);
      const total = Number(opts.requests);
      const concurrency = Number(opts.concurrency);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-bench-'));
      const say = (s: string) => process.stdout.write(`${s}\n`);
      say(`ningan bench — ${os.cpus().length} CPU, Node ${process.version}, embedded PGlite in ${dataDir}`);
      try {
        const cold = await startAndWait(dataDir, port);
        say(
          `cold start to healthy (new data dir, initdb + migrations + region pack): ${(cold.ms / 1000).toFixed(2)} s`,
        );
        await stop(cold.child);

        const warm = await startAndWait(dataDir, port);
        say(
          `warm start to healthy (existing data dir):                              ${(warm.ms / 1000).toFixed(2)} s   (target ≤ 5 s)`,
        );
        say(
          `RSS after start:                                                        ${rssMb(warm.child.pid!).toFixed(0)} MB   (target ≤ 500 MB)`,
        );

        const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
        const login = await request(
          agent,
          port,
          'POST',
          '/api/v1/auth/login',
          { 'content-type': 'application/json' },
          JSON.stringify({ username: 'admin', password: BENCH_PASSWORD }),
        );
        if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.body}`);
        const token = (JSON.parse(login.body) as { token: string }).token;
        const headers = { authorization: `Bearer ${token}` };
        for (let i = 0; i < 200; i += 1) await request(agent, port, 'GET', '/api/v1/regions/621026', headers); // warm-up
        const latencies: number[] = [];
        let next = 0;
        let errors = 0;
        const t0 = performance.now();
        await Promise.all(
          Array.from({ length: concurrency }, async () => {
            while (next < total) {
              next += 1;
              const s = performance.now();
              const r = await request(agent, port, 'GET', '/api/v1/regions/621026', headers);
              latencies.push(performance.now() - s);
              if (r.status !== 200) errors += 1;
            }
          }),
        );
        const seconds = (performance.now() - t0) / 1000;
        latencies.sort((a, b) => a - b);
        const url = `http://127.0.0.1:${port}/api/v1/regions/621026`;
        const wrk = runWrk(url, token, concurrency, 10);
        if (wrk)
          say(
            `GET /api/v1/regions/621026 for 10 s, concurrency ${concurrency}, bearer auth, loopback — client wrk:\n${wrk}`,
          );
        else
          say(
            '(install the Debian package wrk for a load client that does not compete with the server for CPU)',
          );
        say(
          `GET /api/v1/regions/621026 × ${total}, concurrency ${concurrency} — client Node http in this process (shares the 2 cores with the server; its latencies include its own CPU time):`,
        );
        say(`  throughput ${(total / seconds).toFixed(0)} req/s, errors ${errors}`);
        say(
          `  p50 ${percentile(latencies, 50).toFixed(2)} ms   p90 ${percentile(latencies, 90).toFixed(2)} ms   p99 ${percentile(latencies, 99).toFixed(2)} ms`,
        );
        say(
          `RSS after load:                                                         ${rssMb(warm.child.pid!).toFixed(0)} MB`,
        );
        agent.destroy();
        await stop(warm.child);
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    });
}
