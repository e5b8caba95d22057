/**
 * What the enterprise screens and the map layer share: industry groups with their map colours, and
 * expiry arithmetic (licences, 安全生产责任保险) on calendar dates in the user's local time.
 */
import dayjs from 'dayjs';
import { daysUntil, type EnterpriseView, type IndustryGroup } from '@ningan/domain';
import type { MessageKey } from '../../i18n/messages.ts';

// The grouping is the server's too (it counts hazardous-chemical firms into the map's clusters).
export { industryGroup, type IndustryGroup } from '@ningan/domain';

export const INDUSTRY_GROUPS: readonly IndustryGroup[] = ['hazchem', 'mining', 'oilgas', 'other'];

/** 危化 red, 矿山 brown, 油气 purple, everything else grey. */
export const INDUSTRY_GROUP_COLORS: Record<IndustryGroup, string> = {
  hazchem: '#f5222d',
  mining: '#7a4a1e',
  oilgas: '#722ed1',
  other: '#8c8c8c',
};

export const INDUSTRY_GROUP_LABELS: Record<IndustryGroup, MessageKey> = {
  hazchem: 'enterprises.group.hazchem',
  mining: 'enterprises.group.mining',
  oilgas: 'enterprises.group.oilgas',
  other: 'enterprises.group.other',
};

/** Within this many days an expiry is flagged orange; past it, red. */
export const EXPIRY_WARNING_DAYS = 30;
/** The window of the 到期提醒 list. */
export const EXPIRY_LIST_DAYS = 60;

export type ExpiryState = 'expired' | 'soon' | 'valid';

/** Today as YYYY-MM-DD in the browser's time zone (the county's, on the bureau's PCs). */
export function localToday(): string {
  return dayjs().format('YYYY-MM-DD');
}

export function daysLeft(expiresOn: string, today = localToday()): number {
  return daysUntil(expiresOn, today);
}

export function expiryState(days: number): ExpiryState {
  if (days < 0) return 'expired';
  if (days <= EXPIRY_WARNING_DAYS) return 'soon';
  return 'valid';
}

/** The worst state over the enterprise's licences, or null without licences. */
export function worstLicenceState(e: EnterpriseView, today = localToday()): ExpiryState | null {
  let worst: ExpiryState | null = null;
  for (const licence of e.licences) {
    const state = expiryState(daysLeft(licence.expiresOn, today));
    if (state === 'expired') return state;
    if (state === 'soon' || worst === null) worst = state;
  }
  return worst;
}

export function licenceProblemCount(e: EnterpriseView, state: ExpiryState, today = localToday()): number {
  return e.licences.filter((l) => expiryState(daysLeft(l.expiresOn, today)) === state).length;
}

/** The path that opens an enterprise's detail drawer (from the map, the expiry list, anywhere). */
export function enterpriseDetailPath(id: string): string {
  return `/ledger/enterprises?detail=${encodeURIComponent(id)}`;
}
