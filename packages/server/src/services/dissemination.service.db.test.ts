/**
 * Issue #5 parts 5–7: recipients and their expansion (idempotent, Test never public — CAP 1.2 §3.2.1
 * status), the dispatcher (success, failure → retry by the policy, give-up, expiry, cancel), crash in
 * `sending` → resend with the same idempotency key → the gateway simulator records one message, receipts,
 * the SMS answer, the 叫应 ladder on a fake clock, progress and coverage numbers.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, outbox } from '../db/schema/index.ts';
import { warningCalls, warningDeliveries, warningRecipientSets, warnings } from '../db/schema/warnings.ts';
import { runCallsOnce } from '../dissemination/calls.ts';
import { callTokenSecret, noEvents, type DisseminationDeps } from '../dissemination/context.ts';
import { Dispatcher } from '../dissemination/dispatcher.ts';
import { runFanoutOnce } from '../dissemination/fanout.ts';
import { startGatewaySim, type GatewaySim } from '../dissemination/gateway-sim.ts';
import { buildAdapters } from '../dissemination/runtime.ts';
import { listChildRegions } from '../repositories/regions.repository.ts';
import {
  claimDue,
  insertSubscribersBulk,
  insertTerminalsBulk,
  requeueStaleSending,
} from '../repositories/warning-deliveries.repository.ts';
import { callTokenOf, countRecipients } from '../repositories/warning-recipients.repository.ts';
import { useTestContext, villageScope, XINNING, ZAOSHENG, type TestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';

const ENV = { DELIVERY_RATE_PER_SECOND: '100000', DELIVERY_CONCURRENCY: '4', DELIVERY_MAX_ATTEMPTS: '3' };

interface World {
  villageA: string;
  villageB: string;
  villageZ: string;
  secretary: { id: string; phone: string };
  leader: { id: string; phone: string };
  villageUserId: string;
}

async function setup(ctx: TestContext): Promise<World> {
  const [a, b] = await listChildRegions(ctx.db, XINNING);
  const [z] = await listChildRegions(ctx.db, ZAOSHENG);
  const now = ctx.clock.now();
  // 3 + 3 subscribers in 新宁镇 (one phone on both lists), 2 in 早胜镇 (not targeted).
  await insertSubscribersBulk(
    ctx.db,
    [
      ['19900000001', a!.code],
      ['19900000002', a!.code],
      ['19900000003', a!.code],
      ['19900000003', b!.code],
      ['19900000004', b!.code],
      ['19900000005', b!.code],
      ['19900000006', z!.code],
      ['19900000007', z!.code],
    ].map(([phone, regionCode]) => ({
      phone: phone!,
      name: null,
      regionCode: regionCode!,
      source: 'test',
      isDemo: false,
    })),
    now,
  );
  await insertTerminalsBulk(
    ctx.db,
    [a!, b!, z!].map((v) => ({
      terminalId: `T-${v.code}`,
      name: `${v.name}大喇叭`,
      regionCode: v.code,
      isDemo: false,
    })),
    now,
  );
  const secretary = await ctx.newContact({
    regionCode: a!.code,
    duty: 'village_secretary',
    phone: '13700000001',
  });
  const leader = await ctx.newContact({ regionCode: XINNING, duty: 'township_leader', phone: '13700000002' });
  await ctx.newContact({ regionCode: z!.code, duty: 'village_secretary', phone: '13700000003' });
  // A 单位联系人 in the village is not a responsible person.
  await ctx.newContact({ regionCode: a!.code, duty: 'unit_contact', phone: '13700000004' });
  const villageUser = await ctx.newUser({ roles: ['village_officer'], scope: villageScope(b!.code) });
  await ctx.newUser({ roles: ['duty_officer'] });
  return {
    villageA: a!.code,
    villageB: b!.code,
    villageZ: z!.code,
    secretary: { id: secretary.id, phone: secretary.phone },
    leader: { id: leader.id, phone: leader.phone },
    villageUserId: villageUser.id,
  };
}

/** A published message (what H3's sign-off leaves) and its outbox row. */
async function publish(
  ctx: TestContext,
  w: World,
  o: {
    capStatus?: string;
    msgType?: 'Alert' | 'Update' | 'Cancel';
    chainId?: string;
    expiresInMinutes?: number;
    villageCodes?: string[];
  } = {},
): Promise<string> {
  const id = randomUUID();
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(warnings).values({
      id,
      chainId: o.chainId ?? id,
      identifier: `62102641000000_${id.slice(0, 8)}`,
      msgType: o.msgType ?? 'Alert',
      capStatus: o.capStatus ?? 'Actual',
      state: 'published',
      hazard: 'rainstorm',
      level: 'orange',
      headline: '宁县应急管理局发布暴雨橙色预警',
      description: '预计未来 6 小时降雨量将达 50 毫米以上。',
      instruction: '转移危险地带人员，停止户外作业。',
      area: { regionCodes: o.villageCodes ?? [w.villageA, w.villageB], polygons: [], circles: [] },
      targets: {
        townshipCodes: [...new Set((o.villageCodes ?? [w.villageA]).map((v) => v.slice(0, 9)))],
        villageCodes: o.villageCodes ?? [w.villageA, w.villageB],
      },
      audiences: ['public', 'responsible'],
      channels: ['sms', 'broadcast', 'app'],
      source: 'manual',
      effectiveAt: now,
      expiresAt: new Date(now.getTime() + (o.expiresInMinutes ?? 360) * 60_000),
      sentAt: now,
      regionCode: '621026',
      createdAt: now,
      updatedAt: now,
    });
    await tx
      .insert(outbox)
      .values({ topic: 'warning.published', key: id, regionCode: '621026', payload: {}, createdAt: now });
  });
  return id;
}

