/**
 * The 一盘棋 routes (issue #6 contract §A–C) the incident screens use: incidents and their workspace, the
 * reporting clock, response (plans, 叫应, tasks, allocations, recommendation, impact, 态势), findings, and the
 * public HQ 叫应 answer. One typed function each; the shapes are the server's zod views from @ningan/domain.
 */
import type {
  ActivateRequest,
  ActivationView,
  AllocateRequest,
  CommandNoticeList,
  AllocationView,
  CloseRequest,
  ContactNoteRequest,
  CreateFindingRequest,
  CreateTaskRequest,
  DuplicatesRequest,
  FieldReportRequest,
  FieldReportResponse,
  FileReportRequest,
  FindingView,
  FollowUpRequest,
  HqAckAnswerView,
  ImpactRequest,
  ImpactView,
  IncidentDetail,
  IncidentReportsView,
  IncidentView,
  IntakeRequest,
  DuplicateCandidateView,
  Page,
  PlanSuggestion,
  RecommendRequest,
  RecommendView,
  ReportDraft,
  ReportView,
  ResponseLevelRequest,
  SitrepContent,
  SitrepView,
  TaskActionRequest,
  TaskDetail,
  TaskState,
  TaskView,
  TimelineEntryView,
  TrackedReportStep,
  WorkspaceView,
} from '@ningan/domain';
import { queryOptions } from '@tanstack/react-query';
import { apiUrl, request } from '../../api/client.ts';

/** The incident workspace in one call (tasks, allocations, activations, situation reports and reports typed). */
export type Workspace = WorkspaceView;

export interface IncidentFilters {
  /** Comma-separated statuses. */
  status?: string;
  eventClass?: string;
  q?: string;
  from?: string;
  to?: string;
}

const incident = (id: string) => `/incidents/${encodeURIComponent(id)}`;
const post = <T>(path: string, body: unknown = {}) => request<T>(path, { method: 'POST', body });

