/**
 * SQL of the command SMS notices (issue #6; `command_notices`): the outbox rows written with the change that
 * causes them, claimed by the notice sender (command/notice-sender.ts), and the people they go to — county duty
 * officers, the leader on duty, a township's duty people — looked up the way the warnings' 叫应 escalation does.
 */
import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { commandNotices, incidentAcks, users } from '../db/schema/index.ts';
import { currentShift } from './duty.repository.ts';
import { findDutyOfficers, findTownshipLeaders } from './warning-deliveries.repository.ts';
import { TOWNSHIP_LEADER_DUTIES } from './warning-recipients.repository.ts';

export type NoticeRow = typeof commandNotices.$inferSelect;
export type NoticeKind =
  | 'activation'
  | 'ack_resend'
  | 'ack_escalation'
  | 'deadline_overdue'
  | 'deadline_warn'
  | 'nil_chase'
  | 'task'
  | 'sitrep';

/** One person to text. */
export interface NoticeRecipient {
  key: string;
  name: string;
  phone: string;
}

export interface NewNotice {
  incidentId: string | null;
  kind: NoticeKind;
  ref: string;
  ackId?: string | null;
  recipient: NoticeRecipient;
  text: string;
}

/** A mainland mobile number (1[3-9]xxxxxxxxx, optionally +86): an office landline gets no SMS. */
export const isTextablePhone = (p: string | null | undefined): p is string =>
  !!p && /^(\+?86)?1[3-9]\d{9}$/.test(p.replace(/[\s-]/g, ''));

/** Recipients de-duplicated by phone (one SMS per handset), those without a usable phone dropped. */
export function uniqueRecipients(list: (NoticeRecipient | null)[]): NoticeRecipient[] {
  const seen = new Set<string>();
  const out: NoticeRecipient[] = [];
  for (const r of list) {
    if (!r || !isTextablePhone(r.phone)) continue;
    const phone = r.phone.replace(/[\s-]/g, '');
    if (seen.has(phone)) continue;
    seen.add(phone);
    out.push({ ...r, phone });
  }
  return out;
}

/**
 * Queues notices (state `queued`, due now); an existing (kind, ref, recipient) is left alone. The rows written.
 */
export async function insertNotices(tx: DbOrTx, rows: NewNotice[], now: Date): Promise<NoticeRow[]> {
  if (!rows.length) return [];
  return tx
    .insert(commandNotices)
    .values(
      rows.map((r) => ({
        incidentId: r.incidentId,
        kind: r.kind,
        ref: r.ref,
        ackId: r.ackId ?? null,
        recipientKey: r.recipient.key,
        recipientName: r.recipient.name,
        phone: r.recipient.phone,
        text: r.text,
        state: 'queued',
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
    .onConflictDoNothing()
    .returning();
}

/**
 * Claims up to `limit` due rows (queued, or failed with a retry due): `sending`, attempts + 1, committed by the
 * caller before the gateway is called. SKIP LOCKED: two senders never take one row.
 */
export async function claimDueNotices(db: DbOrTx, limit: number, now: Date): Promise<NoticeRow[]> {
  const result: unknown = await db.execute(sql`
    with c as (
      select id from command_notices
      where state in ('queued', 'failed') and next_attempt_at is not null and next_attempt_at <= ${now}::timestamptz
      order by next_attempt_at, created_at
      limit ${limit}
      for update skip locked)
    update command_notices n set state = 'sending', attempts = n.attempts + 1, next_attempt_at = null
    from c where n.id = c.id
    returning n.id`);
  const ids = (result as { rows: { id: string }[] }).rows.map((r) => r.id);
  if (!ids.length) return [];
  return db
    .select()
    .from(commandNotices)
    .where(inArray(commandNotices.id, ids))
    .orderBy(asc(commandNotices.createdAt));
}

export interface NoticeOutcome {
  id: string;
  state: 'sent' | 'failed' | 'skipped';
  receiptId?: string | null;
  error?: string | null;
  /** For `failed`: the next attempt, or null (given up). */
  nextAttemptAt?: Date | null;
  at: Date;
}

export async function recordNoticeOutcome(db: DbOrTx, o: NoticeOutcome): Promise<void> {
  await db
    .update(commandNotices)
    .set({
      state: o.state,
      receiptId: o.receiptId ?? null,
      lastError: o.error ?? null,
      nextAttemptAt: o.state === 'failed' ? (o.nextAttemptAt ?? null) : null,
      ...(o.state === 'sent' ? { sentAt: o.at } : {}),
    })
    .where(eq(commandNotices.id, o.id));
}

/** Rows left `sending` (a killed sender) back to the queue: sent again with the same idempotency key. */
export async function requeueSendingNotices(db: DbOrTx, now: Date): Promise<number> {
  const rows = await db
    .update(commandNotices)
    .set({ state: 'queued', nextAttemptAt: now })
    .where(eq(commandNotices.state, 'sending'))
    .returning({ id: commandNotices.id });
  return rows.length;
}

/** The earliest due row (the sender's next wake-up), or null. */
export async function nextNoticeDue(db: DbOrTx): Promise<Date | null> {
  const [r] = await db
    .select({ at: sql<Date | string | null>`min(${commandNotices.nextAttemptAt})` })
    .from(commandNotices)
    .where(and(inArray(commandNotices.state, ['queued', 'failed']), isNotNull(commandNotices.nextAttemptAt)));
  return r?.at ? new Date(r.at) : null;
}

export async function noticesOfIncident(db: DbOrTx, incidentId: string): Promise<NoticeRow[]> {
  return db
    .select()
    .from(commandNotices)
    .where(eq(commandNotices.incidentId, incidentId))
    .orderBy(asc(commandNotices.createdAt), asc(commandNotices.recipientName));
}

/** Of `ackIds`, those already answered (their pending SMS are not sent). */
export async function answeredAcks(db: DbOrTx, ackIds: string[]): Promise<Set<string>> {
  if (!ackIds.length) return new Set();
  const rows = await db
    .select({ id: incidentAcks.id })
    .from(incidentAcks)
    .where(and(inArray(incidentAcks.id, ackIds), isNotNull(incidentAcks.answeredAt)));
  return new Set(rows.map((r) => r.id));
}

/** Phones of accounts (for people named by account only: a decider, a roster entry without a phone). */
export async function phonesOfUsers(
  db: DbOrTx,
  ids: string[],
): Promise<Map<string, { name: string; phone: string | null }>> {
  if (!ids.length) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.displayName, phone: users.phone })
    .from(users)
    .where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, { name: r.name, phone: r.phone }]));
}

