/**
 * Issue #4 part 6: the alarm lifecycle — the list in the caller's jurisdiction, each person's action with
 * its event, audit and outbox rows written in one transaction (a failing one leaves nothing), assignment
 * with the suggested person first, escalation to one incident, the header summary.
 */
import { AppError, type ErrorDetail } from '@ningan/domain';
import { count, desc, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { AlarmChange } from '../alarms/bus.ts';
import { alarmEvents, alarms, auditLog, incidents, outbox, users } from '../db/schema/index.ts';
import { clearAlarm, newAlarmRule, raiseAlarm, type TestRule } from '../test/alarms.ts';
import { townshipScope, useTestContext, XINNING, ZAOSHENG, type TestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { IN_COUNTY, newStation } from '../test/monitoring.ts';

async function failure(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; details: ErrorDetail[] }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    const e = err as AppError;
    return { code: e.code, message: e.message, details: e.details ?? [] };
  }
  throw new Error('expected the action to fail');
}

/** Rows written about one alarm: its events, audit rows and outbox rows. */
async function trail(ctx: TestContext, alarmId: string) {
  const [events] = await ctx.db
    .select({ n: count() })
    .from(alarmEvents)
    .where(eq(alarmEvents.alarmId, alarmId));
  const [audits] = await ctx.db.select({ n: count() }).from(auditLog).where(eq(auditLog.entityId, alarmId));
  const [messages] = await ctx.db.select({ n: count() }).from(outbox).where(eq(outbox.key, alarmId));
  return { events: events!.n, audits: audits!.n, outbox: messages!.n };
}

async function ruleIn(ctx: TestContext, regionCode: string, name?: string): Promise<TestRule> {
  return newAlarmRule(ctx, await newStation(ctx, { regionCode, ...(name ? { name } : {}) }));
}

