/**
 * The warning routes (预警发布, issue #5): issuance (/api/v1/warnings…), dissemination (progress, deliveries,
 * 叫应), external CAP in, the in-app inbox, and the public routes that need no login. One typed function each.
 */
import { API_BASE, ApiError, request } from '../../api/client.ts';
import type {
  CallAnswerResult,
  CallBoard,
  CreateWarningRequest,
  DeliveryPage,
  ExternalWarningView,
  IngestExternalWarningResult,
  InboxItem,
  PublicCallView,
  PublicWarningList,
  UpdateWarningRequest,
  WarningActionName,
  WarningDetail,
  WarningHazardKey,
  WarningListPage,
  WarningPreview,
  WarningPreviewRequest,
  WarningProgress,
} from './warnings-types.ts';

export interface WarningFilters {
  /** Comma-separated states. */
  state?: string;
  phase?: 'active' | 'superseded' | 'cancelled' | 'expired';
  hazard?: WarningHazardKey;
  /** Comma-separated levels. */
  level?: string;
  msgType?: string;
  q?: string;
}

export type PreviewInput = WarningPreviewRequest;

const warning = (id: string) => `/warnings/${encodeURIComponent(id)}`;

/** GET a text document (an XML file) with the session cookie; an error answer becomes an ApiError. */
async function fetchText(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, 'network_error', '无法连接服务器，请检查网络后重试');
  }
  const text = await response.text();
  if (!response.ok)
    throw new ApiError(response.status, 'bad_response', `无法获取文档（HTTP ${response.status}）`);
  return text;
}

export const warningsApi = {
  list: (filters: WarningFilters & { page: number; pageSize: number }) =>
    request<WarningListPage>('/warnings', { query: { ...filters } }),
  get: (id: string) => request<WarningDetail>(warning(id)),
  preview: (input: PreviewInput, signal?: AbortSignal) =>
    request<WarningPreview>('/warnings/preview', { method: 'POST', body: input, ...(signal && { signal }) }),
  create: (input: CreateWarningRequest) =>
    request<WarningDetail>('/warnings', { method: 'POST', body: input }),
  update: (id: string, input: UpdateWarningRequest) =>
    request<WarningDetail>(warning(id), { method: 'PATCH', body: input }),
  remove: (id: string) => request<void>(warning(id), { method: 'DELETE' }),
  act: (id: string, action: WarningActionName, reason?: string) =>
    request<WarningDetail>(`${warning(id)}/actions`, {
      method: 'POST',
      body: reason ? { action, reason } : { action },
    }),
  /** A new draft Update of the chain (never an edit of the published message). */
  startUpdate: (id: string, reason: string) =>
    request<WarningDetail>(`${warning(id)}/update`, { method: 'POST', body: reason ? { reason } : {} }),
  /** A new draft Cancel (解除) of the chain. */
  startCancel: (id: string, reason: string) =>
    request<WarningDetail>(`${warning(id)}/cancel`, { method: 'POST', body: { reason } }),
  /** The published CAP 1.2 document as text. */
  capXml: (id: string) => fetchText(`${API_BASE}${warning(id)}/cap.xml`),
  capUrl: (id: string, national = false) =>
    `/api/v1${warning(id)}/cap.xml${national ? '?profile=national' : ''}`,

  progress: (id: string) => request<WarningProgress>(`${warning(id)}/progress`),
  deliveries: (id: string, query: { township?: string; channel?: string; state?: string; page: number }) =>
    request<DeliveryPage>(`${warning(id)}/deliveries`, { query }),
  calls: (id: string) => request<CallBoard>(`${warning(id)}/calls`),
  answerCall: (callId: string, via: 'app' | 'phone', note?: string) =>
    request<CallAnswerResult>(`/warnings/calls/${encodeURIComponent(callId)}/answer`, {
      method: 'POST',
      body: note ? { via, note } : { via },
    }),

  externalList: () => request<{ items: ExternalWarningView[]; total: number }>('/warnings/external'),
  externalGet: (id: string) => request<ExternalWarningView>(`/warnings/external/${encodeURIComponent(id)}`),
  externalReceive: (input: { xml: string } | { url: string }) =>
    request<IngestExternalWarningResult>('/warnings/external', { method: 'POST', body: input }),
  externalRelay: (id: string) =>
    request<WarningDetail>(`/warnings/external/${encodeURIComponent(id)}/relay`, {
      method: 'POST',
      body: {},
    }),
  externalDismiss: (id: string) =>
    request<ExternalWarningView>(`/warnings/external/${encodeURIComponent(id)}/dismiss`, {
      method: 'POST',
      body: {},
    }),

  inbox: () => request<{ items: InboxItem[] }>('/me/warnings'),
  received: (deliveryId: number) =>
    request<unknown>(`/me/warnings/${deliveryId}/received`, {
      method: 'POST',
      body: {},
    }),
};

/** No login: the public page and the 叫应 answer link. */
export const publicWarningsApi = {
  active: () => request<PublicWarningList>('/public/warnings'),
  call: (token: string) => request<PublicCallView>(`/public/calls/${encodeURIComponent(token)}`),
  answer: (token: string, note?: string) =>
    request<CallAnswerResult>('/public/calls/answer', {
      method: 'POST',
      body: note ? { token, note } : { token },
    }),
};

export const warningKeys = {
  all: ['warnings'] as const,
  lists: ['warnings', 'list'] as const,
  list: (params: object) => ['warnings', 'list', params] as const,
  detail: (id: string) => ['warnings', 'detail', id] as const,
  progress: (id: string) => ['warnings', 'progress', id] as const,
  calls: (id: string) => ['warnings', 'calls', id] as const,
  deliveries: (id: string, params: object) => ['warnings', 'deliveries', id, params] as const,
  external: ['warnings', 'external'] as const,
  inbox: ['warnings', 'inbox'] as const,
  publicActive: ['public', 'warnings'] as const,
  publicCall: (token: string) => ['public', 'call', token] as const,
};
