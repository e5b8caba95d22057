/**
 * Issue #6: SMS notices of the command work (`command_notices`) — written in the transaction of the change that
 * causes them (plan activation's 叫应, a ladder step, a deadline firing, a nil-report chase) and sent by the
 * notice sender through the SMS gateway adapter to a fake gateway (node:http), retried on 500 by the
 * dissemination retry policy and given up after DELIVERY_MAX_ATTEMPTS; never twice for one cause.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Actor } from '@ningan/domain';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { callTokenSecret } from '../dissemination/context.ts';
import { commandNotices, incidentAcks, incidentActivations, incidentTimeline } from '../db/schema/index.ts';
import { insertShift } from '../repositories/duty.repository.ts';
import { insertNotices } from '../repositories/command-notices.repository.ts';
import { findDutyOfficers } from '../repositories/warning-deliveries.repository.ts';
import { ackTokenOf } from '../services/command-response.service.ts';
import { insertTestIncident } from '../test/command.ts';
import { COUNTY, countyScope, XINNING, useTestContext } from '../test/context.ts';
import { forEachDriver, queryRows } from '../test/db.ts';
import { runAckLadderOnce } from './ack-ladder.ts';
import { runNoticeSenderOnce, type NoticeSenderDeps } from './notice-sender.ts';
import { refreshReportingClock } from './reporting.ts';
import { runCommandSchedulerOnce } from './scheduler.ts';

const MIN = 60_000;

interface GatewayRequest {
  key: string;
  to: string;
  text: string;
  secret: string | undefined;
}

/** A fake SMS gateway: answers 500 to the phones in `failing`, else 200 with a receipt. */
async function startFakeGateway() {
  const requests: GatewayRequest[] = [];
  const failing = new Set<string>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        idempotencyKey: string;
        to: string;
        text: string;
      };
      requests.push({
        key: body.idempotencyKey,
        to: body.to,
        text: body.text,
        secret: req.headers['x-gateway-secret'] as string | undefined,
      });
      if (failing.has(body.to)) {
        res.writeHead(500).end('busy');
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ receiptId: `r-${body.idempotencyKey}` }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    requests,
    failing,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

