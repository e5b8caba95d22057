/**
 * Issue #5 parts 1–4 and 10: composing a warning (by hand, from an alarm), the sign-off workflow with
 * four-eyes and the level policy, signing as one transaction (identifier, CAP document valid against the
 * official XSD, outbox row) that writes nothing when validation fails, Update and Cancel as new messages
 * referencing every earlier one, a published message never edited, and the jurisdiction of township officers.
 */
import {
  AppError,
  checkReferenceChain,
  parseCapReferences,
  parseCapXml,
  parseWarningIdentifier,
  type Actor,
  type ErrorDetail,
  type WarningDetail,
} from '@ningan/domain';
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, outbox, sensors, warnings, warningSequences } from '../db/schema/index.ts';
import { insertReadingsWithRollups } from '../repositories/readings.repository.ts';
import { validateAgainstCapXsd } from '../lib/cap-xsd.ts';
import { newAlarmRule, raiseAlarm } from '../test/alarms.ts';
import { townshipScope, useTestContext, XINNING, ZAOSHENG, type TestContext } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { newStation } from '../test/monitoring.ts';

const HOUR = 3_600_000;

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
  throw new Error('expected the call to fail');
}

interface People {
  author: Actor;
  reviewer: Actor;
  commander: Actor;
  duty: Actor;
}

async function people(ctx: TestContext): Promise<People> {
  const user = async (roles: ('duty_officer' | 'commander')[]) => ctx.actor(await ctx.newUser({ roles }));
  return {
    author: await user(['duty_officer']),
    reviewer: await user(['duty_officer']),
    commander: await user(['commander']),
    duty: await user(['duty_officer']),
  };
}

const expiresIn = (ctx: TestContext, hours: number) =>
  new Date(ctx.clock.now().getTime() + hours * HOUR).toISOString();

/** A county draft by hand (暴雨 at `level`, 新宁镇). */
function draft(ctx: TestContext, actor: Actor, o: Record<string, unknown> = {}): Promise<WarningDetail> {
  return ctx.services.warnings.createDraft(actor, {
    hazard: 'rainstorm',
    level: 'orange',
    area: { regionCodes: [XINNING] },
    expiresAt: expiresIn(ctx, 12),
    ...o,
  });
}

/** submit → approve → sign by the given people. */
async function publish(
  ctx: TestContext,
  p: People,
  id: string,
  signer = p.commander,
): Promise<WarningDetail> {
  const s = ctx.services.warnings;
  await s.act(p.author, id, { action: 'submit' });
  await s.act(p.reviewer, id, { action: 'approve' });
  return s.act(signer, id, { action: 'sign' });
}

async function outboxRows(ctx: TestContext, key: string) {
  return ctx.db
    .select()
    .from(outbox)
    .where(and(eq(outbox.key, key), eq(outbox.topic, 'warning.published')));
}

