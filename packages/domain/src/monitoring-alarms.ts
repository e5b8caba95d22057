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

// ---------------------------------------------------------------------------------------------------------
// Working alarms (issue #4 part 6): the list, people's actions, assignment, the header summary, the live stream
// ---------------------------------------------------------------------------------------------------------

/** Everything a person can do to an alarm; the first three move the workflow status. */
export const ALARM_PERSON_ACTIONS = [
  'acknowledge',
  'handle',
  'assign',
  'comment',
  'close',
  'to_incident',
] as const;
export type AlarmPersonAction = (typeof ALARM_PERSON_ACTIONS)[number];

/** The `alarm_events.kind` (and bus change, outbox `alarm.<kind>`) each person's action writes. */
export const ALARM_ACTION_EVENT: Record<AlarmPersonAction, string> = {
  acknowledge: 'acknowledged',
  handle: 'handling',
  assign: 'assigned',
  comment: 'comment',
  close: 'closed',
  to_incident: 'to_incident',
};

/**
 * Whether a person's action is allowed now, and if not why (the message the API answers with 409).
 * The workflow steps follow {@link nextAlarmStatus}; assigning needs an alarm not yet closed; a comment is
 * always possible (a note after closing is part of the review); escalating to an incident needs an alarm
 * not yet closed, or answers the incident it was already escalated to.
 */
export function alarmActionRefusal(
  current: {
    status: AlarmStatus;
    clearedAt: string | Date | null;
    acknowledgedAt: string | Date | null;
    incidentId?: string | null;
  },
  action: AlarmPersonAction,
): string | null {
  switch (action) {
    case 'acknowledge':
    case 'handle':
    case 'close':
      try {
        nextAlarmStatus(current, action);
        return null;
      } catch (err) {
        if (err instanceof AppError) return err.message;
        throw err;
      }
    case 'assign':
      return current.status === 'closed' ? '告警已关闭' : null;
    case 'comment':
      return null;
    case 'to_incident':
      return current.status === 'closed' && !current.incidentId ? '告警已关闭' : null;
  }
}

/** The actions allowed now (the buttons a detail view shows, before the permission check). */
export function allowedAlarmActions(current: Parameters<typeof alarmActionRefusal>[0]): AlarmPersonAction[] {
  return ALARM_PERSON_ACTIONS.filter((a) => alarmActionRefusal(current, a) === null);
}

/** `a,b,c` in a query string → the listed values of `values`, each checked. */
function commaListOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z
    .string()
    .max(200)
    .transform((s) =>
      s
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(values)).min(1, '至少选择一项'));
}

export const ALARM_SORTS = ['newest', 'severity'] as const;

/**
 * The alarm list: by default the open ones (`OPEN_ALARM_STATUSES`), newest level change first;
 * `severity` sorts red first, then newest. `from`/`to` bound the time raised (ISO 8601 with zone);
 * `regionCode` takes a township or village and everything inside it.
 */
export const AlarmListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z.enum(ALARM_SORTS).default('newest'),
  q: z.string().trim().max(100).optional().describe('规则名称、站点名称或编号、监测对象'),
  status: commaListOf(ALARM_STATUSES)
    .optional()
    .describe('逗号分隔，默认未关闭的（未确认、已确认、处置中、已解除）'),
  level: commaListOf(ALARM_LEVELS).optional().describe('逗号分隔：blue,yellow,orange,red'),
  stationId: z.string().uuid('站点 ID 无效').optional(),
  regionCode: z
    .string()
    .regex(/^\d{6,12}$/, '区划代码应为 6–12 位数字')
    .optional(),
  from: z.string().datetime({ offset: true, message: '应为带时区的 ISO 8601 时间' }).optional(),
  to: z.string().datetime({ offset: true, message: '应为带时区的 ISO 8601 时间' }).optional(),
});
export type AlarmListQuery = z.infer<typeof AlarmListQuery>;

const Note = z.string().trim().max(1000, '说明不超过 1000 字');
const RequiredNote = (what: string) => Note.min(1, `请填写${what}`);

export const AcknowledgeAlarmRequest = z.object({ note: Note.optional() });
export type AcknowledgeAlarmRequest = z.infer<typeof AcknowledgeAlarmRequest>;

/** Handling: what is being done (required). */
export const HandleAlarmRequest = z.object({ note: RequiredNote('处置措施') });
export type HandleAlarmRequest = z.infer<typeof HandleAlarmRequest>;

export const AssignAlarmRequest = z.object({
  userId: z.string().uuid('用户 ID 无效'),
  note: Note.optional(),
});
export type AssignAlarmRequest = z.infer<typeof AssignAlarmRequest>;

export const CommentAlarmRequest = z.object({ note: RequiredNote('批注内容') });
export type CommentAlarmRequest = z.infer<typeof CommentAlarmRequest>;

