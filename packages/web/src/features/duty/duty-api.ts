/** The duty-watch routes (值班值守, /api/v1/duty/…, contract §B) the duty desk and the roster use, one typed function each. */
import type {
  DutyCurrentView,
  DutyLogList,
  DutyLogRequest,
  DutyLogView,
  HandoverRequest,
  HandoverView,
  NilReportBoard,
  NilReportRequest,
  SaveShiftsRequest,
  ShiftsResponse,
} from '@ningan/domain';
import { downloadFile, request } from '../../api/client.ts';

const shift = (id: string) => `/duty/shifts/${encodeURIComponent(id)}`;

export const dutyApi = {
  shifts: (query: { from: string; to: string; regionCode?: string }) =>
    request<ShiftsResponse>('/duty/shifts', { query }),
  /** Replaces the region's shifts on the dates given; 400 lists every roster problem. */
  saveShifts: (body: SaveShiftsRequest) => request<ShiftsResponse>('/duty/shifts', { method: 'PUT', body }),
  deleteShift: (id: string) => request<undefined>(shift(id), { method: 'DELETE' }),
  current: (regionCode?: string) => request<DutyCurrentView>('/duty/current', { query: { regionCode } }),
  signIn: (shiftId: string) => request<unknown>(`${shift(shiftId)}/sign-in`, { method: 'POST', body: {} }),
  log: (query: { date?: string; regionCode?: string }) => request<DutyLogList>('/duty/log', { query }),
  addLog: (body: DutyLogRequest) => request<DutyLogView>('/duty/log', { method: 'POST', body }),
  closeLogItem: (seq: number) => request<DutyLogView>(`/duty/log/${seq}/close`, { method: 'POST', body: {} }),
  handOver: (body: HandoverRequest) => request<HandoverView>('/duty/handovers', { method: 'POST', body }),
  takeOver: (id: string) =>
    request<HandoverView>(`/duty/handovers/${encodeURIComponent(id)}/take-over`, {
      method: 'POST',
      body: {},
    }),
  nilReports: (date?: string) => request<NilReportBoard>('/duty/nil-reports', { query: { date } }),
  submitNilReport: (body: NilReportRequest) =>
    request<unknown>('/duty/nil-reports', { method: 'POST', body }),
  /** Starts the browser download of the 值班日报 (.docx); resolves with the file name. */
  downloadDailyReport: (date: string, regionCode: string | undefined, fallbackName: string) =>
    downloadFile('/duty/daily-report', { date, regionCode }, fallbackName),
};

export const dutyKeys = {
  all: ['duty'] as const,
  current: (regionCode: string | undefined) => ['duty', 'current', regionCode ?? ''] as const,
  log: (date: string, regionCode: string | undefined) => ['duty', 'log', date, regionCode ?? ''] as const,
  shifts: (from: string, to: string, regionCode: string | undefined) =>
    ['duty', 'shifts', from, to, regionCode ?? ''] as const,
  nilReports: (date: string) => ['duty', 'nil-reports', date] as const,
};
