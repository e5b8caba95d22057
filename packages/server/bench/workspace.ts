/**
 * The incident workspace at size (issue #6: "incident workspace with 1,000 timeline entries and 200 tasks opens
 * in ≤ 1 s"): one incident with 1,000 timeline rows and 200 tasks, GET /api/v1/incidents/:id/workspace over a real
 * HTTP socket, N times; prints p50 / p95 / max and the payload size. Figures, not a test.
 *
 *   npx tsx packages/server/bench/workspace.ts [requests=30] [postgres://…]
 *
 * Without a URL the database is an embedded PGlite in a fresh directory under /tmp (removed at the end); with
 * one, that PostgreSQL database is used as is (give it an empty, throwaway database). The server listens on
 * 127.0.0.1:39461.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/client.ts';
import { createServices } from '../src/main/platform.ts';
import { insertUser } from '../src/repositories/users.repository.ts';
import { hashPassword } from '../src/lib/crypto.ts';
import { actorOf } from '../src/services/auth.service.ts';
import { SessionCache } from '../src/services/session-cache.ts';

const REQUESTS = Number(process.argv[2] ?? 30);
const PG_URL = process.argv[3] ?? null;
const PORT = 39461;
const TARGET_MS = 1000;
const PASSWORD = 'Bench#2026-ningan';

const say = (s: string) => process.stdout.write(`${s}\n`);
const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ningan-bench-workspace-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    PASSWORD_HASH_COST: '10',
    RATE_LIMIT_PER_MINUTE: '100000',
    ...(PG_URL ? { DATABASE_URL: PG_URL } : {}),
  });
  const database = await openDatabase({ databaseUrl: PG_URL, dataDir, command: 'bench' });
  const log = pino({ level: 'warn' });
  const services = createServices(
    { db: database.db, clock: () => new Date(), config, log, sessions: new SessionCache() },
    database,
  );
  try {
    await services.regions.loadRegionPack();
    await services.bootstrap.ensureOrgUnits();
    const now = new Date();
    const user = await insertUser(database.db, {
      username: `bench-ws-${process.pid}`,
      displayName: '基准值班员',
      passwordHash: await hashPassword(PASSWORD, config.password.hashCost),
      roles: ['duty_officer'],
      scopeLevel: 'county',
      scopeRegionCode: config.regionCode,
      scopeOrgUnitId: null,
      orgUnitId: null,
      regionCode: config.regionCode,
      disabled: false,
      createdAt: now,
      updatedAt: now,
      passwordChangedAt: now,
    });
    const incident = await services.incidents.intake(actorOf(user, 'cli', null), {
      source: 'phone',
      eventType: 'hazardous_chemicals',
      occurredAt: new Date(now.getTime() - 30 * 60_000).toISOString(),
      regionCode: `${config.regionCode}100`,
      lon: 107.92,
      lat: 35.5,
      place: '基准测试地点',
      description: '基准测试事件',
      figures: { deaths: 1, injuries: 4 },
      caller: { name: '基准' },
    });
    const t0 = performance.now();
    // 1,000 rows in all: the intake and grading rows plus 998 contact notes of a realistic length.
    await database.db.execute(sql`
      insert into incident_timeline (incident_id, at, kind, actor_name, summary, data)
      select ${incident.id}::uuid, ${now.toISOString()}::timestamptz + (i || ' seconds')::interval, 'contact',
        '基准值班员', '电话联络 新宁镇应急办：现场情况第 ' || i || ' 次通报，道路已封闭，群众已转移，继续监测',
        jsonb_build_object('channel', 'phone', 'party', '新宁镇应急办', 'n', i)
      from generate_series(1, 998) as i`);
    await database.db.execute(sql`
      insert into incident_tasks (incident_id, title, detail, assignee_kind, assignee_id, assignee_name,
        created_by_name, created_at, updated_at, due_at)
      select ${incident.id}::uuid, '任务 ' || i || '：组织人员转移并反馈', '按预案第 ' || i || ' 项执行', 'township',
        ${`${config.regionCode}100`}, '新宁镇', '基准值班员', ${now.toISOString()}::timestamptz,
        ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz + interval '2 hours'
      from generate_series(1, 200) as i`);
    say(`# workspace bench — ${PG_URL ? 'PostgreSQL' : `PGlite in ${dataDir}`}`);
    say(`seeded 998 timeline rows + 200 tasks in ${(performance.now() - t0).toFixed(0)} ms`);

    const app = await buildApp(services, log);
    await app.listen({ host: '127.0.0.1', port: PORT });
    try {
      const base = `http://127.0.0.1:${PORT}/api/v1`;
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: user.username, password: PASSWORD }),
      });
      const { token } = (await login.json()) as { token: string };
      const headers = { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' };
      const times: number[] = [];
      let bytes = 0;
      let counts = '';
      for (let i = 0; i < REQUESTS + 3; i += 1) {
        const s = performance.now();
        const res = await fetch(`${base}/incidents/${incident.id}/workspace`, { headers });
        const body = await res.text();
        const ms = performance.now() - s;
        if (res.status !== 200) throw new Error(`workspace: ${res.status} ${body.slice(0, 300)}`);
        if (i < 3) continue; // warm-up
        times.push(ms);
        bytes = Buffer.byteLength(body);
        const ws = JSON.parse(body) as { timeline: unknown[]; tasks: unknown[] };
        counts = `${ws.timeline.length} timeline rows, ${ws.tasks.length} tasks`;
      }
      times.sort((a, b) => a - b);
      say(
        `GET /incidents/:id/workspace × ${REQUESTS} (${counts}, ${(bytes / 1024).toFixed(0)} KiB uncompressed):`,
      );
      say(
        `  p50 ${pct(times, 50).toFixed(1)} ms   p95 ${pct(times, 95).toFixed(1)} ms   max ${times.at(-1)!.toFixed(1)} ms   (target ≤ ${TARGET_MS} ms: ${times.at(-1)! <= TARGET_MS ? 'met' : 'MISSED'})`,
      );
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
