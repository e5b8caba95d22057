/**
 * Alarms and alarm rules as the API shows them (issue #4 parts 4, 6 and 7), and the alarm workflow.
 *
 * An alarm has two sides. The rule engine owns its condition: level (蓝/黄/橙/红), escalation,
 * de-escalation and clearing (`clearedAt`). People own its workflow:
 *
 *   active (未确认) → acknowledged (已确认) → handling (处置中) → … → closed (已关闭)
 *
 * The engine's clear moves an open alarm to `cleared` (已解除) whatever its workflow step, keeping who
 * acknowledged it. Only a cleared alarm can be closed: closing an alarm whose condition still holds would
 * hide a live hazard. An escalation to a higher level needs a new acknowledgement (back to `active`), so
 * a red that follows an acknowledged yellow is seen.
 */
import { z } from 'zod';
import { AppError } from './errors.ts';
import { ALARM_LEVELS, AlarmRule, type AlarmLevel } from './monitoring/rule.ts';

export const ALARM_STATUSES = ['active', 'acknowledged', 'handling', 'cleared', 'closed'] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

export const ALARM_STATUS_LABELS: Record<AlarmStatus, { zh: string; en: string }> = {
  active: { zh: '未确认', en: 'Unacknowledged' },
  acknowledged: { zh: '已确认', en: 'Acknowledged' },
  handling: { zh: '处置中', en: 'Handling' },
  cleared: { zh: '已解除', en: 'Cleared' },
  closed: { zh: '已关闭', en: 'Closed' },
};

/** Statuses of alarms still needing attention (the live list's default). */
export const OPEN_ALARM_STATUSES: readonly AlarmStatus[] = ['active', 'acknowledged', 'handling', 'cleared'];

export const ALARM_ACTIONS = ['acknowledge', 'handle', 'close'] as const;
export type AlarmAction = (typeof ALARM_ACTIONS)[number];

/**
 * The workflow status after `action`, or an error naming why it is not allowed.
 * @throws AppError conflict
 */
export function nextAlarmStatus(
  current: { status: AlarmStatus; clearedAt: string | Date | null; acknowledgedAt: string | Date | null },
  action: AlarmAction,
): AlarmStatus {
  const refuse = (message: string) => new AppError('conflict', message);
  if (current.status === 'closed') throw refuse('告警已关闭');
  switch (action) {
    case 'acknowledge':
      if (current.status !== 'active' && !(current.status === 'cleared' && !current.acknowledgedAt))
        throw refuse('告警已确认');
      return current.clearedAt ? 'cleared' : 'acknowledged';
    case 'handle':
      if (current.clearedAt) throw refuse('告警已解除，无需再转入处置');
      return 'handling';
    case 'close':
      if (!current.clearedAt) throw refuse('告警仍在持续，条件解除后才能关闭');
      return 'closed';
  }
}

/** What the engine's transition does to the workflow status. */
export function statusAfterTransition(
  status: AlarmStatus,
  kind: 'raised' | 'escalated' | 'deescalated' | 'cleared',
): AlarmStatus {
  if (kind === 'raised' || kind === 'escalated') return 'active';
  if (kind === 'cleared') return status === 'closed' ? 'closed' : 'cleared';
  return status;
}

export const AlarmSignalValue = z.object({
  value: z.number().nullable(),
  unit: z.string().optional(),
});

export const AlarmView = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  episode: z.number().int(),
  subject: z.string(),
  stationId: z.string().nullable(),
  stationName: z.string().nullable(),
  stationCode: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  level: z.enum(ALARM_LEVELS),
  maxLevel: z.enum(ALARM_LEVELS),
  status: z.enum(ALARM_STATUSES),
  cause: z.enum(['condition', 'no_data']),
  /** Signal name → value at the latest transition. */
  signals: z.record(z.string(), z.number().nullable()),
  staleInputs: z.array(z.string()),
  raisedAt: z.string(),
  levelChangedAt: z.string(),
  clearedAt: z.string().nullable(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  handlingAt: z.string().nullable(),
  assigneeId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  closedAt: z.string().nullable(),
  closeNote: z.string().nullable(),
  incidentId: z.string().nullable(),
  updatedAt: z.string(),
});
export type AlarmView = z.infer<typeof AlarmView>;

export const AlarmEventView = z.object({
  id: z.number().int(),
  at: z.string(),
  kind: z.string(),
  fromLevel: z.enum(ALARM_LEVELS).nullable(),
  toLevel: z.enum(ALARM_LEVELS).nullable(),
  cause: z.string().nullable(),
  signals: z.record(z.string(), z.number().nullable()).nullable(),
  actorName: z.string(),
  note: z.string().nullable(),
});
export type AlarmEventView = z.infer<typeof AlarmEventView>;

export const AlarmDetail = AlarmView.extend({ events: z.array(AlarmEventView) });
export type AlarmDetail = z.infer<typeof AlarmDetail>;

/** The alarm events the engine writes (the rest are people's). */
export const ENGINE_ALARM_EVENT_KINDS = ['raised', 'escalated', 'deescalated', 'cleared'] as const;

