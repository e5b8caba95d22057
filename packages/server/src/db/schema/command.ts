/**
 * 一盘棋 (issue #6): duty watch and unified command. The `incidents` row itself (opened by issue #4's
 * escalation) lives in alarms.ts and is extended there; everything an incident gathers hangs off it here:
 * the timeline (one row per thing that happened, the record of the incident), statutory report filings and
 * their durable deadline firings, plan activations and the HQ's acknowledgements (叫应), dispatched tasks and
 * their feedback, supply allocations (调拨, through the stock ledger), photos, situation reports, after-action
 * findings; and the duty watch: shifts, sign-ins, the duty log, handovers and township nil reports.
 *
 * Times are `timestamptz`; business dates (a shift's day, a nil report's day) are Beijing dates as text.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  date,
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
import { incidents } from './alarms.ts';
import { ledgerRecords, regions, users } from './index.ts';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const bytea = customType<{ data: Buffer; driverData: Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
});

/**
 * The incident record (事件时间线): append-only, one row per report, grading, decision, notification, task
 * change, allocation, warning, contact note, situation report, merge, close-out, review finding. `seq` orders
 * rows written at the same instant; clients poll/stream "after seq".
 */
export const incidentTimeline = pgTable(
  'incident_timeline',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    at: tz('at').notNull(),
    /** intake | follow_up | grading | decision | report | deadline | activation | notification | ack | task |
     *  feedback | allocation | warning | contact | sitrep | impact | merge | close | review | note */
    kind: text('kind').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    /** One line for the timeline (Chinese). */
    summary: text('summary').notNull(),
    data: jsonb('data'),
    /** The row this entry is about (task id, report id, …), for links. */
    refId: text('ref_id'),
  },
  (t) => [index('incident_timeline_incident_idx').on(t.incidentId, t.seq)],
);

/** A statutory report filed (信息报送): 初报/续报/核报, 事故报告 chain steps, 伤亡变化补报. Never edited. */
export const incidentReports = pgTable(
  'incident_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** domain TrackedReportStep */
    step: text('step').notNull(),
    /** 续报 / 补报 sequence number; null for the others. */
    n: integer('n'),
    /** ReportRecipient it went to. */
    recipient: text('recipient').notNull(),
    filedAt: tz('filed_at').notNull(),
    filedById: uuid('filed_by_id').references(() => users.id),
    filedByName: text('filed_by_name').notNull(),
    /** The report's elements at filing (time, place, unit, what happened, casualties, losses, measures, next
     *  steps) — the .docx is rendered from this, so a re-download is the document as filed. */
    content: jsonb('content').notNull(),
    /** 1-based version within the incident (初报 = 1, then every filing). */
    version: integer('version').notNull(),
  },
  (t) => [uniqueIndex('incident_reports_version_uq').on(t.incidentId, t.version)],
);

/**
 * Deadline firings (到期提醒 / 超时升级): one row per (incident, step, n, recipient, kind) ever fired, so a
 * restart never fires twice and never skips one (the scheduler fires every instant ≤ now not yet in here).
 */
export const incidentDeadlineFirings = pgTable(
  'incident_deadline_firings',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    step: text('step').notNull(),
    n: integer('n').notNull().default(0),
    recipient: text('recipient').notNull(),
    /** warn (before due) | overdue (at due, escalated) */
    kind: text('kind').notNull(),
    due: tz('due').notNull(),
    firedAt: tz('fired_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.step, t.n, t.recipient, t.kind] })],
);

/** A plan activated for an incident at a response level (启动预案), with who decided and why. */
export const incidentActivations = pgTable(
  'incident_activations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** The `plans` ledger record. */
    planId: uuid('plan_id')
      .notNull()
      .references(() => ledgerRecords.id),
    /** Ⅰ | Ⅱ | Ⅲ | Ⅳ */
    level: text('level').notNull(),
    reason: text('reason').notNull(),
    decidedById: uuid('decided_by_id').references(() => users.id),
    decidedByName: text('decided_by_name').notNull(),
    decidedAt: tz('decided_at').notNull(),
    /** When a later activation (level change) or the close-out ended it. */
    endedAt: tz('ended_at'),
  },
  (t) => [index('incident_activations_incident_idx').on(t.incidentId)],
);

