/**
 * Issue #3's ledger targets, as figures: the enterprise list (filter, search, sort, deep pages) over
 * 100,000 enterprises (p95 ≤ 50 ms) and a 10,000-row .xlsx import including validation (≤ 10 s).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareInstallation, seedSyntheticEnterprises, syntheticEnterpriseSheet } from '@ningan/server';
import type { SyntheticRange } from '@ningan/server';
import { cliActor, configFrom, withPlatform } from '../context.ts';
import {
  BENCH_PASSWORD,
  BIN,
  cpuMs,
  load,
  logIn,
  ms,
  percentile,
  request,
  say,
  seconds,
  verdict,
  type BenchDatabase,
  type Server,
} from './bench-support.ts';

export const DUTY_USER = 'bench-duty';
const TODAY = '2026-05-01';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Opens the database in this process (the server is not running), loads the region pack and the
 * organisation, adds a county duty officer, stores `seed` synthetic enterprises and writes `sheets`.
 * Returns how long the bulk load took.
 */
export async function prepareBenchData(
  db: BenchDatabase,
  options: {
    seed?: Omit<SyntheticRange, 'today'>;
    sheets?: { range: Omit<SyntheticRange, 'today'>; file: string }[];
  },
): Promise<{ seedMs: number }> {
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
    const deps = { db: p.database.db, config };
    const { items } = await p.services.users.listUsers(cliActor(config), {
      page: 1,
      pageSize: 1,
      q: DUTY_USER,
    });
    if (!items.some((u) => u.username === DUTY_USER))
      await p.services.users.createUser(cliActor(config), {
        username: DUTY_USER,
        displayName: '基准值班员',
        password: BENCH_PASSWORD,
        phone: null,
        roles: ['duty_officer'],
        scope: { level: 'county', regionCode: config.regionCode, orgUnitId: null },
        orgUnitId: null,
      });
    let seedMs = 0;
    if (options.seed) {
      const t0 = performance.now();
      await seedSyntheticEnterprises(deps, { ...options.seed, today: TODAY });
      seedMs = performance.now() - t0;
    }
    for (const sheet of options.sheets ?? [])
      fs.writeFileSync(sheet.file, await syntheticEnterpriseSheet(deps, { ...sheet.range, today: TODAY }));
    return { seedMs };
  });
}

interface ListCase {
  label: string;
  query: string;
}

async function townshipCodes(server: Server, token: string): Promise<string[]> {
  const r = await request(server.agent, server.port, 'GET', '/api/v1/regions/621026', {
    authorization: `Bearer ${token}`,
  });
  if (r.status !== 200) throw new Error(`GET /api/v1/regions/621026: ${r.status}`);
  return (JSON.parse(r.text()) as { children: { code: string }[] }).children.map((c) => c.code);
}

/**
 * GET /api/v1/enterprises as a county duty officer, one request at a time (one user's latency), each
 * case `iterations` times after a warm-up. Target: p95 ≤ 50 ms for every case.
 */
export async function benchEnterpriseList(
  server: Server,
  total: number,
  iterations: number,
): Promise<{ ok: boolean; p95: number }> {
  const token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
  const headers = { authorization: `Bearer ${token}` };
  const towns = await townshipCodes(server, token);
  const town = towns[3] ?? towns[0]!;
  const deepPage = Math.floor(total / 2 / 20);
  const cases: ListCase[] = [
    { label: 'page 1, default order (region, name)', query: 'page=1&pageSize=20' },
    { label: 'industry=工贸', query: `industry=${encodeURIComponent('工贸')}&page=1&pageSize=20` },
    { label: `township ${town} (regionCode prefix)`, query: `regionCode=${town}&page=1&pageSize=20` },
    { label: 'q=恒达 (name contains)', query: `q=${encodeURIComponent('恒达')}&page=1&pageSize=20` },
    { label: 'q=MA00123 (credit code contains)', query: 'q=MA00123&page=1&pageSize=20' },
    { label: 'q=不存在 (no match)', query: `q=${encodeURIComponent('不存在的企业')}&page=1&pageSize=20` },
    { label: 'sort=name', query: 'sort=name&page=1&pageSize=20' },
    { label: 'sort=-updatedAt', query: 'sort=-updatedAt&page=1&pageSize=20' },
    {
      label: 'industry + township + sort=name',
      query: `industry=${encodeURIComponent('商贸')}&regionCode=${town}&sort=name&page=1&pageSize=20`,
    },
    {
      label: 'q + industry + sort=-updatedAt, page 3',
      query: `q=${encodeURIComponent('机械')}&industry=${encodeURIComponent('工贸')}&sort=-updatedAt&page=3&pageSize=20`,
    },
    {
      label: `deep page ${deepPage} (offset ${(deepPage - 1) * 20}), sort=name`,
      query: `sort=name&page=${deepPage}&pageSize=20`,
    },
    { label: 'pageSize=100, sort=-updatedAt, page 10', query: 'sort=-updatedAt&page=10&pageSize=100' },
  ];
  const all: number[] = [];
  let ok = true;
  say(`  ${'case'.padEnd(48)} ${'matches'.padStart(7)}   p50        p95        p99`);
  for (const c of cases) {
    const url = `/api/v1/enterprises?${c.query}`;
    let matches = 0;
    for (let i = 0; i < 3; i += 1) {
      const r = await request(server.agent, server.port, 'GET', url, headers);
      if (r.status !== 200) throw new Error(`GET ${url}: ${r.status} ${r.text().slice(0, 300)}`);
      matches = (JSON.parse(r.text()) as { total: number }).total;
    }
    const times: number[] = [];
    for (let i = 0; i < iterations; i += 1) {
      const s = performance.now();
      const r = await request(server.agent, server.port, 'GET', url, headers);
      times.push(performance.now() - s);
      if (r.status !== 200) throw new Error(`GET ${url}: ${r.status}`);
    }
    times.sort((a, b) => a - b);
    all.push(...times);
    const p95 = percentile(times, 95);
    ok &&= p95 <= 50;
    say(
      `  ${c.label.padEnd(48)} ${String(matches).padStart(7)}   ${ms(percentile(times, 50)).padEnd(10)} ${ms(p95).padEnd(10)} ${ms(percentile(times, 99)).padEnd(10)} ${p95 <= 50 ? '' : '← over 50 ms'}`,
    );
  }
  all.sort((a, b) => a - b);
  const p95 = percentile(all, 95);
  say(
    `  all cases: p50 ${ms(percentile(all, 50))}, p95 ${ms(p95)}, p99 ${ms(percentile(all, 99))} — target p95 ≤ 50 ms in every case: ${verdict(ok)}`,
  );
  return { ok, p95 };
}

