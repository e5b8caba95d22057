/**
 * Channel adapters (issue #5 part 5): one per channel, each sending one delivery to its gateway.
 *
 * The gateway contract (docs/adr/0009-warnings.md, "Dissemination"): every request carries an idempotency
 * key — our delivery id — and the gateway answers a repeated key with the first receipt and sends nothing
 * again. The dispatcher marks a row `sending` and commits before it calls an adapter, so after a crash the
 * row is sent again with the same key and the recipient still gets one message.
 */
import type { WarningChannel } from '@ningan/domain';
import type { DeliveryRow, DisseminatedWarning } from '../../repositories/warning-deliveries.repository.ts';

export interface OutgoingMessage {
  delivery: DeliveryRow;
  warning: DisseminatedWarning;
  /** The message text (headline, short instruction, for 叫应 the answer link). */
  text: string;
}

/**
 * `sent`: the gateway accepted it (a receipt follows); `delivered`: the channel confirms at once (webhook
 * 2xx); `failed`: retry by the policy unless `permanent` (bad address, no gateway configured).
 */
export type SendResult =
  | { outcome: 'sent' | 'delivered'; receiptId: string }
  | { outcome: 'failed'; error: string; permanent?: boolean };

export interface ChannelAdapter {
  channel: WarningChannel;
  send(message: OutgoingMessage): Promise<SendResult>;
  close?(): Promise<void>;
}

/** A channel with no gateway configured: every delivery fails with the reason (nothing is pretended sent). */
export function unconfiguredAdapter(channel: WarningChannel, reason: string): ChannelAdapter {
  return { channel, send: () => Promise.resolve({ outcome: 'failed', error: reason }) };
}

/** POST JSON with a timeout; the gateway's JSON answer, or a failure naming the status. */
export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ ok: true; json: Record<string, unknown> } | { ok: false; error: string; permanent: boolean }> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await res.text();
    if (!res.ok)
      return {
        ok: false,
        error: `网关返回 HTTP ${res.status}${text ? `: ${text.slice(0, 200)}` : ''}`,
        // 4xx other than 408/429: our request is wrong, retrying will not help.
        permanent: res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429,
      };
    let json: Record<string, unknown> = {};
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = {};
    }
    return { ok: true, json };
  } catch (err) {
    const e = err as Error;
    return {
      ok: false,
      error: e.name === 'TimeoutError' ? `网关超时（${timeoutMs} ms）` : `网关不可达: ${e.message}`,
      permanent: false,
    };
  }
}

export const receiptOf = (json: Record<string, unknown>, fallback: string): string =>
  typeof json.receiptId === 'string' && json.receiptId ? json.receiptId : fallback;
