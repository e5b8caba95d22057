/**
 * HTTP request/response schemas of the incidents API (issue #6 contract §A): intake (接报), field reports,
 * classification and grading, follow-ups, response level, merge, contact notes, close-out, findings (复盘), the
 * workspace and the timeline. Shared by the server (validation + OpenAPI) and the web forms.
 * Times in responses are ISO strings (UTC `Z`); request times are ISO 8601 with an offset.
 */
import { z } from 'zod';
import { pageOf } from '../api.ts';
import { EventClassSchema, EventTypeIdSchema, REPORTING_REGIMES } from './classification.ts';
import { TYPE_MATCHES } from './duplicates.ts';
import { IncidentFiguresSchema, IncidentGradeSchema, RESPONSE_LEVELS } from './grading.ts';
import { REPORT_PARTIES, REPORT_STATES } from './reporting-clock.ts';

const Uuid = (message = 'ID 无效') => z.string().uuid(message);
const IsoTime = z.string().datetime({ offset: true, message: '应为带时区的 ISO 8601 时间' });
const Lon = z.number().min(-180, '经度应在 −180…180').max(180, '经度应在 −180…180');
const Lat = z.number().min(-90, '纬度应在 −90…90').max(90, '纬度应在 −90…90');
const RegionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6/9/12 位数字');
const Text = (max: number, label = '内容') =>
  z.string().trim().min(1, `${label}不能为空`).max(max, `${label}最多 ${max} 个字符`);
const Count = z.number().int('须为整数').min(0, '不能为负数');

export const INCIDENT_SOURCES = ['alarm', 'manual', 'phone', 'field', 'external_warning'] as const;
export type IncidentSource = (typeof INCIDENT_SOURCES)[number];
export const INCIDENT_SOURCE_LABELS: Record<IncidentSource, string> = {
  alarm: '监测告警',
  manual: '手工录入',
  phone: '电话接报',
  field: '村灾害信息员报告',
  external_warning: '外部预警',
};

export const INCIDENT_STATUSES = ['reported', 'responding', 'closed', 'merged'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = {
  reported: '已接报',
  responding: '响应中',
  closed: '已结束',
  merged: '已合并',
};

/** Timeline entry kinds (incident_timeline.kind). */
export const TIMELINE_KINDS = [
  'intake',
  'follow_up',
  'grading',
  'decision',
  'report',
  'deadline',
  'activation',
  'notification',
  'ack',
  'task',
  'feedback',
  'allocation',
  'warning',
  'contact',
  'sitrep',
  'impact',
  'merge',
  'close',
  'review',
  'note',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export const TIMELINE_KIND_LABELS: Record<TimelineKind, string> = {
  intake: '接报',
  follow_up: '续报',
  grading: '定级',
  decision: '决策',
  report: '信息报送',
  deadline: '报送时限',
  activation: '启动预案',
  notification: '通知',
  ack: '叫应',
  task: '任务',
  feedback: '反馈',
  allocation: '物资调拨',
  warning: '预警',
  contact: '联络',
  sitrep: '态势报告',
  impact: '影响分析',
  merge: '合并',
  close: '结束',
  review: '复盘',
  note: '备注',
};

export const ACCIDENT_TYPES = ['road-traffic', 'fire'] as const;

/** Domain IncidentFigures + extra counts shown but not used for grading. */
export const IncidentFiguresView = IncidentFiguresSchema.extend({
  injuries: Count.optional(),
  affectedPeople: Count.optional(),
  evacuated: Count.optional(),
});
export type IncidentFiguresView = z.infer<typeof IncidentFiguresView>;

export const ReportingSummaryView = z.object({
  next: z
    .object({ step: z.string(), to: z.string(), due: z.string(), state: z.enum(REPORT_STATES) })
    .nullable(),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
});
export type ReportingSummaryView = z.infer<typeof ReportingSummaryView>;

export const IncidentView = z.object({
  id: z.string(),
  title: z.string(),
  source: z.enum(INCIDENT_SOURCES),
  status: z.enum(INCIDENT_STATUSES),
  eventType: EventTypeIdSchema.nullable(),
  eventTypeLabel: z.string().nullable(),
  eventClass: EventClassSchema.nullable(),
  grade: IncidentGradeSchema.nullable(),
  responseLevel: z.enum(RESPONSE_LEVELS).nullable(),
  regionCode: z.string(),
  regionName: z.string(),
  townshipName: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  place: z.string().nullable(),
  occurredAt: z.string(),
  knownAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  figures: IncidentFiguresView,
  version: z.number().int(),
  reportingSummary: ReportingSummaryView,
  openTasks: z.number().int(),
  mergedIntoId: z.string().nullable(),
});
export type IncidentView = z.infer<typeof IncidentView>;

export const IncidentListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  status: z
    .string()
    .optional()
    .describe('逗号分隔：reported,responding,closed,merged')
    .superRefine((text, ctx) => {
      if (text === undefined) return;
      for (const s of text.split(',')) {
        if (!(INCIDENT_STATUSES as readonly string[]).includes(s.trim()))
          ctx.addIssue({ code: 'custom', message: `未知的事件状态：${s}` });
      }
    }),
  eventClass: EventClassSchema.optional(),
  q: z.string().trim().max(100).optional().describe('标题、地点、描述'),
  from: IsoTime.optional().describe('事发时间不早于'),
  to: IsoTime.optional().describe('事发时间不晚于'),
});
export type IncidentListQuery = z.infer<typeof IncidentListQuery>;
export const IncidentPage = pageOf(IncidentView);

