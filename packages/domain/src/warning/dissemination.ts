/**
 * Dissemination policy (issue #5 part 5): channels, audiences, which deliveries may go out at all, the
 * deduplication key, retries with backoff and the last check before every send. The outbox worker in the
 * server applies these; they are pure so every rule is tested here.
 *
 * - Only a CAP `status=Actual` message reaches the public: Test, Exercise, System and Draft messages go to
 *   named responsible persons, departments and enterprises only (CAP 1.2 §3.2.1 status; issue #5 part 5).
 *   A delivery is public when its audience is 社会公众 or its channel is the village loudspeaker (大喇叭),
 *   which everyone in earshot hears whoever it is addressed to.
 * - One delivery per (message, recipient, channel): `deliveryKey` is the natural key.
 * - Expiry, cancellation and supersession are checked before every send (`sendDecision`).
 * - The retry schedule is configuration: `DEFAULT_RETRY_POLICY` (5 attempts, 30 s doubling, at most 10 min)
 *   is ours, not from a standard.
 */
import { z } from 'zod';
import type { CapStatus } from './cap.ts';

export const WARNING_CHANNELS = ['sms', 'broadcast', 'app', 'email', 'webhook'] as const;
export type WarningChannel = (typeof WARNING_CHANNELS)[number];
export const WarningChannelSchema = z.enum(WARNING_CHANNELS);
export const WARNING_CHANNEL_LABELS: Record<WarningChannel, { zh: string; en: string }> = {
  sms: { zh: '短信', en: 'SMS' },
  broadcast: { zh: '大喇叭', en: 'Village loudspeaker' },
  app: { zh: '应用内推送', en: 'In-app push' },
  email: { zh: '电子邮件', en: 'E-mail' },
  webhook: { zh: 'Webhook', en: 'Webhook' },
};

export const WARNING_AUDIENCES = ['public', 'responsible', 'enterprise', 'department'] as const;
export type WarningAudience = (typeof WARNING_AUDIENCES)[number];
export const WarningAudienceSchema = z.enum(WARNING_AUDIENCES);
export const WARNING_AUDIENCE_LABELS: Record<WarningAudience, { zh: string; en: string }> = {
  public: { zh: '社会公众', en: 'Public' },
  responsible: { zh: '责任人', en: 'Responsible persons' },
  enterprise: { zh: '企业', en: 'Enterprises' },
  department: { zh: '指挥部成员单位', en: 'Headquarters member units' },
};

/** The rule in words, for the UI and the audit log. */
export const PUBLIC_CHANNEL_RULE =
  '只有状态为“实际”（Actual）的预警才向社会公众发布：面向社会公众的发送和大喇叭广播一律不发送测试、演练、系统和草稿消息。';

/** A delivery the public receives: to the 社会公众 audience, or over the 大喇叭 whoever it is addressed to. */
export function isPublicDelivery(audience: WarningAudience, channel: WarningChannel): boolean {
  return audience === 'public' || channel === 'broadcast';
}

/** Whether a message of CAP `status` may go to `audience` over `channel` (`PUBLIC_CHANNEL_RULE`). */
export function channelAllowed(
  status: CapStatus,
  audience: WarningAudience,
  channel: WarningChannel,
): boolean {
  switch (status) {
    case 'Actual':
      return true;
    case 'Exercise':
    case 'System':
    case 'Test':
    case 'Draft':
      return !isPublicDelivery(audience, channel);
  }
}

/**
 * The natural key of one delivery: a re-run fan-out (after a crash) produces the same keys, so nobody is
 * messaged twice on the same channel. `recipientKey` goes last and may contain any character.
 */
export function deliveryKey(warningId: string, recipientKey: string, channel: WarningChannel): string {
  if (!warningId || warningId.includes('/')) throw new RangeError(`deliveryKey: bad warning id ${warningId}`);
  if (!recipientKey) throw new RangeError('deliveryKey: empty recipient key');
  return `${warningId}/${channel}/${recipientKey}`;
}

export const RetryPolicySchema = z
  .object({
    /** total attempts, the first included */
    maxAttempts: z.number().int().min(1, '至少 1 次').max(50, '不超过 50 次'),
    /** ms before the 2nd attempt */
    baseMs: z.number().int().min(0, '不能为负数'),
    /** growth per attempt */
    factor: z.number().min(1, '倍数不小于 1').max(10, '倍数不大于 10'),
    /** ms, cap on any single wait */
    maxMs: z.number().int().min(0, '不能为负数'),
  })
  .strict();
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/** Configuration default (ours): 5 attempts; waits 30 s, 60 s, 120 s, 240 s; never more than 10 min. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseMs: 30_000,
  factor: 2,
  maxMs: 600_000,
};

/**
 * When to try again after attempt number `attempt` (1 = the first) failed at `failedAt`:
 * failedAt + min(maxMs, baseMs × factor^(attempt−1)), or null once `attempt` ≥ maxAttempts (give up →
 * delivery state failed). No jitter: the clock and randomness stay outside the domain.
 */
export function nextAttemptAt(
  attempt: number,
  failedAt: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Date | null {
  if (!Number.isInteger(attempt) || attempt < 1)
    throw new RangeError(`nextAttemptAt: attempt ${attempt} < 1`);
  if (attempt >= policy.maxAttempts) return null;
  const wait = Math.min(policy.maxMs, policy.baseMs * policy.factor ** (attempt - 1));
  return new Date(failedAt.getTime() + wait);
}

export type SendDecision = 'send' | 'expired' | 'cancelled';

/**
 * The check before every send. A message cancelled — or superseded by an Update, which goes out itself —
 * at or before `now` is not sent ('cancelled'); one whose `expires` is at or before `now` is not sent
 * ('expired'); otherwise 'send'.
 */
export function sendDecision(input: {
  expires: Date;
  cancelledAt: Date | null;
  supersededAt?: Date | null | undefined;
  now: Date;
}): SendDecision {
  const t = input.now.getTime();
  if (input.cancelledAt !== null && input.cancelledAt.getTime() <= t) return 'cancelled';
  if (input.supersededAt && input.supersededAt.getTime() <= t) return 'cancelled';
  if (input.expires.getTime() <= t) return 'expired';
  return 'send';
}

/**
 * queued → sending → sent → delivered | failed; expired / cancelled (by `sendDecision`); skipped (not
 * allowed on that channel: `channelAllowed`, or no address).
 */
export const DELIVERY_STATES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'skipped',
] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const DeliveryStateSchema = z.enum(DELIVERY_STATES);
export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
  queued: '排队中',
  sending: '发送中',
  sent: '已发送',
  delivered: '已送达',
  failed: '发送失败',
  expired: '已过期未发',
  cancelled: '已撤销未发',
  skipped: '不发送',
};

/** States a delivery never leaves. `failed` is final only once `nextAttemptAt` gave up (no next attempt). */
export function isFinalDeliveryState(state: DeliveryState): boolean {
  switch (state) {
    case 'delivered':
    case 'expired':
    case 'cancelled':
    case 'skipped':
      return true;
    case 'queued':
    case 'sending':
    case 'sent':
    case 'failed':
      return false;
  }
}
