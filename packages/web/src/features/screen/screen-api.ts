/**
 * What the 大屏 reads: incidents (/incidents, /incidents/:id/workspace, /incidents/:id/timeline), alarms and
 * warnings through their own features' api modules, the ledger summary (teams on standby) and the nil-report
 * board. There is no county-wide count endpoint: the counts are computed from these lists (screen-model.ts).
 */
import { commandApi } from '../command/command-api.ts';

/** The list's largest page (IncidentListQuery.pageSize max). */
export const INCIDENT_PAGE_MAX = 200;

export const screenApi = {
  incidents: (query: { status?: string; from?: string; to?: string; page?: number; pageSize?: number }) =>
    commandApi.list({ page: 1, pageSize: INCIDENT_PAGE_MAX, ...query }),
  workspace: commandApi.workspace,
  timelineAfter: commandApi.timeline,
};

/** Every 大屏 query's key starts with this: the command stream marks them stale. */
export const screenKeys = {
  all: ['screen'] as const,
  active: ['screen', 'incidents', 'active'] as const,
  recent: (from: string) => ['screen', 'incidents', 'recent', from] as const,
  workspace: (id: string) => ['screen', 'workspace', id] as const,
  alarms: ['screen', 'alarms'] as const,
  alarmSummary: ['screen', 'alarm-summary'] as const,
  warnings: ['screen', 'warnings'] as const,
  warningDetail: (id: string) => ['screen', 'warning', id] as const,
  ledger: ['screen', 'ledger-summary'] as const,
  nilReports: (date: string) => ['screen', 'nil-reports', date] as const,
};