export const commandApi = {
  list: (filters: IncidentFilters & { page: number; pageSize: number }) =>
    request<Page<IncidentView>>('/incidents', { query: { ...filters } }),
  get: (id: string) => request<IncidentDetail>(incident(id)),
  workspace: (id: string) => request<Workspace>(`${incident(id)}/workspace`),
  timeline: (id: string, afterSeq: number) =>
    request<{ items: TimelineEntryView[] }>(`${incident(id)}/timeline`, { query: { afterSeq } }),
  duplicates: (body: DuplicatesRequest) =>
    post<{ items: DuplicateCandidateView[] }>('/incidents/duplicates', body),
  intake: (body: IntakeRequest) => post<IncidentDetail>('/incidents', body),
  fieldReport: (body: FieldReportRequest) => post<FieldReportResponse>('/incidents/field-reports', body),
  merge: (id: string, duplicateId: string) => post<IncidentDetail>(`${incident(id)}/merge`, { duplicateId }),
  followUp: (id: string, body: FollowUpRequest) => post<IncidentDetail>(`${incident(id)}/follow-ups`, body),
  responseLevel: (id: string, body: ResponseLevelRequest) =>
    post<IncidentDetail>(`${incident(id)}/response-level`, body),
  contact: (id: string, body: ContactNoteRequest) =>
    post<TimelineEntryView>(`${incident(id)}/contacts`, body),
  close: (id: string, body: CloseRequest) => post<IncidentDetail>(`${incident(id)}/close`, body),

  // 信息报送
  reports: (id: string) => request<IncidentReportsView>(`${incident(id)}/reports`),
  reportDraft: (id: string, step: TrackedReportStep, n?: number) =>
    request<ReportDraft>(`${incident(id)}/reports/draft`, { query: { step, n } }),
  fileReport: (id: string, body: FileReportRequest) => post<ReportView>(`${incident(id)}/reports`, body),
  reportDocumentUrl: (reportId: string) =>
    apiUrl(`/incident-reports/${encodeURIComponent(reportId)}/document`),

  // 响应: plans, activation, 叫应
  planSuggestions: (id: string) => request<{ items: PlanSuggestion[] }>(`${incident(id)}/plan-suggestions`),
  activate: (id: string, body: ActivateRequest) => post<ActivationView>(`${incident(id)}/activations`, body),
  notices: (id: string) => request<CommandNoticeList>(`${incident(id)}/notices`),
  answerAck: (ackId: string, note: string) =>
    post<unknown>(`/incident-acks/${encodeURIComponent(ackId)}/answer`, { via: 'phone', note }),

  // 调度
  createTask: (id: string, body: CreateTaskRequest) => post<TaskView>(`${incident(id)}/tasks`, body),
  myTasks: (state?: TaskState) => request<{ items: TaskView[] }>('/tasks/mine', { query: { state } }),
  task: (taskId: string) => request<TaskDetail>(`/tasks/${encodeURIComponent(taskId)}`),
  taskAction: (taskId: string, body: TaskActionRequest) =>
    post<TaskDetail>(`/tasks/${encodeURIComponent(taskId)}/actions`, body),
  fileUrl: (fileId: string) => apiUrl(`/incident-files/${encodeURIComponent(fileId)}`),

  // 物资 and 影响
  recommend: (id: string, body: RecommendRequest) => post<RecommendView>(`${incident(id)}/recommend`, body),
  allocate: (id: string, body: AllocateRequest) => post<AllocationView>(`${incident(id)}/allocations`, body),
  allocationStep: (allocationId: string, step: 'ship' | 'arrive', note?: string) =>
    post<AllocationView>(
      `/incident-allocations/${encodeURIComponent(allocationId)}/${step}`,
      note ? { note } : {},
    ),
  impact: (id: string, body: ImpactRequest) => post<ImpactView>(`${incident(id)}/impact`, body),

  // 态势
  compileSitrep: (id: string, text?: string) =>
    post<SitrepView>(`${incident(id)}/sitreps`, text ? { text } : {}),
  updateSitrep: (sitrepId: string, content: SitrepContent) =>
    request<SitrepView>(`/incident-sitreps/${encodeURIComponent(sitrepId)}`, {
      method: 'PATCH',
      body: { content },
    }),
  sitrepStep: (sitrepId: string, step: 'approve' | 'publish') =>
    post<SitrepView>(`/incident-sitreps/${encodeURIComponent(sitrepId)}/${step}`),
  sitrepDocumentUrl: (sitrepId: string) =>
    apiUrl(`/incident-sitreps/${encodeURIComponent(sitrepId)}/document`),

  // 复盘
  createFinding: (id: string, body: CreateFindingRequest) =>
    post<FindingView>(`${incident(id)}/findings`, body),
  rectifyFinding: (findingId: string, rectification: string) =>
    post<FindingView>(`/incident-findings/${encodeURIComponent(findingId)}/rectify`, { rectification }),
  verifyFinding: (findingId: string, accepted: boolean, note: string) =>
    post<FindingView>(`/incident-findings/${encodeURIComponent(findingId)}/verify`, { accepted, note }),
};

/** No login: the HQ member's 叫应 answer link. */
export const hqAckApi = {
  answer: (token: string) => post<HqAckAnswerView>('/hq-acks/answer', { token }),
};

/** Query keys: everything of one incident under ['command', 'incident', id]. */
export const commandKeys = {
  all: ['command'] as const,
  lists: ['command', 'list'] as const,
  list: (params: object) => ['command', 'list', params] as const,
  incident: (id: string) => ['command', 'incident', id] as const,
  workspace: (id: string) => ['command', 'incident', id, 'workspace'] as const,
  plans: (id: string) => ['command', 'incident', id, 'plans'] as const,
  notices: (id: string) => ['command', 'incident', id, 'notices'] as const,
  reportDraft: (id: string, step: string, n: number | undefined) =>
    ['command', 'incident', id, 'draft', step, n ?? null] as const,
  myTasks: ['command', 'my-tasks'] as const,
  task: (taskId: string) => ['command', 'task', taskId] as const,
};

/** The workspace query of an incident: the page's, and the prefetches ahead of it (links, a direct URL). */
export const workspaceQuery = (id: string) =>
  queryOptions({ queryKey: commandKeys.workspace(id), queryFn: () => commandApi.workspace(id) });
