/**
 * Alarm test fixtures: a rule on a station (from the 暴雨 template) and alarms written as the engine writes
 * them — the alarm row with its `raised` event, then `cleared` — without running the rule runtime.
 */
import { randomUUID } from 'node:crypto';
import { buildRuleFromTemplate, statusAfterTransition, type AlarmLevel } from '@ningan/domain';
import { eq, sql } from 'drizzle-orm';
import { alarmEvents, alarmRules, alarms } from '../db/schema/index.ts';
import type { AlarmRow } from '../repositories/alarms.repository.ts';
import type { TestContext } from './context.ts';
import type { TestStation } from './monitoring.ts';

export interface TestRule {
  id: string;
  name: string;
  station: TestStation;
}

/** An enabled 暴雨预警信号 rule on the station's rainfall sensor, placed like the station. */
export async function newAlarmRule(ctx: TestContext, station: TestStation): Promise<TestRule> {
  const id = randomUUID();
  const s = station.station;
  const definition = buildRuleFromTemplate('rainstorm-signal', {
    id,
    subject: s.name,
    gauge: { device: s.code, metric: 'rainfall' },
    noData: null,
  });
  const now = ctx.clock.now();
  await ctx.db.insert(alarmRules).values({
    id,
    name: definition.name,
    stationId: s.id,
    regionCode: s.regionCode,
    orgUnitId: s.orgUnitId,
    ownerDepartmentId: s.ownerDepartmentId,
    template: 'rainstorm-signal',
    params: { gauge: { device: s.code, metric: 'rainfall' } },
    version: 1,
    definition,
    createdAt: now,
    updatedAt: now,
  });
  return { id, name: definition.name, station };
}

/** A raised alarm of `rule` (a new episode), with the engine's `raised` event. */
export async function raiseAlarm(
  ctx: TestContext,
  rule: TestRule,
  o: { level?: AlarmLevel; at?: Date } = {},
): Promise<AlarmRow> {
  const at = o.at ?? ctx.clock.now();
  const level = o.level ?? 'orange';
  const s = rule.station.station;
  const [{ n } = { n: 0 }] = await ctx.db
    .select({ n: sql<number>`coalesce(max(${alarms.episode}), 0)::int` })
    .from(alarms)
    .where(eq(alarms.ruleId, rule.id));
  const signals = { values: { rain3h: 62.5, rain6h: 70.1, rain12h: null }, stale: [] };
  const [row] = await ctx.db
    .insert(alarms)
    .values({
      ruleId: rule.id,
      episode: Number(n) + 1,
      ruleVersion: 1,
      ruleName: rule.name,
      subject: s.name,
      stationId: s.id,
      regionCode: s.regionCode,
      orgUnitId: s.orgUnitId,
      ownerDepartmentId: s.ownerDepartmentId,
      level,
      maxLevel: level,
      status: 'active',
      cause: 'condition',
      signals,
      raisedAt: at,
      levelChangedAt: at,
      updatedAt: at,
    })
    .returning();
  await ctx.db.insert(alarmEvents).values({
    alarmId: row!.id,
    at,
    kind: 'raised',
    fromLevel: null,
    toLevel: level,
    cause: 'condition',
    signals,
    actorName: 'system',
    createdAt: at,
  });
  return row!;
}

/** The engine's clear: `cleared_at`, the workflow status per the domain, a `cleared` event. */
export async function clearAlarm(
  ctx: TestContext,
  alarm: { id: string },
  at = ctx.clock.now(),
): Promise<void> {
  const [row] = await ctx.db.select().from(alarms).where(eq(alarms.id, alarm.id));
  await ctx.db
    .update(alarms)
    .set({
      clearedAt: at,
      status: statusAfterTransition(row!.status, 'cleared'),
      updatedAt: at,
    })
    .where(eq(alarms.id, alarm.id));
  await ctx.db.insert(alarmEvents).values({
    alarmId: alarm.id,
    at,
    kind: 'cleared',
    fromLevel: row!.level,
    toLevel: null,
    cause: 'condition',
    signals: row!.signals,
    actorName: 'system',
    createdAt: at,
  });
}
