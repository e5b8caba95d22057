/**
 * The dispatcher (issue #5 part 5): claims due delivery rows of one channel in batches, marks them
 * `sending` and commits BEFORE calling the gateway with idempotency key = delivery id, then records `sent`
 * + receipt id, or `failed` + the next attempt from the retry policy (none: given up). Before every send:
 * `sendDecision` (expired, cancelled, superseded) — such rows become `expired`/`cancelled` unsent. Paced
 * per channel at `DELIVERY_RATE_PER_SECOND`.
 *
 * Recipient sets (the public's SMS numbers frozen at fan-out): when the due rows leave room in the batch,
 * the next slice of the oldest open set is materialised — rows `sending` (attempt 1) and the set's cursor
 * advanced in ONE transaction, committed before the gateway is called — and sent exactly like claimed rows.
 * A set whose message is no longer in force (`sendDecision`) is stopped instead.
 *
 * Crash safety: a row left `sending` by a killed process is re-queued at start-up and sent again with the
 * same key; the gateway contract (and the simulator) answers a known key with the first receipt and sends
 * nothing, so nobody gets the same message twice on the same channel.
 */
import { nextAttemptAt, sendDecision, type WarningChannel } from '@ningan/domain';
import {
  answeredCallKeys,
  claimDue,
  findUnansweredCalls,
  getWarning,
  getWarnings,
  lockOpenSet,
  materialiseSlice,
  recordOutcomes,
  regionNames,
  stopRecipientSet,
  type DeliveryOutcome,
  type DeliveryRow,
  type DisseminatedWarning,
} from '../repositories/warning-deliveries.repository.ts';
import { callTokenOf } from '../repositories/warning-recipients.repository.ts';
import type { ChannelAdapter, SendResult } from './channels/types.ts';
import { callTokenSecret, publicBaseUrl, type DisseminationDeps } from './context.ts';
import { escalationText, warningText } from './messages.ts';

/** Paces sends to `rate` per second (a slot every 1000/rate ms). */
export class Pacer {
  private next = 0;
  constructor(private readonly rate: number) {}
  async take(): Promise<void> {
    const now = performance.now();
    const slot = Math.max(this.next, now);
    this.next = slot + 1000 / this.rate;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  }
}

/** Channels whose recipients can be frozen as recipient sets at fan-out. */
const SET_CHANNELS: ReadonlySet<WarningChannel> = new Set(['sms']);

/** Sets looked at per batch at most (stopped ones included): bounds one batch's work. */
const SETS_PER_BATCH = 20;

/**
 * Rows per batch when not given: at least half a second of sending at the configured rate (a batch's
 * fixed cost — claim, materialise, record — is paid ~2× a second, not 10×), at most 2 s of it (claimed
 * rows wait `sending` for their slot) and 5,000.
 */
export function batchSizeOf(d: { batchSize: number; ratePerSecond: number }, limit?: number): number {
  if (limit !== undefined) return Math.max(1, Math.min(limit, d.ratePerSecond * 2));
  return Math.max(
    1,
    Math.min(Math.max(d.batchSize, Math.ceil(d.ratePerSecond / 2)), d.ratePerSecond * 2, 5000),
  );
}

/** The 叫应 call a resend delivery (`<key>#resendN`) repeats, or null for any other delivery. */
function resentCallKey(row: DeliveryRow): string | null {
  const [base, suffix] = row.recipientKey.split('#', 2);
  return suffix?.startsWith('resend') ? base! : null;
}

export interface DispatchResult {
  claimed: number;
  /** Of `claimed`: rows materialised from recipient sets in this batch. */
  materialised: number;
  sent: number;
  failed: number;
  skipped: number;
  warnings: string[];
}

export class Dispatcher {
  private readonly pacers = new Map<WarningChannel, Pacer>();
  private secret: string | null = null;

  constructor(
    private readonly deps: DisseminationDeps,
    private readonly adapters: ReadonlyMap<WarningChannel, ChannelAdapter>,
  ) {}

  private pacer(channel: WarningChannel): Pacer {
    let p = this.pacers.get(channel);
    if (!p) {
      p = new Pacer(this.deps.config.dissemination.ratePerSecond);
      this.pacers.set(channel, p);
    }
    return p;
  }