/** Imports a sheet over the API (what the console's 导入 does: a dry run, then the import). */
export async function benchImportApi(
  server: Server,
  file: string,
  rows: number,
): Promise<{ ok: boolean; importMs: number }> {
  const token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
  const body = fs.readFileSync(file);
  const post = async (dryRun: boolean) => {
    const cpu0 = cpuMs(server.child.pid!);
    const s = performance.now();
    const r = await request(
      server.agent,
      server.port,
      'POST',
      `/api/v1/enterprises/import?dryRun=${dryRun ? 1 : 0}`,
      { authorization: `Bearer ${token}`, 'content-type': XLSX, 'content-length': String(body.length) },
      body,
    );
    const elapsed = performance.now() - s;
    const cpu = cpuMs(server.child.pid!) - cpu0;
    if (r.status !== 200) throw new Error(`import: ${r.status} ${r.text().slice(0, 600)}`);
    return {
      elapsed,
      cpu,
      result: JSON.parse(r.text()) as { created: number; updated: number; unchanged: number },
    };
  };
  const dry = await post(true);
  const real = await post(false);
  const again = await post(false);
  if (real.result.created !== rows || again.result.unchanged !== rows)
    throw new Error(`import counted ${JSON.stringify(real.result)} then ${JSON.stringify(again.result)}`);
  const ok = real.elapsed <= 10_000;
  const both = (x: { elapsed: number; cpu: number }) =>
    `${seconds(x.elapsed)} (server CPU ${seconds(x.cpu)})`;
  say(
    `  POST /api/v1/enterprises/import, ${rows.toLocaleString('en')} rows (${(body.length / 1024).toFixed(0)} KB .xlsx), load ${load()}:`,
  );
  say(`    dry run (read + validate):                 ${both(dry)}`);
  say(
    `    import (read + validate + write, ${real.result.created} new): ${both(real)} — target ≤ 10 s: ${verdict(ok)}`,
  );
  say(`    the same file again (all unchanged):       ${both(again)}`);
  return { ok, importMs: real.elapsed };
}

/** `ningan import enterprises <file>` as a user runs it (process start, reading, validation, writing). */
export async function benchImportCli(
  db: BenchDatabase,
  file: string,
  rows: number,
): Promise<{ ok: boolean; ms: number }> {
  const s = performance.now();
  const child = spawn(process.execPath, [BIN, 'import', 'enterprises', file, '--data-dir', db.dataDir], {
    env: { ...process.env, LOG_LEVEL: 'warn', DATABASE_URL: db.databaseUrl ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  // When the first and last progress lines of each phase arrived, from the start (where the time goes).
  const seen = new Map<string, [number, number]>();
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    const at = performance.now() - s;
    for (const phase of ['validated', 'written'])
      if (d.toString().includes(phase)) seen.set(phase, [seen.get(phase)?.[0] ?? at, at]);
  });
  const code = await new Promise<number | null>((r) => child.once('exit', r));
  const elapsed = performance.now() - s;
  if (code !== 0) throw new Error(`ningan import exited with ${code}:\n${stderr}`);
  const progress = stderr.split('\n').filter((l) => l.trim());
  const ok = elapsed <= 10_000;
  say(
    `  ningan import enterprises ${path.basename(file)} (${rows.toLocaleString('en')} new rows, ${progress.length} progress lines on stderr): ${seconds(elapsed)} — target ≤ 10 s: ${verdict(ok)}`,
  );
  const span = (phase: string) => {
    const t = seen.get(phase);
    return t ? `${seconds(t[0])}–${seconds(t[1])}` : '—';
  };
  say(
    `    progress lines: validated ${span('validated')}, written ${span('written')} after the start; stdout: ${stdout.trim()}`,
  );
  return { ok, ms: elapsed };
}