forEachDriver('command SMS notices', (driver) => {
  const ctx = useTestContext(driver, {
    env: {
      DELIVERY_MAX_ATTEMPTS: '3',
      DELIVERY_RETRY_BASE_MS: '60000',
      PUBLIC_BASE_URL: 'https://yj.example.cn',
    },
  });
  let gateway: Awaited<ReturnType<typeof startFakeGateway>>;
  let commander: Actor;
  let planId: string;
  let incidentId: string;
  let sender: NoticeSenderDeps;

  const notices = (kind?: string) =>
    ctx.db
      .select()
      .from(commandNotices)
      .where(kind ? eq(commandNotices.kind, kind) : sql`true`)
      .orderBy(commandNotices.createdAt, commandNotices.recipientName);

  const setPhone = (userId: string, phone: string) =>
    ctx.db.execute(sql`update users set phone = ${phone} where id = ${userId}::uuid`);

  beforeAll(async () => {
    gateway = await startFakeGateway();
    const planner = ctx.actor(await ctx.newUser({ roles: ['duty_officer'], scope: countyScope() }));
    commander = ctx.actor(await ctx.newUser({ roles: ['commander'], scope: countyScope() }));
    const plan = await ctx.services.ledger.create(planner, 'plans', {
      name: '宁县突发地质灾害应急预案',
      regionCode: COUNTY,
      attrs: {
        type: '专项',
        owner: '宁县地质灾害应急指挥部办公室',
        hazardTypes: ['地质灾害'],
        levels: [{ level: 'Ⅳ级', trigger: '发生小型地质灾害', actions: '县自然资源局组织调查监测' }],
        hq: [
          { role: '副总指挥', name: '王副县长', unit: '宁县人民政府', phone: '13900003333', levels: ['Ⅳ级'] },
          { role: '成员单位', name: '李局长', unit: '宁县自然资源局', phone: '13900002222', levels: ['Ⅳ级'] },
          // A landline: called, but no SMS.
          { role: '成员单位', name: '赵主任', unit: '宁县气象局', phone: '09346621234', levels: ['Ⅳ级'] },
        ],
        issuedOn: '2025-06-01',
      },
    });
    planId = plan.id;
    incidentId = (await insertTestIncident(ctx.db, { occurredAt: ctx.clock.now(), title: '东城村滑坡' })).id;
    sender = {
      db: ctx.db,
      clock: ctx.clock.now,
      config: ctx.config,
      log: ctx.log,
      gatewaySecret: 'test-gateway-secret',
      smsUrl: gateway.url,
    };
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('activation: one notice per HQ member with a mobile, in the activation transaction (rolled back with it)', async () => {
    // A failure late in the activation transaction (the audit row) takes the notices with it.
    await ctx.db.execute(sql`
      create function fail_marked_audit() returns trigger language plpgsql as $$
      begin
        if new.details::text like '%回滚测试%' then raise exception 'forced failure'; end if;
        return new;
      end $$`);
    await ctx.db.execute(sql`
      create trigger fail_marked_audit before insert on audit_log
      for each row execute function fail_marked_audit()`);
    await expect(
      ctx.services.response.activate(commander, incidentId, { planId, level: 'Ⅳ', reason: '回滚测试' }),
    ).rejects.toThrow();
    await ctx.db.execute(sql`drop trigger fail_marked_audit on audit_log`);
    await ctx.db.execute(sql`drop function fail_marked_audit()`);
    expect(await notices()).toEqual([]);
    expect(await ctx.db.select().from(incidentAcks)).toEqual([]);
    expect(await ctx.db.select().from(incidentActivations)).toEqual([]);

    const activation = await ctx.services.response.activate(commander, incidentId, {
      planId,
      level: 'Ⅳ',
      reason: '小型滑坡，威胁 12 户',
    });
    expect(activation.acks).toHaveLength(3);
    const rows = await notices();
    expect(rows.map((n) => [n.kind, n.recipientName, n.phone, n.state])).toEqual([
      ['activation', '李局长', '13900002222', 'queued'],
      ['activation', '王副县长', '13900003333', 'queued'],
    ]);
    // The answer link of each member's own 叫应.
    const secret = await callTokenSecret(ctx.db, ctx.config);
    const acks = await ctx.db.select().from(incidentAcks);
    for (const n of rows) {
      const ack = acks.find((a) => a.id === n.ackId)!;
      expect(n.text).toContain(
        `https://yj.example.cn/hq-ack/${ackTokenOf(secret, activation.id, ack.recipientKey)}`,
      );
      expect(n.text).toContain('东城村滑坡');
    }
    const [notice] = await ctx.db
      .select()
      .from(incidentTimeline)
      .where(eq(incidentTimeline.kind, 'notification'));
    expect(notice!.summary).toContain('通知指挥部成员 3 人（短信 2 人');
    // The workspace's list, phones masked.
    const list = await ctx.services.response.listNotices(commander, incidentId);
    expect(list.items.map((n) => [n.recipientName, n.phone, n.state])).toEqual([
      ['李局长', '139****2222', 'queued'],
      ['王副县长', '139****3333', 'queued'],
    ]);
  });

  it('the sender sends them to the gateway, retries a 500 by the policy and gives up after the last attempt', async () => {
    gateway.failing.add('13900002222');
    gateway.failing.add('13900003333');
    expect(await runNoticeSenderOnce(sender)).toMatchObject({ claimed: 2, failed: 2 });
    let rows = await notices();
    expect(rows.map((n) => [n.state, n.attempts, n.nextAttemptAt])).toEqual([
      ['failed', 1, new Date(ctx.clock.now().getTime() + MIN)],
      ['failed', 1, new Date(ctx.clock.now().getTime() + MIN)],
    ]);
    expect(rows[0]!.lastError).toContain('HTTP 500');
    expect(await runNoticeSenderOnce(sender)).toMatchObject({ claimed: 0 }); // not due yet

    gateway.failing.delete('13900002222');
    ctx.clock.advance(MIN);
    expect(await runNoticeSenderOnce(sender)).toMatchObject({ claimed: 2, sent: 1, failed: 1 });
    ctx.clock.advance(2 * MIN); // the second retry waits twice as long
    expect(await runNoticeSenderOnce(sender)).toMatchObject({ claimed: 1, failed: 1 });
    ctx.clock.advance(60 * MIN);
    expect(await runNoticeSenderOnce(sender)).toMatchObject({ claimed: 0 });

    rows = await notices();
    expect(rows.map((n) => [n.recipientName, n.state, n.attempts, n.nextAttemptAt])).toEqual([
      ['李局长', 'sent', 2, null],
      ['王副县长', 'failed', 3, null],
    ]);
    expect(rows[0]!.receiptId).toBe(`r-cmd:${rows[0]!.id}`);
    expect(rows[0]!.sentAt).toEqual(new Date(ctx.clock.now().getTime() - 62 * MIN));
    // Every request: the idempotency key of the row, the gateway secret, the text.
    expect(gateway.requests).toHaveLength(5);
    for (const r of gateway.requests) {
      expect(r.secret).toBe('test-gateway-secret');
      expect(r.key).toMatch(/^cmd:[0-9a-f-]{36}$/);
      expect(r.text).toContain('/hq-ack/');
    }
    expect(new Set(gateway.requests.map((r) => r.key)).size).toBe(2);
  });

  it('the 叫应 ladder texts the resend; an answered ack is not texted again', async () => {
    const policy = ctx.config.dissemination.calls;
    const ladder = {
      db: ctx.db,
      clock: ctx.clock.now,
      config: ctx.config,
      log: ctx.log,
      bus: ctx.services.commandBus,
      pushToUser: () => 0,
    };
    // Answer minutes counted from the activation (63 min ago): the resend is due.
    expect(policy.answerMinutes).toBeLessThan(63);
    const taken = await runAckLadderOnce(ladder);
    expect(taken.map((t) => t.step)).toContain('resend');
    const resends = await notices('ack_resend');
    expect(resends.map((n) => n.recipientName).sort()).toEqual(['李局长', '王副县长']);
    // 李局长 answers by the link before the SMS goes out.
    const li = resends.find((n) => n.recipientName === '李局长')!;
    const [ack] = await ctx.db.select().from(incidentAcks).where(eq(incidentAcks.id, li.ackId!));
    const secret = await callTokenSecret(ctx.db, ctx.config);
    await ctx.services.response.answerByToken(
      { token: ackTokenOf(secret, ack!.activationId, ack!.recipientKey) },
      null,
    );
    gateway.failing.clear();
    expect(await runNoticeSenderOnce(sender)).toMatchObject({ claimed: 2, sent: 1, skipped: 1 });
    expect((await notices('ack_resend')).map((n) => [n.recipientName, n.state, n.lastError])).toEqual([
      ['李局长', 'skipped', '已应答，未发送'],
      ['王副县长', 'sent', null],
    ]);
    const entries = await ctx.db
      .select({ summary: incidentTimeline.summary })
      .from(incidentTimeline)
      .where(eq(incidentTimeline.kind, 'notification'));
    expect(entries.some((e) => e.summary.includes('已再次叫应（短信'))).toBe(true);
  });

  it('a deadline overdue firing texts the duty officers and the leader on duty once, restart or re-run', async () => {
    const officer = await ctx.newUser({ roles: ['duty_officer'], scope: countyScope() });
    await setPhone(officer.id, '13700000001');
    const now = ctx.clock.now();
    await insertShift(ctx.db, {
      regionCode: COUNTY,
      date: '2026-03-02',
      start: '08:00',
      end: '08:00',
      startsAt: new Date(now.getTime() - 6 * 60 * MIN),
      endsAt: new Date(now.getTime() + 18 * 60 * MIN),
      leader: { name: '带班领导周某', phone: '13700000009' },
      officers: [],
      createdAt: now,
      updatedAt: now,
    });
    // The township's leader in the directory gets the nil-report chase.
    await ctx.newContact({
      regionCode: XINNING,
      duty: 'township_leader',
      name: '新宁镇镇长',
      phone: '13700000055',
    });
    const row = await insertTestIncident(ctx.db, {
      occurredAt: new Date(now.getTime() - 10 * MIN),
      knownAt: now,
      title: '早胜镇洪涝',
    });
    await ctx.db.transaction((tx) => refreshReportingClock(tx, row.id, now, ctx.config.command));
    const deps = {
      db: ctx.db,
      clock: ctx.clock.now,
      config: ctx.config,
      log: ctx.log,
      bus: ctx.services.commandBus,
    };
    ctx.clock.advance(120 * MIN); // 初报 due 2 h after known
    const run = await runCommandSchedulerOnce(deps);
    expect(run.fired.filter((f) => f.incidentId === row.id).map((f) => f.kind)).toEqual(['warn', 'overdue']);
    // A re-run, and a "restarted" scheduler (a second pass from nothing in memory): no firing, no SMS again.
    expect((await runCommandSchedulerOnce(deps)).fired).toEqual([]);
    expect((await runCommandSchedulerOnce({ ...deps })).fired).toEqual([]);

    const overdue = (await notices('deadline_overdue')).filter((n) => n.incidentId === row.id);
    const officers = (await findDutyOfficers(ctx.db, COUNTY)).filter((o) => o.phone);
    expect(overdue.map((n) => n.phone).sort()).toEqual(
      [...new Set(['13700000009', ...officers.map((o) => o.phone!)])].sort(),
    );
    const leader = overdue.find((n) => n.phone === '13700000009')!;
    expect(leader.recipientName).toBe('带班领导周某');
    expect(leader.text).toContain('早胜镇洪涝');
    expect(leader.text).toContain('初报');
    expect(leader.text).toMatch(/应于 03-02 1\d:\d\d（北京时间）前报/);
    // Warn: the people on the current shift.
    expect(
      (await notices('deadline_warn')).filter((n) => n.incidentId === row.id).map((n) => n.phone),
    ).toEqual(['13700000009']);
    // The overdue entry names the SMS.
    const [entry] = await queryRows<{ summary: string }>(
      ctx.db,
      sql`select summary from incident_timeline where incident_id = ${row.id}::uuid and kind = 'deadline' and data->>'kind' = 'overdue'`,
    );
    expect(entry!.summary).toContain(`短信通知 ${overdue.length} 人`);
    // The chase of 新宁镇's missing nil report (due 09:00) went to its leader.
    const chase = await notices('nil_chase');
    expect(chase.find((n) => n.phone === '13700000055')).toMatchObject({
      recipientName: '新宁镇镇长',
      incidentId: null,
    });
    expect(chase.filter((n) => n.phone === '13700000055')).toHaveLength(1);

    // The same cause written again (a re-run of a step) adds nothing.
    const again = await ctx.db.transaction((tx) =>
      insertNotices(
        tx,
        overdue.map((n) => ({
          incidentId: n.incidentId,
          kind: 'deadline_overdue' as const,
          ref: n.ref,
          recipient: { key: n.recipientKey, name: n.recipientName, phone: n.phone },
          text: n.text,
        })),
        ctx.clock.now(),
      ),
    );
    expect(again).toEqual([]);
    expect(await runNoticeSenderOnce(sender)).toMatchObject({ failed: 0 });
    const texted = gateway.requests.filter(
      (r) => r.text.includes('早胜镇洪涝') && r.text.includes('报送超时'),
    );
    expect(texted.length).toBe(overdue.length);
  });

  it('a task dispatched to a person texts them with the task link', async () => {
    const worker = await ctx.newUser({ roles: ['township_officer'] });
    await setPhone(worker.id, '13700000077');
    const task = await ctx.services.response.createTask(commander, incidentId, {
      title: '转移东城村受威胁群众',
      assigneeKind: 'user',
      assigneeId: worker.id,
    });
    const rows = (await notices('task')).filter((n) => n.ref === task.id);
    expect(rows.map((n) => [n.recipientName, n.phone])).toEqual([[worker.displayName, '13700000077']]);
    expect(rows[0]!.text).toContain(`https://yj.example.cn/m/tasks/${task.id}`);
  });
});
