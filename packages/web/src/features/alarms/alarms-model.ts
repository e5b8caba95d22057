/**
 * The pure rules of the 告警中心: level chips (the four warning colours of 突发事件应对法, STANDARDS.md §2.3,
 * with their grade 四级…一级), which alarms flash and which ring, what a person may do now. No React, no DOM.
 */
import {
  ALARM_EVENT_LABELS,
  ALARM_LEVEL_LABELS,
  ALARM_STATUS_LABELS,
  allowedAlarmActions,
  type AlarmLevel,
  type AlarmPersonAction,
  type AlarmStatus,
  type AlarmView,
  type LiveAlarmEvent,
  type Permission,
} from '@ningan/domain';
import type { Lang } from '../../i18n/i18n.tsx';

/** Chip colours, the same as the station markers' (features/monitoring/monitoring-model.ts). */
export const LEVEL_COLORS: Record<AlarmLevel, { background: string; color: string }> = {
  red: { background: '#e02020', color: '#ffffff' },
  orange: { background: '#fa7d00', color: '#ffffff' },
  yellow: { background: '#f5d000', color: '#3d3200' },
  blue: { background: '#1f6fff', color: '#ffffff' },
};

const GRADE_EN: Record<AlarmLevel, string> = { blue: 'IV', yellow: 'III', orange: 'II', red: 'I' };
const COLOR_EN: Record<AlarmLevel, string> = { blue: 'Blue', yellow: 'Yellow', orange: 'Orange', red: 'Red' };

/** 红 · 一级 / Red · I. */
export function levelChipText(level: AlarmLevel, lang: Lang): string {
  const zh = ALARM_LEVEL_LABELS[level];
  return lang === 'en' ? `${COLOR_EN[level]} · ${GRADE_EN[level]}` : `${zh.color.slice(0, 1)} · ${zh.grade}`;
}

export function statusLabel(status: AlarmStatus, lang: Lang): string {
  return ALARM_STATUS_LABELS[status][lang];
}

/** antd Tag colours of the workflow statuses. */
export const STATUS_COLORS: Record<AlarmStatus, string> = {
  active: 'red',
  acknowledged: 'gold',
  handling: 'processing',
  cleared: 'green',
  closed: 'default',
};

export function eventLabel(kind: string, lang: Lang): string {
  return ALARM_EVENT_LABELS[kind]?.[lang] ?? kind;
}

const URGENT: readonly AlarmLevel[] = ['red', 'orange'];

/** A red or orange alarm nobody has acknowledged yet: its row and the header bell flash. */
export function isUrgent(alarm: Pick<AlarmView, 'level' | 'status'>): boolean {
  return alarm.status === 'active' && URGENT.includes(alarm.level);
}

/** A new red/orange alarm (raised, or escalated to red/orange) rings once, if sound is on. */
export function shouldRing(event: Pick<LiveAlarmEvent, 'change' | 'level' | 'status'>): boolean {
  return (event.change === 'raised' || event.change === 'escalated') && isUrgent(event);
}

/** The permission each action needs (routes/alarms.routes.ts). */
const ACTION_PERMISSION: Record<AlarmPersonAction, Permission> = {
  acknowledge: 'alarm:handle',
  handle: 'alarm:handle',
  assign: 'alarm:handle',
  comment: 'alarm:handle',
  close: 'alarm:handle',
  to_incident: 'incident:write',
};

/** The buttons of the detail: what the workflow allows now and the user may do. */
export function actionsFor(
  alarm: Pick<AlarmView, 'status' | 'clearedAt' | 'acknowledgedAt' | 'incidentId'>,
  can: (p: Permission) => boolean,
): AlarmPersonAction[] {
  return allowedAlarmActions(alarm).filter(
    (a) => can(ACTION_PERMISSION[a]) && !(a === 'to_incident' && alarm.incidentId),
  );
}

export interface SignalRow {
  name: string;
  value: number | null;
}

/** The signals of the latest transition, in the rule's order (rain1h, rain3h …). */
export function signalRows(signals: Record<string, number | null>): SignalRow[] {
  return Object.entries(signals).map(([name, value]) => ({ name, value }));
}

/** A value as shown: at most 2 decimals, no trailing zeros; — when unknown. */
export function formatValue(value: number | null): string {
  if (value === null) return '—';
  return String(Math.round(value * 100) / 100);
}
