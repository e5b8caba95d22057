/** The closed sets of the warning screens (audiences, channels, 叫应 steps, delivery states) and their words. */
import { WARNING_HAZARD_LABELS, WARNING_HAZARDS, type WarningHazard } from '@ningan/domain';
import type { Lang, Translate } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/messages.ts';

export const WARNING_AUDIENCE_KEYS = ['public', 'responsible', 'enterprise', 'department'] as const;
export const WARNING_CHANNEL_KEYS = ['sms', 'broadcast', 'app', 'email', 'webhook'] as const;
export const CALL_STEP_KEYS = ['initial', 'resend', 'township', 'county'] as const;
export const DELIVERY_STATE_KEYS = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'skipped',
] as const;

/** A word for `value` under `prefix` (e.g. `warnings.channel.sms`), or the value itself when unknown. */
function labelOf(prefix: string, value: string, known: readonly string[], t: Translate): string {
  return known.includes(value) ? t(`${prefix}.${value}` as MessageKey) : value;
}

export const audienceLabel = (a: string, t: Translate) =>
  labelOf('warnings.audience', a, WARNING_AUDIENCE_KEYS, t);
export const channelLabel = (c: string, t: Translate) =>
  labelOf('warnings.channel', c, WARNING_CHANNEL_KEYS, t);
export const callStepLabel = (s: string, t: Translate) => labelOf('warnings.step', s, CALL_STEP_KEYS, t);
export const deliveryStateLabel = (s: string, t: Translate) =>
  labelOf('warnings.delivery', s, DELIVERY_STATE_KEYS, t);

/** 暴雨 / Rainstorm; an unknown hazard as sent. */
export function hazardLabel(hazard: string, lang: Lang): string {
  return (WARNING_HAZARDS as readonly string[]).includes(hazard)
    ? WARNING_HAZARD_LABELS[hazard as WarningHazard][lang]
    : hazard;
}

export const CALL_ROLE_KEYS = ['village', 'township', 'hazard_point', 'county'] as const;
export const callRoleLabel = (r: string, t: Translate) => labelOf('warnings.role', r, CALL_ROLE_KEYS, t);

const LEVELS: readonly string[] = ['blue', 'yellow', 'orange', 'red'];
/** A level sent as a plain string (the inbox, the answer page), when it is one of ours. */
export function asLevel(level: string): 'blue' | 'yellow' | 'orange' | 'red' | null {
  return LEVELS.includes(level) ? (level as 'blue' | 'yellow' | 'orange' | 'red') : null;
}
