/**
 * Alarm rules (预警规则, issue #4 part 4): made from a template (parameters) or written as rule JSON,
 * attached to a station, versioned on every edit, enabled or disabled, and replayed against the stored
 * readings before enabling. Authorised like the station: reading needs `monitoring:read` and the station
 * in jurisdiction, changes need `monitoring:write`. Every change is audited in its transaction and then
 * handed to the running engines (`AlarmRuntime.reload`).
 */
import {
  ALARM_LEVELS,
  ALARM_RULE_TEMPLATES,
  AppError,
  buildRuleFromTemplate,
  compileRule,
  CreateAlarmRuleRequest,
  listRuleStreams,
  parseAlarmRule,
  parseZonedTimestamp,
  replayRule,
  UpdateAlarmRuleRequest,
  type Actor,
  type AlarmLevel,
  type AlarmRule,
  type AlarmRuleDetail,
  type AlarmRuleView,
  type ErrorDetail,
  type ReplayRuleRequest,
  type ReplayView,
} from '@ningan/domain';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.ts';
import type { AlarmRuntime } from '../alarms/runtime.ts';
import {
  countAlarmsOfRule,
  deleteRule,
  deleteRuleState,
  findRules,
  getRuleById,
  insertRule,
  insertRuleVersion,
  listRuleVersions,
  listSeriesStreams,
  readingsSince,
  updateRule,
  userNames,
  type AlarmRuleRow,
} from '../repositories/alarm-rules.repository.ts';
import { getMeta, setMeta } from '../repositories/meta.repository.ts';
import {
  getStationByCode,
  getStationById,
  scopedStation,
  type StationRow,
} from '../repositories/monitoring.repository.ts';
import {
  audit,
  ensureVisible,
  parseInput,
  rejectIfAny,
  requirePermission,
  type ServiceDeps,
} from './context.ts';

/** The longest replay range (days) and the most readings one replay reads. */
export const REPLAY_MAX_DAYS = 31;
export const REPLAY_MAX_READINGS = 2_000_000;
const HOUR = 3_600_000;

/** Short names of the templates, for rule names (站点名 · 暴雨预警). */
export const TEMPLATE_LABELS: Record<string, string> = {
  'rainstorm-signal': '暴雨预警',
  'flash-flood': '山洪预警',
  'water-level': '水位预警',
  'landslide-rate': '滑坡位移预警',
  'gas-detector': '气体报警',
  tank: '储罐报警',
};

/** Meta key marking that the demo fleet's rules were made. */
export const DEMO_RULES_META = 'demo_alarm_rules_seeded';

/** What a template's parameters may leave to the platform: the rule id, its subject and version. */
function templateParams(
  raw: unknown,
  ids: { id: string; subject: string; version: number; name?: string | undefined },
): unknown {
  const p =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  return {
    ...p,
    id: ids.id,
    subject: ids.subject,
    version: ids.version,
    ...(ids.name && { name: ids.name }),
  };
}

/** The rule JSON of a request: from the template or as written, with the platform's id/version/subject. */
function ruleOf(
  input: {
    template?: string | null | undefined;
    params?: unknown;
    definition?: Record<string, unknown> | undefined;
  },
  ids: { id: string; subject: string; version: number; name?: string | undefined },
): AlarmRule {
  if (input.definition !== undefined)
    return parseAlarmRule({
      ...input.definition,
      id: ids.id,
      version: ids.version,
      subject: (input.definition.subject as string | undefined) ?? ids.subject,
      ...(ids.name && { name: ids.name }),
    });
  if (!input.template) throw new AppError('validation_failed', '须给出模板或规则定义');
  return buildRuleFromTemplate(input.template, templateParams(input.params, ids));
}

function toView(r: AlarmRuleRow & { stationName: string | null; activeLevel: string | null }): AlarmRuleView {
  return {
    id: r.id,
    name: r.name,
    stationId: r.stationId,
    stationName: r.stationName,
    regionCode: r.regionCode,
    template: r.template,
    params: r.params ?? null,
    enabled: r.enabled,
    version: r.version,
    definition: r.definition as AlarmRule,
    activeLevel: (r.activeLevel as AlarmLevel | null) ?? null,
    updatedAt: r.updatedAt.toISOString(),
  };
}

