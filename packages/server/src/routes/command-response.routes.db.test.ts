/**
 * Issue #6 parts 5–8 over HTTP: plan activation (acks, tasks, timeline, audit in one go), 叫应 by link and the
 * ladder on a fake clock, the task state machine with its version check and jurisdiction, allocation out of
 * stock (never below zero, every short line listed, nothing written), resource recommendation, impact
 * analysis and situation reports (four-eyes).
 */
import type {
  ActivationView,
  AllocationView,
  ImpactView,
  PlanSuggestionsView,
  RecommendView,
  SitrepView,
  TaskDetail,
  TaskView,
} from '@ningan/domain';
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { runAckLadderOnce } from '../command/ack-ladder.ts';
import { callTokenSecret } from '../dissemination/context.ts';
import { ackTokenOf } from '../services/command-response.service.ts';
import { docxText, insertTestIncident } from '../test/command.ts';
import { forEachDriver, queryRows } from '../test/db.ts';
import {
  countyScope,
  townshipScope,
  useTestContext,
  XINNING,
  ZAOSHENG,
  type Session,
} from '../test/context.ts';

interface Envelope {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

// A 1×1 PNG.
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

forEachDriver(
  'issue #6 response: activation, tasks, allocation, recommendation, impact, sitreps',
  (driver) => {
    const ctx = useTestContext(driver);
    let duty: Session;
    let commander: Session & { user: { id: string } };
    let commander2: Session;
    let xinningOfficer: Session & { user: { id: string } };
    let zaoshengOfficer: Session;
    let planId: string;
    let incidentId: string;

    const call = async (
      s: Session | null,
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: unknown,
    ) => (await ctx.app()).inject({ method, url, headers: s?.bearer ?? {}, payload: payload as never });
    const timelineKinds = async (id: string) =>
      (
        await queryRows<{ kind: string; summary: string }>(
          ctx.db,
          sql`select kind, summary from incident_timeline where incident_id = ${id}::uuid order by seq`,
        )
      ).map((r) => r.kind);
    const auditActions = async () => (await ctx.auditRows()).map((r) => r.action);

    beforeAll(async () => {
      duty = await ctx.loginAs({ roles: ['duty_officer'], scope: countyScope() });
      commander = await ctx.loginAs({ roles: ['commander'], scope: countyScope() });
      commander2 = await ctx.loginAs({ roles: ['commander'], scope: countyScope() });
      xinningOfficer = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(XINNING) });
      zaoshengOfficer = await ctx.loginAs({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) });
      // The 自然资源局 HQ member has an account (matched by phone): in-app 叫应.
      await ctx.db.execute(sql`update users set phone = '13900002222' where id = ${commander.user.id}::uuid`);
      const plan = await call(duty, 'POST', '/api/v1/ledger/plans', {
        name: '宁县突发地质灾害应急预案',
        regionCode: '621026',
        attrs: {
          type: '专项',
          owner: '宁县地质灾害应急指挥部办公室',
          hazardTypes: ['地质灾害'],
          levels: [
            {
              level: 'Ⅳ级',
              trigger: '发生小型地质灾害',
              actions: '县自然资源局组织调查监测；属地乡镇组织受威胁群众避险。做好舆情引导',
            },
          ],
          hq: [
            {
              role: '总指挥',
              name: '张县长',
              unit: '宁县人民政府',
              phone: '13900001111',
              levels: ['Ⅰ级', 'Ⅱ级'],
            },
            {
              role: '副总指挥',
              name: '王副县长',
              unit: '宁县人民政府',
              phone: '13900003333',
              levels: ['Ⅲ级', 'Ⅳ级'],
            },
            {
              role: '成员单位',
              name: '李局长',
              unit: '宁县自然资源局',
              phone: '13900002222',
              levels: ['Ⅳ级'],
            },
          ],
          issuedOn: '2025-06-01',
        },
      });
      expect(plan.statusCode).toBe(201);
      planId = plan.json<{ id: string }>().id;
      incidentId = (
        await insertTestIncident(ctx.db, { occurredAt: ctx.clock.now(), lon: 107.925, lat: 35.5 })
      ).id;
    });

    it('suggests the matching 专项 plan and activates it: acks, tasks, incident level, timeline and audit together', async () => {
      const s = await call(commander, 'GET', `/api/v1/incidents/${incidentId}/plan-suggestions`);
      expect(s.statusCode).toBe(200);
      const suggestions = s.json<PlanSuggestionsView>();
      expect(suggestions.items[0]).toMatchObject({ planId, type: '专项', hqMembers: 3 });
      expect(suggestions.items[0]!.levels[0]).toMatchObject({ level: 'Ⅳ', hqMembers: 2 });

      // A level the plan does not have: 400, nothing written.
      const before = await ctx.auditCount();
      const bad = await call(commander, 'POST', `/api/v1/incidents/${incidentId}/activations`, {
        planId,
        level: 'Ⅰ',
        reason: '试',
      });
      expect(bad.statusCode).toBe(400);
      expect(await ctx.auditCount()).toBe(before);
      // Without incident:command: 403.
      const denied = await call(duty, 'POST', `/api/v1/incidents/${incidentId}/activations`, {
        planId,
        level: 'Ⅳ',
        reason: '小型滑坡',
      });
      expect(denied.statusCode).toBe(403);

      const r = await call(commander, 'POST', `/api/v1/incidents/${incidentId}/activations`, {
        planId,
        level: 'Ⅳ',
        reason: '小型滑坡，威胁 12 户',
      });
      expect(r.statusCode).toBe(201);
      const a = r.json<ActivationView>();
      expect(a.acks.map((k) => k.personName)).toEqual(['王副县长', '李局长']);
      expect(a.acks[0]!.phone).toBe('139****3333');
      expect(a.taskCount).toBe(3);
      const tasks = (await call(commander, 'GET', `/api/v1/incidents/${incidentId}/tasks`)).json<{
        items: TaskView[];
      }>().items;
      expect(tasks.map((t) => t.title)).toEqual([
        '县自然资源局组织调查监测',
        '属地乡镇组织受威胁群众避险',
        '做好舆情引导',
      ]);
      expect(tasks[0]!.assigneeName).toBe('宁县自然资源局');
      expect(tasks[0]!.dueAt).toBe(new Date(ctx.clock.now().getTime() + 2 * 3_600_000).toISOString());
      const [incident] = await queryRows<{ response_level: string; status: string }>(
        ctx.db,
        sql`select response_level, status from incidents where id = ${incidentId}::uuid`,
      );
      expect(incident).toEqual({ response_level: 'Ⅳ', status: 'responding' });
      expect(await timelineKinds(incidentId)).toEqual(['activation', 'notification', 'task']);
      expect(await auditActions()).toContain('incident.activate');
    });

    it('answers a 叫应 by its link once; the ladder resends and escalates the unanswered one on the clock', async () => {
      const [a] = (await call(commander, 'GET', `/api/v1/incidents/${incidentId}/activations`)).json<{
        items: ActivationView[];
      }>().items;
      const [li] = await queryRows<{ recipient_key: string }>(
        ctx.db,
        sql`select recipient_key from incident_acks where activation_id = ${a!.id}::uuid and person_name = '李局长'`,
      );
      const token = ackTokenOf(await callTokenSecret(ctx.db, ctx.config), a!.id, li!.recipient_key);
      const r = await call(null, 'POST', '/api/v1/hq-acks/answer', { token });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ personName: '李局长', incidentTitle: '测试滑坡' });
      const again = await call(null, 'POST', '/api/v1/hq-acks/answer', { token });
      expect(again.statusCode).toBe(200);
      expect((await call(null, 'POST', '/api/v1/hq-acks/answer', { token: 'x'.repeat(22) })).statusCode).toBe(
        404,
      );
      const acks = (await timelineKinds(incidentId)).filter((k) => k === 'ack');
      expect(acks).toHaveLength(1);

      const policy = ctx.config.dissemination.calls;
      const deps = {
        db: ctx.db,
        clock: () => ctx.clock.now(),
        config: ctx.config,
        log: ctx.log,
        bus: ctx.services.commandBus,
        pushToUser: () => 0,
      };
      expect(await runAckLadderOnce(deps)).toEqual([]); // nothing due yet
      ctx.clock.advanceMinutes(policy.answerMinutes);
      const first = await runAckLadderOnce(deps);
      expect(first.map((t) => t.step)).toEqual(['resend']);
      ctx.clock.advanceMinutes(policy.escalateToTownshipAfterMinutes - policy.answerMinutes);
      expect((await runAckLadderOnce(deps)).map((t) => t.step)).toEqual(['township']);
      const steps = await queryRows<{ person_name: string; step: string; answered_at: Date | null }>(
        ctx.db,
        sql`select person_name, step, answered_at from incident_acks where activation_id = ${a!.id}::uuid order by person_name`,
      );
      expect(steps.map((s) => [s.person_name, s.step, s.answered_at !== null])).toEqual([
        ['李局长', 'initial', true],
        ['王副县长', 'township', false],
      ]);
      expect(await auditActions()).toContain('incident.ack_escalate');
    });

    it('moves a task through its states with a version check; another township’s officer cannot act on it', async () => {
      const c = await call(duty, 'POST', `/api/v1/incidents/${incidentId}/tasks`, {
        title: '组织东城村受威胁群众转移',
        assigneeKind: 'township',
        assigneeId: XINNING,
      });
      expect(c.statusCode).toBe(201);
      const task = c.json<TaskView>();
      expect(task).toMatchObject({ state: 'pending_read', assigneeName: '新宁镇', version: 1 });

      const mine = (await call(xinningOfficer, 'GET', '/api/v1/tasks/mine')).json<{ items: TaskView[] }>()
        .items;
      expect(mine.map((t) => t.id)).toContain(task.id);
      expect(mine.find((t) => t.id === task.id)!.actions).toEqual(['read', 'feedback', 'return']);

      const other = await call(zaoshengOfficer, 'POST', `/api/v1/tasks/${task.id}/actions`, {
        action: 'read',
        version: 1,
      });
      expect(other.statusCode).toBe(404);

      const read = await call(xinningOfficer, 'POST', `/api/v1/tasks/${task.id}/actions`, {
        action: 'read',
        version: 1,
      });
      expect(read.statusCode).toBe(200);
      expect(read.json<TaskDetail>()).toMatchObject({ state: 'read', version: 2 });
      const stale = await call(xinningOfficer, 'POST', `/api/v1/tasks/${task.id}/actions`, {
        action: 'feedback',
        version: 1,
        text: '已转移',
      });
      expect(stale.statusCode).toBe(409);
      // The assignee cannot complete its own task.
      const self = await call(xinningOfficer, 'POST', `/api/v1/tasks/${task.id}/actions`, {
        action: 'complete',
        version: 2,
      });
      expect(self.statusCode).toBe(400);
      const fb = await call(xinningOfficer, 'POST', `/api/v1/tasks/${task.id}/actions`, {
        action: 'feedback',
        version: 2,
        text: '已转移 12 户 37 人至村委会',
        lon: 107.93,
        lat: 35.51,
        photos: [{ fileName: 'a.png', contentType: 'image/png', dataBase64: PNG }],
      });
      expect(fb.statusCode).toBe(200);
      const detail = fb.json<TaskDetail>();
      expect(detail).toMatchObject({ state: 'feedback', feedbackCount: 1 });
      expect(detail.feedback[0]).toMatchObject({ text: '已转移 12 户 37 人至村委会', lon: 107.93 });
      expect(detail.feedback[0]!.photoIds).toHaveLength(1);
      const done = await call(duty, 'POST', `/api/v1/tasks/${task.id}/actions`, {
        action: 'complete',
        version: 3,
      });
      expect(done.statusCode).toBe(200);
      expect(done.json<TaskDetail>().state).toBe('completed');
      expect((await timelineKinds(incidentId)).filter((k) => k === 'feedback')).toHaveLength(1);
    });

    it('allocates out of stock FIFO; refuses an over-allocation listing each short line and writes nothing', async () => {
      const w = await call(duty, 'POST', '/api/v1/ledger/warehouses', {
        name: '县应急物资储备库',
        regionCode: '621026',
        lon: 107.92,
        lat: 35.49,
        attrs: { level: '县级', keeper: '李保管', keeperPhone: '13900000002' },
      });
      expect(w.statusCode).toBe(201);
      const warehouseId = w.json<{ id: string }>().id;
      for (const [itemCode, quantity] of [
        ['quilt', 10],
        ['tent', 4],
      ] as const)
        expect(
          (
            await call(duty, 'POST', `/api/v1/ledger/warehouses/${warehouseId}/stock/movements`, {
              kind: 'in',
              itemCode,
              quantity,
              batch: 'B1',
              reason: '采购入库',
            })
          ).statusCode,
        ).toBe(201);
      const audits = await ctx.auditCount();
      const over = await call(duty, 'POST', `/api/v1/incidents/${incidentId}/allocations`, {
        warehouseId,
        lines: [
          { itemCode: 'quilt', quantity: 11 },
          { itemCode: 'tent', quantity: 5 },
        ],
        destination: '东城村委会',
      });
      expect(over.statusCode).toBe(400);
      expect(over.json<Envelope>().error.details!.map((d) => d.path)).toEqual([
        'lines.0.quantity',
        'lines.1.quantity',
      ]);
      expect(await ctx.auditCount()).toBe(audits);
      const [none] = await queryRows<{ n: number }>(
        ctx.db,
        sql`select count(*)::int as n from incident_allocations`,
      );
      expect(none!.n).toBe(0);

      const ok = await call(duty, 'POST', `/api/v1/incidents/${incidentId}/allocations`, {
        warehouseId,
        lines: [
          { itemCode: 'quilt', quantity: 10 },
          { itemCode: 'tent', quantity: 1 },
        ],
        destination: '东城村委会',
      });
      expect(ok.statusCode).toBe(201);
      const alloc = ok.json<AllocationView>();
      expect(alloc).toMatchObject({ state: 'allocated', warehouseName: '县应急物资储备库' });
      const lots = await queryRows<{ item_code: string; quantity: number }>(
        ctx.db,
        sql`select item_code, quantity from stock_lots where warehouse_id = ${warehouseId}::uuid order by item_code`,
      );
      expect(lots.map((l) => [l.item_code, Number(l.quantity)])).toEqual([
        ['quilt', 0],
        ['tent', 3],
      ]);
      const [mv] = await queryRows<{ reason: string }>(
        ctx.db,
        sql`select distinct reason from stock_movements where voucher = ${alloc.voucher}::uuid`,
      );
      expect(mv!.reason).toBe('应急调拨 测试滑坡');
      const shipped = await call(duty, 'POST', `/api/v1/incident-allocations/${alloc.id}/ship`, {});
      expect(shipped.json<AllocationView>().state).toBe('shipped');
      const arrived = await call(duty, 'POST', `/api/v1/incident-allocations/${alloc.id}/arrive`, {
        note: '已签收',
      });
      expect(arrived.json<AllocationView>()).toMatchObject({ state: 'arrived', note: '已签收' });
    });

    it('recommends the nearest ready team with the specialty', async () => {
      const team = (name: string, lon: number, specialties: string[], readiness = '待命') =>
        call(duty, 'POST', '/api/v1/ledger/rescue-teams', {
          name,
          regionCode: XINNING,
          lon,
          lat: 35.5,
          attrs: {
            kind: '专业',
            specialties,
            headcount: 20,
            readiness,
            leader: '赵队长',
            leaderPhone: '13900009999',
          },
        });
      for (const t of [
        await team('远处地灾队', 108.1, ['地质灾害']),
        await team('近处地灾队', 107.95, ['地质灾害']),
        await team('更近的消防队', 107.926, ['消防']),
        await team('休整中的地灾队', 107.926, ['地质灾害'], '休整'),
      ])
        expect(t.statusCode).toBe(201);
      ctx.services.analysis.invalidateIndex();
      const r = await call(commander, 'POST', `/api/v1/incidents/${incidentId}/recommend`, {
        needs: { teamSpecialties: ['地质灾害'], supplyItems: [{ item: 'tent', quantity: 2 }] },
      });
      expect(r.statusCode).toBe(200);
      const rec = r.json<RecommendView>();
      expect(rec.teams[0]!.matches.map((m) => m.name)).toEqual(['近处地灾队', '远处地灾队']);
      expect(rec.teams[0]!.matches[0]!.distanceKm).toBeGreaterThan(2);
      expect(rec.supplies[0]).toMatchObject({ item: 'tent', available: 3, shortfall: 0 });
    });

    it('counts a village inside the radius and not one outside, and records it on the timeline', async () => {
      const villages = await queryRows<{ code: string; lon: number; lat: number }>(
        ctx.db,
        sql`select code, lon, lat from regions where level = 'village' and lon is not null order by code limit 200`,
      );
      const inside = villages[0]!;
      const outside = villages.find(
        (v) => Math.hypot((v.lon - inside.lon) * 90, (v.lat - inside.lat) * 111) > 8,
      )!;
      await ctx.db.execute(sql`update regions set population = 850 where code = ${inside.code}`);
      await ctx.db.execute(sql`update regions set population = 600 where code = ${outside.code}`);
      const r = await call(duty, 'POST', `/api/v1/incidents/${incidentId}/impact`, {
        radiusKm: 2,
        lon: Number(inside.lon),
        lat: Number(inside.lat),
        record: true,
      });
      expect(r.statusCode).toBe(200);
      const view = r.json<ImpactView>();
      const codes = view.villages.map((v) => v.code);
      expect(codes).toContain(inside.code);
      expect(codes).not.toContain(outside.code);
      expect(view.population.total).toBeGreaterThanOrEqual(850);
      expect(view.recordedSeq).not.toBeNull();
      expect(await timelineKinds(incidentId)).toContain('impact');
      expect(
        (await call(duty, 'POST', `/api/v1/incidents/${incidentId}/impact`, { radiusKm: 60 })).statusCode,
      ).toBe(400);
    });

    it('compiles a situation report; the compiler cannot approve it, another commander can, then it is published', async () => {
      const c = await call(commander, 'POST', `/api/v1/incidents/${incidentId}/sitreps`, {
        text: '继续监测',
      });
      expect(c.statusCode).toBe(201);
      const s = c.json<SitrepView>();
      expect(s).toMatchObject({ n: 1, state: 'draft' });
      expect(s.content.body).toContain('Ⅳ级响应');
      expect(s.content.tasks.done).toBe(1);
      const edited = await call(commander, 'PATCH', `/api/v1/incident-sitreps/${s.id}`, {
        content: { ...s.content, body: `${s.content.body}\n（已核）` },
      });
      expect(edited.statusCode).toBe(200);
      expect((await call(commander, 'POST', `/api/v1/incident-sitreps/${s.id}/publish`)).statusCode).toBe(
        400,
      );
      expect((await call(commander, 'POST', `/api/v1/incident-sitreps/${s.id}/approve`)).statusCode).toBe(
        403,
      );
      const approved = await call(commander2, 'POST', `/api/v1/incident-sitreps/${s.id}/approve`);
      expect(approved.statusCode).toBe(200);
      expect(
        (await call(commander, 'PATCH', `/api/v1/incident-sitreps/${s.id}`, { content: s.content }))
          .statusCode,
      ).toBe(400);
      const published = await call(commander, 'POST', `/api/v1/incident-sitreps/${s.id}/publish`);
      expect(published.json<SitrepView>().state).toBe('published');
      const doc = await call(commander, 'GET', `/api/v1/incident-sitreps/${s.id}/document`);
      expect(doc.statusCode).toBe(200);
      const text = docxText(doc.rawPayload);
      expect(text).toContain('测试滑坡态势报告（第1期）');
      expect(text).toContain('（已核）');
      expect(await auditActions()).toEqual(
        expect.arrayContaining([
          'incident.sitrep_compile',
          'incident.sitrep_approve',
          'incident.sitrep_publish',
        ]),
      );
    });
  },
);
