/**
 * Alarm rules, their persisted engine state, alarms and their history, the notification outbox, and the
 * incident records an alarm can be escalated to (issue #4 parts 4 and 6). See docs/adr/0006 (engine) and
 * docs/adr/0008 (runtime).
 *
 * Jurisdiction: a rule belongs to its primary station (region, org unit, owner department copied from it,
 * like the quarantine), and its alarms copy the rule's, so lists filter without joins and keep their rows
 * when a station is deleted.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { regions, users } from './index.ts';
import { stations } from './monitoring.ts';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const LEVELS_SQL = sql.raw(`('blue', 'yellow', 'orange', 'red')`);

/** Alarm rules (预警规则): the current version's JSON; every edit adds a row to `alarm_rule_versions`. */
export const alarmRules = pgTable(
  'alarm_rules',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    /** The station the rule is about (map, jurisdiction, assignment); composites name their main station. */
    stationId: uuid('station_id').references(() => stations.id, { onDelete: 'set null' }),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    orgUnitId: uuid('org_unit_id'),
    ownerDepartmentId: uuid('owner_department_id'),
    /** Template name and parameters when made from one (regenerated on edit of the parameters). */
    template: text('template'),
    params: jsonb('params'),
    enabled: boolean('enabled').notNull().default(true),
    version: integer('version').notNull(),
    /** The AlarmRule JSON of `version` (its `id` is this row's id). */
    definition: jsonb('definition').notNull(),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: tz('created_at').notNull().defaultNow(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [index('alarm_rules_station_idx').on(t.stationId), index('alarm_rules_region_idx').on(t.regionCode)],
);

export const alarmRuleVersions = pgTable(
  'alarm_rule_versions',
  {
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alarmRules.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    definition: jsonb('definition').notNull(),
    note: text('note'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.version] })],
);

/**
 * The engine state of each enabled rule (RuleState JSON, ADR 0006) and its durable timer: `due_at` is
 * `nextDeadline(state)`. Written in the same transaction as the alarm rows its steps produced.
 */
export const alarmRuleStates = pgTable(
  'alarm_rule_states',
  {
    ruleId: uuid('rule_id')
      .primaryKey()
      .references(() => alarmRules.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    state: jsonb('state').notNull(),
    dueAt: tz('due_at'),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [index('alarm_rule_states_due_idx').on(t.dueAt)],
);

/** As `ALARM_STATUSES` of @ningan/domain (the schema does not import the domain, for drizzle-kit). */
const STATUSES = ['active', 'acknowledged', 'handling', 'cleared', 'closed'] as const;

/**
 * Alarms (告警): one row per episode of a rule. The engine owns `level`/`cleared_at` (condition); people
 * own the workflow (acknowledge, handle, assign, close). At most one uncleared alarm per rule.
 */
export const alarms = pgTable(
  'alarms',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ruleId: uuid('rule_id')
      .notNull()
      .references(() => alarmRules.id),
    /** The engine's episode number (1, 2, …) of this rule. */
    episode: integer('episode').notNull(),
    ruleVersion: integer('rule_version').notNull(),
    ruleName: text('rule_name').notNull(),
    subject: text('subject').notNull(),
    stationId: uuid('station_id').references(() => stations.id, { onDelete: 'set null' }),
    regionCode: text('region_code').notNull(),
    orgUnitId: uuid('org_unit_id'),
    ownerDepartmentId: uuid('owner_department_id'),
    level: text('level').notNull(),
    maxLevel: text('max_level').notNull(),
    status: text('status', { enum: STATUSES }).notNull(),
    /** `condition` or `no_data` (of the latest transition). */
    cause: text('cause').notNull(),
    /** Every signal's value at the latest transition; stale inputs. */
    signals: jsonb('signals').notNull(),
    raisedAt: tz('raised_at').notNull(),
    levelChangedAt: tz('level_changed_at').notNull(),
    clearedAt: tz('cleared_at'),
    acknowledgedAt: tz('acknowledged_at'),
    acknowledgedById: uuid('acknowledged_by_id').references(() => users.id),
    handlingAt: tz('handling_at'),
    handlingById: uuid('handling_by_id').references(() => users.id),
    assigneeId: uuid('assignee_id').references(() => users.id),
    assignedAt: tz('assigned_at'),
    closedAt: tz('closed_at'),
    closedById: uuid('closed_by_id').references(() => users.id),
    closeNote: text('close_note'),
    incidentId: uuid('incident_id'),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('alarms_rule_episode_uq').on(t.ruleId, t.episode),
    uniqueIndex('alarms_one_open_per_rule_uq')
      .on(t.ruleId)
      .where(sql`${t.clearedAt} is null`),
    index('alarms_status_idx').on(t.status, t.raisedAt),
    index('alarms_region_idx').on(t.regionCode, t.raisedAt),
    index('alarms_station_idx').on(t.stationId, t.raisedAt),
    check('alarms_status', sql`${t.status} in ('active', 'acknowledged', 'handling', 'cleared', 'closed')`),
    check('alarms_level', sql`${t.level} in ${LEVELS_SQL} and ${t.maxLevel} in ${LEVELS_SQL}`),
  ],
);

/**
 * The history of an alarm: the engine's transitions (actor null, unique per alarm/time/kind so a redo after
 * a crash cannot duplicate one) and people's actions (acknowledge, handling, assign, comment, close,
 * escalate to incident).
 */
export const alarmEvents = pgTable(
  'alarm_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    alarmId: uuid('alarm_id')
      .notNull()
      .references(() => alarms.id, { onDelete: 'cascade' }),
    at: tz('at').notNull(),
    kind: text('kind').notNull(),
    fromLevel: text('from_level'),
    toLevel: text('to_level'),
    cause: text('cause'),
    signals: jsonb('signals'),
    actorId: uuid('actor_id').references(() => users.id),
    actorName: text('actor_name').notNull(),
    note: text('note'),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    index('alarm_events_alarm_idx').on(t.alarmId, t.at),
    uniqueIndex('alarm_events_transition_uq')
      .on(t.alarmId, t.at, t.kind)
      .where(sql`${t.kind} in ('raised', 'escalated', 'deescalated', 'cleared')`),
  ],
);

