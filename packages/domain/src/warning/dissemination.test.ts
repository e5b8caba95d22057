import { describe, expect, it } from 'vitest';
import { CAP_STATUSES } from './cap.ts';
import {
  channelAllowed,
  DEFAULT_RETRY_POLICY,
  deliveryKey,
  isFinalDeliveryState,
  isPublicDelivery,
  nextAttemptAt,
  RetryPolicySchema,
  sendDecision,
  WARNING_AUDIENCES,
  WARNING_CHANNELS,
} from './dissemination.ts';

const T0 = new Date('2026-07-01T02:00:00Z');
const plus = (ms: number) => new Date(T0.getTime() + ms);

describe('public deliveries and CAP status (issue #5 part 5: status=Test never reaches the public channels)', () => {
  it('public = the 社会公众 audience, or the 大喇叭 whoever it is addressed to', () => {
    expect(isPublicDelivery('public', 'sms')).toBe(true);
    expect(isPublicDelivery('responsible', 'broadcast')).toBe(true);
    expect(isPublicDelivery('responsible', 'sms')).toBe(false);
    expect(isPublicDelivery('department', 'email')).toBe(false);
  });

  it('CAP 1.2 §3.2.1 status: Actual goes everywhere; Test, Exercise, System, Draft never to a public delivery', () => {
    for (const status of CAP_STATUSES)
      for (const audience of WARNING_AUDIENCES)
        for (const channel of WARNING_CHANNELS) {
          const expected = status === 'Actual' || !isPublicDelivery(audience, channel);
          expect(channelAllowed(status, audience, channel), `${status} ${audience} ${channel}`).toBe(
            expected,
          );
        }
    expect(channelAllowed('Test', 'public', 'sms')).toBe(false);
    expect(channelAllowed('Test', 'responsible', 'broadcast')).toBe(false);
    expect(channelAllowed('Test', 'responsible', 'sms')).toBe(true); // a test reaches the officers
    expect(channelAllowed('Exercise', 'department', 'app')).toBe(true);
  });
});

describe('deduplication by (message, recipient, channel)', () => {
  it('the same triple gives the same key; any difference gives another', () => {
    const k = deliveryKey('w1', 'contact:7', 'sms');
    expect(deliveryKey('w1', 'contact:7', 'sms')).toBe(k);
    expect(
      new Set([k, deliveryKey('w1', 'contact:7', 'app'), deliveryKey('w2', 'contact:7', 'sms')]).size,
    ).toBe(3);
    expect(deliveryKey('w1', 'webhook:a/b', 'webhook')).toBe('w1/webhook/webhook:a/b');
    expect(() => deliveryKey('w/1', 'contact:7', 'sms')).toThrow(RangeError);
    expect(() => deliveryKey('w1', '', 'sms')).toThrow(RangeError);
  });
});

describe('retries with backoff (DEFAULT_RETRY_POLICY, configuration)', () => {
  it('waits 30 s, 60 s, 120 s, 240 s after attempts 1–4, gives up after the 5th', () => {
    expect(nextAttemptAt(1, T0)).toEqual(plus(30_000));
    expect(nextAttemptAt(2, T0)).toEqual(plus(60_000));
    expect(nextAttemptAt(3, T0)).toEqual(plus(120_000));
    expect(nextAttemptAt(4, T0)).toEqual(plus(240_000));
    expect(nextAttemptAt(5, T0)).toBeNull();
    expect(nextAttemptAt(6, T0)).toBeNull();
  });

  it('no wait exceeds maxMs', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, maxAttempts: 20 };
    expect(nextAttemptAt(5, T0, policy)).toEqual(plus(480_000));
    expect(nextAttemptAt(6, T0, policy)).toEqual(plus(600_000)); // 960 s capped at 10 min
    expect(nextAttemptAt(19, T0, policy)).toEqual(plus(600_000));
    expect(nextAttemptAt(20, T0, policy)).toBeNull();
  });

  it('maxAttempts 1 never retries; attempt < 1 is a programming error; the policy schema checks ranges', () => {
    expect(nextAttemptAt(1, T0, { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 })).toBeNull();
    expect(() => nextAttemptAt(0, T0)).toThrow(RangeError);
    expect(
      RetryPolicySchema.safeParse({ maxAttempts: 0, baseMs: -1, factor: 0.5, maxMs: 1 }).error?.issues,
    ).toHaveLength(3);
  });
});

describe('sendDecision: expiry, cancellation and supersession checked before every send', () => {
  const expires = plus(3_600_000);
  it('send before expiry; expired exactly at expires', () => {
    expect(sendDecision({ expires, cancelledAt: null, now: plus(3_599_999) })).toBe('send');
    expect(sendDecision({ expires, cancelledAt: null, now: expires })).toBe('expired');
  });

  it('cancelled at or before now → not sent; a cancellation scheduled later does not stop it yet', () => {
    expect(sendDecision({ expires, cancelledAt: plus(1000), now: plus(1000) })).toBe('cancelled');
    expect(sendDecision({ expires, cancelledAt: plus(1000), now: plus(999) })).toBe('send');
    expect(sendDecision({ expires, cancelledAt: plus(1000), now: plus(7_200_000) })).toBe('cancelled');
  });

  it('superseded by an Update → not sent (the Update goes out instead)', () => {
    expect(sendDecision({ expires, cancelledAt: null, supersededAt: plus(10), now: plus(10) })).toBe(
      'cancelled',
    );
    expect(sendDecision({ expires, cancelledAt: null, supersededAt: null, now: plus(10) })).toBe('send');
  });

  it('final states: delivered, expired, cancelled, skipped', () => {
    expect(
      ['delivered', 'expired', 'cancelled', 'skipped'].every((s) => isFinalDeliveryState(s as never)),
    ).toBe(true);
    expect(isFinalDeliveryState('failed')).toBe(false);
    expect(isFinalDeliveryState('queued')).toBe(false);
  });
});