export function createAlarmRuleService(deps: ServiceDeps, runtime: AlarmRuntime) {
  const { db, clock } = deps;

  async function visibleStation(actor: Actor, id: string): Promise<StationRow> {
    const row = await getStationById(db, id);
    return ensureVisible(actor, row && scopedStation(row), '监测站点');
  }

  async function visibleRule(actor: Actor, id: string): Promise<AlarmRuleRow> {
    const row = await getRuleById(db, id);
    return ensureVisible(actor, row && scopedStation(row), '预警规则');
  }

  /** Every input must read a sensor that exists (device code + metric); listed all at once. */
  async function streamProblems(tx: DbOrTx, rule: AlarmRule): Promise<ErrorDetail[]> {
    const known = new Set((await listSeriesStreams(tx)).map((s) => `${s.device}\u0000${s.metric}`));
    return Object.entries(rule.inputs)
      .filter(([, i]) => !known.has(`${i.device}\u0000${i.metric}`))
      .map(([name, i]) => ({
        path: `inputs.${name}`,
        message: `设备 ${i.device} 没有指标 ${i.metric} 的传感器`,
      }));
  }

  async function view(id: string): Promise<AlarmRuleView> {
    const row = await getRuleById(db, id);
    const [withJoins] = row ? await findRules(db, null, { ruleId: id }) : [];
    if (!withJoins) throw new AppError('not_found', '预警规则不存在');
    return toView(withJoins);
  }

  return {
    templates() {
      return Object.entries(ALARM_RULE_TEMPLATES).map(([name, t]) => ({
        name,
        summary: t.summary,
        params: z.toJSONSchema(t.params, { unrepresentable: 'any', io: 'input' }),
      }));
    },

    async list(actor: Actor, q: { stationId?: string | undefined; enabled?: boolean | undefined }) {
      requirePermission(actor, 'monitoring:read');
      const rows = await findRules(db, actor.scope, q);
      return rows.map(toView);
    },

    async get(actor: Actor, id: string): Promise<AlarmRuleDetail> {
      requirePermission(actor, 'monitoring:read');
      await visibleRule(actor, id);
      const [base, versions] = await Promise.all([view(id), listRuleVersions(db, id)]);
      const names = await userNames(
        db,
        versions.map((v) => v.createdById).filter((x): x is string => x !== null),
      );
      return {
        ...base,
        versions: versions.map((v) => ({
          version: v.version,
          definition: v.definition as AlarmRule,
          note: v.note,
          createdAt: v.createdAt.toISOString(),
          createdBy: v.createdById ? (names.get(v.createdById) ?? null) : null,
        })),
      };
    },

    async create(actor: Actor, raw: unknown): Promise<AlarmRuleView> {
      requirePermission(actor, 'monitoring:write');
      const input = parseInput(CreateAlarmRuleRequest, raw);
      const station = await visibleStation(actor, input.stationId);
      const id = crypto.randomUUID();
      const name =
        input.name ??
        (input.template && TEMPLATE_LABELS[input.template]
          ? `${station.name} · ${TEMPLATE_LABELS[input.template]}`
          : undefined);
      const rule = ruleOf(input, { id, subject: station.code, version: 1, name });
      rejectIfAny(await streamProblems(db, rule));
      const now = clock();
      await db.transaction(async (tx) => {
        await insertRule(tx, {
          id,
          name: rule.name,
          stationId: station.id,
          regionCode: station.regionCode,
          orgUnitId: station.orgUnitId,
          ownerDepartmentId: station.ownerDepartmentId,
          template: input.template ?? null,
          params: input.template ? (input.params ?? {}) : null,
          enabled: input.enabled,
          version: 1,
          definition: rule,
          createdById: userIdOf(actor),
          createdAt: now,
          updatedAt: now,
        });
        await insertRuleVersion(tx, {
          ruleId: id,
          version: 1,
          definition: rule,
          note: input.note ?? null,
          createdById: userIdOf(actor),
          createdAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'alarm_rule.create',
            entityType: 'alarm_rule',
            entityId: id,
            regionCode: station.regionCode,
            details: {
              name: rule.name,
              station: station.code,
              template: input.template ?? null,
              enabled: input.enabled,
            },
          },
          now,
        );
      });
      await runtime.reload(id);
      return view(id);
    },

    /**
     * The demo fleet's rules (演示): one per spec, made like `create` by the installer; once per
     * installation (meta marker), skipping a station that already has a rule of that template.
     */
    async seedDemo(
      actor: Actor,
      specs: { code: string; template: string; params: unknown }[],
    ): Promise<number> {
      if (await getMeta(db, DEMO_RULES_META)) return 0;
      let made = 0;
      for (const spec of specs) {
        const station = await getStationByCode(db, spec.code);
        if (!station) continue;
        const existing = await findRules(db, null, { stationId: station.id });
        if (existing.some((r) => r.template === spec.template)) continue;
        await this.create(actor, {
          stationId: station.id,
          template: spec.template,
          params: spec.params,
          enabled: true,
          note: '演示规则 demo',
        });
        made += 1;
      }
      await setMeta(db, DEMO_RULES_META, { at: clock().toISOString(), rules: made });
      return made;
    },

    /** A new version (parameters or JSON), a rename, or enabling/disabling; stale `version` → conflict. */
    async update(actor: Actor, id: string, raw: unknown): Promise<AlarmRuleView> {
      requirePermission(actor, 'monitoring:write');
      const input = parseInput(UpdateAlarmRuleRequest, raw);
      await visibleRule(actor, id);
      const now = clock();
      await db.transaction(async (tx) => {
        const row = await getRuleById(tx, id, true);
        if (!row) throw new AppError('not_found', '预警规则不存在');
        if (row.version !== input.version)
          throw new AppError('conflict', `规则已被修改（现为第 ${row.version} 版），请刷新后重试`);
        const changesContent =
          input.params !== undefined || input.definition !== undefined || input.name !== undefined;
        let definition = row.definition as AlarmRule;
        let version = row.version;
        if (changesContent) {
          version = row.version + 1;
          const subject = definition.subject;
          definition =
            input.definition !== undefined
              ? ruleOf({ definition: input.definition }, { id, subject, version, name: input.name })
              : row.template
                ? ruleOf(
                    { template: row.template, params: input.params ?? row.params },
                    { id, subject, version, name: input.name ?? row.name },
                  )
                : parseAlarmRule({ ...definition, version, ...(input.name && { name: input.name }) });
          rejectIfAny(await streamProblems(tx, definition));
          await insertRuleVersion(tx, {
            ruleId: id,
            version,
            definition,
            note: input.note ?? null,
            createdById: userIdOf(actor),
            createdAt: now,
          });
        }
        const enabled = input.enabled ?? row.enabled;
        await updateRule(tx, id, {
          name: definition.name,
          version,
          definition,
          params:
            input.definition !== undefined ? null : input.params !== undefined ? input.params : row.params,
          template: input.definition !== undefined ? null : row.template,
          enabled,
          updatedAt: now,
        });
        const action =
          input.enabled !== undefined && input.enabled !== row.enabled && !changesContent
            ? enabled
              ? 'alarm_rule.enable'
              : 'alarm_rule.disable'
            : 'alarm_rule.update';
        await audit(
          tx,
          actor,
          {
            action,
            entityType: 'alarm_rule',
            entityId: id,
            regionCode: row.regionCode,
            details: { from: row.version, to: version, enabled, note: input.note ?? null },
          },
          now,
        );
        // A disabled rule starts afresh when enabled again: its windows would be stale by then.
        if (!enabled) await deleteRuleState(tx, id);
      });
      await runtime.reload(id);
      return view(id);
    },

    /** Deletes a rule that never raised an alarm; one with alarms can only be disabled (their history stays). */
    async remove(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'monitoring:write');
      const row = await visibleRule(actor, id);
      const now = clock();
      await db.transaction(async (tx) => {
        if ((await countAlarmsOfRule(tx, id)) > 0)
          throw new AppError('conflict', '该规则已产生过告警，只能停用，不能删除（保留告警记录）');
        await deleteRule(tx, id);
        await audit(
          tx,
          actor,
          {
            action: 'alarm_rule.delete',
            entityType: 'alarm_rule',
            entityId: id,
            regionCode: row.regionCode,
            details: { name: row.name },
          },
          now,
        );
      });
      await runtime.reload(id);
    },

    /**
     * Runs a rule (saved, or a draft from a template/JSON) over the stored readings of [from, to], with a
     * warm-up before `from` as long as its longest window, and writes nothing.
     */
    async replay(actor: Actor, input: ReplayRuleRequest): Promise<ReplayView> {
      requirePermission(actor, 'monitoring:read');
      const problems: ErrorDetail[] = [];
      const from = parseTime(input.from, 'from', problems);
      const to = parseTime(input.to, 'to', problems);
      if (from !== null && to !== null) {
        if (to <= from) problems.push({ path: 'to', message: '结束时间须晚于开始时间' });
        else if (to - from > REPLAY_MAX_DAYS * 24 * HOUR)
          problems.push({ path: 'to', message: `回放区间至多 ${REPLAY_MAX_DAYS} 天` });
      }
      if (!input.ruleId && !input.stationId)
        problems.push({ path: 'stationId', message: '回放草稿规则须给出站点（stationId）' });
      rejectIfAny(problems);
      let rule: AlarmRule;
      if (input.ruleId && input.template === undefined && input.definition === undefined) {
        rule = (await visibleRule(actor, input.ruleId)).definition as AlarmRule;
      } else {
        const saved = input.ruleId ? await visibleRule(actor, input.ruleId) : null;
        const station = await visibleStation(actor, input.stationId ?? saved!.stationId!);
        rule = ruleOf(
          {
            template: input.template ?? saved?.template,
            params: input.params ?? saved?.params,
            definition: input.definition,
          },
          { id: saved?.id ?? 'draft', subject: station.code, version: saved ? saved.version + 1 : 1 },
        );
      }
      const cr = compileRule(rule);
      const warmup = Math.max(0, ...cr.inputs.map((i) => i.horizonMs));
      const streams = listRuleStreams(cr);
      const series = (await listSeriesStreams(db)).filter((s) =>
        streams.some((x) => x.device === s.device && x.metric === s.metric),
      );
      const bySeries = new Map(series.map((s) => [s.seriesId, s]));
      const readings: { device: string; metric: string; at: number; value: number }[] = [];
      const start = from! - warmup;
      let after: { ts: number; series: number } | null = null;
      for (;;) {
        const page = await readingsSince(
          db,
          [...bySeries.keys()],
          new Date(start),
          new Date(to! + 1),
          after,
          50_000,
        );
        for (const r of page) {
          const s = bySeries.get(r.seriesId)!;
          readings.push({ device: s.device, metric: s.metric, at: r.at, value: r.value });
        }
        if (readings.length > REPLAY_MAX_READINGS)
          throw new AppError(
            'validation_failed',
            `回放区间内读数超过 ${REPLAY_MAX_READINGS} 条，请缩短区间`,
            {
              details: [{ path: 'to', message: '区间过长' }],
            },
          );
        if (page.length < 50_000) break;
        const last = page[page.length - 1]!;
        after = { ts: last.at, series: last.seriesId };
      }
      const result = replayRule(cr, readings, start, to!);
      return replayView(rule, readings, result, from!, to!, start);
    },
  };
}