/**
 * Messages for delivery by the warning-dissemination work (issue #5): written in the transaction that
 * produced them, delivered at least once afterwards.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    topic: text('topic').notNull(),
    /** What the message is about (alarm id…), for de-duplication by the consumer. */
    key: text('key').notNull(),
    regionCode: text('region_code'),
    payload: jsonb('payload').notNull(),
    createdAt: tz('created_at').notNull(),
    deliveredAt: tz('delivered_at'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [
    index('outbox_pending_idx')
      .on(t.createdAt)
      .where(sql`${t.deliveredAt} is null`),
  ],
);

/**
 * Incident records (事件). Opened by "escalate to incident" from an alarm (issue #4) or by the command work's
 * intake (issue #6: phone call, village field report, external warning); what an incident gathers (timeline,
 * reports, tasks…) is in command.ts. `figures`, `grade` and `reporting` are kept current by the service on
 * every follow-up; `next_timer_at` is the durable wake-up of the reporting clock (domain `reportingStatus`).
 */
export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    /** `alarm` (escalated from an alarm), `manual`, `phone` (接报 form), `field` (village officer's report),
     *  `external_warning`. */
    source: text('source').notNull(),
    alarmId: uuid('alarm_id'),
    /** Warning level at escalation (blue…red), not the incident's statutory grade. */
    warningLevel: text('warning_level'),
    /** reported | responding | closed | merged */
    status: text('status').notNull().default('reported'),
    /** domain EventTypeId; null for an incident escalated before it was classified. */
    eventType: text('event_type'),
    eventClass: text('event_class'),
    /** IncidentFigures (deaths, missing, seriousInjuries, injuries, directLossWan, areaHa, affected…). */
    figures: jsonb('figures').notNull().default({}),
    /** 特别重大 | 重大 | 较大 | 一般 | null (ungraded / no rule) and what it was graded on. */
    grade: text('grade'),
    gradeBasis: jsonb('grade_basis'),
    /** Ⅰ–Ⅳ: the recorded decision (incident_activations / timeline say who and why). */
    responseLevel: text('response_level'),
    /** When the county learnt of it (接报时间). */
    knownAt: tz('known_at'),
    /** Intake details: caller, phone, place text, measures taken, casualties text, external id… */
    intake: jsonb('intake').notNull().default({}),
    /** Disaster: judged stable (灾情稳定) — ends 续报, starts 核报. */
    stabilizedAt: tz('stabilized_at'),
    /** Accident: when each casualty change became known (伤亡变化补报 clock). */
    casualtyChangesAt: jsonb('casualty_changes_at').$type<string[]>().notNull().default([]),
    nextTimerAt: tz('next_timer_at'),
    mergedIntoId: uuid('merged_into_id'),
    closedAt: tz('closed_at'),
    closedById: uuid('closed_by_id'),
    closeSummary: text('close_summary'),
    updatedAt: tz('updated_at'),
    version: integer('version').notNull().default(1),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    orgUnitId: uuid('org_unit_id'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    description: text('description'),
    occurredAt: tz('occurred_at').notNull(),
    createdById: uuid('created_by_id').references(() => users.id),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    index('incidents_region_idx').on(t.regionCode, t.occurredAt),
    index('incidents_timer_idx')
      .on(t.nextTimerAt)
      .where(sql`${t.nextTimerAt} is not null`),
    index('incidents_status_idx').on(t.status, t.occurredAt),
    uniqueIndex('incidents_alarm_uq')
      .on(t.alarmId)
      .where(sql`${t.alarmId} is not null`),
  ],
);
