/** SMS through an HTTP SMS gateway: POST JSON {idempotencyKey, to, text, callbackUrl} → {receiptId}. */
import type { ChannelAdapter } from './types.ts';
import { postJson, receiptOf } from './types.ts';

export function smsAdapter(o: {
  url: string;
  secret: string;
  callbackUrl: string;
  timeoutMs: number;
}): ChannelAdapter {
  return {
    channel: 'sms',
    async send({ delivery, text }) {
      if (!delivery.address || !/^\+?\d{5,20}$/.test(delivery.address))
        return { outcome: 'failed', error: `手机号无效: ${delivery.address ?? '（空）'}`, permanent: true };
      const r = await postJson(
        o.url,
        { idempotencyKey: String(delivery.id), to: delivery.address, text, callbackUrl: o.callbackUrl },
        { 'x-gateway-secret': o.secret },
        o.timeoutMs,
      );
      if (!r.ok) return { outcome: 'failed', error: r.error, permanent: r.permanent };
      return { outcome: 'sent', receiptId: receiptOf(r.json, `sms-${delivery.id}`) };
    },
  };
}
