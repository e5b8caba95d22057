/** SMS through an HTTP SMS gateway: POST JSON {idempotencyKey, to, text, callbackUrl} → {receiptId}. */
import type { ChannelAdapter, SendResult } from './types.ts';
import { postJson, receiptOf } from './types.ts';

export interface SmsGatewayOptions {
  url: string;
  secret: string;
  callbackUrl: string;
  timeoutMs: number;
}

/**
 * One SMS to the gateway under an idempotency key (a repeated key is answered with the first receipt and
 * sends nothing). Also used by the command notices (command/notice-sender.ts), keys `cmd:<id>`.
 */
export async function sendSms(
  o: SmsGatewayOptions,
  m: { key: string; to: string | null; text: string },
): Promise<SendResult> {
  if (!m.to || !/^\+?\d{5,20}$/.test(m.to))
    return { outcome: 'failed', error: `手机号无效: ${m.to ?? '（空）'}`, permanent: true };
  const r = await postJson(
    o.url,
    { idempotencyKey: m.key, to: m.to, text: m.text, callbackUrl: o.callbackUrl },
    { 'x-gateway-secret': o.secret },
    o.timeoutMs,
  );
  if (!r.ok) return { outcome: 'failed', error: r.error, permanent: r.permanent };
  return { outcome: 'sent', receiptId: receiptOf(r.json, `sms-${m.key}`) };
}

export function smsAdapter(o: SmsGatewayOptions): ChannelAdapter {
  return {
    channel: 'sms',
    send: ({ delivery, text }) => sendSms(o, { key: String(delivery.id), to: delivery.address, text }),
  };
}