/**
 * 叫应 of an activation: each HQ member of the plan and level must acknowledge. Same ladder as a warning's
 * calls (domain `nextCallStep`): `due_at` is the next step; answered rows have `due_at` null.
 */
export const incidentAcks = pgTable(
  'incident_acks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    activationId: uuid('activation_id')
      .notNull()
      .references(() => incidentActivations.id),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    /** `contact:<id>` or `user:<id>` */
    recipientKey: text('recipient_key').notNull(),
    personName: text('person_name').notNull(),
    /** 总指挥 / 副总指挥 / 成员单位 … */
    role: text('role').notNull(),
    unitName: text('unit_name'),
    phone: text('phone'),
    userId: uuid('user_id').references(() => users.id),
    step: text('step').notNull().default('initial'),
    stepAt: tz('step_at').notNull(),
    dueAt: tz('due_at'),
    answeredAt: tz('answered_at'),
    answerChannel: text('answer_channel'),
    tokenHash: text('token_hash').notNull(),
  },
  (t) => [
    uniqueIndex('incident_acks_uq').on(t.activationId, t.recipientKey),
    uniqueIndex('incident_acks_token_uq').on(t.tokenHash),
    index('incident_acks_due_idx')
      .on(t.dueAt)
      .where(sql`${t.answeredAt} is null and ${t.dueAt} is not null`),
  ],
);

/**
 * A dispatched task (调度指令): to a team, unit, township, department or person. States follow domain
 * `nextTaskState` (pending_read → read → feedback → completed, or returned). `version` guards concurrent edits.
 */
export const incidentTasks = pgTable(
  'incident_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    activationId: uuid('activation_id').references(() => incidentActivations.id),
    title: text('title').notNull(),
    detail: text('detail'),
    /** team (rescue-teams record) | org_unit | township (region) | user */
    assigneeKind: text('assignee_kind').notNull(),
    assigneeId: text('assignee_id').notNull(),
    assigneeName: text('assignee_name').notNull(),
    /** The accounts that may act on it as the assignee (team leader's / unit's / township's users). */
    assigneeUserIds: jsonb('assignee_user_ids').$type<string[]>().notNull().default([]),
    state: text('state').notNull().default('pending_read'),
    dueAt: tz('due_at'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
    readAt: tz('read_at'),
    completedAt: tz('completed_at'),
    returnedReason: text('returned_reason'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('incident_tasks_incident_idx').on(t.incidentId, t.createdAt),
    index('incident_tasks_state_idx').on(t.state, t.dueAt),
    check(
      'incident_tasks_state',
      sql`${t.state} in ('pending_read', 'read', 'feedback', 'completed', 'returned')`,
    ),
  ],
);

/** Feedback on a task (反馈): text, photos (incident_files ids), where it was given. */
export const incidentTaskFeedback = pgTable(
  'incident_task_feedback',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => incidentTasks.id),
    at: tz('at').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    text: text('text').notNull(),
    photoIds: jsonb('photo_ids').$type<string[]>().notNull().default([]),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
  },
  (t) => [index('incident_task_feedback_task_idx').on(t.taskId, t.at)],
);

/**
 * Supply allocation (物资调拨): a stock-out voucher from one warehouse (rows in stock_movements, never below
 * zero) sent to the incident; then shipped → arrived.
 */
export const incidentAllocations = pgTable(
  'incident_allocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    taskId: uuid('task_id').references(() => incidentTasks.id),
    warehouseId: uuid('warehouse_id')
      .notNull()
      .references(() => ledgerRecords.id),
    /** stock_movements.voucher of the stock-out. */
    voucher: uuid('voucher').notNull(),
    /** [{ itemCode, quantity }] as requested. */
    lines: jsonb('lines').notNull(),
    destination: text('destination').notNull(),
    /** allocated | shipped | arrived */
    state: text('state').notNull().default('allocated'),
    createdById: uuid('created_by_id').references(() => users.id),
    createdByName: text('created_by_name').notNull(),
    createdAt: tz('created_at').notNull(),
    shippedAt: tz('shipped_at'),
    arrivedAt: tz('arrived_at'),
    note: text('note'),
  },
  (t) => [
    index('incident_allocations_incident_idx').on(t.incidentId),
    check('incident_allocations_state', sql`${t.state} in ('allocated', 'shipped', 'arrived')`),
  ],
);