async function setsOf(ctx: TestContext, warningId: string) {
  return ctx.db
    .select()
    .from(warningRecipientSets)
    .where(eq(warningRecipientSets.warningId, warningId))
    .orderBy(warningRecipientSets.id);
}

async function states(ctx: TestContext, warningId: string) {
  const rows = await ctx.db
    .select({
      channel: warningDeliveries.channel,
      audience: warningDeliveries.audience,
      state: warningDeliveries.state,
      key: warningDeliveries.recipientKey,
    })
    .from(warningDeliveries)
    .where(eq(warningDeliveries.warningId, warningId));
  return rows;
}

forEachDriver('warning dissemination (issue #5 parts 5–7)', (driver) => {
  const ctx = useTestContext(driver, { env: ENV });
  let world: World;
  let sim: GatewaySim;
  let deps: DisseminationDeps;
  let dispatcher: Dispatcher;

  beforeAll(async () => {
    world = await setup(ctx);
    sim = await startGatewaySim({ port: 0, platformUrl: null, secret: 'test-secret', smtp: false });
    deps = { db: ctx.db, clock: ctx.clock.now, config: ctx.config, log: ctx.log, events: noEvents };
    dispatcher = new Dispatcher(
      deps,
      buildAdapters(deps, 'test-secret', { sms: `${sim.url}/sms`, broadcast: `${sim.url}/broadcast` }),
    );
  });
  afterAll(async () => {
    await sim.stop();
  });

  describe('recipients and expansion (part 4–5)', () => {
    it('counts each (audience, channel): one SMS per phone, only responsible duties, only the targeted area', async () => {
      const counts = await countRecipients(ctx.db, {
        capStatus: 'Actual',
        hazard: 'rainstorm',
        townshipCodes: [XINNING],
        villageCodes: [world.villageA, world.villageB],
        audiences: ['public', 'responsible'],
        channels: ['sms', 'broadcast', 'app'],
      });
      const of = (a: string, c: string) => counts.find((x) => x.audience === a && x.channel === c)?.count;
      expect(of('public', 'sms')).toBe(5); // 19900000003 is on both villages' lists: once
      expect(of('public', 'broadcast')).toBe(2);
      expect(of('responsible', 'sms')).toBe(2); // the secretary and the township leader, not the unit contact
      expect(of('responsible', 'app')).toBe(1);
    });

    it('CAP status Test never reaches public channels (§3.2.1): those rows are not created', async () => {
      const counts = await countRecipients(ctx.db, {
        capStatus: 'Test',
        hazard: 'rainstorm',
        townshipCodes: [XINNING],
        villageCodes: [world.villageA],
        audiences: ['public', 'responsible'],
        channels: ['sms', 'broadcast', 'app'],
      });
      expect(counts.some((c) => c.audience === 'public' || c.channel === 'broadcast')).toBe(false);
      const id = await publish(ctx, world, { capStatus: 'Test' });
      await runFanoutOnce(deps);
      const rows = await states(ctx, id);
      expect(rows.length).toBe(3);
      expect(rows.every((r) => r.audience === 'responsible' && r.channel !== 'broadcast')).toBe(true);
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, id));
    });

    it('expands into deliveries, public SMS sets and 叫应 calls; a second run adds nothing; one audit row per fan-out', async () => {
      const id = await publish(ctx, world);
      const first = await runFanoutOnce(deps);
      // 10 recipients: 5 rows (2 loudspeakers, 2 responsible SMS, 1 app) + 5 public phones in 2 sets
      expect(first.map((r) => r.recipients)).toEqual([10]);
      expect((await states(ctx, id)).length).toBe(5);
      expect((await setsOf(ctx, id)).map((s) => s.total)).toEqual([3, 2]);
      const calls = await ctx.db.select().from(warningCalls).where(eq(warningCalls.warningId, id));
      expect(calls.map((c) => c.role).sort()).toEqual(['township', 'village', 'village']);
      // The token is only in the message: the row holds its SHA-256.
      expect(calls.every((c) => /^[0-9a-f]{64}$/.test(c.tokenHash))).toBe(true);
      // A crash after the chunks, before the outbox row was marked: the re-run adds nothing twice.
      await ctx.db
        .insert(outbox)
        .values({ topic: 'warning.published', key: id, payload: {}, createdAt: ctx.clock.now() });
      await runFanoutOnce(deps);
      expect((await states(ctx, id)).length).toBe(5);
      expect((await setsOf(ctx, id)).length).toBe(2);
      expect((await ctx.db.select().from(warningCalls).where(eq(warningCalls.warningId, id))).length).toBe(3);
      const audits = await ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, 'warning.fanout'), eq(auditLog.entityId, id)));
      expect(audits.length).toBe(2); // one per outbox row (fan-out), not per delivery
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, id));
    });
  });

  describe('the dispatcher', () => {
    it('sends, retries a failure after the policy wait, gives up after the last attempt', async () => {
      const id = await publish(ctx, world);
      await runFanoutOnce(deps);
      sim.control({ failRate: 1 });
      let r = await dispatcher.dispatchOnce('sms');
      // earlier tests' rows of withdrawn messages are claimed too, and cancelled unsent
      expect(r.failed + r.skipped).toBe(r.claimed);
      const failed = await ctx.db
        .select()
        .from(warningDeliveries)
        .where(and(eq(warningDeliveries.warningId, id), eq(warningDeliveries.channel, 'sms')));
      // DEFAULT policy wait 30 s before the 2nd attempt
      expect(
        failed.every(
          (d) => d.state === 'failed' && d.nextAttemptAt!.getTime() === ctx.clock.now().getTime() + 30_000,
        ),
      ).toBe(true);
      expect((await dispatcher.dispatchOnce('sms')).claimed).toBe(0); // not due yet
      ctx.clock.advance(30_000);
      r = await dispatcher.dispatchOnce('sms');
      expect(r.failed).toBe(failed.length);
      ctx.clock.advance(60_000);
      r = await dispatcher.dispatchOnce('sms');
      expect(r.failed).toBe(failed.length);
      const gaveUp = await ctx.db
        .select()
        .from(warningDeliveries)
        .where(and(eq(warningDeliveries.warningId, id), eq(warningDeliveries.channel, 'sms')));
      expect(gaveUp.every((d) => d.state === 'failed' && d.nextAttemptAt === null && d.attempts === 3)).toBe(
        true,
      );
      sim.control({ failRate: 0 });
      // broadcast: sent with the simulator's receipt id
      r = await dispatcher.dispatchOnce('broadcast');
      expect(r.sent).toBe(2);
      const bc = await ctx.db
        .select()
        .from(warningDeliveries)
        .where(and(eq(warningDeliveries.warningId, id), eq(warningDeliveries.channel, 'broadcast')));
      expect(bc.every((d) => d.state === 'sent' && d.receiptId?.startsWith('sim-broadcast-'))).toBe(true);
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, id));
      await dispatcher.dispatchOnce('app');
    });

    it('checks expiry and cancellation before every send', async () => {
      const expiring = await publish(ctx, world, { expiresInMinutes: 1 });
      await runFanoutOnce(deps);
      ctx.clock.advanceMinutes(2);
      await dispatcher.dispatchOnce('sms');
      expect(
        (await states(ctx, expiring)).filter((d) => d.channel === 'sms').every((d) => d.state === 'expired'),
      ).toBe(true);

      const alert = await publish(ctx, world);
      await runFanoutOnce(deps);
      const cancel = await publish(ctx, world, { msgType: 'Cancel', chainId: alert });
      await ctx.db.update(warnings).set({ cancelledAt: ctx.clock.now() }).where(eq(warnings.id, alert));
      await runFanoutOnce(deps);
      expect((await states(ctx, alert)).every((d) => d.state === 'cancelled')).toBe(true);
      expect((await setsOf(ctx, alert)).every((s) => s.stoppedAt !== null)).toBe(true);
      // the Cancel itself goes out, without 叫应 (its public SMS numbers materialised by the dispatcher)
      expect((await states(ctx, cancel)).length).toBe(5);
      expect(
        (await ctx.db.select().from(warningCalls).where(eq(warningCalls.warningId, cancel))).length,
      ).toBe(0);
      for (const ch of ['sms', 'broadcast', 'app'] as const) await dispatcher.dispatchOnce(ch);
      expect((await states(ctx, cancel)).length).toBe(10);
      expect((await states(ctx, cancel)).every((d) => d.state === 'sent')).toBe(true);
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, cancel));
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, expiring));
    });

    it('a crash while `sending`: re-sent with the same key, the simulator records one message', async () => {
      const id = await publish(ctx, world);
      await runFanoutOnce(deps);
      const before = sim.stats();
      const claimed = [
        ...(await claimDue(ctx.db, 'sms', 100, ctx.clock.now())),
        ...(await dispatcher.materialise('sms', 100)),
      ];
      expect(claimed.length).toBe(7); // 2 responsible rows + 5 public numbers of the sets
      // The gateway got the first one, then the process died before recording it.
      const first = claimed[0]!;
      await fetch(`${sim.url}/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gateway-secret': 'test-secret' },
        body: JSON.stringify({ idempotencyKey: String(first.id), to: first.address, text: 'x' }),
      });
      expect(await requeueStaleSending(ctx.db, ctx.clock.now(), ctx.clock.now())).toBe(7);
      const r = await dispatcher.dispatchOnce('sms');
      expect(r.sent).toBe(7);
      const after = sim.stats();
      expect(after.count - before.count).toBe(7);
      expect(after.duplicates - before.duplicates).toBe(1);
      expect(sim.messages().filter((m) => m.idempotencyKey === String(first.id)).length).toBe(1);
      const rows = await states(ctx, id);
      expect(rows.filter((d) => d.channel === 'sms').every((d) => d.state === 'sent')).toBe(true);
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, id));
    });
  });

  describe('receipts, answers, 叫应 ladder and progress', () => {
    let id: string;
    beforeAll(async () => {
      ctx.clock.advanceMinutes(1);
      id = await publish(ctx, world);
      await runFanoutOnce(deps);
      for (const ch of ['sms', 'broadcast', 'app'] as const) await dispatcher.dispatchOnce(ch);
    });

    it('receipts mark deliveries delivered or failed (then retried); a bad secret is refused', async () => {
      const secret = await ctx.services.dissemination.gatewaySecret();
      const rows = await ctx.db
        .select()
        .from(warningDeliveries)
        .where(and(eq(warningDeliveries.warningId, id), eq(warningDeliveries.audience, 'public')));
      const sms = rows.filter((r) => r.channel === 'sms');
      const failedOne = sms[0]!;
      const ack = await ctx.services.dissemination.receipts(secret, {
        receipts: [
          ...rows
            .filter((r) => r.id !== failedOne.id)
            .map((r) => ({ idempotencyKey: String(r.id), status: 'delivered' as const })),
          { idempotencyKey: String(failedOne.id), status: 'failed' as const, error: '用户关机' },
          { idempotencyKey: '999999999', status: 'delivered' as const },
        ],
      });
      expect(ack).toEqual({ accepted: rows.length, ignored: 1 });
      const f = (
        await ctx.db.select().from(warningDeliveries).where(eq(warningDeliveries.id, failedOne.id))
      )[0]!;
      expect(f.state).toBe('failed');
      expect(f.nextAttemptAt).not.toBeNull();
      await expect(
        ctx.services.dissemination.receipts('wrong', {
          receipts: [{ idempotencyKey: '1', status: 'delivered' }],
        }),
      ).rejects.toMatchObject({ code: 'unauthenticated' });
    });

    it('an SMS reply "1" answers the newest open call of that phone; the link answers by token', async () => {
      const secret = await ctx.services.dissemination.gatewaySecret();
      expect(
        await ctx.services.dissemination.inboundSms(secret, { from: '+8613700000001', text: '1' }),
      ).toMatchObject({ outcome: 'answered' });
      const call = (
        await ctx.db
          .select()
          .from(warningCalls)
          .where(
            and(
              eq(warningCalls.warningId, id),
              eq(warningCalls.recipientKey, `contact:${world.secretary.id}`),
            ),
          )
      )[0]!;
      expect(call.answerChannel).toBe('sms');
      expect(
        await ctx.services.dissemination.inboundSms(secret, { from: '13700000001', text: '天气怎么样' }),
      ).toMatchObject({ outcome: 'not_an_answer' });
      // The message carried the link with the token the row hashes.
      const token = callTokenOf(await callTokenSecret(ctx.db, ctx.config), id, `contact:${world.leader.id}`);
      const sent = sim
        .messages()
        .filter((m) => m.to === world.leader.phone)
        .at(-1)!;
      expect(sent.text).toContain(`/ack/${token}`);
      expect(sent.text).toContain('回复1确认收到');
      const view = await ctx.services.dissemination.answerByLink({ token }, '127.0.0.1');
      expect(view.answeredAt).not.toBeNull();
      const answers = await ctx.db.select().from(auditLog).where(eq(auditLog.action, 'warning_call.answer'));
      expect(answers.length).toBeGreaterThanOrEqual(2);
    });

    it('叫应 ladder on the fake clock: resend at 5 min, township leaders at 10, county duty officers at 20 (DEFAULT_CALL_RESPONSE_POLICY)', async () => {
      const userKey = `user:${world.villageUserId}`;
      const callOf = async () =>
        (
          await ctx.db
            .select()
            .from(warningCalls)
            .where(and(eq(warningCalls.warningId, id), eq(warningCalls.recipientKey, userKey)))
        )[0]!;
      expect((await callOf()).step).toBe('initial');
      ctx.clock.advanceMinutes(4);
      expect((await runCallsOnce(deps)).filter((t) => t.warningId === id)).toEqual([]);
      ctx.clock.advanceMinutes(1.5);
      await runCallsOnce(deps);
      expect((await callOf()).step).toBe('resend');
      expect((await states(ctx, id)).some((d) => d.key === `${userKey}#resend1` && d.channel === 'app')).toBe(
        true,
      );
      ctx.clock.advanceMinutes(5);
      await runCallsOnce(deps);
      expect((await callOf()).step).toBe('township');
      expect(
        (await states(ctx, id)).some((d) => d.key === `contact:${world.leader.id}#township-escalation`),
      ).toBe(true);
      ctx.clock.advanceMinutes(10);
      await runCallsOnce(deps);
      const last = await callOf();
      expect(last.step).toBe('county');
      expect(last.dueAt).toBeNull();
      expect(
        (await states(ctx, id)).some((d) => d.key.endsWith('#county-escalation') && d.channel === 'app'),
      ).toBe(true);
      await dispatcher.dispatchOnce('sms');
      const esc = sim.messages().filter((m) => m.to === world.leader.phone && m.text.includes('叫应未应答'));
      expect(esc.length).toBe(1);
      const steps = await ctx.db
        .select()
        .from(auditLog)
        .where(
          sql`${auditLog.action} in ('warning_call.resend', 'warning_call.escalate') and ${auditLog.details} ->> 'warningId' = ${id}`,
        );
      expect(steps.length).toBe(3);
    });

    it('progress: coverage per township and the public rate (delivered / targeted)', async () => {
      const duty = await ctx.newUser({ roles: ['duty_officer'] });
      const p = await ctx.services.dissemination.progress(ctx.actor(duty), id);
      // public: 5 sms + 2 broadcast targeted; 6 delivered by receipt, 1 failed and being retried
      expect(p.coverage.public).toMatchObject({ targeted: 7, delivered: 6 });
      expect(p.coverage.public.rate).toBeCloseTo(6 / 7, 6);
      expect(p.coverage.byTownship.map((t) => t.townshipCode)).toContain(XINNING);
      expect(p.fanout.state).toBe('done');
      const board = await ctx.services.dissemination.calls(ctx.actor(duty), id);
      expect(board.total).toBe(3);
      expect(board.answered).toBe(2);
      const outsider = await ctx.newUser({
        roles: ['township_officer'],
        scope: { level: 'township', regionCode: ZAOSHENG },
      });
      await expect(ctx.services.dissemination.progress(ctx.actor(outsider), id)).rejects.toMatchObject({
        code: 'not_found',
      });
    });
  });

  describe('叫应 answered while a resend or escalation waits in the queue', () => {
    it('a resend to someone who has answered since is not sent; an escalation naming nobody unanswered is not sent', async () => {
      ctx.clock.advanceMinutes(1);
      const id2 = await publish(ctx, world);
      await runFanoutOnce(deps);
      for (const ch of ['sms', 'broadcast', 'app'] as const) await dispatcher.dispatchOnce(ch);
      const sentTo = (phone: string, text: string) =>
        sim.messages().filter((m) => m.to === phone && m.text.includes(text)).length;
      const row = async (key: string) =>
        (await states(ctx, id2)).find((d) => d.key === key && d.channel === 'sms');
      const secretaryResends = sentTo(world.secretary.phone, '再次通知');
      const leaderResends = sentTo(world.leader.phone, '再次通知');

      // The resend step queues a resend for all three; the secretary answers before the dispatcher sends.
      ctx.clock.advanceMinutes(5.5);
      await runCallsOnce(deps);
      const secretKey = `contact:${world.secretary.id}`;
      expect(await row(`${secretKey}#resend1`)).toMatchObject({ state: 'queued' });
      const secret = await ctx.services.dissemination.gatewaySecret();
      expect(
        await ctx.services.dissemination.inboundSms(secret, { from: world.secretary.phone, text: '1' }),
      ).toMatchObject({ outcome: 'answered' });
      await dispatcher.dispatchOnce('sms');
      expect(await row(`${secretKey}#resend1`)).toMatchObject({ state: 'skipped' });
      expect(sentTo(world.secretary.phone, '再次通知')).toBe(secretaryResends);
      expect(sentTo(world.leader.phone, '再次通知')).toBe(leaderResends + 1);

      // The township escalation is queued naming the two still silent; both answer before it goes out.
      ctx.clock.advanceMinutes(5);
      await runCallsOnce(deps);
      const escalation = `contact:${world.leader.id}#township-escalation`;
      expect(await row(escalation)).toMatchObject({ state: 'queued' });
      const tokenSecret = await callTokenSecret(ctx.db, ctx.config);
      for (const key of [`contact:${world.leader.id}`, `user:${world.villageUserId}`])
        await ctx.services.dissemination.answerByLink(
          { token: callTokenOf(tokenSecret, id2, key) },
          '127.0.0.1',
        );
      const escalations = sentTo(world.leader.phone, '叫应未应答');
      await dispatcher.dispatchOnce('sms');
      expect(await row(escalation)).toMatchObject({ state: 'skipped' });
      expect(sentTo(world.leader.phone, '叫应未应答')).toBe(escalations);
      const [skipped] = await ctx.db
        .select({ error: warningDeliveries.lastError })
        .from(warningDeliveries)
        .where(
          and(
            eq(warningDeliveries.warningId, id2),
            eq(warningDeliveries.recipientKey, `${secretKey}#resend1`),
          ),
        );
      expect(skipped?.error).toBe('已应答，不再重发');
    });
  });

  describe('public SMS as recipient sets, materialised at send time (ADR 0009)', () => {
    const phonesOf = async (warningId: string) =>
      (await states(ctx, warningId))
        .filter((d) => d.audience === 'public' && d.channel === 'sms')
        .map((d) => d.key.slice('phone:'.length))
        .sort();
    /** Sends what earlier tests left due, so the sets below are the oldest open ones. */
    const drain = async () => {
      for (let i = 0; i < 20 && (await dispatcher.dispatchOnce('sms')).claimed > 0; i++);
    };

    it('fan-out writes one set per village, phones de-duplicated across the whole message (two townships); a re-run adds no second set', async () => {
      await drain();
      // 19900000001 is on the lists of village A (新宁镇) and village Z (早胜镇): messaged once
      await insertSubscribersBulk(
        ctx.db,
        [{ phone: '19900000001', name: null, regionCode: world.villageZ, source: 'test', isDemo: false }],
        ctx.clock.now(),
      );
      const id = await publish(ctx, world, {
        villageCodes: [world.villageA, world.villageB, world.villageZ],
      });
      await runFanoutOnce(deps);
      const sets = await setsOf(ctx, id);
      expect(
        sets.map((s) => [s.villageCode, [...s.phones].sort(), s.total, s.nextIndex, s.audience, s.channel]),
      ).toEqual([
        [world.villageA, ['19900000001', '19900000002', '19900000003'], 3, 0, 'public', 'sms'],
        [world.villageB, ['19900000004', '19900000005'], 2, 0, 'public', 'sms'],
        [world.villageZ, ['19900000006', '19900000007'], 2, 0, 'public', 'sms'],
      ]);
      expect(sets.map((s) => s.townshipCode)).toEqual([XINNING, XINNING, ZAOSHENG]);
      // no public SMS row at fan-out
      expect(await phonesOf(id)).toEqual([]);
      await ctx.db
        .insert(outbox)
        .values({ topic: 'warning.published', key: id, payload: {}, createdAt: ctx.clock.now() });
      await runFanoutOnce(deps);
      expect((await setsOf(ctx, id)).map((s) => s.total)).toEqual([3, 2, 2]);

      // The dispatcher: due rows first (the responsible persons), then slices of the oldest set.
      const cursors = async () => (await setsOf(ctx, id)).map((s) => s.nextIndex);
      let r = await dispatcher.dispatchOnce('sms', 3);
      expect(r.materialised).toBe(0); // 3 responsible SMS rows (A's secretary, the leader, Z's secretary)
      expect(await cursors()).toEqual([0, 0, 0]);
      r = await dispatcher.dispatchOnce('sms', 2);
      expect(r).toMatchObject({ claimed: 2, materialised: 2, sent: 2 });
      expect(await cursors()).toEqual([2, 0, 0]);
      r = await dispatcher.dispatchOnce('sms', 3); // the rest of A, then the first two of B
      expect(r).toMatchObject({ materialised: 3, sent: 3 });
      expect(await cursors()).toEqual([3, 2, 0]);
      r = await dispatcher.dispatchOnce('sms', 100);
      expect(r).toMatchObject({ materialised: 2, sent: 2 });
      expect(await cursors()).toEqual([3, 2, 2]);
      expect((await dispatcher.dispatchOnce('sms', 100)).materialised).toBe(0);
      expect(await phonesOf(id)).toEqual([1, 2, 3, 4, 5, 6, 7].map((i) => `1990000000${i}`));
      const rows = (await states(ctx, id)).filter((d) => d.audience === 'public' && d.channel === 'sms');
      expect(rows.every((d) => d.state === 'sent')).toBe(true);
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, id));
    });

    it('a crash between the materialise commit and the send: re-sent with the same key, the simulator records one', async () => {
      await drain();
      const id = await publish(ctx, world);
      await runFanoutOnce(deps);
      const before = sim.stats();
      // Materialised and committed (rows `sending`, cursor moved); the gateway got the first, then the
      // process died before recording anything.
      const slice = await dispatcher.materialise('sms', 3);
      expect(slice.map((d) => [d.audience, d.attempts])).toEqual([
        ['public', 1],
        ['public', 1],
        ['public', 1],
      ]);
      expect((await setsOf(ctx, id)).map((s) => s.nextIndex)).toEqual([3, 0]);
      const first = slice[0]!;
      await fetch(`${sim.url}/sms`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-gateway-secret': 'test-secret' },
        body: JSON.stringify({ idempotencyKey: String(first.id), to: first.address, text: 'x' }),
      });
      // Restart: rows left `sending` go back to the queue; the cursor is not moved back.
      expect(await requeueStaleSending(ctx.db, ctx.clock.now(), ctx.clock.now())).toBe(3);
      await drain();
      const after = sim.stats();
      expect(after.duplicates - before.duplicates).toBe(1);
      expect(sim.messages().filter((m) => m.idempotencyKey === String(first.id)).length).toBe(1);
      // every public number of the message: one row, sent, one recorded message
      const rows = await ctx.db
        .select()
        .from(warningDeliveries)
        .where(and(eq(warningDeliveries.warningId, id), eq(warningDeliveries.audience, 'public')));
      const sms = rows.filter((d) => d.channel === 'sms');
      expect(sms.map((d) => d.address).sort()).toEqual([1, 2, 3, 4, 5].map((i) => `1990000000${i}`));
      expect(sms.every((d) => d.state === 'sent')).toBe(true);
      const keys = new Set(sms.map((d) => String(d.id)));
      expect(sim.messages().filter((m) => keys.has(m.idempotencyKey)).length).toBe(5);
      expect((await setsOf(ctx, id)).map((s) => s.nextIndex)).toEqual([3, 2]);
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, id));
    });

    it('a Cancel stops the earlier message’s sets; progress counts their numbers cancelled, the Cancel’s queued', async () => {
      await drain();
      const alert = await publish(ctx, world);
      await runFanoutOnce(deps);
      const duty = await ctx.newUser({ roles: ['duty_officer'] });
      let p = await ctx.services.dissemination.progress(ctx.actor(duty), alert);
      // 5 public SMS numbers (sets) + 2 loudspeakers + 2 responsible SMS + 1 app, all queued
      expect(p.fanout).toEqual({ state: 'done', recipients: 10 });
      expect(p.byState.queued).toBe(10);
      expect(p.coverage.public).toMatchObject({ targeted: 7, pending: 7, delivered: 0 });
      expect(p.coverage.byTownship.find((t) => t.townshipCode === XINNING)).toMatchObject({ targeted: 10 });

      const cancel = await publish(ctx, world, { msgType: 'Cancel', chainId: alert });
      await ctx.db.update(warnings).set({ cancelledAt: ctx.clock.now() }).where(eq(warnings.id, alert));
      const [fan] = await runFanoutOnce(deps);
      expect(fan!.stopped).toBe(10); // 5 rows + 5 numbers of the sets
      const stopped = await setsOf(ctx, alert);
      expect(stopped.every((s) => s.stoppedAt !== null && s.stoppedReason?.includes('Cancel'))).toBe(true);
      p = await ctx.services.dissemination.progress(ctx.actor(duty), alert);
      expect(p.byState).toMatchObject({ queued: 0, cancelled: 10 });
      expect(p.coverage.public).toMatchObject({ targeted: 7, pending: 0, delivered: 0, rate: 0 });
      const pc = await ctx.services.dissemination.progress(ctx.actor(duty), cancel);
      expect(pc.byState.queued).toBe(10);
      // the dispatcher never materialises a stopped set
      await drain();
      expect(
        (await states(ctx, alert)).filter((d) => d.audience === 'public' && d.channel === 'sms'),
      ).toEqual([]);
      expect((await setsOf(ctx, alert)).map((s) => s.nextIndex)).toEqual([0, 0]);
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, cancel));
    });

    it('an expired message: the dispatcher stops its sets instead of materialising; progress counts them expired', async () => {
      await drain();
      const id = await publish(ctx, world, { expiresInMinutes: 1 });
      await runFanoutOnce(deps);
      ctx.clock.advanceMinutes(2);
      const duty = await ctx.newUser({ roles: ['duty_officer'] });
      // The set is not stopped yet, but its message is no longer in force: its 5 numbers count expired
      // already; the 5 rows stay queued until the dispatcher reaches them.
      let p = await ctx.services.dissemination.progress(ctx.actor(duty), id);
      expect(p.byState).toMatchObject({ expired: 5, queued: 5 });
      await drain();
      const sets = await setsOf(ctx, id);
      expect(sets.every((s) => s.stoppedAt !== null && s.nextIndex === 0)).toBe(true);
      expect(sets[0]!.stoppedReason).toContain('过期');
      p = await ctx.services.dissemination.progress(ctx.actor(duty), id);
      // + the 2 responsible SMS rows expired unsent; loudspeakers and app were not dispatched here
      expect(p.byState).toMatchObject({ expired: 7, queued: 3 });
      expect(p.coverage.public).toMatchObject({ targeted: 7, pending: 2, rate: 0 });
      expect(p.byChannel.find((c) => c.channel === 'sms')?.byState).toMatchObject({ expired: 7, queued: 0 });
      await ctx.db.update(warnings).set({ state: 'rejected' }).where(eq(warnings.id, id));
    });
  });

  describe('demo recipients (part 8, 演示数据)', () => {
    it('one loudspeaker per village, 20–40 subscribers per village, a responsible contact with a phone in every village; once', async () => {
      expect(await ctx.services.dissemination.seedDemo()).toBe(true);
      expect(await ctx.services.dissemination.seedDemo()).toBe(false);
      const [row] = await ctx.db
        .execute(
          sql`
        select (select count(*)::int from regions where level = 'village') as villages,
          (select count(*)::int from broadcast_terminals where is_demo) as terminals,
          (select count(*)::int from regions r where r.level = 'village' and not exists (
            select 1 from contacts c where c.region_code = r.code and c.phone <> ''
              and c.duty in ('village_secretary', 'village_director', 'disaster_info_officer'))) as uncovered,
          (select min(n)::int from (select count(*) as n from warning_subscribers where is_demo group by region_code) t) as min_subs,
          (select max(n)::int from (select count(*) as n from warning_subscribers where is_demo group by region_code) t) as max_subs`,
        )
        .then(
          (r) =>
            (
              r as {
                rows: {
                  villages: number;
                  terminals: number;
                  uncovered: number;
                  min_subs: number;
                  max_subs: number;
                }[];
              }
            ).rows,
        );
      expect(row!.terminals).toBe(row!.villages);
      expect(row!.uncovered).toBe(0);
      expect(row!.min_subs).toBeGreaterThanOrEqual(20);
      expect(row!.max_subs).toBeLessThanOrEqual(40);
    });
  });
});
