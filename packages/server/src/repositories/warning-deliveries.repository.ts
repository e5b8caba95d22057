/**
 * The dissemination queue and its records (issue #5 parts 5–7): the `warning.published` outbox rows, the
 * per-recipient delivery rows (claimed in batches by the dispatcher), gateway receipts, 叫应 calls, the
 * in-app inbox, the public SMS list and the loudspeakers. All SQL of dissemination lives here and in
 * warning-recipients.repository.ts.
 */
import type { DeliveryState, WarningAudience, WarningChannel } from '@ningan/domain';
import { and, asc, count, desc, eq, inArray, isNotNull, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { outbox, regions } from '../db/schema/index.ts';
import {
  broadcastTerminals,
  warningCalls,
  warningDeliveries,
  warnings,
  warningSubscribers,
} from '../db/schema/warnings.ts';

export const WARNING_PUBLISHED_TOPIC = 'warning.published';

type Rows<T> = { rows: T[] };
const rowsOf = <T>(result: unknown): T[] => (result as Rows<T>).rows;
const toDate = (v: Date | string | null): Date | null =>
  v === null ? null : v instanceof Date ? v : new Date(v);

// ---- outbox ----

export interface OutboxItem {
  id: number;
  key: string;
  attempts: number;
}

/** Undelivered `warning.published` rows, oldest first. */
export async function findPendingPublications(db: DbOrTx, limit: number): Promise<OutboxItem[]> {
  return db
    .select({ id: outbox.id, key: outbox.key, attempts: outbox.attempts })
    .from(outbox)
    .where(and(eq(outbox.topic, WARNING_PUBLISHED_TOPIC), isNull(outbox.deliveredAt)))
    .orderBy(asc(outbox.id))
    .limit(limit);
}

export async function markOutboxDelivered(tx: DbOrTx, id: number, now: Date): Promise<void> {
  await tx
    .update(outbox)
    .set({ deliveredAt: now, attempts: sql`${outbox.attempts} + 1`, lastError: null })
    .where(eq(outbox.id, id));
}

export async function markOutboxFailed(db: DbOrTx, id: number, error: string): Promise<void> {
  await db
    .update(outbox)
    .set({ attempts: sql`${outbox.attempts} + 1`, lastError: error.slice(0, 1000) })
    .where(eq(outbox.id, id));
}

/** The outbox row of a message's publication: pending (none delivered yet) or done. */
export async function publicationState(db: DbOrTx, warningId: string): Promise<'none' | 'pending' | 'done'> {
  const rows = await db
    .select({ deliveredAt: outbox.deliveredAt })
    .from(outbox)
    .where(and(eq(outbox.topic, WARNING_PUBLISHED_TOPIC), eq(outbox.key, warningId)));
  if (!rows.length) return 'none';
  return rows.some((r) => r.deliveredAt === null) ? 'pending' : 'done';
}

// ---- the message ----

export type DisseminatedWarning = typeof warnings.$inferSelect;

export async function getWarning(db: DbOrTx, id: string): Promise<DisseminatedWarning | null> {
  const [row] = await db.select().from(warnings).where(eq(warnings.id, id));
  return row ?? null;
}

export async function getWarnings(db: DbOrTx, ids: string[]): Promise<DisseminatedWarning[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(warnings)
    .where(sql`${warnings.id} = any(${sql.param(ids)}::uuid[])`);
}

/**
 * Deliveries of the chain's other messages that have not gone out yet become `cancelled` (a Cancel or an
 * Update supersedes them), their recipient sets stop (the phones not yet materialised are never sent),
 * and their open 叫应 calls stop. Returns how many deliveries were stopped (rows + set phones left).
 */
export async function stopEarlierOfChain(
  tx: DbOrTx,
  chainId: string,
  exceptId: string,
  reason: string,
  now: Date,
): Promise<number> {
  const result: unknown = await tx.execute(sql`
    with stopped as (
      update warning_deliveries d set state = 'cancelled', next_attempt_at = null, last_error = ${reason},
        updated_at = ${now}::timestamptz
      where d.warning_id in (select id from warnings where chain_id = ${chainId}::uuid and id <> ${exceptId}::uuid)
        and d.state in ('queued', 'failed')
      returning 1),
    sets as (
      update warning_recipient_sets s set stopped_at = ${now}::timestamptz, stopped_reason = ${reason}
      where s.warning_id in (select id from warnings where chain_id = ${chainId}::uuid and id <> ${exceptId}::uuid)
        and s.stopped_at is null and s.next_index < s.total
      returning s.total - s.next_index as left_over)
    select (select count(*) from stopped)::int + (select coalesce(sum(left_over), 0) from sets)::int as n`);
  await tx.execute(sql`
    update warning_calls set due_at = null
    where warning_id in (select id from warnings where chain_id = ${chainId}::uuid and id <> ${exceptId}::uuid)
      and answered_at is null`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/** A message's recipients: its delivery rows plus the phones of its recipient sets not yet materialised. */
export async function countDeliveriesOf(db: DbOrTx, warningId: string): Promise<number> {
  const result: unknown = await db.execute(sql`
    select (select count(*) from warning_deliveries where warning_id = ${warningId}::uuid)::int
      + (select coalesce(sum(total - next_index), 0) from warning_recipient_sets where warning_id = ${warningId}::uuid)::int
      as n`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

// ---- recipient sets (public SMS frozen at fan-out, materialised by the dispatcher) ----

/** A recipient set whose phones are not all materialised, without the phones. */
export interface OpenRecipientSet {
  id: number;
  warningId: string;
  channel: WarningChannel;
  audience: WarningAudience;
  townshipCode: string | null;
  villageCode: string | null;
  total: number;
  nextIndex: number;
}

/**
 * Locks the oldest unstopped set of `channel` with phones left (`FOR UPDATE SKIP LOCKED`: a second
 * dispatcher takes the next set). Call inside the transaction that materialises or stops it.
 */
export async function lockOpenSet(tx: DbOrTx, channel: WarningChannel): Promise<OpenRecipientSet | null> {
  const result: unknown = await tx.execute(sql`
    select id, warning_id, channel, audience, township_code, village_code, total, next_index
    from warning_recipient_sets
    where channel = ${channel} and stopped_at is null and next_index < total
    order by id
    limit 1
    for update skip locked`);
  const r = rowsOf<{
    id: number | string;
    warning_id: string;
    channel: string;
    audience: string;
    township_code: string | null;
    village_code: string | null;
    total: number;
    next_index: number;
  }>(result)[0];
  return r
    ? {
        id: Number(r.id),
        warningId: r.warning_id,
        channel: r.channel as WarningChannel,
        audience: r.audience as WarningAudience,
        townshipCode: r.township_code,
        villageCode: r.village_code,
        total: Number(r.total),
        nextIndex: Number(r.next_index),
      }
    : null;
}

/** Stops a set: its phones not yet materialised will not be sent. */
export async function stopRecipientSet(tx: DbOrTx, id: number, reason: string, now: Date): Promise<void> {
  await tx.execute(sql`
    update warning_recipient_sets set stopped_at = ${now}::timestamptz, stopped_reason = ${reason}
    where id = ${id} and stopped_at is null`);
}

/**
 * Materialises the next `n` phones of a (locked) set: delivery rows `sending`, attempt 1, recipient key
 * `phone:<number>` (ON CONFLICT DO NOTHING), and the cursor advanced — in the caller's transaction, so
 * after its commit the rows exist (a crash re-queues them, sent again with the same key) and before it
 * nothing moved (nobody skipped). Returns the rows to send.
 */
export async function materialiseSlice(
  tx: DbOrTx,
  set: OpenRecipientSet,
  n: number,
  now: Date,
): Promise<DeliveryRow[]> {
  const result: unknown = await tx.execute(sql`
    with s as (
      select warning_id, channel, audience, township_code, village_code,
        phones[next_index + 1 : next_index + ${n}::int] as slice
      from warning_recipient_sets where id = ${set.id}),
    ins as (
      insert into warning_deliveries (warning_id, channel, audience, recipient_key, recipient_name, address,
        township_code, village_code, state, attempts, next_attempt_at, created_at, updated_at)
      select s.warning_id, s.channel, s.audience, 'phone:' || p.phone, null, p.phone, s.township_code,
        s.village_code, 'sending', 1, null, ${now}::timestamptz, ${now}::timestamptz
      from s cross join lateral unnest(s.slice) with ordinality as p(phone, ord)
      order by p.ord
      on conflict do nothing
      returning id, warning_id, channel, audience, recipient_key, recipient_name, address, township_code,
        village_code, attempts),
    moved as (
      update warning_recipient_sets set next_index = least(total, next_index + ${n}::int) where id = ${set.id})
    select * from ins`);
  return rowsOf<RawDelivery>(result)
    .map(toDeliveryRow)
    .sort((a, b) => a.id - b.id);
}

export interface SetRemainingRow {
  townshipCode: string | null;
  audience: WarningAudience;
  channel: WarningChannel;
  /** null: not stopped (queued unless the message is no longer in force); else how it stopped. */
  stoppedAs: 'cancelled' | 'expired' | null;
  n: number;
}

/**
 * Phones of a message's sets not materialised, per township/audience/channel and how the set stopped:
 * `expired` when it was stopped at or after the expiry of a message still in force otherwise, else
 * `cancelled` (Cancel/Update, withdrawn). A few rows per village: cheap whatever the message's size.
 */
export async function countSetRemaining(db: DbOrTx, warningId: string): Promise<SetRemainingRow[]> {
  const result: unknown = await db.execute(sql`
    select s.township_code, s.audience, s.channel,
      case when s.stopped_at is null then null
        when w.state = 'published' and w.cancelled_at is null and w.superseded_at is null
          and s.stopped_at >= w.expires_at then 'expired'
        else 'cancelled' end as stopped_as,
      sum(s.total - s.next_index)::int as n
    from warning_recipient_sets s join warnings w on w.id = s.warning_id
    where s.warning_id = ${warningId}::uuid and s.next_index < s.total
    group by 1, 2, 3, 4`);
  return rowsOf<{
    township_code: string | null;
    audience: string;
    channel: string;
    stopped_as: 'cancelled' | 'expired' | null;
    n: number;
  }>(result).map((r) => ({
    townshipCode: r.township_code,
    audience: r.audience as WarningAudience,
    channel: r.channel as WarningChannel,
    stoppedAs: r.stopped_as,
    n: Number(r.n),
  }));
}

// ---- the dispatcher ----

export interface DeliveryRow {
  id: number;
  warningId: string;
  channel: WarningChannel;
  audience: WarningAudience;
  recipientKey: string;
  recipientName: string | null;
  address: string | null;
  townshipCode: string | null;
  villageCode: string | null;
  attempts: number;
}

interface RawDelivery {
  id: number | string;
  warning_id: string;
  channel: string;
  audience: string;
  recipient_key: string;
  recipient_name: string | null;
  address: string | null;
  township_code: string | null;
  village_code: string | null;
  attempts: number;
}

const toDeliveryRow = (r: RawDelivery): DeliveryRow => ({
  id: Number(r.id),
  warningId: r.warning_id,
  channel: r.channel as WarningChannel,
  audience: r.audience as WarningAudience,
  recipientKey: r.recipient_key,
  recipientName: r.recipient_name,
  address: r.address,
  townshipCode: r.township_code,
  villageCode: r.village_code,
  attempts: Number(r.attempts),
});

/**
 * Rows left `sending` by a process that stopped (crash, kill -9) go back to the queue, due now; they are
 * sent again with the same idempotency key (the delivery id), which the gateway de-duplicates. Only rows
 * older than `staleBefore` (all of them at start-up of the single dispatcher).
 */
export async function requeueStaleSending(db: DbOrTx, staleBefore: Date, now: Date): Promise<number> {
  const result: unknown = await db.execute(sql`
    with r as (
      update warning_deliveries set state = 'queued', next_attempt_at = ${now}::timestamptz, updated_at = ${now}::timestamptz
      where state = 'sending' and updated_at <= ${staleBefore}::timestamptz
      returning 1)
    select count(*)::int as n from r`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

/**
 * Claims up to `limit` due rows of `channel` (queued or failed with `next_attempt_at <= now`), marks them
 * `sending` with one more attempt, and returns them. Committed before any gateway call (the caller runs
 * it outside a longer transaction). `FOR UPDATE SKIP LOCKED`: two dispatchers on PostgreSQL never claim
 * the same row; PGlite has one connection.
 */
export async function claimDue(
  db: DbOrTx,
  channel: WarningChannel,
  limit: number,
  now: Date,
): Promise<DeliveryRow[]> {
  const result: unknown = await db.execute(sql`
    with c as (
      select id from warning_deliveries
      where state in ('queued', 'failed') and next_attempt_at is not null and next_attempt_at <= ${now}::timestamptz
        and channel = ${channel}
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked)
    update warning_deliveries d
    set state = 'sending', attempts = d.attempts + 1, next_attempt_at = null, updated_at = ${now}::timestamptz
    from c where d.id = c.id
    returning d.id, d.warning_id, d.channel, d.audience, d.recipient_key, d.recipient_name, d.address,
      d.township_code, d.village_code, d.attempts`);
  return rowsOf<RawDelivery>(result)
    .map(toDeliveryRow)
    .sort((a, b) => a.id - b.id);
}

export interface DeliveryOutcome {
  id: number;
  state: Extract<DeliveryState, 'sent' | 'failed' | 'expired' | 'cancelled' | 'skipped' | 'delivered'>;
  receiptId?: string | null;
  error?: string | null;
  nextAttemptAt?: Date | null;
  /** When the gateway took it (default: the batch's `now`). */
  at?: Date;
}

/** Writes a batch's outcomes in one statement. A row a receipt already marked delivered stays delivered. */
export async function recordOutcomes(db: DbOrTx, outcomes: DeliveryOutcome[], now: Date): Promise<void> {
  if (!outcomes.length) return;
  const p = (f: (o: DeliveryOutcome) => unknown) => sql.param(outcomes.map(f));
  await db.execute(sql`
    update warning_deliveries d set
      state = case when d.state = 'delivered' then d.state else t.state end,
      receipt_id = coalesce(t.receipt, d.receipt_id),
      last_error = t.error,
      next_attempt_at = t.next_at,
      sent_at = case when t.state in ('sent', 'delivered') then least(coalesce(d.sent_at, t.at), t.at) else d.sent_at end,
      delivered_at = case when t.state = 'delivered' then coalesce(d.delivered_at, t.at) else d.delivered_at end,
      updated_at = ${now}::timestamptz
    from unnest(${p((o) => o.id)}::bigint[], ${p((o) => o.state)}::text[], ${p((o) => o.receiptId ?? null)}::text[],
      ${p((o) => o.error ?? null)}::text[], ${p((o) => o.nextAttemptAt?.toISOString() ?? null)}::timestamptz[],
      ${p((o) => (o.at ?? now).toISOString())}::timestamptz[])
      as t(id, state, receipt, error, next_at, at)
    where d.id = t.id`);
}

export interface ReceiptInput {
  deliveryId: number;
  receiptId: string | null;
  status: 'delivered' | 'failed';
  error: string | null;
  at: Date;
}

/**
 * Gateway receipts (回执): a sent (or still `sending`: the receipt overtook our commit) row becomes
 * delivered or failed. Returns the rows changed, with what the retry decision needs.
 */
export async function applyReceipts(
  db: DbOrTx,
  receipts: ReceiptInput[],
  now: Date,
): Promise<{ id: number; warningId: string; status: string; attempts: number }[]> {
  if (!receipts.length) return [];
  const p = (f: (r: ReceiptInput) => unknown) => sql.param(receipts.map(f));
  const result: unknown = await db.execute(sql`
    update warning_deliveries d set
      state = t.status,
      receipt_id = coalesce(d.receipt_id, t.receipt),
      delivered_at = case when t.status = 'delivered' then t.at else d.delivered_at end,
      sent_at = coalesce(d.sent_at, t.at),
      last_error = case when t.status = 'failed' then coalesce(t.error, '网关回执：发送失败') else null end,
      updated_at = ${now}::timestamptz
    from unnest(${p((r) => r.deliveryId)}::bigint[], ${p((r) => r.receiptId)}::text[], ${p((r) => r.status)}::text[],
      ${p((r) => r.error)}::text[], ${p((r) => r.at.toISOString())}::timestamptz[]) as t(id, receipt, status, error, at)
    where d.id = t.id and d.state in ('sending', 'sent')
    returning d.id, d.warning_id, d.state, d.attempts`);
  return rowsOf<{ id: number | string; warning_id: string; state: string; attempts: number }>(result).map(
    (r) => ({
      id: Number(r.id),
      warningId: r.warning_id,
      status: r.state,
      attempts: Number(r.attempts),
    }),
  );
}

/** Re-queues failed rows (a failure receipt) for another attempt at their time. */
export async function scheduleRetries(db: DbOrTx, retries: { id: number; at: Date }[]): Promise<void> {
  if (!retries.length) return;
  await db.execute(sql`
    update warning_deliveries d set next_attempt_at = t.at
    from unnest(${sql.param(retries.map((r) => r.id))}::bigint[],
      ${sql.param(retries.map((r) => r.at.toISOString()))}::timestamptz[]) as t(id, at)
    where d.id = t.id and d.state = 'failed'`);
}

/** Inserts one delivery (a 叫应 resend or escalation); nothing when the key exists. Returns whether new. */
export async function insertDelivery(
  tx: DbOrTx,
  row: {
    warningId: string;
    channel: WarningChannel;
    audience: WarningAudience;
    recipientKey: string;
    recipientName: string | null;
    address: string | null;
    townshipCode: string | null;
    villageCode: string | null;
  },
  now: Date,
): Promise<boolean> {
  const inserted = await tx
    .insert(warningDeliveries)
    .values({ ...row, state: 'queued', nextAttemptAt: now, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning({ id: warningDeliveries.id });
  return inserted.length > 0;
}

// ---- progress and lists ----

export interface StateCountRow {
  townshipCode: string | null;
  audience: WarningAudience;
  channel: WarningChannel;
  state: DeliveryState;
  n: number;
}

export async function countByState(db: DbOrTx, warningId: string): Promise<StateCountRow[]> {
  const rows = await db
    .select({
      townshipCode: warningDeliveries.townshipCode,
      audience: warningDeliveries.audience,
      channel: warningDeliveries.channel,
      state: warningDeliveries.state,
      n: count(),
    })
    .from(warningDeliveries)
    .where(eq(warningDeliveries.warningId, warningId))
    .groupBy(
      warningDeliveries.townshipCode,
      warningDeliveries.audience,
      warningDeliveries.channel,
      warningDeliveries.state,
    );
  return rows.map((r) => ({
    townshipCode: r.townshipCode,
    audience: r.audience as WarningAudience,
    channel: r.channel as WarningChannel,
    state: r.state as DeliveryState,
    n: Number(r.n),
  }));
}

/** Deliveries of a message sent since `since`, and the first of those sends (null: none). */
export async function countSentSince(
  db: DbOrTx,
  warningId: string,
  since: Date,
): Promise<{ n: number; first: Date | null }> {
  const result: unknown = await db.execute(sql`
    select count(*)::int as n, min(sent_at) as first from warning_deliveries
    where warning_id = ${warningId}::uuid and sent_at >= ${since}::timestamptz`);
  const r = rowsOf<{ n: number; first: Date | string | null }>(result)[0];
  return { n: Number(r?.n ?? 0), first: toDate(r?.first ?? null) };
}

export type DeliveryRecord = typeof warningDeliveries.$inferSelect;

export async function findDeliveries(
  db: DbOrTx,
  warningId: string,
  f: {
    township?: string | undefined;
    village?: string | undefined;
    channel?: string | undefined;
    audience?: string | undefined;
    state?: string | undefined;
    page: number;
    pageSize: number;
  },
): Promise<{ items: DeliveryRecord[]; total: number }> {
  const where: SQL[] = [eq(warningDeliveries.warningId, warningId)];
  if (f.township) where.push(eq(warningDeliveries.townshipCode, f.township));
  if (f.village) where.push(eq(warningDeliveries.villageCode, f.village));
  if (f.channel) where.push(eq(warningDeliveries.channel, f.channel));
  if (f.audience) where.push(eq(warningDeliveries.audience, f.audience));
  if (f.state) where.push(eq(warningDeliveries.state, f.state));
  const cond = and(...where);
  const [total] = await db.select({ n: count() }).from(warningDeliveries).where(cond);
  const items = await db
    .select()
    .from(warningDeliveries)
    .where(cond)
    .orderBy(asc(warningDeliveries.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function getDeliveryById(db: DbOrTx, id: number): Promise<DeliveryRecord | null> {
  const [row] = await db.select().from(warningDeliveries).where(eq(warningDeliveries.id, id));
  return row ?? null;
}

/** A user's in-app deliveries, newest first. */
export async function findUserAppDeliveries(
  db: DbOrTx,
  userId: string,
  limit: number,
): Promise<{ delivery: DeliveryRecord; warning: DisseminatedWarning }[]> {
  return db
    .select({ delivery: warningDeliveries, warning: warnings })
    .from(warningDeliveries)
    .innerJoin(warnings, eq(warnings.id, warningDeliveries.warningId))
    .where(
      and(
        eq(warningDeliveries.channel, 'app'),
        sql`${warningDeliveries.recipientKey} like ${`user:${userId}%`}`,
        sql`${warningDeliveries.state} in ('sent', 'delivered')`,
      ),
    )
    .orderBy(desc(warningDeliveries.id))
    .limit(limit);
}

export async function markDelivered(db: DbOrTx, id: number, now: Date): Promise<void> {
  await db
    .update(warningDeliveries)
    .set({ state: 'delivered', deliveredAt: now, updatedAt: now })
    .where(and(eq(warningDeliveries.id, id), sql`${warningDeliveries.state} in ('sending', 'sent')`));
}

// ---- 叫应 calls ----

export type CallRecord = typeof warningCalls.$inferSelect;

/** Unanswered calls whose next step is due, locked for this scheduler run. */
export async function findDueCalls(db: DbOrTx, now: Date, limit: number): Promise<CallRecord[]> {
  return db
    .select()
    .from(warningCalls)
    .where(
      and(
        isNull(warningCalls.answeredAt),
        sql`${warningCalls.dueAt} is not null and ${warningCalls.dueAt} <= ${now}::timestamptz`,
      ),
    )
    .orderBy(asc(warningCalls.dueAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function updateCall(
  db: DbOrTx,
  id: string,
  set: Partial<Pick<CallRecord, 'step' | 'stepAt' | 'dueAt' | 'answeredAt' | 'answerChannel' | 'answerNote'>>,
): Promise<void> {
  await db.update(warningCalls).set(set).where(eq(warningCalls.id, id));
}

/** The first send of a call's person (the schedule counts from it), or null when not sent yet. */
export async function firstSentAt(db: DbOrTx, warningId: string, recipientKey: string): Promise<Date | null> {
  const result: unknown = await db.execute(sql`
    select min(sent_at) as at from warning_deliveries
    where warning_id = ${warningId}::uuid and recipient_key = ${recipientKey}`);
  return toDate(rowsOf<{ at: Date | string | null }>(result)[0]?.at ?? null);
}

export async function countResends(db: DbOrTx, warningId: string, recipientKey: string): Promise<number> {
  const result: unknown = await db.execute(sql`
    select count(distinct recipient_key)::int as n from warning_deliveries
    where warning_id = ${warningId}::uuid and recipient_key like ${`${recipientKey}#resend%`}`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

export async function getCallById(db: DbOrTx, id: string): Promise<CallRecord | null> {
  const [row] = await db.select().from(warningCalls).where(eq(warningCalls.id, id));
  return row ?? null;
}

export async function getCallByTokenHash(db: DbOrTx, hash: string): Promise<CallRecord | null> {
  const [row] = await db.select().from(warningCalls).where(eq(warningCalls.tokenHash, hash));
  return row ?? null;
}

/** The newest unanswered call of a phone whose message is still in force (an SMS reply answers it). */
export async function findNewestOpenCallByPhone(
  db: DbOrTx,
  phone: string,
  now: Date,
): Promise<CallRecord | null> {
  const [row] = await db
    .select({ call: warningCalls })
    .from(warningCalls)
    .innerJoin(warnings, eq(warnings.id, warningCalls.warningId))
    .where(
      and(
        eq(warningCalls.phone, phone),
        isNull(warningCalls.answeredAt),
        isNull(warnings.cancelledAt),
        sql`${warnings.expiresAt} > ${now}::timestamptz`,
      ),
    )
    .orderBy(desc(warningCalls.createdAt))
    .limit(1);
  return row?.call ?? null;
}

/** Answers a call once: false when it was already answered. */
export async function answerCallRow(
  db: DbOrTx,
  id: string,
  at: Date,
  channel: string,
  note: string | null,
): Promise<boolean> {
  const rows = await db
    .update(warningCalls)
    .set({ answeredAt: at, answerChannel: channel, answerNote: note, dueAt: null })
    .where(and(eq(warningCalls.id, id), isNull(warningCalls.answeredAt)))
    .returning({ id: warningCalls.id });
  return rows.length > 0;
}

export async function findCalls(db: DbOrTx, warningId: string): Promise<CallRecord[]> {
  return db
    .select()
    .from(warningCalls)
    .where(eq(warningCalls.warningId, warningId))
    .orderBy(asc(warningCalls.townshipCode), asc(warningCalls.villageCode), asc(warningCalls.personName));
}

export async function findCallOfUser(
  db: DbOrTx,
  warningId: string,
  userId: string,
): Promise<CallRecord | null> {
  const [row] = await db
    .select()
    .from(warningCalls)
    .where(and(eq(warningCalls.warningId, warningId), eq(warningCalls.userId, userId)));
  return row ?? null;
}

/**
 * Of `keys` (`warningId` + the call's `recipientKey`), those whose 叫应 call has been answered, as
 * `${warningId} ${recipientKey}` (the dispatcher drops a queued resend to someone who has answered since).
 */
export async function answeredCallKeys(
  db: DbOrTx,
  keys: readonly { warningId: string; recipientKey: string }[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .select({ warningId: warningCalls.warningId, recipientKey: warningCalls.recipientKey })
    .from(warningCalls)
    .where(
      and(
        inArray(warningCalls.warningId, [...new Set(keys.map((k) => k.warningId))]),
        inArray(warningCalls.recipientKey, [...new Set(keys.map((k) => k.recipientKey))]),
        isNotNull(warningCalls.answeredAt),
      ),
    );
  return new Set(rows.map((r) => `${r.warningId} ${r.recipientKey}`));
}

/** Unanswered calls of a township (the escalation message lists them). */
export async function findUnansweredCalls(
  db: DbOrTx,
  warningId: string,
  townshipCode: string | null,
): Promise<CallRecord[]> {
  return db
    .select()
    .from(warningCalls)
    .where(
      and(
        eq(warningCalls.warningId, warningId),
        isNull(warningCalls.answeredAt),
        townshipCode ? eq(warningCalls.townshipCode, townshipCode) : undefined,
      ),
    )
    .orderBy(asc(warningCalls.villageCode), asc(warningCalls.personName));
}

/** Contacts with a leader duty in a township (叫应 escalation, step `township`). */
export async function findTownshipLeaders(
  db: DbOrTx,
  townshipCode: string,
  duties: readonly string[],
): Promise<{ id: string; name: string; phone: string }[]> {
  const result: unknown = await db.execute(sql`
    select id, name, phone from contacts
    where region_code = ${townshipCode} and duty = any(${sql.param([...duties])}::text[]) and coalesce(phone, '') <> ''
    order by duty, name`);
  return rowsOf<{ id: string; name: string; phone: string }>(result);
}

/** Enabled county duty officers (叫应 escalation, step `county`). */
export async function findDutyOfficers(
  db: DbOrTx,
  countyCode: string,
): Promise<{ id: string; name: string; phone: string | null }[]> {
  const result: unknown = await db.execute(sql`
    select id, display_name as name, phone from users
    where not disabled and 'duty_officer' = any(roles) and scope_level = 'county' and scope_region_code = ${countyCode}
    order by username`);
  return rowsOf<{ id: string; name: string; phone: string | null }>(result);
}

export async function regionNames(db: DbOrTx, codes: string[]): Promise<Map<string, string>> {
  if (!codes.length) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(sql`${regions.code} = any(${sql.param(codes)}::text[])`);
  return new Map(rows.map((r) => [r.code, r.name]));
}

// ---- the public SMS list and the loudspeakers ----

export type SubscriberRecord = typeof warningSubscribers.$inferSelect;

export async function findSubscribers(
  db: DbOrTx,
  f: { regionCodePrefix: string; q?: string | undefined; page: number; pageSize: number },
): Promise<{ items: SubscriberRecord[]; total: number }> {
  const cond = and(
    sql`${warningSubscribers.regionCode} like ${`${f.regionCodePrefix}%`}`,
    f.q
      ? sql`(${warningSubscribers.phone} like ${`%${f.q}%`} or ${warningSubscribers.name} like ${`%${f.q}%`})`
      : undefined,
  );
  const [total] = await db.select({ n: count() }).from(warningSubscribers).where(cond);
  const items = await db
    .select()
    .from(warningSubscribers)
    .where(cond)
    .orderBy(asc(warningSubscribers.regionCode), asc(warningSubscribers.id))
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items, total: total?.n ?? 0 };
}

export async function insertSubscriber(
  db: DbOrTx,
  row: { phone: string; name: string | null; regionCode: string; source: string | null },
  now: Date,
): Promise<SubscriberRecord | null> {
  const [inserted] = await db
    .insert(warningSubscribers)
    .values({ ...row, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return inserted ?? null;
}

export async function getSubscriberById(db: DbOrTx, id: number): Promise<SubscriberRecord | null> {
  const [row] = await db.select().from(warningSubscribers).where(eq(warningSubscribers.id, id));
  return row ?? null;
}

export async function deleteSubscriber(db: DbOrTx, id: number): Promise<void> {
  await db.delete(warningSubscribers).where(eq(warningSubscribers.id, id));
}

export type TerminalRecord = typeof broadcastTerminals.$inferSelect;

export async function findTerminals(db: DbOrTx, regionCodePrefix: string): Promise<TerminalRecord[]> {
  return db
    .select()
    .from(broadcastTerminals)
    .where(sql`${broadcastTerminals.regionCode} like ${`${regionCodePrefix}%`}`)
    .orderBy(asc(broadcastTerminals.regionCode));
}

/** Bulk demo/bench rows: subscribers (phone, region) and terminals, idempotent. */
export async function insertSubscribersBulk(
  db: DbOrTx,
  rows: { phone: string; name: string | null; regionCode: string; source: string; isDemo: boolean }[],
  now: Date,
): Promise<void> {
  if (!rows.length) return;
  const p = <T>(f: (r: (typeof rows)[number]) => T) => sql.param(rows.map(f));
  await db.execute(sql`
    insert into warning_subscribers (phone, name, region_code, source, is_demo, created_at)
    select t.p, t.n, t.r, t.s, t.d, ${now}::timestamptz
    from unnest(${p((r) => r.phone)}::text[], ${p((r) => r.name)}::text[], ${p((r) => r.regionCode)}::text[],
      ${p((r) => r.source)}::text[], ${p((r) => r.isDemo)}::boolean[]) as t(p, n, r, s, d)
    on conflict do nothing`);
}

export async function insertTerminalsBulk(
  db: DbOrTx,
  rows: { terminalId: string; name: string; regionCode: string; isDemo: boolean }[],
  now: Date,
): Promise<void> {
  if (!rows.length) return;
  await db
    .insert(broadcastTerminals)
    .values(rows.map((r) => ({ ...r, createdAt: now })))
    .onConflictDoNothing();
}

/** Villages among `codes` that have a contact with one of `duties` and a phone. */
export async function villagesWithResponsible(
  db: DbOrTx,
  codes: string[],
  duties: readonly string[],
): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const result: unknown = await db.execute(sql`
    select distinct region_code from contacts
    where region_code = any(${sql.param(codes)}::text[]) and duty = any(${sql.param([...duties])}::text[])
      and coalesce(phone, '') <> ''`);
  return new Set(rowsOf<{ region_code: string }>(result).map((r) => r.region_code));
}
