/**
 * `ningan bench`: prints figures against the issues' targets — start-up, memory and region latency
 * (issue #2: warm start ≤ 5 s, RSS ≤ 500 MB after start, p99 of GET /api/v1/regions/621026 ≤ 20 ms) and
 * the ledger (issue #3: enterprise list over 100,000 p95 ≤ 50 ms, 10,000-row .xlsx import ≤ 10 s, map
 * page with 50,000 enterprises rendered ≤ 2 s) on PGlite and PostgreSQL; MQTT ingest with 50 alarm rules
 * (issue #4: QoS 1 at ≥ 20,000 msg/s, ≥ 100,000 readings/s in 10-reading batches, ≥ 0.3 of the raw broker;
 * bench-ingest.ts); alarms (issue #4: reading → alarm p99 ≤ 100 ms at 10,000 readings/s, no-data within
 * timeout + 1 s, RSS flat over a soak, kill -9 recovery, 100,000 malformed payloads; bench-alarms.ts).
 * Figures, not tests.
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import { configFrom } from '../context.ts';
import { CliError, EXIT } from '../exit.ts';
import { benchAlarms } from './bench-alarms.ts';
import { benchCap, benchWarnings } from './bench-warnings.ts';
import { benchRecommend } from './bench-recommend.ts';
import { benchEnterpriseList, benchImportApi, benchImportCli, prepareBenchData } from './bench-ledger.ts';
import { benchMap } from './bench-map.ts';
import { benchIngest, runRawBroker } from './bench-ingest.ts';
import { runLoad } from './bench-load.ts';
import {
  BENCH_PASSWORD,
  createBenchDatabase,
  logIn,
  percentile,
  postgresReachable,
  request,
  rssMb,
  say,
  seconds,
  startServer,
  type Driver,
} from './bench-support.ts';

const SCENARIOS = [
  'startup',
  'enterprises',
  'map',
  'import',
  'ingest',
  'alarms',
  'warnings',
  'recommend',
] as const;
type Scenario = (typeof SCENARIOS)[number];

/** wrk (Debian package `wrk`): a C load generator that leaves the CPU to the server; null when absent. */
function runWrk(url: string, token: string, concurrency: number, secs: number): string | null {
  const args = [
    '-t1',
    `-c${concurrency}`,
    `-d${secs}s`,
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

/** Issue #2: cold and warm start, memory, GET /api/v1/regions/621026 latency (embedded PGlite). */
async function benchStartup(port: number, total: number, concurrency: number): Promise<void> {
  const db = await createBenchDatabase('pglite', '', 'startup');
  say(`\n## start-up, memory, region latency — embedded PGlite in ${db.dataDir}`);
  try {
    const cold = await startServer(db, port, concurrency);
    say(`cold start to healthy (new data dir, initdb + migrations + region pack): ${seconds(cold.startMs)}`);
    await cold.stop();

    const warm = await startServer(db, port, concurrency);
    say(
      `warm start to healthy (existing data dir):                              ${seconds(warm.startMs)}   (target ≤ 5 s)`,
    );
    say(
      `RSS after start:                                                        ${rssMb(warm.child.pid!).toFixed(0)} MB   (target ≤ 500 MB)`,
    );
    const token = await logIn(warm, 'admin', BENCH_PASSWORD);
    const headers = { authorization: `Bearer ${token}` };
    const agent: http.Agent = warm.agent;
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
    const secs = (performance.now() - t0) / 1000;
    latencies.sort((a, b) => a - b);
    const url = `http://127.0.0.1:${port}/api/v1/regions/621026`;
    const wrk = runWrk(url, token, concurrency, 10);
    if (wrk)
      say(
        `GET /api/v1/regions/621026 for 10 s, concurrency ${concurrency}, bearer auth, loopback — client wrk:\n${wrk}`,
      );
    else
      say('(install the Debian package wrk for a load client that does not compete with the server for CPU)');
    say(
      `GET /api/v1/regions/621026 × ${total}, concurrency ${concurrency} — client Node http in this process (shares the 2 cores with the server; its latencies include its own CPU time):`,
    );
    say(`  throughput ${(total / secs).toFixed(0)} req/s, errors ${errors}`);
    say(
      `  p50 ${percentile(latencies, 50).toFixed(2)} ms   p90 ${percentile(latencies, 90).toFixed(2)} ms   p99 ${percentile(latencies, 99).toFixed(2)} ms`,
    );
    say(
      `RSS after load:                                                         ${rssMb(warm.child.pid!).toFixed(0)} MB`,
    );
    await warm.stop();
  } finally {
    await db.dispose();
  }
}

interface LedgerOptions {
  port: number;
  pgUrl: string;
  enterprises: number;
  mapEnterprises: number;
  importRows: number;
  iterations: number;
}

/**
 * One driver: a database with `mapEnterprises` for the map page, then topped up to `enterprises` for
 * the list; a fresh one for the import. Returns the misses.
 */
async function benchLedger(driver: Driver, only: Set<Scenario>, o: LedgerOptions): Promise<string[]> {
  const misses: string[] = [];
  if (only.has('map') || only.has('enterprises')) {
    const db = await createBenchDatabase(driver, o.pgUrl, 'list');
    try {
      say(`\n## enterprises on ${db.label}`);
      let loaded = 0;
      const load = async (count: number) => {
        const { seedMs } = await prepareBenchData(db, { seed: { start: loaded, count } });
        loaded += count;
        say(
          `  loaded ${count.toLocaleString('en')} synthetic enterprises (each with its org unit, multi-row inserts) in ${seconds(seedMs)} — ${loaded.toLocaleString('en')} in the registry`,
        );
      };
      if (only.has('map')) {
        await load(o.mapEnterprises);
        const server = await startServer(db, o.port);
        try {
          const r = await benchMap(server, loaded);
          if (r && !r.ok) misses.push(`${driver}: map page`);
        } finally {
          await server.stop();
        }
      }
      if (only.has('enterprises')) {
        if (loaded < o.enterprises) await load(o.enterprises - loaded);
        const server = await startServer(db, o.port);
        try {
          say(
            `  GET /api/v1/enterprises over ${loaded.toLocaleString('en')} enterprises as a county duty officer, one request at a time, ${o.iterations} times per case:`,
          );
          const r = await benchEnterpriseList(server, loaded, o.iterations);
          if (!r.ok) misses.push(`${driver}: enterprise list`);
        } finally {
          await server.stop();
        }
      }
    } finally {
      await db.dispose();
    }
  }
  if (only.has('import')) {
    const db = await createBenchDatabase(driver, o.pgUrl, 'import');
    try {
      say(`\n## import on ${db.label}`);
      const first = path.join(db.dataDir, 'enterprises-a.xlsx');
      const second = path.join(db.dataDir, 'enterprises-b.xlsx');
      // Synthetic records far from the list's (0..enterprises), so codes and names never collide.
      await prepareBenchData(db, {
        sheets: [
          { range: { start: 1_000_000, count: o.importRows }, file: first },
          { range: { start: 2_000_000, count: o.importRows }, file: second },
        ],
      });
      const server = await startServer(db, o.port);
      try {
        const r = await benchImportApi(server, first, o.importRows);
        if (!r.ok) misses.push(`${driver}: import over the API`);
      } finally {
        await server.stop();
      }
      const c = await benchImportCli(db, second, o.importRows);
      if (!c.ok) misses.push(`${driver}: ningan import`);
    } finally {
      await db.dispose();
    }
  }
  return misses;
}

function parseList<T extends string>(value: string, allowed: readonly T[], flag: string): Set<T> {
  const items = value.split(',').map((s) => s.trim());
  const bad = items.filter((s) => !(allowed as readonly string[]).includes(s));
  if (bad.length)
    throw new CliError(`${flag}: 未知 unknown ${bad.join(', ')}（可选 ${allowed.join(', ')}）`, EXIT.usage);
  return new Set(items as T[]);
}

export function registerBench(program: Command): void {
  program
    .command('bench')
    .description(
      '性能基准：启动、内存、区划接口延迟；企业列表、导入、地图（PGlite 与 PostgreSQL）/ performance figures against the targets',
    )
    .option('--only <scenarios>', `只运行 / run only: ${SCENARIOS.join(',')}`, SCENARIOS.join(','))
    .option('--driver <driver>', 'pglite | postgres | both（启动基准总用 PGlite）', 'both')
    .option(
      '--pg-url <url>',
      'PostgreSQL 服务器（建临时库 ningan_bench_<pid>_*，结束后删除）/ server for throwaway databases',
      process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    )
    .option('--port <port>', '基准使用的端口', '18080')
    .option('--requests <n>', '区划接口请求数', '5000')
    .option('--concurrency <n>', '区划接口并发数', '16')
    .option('--enterprises <n>', '企业列表基准的企业数', '100000')
    .option('--map-enterprises <n>', '地图基准的企业数', '50000')
    .option('--import-rows <n>', '导入基准的行数', '10000')
    .option('--iterations <n>', '企业列表每种查询的次数', '40')
    .option('--ingest-devices <n>', 'MQTT 接入基准的设备（连接）数', '100')
    .option('--ingest-seconds <n>', 'MQTT 接入基准每种情形的测量秒数（另加 2 秒预热）', '10')
    .option('--ingest-window <n>', 'MQTT 接入基准每个连接在途的 QoS 1 消息数', '100')
    .option('--ingest-rules <n>', 'MQTT 接入基准运行的预警规则数（0：不运行规则）', '50')
    .option('--alarm-rate <n>', '预警基准的读数速率（条/秒）', '10000')
    .option('--alarm-seconds <n>', '预警延迟与无数据的测量秒数（另加预热）', '60')
    .option('--alarm-warmup <n>', '预警基准预热秒数', '10')
    .option(
      '--soak-minutes <n>',
      '内存浸泡分钟数（单独 --only alarms 时默认 10，完整基准默认 1）/ RSS soak minutes (10 with --only alarms, else 1)',
    )
    .option('--soak-warmup <n>', '内存浸泡开始采样前的预热秒数', '60')
    .option('--fuzz <n>', '畸形报文数', '100000')
    .option('--kill-after <n>', 'kill -9 前的加载秒数', '9')
    .option('--warning-recipients <n>', '预警基准的公众接收人数', '500000')
    .option('--warning-rate <n>', '预警基准每通道每秒发送数（DELIVERY_RATE_PER_SECOND）', '2000')
    .option('--warning-seconds <n>', '预警基准观察发送的秒数', '20')
    .option('--gateway-sim-port <n>', '预警基准网关模拟器端口', '18790')
    .action(
      async (opts: {
        only: string;
        driver: string;
        pgUrl: string;
        port: string;
        requests: string;
        concurrency: string;
        enterprises: string;
        mapEnterprises: string;
        importRows: string;
        iterations: string;
        ingestDevices: string;
        ingestSeconds: string;
        ingestWindow: string;
        ingestRules: string;
        alarmRate: string;
        alarmSeconds: string;
        alarmWarmup: string;
        soakMinutes?: string;
        soakWarmup: string;
        fuzz: string;
        killAfter: string;
        warningRecipients: string;
        warningRate: string;
        warningSeconds: string;
        gatewaySimPort: string;
      }) => {
        const only = parseList(opts.only, SCENARIOS, '--only');
        const wanted = opts.driver === 'both' ? 'pglite,postgres' : opts.driver;
        const drivers = parseList(wanted, ['pglite', 'postgres'] as const, '--driver');
        const port = Number(opts.port);
        say(
          `ningan bench — ${os.cpus().length} CPU, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`,
        );
        if (drivers.has('postgres')) {
          const why = await postgresReachable(opts.pgUrl);
          if (why) {
            say(
              `\n(PostgreSQL at ${new URL(opts.pgUrl).host} not reachable — ${why}; its figures are skipped)`,
            );
            drivers.delete('postgres');
          }
        }
        if (only.has('startup')) await benchStartup(port, Number(opts.requests), Number(opts.concurrency));
        if (only.has('ingest')) {
          const ingest = {
            port,
            devices: Number(opts.ingestDevices),
            seconds: Number(opts.ingestSeconds),
            warmupSeconds: 2,
            window: Number(opts.ingestWindow),
            rules: Number(opts.ingestRules),
          };
          // The targets are for the embedded defaults; PostgreSQL is measured for comparison.
          for (const driver of drivers) {
            const r = await benchIngest(ingest, driver, opts.pgUrl);
            say(
              r.ok
                ? `ingest targets on ${driver}: all met`
                : `ingest targets on ${driver}: missed (see the table)`,
            );
          }
        }
        if (only.has('alarms')) {
          const alone = only.size === 1;
          const soakMinutes = Number(opts.soakMinutes ?? (alone ? 10 : 1));
          say(
            `\nalarms bench: RSS soak of ${soakMinutes} min${opts.soakMinutes === undefined ? (alone ? ' (the full soak; --soak-minutes N for another length)' : ' (short soak of the complete run; `--only alarms` soaks 10 min)') : ''}`,
          );
          const alarmOptions = {
            port,
            rate: Number(opts.alarmRate),
            devices: Number(opts.ingestDevices),
            window: 1000,
            warmupSeconds: Number(opts.alarmWarmup),
            seconds: Number(opts.alarmSeconds),
            soakMinutes,
            soakWarmupSeconds: Number(opts.soakWarmup),
            fuzz: Number(opts.fuzz),
            killAfterSeconds: Number(opts.killAfter),
            tickGraceMs: configFrom({}).monitoring.alarms.tickGraceMs,
          };
          const misses: string[] = [];
          for (const driver of drivers) misses.push(...(await benchAlarms(alarmOptions, driver, opts.pgUrl)));
          say(misses.length ? `\nalarms: missed — ${misses.join('; ')}` : '\nalarm targets: all met');
        }
        if (only.has('warnings')) {
          const misses: string[] = [];
          for (const driver of drivers)
            misses.push(
              ...(await benchWarnings(
                {
                  port,
                  pgUrl: opts.pgUrl,
                  recipients: Number(opts.warningRecipients),
                  rate: Number(opts.warningRate),
                  deliverSeconds: Number(opts.warningSeconds),
                  simPort: Number(opts.gatewaySimPort),
                },
                driver,
              )),
            );
          benchCap();
          say(misses.length ? `\nwarnings: missed — ${misses.join('; ')}` : '\nwarning targets: all met');
        }
        // Resource recommendation over 100,000 resources (issue #6: ≤ 20 ms), in memory: no driver involved.
        if (only.has('recommend')) benchRecommend();
        if (!['enterprises', 'map', 'import'].some((s) => only.has(s as Scenario))) return;
        const options: LedgerOptions = {
          port,
          pgUrl: opts.pgUrl,
          enterprises: Number(opts.enterprises),
          mapEnterprises: Number(opts.mapEnterprises),
          importRows: Number(opts.importRows),
          iterations: Number(opts.iterations),
        };
        const misses: string[] = [];
        for (const driver of drivers) misses.push(...(await benchLedger(driver, only, options)));
        say(misses.length ? `\nmissed: ${misses.join('; ')}` : '\nledger targets: all met');
      },
    );
  // The bare broker `bench --only ingest` compares against, run in its own process like the server.
  program
    .command('bench-raw-broker', { hidden: true })
    .option('--port <port>', 'port', '0')
    .action(async (opts: { port: string }) => runRawBroker(Number(opts.port)));
  // The alarm bench's load generator, in its own process (driven over IPC by `bench --only alarms`).
  program.command('bench-load', { hidden: true }).action(async () => runLoad());
}