  /** One batch of `channel`: claim (committed), decide, send, record. */
  async dispatchOnce(channel: WarningChannel, limit?: number): Promise<DispatchResult> {
    const { db, clock, config } = this.deps;
    const d = config.dissemination;
    const batch = batchSizeOf(d, limit);
    const rows = await claimDue(db, channel, batch, clock());
    const fromSets = SET_CHANNELS.has(channel) ? await this.materialise(channel, batch - rows.length) : [];
    rows.push(...fromSets);
    const result: DispatchResult = {
      claimed: rows.length,
      materialised: fromSets.length,
      sent: 0,
      failed: 0,
      skipped: 0,
      warnings: [],
    };
    if (!rows.length) return result;
    const warnings = new Map(
      (await getWarnings(db, [...new Set(rows.map((r) => r.warningId))])).map((w) => [w.id, w]),
    );
    result.warnings = [...warnings.keys()];
    this.secret ??= await callTokenSecret(db, config);
    // A 叫应 resend queued for someone who has answered since is not sent.
    const answered = await answeredCallKeys(
      db,
      rows.flatMap((r) => {
        const callKey = resentCallKey(r);
        return callKey === null ? [] : [{ warningId: r.warningId, recipientKey: callKey }];
      }),
    );
    const adapter = this.adapters.get(channel);
    const outcomes: DeliveryOutcome[] = [];
    const queue = [...rows];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        const w = warnings.get(row.warningId);
        const decision = !w
          ? 'cancelled'
          : w.state !== 'published'
            ? 'cancelled'
            : sendDecision({
                expires: w.expiresAt,
                cancelledAt: w.cancelledAt,
                supersededAt: w.supersededAt,
                now: clock(),
              });
        if (!w || decision !== 'send') {
          result.skipped += 1;
          outcomes.push({
            id: row.id,
            state: decision === 'expired' ? 'expired' : 'cancelled',
            error: decision === 'expired' ? '预警已过期，未发送' : '预警已撤销或被更新取代，未发送',
          });
          continue;
        }
        const callKey = resentCallKey(row);
        if (callKey !== null && answered.has(`${row.warningId} ${callKey}`)) {
          result.skipped += 1;
          outcomes.push({ id: row.id, state: 'skipped', error: '已应答，不再重发' });
          continue;
        }
        let sent: SendResult;
        try {
          const text = await this.textOf(row, w);
          if (text === null) {
            result.skipped += 1;
            outcomes.push({ id: row.id, state: 'skipped', error: '叫应均已应答，不再上报' });
            continue;
          }
          await this.pacer(channel).take();
          sent = adapter
            ? await adapter.send({ delivery: row, warning: w, text })
            : { outcome: 'failed', error: `未配置${channel}通道`, permanent: true };
        } catch (err) {
          sent = { outcome: 'failed', error: (err as Error).message };
        }
        if (sent.outcome === 'failed') {
          result.failed += 1;
          const next = sent.permanent ? null : nextAttemptAt(row.attempts, clock(), d.retry);
          outcomes.push({
            id: row.id,
            state: 'failed',
            error: sent.error.slice(0, 500),
            nextAttemptAt: next,
          });
        } else {
          result.sent += 1;
          outcomes.push({ id: row.id, state: sent.outcome, receiptId: sent.receiptId, at: clock() });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(d.concurrency, rows.length) }, () => worker()));
    await recordOutcomes(db, outcomes, clock());
    return result;
  }

  /**
   * Up to `room` rows from the open recipient sets of `channel`, oldest set first: each slice is one
   * transaction (lock the set, check its message, insert the rows `sending`, advance the cursor, commit).
   */
  async materialise(channel: WarningChannel, room: number): Promise<DeliveryRow[]> {
    const { db, clock } = this.deps;
    const out: DeliveryRow[] = [];
    for (let i = 0; i < SETS_PER_BATCH && out.length < room; i++) {
      const slice = await db.transaction(async (tx) => {
        const set = await lockOpenSet(tx, channel);
        if (!set) return null;
        const now = clock();
        const w = await getWarning(tx, set.warningId);
        const decision =
          !w || w.state !== 'published'
            ? 'cancelled'
            : sendDecision({
                expires: w.expiresAt,
                cancelledAt: w.cancelledAt,
                supersededAt: w.supersededAt,
                now,
              });
        if (decision !== 'send') {
          await stopRecipientSet(
            tx,
            set.id,
            decision === 'expired' ? '预警已过期，未发送' : '预警已撤销或被更新取代，未发送',
            now,
          );
          return [];
        }
        return materialiseSlice(tx, set, room - out.length, now);
      });
      if (!slice) break;
      out.push(...slice);
    }
    return out;
  }

  /**
   * The text of one delivery: the warning, the answer link for a 叫应 person, or an escalation (null when
   * everyone it would name has answered since it was queued).
   */
  private async textOf(row: DeliveryRow, w: DisseminatedWarning): Promise<string | null> {
    const issuer = this.deps.config.warnings.issuerName;
    const [base, suffix] = row.recipientKey.split('#', 2) as [string, string | undefined];
    if (suffix === 'township-escalation' || suffix === 'county-escalation') {
      const step = suffix === 'township-escalation' ? 'township' : 'county';
      const calls = await findUnansweredCalls(
        this.deps.db,
        w.id,
        step === 'township' ? row.townshipCode : null,
      );
      if (calls.length === 0) return null;
      const names = await regionNames(this.deps.db, [
        ...new Set(calls.map((c) => c.villageCode ?? c.townshipCode).filter((c): c is string => !!c)),
      ]);
      return escalationText(w, {
        issuer,
        step,
        unanswered: calls.map((c) => ({
          name: c.personName,
          place: names.get(c.villageCode ?? c.townshipCode ?? '') ?? null,
        })),
      });
    }
    const isCall =
      row.audience === 'responsible' && w.msgType !== 'Cancel' && (!suffix || suffix.startsWith('resend'));
    const link = isCall
      ? `${publicBaseUrl(this.deps.config)}/ack/${callTokenOf(this.secret ?? '', w.id, base)}`
      : null;
    return warningText(w, { issuer, answerLink: row.channel === 'app' ? null : link, resend: !!suffix });
  }
}
