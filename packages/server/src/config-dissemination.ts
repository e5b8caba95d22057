/**
 * The dissemination part of the configuration (issue #5 parts 5–7): channel gateways, retries, the
 * gateway simulator and the call-and-respond (叫应) timing. Parsed with the rest of the environment by
 * `loadConfig` (config.ts).
 *
 * Gateway URLs left empty: in demo mode `ningan start` runs the gateway simulator (演示/测试用网关模拟器)
 * in-process and points every adapter at it; outside demo mode a channel without a gateway fails its
 * deliveries with a clear reason (nothing is pretended sent).
 */
import type { CallResponsePolicy, RetryPolicy } from '@ningan/domain';
import { z } from 'zod';

const optionalUrl = z
  .string()
  .trim()
  .transform((s) => s || null)
  .pipe(z.url().nullable())
  .default(null);

/** `name=url,name=url` (webhook receivers: partner systems, 上级平台). */
const namedUrls = z
  .string()
  .default('')
  .transform((s, c) => {
    const out: { name: string; url: string }[] = [];
    for (const part of s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const eq = part.indexOf('=');
      const name = eq > 0 ? part.slice(0, eq).trim() : `hook${out.length + 1}`;
      const url = eq > 0 ? part.slice(eq + 1).trim() : part;
      if (!/^https?:\/\//.test(url)) {
        c.addIssue({ code: 'custom', message: `不是 http(s) 地址: ${url}` });
        continue;
      }
      out.push({ name, url });
    }
    return out;
  });

const list = z
  .string()
  .default('')
  .transform((s) =>
    s
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean),
  );

export const DisseminationEnv = {
  /** Deliveries sent per second per channel at most (the gateway contract's rate). */
  DELIVERY_RATE_PER_SECOND: z.coerce.number().int().min(1).max(100_000).default(200),
  /** Deliveries claimed per dispatcher batch (marked `sending` and committed before the gateway is called). */
  DELIVERY_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(200),
  /** Concurrent gateway calls per channel. */
  DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),
  /** Gateway call timeout, ms. */
  GATEWAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Attempts per delivery, the first included (UNCONFIRMED: domain DEFAULT_RETRY_POLICY, ours). */
  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  /** Wait before the 2nd attempt, ms; ×2 per attempt up to DELIVERY_RETRY_MAX_MS (UNCONFIRMED). */
  DELIVERY_RETRY_BASE_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  DELIVERY_RETRY_MAX_MS: z.coerce.number().int().min(0).max(86_400_000).default(600_000),
  /** How long a row may stay `sending` before the dispatcher takes it back (a crashed worker), seconds. */
  DELIVERY_SENDING_STALE_SECONDS: z.coerce.number().int().min(5).max(3600).default(120),
  /** SMS gateway (HTTP POST JSON {idempotencyKey, to, text, callbackUrl}). */
  SMS_GATEWAY_URL: optionalUrl,
  /** Loudspeaker (应急广播/大喇叭) platform (HTTP POST JSON {idempotencyKey, terminalIds, text}). */
  BROADCAST_GATEWAY_URL: optionalUrl,
  /** Shared secret: sent as `x-gateway-secret` to the gateways and expected on their callbacks. */
  GATEWAY_SECRET: z.string().default(''),
  /** SMTP server for the e-mail channel, e.g. smtp://user:pass@mail.example:587. */
  SMTP_URL: optionalUrl,
  SMTP_FROM: z.string().default('宁县应急管理局 <noreply@ningan.invalid>'),
  /** E-mail recipients of the department audience (指挥部办公室 mailboxes), comma-separated. */
  WARNING_EMAIL_RECIPIENTS: list,
  /** Webhook receivers `name=url,…`; each gets the CAP XML and a JSON summary, HMAC-SHA256 signed. */
  WARNING_WEBHOOK_URLS: namedUrls,
  /** HMAC key of the webhook signature header (`x-ningan-signature: sha256=<hex>`). */
  WARNING_WEBHOOK_SECRET: z.string().default(''),
  /** The platform's address as recipients reach it: 叫应 answer links `{PUBLIC_BASE_URL}/ack/<token>`, gateway callbacks. */
  PUBLIC_BASE_URL: optionalUrl,
  /** Key of the 叫应 answer-link tokens (HMAC); empty: a random key kept in the database (meta). */
  CALL_TOKEN_SECRET: z.string().default(''),
  /** 叫应 (UNCONFIRMED, domain DEFAULT_CALL_RESPONSE_POLICY): minutes to answer, resends, escalation times from the first send. */
  CALL_ANSWER_MINUTES: z.coerce.number().min(0.01).max(1440).default(5),
  CALL_RESEND_TIMES: z.coerce.number().int().min(0).max(5).default(1),
  CALL_TOWNSHIP_AFTER_MINUTES: z.coerce.number().min(0.01).max(1440).default(10),
  CALL_COUNTY_AFTER_MINUTES: z.coerce.number().min(0.01).max(1440).default(20),
  /** How often the 叫应 scheduler and the outbox are polled, ms. */
  DISSEMINATION_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Gateway simulator (演示/测试用网关模拟器) port when `ningan start` runs it in demo mode. */
  GATEWAY_SIM_PORT: z.coerce.number().int().min(1).max(65_535).default(18_790),
  /** Messages per second the in-process simulator accepts (0 = no cap). */
  GATEWAY_SIM_RATE: z.coerce.number().int().min(0).max(1_000_000).default(0),
  /** Delay before the simulator posts a delivery receipt, ms. */
  GATEWAY_SIM_RECEIPT_DELAY_MS: z.coerce.number().int().min(0).max(600_000).default(500),
};

