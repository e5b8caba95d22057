/**
 * The dissemination runtime (scheduler role): the outbox poll (fan-out), one dispatcher loop per channel
 * and the 叫应 scheduler, on timers — every piece of state they act on is a row (outbox, deliveries'
 * `next_attempt_at`, calls' `due_at`), so stopping and starting loses nothing.
 *
 * One dispatcher process at a time is assumed: at start-up every row left `sending` is re-queued (same
 * idempotency key). Split roles would take back only rows `sending` for longer than
 * DELIVERY_SENDING_STALE_SECONDS (the claim query already uses SKIP LOCKED).
 */
import { WARNING_CHANNELS, type WarningChannel } from '@ningan/domain';
import { requeueStaleSending } from '../repositories/warning-deliveries.repository.ts';
import { runCallsOnce } from './calls.ts';
import { appAdapter } from './channels/app.ts';
import { broadcastAdapter } from './channels/broadcast.ts';
import { emailAdapter } from './channels/email.ts';
import { smsAdapter } from './channels/sms.ts';
import { unconfiguredAdapter, type ChannelAdapter } from './channels/types.ts';
import { webhookAdapter } from './channels/webhook.ts';
import { publicBaseUrl, type DisseminationDeps } from './context.ts';
import { Dispatcher } from './dispatcher.ts';
import { runFanoutOnce } from './fanout.ts';

export interface GatewayUrls {
  sms: string | null;
  broadcast: string | null;
  smtp: string | null;
}

/** The channel adapters from configuration (or `override`: the in-process gateway simulator in demo mode). */
export function buildAdapters(
  deps: DisseminationDeps,
  gatewaySecret: string,
  override?: Partial<GatewayUrls>,
): Map<WarningChannel, ChannelAdapter> {
  const d = deps.config.dissemination;
  const callbackUrl = `${publicBaseUrl(deps.config)}/api/v1/gateway/receipts`;
  const sms = override?.sms ?? d.smsGatewayUrl;
  const broadcast = override?.broadcast ?? d.broadcastGatewayUrl;
  const smtp = override?.smtp ?? d.smtpUrl;
  const common = { secret: gatewaySecret, callbackUrl, timeoutMs: d.gatewayTimeoutMs };
  return new Map<WarningChannel, ChannelAdapter>([
    [
      'sms',
      sms
        ? smsAdapter({ ...common, url: sms })
        : unconfiguredAdapter('sms', '未配置短信网关（SMS_GATEWAY_URL）'),
    ],
    [
      'broadcast',
      broadcast
        ? broadcastAdapter({ ...common, url: broadcast })
        : unconfiguredAdapter('broadcast', '未配置应急广播平台（BROADCAST_GATEWAY_URL）'),
    ],
    [
      'email',
      smtp
        ? emailAdapter({ smtpUrl: smtp, from: d.smtpFrom, timeoutMs: d.gatewayTimeoutMs })
        : unconfiguredAdapter('email', '未配置邮件服务器（SMTP_URL）'),
    ],
    ['webhook', webhookAdapter({ secret: d.webhookSecret, timeoutMs: d.gatewayTimeoutMs })],
    ['app', appAdapter({ pushToUser: (userId, data) => deps.events.pushToUser(userId, 'warning', data) })],
  ]);
}

export interface DisseminationRuntime {
  dispatcher: Dispatcher;
  stop(): Promise<void>;
}

/** Starts the loops. `onProgress` gets the warnings a batch touched (the live stream throttles). */
export async function startDisseminationRuntime(
  deps: DisseminationDeps,
  o: { gatewaySecret: string; gateways?: Partial<GatewayUrls>; onProgress?: (warningIds: string[]) => void },
): Promise<DisseminationRuntime> {
  const { config, log, clock } = deps;
  const adapters = buildAdapters(deps, o.gatewaySecret, o.gateways);
  const dispatcher = new Dispatcher(deps, adapters);
  const requeued = await requeueStaleSending(deps.db, clock(), clock());
  if (requeued) log.info({ requeued }, 'dissemination: rows left sending re-queued (same idempotency key)');
  let stopped = false;
  const loops: Promise<void>[] = [];
  const pollMs = config.dissemination.pollMs;
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      const t = setTimeout(r, ms);
      t.unref();
    });
  const loop = (name: string, body: () => Promise<boolean>) =>
    loops.push(
      (async () => {
        while (!stopped) {
          let busy = false;
          try {
            busy = await body();
          } catch (err) {
            log.error({ err }, `dissemination ${name} failed`);
          }
          if (!busy) await sleep(pollMs);
        }
      })(),
    );
  loop('fan-out', async () => (await runFanoutOnce(deps)).length > 0);
  for (const channel of WARNING_CHANNELS)
    loop(`dispatch ${channel}`, async () => {
      const r = await dispatcher.dispatchOnce(channel);
      if (r.warnings.length) o.onProgress?.(r.warnings);
      return r.claimed > 0;
    });
  loop('叫应', async () => (await runCallsOnce(deps)).length > 0);
  // Rows `sending` for longer than any batch can take (a dispatcher that died elsewhere): back to the queue.
  let lastReclaim = Date.now();
  loop('stale sending', async () => {
    if (Date.now() - lastReclaim < 60_000) return false;
    lastReclaim = Date.now();
    const now = clock();
    const stale = new Date(now.getTime() - config.dissemination.sendingStaleSeconds * 1000);
    const n = await requeueStaleSending(deps.db, stale, now);
    if (n) log.warn({ requeued: n }, 'dissemination: stale sending rows re-queued (same idempotency key)');
    return false;
  });
  return {
    dispatcher,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      for (const a of adapters.values()) await a.close?.();
    },
  };
}
