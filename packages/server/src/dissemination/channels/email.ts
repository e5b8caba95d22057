/**
 * E-mail over SMTP (nodemailer). SMTP has no idempotency key: the Message-ID is derived from the delivery id
 * (`<warning-delivery-<id>@ningan>`), so a receiver (and the gateway simulator) can drop a repeat. An SMTP
 * 250 is the receipt: the delivery is `sent` (mailbox delivery is not observable).
 */
import nodemailer from 'nodemailer';
import type { ChannelAdapter } from './types.ts';

export const emailMessageId = (deliveryId: number) => `<warning-delivery-${deliveryId}@ningan>`;

export function emailAdapter(o: { smtpUrl: string; from: string; timeoutMs: number }): ChannelAdapter {
  const u = new URL(o.smtpUrl);
  const secure = u.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: u.hostname,
    port: Number(u.port) || (secure ? 465 : 587),
    secure,
    ignoreTLS: !secure && u.searchParams.get('tls') === 'off',
    auth: u.username
      ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) }
      : undefined,
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: o.timeoutMs,
  });
  return {
    channel: 'email',
    async send({ delivery, warning, text }) {
      if (!delivery.address || !delivery.address.includes('@'))
        return { outcome: 'failed', error: `邮箱地址无效: ${delivery.address ?? '（空）'}`, permanent: true };
      try {
        const info = await transport.sendMail({
          from: o.from,
          to: delivery.address,
          subject: warning.headline,
          text,
          messageId: emailMessageId(delivery.id),
          headers: { 'X-Idempotency-Key': String(delivery.id) },
          attachments: warning.capXml
            ? [
                {
                  filename: `${warning.identifier ?? warning.id}.xml`,
                  content: warning.capXml,
                  contentType: 'application/cap+xml',
                },
              ]
            : [],
        });
        return { outcome: 'sent', receiptId: String(info.messageId ?? emailMessageId(delivery.id)) };
      } catch (err) {
        const e = err as Error & { responseCode?: number };
        const permanent =
          typeof e.responseCode === 'number' &&
          e.responseCode >= 500 &&
          e.responseCode < 600 &&
          e.responseCode !== 554;
        return { outcome: 'failed', error: `SMTP: ${e.message}`, permanent };
      }
    },
    close: () => {
      transport.close();
      return Promise.resolve();
    },
  };
}
