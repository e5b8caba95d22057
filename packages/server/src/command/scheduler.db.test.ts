/**
 * Issue #6 part 4 (and part 1's nil reports): the durable reporting clock with a fake clock — warn and overdue fire
 * once at the right instants; a restart fires each missed instant exactly once; filing a report stops its timers;
 * concurrent passes never double-fire; a missing nil report is chased once per day.
 * Times: T0 = Monday 2 March 2026 09:00 Beijing; warn 30 min before due (default); nil reports due 10:00 here.
 */
import type { Actor, ReportElements } from '@ningan/domain';
import { and, eq, gte } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { dutyLog, incidentDeadlineFirings, incidents, incidentTimeline } from '../db/schema/index.ts';
import { listTownships } from '../repositories/duty.repository.ts';
import { insertTestIncident } from '../test/command.ts';
import { COUNTY, T0, XINNING, townshipScope, useTestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { refreshReportingClock } from './reporting.ts';
import { runCommandSchedulerOnce, startCommandScheduler, type CommandSchedulerDeps } from './scheduler.ts';

const MIN = 60_000;
const at = (minutesFromT0: number) => new Date(T0.getTime() + minutesFromT0 * MIN);

const content: ReportElements = {
  occurredAt: at(-10).toISOString(),
  place: '新宁镇东城村后山',
  unit: '东城村委会',
  summary: '山体滑坡，掩埋道路约 50 米',
  casualties: { deaths: 0, missing: 0, seriousInjuries: 0, injuries: 0 },
  losses: '',
  measures: '已封闭道路',
  nextSteps: '继续监测',
  reporter: '值班员',
  phone: '0934-0000000',
};

forEachDriver('command scheduler (reporting clock)', (driver) => {
  const ctx = useTestContext(driver, { env: { NIL_REPORT_DUE: '10:00' } });
  let duty: Actor;
  let deps: CommandSchedulerDeps;

  beforeAll(async () => {
    duty = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
    deps = {
      db: ctx.db,
      clock: ctx.clock.now,
      config: ctx.config,
      log: ctx.log,
      bus: ctx.services.commandBus,
      maxSleepMs: 60_000,
    };
  });

  const setClock = (to: Date) => ctx.clock.advance(to.getTime() - ctx.clock.now().getTime());
  const newIncident = async (knownAt: Date, title: string) => {
    const row = await insertTestIncident(ctx.db, {
      occurredAt: new Date(knownAt.getTime() - 10 * MIN),
      knownAt,
      title,
    });
    await ctx.db.transaction((tx) => refreshReportingClock(tx, row.id, ctx.clock.now(), ctx.config.command));
    return row.id;
  };
  const firings = (incidentId: string) =>
    ctx.db.select().from(incidentDeadlineFirings).where(eq(incidentDeadlineFirings.incidentId, incidentId));
  const deadlineEntries = (incidentId: string) =>
    ctx.db
      .select()
      .from(incidentTimeline)
      .where(and(eq(incidentTimeline.incidentId, incidentId), eq(incidentTimeline.kind, 'deadline')))
      .orderBy(incidentTimeline.seq);
  const nextTimer = async (id: string) =>
    (await ctx.db.select({ t: incidents.nextTimerAt }).from(incidents).where(eq(incidents.id, id)))[0]?.t ??
    null;

  let a = '';

  it('统计制度 初报 2 h: warns 30 min before (10:30) and escalates at the due instant (11:00), each once', async () => {
    a = await newIncident(T0, '东城村滑坡');
    expect(await nextTimer(a)).toEqual(at(90));

    expect((await runCommandSchedulerOnce(deps)).fired).toEqual([]);
    setClock(at(89));
    expect((await runCommandSchedulerOnce(deps)).fired).toEqual([]);

    setClock(at(90));
    const warn = await runCommandSchedulerOnce(deps);
    expect(warn.fired).toEqual([
      expect.objectContaining({ incidentId: a, step: '初报', kind: 'warn', due: at(120) }),
    ]);
    expect((await runCommandSchedulerOnce(deps)).fired).toEqual([]);
    expect(await nextTimer(a)).toEqual(at(120));

    setClock(at(120));
    const overdue = await runCommandSchedulerOnce(deps);
    expect(overdue.fired).toEqual([
      expect.objectContaining({ incidentId: a, step: '初报', kind: 'overdue' }),
    ]);
    expect((await runCommandSchedulerOnce(deps)).fired).toEqual([]);

    const entries = await deadlineEntries(a);
    expect(entries.map((e) => e.summary)).toEqual([
      '初报将于 11:00 到期（县级应急管理部门 → 设区的市级应急管理部门）',
      '初报已到报送时限仍未报送（应于 11:00 前报设区的市级应急管理部门），已升级提醒指挥长和值班员',
    ]);
    expect(entries.map((e) => e.at)).toEqual([at(90), at(120)]);
    const audits = (await ctx.auditRows()).filter(
      (r) => r.action === 'incident.deadline' && r.entityId === a,
    );
    expect(audits.map((r) => r.actorName)).toEqual(['system:command-scheduler', 'system:command-scheduler']);
    // Next: the first 续报, due 09:00 the next day, warned at 08:30.
    expect(await nextTimer(a)).toEqual(at(24 * 60 - 30));
  });

  let c = '';

  it('filing the 初报 before its due stops its timers', async () => {
    c = await newIncident(ctx.clock.now(), '早胜镇洪涝'); // 11:00 → 初报 due 13:00
    expect(await nextTimer(c)).toEqual(at(120 + 90));
    setClock(at(130));
    await ctx.services.incidentReports.file(duty, c, { step: '初报', content });
    expect(await nextTimer(c)).toEqual(at(24 * 60 - 30));
  });

  it('a restart fires each instant missed while stopped exactly once, none twice (two schedulers racing)', async () => {
    const b = await newIncident(ctx.clock.now(), '新宁镇内涝'); // 11:10 → warn 12:40, due 13:10
    const first = startCommandScheduler(deps);
    await first.runOnce();
    await first.stop();
    expect(await firings(b)).toEqual([]);

    setClock(at(270)); // 13:30: B's warn and due and C's (filed) due all passed while stopped
    const second = startCommandScheduler(deps);
    const run = await second.runOnce(); // races the loop's own first pass
    await second.stop();
    const third = startCommandScheduler(deps); // and another restart changes nothing
    await third.stop();

    const fired = await firings(b);
    expect(fired.map((f) => f.kind).sort()).toEqual(['overdue', 'warn']);
    expect(run.fired.every((f) => f.incidentId === b)).toBe(true);
    const entries = await deadlineEntries(b);
    expect(entries.map((e) => e.summary)).toEqual([
      '初报到期提醒（补发：应于 13:10 前报送，县级应急管理部门 → 设区的市级应急管理部门）',
      '初报已超时 20 分钟（应于 13:10 前报设区的市级应急管理部门），已升级提醒指挥长和值班员',
    ]);
    expect(await firings(c)).toEqual([]);
    expect(await firings(a)).toHaveLength(2);
  });

  it('an incident taken in after its deadline passed fires at once; concurrent passes fire each instant once', async () => {
    const d = await newIncident(at(270 - 180), '补录的滑坡'); // known 10:30 → warn 12:00, due 12:30, both past
    expect(await nextTimer(d)).toEqual(at(180));
    const runs = await Promise.all([
      runCommandSchedulerOnce(deps),
      runCommandSchedulerOnce(deps),
      runCommandSchedulerOnce(deps),
    ]);
    expect(runs.flatMap((r) => r.fired).filter((f) => f.incidentId === d)).toHaveLength(2);
    expect(await firings(d)).toHaveLength(2);
    expect(await deadlineEntries(d)).toHaveLength(2);
  });

  it('nil reports (报平安): each township missing at the due time is chased once that day, with a duty-log entry', async () => {
    // Next day 09:00: XINNING reports before the 10:00 due, the others do not.
    setClock(at(24 * 60));
    const township = ctx.actor(
      await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }),
    );
    await ctx.services.duty.submitNilReport(township, { note: '平安' });
    expect((await runCommandSchedulerOnce(deps)).chased).toEqual([]);

    setClock(at(24 * 60 + 60));
    const townships = await listTownships(ctx.db, COUNTY);
    const first = await runCommandSchedulerOnce(deps);
    expect(first.chased.sort()).toEqual(
      townships
        .map((t) => t.code)
        .filter((x) => x !== XINNING)
        .sort(),
    );
    expect(
      (await Promise.all([runCommandSchedulerOnce(deps), runCommandSchedulerOnce(deps)])).flatMap(
        (r) => r.chased,
      ),
    ).toEqual([]);

    const board = await ctx.services.duty.nilReports(duty);
    expect(board.items.find((i) => i.townshipCode === XINNING)).toMatchObject({
      state: 'submitted',
      chased: false,
    });
    expect(board.items.filter((i) => i.state === 'missing' && i.chased)).toHaveLength(townships.length - 1);
    const logged = await ctx.db
      .select()
      .from(dutyLog)
      .where(and(eq(dutyLog.regionCode, COUNTY), eq(dutyLog.kind, 'chase'), gte(dutyLog.at, at(24 * 60))));
    expect(logged).toHaveLength(townships.length - 1);
  });
});
