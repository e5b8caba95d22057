/**
 * Issue #6 part 11: both demo scenarios played at full speed through the HTTP API on a demo-seeded database —
 * the incident ends closed with the expected timeline, the tasks the scenario worked are completed, the stock
 * went down by the allocation, the reports were filed on time; and the demo endpoint answers 202 with the
 * incident id, plays the rest in the background, and refuses an unknown scenario or a non-demo install.
 */
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../services/bootstrap.service.ts';
import { useTestContext } from '../test/context.ts';
import { forEachDriver, queryRows } from '../test/db.ts';
import { runCommandScenario } from './command-scenarios.ts';

forEachDriver('issue #6 demo scenarios through the whole chain', (driver) => {
  const ctx = useTestContext(driver);

  beforeAll(async () => {
    await ctx.services.bootstrap.seedDemo();
    await ctx.services.bootstrap.seedDemoDirectory();
    await ctx.services.regions.seedDemoPopulations();
  }, 600_000);

  const kinds = async (id: string) =>
    (
      await queryRows<{ kind: string }>(
        ctx.db,
        sql`select kind from incident_timeline where incident_id = ${id}::uuid order by seq`,
      )
    ).map((r) => r.kind);
  const stockOf = async (item: string) =>
    Number(
      (
        await queryRows<{ q: string | null }>(
          ctx.db,
          sql`select sum(quantity)::text as q from stock_lots where item_code = ${item}`,
        )
      )[0]?.q ?? 0,
    );
  const play = async (name: 'rainstorm-landslide' | 'hazchem-tanker') => {
    const app = await ctx.app();
    return runCommandScenario(app, name, { password: DEMO_PASSWORD, now: ctx.clock.now, speed: Infinity });
  };
  const incident = async (id: string) =>
    (
      await queryRows<{ status: string; grade: string | null; response_level: string | null }>(
        ctx.db,
        sql`select status, grade, response_level from incidents where id = ${id}::uuid`,
      )
    )[0]!;
  const tasksBy = async (id: string) =>
    queryRows<{ title: string; state: string; assignee_kind: string }>(
      ctx.db,
      sql`select title, state, assignee_kind from incident_tasks where incident_id = ${id}::uuid`,
    );
  const reports = async (id: string) =>
    queryRows<{ step: string }>(
      ctx.db,
      sql`select step from incident_reports where incident_id = ${id}::uuid`,
    );

  /** Every filed report of the incident was filed on time (state `met`), as the API reports it. */
  const expectFiledOnTime = async (id: string) => {
    const app = await ctx.app();
    const duty = await ctx.login(app, 'duty', DEMO_PASSWORD);
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/incidents/${id}/reports`,
      headers: duty.bearer,
    });
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      status: { reports: { step: string; state: string; filedAt: string | null }[] };
    }>();
    const filed = body.status.reports.filter((r) => r.filedAt !== null);
    expect(filed.length).toBeGreaterThan(0);
    for (const r of filed) expect(`${r.step} ${r.state}`).toBe(`${r.step} met`);
  };

  it('rainstorm-landslide: warning → field report → 初报 → Ⅳ → plan → tasks → tents → sitrep → 核报 → close → review', async () => {
    const tentsBefore = await stockOf('tent');
    const result = await play('rainstorm-landslide');
    expect(result.steps.length).toBeGreaterThan(20);
    for (const s of result.steps) expect(s.who).toMatch(/演示/);
    const i = await incident(result.incidentId);
    expect(i.status).toBe('closed');
    expect(i.response_level).toBe('Ⅳ');
    const k = await kinds(result.incidentId);
    for (const kind of [
      'intake',
      'merge',
      'report',
      'decision',
      'activation',
      'ack',
      'task',
      'feedback',
      'allocation',
      'impact',
      'sitrep',
      'follow_up',
      'close',
      'review',
    ])
      expect(k, kind).toContain(kind);
    const demoTasks = (await tasksBy(result.incidentId)).filter((t) => t.title.startsWith('【演示】'));
    expect(demoTasks.length).toBe(2);
    for (const t of demoTasks) expect(t.state).toBe('completed');
    expect(await stockOf('tent')).toBeLessThan(tentsBefore);
    const filed = (await reports(result.incidentId)).map((r) => r.step);
    expect(filed.some((s) => s.startsWith('初报'))).toBe(true);
    expect(filed).toContain('核报');
    await expectFiledOnTime(result.incidentId);
  }, 300_000);

  it('hazchem-tanker: phone call → 493号令 一般 → accident reports on time → hazchem plan → tasks → death → 补报 → close', async () => {
    const result = await play('hazchem-tanker');
    const i = await incident(result.incidentId);
    expect(i.status).toBe('closed');
    expect(i.grade).toBe('一般');
    const k = await kinds(result.incidentId);
    for (const kind of ['intake', 'report', 'activation', 'task', 'impact', 'follow_up', 'close', 'review'])
      expect(k, kind).toContain(kind);
    const worked = (await tasksBy(result.incidentId)).filter(
      (t) => t.title.startsWith('【演示】') && t.assignee_kind !== 'org_unit',
    );
    for (const t of worked) expect(t.state).toBe('completed');
    const filed = (await reports(result.incidentId)).map((r) => r.step);
    expect(filed.some((s) => s.startsWith('事故报告'))).toBe(true);
    expect(filed).toContain('伤亡变化补报');
    await expectFiledOnTime(result.incidentId);
  }, 300_000);

  it('POST /demo/command-scenarios/:name: 202 with the incident at once, the rest in the background; 404 unknown, 400 bad speed, 403 without incident:command', async () => {
    const app = await ctx.app();
    const commander = await ctx.login(app, 'commander', DEMO_PASSWORD);
    const duty = await ctx.login(app, 'duty', DEMO_PASSWORD);
    const post = (name: string, headers: Record<string, string>, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/demo/command-scenarios/${name}`,
        headers,
        payload: payload as never,
      });
    expect((await post('no-such', commander.bearer, {})).statusCode).toBe(404);
    expect((await post('hazchem-tanker', commander.bearer, { speed: 0 })).statusCode).toBe(400);
    expect((await post('hazchem-tanker', duty.bearer, {})).statusCode).toBe(403);
    const res = await post('hazchem-tanker', commander.bearer, { speed: 1000 });
    expect(res.statusCode).toBe(202);
    const { incidentId } = res.json<{ incidentId: string }>();
    // The background play ends with the review (3 ms a step at speed 1000).
    const deadline = Date.now() + 120_000;
    const verified = async () =>
      (
        await queryRows<{ state: string }>(
          ctx.db,
          sql`select state from incident_findings where incident_id = ${incidentId}::uuid`,
        )
      ).some((f) => f.state === 'verified');
    while (!(await verified()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const k = await kinds(incidentId);
    expect(k[0]).toBe('intake');
    expect(k).toContain('review');
    expect((await incident(incidentId)).status).toBe('closed');
  }, 300_000);
});