forEachDriver('alarm lifecycle (issue #4 part 6)', (driver) => {
  const ctx = useTestContext(driver);

  describe('the list and detail follow the jurisdiction', () => {
    it('a township officer lists only their township; another township’s alarm is not found; filters and sorts', async () => {
      const xn = await ruleIn(ctx, XINNING, '新宁甲站');
      const zs = await ruleIn(ctx, ZAOSHENG, '早胜乙站');
      const t0 = ctx.clock.now();
      const a1 = await raiseAlarm(ctx, xn, { level: 'yellow', at: t0 });
      ctx.clock.advanceMinutes(5);
      const a2 = await raiseAlarm(ctx, zs, { level: 'red' });
      const county = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
      const zaosheng = ctx.actor(
        await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) }),
      );

      const all = await ctx.services.alarms.listAlarms(county, { page: 1, pageSize: 200, sort: 'newest' });
      const ids = all.items.map((a) => a.id);
      expect(ids.indexOf(a2.id)).toBeLessThan(ids.indexOf(a1.id)); // newest first
      const mine = await ctx.services.alarms.listAlarms(zaosheng, { page: 1, pageSize: 200, sort: 'newest' });
      expect(mine.items.map((a) => a.id)).toContain(a2.id);
      expect(mine.items.every((a) => a.regionCode.startsWith(ZAOSHENG))).toBe(true);
      expect((await failure(ctx.services.alarms.getAlarm(zaosheng, a1.id))).code).toBe('not_found');

      const view = all.items.find((a) => a.id === a1.id)!;
      expect(view).toMatchObject({
        stationName: '新宁甲站',
        regionName: '新宁镇',
        level: 'yellow',
        status: 'active',
        signals: { rain3h: 62.5, rain12h: null },
        staleInputs: [],
        lon: IN_COUNTY.lon,
      });
      const reds = await ctx.services.alarms.listAlarms(county, {
        page: 1,
        pageSize: 200,
        sort: 'severity',
        level: ['red', 'orange'],
        regionCode: ZAOSHENG,
      });
      expect(reds.items.map((a) => a.id)).toEqual([a2.id]);
      const byName = await ctx.services.alarms.listAlarms(county, {
        page: 1,
        pageSize: 200,
        sort: 'newest',
        q: '新宁甲',
      });
      expect(byName.items.map((a) => a.id)).toEqual([a1.id]);
      const detail = await ctx.services.alarms.getAlarm(county, a1.id);
      expect(detail.events.map((e) => [e.kind, e.actorName, e.toLevel])).toEqual([
        ['raised', 'system', 'yellow'],
      ]);
      expect(detail.events[0]!.signals).toEqual({ rain3h: 62.5, rain6h: 70.1, rain12h: null });
    });
  });

  describe('actions', () => {
    it('acknowledge → handle (note required) → close only once cleared; each with its event, audit and outbox rows; published after commit', async () => {
      const rule = await ruleIn(ctx, XINNING);
      const alarm = await raiseAlarm(ctx, rule, { level: 'orange' });
      const officer = await ctx.newUser({ roles: ['duty_officer'], displayName: '值班员王五' });
      const actor = ctx.actor(officer);
      const published: AlarmChange[] = [];
      const unsubscribe = ctx.services.alarmBus.subscribe((c) => published.push(...c));
      try {
        const acked = await ctx.services.alarms.acknowledge(actor, alarm.id, { note: '已电话核实' });
        expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedBy: '值班员王五' });
        expect(acked.events.at(-1)).toMatchObject({
          kind: 'acknowledged',
          actorName: '值班员王五',
          note: '已电话核实',
        });
        expect(await trail(ctx, alarm.id)).toEqual({ events: 2, audits: 1, outbox: 1 });
        const [message] = await ctx.db
          .select()
          .from(outbox)
          .where(eq(outbox.key, alarm.id))
          .orderBy(desc(outbox.id));
        expect(message).toMatchObject({
          topic: 'alarm.acknowledged',
          regionCode: XINNING,
          deliveredAt: null,
        });
        expect(message!.payload).toMatchObject({
          alarmId: alarm.id,
          status: 'acknowledged',
          level: 'orange',
        });
        const audits = await ctx.auditRows();
        expect(audits.at(-1)).toMatchObject({
          action: 'alarm.acknowledge',
          entityType: 'alarm',
          entityId: alarm.id,
          actorId: officer.id,
        });
        expect(published).toEqual([expect.objectContaining({ alarmId: alarm.id, kind: 'acknowledged' })]);

        const blank = await failure(ctx.services.alarms.handle(actor, alarm.id, { note: ' ' }));
        expect(blank.code).toBe('validation_failed');
        expect(blank.details.map((d) => d.path)).toEqual(['note']);
        const handling = await ctx.services.alarms.handle(actor, alarm.id, {
          note: '通知村组转移低洼处群众',
        });
        expect(handling).toMatchObject({ status: 'handling' });
        expect(handling.handlingAt).not.toBeNull();

        const early = await failure(ctx.services.alarms.close(actor, alarm.id, { note: '结束' }));
        expect(early).toMatchObject({ code: 'conflict', message: '告警仍在持续，条件解除后才能关闭' });
        expect(await trail(ctx, alarm.id)).toEqual({ events: 3, audits: 2, outbox: 2 });

        ctx.clock.advanceMinutes(30);
        await clearAlarm(ctx, alarm);
        const closed = await ctx.services.alarms.close(actor, alarm.id, {
          note: '雨停，水位回落，已撤除警戒',
        });
        expect(closed).toMatchObject({ status: 'closed', closeNote: '雨停，水位回落，已撤除警戒' });
        expect(closed.events.map((e) => e.kind)).toEqual([
          'raised',
          'acknowledged',
          'handling',
          'cleared',
          'closed',
        ]);
        expect((await failure(ctx.services.alarms.acknowledge(actor, alarm.id, {}))).message).toBe(
          '告警已关闭',
        );
        // A note after closing is still possible (the review).
        const noted = await ctx.services.alarms.comment(actor, alarm.id, { note: '复盘：预警提前 40 分钟' });
        expect(noted.events.at(-1)).toMatchObject({ kind: 'comment' });
        expect(published.map((c) => c.kind)).toEqual(['acknowledged', 'handling', 'closed', 'comment']);
        const topics = await ctx.db
          .select({ topic: outbox.topic })
          .from(outbox)
          .where(eq(outbox.key, alarm.id))
          .orderBy(outbox.id);
        expect(topics.map((t) => t.topic)).toEqual([
          'alarm.acknowledged',
          'alarm.handling',
          'alarm.closed',
          'alarm.comment',
        ]);
      } finally {
        unsubscribe();
      }
    });

    it('a failing action leaves nothing: the row, its event and audit row roll back with the outbox insert', async () => {
      const alarm = await raiseAlarm(ctx, await ruleIn(ctx, XINNING));
      const actor = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
      const before = await trail(ctx, alarm.id);
      const auditsBefore = await ctx.auditCount();
      // The last write of the transaction fails (as a lost connection or a full disk would).
      await ctx.db.execute(
        sql.raw(`alter table outbox add constraint test_refuse_ack check (key <> '${alarm.id}') not valid`),
      );
      try {
        await expect(ctx.services.alarms.acknowledge(actor, alarm.id, {})).rejects.toThrow();
      } finally {
        await ctx.db.execute(sql.raw('alter table outbox drop constraint test_refuse_ack'));
      }
      expect(await trail(ctx, alarm.id)).toEqual(before);
      expect(await ctx.auditCount()).toBe(auditsBefore);
      const [row] = await ctx.db.select().from(alarms).where(eq(alarms.id, alarm.id));
      expect(row).toMatchObject({ status: 'active', acknowledgedAt: null, acknowledgedById: null });
      // And the same action succeeds once the fault is gone.
      expect((await ctx.services.alarms.acknowledge(actor, alarm.id, {})).status).toBe('acknowledged');
    });

    it('two acknowledgements at once: one succeeds, the other is refused (row lock)', async () => {
      const alarm = await raiseAlarm(ctx, await ruleIn(ctx, XINNING));
      const a = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
      const b = ctx.actor(await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }));
      const results = await Promise.allSettled([
        ctx.services.alarms.acknowledge(a, alarm.id, {}),
        ctx.services.alarms.acknowledge(b, alarm.id, {}),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.filter((r) => r.status === 'rejected');
      expect(refused).toHaveLength(1);
      expect((refused[0]!.reason as AppError).code).toBe('conflict');
      expect(await trail(ctx, alarm.id)).toEqual({ events: 2, audits: 1, outbox: 1 });
    });

    it('an escalation after acknowledgement asks for a new one; out of jurisdiction is not found; without alarm:handle forbidden', async () => {
      const alarm = await raiseAlarm(ctx, await ruleIn(ctx, XINNING), { level: 'yellow' });
      const actor = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
      await ctx.services.alarms.acknowledge(actor, alarm.id, {});
      // The engine escalates (as alarm-rules.repository applyEngineTransition does).
      await ctx.db
        .update(alarms)
        .set({ level: 'red', maxLevel: 'red', status: 'active' })
        .where(eq(alarms.id, alarm.id));
      expect((await ctx.services.alarms.acknowledge(actor, alarm.id, {})).status).toBe('acknowledged');
      const other = ctx.actor(
        await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) }),
      );
      expect((await failure(ctx.services.alarms.comment(other, alarm.id, { note: 'x' }))).code).toBe(
        'not_found',
      );
      const viewer = ctx.actor(await ctx.newUser({ roles: ['viewer'] }));
      expect((await failure(ctx.services.alarms.comment(viewer, alarm.id, { note: 'x' }))).code).toBe(
        'forbidden',
      );
    });
  });

  describe('assignment', () => {
    it('suggests the township office when the station has no responsible person; only accounts covering the alarm can be assigned', async () => {
      const alarm = await raiseAlarm(ctx, await ruleIn(ctx, ZAOSHENG));
      const office = await ctx.newUser({
        roles: ['township_officer'],
        scope: townshipScope(ZAOSHENG),
        displayName: '早胜镇应急办',
      });
      const elsewhere = await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) });
      const viewer = await ctx.newUser({ roles: ['viewer'] });
      const duty = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
      const list = await ctx.services.alarms.listAssignees(duty, alarm.id);
      expect(list[0]).toMatchObject({ userId: office.id, suggested: true, reason: '乡镇应急办' });
      expect(list.filter((u) => u.suggested)).toHaveLength(1);
      const ids = list.map((u) => u.userId);
      expect(ids).not.toContain(elsewhere.id);
      expect(ids).not.toContain(viewer.id);

      const refused = await failure(ctx.services.alarms.assign(duty, alarm.id, { userId: elsewhere.id }));
      expect(refused.code).toBe('validation_failed');
      expect(refused.details.map((d) => d.path)).toEqual(['userId']);
      const assigned = await ctx.services.alarms.assign(duty, alarm.id, {
        userId: office.id,
        note: '请核实',
      });
      expect(assigned).toMatchObject({
        assigneeId: office.id,
        assigneeName: '早胜镇应急办',
        status: 'active',
      });
      expect(assigned.events.at(-1)!.note).toBe('指派给 早胜镇应急办：请核实');
      const [message] = await ctx.db
        .select()
        .from(outbox)
        .where(eq(outbox.topic, 'alarm.assigned'))
        .orderBy(desc(outbox.id));
      expect(message!.payload).toMatchObject({
        alarmId: alarm.id,
        assignee: { id: office.id, name: '早胜镇应急办' },
      });
    });

    it("suggests the linked hazard point's monitoring officer (matched by phone) first", async () => {
      const officer = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
      const point = await ctx.services.ledger.create(officer, 'geo-hazards', {
        name: '东山滑坡',
        regionCode: XINNING,
        ...IN_COUNTY,
        attrs: { kind: '滑坡', scale: '中型', monitor: '钱七', monitorPhone: '13900000077' },
      });
      const station = await newStation(ctx, {
        kind: 'gnss',
        ledgerRecordId: point.id,
        sensors: [{ metric: 'displacement' }, { metric: 'rainfall' }],
      });
      const alarm = await raiseAlarm(ctx, await newAlarmRule(ctx, station));
      await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) });
      const monitor = await ctx.newUser({
        roles: ['township_officer'],
        scope: townshipScope(XINNING),
        displayName: '钱七（村监测员）',
      });
      await ctx.db.update(users).set({ phone: '139-0000-0077' }).where(eq(users.id, monitor.id));
      const list = await ctx.services.alarms.listAssignees(officer, alarm.id);
      expect(list[0]).toMatchObject({
        userId: monitor.id,
        suggested: true,
        reason: '监测对象责任人（东山滑坡）',
      });
    });
  });

  describe('escalation to an incident', () => {
    it('creates one incident from the alarm (title, level, place, time raised); a second escalation answers the same one', async () => {
      const rule = await ruleIn(ctx, XINNING, '马莲河雨量站');
      const raisedAt = ctx.clock.now();
      const alarm = await raiseAlarm(ctx, rule, { level: 'red', at: raisedAt });
      ctx.clock.advanceMinutes(10);
      const commander = ctx.actor(await ctx.newUser({ roles: ['commander'] }));
      const first = await ctx.services.alarms.escalateToIncident(commander, alarm.id, {
        note: '启动防汛应急响应',
      });
      expect(first.created).toBe(true);
      expect(first.incident).toMatchObject({
        title: `${rule.name} · 马莲河雨量站 · 红色（一级）`,
        source: 'alarm',
        alarmId: alarm.id,
        warningLevel: 'red',
        status: 'reported',
        regionCode: XINNING,
        lon: IN_COUNTY.lon,
        lat: IN_COUNTY.lat,
        occurredAt: raisedAt.toISOString(),
      });
      expect(first.alarm.incidentId).toBe(first.incident.id);
      expect(first.alarm.events.at(-1)).toMatchObject({ kind: 'to_incident' });
      const second = await ctx.services.alarms.escalateToIncident(commander, alarm.id, {});
      expect(second).toMatchObject({ created: false, incident: { id: first.incident.id } });
      const [n] = await ctx.db.select({ n: count() }).from(incidents).where(eq(incidents.alarmId, alarm.id));
      expect(n!.n).toBe(1);
      const created = await ctx.db.select().from(outbox).where(eq(outbox.key, first.incident.id));
      expect(created.map((m) => m.topic)).toEqual(['incident.created']);
      expect(
        (await ctx.auditRows()).filter((r) => r.entityId === alarm.id && r.action === 'alarm.to_incident'),
      ).toHaveLength(1);
      // A department user handles alarms but opens no incidents.
      const dept = await ctx.newOrgUnit({ kind: 'department' });
      const deptUser = ctx.actor(
        await ctx.newUser({ roles: ['department_user'], scope: { level: 'department', orgUnitId: dept.id } }),
      );
      expect((await failure(ctx.services.alarms.escalateToIncident(deptUser, alarm.id, {}))).code).toBe(
        'forbidden',
      );
    });
  });

  describe('station levels (the 监测一张图 colours)', () => {
    it('lists the alarms whose condition holds of stations in the jurisdiction, worst first; a cleared one drops out', async () => {
      const village = '621026100002';
      const a = await newAlarmRule(ctx, await newStation(ctx, { regionCode: village, name: '村甲站' }));
      const b = await newAlarmRule(ctx, await newStation(ctx, { regionCode: village, name: '村乙站' }));
      const other = await ruleIn(ctx, ZAOSHENG, '早胜丙站');
      const villager = ctx.actor(
        await ctx.newUser({ roles: ['township_officer'], scope: { level: 'village', regionCode: village } }),
      );
      expect(await ctx.services.alarms.stationLevels(villager)).toEqual([]);

      const yellow = await raiseAlarm(ctx, a, { level: 'yellow' });
      ctx.clock.advanceMinutes(1);
      const red = await raiseAlarm(ctx, b, { level: 'red' });
      const elsewhere = await raiseAlarm(ctx, other, { level: 'red' });
      await ctx.services.alarms.acknowledge(villager, red.id, {});
      expect(await ctx.services.alarms.stationLevels(villager)).toEqual([
        {
          alarmId: red.id,
          stationId: b.station.station.id,
          level: 'red',
          status: 'acknowledged',
          levelChangedAt: red.levelChangedAt.toISOString(),
        },
        {
          alarmId: yellow.id,
          stationId: a.station.station.id,
          level: 'yellow',
          status: 'active',
          levelChangedAt: yellow.levelChangedAt.toISOString(),
        },
      ]);
      // The county sees the other township's alarm too; the engine's clear takes the alarm off the map
      // even before anyone closes it.
      const county = ctx.actor(await ctx.newUser({ roles: ['duty_officer'] }));
      const ids = (await ctx.services.alarms.stationLevels(county)).map((l) => l.alarmId);
      expect(ids).toEqual(expect.arrayContaining([red.id, yellow.id, elsewhere.id]));
      await clearAlarm(ctx, red);
      expect((await ctx.services.alarms.stationLevels(villager)).map((l) => l.alarmId)).toEqual([yellow.id]);
      expect((await ctx.services.alarms.stationLevels(county)).map((l) => l.alarmId)).not.toContain(red.id);
    });
  });

  describe('summary (the header badge)', () => {
    it('counts the open alarms of the jurisdiction by level and status, newest unacknowledged first', async () => {
      const fresh = await ctx.newUser({
        roles: ['township_officer'],
        scope: { level: 'village', regionCode: '621026100001' },
      });
      // A village scope with no alarm yet.
      const empty = await ctx.services.alarms.summary(ctx.actor(fresh));
      expect(empty).toMatchObject({ open: 0, unacknowledged: 0, latest: [] });

      const zs = await ruleIn(ctx, ZAOSHENG);
      const officer = ctx.actor(
        await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) }),
      );
      const before = await ctx.services.alarms.summary(officer);
      ctx.clock.advanceMinutes(1);
      const red = await raiseAlarm(ctx, zs, { level: 'red' });
      const after = await ctx.services.alarms.summary(officer);
      expect(after.open).toBe(before.open + 1);
      expect(after.unacknowledged).toBe(before.unacknowledged + 1);
      expect(after.unacknowledgedByLevel.red).toBe(before.unacknowledgedByLevel.red + 1);
      expect(after.latest[0]!.id).toBe(red.id);
      await ctx.services.alarms.acknowledge(officer, red.id, {});
      const acked = await ctx.services.alarms.summary(officer);
      expect(acked.unacknowledged).toBe(before.unacknowledged);
      expect(acked.byStatus.acknowledged).toBe(before.byStatus.acknowledged + 1);
    });
  });
});