/** The actor's user id for a foreign key (the system and the local CLI are not users). */
const userIdOf = (actor: Actor): string | null =>
  actor.via === 'system' || actor.via === 'cli' ? null : actor.userId;

export type AlarmRuleService = ReturnType<typeof createAlarmRuleService>;

function parseTime(value: string, path: string, problems: ErrorDetail[]): number | null {
  const parsed = parseZonedTimestamp(value);
  if (!parsed.ok) {
    problems.push({ path, message: '应为带时区的 ISO 8601 时间，如 2026-07-01T08:00:00+08:00' });
    return null;
  }
  return parsed.at;
}

function replayView(
  rule: AlarmRule,
  readings: { device: string; metric: string; at: number }[],
  result: ReturnType<typeof replayRule>,
  from: number,
  to: number,
  start: number,
): ReplayView {
  const iso = (t: number) => new Date(t).toISOString();
  // The level held at each moment, from the transitions (warm-up included), measured within [from, to].
  const timeAtLevel: Record<string, number> = Object.fromEntries(ALARM_LEVELS.map((l) => [l, 0]));
  let level: AlarmLevel | null = null;
  let since = start;
  const hold = (until: number) => {
    if (level) timeAtLevel[level]! += Math.max(0, Math.min(until, to) - Math.max(since, from));
  };
  for (const t of result.transitions) {
    hold(t.at);
    level = t.to;
    since = t.at;
  }
  hold(to);
  return {
    from: iso(from),
    to: iso(to),
    readings: readings.length,
    transitions: result.transitions
      .filter((t) => t.at >= from)
      .map((t) => ({
        at: iso(t.at),
        kind: t.kind,
        alarm: t.alarm,
        from: t.from,
        to: t.to,
        cause: t.cause,
        signals: t.values,
      })),
    timeAtLevel,
    inputs: Object.entries(rule.inputs).map(([name, i]) => ({
      name,
      device: i.device,
      metric: i.metric,
      readings: readings.filter((r) => r.device === i.device && r.metric === i.metric).length,
    })),
    dataEvents: result.dataEvents
      .filter((e) => e.at >= from)
      .map((e) => ({ at: iso(e.at), kind: e.kind, input: e.input })),
  };
}