/** Photos and files of an incident (field report photos, task feedback photos). Content in the row. */
export const incidentFiles = pgTable(
  'incident_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id').references(() => incidents.id),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    uploadedById: uuid('uploaded_by_id'),
    uploadedByName: text('uploaded_by_name').notNull(),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [index('incident_files_incident_idx').on(t.incidentId)],
);

/** 态势报告 (situation report): compiled → approved → published to the HQ; numbered per incident. */
export const incidentSitreps = pgTable(
  'incident_sitreps',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    n: integer('n').notNull(),
    /** draft | approved | published */
    state: text('state').notNull().default('draft'),
    content: jsonb('content').notNull(),
    compiledById: uuid('compiled_by_id'),
    compiledByName: text('compiled_by_name').notNull(),
    compiledAt: tz('compiled_at').notNull(),
    approvedById: uuid('approved_by_id'),
    approvedByName: text('approved_by_name'),
    approvedAt: tz('approved_at'),
    publishedAt: tz('published_at'),
  },
  (t) => [uniqueIndex('incident_sitreps_n_uq').on(t.incidentId, t.n)],
);

/** 复盘 finding: responsible unit, deadline, rectification, verification — open → rectified → verified. */
export const incidentFindings = pgTable(
  'incident_findings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id),
    finding: text('finding').notNull(),
    responsibleUnit: text('responsible_unit').notNull(),
    responsibleOrgUnitId: uuid('responsible_org_unit_id'),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    /** open | rectified | verified */
    state: text('state').notNull().default('open'),
    rectification: text('rectification'),
    rectifiedAt: tz('rectified_at'),
    verifiedById: uuid('verified_by_id'),
    verifiedByName: text('verified_by_name'),
    verifiedAt: tz('verified_at'),
    verificationNote: text('verification_note'),
    createdById: uuid('created_by_id'),
    createdByName: text('created_by_name').notNull(),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    index('incident_findings_incident_idx').on(t.incidentId),
    check('incident_findings_state', sql`${t.state} in ('open', 'rectified', 'verified')`),
  ],
);

/** A duty shift (值班排班): a day's shift with the leader on duty and the duty officers (domain DutyShift). */
export const dutyShifts = pgTable(
  'duty_shifts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The bureau / township office keeping the watch (its region). */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    /** Beijing date YYYY-MM-DD the shift starts on. */
    date: date('date', { mode: 'string' }).notNull(),
    /** HH:MM, Beijing; an end ≤ start runs past midnight. */
    start: text('start').notNull(),
    end: text('end').notNull(),
    startsAt: tz('starts_at').notNull(),
    endsAt: tz('ends_at').notNull(),
    /** DutyPerson { userId?, name, phone? } */
    leader: jsonb('leader').notNull(),
    officers: jsonb('officers').notNull(),
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [index('duty_shifts_time_idx').on(t.regionCode, t.startsAt)],
);

