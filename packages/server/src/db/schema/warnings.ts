/**
 * Warnings (预警发布, issue #5): one row per CAP message we compose or publish, the per-recipient delivery
 * rows that are the durable dispatch queue, the call-and-respond (叫应) rows, the public recipient list and
 * village loudspeakers, and CAP warnings received from outside. See docs/adr/0009.
 *
 * A published message is never edited: an Update or a Cancel is a new row of the same chain (`chain_id` =
 * the first message's id), and publishing it stamps `superseded_at` / `cancelled_at` on the earlier rows.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { regions, users } from './index.ts';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const warnings = pgTable(
  'warnings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The first message of the chain (an Alert's own id); Updates and Cancels carry the Alert's id. */
    chainId: uuid('chain_id').notNull(),
    /** CAP identifier, national form; assigned at sign-off (null while a draft). */
    identifier: text('identifier'),
    /** CAP msgType: Alert | Update | Cancel. */
    msgType: text('msg_type').notNull(),
    /** CAP status: Actual | Exercise | Test (Test and Exercise never reach public channels). */
    capStatus: text('cap_status').notNull().default('Actual'),
    /** Sign-off workflow: draft | in_review | awaiting_signoff | published | rejected. */
    state: text('state').notNull().default('draft'),
    hazard: text('hazard').notNull(),
    level: text('level').notNull(),
    headline: text('headline').notNull(),
    description: text('description').notNull(),
    instruction: text('instruction').notNull(),
    /** Optional English info block {headline, description, instruction}. */
    infoEn: jsonb('info_en'),
    /** Targeting as drawn/chosen: {regionCodes, polygons, circles} (WGS84 lon/lat). */
    area: jsonb('area').notNull(),
    /** Resolved targets: {townshipCodes, villageCodes, estimatedPopulation, byTownship}. */
    targets: jsonb('targets').notNull(),
    audiences: text('audiences').array().notNull(),
    channels: text('channels').array().notNull(),
    /** alarm | weather | external | manual, and the id/key of what it came from. */
    source: text('source').notNull(),
    sourceRef: text('source_ref'),
    effectiveAt: tz('effective_at').notNull(),
    onsetAt: tz('onset_at'),
    expiresAt: tz('expires_at').notNull(),
    /** CAP sent: the sign-off time. */
    sentAt: tz('sent_at'),
    /** CAP references (every earlier message of the chain), for Update/Cancel. */
    references: text('references'),
    /** The CAP 1.2 document as published (validated against the XSD at sign-off); never changed after. */
    capXml: text('cap_xml'),
    /** Jurisdiction of the warning (the county, or the township a township office drafted it for). */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    authorId: uuid('author_id').references(() => users.id),
    reviewedById: uuid('reviewed_by_id').references(() => users.id),
    reviewedAt: tz('reviewed_at'),
    signedById: uuid('signed_by_id').references(() => users.id),
    /** Last return/reject reason. */
    returnReason: text('return_reason'),
    supersededById: uuid('superseded_by_id'),
    supersededAt: tz('superseded_at'),
    cancelledAt: tz('cancelled_at'),
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('warnings_identifier_uq')
      .on(t.identifier)
      .where(sql`${t.identifier} is not null`),
    index('warnings_chain_idx').on(t.chainId, t.createdAt),
    index('warnings_state_idx').on(t.state, t.updatedAt),
    index('warnings_active_idx')
      .on(t.expiresAt)
      .where(sql`${t.state} = 'published'`),
    check('warnings_msg_type', sql`${t.msgType} in ('Alert', 'Update', 'Cancel')`),
    check('warnings_times', sql`${t.effectiveAt} <= ${t.expiresAt}`),
  ],
);

/** The day's last identifier sequence number (the `_N` of the national identifier), per Beijing date. */
export const warningSequences = pgTable('warning_sequences', {
  day: date('day').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * One row per (message, recipient, channel): the durable dispatch queue and the delivery record.
 * queued → sending → sent → delivered | failed (retried until the policy gives up) | expired | cancelled | skipped.
 */
export const warningDeliveries = pgTable(
  'warning_deliveries',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    channel: text('channel').notNull(),
    audience: text('audience').notNull(),
    /** Who, stably: `contact:<id>`, `user:<id>`, `subscriber:<id>`, `terminal:<id>`, `enterprise:<id>`, `webhook:<name>`. */
    recipientKey: text('recipient_key').notNull(),
    recipientName: text('recipient_name'),
    /** Phone, e-mail, URL or terminal id. */
    address: text('address'),
    townshipCode: text('township_code'),
    villageCode: text('village_code'),
    state: text('state').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tz('next_attempt_at'),
    lastError: text('last_error'),
    /** The gateway's message id (回执). */
    receiptId: text('receipt_id'),
    sentAt: tz('sent_at'),
    deliveredAt: tz('delivered_at'),
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('warning_deliveries_uq').on(t.warningId, t.recipientKey, t.channel),
    // The dispatcher's claim: per channel, oldest due first (ties by id) — read in index order, no sort.
    index('warning_deliveries_due_idx')
      .on(t.channel, t.nextAttemptAt, t.id)
      .where(sql`${t.state} in ('queued', 'failed') and ${t.nextAttemptAt} is not null`),
    // Progress and coverage (GROUP BY township, audience, channel, state), the per-township 叫应 seed.
    index('warning_deliveries_warning_idx').on(t.warningId, t.townshipCode, t.audience, t.channel, t.state),
    index('warning_deliveries_receipt_idx')
      .on(t.receiptId)
      .where(sql`${t.receiptId} is not null`),
  ],
);

/**
 * The public's SMS recipients of a message, frozen at fan-out as one row per village (or township, for
 * numbers listed at township level): `phones` de-duplicated by number across the whole message, in the
 * order they are sent. A county-wide warning reaches ~500,000 numbers; writing one delivery row each at
 * sign-off takes far longer than the 10 s target, so the dispatcher materialises them into
 * `warning_deliveries` a slice at a time (`phones[next_index+1 : next_index+n]`, rows and cursor in one
 * transaction), just before sending. A Cancel/Update or the expiry stops the rest (`stopped_at`). ADR 0009.
 */
export const warningRecipientSets = pgTable(
  'warning_recipient_sets',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    /** sms (the only channel with sets today). */
    channel: text('channel').notNull(),
    /** public (社会公众). */
    audience: text('audience').notNull(),
    townshipCode: text('township_code'),
    villageCode: text('village_code'),
    /** Phone numbers, each once per message; 1-based SQL array. */
    phones: text('phones').array().notNull(),
    /** cardinality(phones). */
    total: integer('total').notNull(),
    /** How many phones have been materialised into delivery rows (the cursor). */
    nextIndex: integer('next_index').notNull().default(0),
    /** A Cancel/Update or the expiry stopped the rest (`total - next_index` never sent). */
    stoppedAt: tz('stopped_at'),
    stoppedReason: text('stopped_reason'),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('warning_recipient_sets_uq').on(
      t.warningId,
      t.channel,
      sql`coalesce(${t.villageCode}, ${t.townshipCode}, '')`,
    ),
    // The dispatcher's pick: per channel, the oldest set with phones left.
    index('warning_recipient_sets_open_idx')
      .on(t.channel, t.id)
      .where(sql`${t.stoppedAt} is null and ${t.nextIndex} < ${t.total}`),
    check('warning_recipient_sets_cursor', sql`${t.nextIndex} >= 0 and ${t.nextIndex} <= ${t.total}`),
  ],
);

