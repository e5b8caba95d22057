/**
 * The sender of the command SMS notices (issue #6; table `command_notices`): the rows are written in the
 * transaction of the change that causes them (activation 叫应, ladder step, deadline firing, nil-report chase,
 * task dispatch, situation report); this loop claims the due ones (SKIP LOCKED, `sending` committed before the
 * gateway is called), sends each through the warnings' SMS gateway adapter (`sendSms`, same SMS_GATEWAY_URL /
 * GATEWAY_SECRET; the demo gateway simulator in demo mode) under the idempotency key `cmd:<id>`, and records
 * `sent` + receipt, or `failed` with the next attempt of the dissemination retry policy (DELIVERY_MAX_ATTEMPTS,
 * DELIVERY_RETRY_BASE_MS…; none left or a permanent error: given up). A resend or escalation whose 叫应 has been
 * answered meanwhile is `skipped`; with no SMS gateway configured every notice is `skipped` with the reason (nothing is
 * pretended sent). At start-up rows left `sending` by a killed process go back to the queue (same key: the
 * gateway sends nothing twice). Receipts for `cmd:` keys are not tracked (the gateway's acceptance is `sent`).
 */
import { nextAttemptAt } from '@ningan/domain';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { Db } from '../db/client.ts';
import { publicBaseUrl } from '../dissemination/context.ts';
import { sendSms, type SmsGatewayOptions } from '../dissemination/channels/sms.ts';
import type { SendResult } from '../dissemination/channels/types.ts';
import {
  answeredAcks,
  claimDueNotices,
  nextNoticeDue,
  recordNoticeOutcome,
  requeueSendingNotices,
  type NoticeOutcome,
} from '../repositories/command-notices.repository.ts';
import type { Clock } from '../services/context.ts';

export interface NoticeSenderDeps {
  db: Db;
  clock: Clock;
  config: Config;
  log: Logger;
  /** The SMS gateway's shared secret (services.dissemination.gatewaySecret()). */
  gatewaySecret: string;
  /** The SMS gateway URL when not the configured one (the demo gateway simulator's `/sms`). */
  smsUrl?: string | null;
}

export interface NoticeSendRun {
  claimed: number;
  sent: number;
  failed: number;
  skipped: number;
}

const BATCH = 50;

function gatewayOf(deps: NoticeSenderDeps): SmsGatewayOptions | null {
  const d = deps.config.dissemination;
  const url = deps.smsUrl ?? d.smsGatewayUrl;
  if (!url) return null;
  return {
    url,
    secret: deps.gatewaySecret,
    callbackUrl: `${publicBaseUrl(deps.config)}/api/v1/gateway/receipts`,
    timeoutMs: d.gatewayTimeoutMs,
  };
}

/** One batch: claim (committed), send, record. */
export async function runNoticeSenderOnce(deps: NoticeSenderDeps, limit = BATCH): Promise<NoticeSendRun> {
  const { db, clock, config } = deps;
  const rows = await claimDueNotices(db, limit, clock());
  const run: NoticeSendRun = { claimed: rows.length, sent: 0, failed: 0, skipped: 0 };
  if (!rows.length) return run;
  const gateway = gatewayOf(deps);
  const answered = await answeredAcks(db, [
    ...new Set(rows.map((r) => r.ackId).filter((id): id is string => !!id)),
  ]);
  const queue = [...rows];
  const worker = async () => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      let outcome: NoticeOutcome;
      // A resend or an escalation is moot once the person has answered; the activation notice itself (the
      // news that the plan is activated) still goes out.
      if (row.kind !== 'activation' && row.ackId && answered.has(row.ackId)) {
        outcome = { id: row.id, state: 'skipped', error: '已应答，未发送', at: clock() };
      } else if (!gateway) {
        outcome = { id: row.id, state: 'skipped', error: '未配置短信网关（SMS_GATEWAY_URL）', at: clock() };
      } else {
        let r: SendResult;
        try {
          r = await sendSms(gateway, { key: `cmd:${row.id}`, to: row.phone, text: row.text });
        } catch (err) {
          r = { outcome: 'failed', error: (err as Error).message };
        }
        const at = clock();
        outcome =
          r.outcome === 'failed'
            ? {
                id: row.id,
                state: 'failed',
                error: r.error.slice(0, 500),
                nextAttemptAt: r.permanent
                  ? null
                  : nextAttemptAt(row.attempts, at, config.dissemination.retry),
                at,
              }
            : { id: row.id, state: 'sent', receiptId: r.receiptId, at };
      }
      run[outcome.state] += 1;
      await recordNoticeOutcome(db, outcome);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(config.dissemination.concurrency, rows.length) }, () => worker()),
  );
  return run;
}

export interface NoticeSender {
  /** Sends what is due now (tests, and a nudge after a change). */
  runOnce(): Promise<NoticeSendRun>;
  stop(): Promise<void>;
}

/**
 * Starts the loop: re-queues rows left `sending`, then sends what is due and sleeps until the next due row
 * (at most the dissemination poll interval, so rows written by a transaction just now are picked up soon).
 */
export async function startNoticeSender(deps: NoticeSenderDeps): Promise<NoticeSender> {
  const requeued = await requeueSendingNotices(deps.db, deps.clock());
  if (requeued) deps.log.info({ requeued }, 'command notices left sending re-queued (same idempotency key)');
  const pollMs = deps.config.dissemination.pollMs;
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let sleep = pollMs;
      try {
        const r = await runNoticeSenderOnce(deps);
        if (r.claimed >= BATCH) sleep = 0;
        else {
          const next = await nextNoticeDue(deps.db);
          if (next) sleep = Math.max(0, Math.min(pollMs, next.getTime() - deps.clock().getTime()));
        }
      } catch (err) {
        deps.log.error({ err }, 'command notice sender failed');
      }
      if (stopped) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, sleep);
        t.unref();
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    runOnce: () => runNoticeSenderOnce(deps),
    async stop() {
      stopped = true;
      wake?.();
      await loop;
    },
  };
}
