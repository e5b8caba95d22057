/**
 * Request/response schemas of the reporting clock (信息报送, issue #6 part 4, contract section B): the reporting
 * status of an incident, the reports filed (初报/续报/核报, the 事故报告 chain, 伤亡变化补报), a draft prefilled from the
 * incident, and a filing with the required elements (时间、地点、单位、经过、伤亡、损失、措施、下一步). Shared by the server
 * (validation + OpenAPI) and the web. `ReportingStatusView` is api-incidents.ts's.
 */
import { z } from 'zod';
import { REPORT_RECIPIENTS } from '../calc/report-deadlines.ts';
import { ReportingStatusView } from './api-incidents.ts';
import { TRACKED_REPORT_STEPS, type TrackedReportStep } from './reporting-clock.ts';

const isoTime = z.string().describe('ISO 8601');
const count = z.number().int('须为整数').min(0, '不能为负数').max(100_000, '不超过 100000');
const text = (max: number) => z.string().trim().max(max, `最多 ${max} 个字符`);

/** One tracked report of `ReportingStatusView` (its element schema). */
export const TrackedReportView = ReportingStatusView.shape.reports.element;
export type TrackedReportView = z.infer<typeof TrackedReportView>;

/** 伤亡: cumulative counts at the time of the report. */
export const ReportCasualties = z.object({
  deaths: count,
  missing: count,
  seriousInjuries: count,
  injuries: count,
});
export type ReportCasualties = z.infer<typeof ReportCasualties>;

/** The elements of a report (规范突发事件信息报送要素); the .docx is rendered from these as filed. */
export const ReportElements = z.object({
  /** 事发时间 */
  occurredAt: z.string().datetime({ offset: true, message: '事发时间应为带时区的 ISO 8601 时间' }),
  /** 事发地点 */
  place: text(200).min(1, '请填写事发地点'),
  /** 事发单位 (or the village / area hit) */
  unit: text(200),
  /** 事件经过 */
  summary: text(4000).min(1, '请填写事件经过'),
  casualties: ReportCasualties,
  /** 损失情况 (direct loss, houses, farmland, infrastructure…) */
  losses: text(2000),
  /** 已采取的措施 */
  measures: text(2000),
  /** 下一步工作 */
  nextSteps: text(2000),
  /** 报告人 / 联系电话 */
  reporter: text(50).min(1, '请填写报告人'),
  phone: text(30),
  /** 签发人 (the leader who signs the report off), optional. */
  issuer: text(50).optional(),
});
export type ReportElements = z.infer<typeof ReportElements>;

/** `POST /incidents/:id/reports` */
export const FileReportRequest = z.object({
  step: z.enum(TRACKED_REPORT_STEPS),
  /** 续报 / 伤亡变化补报 number; absent → the earliest open one (domain `reportingStatus`). */
  n: z.number().int().min(1).max(10_000).optional(),
  /** Absent → the recipient of the step (the first one required and unfiled). */
  recipient: z.enum(REPORT_RECIPIENTS).optional(),
  /** When it was actually sent (≤ now); default now. */
  filedAt: z.string().datetime({ offset: true, message: '报送时间应为带时区的 ISO 8601 时间' }).optional(),
  content: ReportElements,
});
export type FileReportRequest = z.infer<typeof FileReportRequest>;

export const ReportView = z.object({
  id: z.string(),
  incidentId: z.string(),
  step: z.enum(TRACKED_REPORT_STEPS),
  n: z.number().int().nullable(),
  recipient: z.enum(REPORT_RECIPIENTS),
  filedAt: isoTime,
  filedByName: z.string(),
  /** 1-based within the incident: every filing is a new version. */
  version: z.number().int(),
  /** 初报 / 续报（第2次） / 核报 / 事故报告 / 伤亡变化补报（第1次）… */
  kindLabel: z.string(),
  content: ReportElements,
});
export type ReportView = z.infer<typeof ReportView>;

/** `GET /incidents/:id/reports` */
export const IncidentReportsView = z.object({
  status: ReportingStatusView,
  filed: z.array(ReportView),
});
export type IncidentReportsView = z.infer<typeof IncidentReportsView>;

/** `GET /incidents/:id/reports/draft?step=&n=` */
export const ReportDraftQuery = z.object({
  step: z.enum(TRACKED_REPORT_STEPS),
  n: z.coerce.number().int().min(1).max(10_000).optional(),
});
export type ReportDraftQuery = z.infer<typeof ReportDraftQuery>;

export const ReportDraft = z.object({
  step: z.enum(TRACKED_REPORT_STEPS),
  n: z.number().int().nullable(),
  recipient: z.enum(REPORT_RECIPIENTS),
  content: ReportElements,
});
export type ReportDraft = z.infer<typeof ReportDraft>;

/** The short kind of a step for titles: 初报 / 续报 / 核报 / 事故报告 / 补报. */
export function reportKindOf(step: TrackedReportStep): '初报' | '续报' | '核报' | '事故报告' | '补报' {
  switch (step) {
    case '初报':
    case '初报（市级上报）':
    case '初报（省级上报）':
      return '初报';
    case '续报':
      return '续报';
    case '核报':
      return '核报';
    case '事故报告':
    case '事故报告（县级上报）':
    case '事故报告（市级上报）':
    case '事故报告（省级上报）':
      return '事故报告';
    case '伤亡变化补报':
      return '补报';
  }
}

/** The label of a filing: the step, numbered for a series (`续报（第2次）`, `伤亡变化补报（第1次）`). */
export function reportKindLabel(step: TrackedReportStep, n: number | null): string {
  return n === null ? step : `${step}（第${n}次）`;
}
