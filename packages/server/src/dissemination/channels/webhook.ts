/**
 * Generic webhook: POST JSON {summary, capXml} with `x-ningan-signature: sha256=<HMAC-SHA256(secret, body)>`
 * and `x-idempotency-key: <delivery id>`. A 2xx answer is the receipt: the delivery is `delivered`.
 */
import { createHmac } from 'node:crypto';
import type { ChannelAdapter } from './types.ts';
import { postJson } from './types.ts';

export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function webhookAdapter(o: { secret: string; timeoutMs: number }): ChannelAdapter {
  return {
    channel: 'webhook',
    async send({ delivery, warning, text }) {
      if (!delivery.address) return { outcome: 'failed', error: 'Webhook 地址为空', permanent: true };
      const body = JSON.stringify({
        summary: {
          deliveryId: delivery.id,
          warningId: warning.id,
          identifier: warning.identifier,
          msgType: warning.msgType,
          status: warning.capStatus,
          hazard: warning.hazard,
          level: warning.level,
          headline: warning.headline,
          text,
          sent: warning.sentAt?.toISOString() ?? null,
          expires: warning.expiresAt.toISOString(),
          targets: warning.targets,
        },
        capXml: warning.capXml,
      });
      const r = await postJson(
        delivery.address,
        body,
        { 'x-ningan-signature': webhookSignature(o.secret, body), 'x-idempotency-key': String(delivery.id) },
        o.timeoutMs,
      );
      if (!r.ok) return { outcome: 'failed', error: r.error, permanent: r.permanent };
      return { outcome: 'delivered', receiptId: `webhook-${delivery.id}` };
    },
  };
}