export const ReportingStatusView = z.object({
  regime: z.enum(REPORTING_REGIMES),
  reports: z.array(
    z.object({
      step: z.string(),
      to: z.string(),
      party: z.enum(REPORT_PARTIES),
      n: z.number().int().nullable(),
      due: z.string(),
      warnAt: z.string(),
      state: z.enum(REPORT_STATES),
      filedAt: z.string().nullable(),
    }),
  ),
  nextTimerAt: z.string().nullable(),
  supplementaryWindowEnds: z.string().nullable(),
});
export type ReportingStatusView = z.infer<typeof ReportingStatusView>;

export const DuplicateCandidateView = z.object({
  incident: IncidentView,
  distanceKm: z.number(),
  minutesApart: z.number(),
  typeMatch: z.enum(TYPE_MATCHES),
});
export type DuplicateCandidateView = z.infer<typeof DuplicateCandidateView>;

export const IntakeCaller = z
  .object({
    name: Text(50, '来电人'),
    phone: z.string().trim().max(30, '电话最多 30 个字符').optional(),
    unit: z.string().trim().max(80, '单位最多 80 个字符').optional(),
  })
  .strict();

export const IncidentIntakeView = z.object({
  caller: z
    .object({ name: z.string(), phone: z.string().optional(), unit: z.string().optional() })
    .optional(),
  place: z.string().optional(),
  measuresTaken: z.string().optional(),
  casualtiesText: z.string().optional(),
  accidentType: z.enum(ACCIDENT_TYPES).optional(),
  hazard: z.string().optional(),
  accuracyM: z.number().optional(),
  photoIds: z.array(z.string()).optional(),
  externalWarningId: z.string().optional(),
  externalWarningTitle: z.string().optional(),
  clientId: z.string().optional(),
  reportedByName: z.string().optional(),
});
export type IncidentIntakeView = z.infer<typeof IncidentIntakeView>;

export const IncidentDetail = IncidentView.extend({
  description: z.string().nullable(),
  intake: IncidentIntakeView,
  gradeBasis: z.array(z.string()),
  gradingRule: z.string().nullable(),
  reporting: ReportingStatusView,
  duplicates: z.array(DuplicateCandidateView),
  alarmId: z.string().nullable(),
  closeSummary: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type IncidentDetail = z.infer<typeof IncidentDetail>;

export const DuplicatesRequest = z
  .object({ eventType: EventTypeIdSchema, occurredAt: IsoTime, lon: Lon, lat: Lat })
  .strict();
export type DuplicatesRequest = z.infer<typeof DuplicatesRequest>;
export const DuplicatesResponse = z.object({ items: z.array(DuplicateCandidateView) });

/** 接报 by phone (or typed in by hand). */
export const IntakeRequest = z
  .object({
    source: z.enum(['phone', 'manual']),
    title: z.string().trim().min(1).max(120, '标题最多 120 个字符').optional(),
    eventType: EventTypeIdSchema,
    occurredAt: IsoTime,
    knownAt: IsoTime.optional(),
    regionCode: RegionCode,
    lon: Lon.optional(),
    lat: Lat.optional(),
    place: Text(200, '地点'),
    description: Text(4000, '事件经过'),
    figures: IncidentFiguresView.strict().optional(),
    caller: IntakeCaller,
    measuresTaken: z.string().trim().max(2000, '已采取措施最多 2000 个字符').optional(),
    accidentType: z.enum(ACCIDENT_TYPES).optional(),
    hazard: z.string().trim().max(40).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.lon === undefined) !== (v.lat === undefined))
      ctx.addIssue({ code: 'custom', path: ['lon'], message: '经度和纬度须同时填写' });
  });