/** Closing: the outcome (required); only once the condition has cleared. */
export const CloseAlarmRequest = z.object({ note: RequiredNote('关闭说明') });
export type CloseAlarmRequest = z.infer<typeof CloseAlarmRequest>;

export const EscalateAlarmRequest = z.object({ note: Note.optional() });
export type EscalateAlarmRequest = z.infer<typeof EscalateAlarmRequest>;

/** An account that may be assigned an alarm: it handles alarms and its jurisdiction covers this one. */
export const AlarmAssigneeView = z.object({
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  roles: z.array(z.string()),
  scopeLevel: z.string(),
  scopeRegionCode: z.string(),
  /** The suggested person (the linked object's responsible person, else the township office); first. */
  suggested: z.boolean(),
  /** Why suggested: 监测对象责任人 / 企业安全管理员 / 乡镇应急办… */
  reason: z.string().nullable(),
});
export type AlarmAssigneeView = z.infer<typeof AlarmAssigneeView>;

export const IncidentRefView = z.object({
  id: z.string(),
  title: z.string(),
  source: z.string(),
  alarmId: z.string().nullable(),
  warningLevel: z.enum(ALARM_LEVELS).nullable(),
  status: z.string(),
  regionCode: z.string(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  occurredAt: z.string(),
  createdAt: z.string(),
});
export type IncidentRefView = z.infer<typeof IncidentRefView>;

/** The answer to "escalate to incident": the incident (new, or the one of an earlier escalation). */
export const EscalateAlarmResult = z.object({
  created: z.boolean(),
  incident: IncidentRefView,
  alarm: AlarmDetail,
});
export type EscalateAlarmResult = z.infer<typeof EscalateAlarmResult>;

const levelCounts = z.object({
  blue: z.number().int(),
  yellow: z.number().int(),
  orange: z.number().int(),
  red: z.number().int(),
});

/** The header badge: open alarms in the caller's jurisdiction, and the newest unacknowledged ones. */
export const AlarmSummary = z.object({
  /** Alarms not closed. */
  open: z.number().int(),
  /** Alarms waiting for acknowledgement (status `active`). */
  unacknowledged: z.number().int(),
  openByLevel: levelCounts,
  unacknowledgedByLevel: levelCounts,
  byStatus: z.object({
    active: z.number().int(),
    acknowledged: z.number().int(),
    handling: z.number().int(),
    cleared: z.number().int(),
  }),
  /** Newest unacknowledged first (at most 5). */
  latest: z.array(AlarmView),
});
export type AlarmSummary = z.infer<typeof AlarmSummary>;

/**
 * A station's alarm whose condition still holds (not yet cleared by the engine, so not closed either): what
 * colours the station on the 监测一张图 and puts a level chip next to it. A cleared alarm waiting to be
 * closed no longer colours the map — the hazard it reported is over. At most one per rule.
 */
export const StationAlarmLevel = z.object({
  alarmId: z.string(),
  stationId: z.string(),
  level: z.enum(ALARM_LEVELS),
  status: z.enum(ALARM_STATUSES),
  levelChangedAt: z.string(),
});
export type StationAlarmLevel = z.infer<typeof StationAlarmLevel>;

// ---- the live stream (GET /api/v1/monitoring/stream, Server-Sent Events) ----

/** Event names of the live stream. A `:` comment line keeps the connection open every 15 s. */
export const LIVE_EVENTS = ['alarm', 'readings', 'health', 'end', 'warning', 'call'] as const;
export type LiveEventName = (typeof LIVE_EVENTS)[number];

/** `alarm`: an alarm in the caller's jurisdiction changed; `change` is the event kind (raised, acknowledged…). */
export const LiveAlarmEvent = AlarmView.extend({ change: z.string() });
export type LiveAlarmEvent = z.infer<typeof LiveAlarmEvent>;

/** `readings`: the latest new value of each station's metric since the last event (at most one a second). */
export const LiveReadingsEvent = z.object({
  items: z.array(
    z.object({
      stationId: z.string(),
      sensorId: z.string(),
      metric: z.string(),
      at: z.string(),
      value: z.number(),
    }),
  ),
});
export type LiveReadingsEvent = z.infer<typeof LiveReadingsEvent>;

/** `health`: devices heard from since the last event. */
export const LiveHealthEvent = z.object({
  items: z.array(
    z.object({
      stationId: z.string(),
      lastSeenAt: z.string(),
      battery: z.number().nullable(),
      signal: z.number().nullable(),
    }),
  ),
});
export type LiveHealthEvent = z.infer<typeof LiveHealthEvent>;

/** `end`: the server closes the stream (session ended, shutting down); the client should not just retry. */
export const LiveEndEvent = z.object({ code: z.string(), message: z.string() });
export type LiveEndEvent = z.infer<typeof LiveEndEvent>;