interface DutyPersonJson {
  userId?: string | null;
  name?: string;
  phone?: string | null;
}

/** The people of the shift of `regionCode` running at `at` (leader first), with a phone from the account. */
async function shiftPeople(
  db: DbOrTx,
  regionCode: string,
  at: Date,
  which: 'leader' | 'all',
): Promise<NoticeRecipient[]> {
  const shift = await currentShift(db, regionCode, at);
  if (!shift) return [];
  const people = [
    shift.leader as DutyPersonJson,
    ...(which === 'all' ? ((shift.officers as DutyPersonJson[] | null) ?? []) : []),
  ];
  const accounts = await phonesOfUsers(
    db,
    people.map((p) => p.userId).filter((id): id is string => !!id),
  );
  return people.map((p) => {
    const phone = p.phone || (p.userId ? accounts.get(p.userId)?.phone : null) || '';
    return {
      key: p.userId ? `user:${p.userId}` : `phone:${phone}`,
      name: p.name ?? (p.userId ? (accounts.get(p.userId)?.name ?? '') : ''),
      phone,
    };
  });
}

/** 超时升级: the county duty officers and the leader on duty of the county's current shift. */
export async function overdueRecipients(
  db: DbOrTx,
  countyCode: string,
  now: Date,
): Promise<NoticeRecipient[]> {
  const officers = await findDutyOfficers(db, countyCode);
  return uniqueRecipients([
    ...(await shiftPeople(db, countyCode, now, 'leader')),
    ...officers.map((o) => ({ key: `user:${o.id}`, name: o.name, phone: o.phone ?? '' })),
  ]);
}

/** 到期提醒: the people on the county's current shift; with no roster, the county duty officers. */
export async function warnRecipients(db: DbOrTx, countyCode: string, now: Date): Promise<NoticeRecipient[]> {
  const onShift = uniqueRecipients(await shiftPeople(db, countyCode, now, 'all'));
  if (onShift.length) return onShift;
  return uniqueRecipients(
    (await findDutyOfficers(db, countyCode)).map((o) => ({
      key: `user:${o.id}`,
      name: o.name,
      phone: o.phone ?? '',
    })),
  );
}

/**
 * 报平安催报: the township's people on duty now (its roster); with none, its leaders in the contacts directory
 * (乡镇主要负责人 / 应急办, as the warnings' 叫应 escalation).
 */
export async function townshipDutyRecipients(
  db: DbOrTx,
  townshipCode: string,
  now: Date,
): Promise<NoticeRecipient[]> {
  const onShift = uniqueRecipients(await shiftPeople(db, townshipCode, now, 'all'));
  if (onShift.length) return onShift;
  return uniqueRecipients(
    (await findTownshipLeaders(db, townshipCode, TOWNSHIP_LEADER_DUTIES)).map((c) => ({
      key: `contact:${c.id}`,
      name: c.name,
      phone: c.phone,
    })),
  );
}