export type IntakeRequest = z.infer<typeof IntakeRequest>;

export const FIELD_PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Decoded bytes per field-report photo. */
export const FIELD_PHOTO_MAX_BYTES = 1_500_000;
export const FIELD_PHOTO_MAX_COUNT = 3;

export const FieldPhoto = z
  .object({
    fileName: Text(120, '文件名'),
    contentType: z.enum(FIELD_PHOTO_TYPES, { error: '照片应为 JPEG、PNG 或 WebP' }),
    // base64 of ≤ 1.5 MB is ≤ 2,000,000 characters; the decoded size is checked again on the server
    dataBase64: z
      .string()
      .min(1, '照片内容为空')
      .max(2_000_004, '照片不能超过 1.5 MB')
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, '照片内容不是有效的 base64'),
  })
  .strict();
export type FieldPhoto = z.infer<typeof FieldPhoto>;

/** A village information officer's report from a phone (regionCode = the officer's village). */
export const FieldReportRequest = z
  .object({
    clientId: Uuid('clientId 应为 UUID'),
    eventType: EventTypeIdSchema,
    lon: Lon,
    lat: Lat,
    accuracyM: z.number().min(0).max(100_000).optional(),
    description: Text(500, '情况描述'),
    deaths: Count.optional(),
    injuries: Count.optional(),
    missing: Count.optional(),
    photos: z.array(FieldPhoto).max(FIELD_PHOTO_MAX_COUNT, '最多 3 张照片').optional(),
  })
  .strict();
export type FieldReportRequest = z.infer<typeof FieldReportRequest>;
export const FieldReportResponse = z.object({ incidentId: z.string(), created: z.boolean() });
export type FieldReportResponse = z.infer<typeof FieldReportResponse>;

export const FromExternalWarningRequest = z.object({ eventType: EventTypeIdSchema }).strict();
export type FromExternalWarningRequest = z.infer<typeof FromExternalWarningRequest>;

export const IncidentPatchRequest = z
  .object({
    version: z.number().int().min(1),
    title: z.string().trim().min(1).max(120).optional(),
    eventType: EventTypeIdSchema.optional(),
    regionCode: RegionCode.optional(),
    lon: Lon.optional(),
    lat: Lat.optional(),
    place: z.string().trim().max(200).optional(),
    description: z.string().trim().max(4000).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if ((v.lon === undefined) !== (v.lat === undefined))
      ctx.addIssue({ code: 'custom', path: ['lon'], message: '经度和纬度须同时填写' });
  });
export type IncidentPatchRequest = z.infer<typeof IncidentPatchRequest>;

export const FollowUpRequest = z
  .object({
    at: IsoTime.optional(),
    figures: IncidentFiguresView.strict(),
    note: Text(2000, '续报说明'),
    stabilized: z.boolean().optional(),
  })
  .strict();
export type FollowUpRequest = z.infer<typeof FollowUpRequest>;

export const ResponseLevelRequest = z
  .object({
    level: z.enum(RESPONSE_LEVELS, { error: '响应级别应为 Ⅰ、Ⅱ、Ⅲ 或 Ⅳ' }),
    reason: Text(1000, '决策依据'),
  })
  .strict();
export type ResponseLevelRequest = z.infer<typeof ResponseLevelRequest>;

export const MergeRequest = z.object({ duplicateId: Uuid('重复事件 ID 无效') }).strict();
export type MergeRequest = z.infer<typeof MergeRequest>;

