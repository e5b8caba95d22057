/** Village loudspeakers (应急广播/大喇叭) through the broadcast platform: POST {idempotencyKey, terminalIds, text}. */
import type { ChannelAdapter } from './types.ts';
import { postJson, receiptOf } from './types.ts';

export function broadcastAdapter(o: {
  url: string;
  secret: string;
  callbackUrl: string;
  timeoutMs: number;
}): ChannelAdapter {
  return {
    channel: 'broadcast',
    async send({ delivery, text }) {
      if (!delivery.address) return { outcome: 'failed', error: '终端编号为空', permanent: true };
      const r = await postJson(
        o.url,
        {
          idempotencyKey: String(delivery.id),
          terminalIds: [delivery.address],
          text,
          callbackUrl: o.callbackUrl,
        },
        { 'x-gateway-secret': o.secret },
        o.timeoutMs,
      );
      if (!r.ok) return { outcome: 'failed', error: r.error, permanent: r.permanent };
      return { outcome: 'sent', receiptId: receiptOf(r.json, `bc-${delivery.id}`) };
    },
  };
}
