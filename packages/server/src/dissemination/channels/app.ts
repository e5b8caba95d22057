/**
 * In-app push: the delivery is published on the live stream to the account's open sessions and is in its
 * inbox (GET /api/v1/me/warnings) from then on: `sent` when pushed, `delivered` when the client confirms
 * (POST /api/v1/me/warnings/:deliveryId/received).
 */
import type { ChannelAdapter } from './types.ts';

export interface AppPush {
  /** Sends `data` as a `warning` event to the account's open streams; how many got it. */
  pushToUser(userId: string, data: unknown): number;
}

export function appAdapter(push: AppPush): ChannelAdapter {
  return {
    channel: 'app',
    send({ delivery, warning, text }) {
      const userId = delivery.address ?? delivery.recipientKey.replace(/^user:/, '').replace(/#.*$/, '');
      const streams = push.pushToUser(userId, {
        warningId: warning.id,
        change: 'published',
        deliveryId: delivery.id,
        headline: warning.headline,
        level: warning.level,
        text,
      });
      return Promise.resolve({ outcome: 'sent', receiptId: `app-${delivery.id}-${streams}` });
    },
  };
}