export const CONTACT_CHANNELS = ['phone', 'radio', 'video', 'meeting', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];
export const CONTACT_CHANNEL_LABELS: Record<ContactChannel, string> = {
  phone: '电话',
  radio: '电台',
  video: '视频',
  meeting: '会商',
  other: '其他',
};
export const ContactNoteRequest = z
  .object({
    channel: z.enum(CONTACT_CHANNELS),
    party: Text(100, '联络对象'),
    summary: Text(2000, '联络内容'),
    at: IsoTime.optional(),
  })
  .strict();
export type ContactNoteRequest = z.infer<typeof ContactNoteRequest>;

export const CloseRequest = z
  .object({ summary: Text(4000, '结束说明'), force: z.boolean().optional() })
  .strict();
export type CloseRequest = z.infer<typeof CloseRequest>;

export const TimelineEntryView = z.object({
  seq: z.number().int(),
  incidentId: z.string(),
  at: z.string(),
  kind: z.string(),
  actorName: z.string(),
  summary: z.string(),
  data: z.unknown().nullable(),
  refId: z.string().nullable(),
});
export type TimelineEntryView = z.infer<typeof TimelineEntryView>;
export const TimelineQuery = z.object({ afterSeq: z.coerce.number().int().min(0).optional() });
export const TimelineResponse = z.object({ items: z.array(TimelineEntryView) });

// ---- findings (复盘)

export const FINDING_STATES = ['open', 'rectified', 'verified'] as const;
export type FindingState = (typeof FINDING_STATES)[number];
export const FINDING_STATE_LABELS: Record<FindingState, string> = {
  open: '待整改',
  rectified: '已整改待验证',
  verified: '已验证销号',
};

export const FindingView = z.object({
  id: z.string(),
  incidentId: z.string(),
  incidentTitle: z.string().optional(),
  finding: z.string(),
  responsibleUnit: z.string(),
  responsibleOrgUnitId: z.string().nullable(),
  dueOn: z.string(),
  state: z.enum(FINDING_STATES),
  rectification: z.string().nullable(),
  rectifiedAt: z.string().nullable(),
  verifiedByName: z.string().nullable(),
  verifiedAt: z.string().nullable(),
  verificationNote: z.string().nullable(),
  overdue: z.boolean(),
  createdByName: z.string(),
  createdAt: z.string(),
});
export type FindingView = z.infer<typeof FindingView>;
export const FindingsResponse = z.object({ items: z.array(FindingView) });

export const CreateFindingRequest = z
  .object({
    finding: Text(2000, '问题'),
    responsibleUnit: Text(100, '责任单位'),
    responsibleOrgUnitId: Uuid('责任单位 ID 无效').optional(),
    dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '整改期限应为 YYYY-MM-DD'),
  })
  .strict();
export type CreateFindingRequest = z.infer<typeof CreateFindingRequest>;
export const RectifyFindingRequest = z.object({ rectification: Text(2000, '整改情况') }).strict();
export type RectifyFindingRequest = z.infer<typeof RectifyFindingRequest>;
export const VerifyFindingRequest = z
  .object({ accepted: z.boolean(), note: Text(1000, '验证意见') })
  .strict();
export type VerifyFindingRequest = z.infer<typeof VerifyFindingRequest>;
export const FindingListQuery = z.object({
  state: z.enum(FINDING_STATES).optional(),
});

/**
 * The finding state machine: open → rectified (整改) → verified (验证通过); a rejected verification sends it back
 * to open. Returns the next state or null when the action is not allowed in `state`.
 */
export function nextFindingState(
  state: FindingState,
  action: 'rectify' | 'verify_accept' | 'verify_reject',
): FindingState | null {
  switch (action) {
    case 'rectify':
      return state === 'open' ? 'rectified' : null;
    case 'verify_accept':
      return state === 'rectified' ? 'verified' : null;
    case 'verify_reject':
      return state === 'rectified' ? 'open' : null;
  }
}

// ---- workspace

/** The workspace's own part (incident, timeline, findings); `WorkspaceView` (api-workspace.ts) adds the rest. */
export const WorkspaceCore = z.object({
  incident: IncidentDetail,
  timeline: z.array(TimelineEntryView),
  findings: z.array(FindingView),
});
export type WorkspaceCore = z.infer<typeof WorkspaceCore>;