forEachDriver('warning issuance (issue #5 parts 1–4, 10)', (driver) => {
  const ctx = useTestContext(driver);

  describe('compose (part 2)', () => {
    it('a hand-made draft gets the template text, resolved targets and the issuer; bad input lists every problem', async () => {
      const p = await people(ctx);
      const w = await draft(ctx, p.author);
      expect(w).toMatchObject({
        state: 'draft',
        msgType: 'Alert',
        capStatus: 'Actual',
        source: 'manual',
        headline: '宁县应急管理局发布暴雨橙色预警',
        regionCode: '621026',
        identifier: null,
        phase: null,
      });
      expect(w.instruction).toMatch(/^1\./);
      expect(w.targets.townshipCodes).toEqual([XINNING]);
      expect(w.targets.villageCodes.length).toBeGreaterThan(0);
      expect(w.targets.villageCodes.every((v) => v.startsWith(XINNING))).toBe(true);
      expect(w.problems).toEqual([]);

      const bad = await failure(
        ctx.services.warnings.createDraft(p.author, {
          hazard: 'heat',
          level: 'blue', // 高温 has no blue signal
          area: { regionCodes: ['621026999'] },
          effectiveAt: expiresIn(ctx, 5),
          expiresAt: expiresIn(ctx, 2),
        }),
      );
      expect(bad.code).toBe('validation_failed');
      const paths = bad.details.map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['effectiveAt', 'area.regionCodes', 'level']));
      // Expiry is mandatory (issue #5 part 3).
      const noExpiry = await failure(
        ctx.services.warnings.createDraft(p.author, {
          hazard: 'rainstorm',
          level: 'blue',
          area: { regionCodes: [XINNING] },
        }),
      );
      expect(noExpiry.details.map((d) => d.path)).toContain('expiresAt');
    });

    it('from an alarm: hazard from its rule, level from the alarm, area = the station’s place, source alarm', async () => {
      const p = await people(ctx);
      const rule = await newAlarmRule(
        ctx,
        await newStation(ctx, { regionCode: ZAOSHENG, name: '早胜雨量站' }),
      );
      const alarm = await raiseAlarm(ctx, rule, { level: 'yellow' });
      const w = await ctx.services.warnings.createDraft(p.author, {
        from: { alarmId: alarm.id },
        expiresAt: expiresIn(ctx, 6),
      });
      expect(w).toMatchObject({ hazard: 'rainstorm', level: 'yellow', source: 'alarm', sourceRef: alarm.id });
      expect(w.area.regionCodes).toEqual([ZAOSHENG]);
      expect(w.headline).toBe('宁县应急管理局发布暴雨黄色预警');
      expect(w.history.map((h) => h.action)).toEqual(['warning.create']);
    });
  });

  describe('from a weather signal (part 2)', () => {
    it('the highest signal observed in the township sets hazard and level; none observed is a clear problem', async () => {
      const p = await people(ctx);
      const gauge = await newStation(ctx, { regionCode: ZAOSHENG, name: '早胜雨量站' });
      const [sensor] = await ctx.db
        .select({ seriesId: sensors.seriesId })
        .from(sensors)
        .where(eq(sensors.id, gauge.sensorId('rainfall')));
      const now = ctx.clock.now().getTime();
      // 66 mm within the last hour: ≥ 50 mm in 3 h is 暴雨橙色 (STANDARDS.md §3), < 100 mm is not red.
      const at = Array.from({ length: 12 }, (_, i) => now - (i + 1) * 5 * 60_000);
      await insertReadingsWithRollups(ctx.db, {
        series: at.map(() => sensor!.seriesId),
        at,
        values: at.map(() => 5.5),
      });
      const w = await ctx.services.warnings.createDraft(p.author, {
        from: { weather: { townshipCode: ZAOSHENG } },
        expiresAt: expiresIn(ctx, 6),
      });
      expect(w).toMatchObject({ hazard: 'rainstorm', level: 'orange', source: 'weather' });
      expect(w.area.regionCodes).toEqual([ZAOSHENG]);
      const none = await failure(
        ctx.services.warnings.createDraft(p.author, {
          from: { weather: { townshipCode: '621026205' } },
          expiresAt: expiresIn(ctx, 6),
        }),
      );
      expect(none.details.map((d) => d.path)).toEqual(['from.weather.townshipCode']);
    });
  });

  describe('sign-off (part 3)', () => {
    it('four-eyes and the level policy: the author may not review or sign; a duty officer may not sign orange', async () => {
      const p = await people(ctx);
      const s = ctx.services.warnings;
      const w = await draft(ctx, p.author);
      expect(w.allowedActions).toEqual(expect.arrayContaining(['submit']));
      await s.act(p.author, w.id, { action: 'submit' });
      const self = await failure(s.act(p.author, w.id, { action: 'approve' }));
      expect(self.code).toBe('forbidden');
      expect(self.message).toContain('双人复核');
      await s.act(p.reviewer, w.id, { action: 'approve' });
      const dutySign = await failure(s.act(p.duty, w.id, { action: 'sign' }));
      expect(dutySign.code).toBe('forbidden');
      expect(dutySign.message).toContain('橙色预警的签发需要以下角色之一：指挥长');
      const detail = await s.getWarning(p.commander, w.id);
      expect(detail.allowedActions).toEqual(expect.arrayContaining(['sign', 'return', 'reject']));
      // A return needs a reason.
      expect((await failure(s.act(p.commander, w.id, { action: 'return' }))).message).toContain('须填写原因');
    });

    it('sign = identifier, CAP document valid against the OASIS XSD, published, audit and outbox in one go', async () => {
      const p = await people(ctx);
      const w = await draft(ctx, p.author, { level: 'blue', infoEn: true });
      // Blue may be signed by a duty officer under the default policy.
      const signed = await publish(ctx, p, w.id, p.duty);
      expect(signed.state).toBe('published');
      expect(signed.phase).toBe('active');
      const parts = parseWarningIdentifier(signed.identifier!);
      expect(parts).toMatchObject({ adminCode: '621026', orgCode: '000', unitCode: '000', extension: '00' });
      expect(parts!.sentAt.getTime()).toBe(Math.floor(ctx.clock.now().getTime() / 1000) * 1000);

      const [row] = await ctx.db.select().from(warnings).where(eq(warnings.id, w.id));
      const xml = row!.capXml!;
      const [xsd] = await validateAgainstCapXsd([xml]);
      expect(xsd).toEqual({ valid: true, problems: [] });
      const { alert } = parseCapXml(xml);
      expect(alert).toMatchObject({
        identifier: signed.identifier,
        sender: '621026000000@ningan',
        status: 'Actual',
      });
      expect(alert!.info.map((i) => i.language)).toEqual(['zh-CN', 'en-US']);
      expect(alert!.info[0]!.severity).toBe('Minor');
      expect(alert!.info[0]!.area[0]!.geocode).toEqual([{ valueName: 'adminCode', value: XINNING }]);
      expect(xml).not.toMatch(/\dZ</); // CAP times carry an offset, never Z

      const messages = await outboxRows(ctx, w.id);
      expect(messages).toHaveLength(1);
      expect(messages[0]!.payload).toMatchObject({
        identifier: signed.identifier,
        msgType: 'Alert',
        level: 'blue',
      });
      expect(signed.history.map((h) => h.action)).toEqual([
        'warning.create',
        'warning.submit',
        'warning.approve',
        'warning.sign',
      ]);
      // Published rows are never edited or deleted.
      expect((await failure(ctx.services.warnings.updateDraft(p.author, w.id, { level: 'red' }))).code).toBe(
        'conflict',
      );
      expect((await failure(ctx.services.warnings.deleteDraft(p.author, w.id))).code).toBe('conflict');
    });

    it('a failing validation publishes nothing: no identifier, no sequence, no outbox row; the refusal is audited', async () => {
      const p = await people(ctx);
      const w = await draft(ctx, p.author, { expiresAt: expiresIn(ctx, 1) });
      await ctx.services.warnings.act(p.author, w.id, { action: 'submit' });
      await ctx.services.warnings.act(p.reviewer, w.id, { action: 'approve' });
      const [before] = await ctx.db.select({ n: count() }).from(warningSequences);
      ctx.clock.advance(2 * HOUR); // the expiry passes while it waits for sign-off
      const refused = await failure(ctx.services.warnings.act(p.commander, w.id, { action: 'sign' }));
      expect(refused.code).toBe('validation_failed');
      expect(refused.details.map((d) => d.path)).toContain('expiresAt');
      const [row] = await ctx.db.select().from(warnings).where(eq(warnings.id, w.id));
      expect(row).toMatchObject({ state: 'awaiting_signoff', identifier: null, capXml: null, sentAt: null });
      expect(await outboxRows(ctx, w.id)).toHaveLength(0);
      const [after] = await ctx.db.select({ n: count() }).from(warningSequences);
      expect(after!.n).toBe(before!.n);
      const audits = await ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, w.id), eq(auditLog.action, 'warning.sign')));
      expect(audits.map((a) => a.outcome)).toEqual(['failure']);
    });
  });

  describe('Update and Cancel (part 3, CAP 1.2 §3.2.1 references)', () => {
    it('new messages of the chain reference every earlier one; publishing stamps the earlier ones; a Cancel ends the chain', async () => {
      const p = await people(ctx);
      const s = ctx.services.warnings;
      const alert = await publish(ctx, p, (await draft(ctx, p.author)).id);
      ctx.clock.advanceMinutes(30);

      const update = await s.draftUpdate(p.author, alert.id, {});
      expect(update).toMatchObject({
        msgType: 'Update',
        state: 'draft',
        chainId: alert.id,
        headline: alert.headline,
      });
      expect((await failure(s.draftUpdate(p.author, alert.id, {}))).code).toBe('conflict'); // one open follow-up at a time
      await s.updateDraft(p.author, update.id, { level: 'red' });
      const updated = await publish(ctx, p, update.id);
      expect(updated.headline).toBe('宁县应急管理局发布暴雨红色预警');
      const refs1 = parseCapReferences(updated.references!)!;
      expect(refs1.map((r) => r.identifier)).toEqual([alert.identifier]);
      const first = await s.getWarning(p.commander, alert.id);
      expect(first.phase).toBe('superseded');
      expect(first.supersededById).toBe(updated.id);

      ctx.clock.advanceMinutes(30);
      expect((await failure(s.draftCancel(p.author, updated.id, {}))).details.map((d) => d.path)).toContain(
        'reason',
      );
      const cancel = await s.draftCancel(p.author, updated.id, { reason: '降雨已减弱' });
      expect(cancel.msgType).toBe('Cancel');
      expect(cancel.headline).toBe('宁县应急管理局解除暴雨红色预警');
      expect(cancel.area).toEqual(updated.area);
      const cancelled = await publish(ctx, p, cancel.id);
      const refs2 = parseCapReferences(cancelled.references!)!;
      expect(refs2.map((r) => r.identifier)).toEqual([alert.identifier, updated.identifier]);
      const [cancelRow] = await ctx.db.select().from(warnings).where(eq(warnings.id, cancel.id));
      const parsed = parseCapXml(cancelRow!.capXml!).alert!;
      expect(checkReferenceChain(parsed, refs2)).toEqual([]);
      const [xsd] = await validateAgainstCapXsd([cancelRow!.capXml!]);
      expect(xsd!.valid).toBe(true);
      const chain = await ctx.db.select().from(warnings).where(eq(warnings.chainId, alert.id));
      expect(chain.every((r) => r.cancelledAt !== null)).toBe(true);
      expect((await s.getWarning(p.commander, updated.id)).phase).toBe('cancelled');
      expect((await failure(s.draftUpdate(p.author, cancelled.id, {}))).code).toBe('conflict');
    });
  });

  describe('jurisdiction (part 3)', () => {
    it('a township officer drafts only inside the township, sees only its own township’s drafts, and cannot sign', async () => {
      const p = await people(ctx);
      const xn = ctx.actor(await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) }));
      const zs = ctx.actor(
        await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(ZAOSHENG) }),
      );
      const outside = await failure(draft(ctx, xn, { area: { regionCodes: [ZAOSHENG] } }));
      expect(outside.code).toBe('validation_failed');
      expect(outside.details.map((d) => d.path)).toContain('area.regionCodes.0');

      const own = await draft(ctx, xn, { level: 'blue' });
      expect(own.regionCode).toBe(XINNING);
      expect((await failure(ctx.services.warnings.getWarning(zs, own.id))).code).toBe('not_found');
      expect((await failure(ctx.services.warnings.act(zs, own.id, { action: 'submit' }))).code).toBe(
        'not_found',
      );
      const list = await ctx.services.warnings.listWarnings(zs, {});
      expect(list.items.map((i) => i.id)).not.toContain(own.id);

      // The county sees it; the township officer cannot approve or sign it, even after review.
      await ctx.services.warnings.act(xn, own.id, { action: 'submit' });
      expect((await failure(ctx.services.warnings.act(xn, own.id, { action: 'approve' }))).code).toBe(
        'forbidden',
      );
      await ctx.services.warnings.act(p.reviewer, own.id, { action: 'approve' });
      const signed = await ctx.services.warnings.act(p.duty, own.id, { action: 'sign' });
      expect(signed.state).toBe('published');

      // A county draft targeting 早胜镇: hidden from its officer until published.
      const county = await draft(ctx, p.author, { area: { regionCodes: [ZAOSHENG] }, level: 'blue' });
      expect((await failure(ctx.services.warnings.getWarning(zs, county.id))).code).toBe('not_found');
      await publish(ctx, p, county.id, p.duty);
      expect((await ctx.services.warnings.getWarning(zs, county.id)).state).toBe('published');
      expect((await failure(ctx.services.warnings.getWarning(xn, county.id))).code).toBe('not_found');
    });
  });

  describe('public feed data (part 8)', () => {
    it('only published Actual warnings in force; Test and expired ones never appear', async () => {
      const p = await people(ctx);
      const actual = await publish(ctx, p, (await draft(ctx, p.author, { level: 'blue' })).id, p.duty);
      const test = await publish(
        ctx,
        p,
        (await draft(ctx, p.author, { level: 'blue', capStatus: 'Test' })).id,
        p.duty,
      );
      const short = await publish(
        ctx,
        p,
        (await draft(ctx, p.author, { level: 'blue', expiresAt: expiresIn(ctx, 1) })).id,
        p.duty,
      );
      let list = await ctx.services.warnings.publicWarnings('https://yj.example.cn');
      const ids = list.items.map((i) => i.identifier);
      expect(ids).toEqual(expect.arrayContaining([actual.identifier, short.identifier]));
      expect(ids).not.toContain(test.identifier);
      const item = list.items.find((i) => i.identifier === actual.identifier)!;
      expect(item.capUrl).toBe(`https://yj.example.cn/public/warnings/${actual.identifier}.xml`);
      expect(item.area.features.some((f) => f.properties?.code === XINNING)).toBe(true);
      expect(item.guidance).toBe(actual.instruction);
      ctx.clock.advance(2 * HOUR);
      list = await ctx.services.warnings.publicWarnings('https://yj.example.cn');
      expect(list.items.map((i) => i.identifier)).not.toContain(short.identifier);
      expect((await failure(ctx.services.warnings.publicDocument(test.identifier!, 'cap'))).code).toBe(
        'not_found',
      );
    });
  });
});
