/** The alarm routes (/api/v1/monitoring/alarms…) the 告警中心 and the header bell use, one typed function each. */
import type {
  AlarmAssigneeView,
  AlarmDetail,
  AlarmLevel,
  AlarmStatus,
  AlarmSummary,
  AlarmView,
  EscalateAlarmResult,
  Page,
  StationAlarmLevel,
} from '@ningan/domain';
import { request } from '../../api/client.ts';

export interface AlarmFilters {
  /** Empty: the server's default, the open ones. */
  status?: readonly AlarmStatus[];
  level?: readonly AlarmLevel[];
  /** A township or village code (everything inside it). */
  regionCode?: string;
  stationId?: string;
  q?: string;
  /** ISO 8601 with a zone: raised at or after / at or before. */
  from?: string;
  to?: string;
  sort?: 'newest' | 'severity';
}

const alarm = (id: string) => `/monitoring/alarms/${encodeURIComponent(id)}`;
const list = (values: readonly string[] | undefined) => (values?.length ? values.join(',') : undefined);

export const alarmsApi = {
  list: (filters: AlarmFilters & { page: number; pageSize: number }) =>
    request<Page<AlarmView>>('/monitoring/alarms', {
      query: { ...filters, status: list(filters.status), level: list(filters.level) },
    }),
  get: (id: string) => request<AlarmDetail>(alarm(id)),
  summary: () => request<AlarmSummary>('/monitoring/alarms/summary'),
  /** The standing alarms of the stations in the jurisdiction, worst first (the map's colours). */
  stationLevels: () => request<StationAlarmLevel[]>('/monitoring/alarms/station-levels'),
  assignees: (id: string) => request<AlarmAssigneeView[]>(`${alarm(id)}/assignees`),
  acknowledge: (id: string, note?: string) =>
    request<AlarmDetail>(`${alarm(id)}/acknowledge`, { method: 'POST', body: note ? { note } : {} }),
  handle: (id: string, note: string) =>
    request<AlarmDetail>(`${alarm(id)}/handle`, { method: 'POST', body: { note } }),
  assign: (id: string, userId: string, note?: string) =>
    request<AlarmDetail>(`${alarm(id)}/assign`, {
      method: 'POST',
      body: note ? { userId, note } : { userId },
    }),
  comment: (id: string, note: string) =>
    request<AlarmDetail>(`${alarm(id)}/comment`, { method: 'POST', body: { note } }),
  close: (id: string, note: string) =>
    request<AlarmDetail>(`${alarm(id)}/close`, { method: 'POST', body: { note } }),
  toIncident: (id: string, note?: string) =>
    request<EscalateAlarmResult>(`${alarm(id)}/incident`, { method: 'POST', body: note ? { note } : {} }),
};

export const alarmKeys = {
  all: ['alarms'] as const,
  lists: ['alarms', 'list'] as const,
  list: (params: object) => ['alarms', 'list', params] as const,
  detail: (id: string | null) => ['alarms', 'detail', id] as const,
  summary: ['alarms', 'summary'] as const,
  stationLevels: ['alarms', 'station-levels'] as const,
  assignees: (id: string) => ['alarms', 'assignees', id] as const,
};