/** Sign-in (签到) of a person on a shift. */
export const dutySignIns = pgTable(
  'duty_sign_ins',
  {
    shiftId: uuid('shift_id')
      .notNull()
      .references(() => dutyShifts.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    userName: text('user_name').notNull(),
    at: tz('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.shiftId, t.userId] })],
);

/** The duty log (值班日志): calls, notices, instructions, anything the watch records. */
export const dutyLog = pgTable(
  'duty_log',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    shiftId: uuid('shift_id').references(() => dutyShifts.id),
    at: tz('at').notNull(),
    /** call_in | call_out | notice | instruction | incident | other */
    kind: text('kind').notNull(),
    text: text('text').notNull(),
    incidentId: uuid('incident_id').references(() => incidents.id),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    /** Open items are carried over at handover until closed. */
    openItem: integer('open_item').notNull().default(0),
    closedAt: tz('closed_at'),
  },
  (t) => [index('duty_log_time_idx').on(t.regionCode, t.at)],
);

/** Shift handover (交接班): the open items carried over, what was said, who handed over and who took over. */
export const dutyHandovers = pgTable(
  'duty_handovers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fromShiftId: uuid('from_shift_id')
      .notNull()
      .references(() => dutyShifts.id),
    toShiftId: uuid('to_shift_id').references(() => dutyShifts.id),
    at: tz('at').notNull(),
    handedOverById: uuid('handed_over_by_id'),
    handedOverByName: text('handed_over_by_name').notNull(),
    takenOverById: uuid('taken_over_by_id'),
    takenOverByName: text('taken_over_by_name'),
    takenOverAt: tz('taken_over_at'),
    /** [{ logSeq?, incidentId?, text }] carried over. */
    openItems: jsonb('open_items').notNull(),
    notes: text('notes'),
  },
  (t) => [uniqueIndex('duty_handovers_from_uq').on(t.fromShiftId)],
);

/** A township's daily nil report (报平安): one per township and Beijing day. */
export const nilReports = pgTable(
  'nil_reports',
  {
    date: date('date', { mode: 'string' }).notNull(),
    townshipCode: text('township_code')
      .notNull()
      .references(() => regions.code),
    submittedAt: tz('submitted_at').notNull(),
    submittedById: uuid('submitted_by_id'),
    submittedByName: text('submitted_by_name').notNull(),
    /** 平安 or a short note of what happened. */
    note: text('note'),
    /** How many times it was chased (催报) before arriving. */
    chased: integer('chased').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.date, t.townshipCode] })],
);

/** A nil report chased (催报): written when the due time passes without one; idempotent per day. */
export const nilReportChases = pgTable(
  'nil_report_chases',
  {
    date: date('date', { mode: 'string' }).notNull(),
    townshipCode: text('township_code')
      .notNull()
      .references(() => regions.code),
    chasedAt: tz('chased_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.date, t.townshipCode] })],
);

/**
 * SMS notices of the command work (短信通知): 叫应 of an activation and its ladder steps, reporting-deadline
 * reminders and escalations, nil-report chases, dispatched tasks, published situation reports. Written in the
 * transaction of the change that causes them (an outbox) and sent by command/notice-sender.ts through the
 * warnings' SMS gateway adapter, with the dissemination retry policy. `(kind, ref, recipient_key)` is unique:
 * a re-run of the same step never texts anyone twice. The gateway's idempotency key is `cmd:<id>`.
 */
export const commandNotices = pgTable(
  'command_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id').references(() => incidents.id),
    /** activation | ack_resend | ack_escalation | deadline_overdue | deadline_warn | nil_chase | task | sitrep */
    kind: text('kind').notNull(),
    /** What caused it: the ack (+ step), the deadline firing, the chase, the task, the situation report. */
    ref: text('ref').notNull(),
    /** The 叫应 row an ack notice is about: not sent once that ack is answered. */
    ackId: uuid('ack_id').references(() => incidentAcks.id),
    /** `user:<id>`, `phone:<number>`, `contact:<id>` … */
    recipientKey: text('recipient_key').notNull(),
    recipientName: text('recipient_name').notNull(),
    phone: text('phone').notNull(),
    text: text('text').notNull(),
    /** queued | sending | sent | failed | skipped; `failed` with `next_attempt_at` is waiting for a retry. */
    state: text('state').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tz('next_attempt_at'),
    lastError: text('last_error'),
    receiptId: text('receipt_id'),
    sentAt: tz('sent_at'),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('command_notices_uq').on(t.kind, t.ref, t.recipientKey),
    index('command_notices_incident_idx').on(t.incidentId, t.createdAt),
    index('command_notices_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} in ('queued', 'failed') and ${t.nextAttemptAt} is not null`),
    check('command_notices_state', sql`${t.state} in ('queued', 'sending', 'sent', 'failed', 'skipped')`),
    check(
      'command_notices_kind',
      sql`${t.kind} in ('activation', 'ack_resend', 'ack_escalation', 'deadline_overdue', 'deadline_warn', 'nil_chase', 'task', 'sitrep')`,
    ),
  ],
);
