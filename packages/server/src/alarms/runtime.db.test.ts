/**
 * The alarm-rule runtime on both drivers (issue #4 parts 4 and 6, ADR 0008): readings committed by the
 * ingest reach the rules; transitions are written with alarm rows, events, outbox and audit in one
 * transaction; an alarm escalates and de-escalates as its windows move; durations and no-data
 * deadlines are stamped at their deadline; a restart (with or without a clean stop) repeats no alarm and
 * resumes pending durations; a new rule version keeps the open alarm; replay writes nothing.
 */
import type { AlarmRule } from '@ningan/domain';
import { asc, count, eq } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { alarmEvents, alarmRuleStates, alarms, auditLog, outbox } from '../db/schema/index.ts';
import { townshipScope, useTestContext, XINNING } from '../test/context.ts';
import { forEachDriver } from '../test/db.ts';
import { beijing, newStation, payload, type TestStation } from '../test/monitoring.ts';
import { AlarmBus, type AlarmChange } from './bus.ts';
import { AlarmRuntime } from './runtime.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

forEachDriver('alarm runtime: readings → rules → durable alarms (issue #4 parts 4 and 6)', (driver) => {
  const ctx = useTestContext(driver);

  /** A runtime like the platform's, on the test database and clock, subscribed to the ingest. */
  async function startRuntime(): Promise<{
    runtime: AlarmRuntime;
    changes: AlarmChange[];
    detach: () => void;
  }> {
    const bus = new AlarmBus(pino({ level: 'silent' }));
    const changes: AlarmChange[] = [];
    bus.subscribe((c) => changes.push(...c));
    const runtime = new AlarmRuntime({
      db: ctx.db,
      clock: ctx.clock.now,
      log: pino({ level: 'silent' }),
      bus,
      tickGraceMs: 200,
      statePersistMs: 5000,
      onRaised: ctx.services.alarms.assignOnRaise,
    });
    const detach = ctx.services.ingest.onReadings(runtime.onBatch);
    await runtime.start();
    return { runtime, changes, detach };
  }

  const send = async (s: TestStation, body: unknown) => {
    const device = (await ctx.services.ingest.authenticateDevice(s.code, s.secret))!;
    return ctx.services.ingest.acceptDeviceMessage(device, s.topic, payload(body));
  };

  async function newRule(
    s: TestStation,
    input: { template?: string; params?: unknown; definition?: unknown },
  ) {
    const officer = await ctx.newUser({ roles: ['duty_officer'] });
    return ctx.services.alarmRules.create(ctx.actor(officer), {
      stationId: s.station.id,
      enabled: true,
      ...input,
    });
  }

  const alarmsOf = (ruleId: string) =>
    ctx.db.select().from(alarms).where(eq(alarms.ruleId, ruleId)).orderBy(asc(alarms.episode));
  const eventsOf = async (alarmId: string) =>
    (
      await ctx.db
        .select()
        .from(alarmEvents)
        .where(eq(alarmEvents.alarmId, alarmId))
        .orderBy(asc(alarmEvents.id))
    ).map((e) => ({
      kind: e.kind,
      from: e.fromLevel,
      to: e.toLevel,
      at: e.at.toISOString(),
      cause: e.cause,
    }));

  /** A gauge rule on `last` with a 10-minute raise duration (red ≥ 5 m, clear below 4.5 m). */
  const levelRule = (s: TestStation, extra: Partial<AlarmRule> = {}) => ({
    name: '水位持续超限',
    inputs: { stage: { device: s.code, metric: 'water_level', unit: 'm' } },
    signals: { stage: { fn: 'last', input: 'stage' } },
    levels: {
      red: { when: { op: '>=', signal: 'stage', raise: 5, clear: 4.5 }, raiseAfter: { forMs: 10 * MIN } },
    },
    ...extra,
  });

  it('rain raises a 暴雨 alarm (STANDARDS §3: 3 h ≥ 50 mm 橙色), escalates to 红色 (3 h ≥ 100 mm), then falls back through 黄色/蓝色 as the windows move, and clears — one alarm row, every step audited with its outbox row', async () => {
    const s = await newStation(ctx, { sensors: [{ metric: 'rainfall' }] });
    const rule = await newRule(s, {
      template: 'rainstorm-signal',
      params: { gauge: { device: s.code, metric: 'rainfall' }, noData: null },
    });
    const { runtime, changes, detach } = await startRuntime();
    try {
      expect(await send(s, { metric: 'rainfall', value: 60, ts: beijing(ctx.clock.now()) })).toMatchObject({
        accepted: 1,
      });
      await runtime.idle();
      let [alarm] = await alarmsOf(rule.id);
      expect(alarm).toMatchObject({ level: 'orange', maxLevel: 'orange', status: 'active', episode: 1 });
      expect(changes.map((c) => c.kind)).toEqual(['raised']);

      ctx.clock.advanceMinutes(30);
      await send(s, { metric: 'rainfall', value: 45, ts: beijing(ctx.clock.now()) });
      await runtime.idle();
      [alarm] = await alarmsOf(rule.id);
      expect(alarm).toMatchObject({ level: 'red', maxLevel: 'red', status: 'active' });

      // 105 mm stays in the 3-h window until the first bucket leaves it: red → (3h < 50) yellow (6h ≥ 50).
      ctx.clock.advance(3 * HOUR);
      await runtime.tick();
      [alarm] = await alarmsOf(rule.id);
      expect(alarm!.level).toBe('yellow');
      ctx.clock.advance(3 * HOUR);
      await runtime.tick();
      [alarm] = await alarmsOf(rule.id);
      expect(alarm!.level).toBe('blue');
      ctx.clock.advance(6 * HOUR);
      await runtime.tick();
      const rows = await alarmsOf(rule.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ level: 'blue', maxLevel: 'red', status: 'cleared' });
      expect(rows[0]!.clearedAt).not.toBeNull();
      const events = await eventsOf(rows[0]!.id);
      expect(events.map((e) => [e.kind, e.from, e.to])).toEqual([
        ['raised', null, 'orange'],
        ['escalated', 'orange', 'red'],
        ['deescalated', 'red', 'yellow'],
        ['deescalated', 'yellow', 'blue'],
        ['cleared', 'blue', null],
      ]);
      expect(events.at(-1)!.kind).toBe('cleared');
      const audits = await ctx.db.select().from(auditLog).where(eq(auditLog.entityId, rows[0]!.id));
      expect(audits.length).toBe(events.length);
      const [sent] = await ctx.db.select({ n: count() }).from(outbox).where(eq(outbox.key, rows[0]!.id));
      expect(sent!.n).toBe(events.length);
      expect((await ctx.services.audit.verifyChain()).ok).toBe(true);
    } finally {
      detach();
      await runtime.stop();
    }
  });

  it('a raise duration is stamped at its deadline; after a crash (no clean stop) a new runtime resumes it from the stored readings and raises exactly once', async () => {
    const s = await newStation(ctx, { kind: 'water_level', sensors: [{ metric: 'water_level' }] });
    const rule = await newRule(s, { definition: levelRule(s) });
    const first = await startRuntime();
    const startedAt = ctx.clock.now().getTime();
    await send(s, { metric: 'water_level', value: 5.2, ts: beijing(ctx.clock.now()) });
    await first.runtime.idle();
    expect(await alarmsOf(rule.id)).toHaveLength(0);
    // "kill -9": the first runtime is dropped without stop(); its state may never have been written.
    first.detach();

    ctx.clock.advance(10 * MIN + 1000);
    const second = await startRuntime();
    try {
      const rows = await alarmsOf(rule.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.raisedAt.getTime()).toBe(startedAt + 10 * MIN);
      // A third start finds the alarm and the state: nothing repeated.
      second.detach();
      await second.runtime.stop();
      const third = await startRuntime();
      third.detach();
      await third.runtime.stop();
      expect(await alarmsOf(rule.id)).toHaveLength(1);
      expect(await eventsOf(rows[0]!.id)).toHaveLength(1);
    } finally {
      second.detach();
      await second.runtime.stop();
    }
  });

  it('no-data: an input silent past its timeout raises at last reading + timeout (handling alarm), and clears when data returns below the threshold', async () => {
    const s = await newStation(ctx, { kind: 'water_level', sensors: [{ metric: 'water_level' }] });
    const rule = await newRule(s, {
      definition: levelRule(s, { noData: { timeoutMs: MIN, handling: 'alarm' } }),
    });
    const { runtime, detach } = await startRuntime();
    try {
      const lastAt = ctx.clock.now().getTime();
      await send(s, { metric: 'water_level', value: 3, ts: beijing(ctx.clock.now()) });
      await runtime.idle();
      ctx.clock.advance(MIN + 300);
      await runtime.tick();
      const [alarm] = await alarmsOf(rule.id);
      expect(alarm).toMatchObject({ level: 'red', cause: 'no_data', status: 'active' });
      expect(alarm!.raisedAt.getTime()).toBe(lastAt + MIN);
      ctx.clock.advance(1000);
      await send(s, { metric: 'water_level', value: 3.1, ts: beijing(ctx.clock.now()) });
      await runtime.idle();
      const [after] = await alarmsOf(rule.id);
      expect(after).toMatchObject({ status: 'cleared' });
    } finally {
      detach();
      await runtime.stop();
    }
  });

  it('the same readings delivered twice, concurrently, give one alarm; the database refuses a second open alarm of a rule', async () => {
    const s = await newStation(ctx, { sensors: [{ metric: 'rainfall' }] });
    const rule = await newRule(s, {
      template: 'rainstorm-signal',
      params: { gauge: { device: s.code, metric: 'rainfall' }, noData: null },
    });
    const { runtime, detach } = await startRuntime();
    try {
      const reading = { metric: 'rainfall', value: 120, ts: beijing(ctx.clock.now()) };
      await Promise.all([send(s, reading), send(s, reading), send(s, { readings: [reading, reading] })]);
      await runtime.idle();
      const rows = await alarmsOf(rule.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.level).toBe('red');
      await expect(
        ctx.db.insert(alarms).values({ ...rows[0]!, id: crypto.randomUUID(), episode: 2 }),
      ).rejects.toThrow();
    } finally {
      detach();
      await runtime.stop();
    }
  });

  it('a new rule version keeps the open alarm (same episode, level moved to what the new version says); disabling stops evaluation', async () => {
    const s = await newStation(ctx, { kind: 'water_level', sensors: [{ metric: 'water_level' }] });
    const def = {
      ...levelRule(s),
      levels: { red: { when: { op: '>=', signal: 'stage', raise: 5, clear: 4.5 } } },
    };
    const rule = await newRule(s, { definition: def });
    const { runtime, detach } = await startRuntime();
    try {
      await send(s, { metric: 'water_level', value: 5.5, ts: beijing(ctx.clock.now()) });
      await runtime.idle();
      expect((await alarmsOf(rule.id))[0]).toMatchObject({ level: 'red', episode: 1 });
      const officer = await ctx.newUser({ roles: ['duty_officer'] });
      const v2 = await ctx.services.alarmRules.update(ctx.actor(officer), rule.id, {
        version: 1,
        definition: {
          ...def,
          levels: {
            yellow: { when: { op: '>=', signal: 'stage', raise: 5 } },
            red: { when: { op: '>=', signal: 'stage', raise: 6 } },
          },
        },
        note: '红色改为 6 m',
      });
      expect(v2.version).toBe(2);
      await runtime.reload(rule.id); // (the service reloads the platform's runtime; this test runs its own)
      const rows = await alarmsOf(rule.id);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ episode: 1, level: 'yellow' });
      const [state] = await ctx.db.select().from(alarmRuleStates).where(eq(alarmRuleStates.ruleId, rule.id));
      expect(state!.version).toBe(2);

      await ctx.services.alarmRules.update(ctx.actor(officer), rule.id, { version: 2, enabled: false });
      await runtime.reload(rule.id);
      expect(runtime.stateOf(rule.id)).toBeNull();
      await expect(
        ctx.services.alarmRules.update(ctx.actor(officer), rule.id, { version: 1, enabled: true }),
      ).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      detach();
      await runtime.stop();
    }
  });

  it('a raised alarm is assigned, in the same transaction, to the responsible person: here the township office (乡镇应急办) of the station', async () => {
    const office = await ctx.newUser({ roles: ['township_officer'], scope: townshipScope(XINNING) });
    const s = await newStation(ctx, { sensors: [{ metric: 'rainfall' }] });
    const rule = await newRule(s, {
      template: 'rainstorm-signal',
      params: { gauge: { device: s.code, metric: 'rainfall' }, noData: null },
    });
    const { runtime, detach } = await startRuntime();
    try {
      await send(s, { metric: 'rainfall', value: 55, ts: beijing(ctx.clock.now()) });
      await runtime.idle();
      const [alarm] = await alarmsOf(rule.id);
      expect(alarm!.assigneeId).toBe(office.id);
      expect((await eventsOf(alarm!.id)).map((e) => e.kind)).toEqual(['raised', 'assigned']);
    } finally {
      detach();
      await runtime.stop();
    }
  });

  describe('rules API', () => {
    it('lists every problem of a bad rule at once and refuses inputs that name no sensor', async () => {
      const s = await newStation(ctx, { kind: 'water_level', sensors: [{ metric: 'water_level' }] });
      const officer = await ctx.newUser({ roles: ['duty_officer'] });
      const bad = await ctx.services.alarmRules
        .create(ctx.actor(officer), {
          stationId: s.station.id,
          enabled: true,
          definition: {
            name: 'x',
            inputs: { a: { device: s.code, metric: 'water_level' } },
            signals: { a: { fn: 'sum', input: 'b', windowMs: 90_000 } },
            levels: { red: { when: { op: '>=', signal: 'zz', raise: 1, clear: 2 } } },
          },
        })
        .catch((e: unknown) => e);
      expect(bad).toMatchObject({ code: 'validation_failed' });
      const paths = (bad as { details: { path: string }[] }).details.map((d) => d.path).sort();
      expect(paths).toEqual(['levels.red.when.clear', 'signals.a.input', 'signals.a.windowMs'].sort());
      const unknown = await ctx.services.alarmRules
        .create(ctx.actor(officer), {
          stationId: s.station.id,
          enabled: true,
          definition: levelRule({ ...s, code: 'NO-SUCH-DEVICE' }),
        })
        .catch((e: unknown) => e);
      expect(unknown).toMatchObject({
        code: 'validation_failed',
        details: [{ path: 'inputs.stage', message: expect.stringContaining('NO-SUCH-DEVICE') as string }],
      });
    });

    it('replays a draft over stored readings (with warm-up before `from`) and writes nothing', async () => {
      const s = await newStation(ctx, { sensors: [{ metric: 'rainfall' }] });
      for (let m = -180; m <= 0; m += 10)
        await send(s, { metric: 'rainfall', value: 6, ts: beijing(ctx.clock.now(), m) });
      const viewer = await ctx.newUser({ roles: ['viewer'] });
      const before = await ctx.auditCount();
      const replay = await ctx.services.alarmRules.replay(ctx.actor(viewer), {
        stationId: s.station.id,
        template: 'rainstorm-signal',
        params: { gauge: { device: s.code, metric: 'rainfall' }, noData: null },
        from: beijing(ctx.clock.now(), -60),
        to: beijing(ctx.clock.now()),
      });
      // 19 × 6 mm = 114 mm within 3 h by the end; the warm-up carried the 2 h before `from`.
      expect(replay.transitions.map((t) => t.to)).toContain('red');
      expect(replay.inputs).toEqual([{ name: 'rain', device: s.code, metric: 'rainfall', readings: 19 }]);
      expect(await ctx.auditCount()).toBe(before);
      const bad = await ctx.services.alarmRules
        .replay(ctx.actor(viewer), { from: 'yesterday', to: '2026-03-01T00:00:00' })
        .catch((e: unknown) => e);
      expect((bad as { details: { path: string }[] }).details.map((d) => d.path).sort()).toEqual([
        'from',
        'stationId',
        'to',
      ]);
    });
  });
});
