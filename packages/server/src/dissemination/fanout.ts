/**
 * Fan-out (issue #5 part 5): consumes the `warning.published` outbox rows that the sign-off wrote in its
 * own transaction and expands each message into its delivery rows (and 叫应 calls), one township per
 * transaction with set-based `INSERT … SELECT … ON CONFLICT DO NOTHING`. The public's SMS numbers are not
 * rows: one statement freezes them as recipient sets (one per village, de-duplicated by phone across the
 * message), in the transaction that marks the outbox row delivered — the dispatcher materialises them a
 * slice at a time (ADR 0009: 500,000 rows at sign-off cannot meet the 10 s target). A re-run after a crash
 * adds nothing twice; one audit row per fan-out (system actor). A Cancel or an Update first stops the
 * chain's earlier deliveries still queued and their recipient sets.
 */
import { sql } from 'drizzle-orm';
import { audit } from '../services/context.ts';
import {
  countDeliveriesOf,
  findPendingPublications,
  getWarning,
  markOutboxDelivered,
  markOutboxFailed,
  stopEarlierOfChain,
  type OutboxItem,
} from '../repositories/warning-deliveries.repository.ts';
import {
  expandChunk,
  expansionChunks,
  findResponsibleWithoutCall,
  insertCalls,
  insertRecipientSets,
  type ExpansionInput,
} from '../repositories/warning-recipients.repository.ts';
import type { WarningAudience, WarningChannel } from '@ningan/domain';
import { callTokenSecret, DISSEMINATION_ACTOR, type DisseminationDeps } from './context.ts';

interface Targets {
  townshipCodes?: string[];
  villageCodes?: string[];
}

export interface FanoutResult {
  warningId: string;
  recipients: number;
  stopped: number;
  ms: number;
}

/** Expands the pending publications (oldest first); what each one produced. */
export async function runFanoutOnce(deps: DisseminationDeps, limit = 5): Promise<FanoutResult[]> {
  const items = await findPendingPublications(deps.db, limit);
  const out: FanoutResult[] = [];
  for (const item of items) {
    try {
      const r = await fanoutOne(deps, item);
      if (r) out.push(r);
    } catch (err) {
      deps.log.error({ err, warningId: item.key }, 'warning fan-out failed; retried on the next poll');
      await markOutboxFailed(deps.db, item.id, (err as Error).message);
    }
  }
  return out;
}

async function fanoutOne(deps: DisseminationDeps, item: OutboxItem): Promise<FanoutResult | null> {
  const { db, clock, config } = deps;
  const started = performance.now();
  const w = await getWarning(db, item.key);
  const now = clock();
  if (!w || w.state !== 'published') {
    // Nothing to send (deleted, or not published): close the row so it is not retried forever.
    await db.transaction(async (tx) => {
      await markOutboxDelivered(tx, item.id, now);
      await audit(
        tx,
        DISSEMINATION_ACTOR,
        {
          action: 'warning.fanout',
          entityType: 'warning',
          entityId: item.key,
          regionCode: w?.regionCode ?? config.regionCode,
          outcome: 'failure',
          details: { reason: w ? `预警状态为 ${w.state}，未分发` : '预警不存在' },
        },
        now,
      );
    });
    return null;
  }
  let stopped = 0;
  if (w.msgType !== 'Alert')
    stopped = await db.transaction((tx) =>
      stopEarlierOfChain(
        tx,
        w.chainId,
        w.id,
        w.msgType === 'Cancel' ? '预警已解除（Cancel），未发送' : '已被更新预警（Update）取代，未发送',
        now,
      ),
    );
  const targets = (w.targets ?? {}) as Targets;
  const q: ExpansionInput = {
    warningId: w.id,
    capStatus: w.capStatus,
    hazard: w.hazard,
    townshipCodes: targets.townshipCodes ?? [],
    villageCodes: targets.villageCodes ?? [],
    audiences: w.audiences as WarningAudience[],
    channels: w.channels as WarningChannel[],
    emails: config.dissemination.emailRecipients,
    webhooks: config.dissemination.webhooks,
  };
  const secret = await callTokenSecret(db, config);
  // The first resend is due answerMinutes after sign-off; the scheduler re-bases on the first send.
  const firstDue = new Date(now.getTime() + config.dissemination.calls.answerMinutes * 60_000);
  for (const codes of expansionChunks(q))
    await db.transaction(async (tx) => {
      await expandChunk(tx, q, codes, now);
      // 叫应 for the responsible persons of this chunk (not for a Cancel: nothing to act on).
      if (codes && w.msgType !== 'Cancel')
        await insertCalls(
          tx,
          w.id,
          await findResponsibleWithoutCall(tx, w.id, codes[0]!),
          secret,
          now,
          firstDue,
        );
    });
  const recipients = await db.transaction(async (tx) => {
    await insertRecipientSets(tx, q, now);
    const n = await countDeliveriesOf(tx, w.id);
    await markOutboxDelivered(tx, item.id, clock());
    await audit(
      tx,
      DISSEMINATION_ACTOR,
      {
        action: 'warning.fanout',
        entityType: 'warning',
        entityId: w.id,
        regionCode: w.regionCode,
        details: {
          identifier: w.identifier,
          msgType: w.msgType,
          recipients: n,
          stoppedEarlier: stopped,
          ms: Math.round(performance.now() - started),
        },
      },
      clock(),
    );
    return n;
  });
  deps.events.broadcast(
    'warning',
    { warningId: w.id, change: w.msgType === 'Cancel' ? 'cancelled' : 'published' },
    w.regionCode,
  );
  return { warningId: w.id, recipients, stopped, ms: Math.round(performance.now() - started) };
}

/** Whether a message's fan-out is pending, running (rows exist, outbox not done) or done. */
export async function fanoutState(deps: Pick<DisseminationDeps, 'db'>, warningId: string) {
  const result: unknown = await deps.db.execute(sql`
    select
      (select count(*)::int from outbox where topic = 'warning.published' and key = ${warningId}) as rows,
      (select count(*)::int from outbox where topic = 'warning.published' and key = ${warningId} and delivered_at is null) as pending`);
  const r = (result as { rows: { rows: number; pending: number }[] }).rows[0];
  return { rows: Number(r?.rows ?? 0), pending: Number(r?.pending ?? 0) };
}