export const ALARM_EVENT_LABELS: Record<string, { zh: string; en: string }> = {
  raised: { zh: '产生', en: 'Raised' },
  escalated: { zh: '升级', en: 'Escalated' },
  deescalated: { zh: '降级', en: 'De-escalated' },
  cleared: { zh: '解除', en: 'Cleared' },
  acknowledged: { zh: '确认', en: 'Acknowledged' },
  handling: { zh: '转入处置', en: 'Handling' },
  assigned: { zh: '指派', en: 'Assigned' },
  comment: { zh: '批注', en: 'Comment' },
  closed: { zh: '关闭', en: 'Closed' },
  to_incident: { zh: '转为事件', en: 'Escalated to incident' },
};

/** Alarm rules as listed. */
export const AlarmRuleView = z.object({
  id: z.string(),
  name: z.string(),
  stationId: z.string().nullable(),
  stationName: z.string().nullable(),
  regionCode: z.string(),
  template: z.string().nullable(),
  params: z.unknown().nullable(),
  enabled: z.boolean(),
  version: z.number().int(),
  definition: AlarmRule,
  /** The open alarm's level, if any. */
  activeLevel: z.enum(ALARM_LEVELS).nullable(),
  updatedAt: z.string(),
});
export type AlarmRuleView = z.infer<typeof AlarmRuleView>;

export const AlarmRuleVersionView = z.object({
  version: z.number().int(),
  definition: AlarmRule,
  note: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
export type AlarmRuleVersionView = z.infer<typeof AlarmRuleVersionView>;

export const AlarmRuleDetail = AlarmRuleView.extend({ versions: z.array(AlarmRuleVersionView) });
export type AlarmRuleDetail = z.infer<typeof AlarmRuleDetail>;

/**
 * A new rule: either from a template (`template` + `params`) or as rule JSON (`definition`, whose `id`
 * and `version` are assigned by the platform and may be omitted).
 */
export const CreateAlarmRuleRequest = z
  .object({
    stationId: z.string().uuid('站点 ID 无效'),
    name: z.string().trim().min(1).max(200).optional(),
    template: z.string().min(1).optional(),
    params: z.unknown().optional(),
    definition: z.record(z.string(), z.unknown()).optional(),
    enabled: z.boolean().default(true),
    note: z.string().trim().max(500).optional(),
  })
  .superRefine((r, ctx) => {
    if ((r.template === undefined) === (r.definition === undefined))
      ctx.addIssue({
        code: 'custom',
        path: ['template'],
        message: '须给出模板（template + params）或规则定义（definition）之一',
      });
  });
export type CreateAlarmRuleRequest = z.infer<typeof CreateAlarmRuleRequest>;

/** A new version (template parameters or JSON), or enabling/disabling; `version` is the one edited. */
export const UpdateAlarmRuleRequest = z.object({
  version: z.number().int().positive(),
  name: z.string().trim().min(1).max(200).optional(),
  params: z.unknown().optional(),
  definition: z.record(z.string(), z.unknown()).optional(),
  enabled: z.boolean().optional(),
  note: z.string().trim().max(500).optional(),
});
export type UpdateAlarmRuleRequest = z.infer<typeof UpdateAlarmRuleRequest>;

/** Replay a rule (saved or draft) over stored readings, writing nothing. Times: ISO 8601 with zone. */
export const ReplayRuleRequest = z.object({
  ruleId: z.string().uuid().optional(),
  stationId: z.string().uuid().optional(),
  template: z.string().optional(),
  params: z.unknown().optional(),
  definition: z.record(z.string(), z.unknown()).optional(),
  from: z.string().max(40),
  to: z.string().max(40),
});
export type ReplayRuleRequest = z.infer<typeof ReplayRuleRequest>;

export const ReplayTransitionView = z.object({
  at: z.string(),
  kind: z.enum(ENGINE_ALARM_EVENT_KINDS),
  alarm: z.number().int(),
  from: z.enum(ALARM_LEVELS).nullable(),
  to: z.enum(ALARM_LEVELS).nullable(),
  cause: z.string(),
  signals: z.record(z.string(), z.number().nullable()),
});

export const ReplayView = z.object({
  from: z.string(),
  to: z.string(),
  /** Readings fed (including the warm-up before `from`). */
  readings: z.number().int(),
  transitions: z.array(ReplayTransitionView),
  /** Per level, how long it was the alarm's level within [from, to] (ms). */
  timeAtLevel: z.record(z.string(), z.number()),
  /** Per input, how many readings it had, and the data-loss events. */
  inputs: z.array(
    z.object({ name: z.string(), device: z.string(), metric: z.string(), readings: z.number().int() }),
  ),
  dataEvents: z.array(z.object({ at: z.string(), kind: z.string(), input: z.string() })),
});
export type ReplayView = z.infer<typeof ReplayView>;

export const levelRank = (l: AlarmLevel | null): number => (l ? ALARM_LEVELS.indexOf(l) + 1 : 0);