/**
 * 叫应 (call and respond): one row per responsible person a published message must reach and hear back
 * from. `step` is the last step taken (initial → resend → township → county), `due_at` the next one.
 */
export const warningCalls = pgTable(
  'warning_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    warningId: uuid('warning_id')
      .notNull()
      .references(() => warnings.id, { onDelete: 'cascade' }),
    /** `contact:<id>` or `user:<id>`, as in warning_deliveries.recipient_key. */
    recipientKey: text('recipient_key').notNull(),
    personName: text('person_name').notNull(),
    phone: text('phone'),
    userId: uuid('user_id').references(() => users.id),
    /** What the person answers for: `village`, `township`, `hazard_point`, `enterprise`, `department`. */
    role: text('role').notNull(),
    townshipCode: text('township_code'),
    villageCode: text('village_code'),
    step: text('step').notNull().default('initial'),
    stepAt: tz('step_at').notNull(),
    dueAt: tz('due_at'),
    answeredAt: tz('answered_at'),
    /** link | app | sms */
    answerChannel: text('answer_channel'),
    answerNote: text('answer_note'),
    /** SHA-256 of the answer link's token (the token itself goes out in the message only). */
    tokenHash: text('token_hash').notNull(),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('warning_calls_uq').on(t.warningId, t.recipientKey),
    uniqueIndex('warning_calls_token_uq').on(t.tokenHash),
    index('warning_calls_due_idx')
      .on(t.dueAt)
      .where(sql`${t.answeredAt} is null and ${t.dueAt} is not null`),
    index('warning_calls_phone_idx').on(t.phone),
  ],
);

/** The public's warning SMS list (预警信息接收名单) by village or township. */
export const warningSubscribers = pgTable(
  'warning_subscribers',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    phone: text('phone').notNull(),
    name: text('name'),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    source: text('source'),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('warning_subscribers_uq').on(t.phone, t.regionCode),
    index('warning_subscribers_region_idx').on(t.regionCode),
  ],
);

/** Village loudspeakers (大喇叭 / 应急广播终端), addressed through the broadcast adapter. */
export const broadcastTerminals = pgTable(
  'broadcast_terminals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The broadcast platform's terminal id. */
    terminalId: text('terminal_id').notNull(),
    name: text('name').notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('broadcast_terminals_terminal_uq').on(t.terminalId),
    index('broadcast_terminals_region_idx').on(t.regionCode),
  ],
);

/** CAP warnings received from outside (气象台, 国家突发事件预警信息发布系统), by URL or upload. */
export const externalWarnings = pgTable(
  'external_warnings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    identifier: text('identifier').notNull(),
    sender: text('sender').notNull(),
    sentAt: tz('sent_at').notNull(),
    msgType: text('msg_type').notNull(),
    capStatus: text('cap_status').notNull(),
    headline: text('headline'),
    event: text('event'),
    /** Our level read from the CAP severity (or the national profile's colour), when it maps. */
    level: text('level'),
    effectiveAt: tz('effective_at'),
    expiresAt: tz('expires_at'),
    /** The parsed CapAlert. */
    alert: jsonb('alert').notNull(),
    /** Areas as GeoJSON (polygons/circles converted), for the map. */
    areaGeojson: jsonb('area_geojson'),
    xml: text('xml').notNull(),
    sourceUrl: text('source_url'),
    /** received | relayed | dismissed */
    status: text('status').notNull().default('received'),
    relayedWarningId: uuid('relayed_warning_id'),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    receivedById: uuid('received_by_id').references(() => users.id),
    receivedAt: tz('received_at').notNull(),
  },
  (t) => [
    uniqueIndex('external_warnings_uq').on(t.sender, t.identifier),
    index('external_warnings_received_idx').on(t.receivedAt),
  ],
);