type DisseminationEnvValues = z.output<z.ZodObject<typeof DisseminationEnv>>;

export interface DisseminationConfig {
  ratePerSecond: number;
  batchSize: number;
  concurrency: number;
  gatewayTimeoutMs: number;
  retry: RetryPolicy;
  sendingStaleSeconds: number;
  smsGatewayUrl: string | null;
  broadcastGatewayUrl: string | null;
  gatewaySecret: string;
  smtpUrl: string | null;
  smtpFrom: string;
  emailRecipients: string[];
  webhooks: { name: string; url: string }[];
  webhookSecret: string;
  publicBaseUrl: string | null;
  callTokenSecret: string;
  calls: CallResponsePolicy;
  pollMs: number;
  simulator: { port: number; rate: number; receiptDelayMs: number };
}

export function disseminationConfigOf(e: DisseminationEnvValues): DisseminationConfig {
  return {
    ratePerSecond: e.DELIVERY_RATE_PER_SECOND,
    batchSize: e.DELIVERY_BATCH_SIZE,
    concurrency: e.DELIVERY_CONCURRENCY,
    gatewayTimeoutMs: e.GATEWAY_TIMEOUT_MS,
    retry: {
      maxAttempts: e.DELIVERY_MAX_ATTEMPTS,
      baseMs: e.DELIVERY_RETRY_BASE_MS,
      factor: 2,
      maxMs: e.DELIVERY_RETRY_MAX_MS,
    },
    sendingStaleSeconds: e.DELIVERY_SENDING_STALE_SECONDS,
    smsGatewayUrl: e.SMS_GATEWAY_URL,
    broadcastGatewayUrl: e.BROADCAST_GATEWAY_URL,
    gatewaySecret: e.GATEWAY_SECRET,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
    emailRecipients: e.WARNING_EMAIL_RECIPIENTS,
    webhooks: e.WARNING_WEBHOOK_URLS,
    webhookSecret: e.WARNING_WEBHOOK_SECRET,
    publicBaseUrl: e.PUBLIC_BASE_URL,
    callTokenSecret: e.CALL_TOKEN_SECRET,
    calls: {
      answerMinutes: e.CALL_ANSWER_MINUTES,
      resendTimes: e.CALL_RESEND_TIMES,
      escalateToTownshipAfterMinutes: e.CALL_TOWNSHIP_AFTER_MINUTES,
      escalateToCountyAfterMinutes: e.CALL_COUNTY_AFTER_MINUTES,
    },
    pollMs: e.DISSEMINATION_POLL_MS,
    simulator: {
      port: e.GATEWAY_SIM_PORT,
      rate: e.GATEWAY_SIM_RATE,
      receiptDelayMs: e.GATEWAY_SIM_RECEIPT_DELAY_MS,
    },
  };
}
