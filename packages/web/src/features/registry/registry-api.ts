/** The ledger routes (/api/v1/ledger/…) the registry screens use, one typed function each. */
import type {
  AttachmentList,
  AttachmentView,
  AuditView,
  LedgerCreateRequest,
  LedgerRecordView,
  LedgerUpdateRequest,
  Page,
} from '@ningan/domain';
import {
  apiUrl,
  downloadFile,
  request,
  upload,
  uploadImport,
  type ImportStage,
  type QueryValue,
} from '../../api/client.ts';
import type { ImportResult } from '../../api/types.ts';

/** GET /ledger/summary: records per registry in the user's jurisdiction, and per grade. */
export interface LedgerSummaryItem {
  registry: string;
  total: number;
  byGrade: Record<string, number>;
}

/** The list filters (q, regionCode, grade and the registry's own filter fields); exports take the same. */
export type LedgerFilters = Record<string, QueryValue>;

export type ExportFormat = 'xlsx' | 'csv' | 'geojson';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const base = (registry: string) => `/ledger/${encodeURIComponent(registry)}`;
const one = (registry: string, id: string) => `${base(registry)}/${encodeURIComponent(id)}`;

export const ledgerApi = {
  summary: () => request<{ items: LedgerSummaryItem[] }>('/ledger/summary'),
  list: (registry: string, params: LedgerFilters & { page?: number; pageSize?: number; sort?: string }) =>
    request<Page<LedgerRecordView>>(base(registry), { query: params }),
  get: (registry: string, id: string) => request<LedgerRecordView>(one(registry, id)),
  create: (registry: string, body: Partial<LedgerCreateRequest>) =>
    request<LedgerRecordView>(base(registry), { method: 'POST', body }),
  update: (registry: string, id: string, body: LedgerUpdateRequest) =>
    request<LedgerRecordView>(one(registry, id), { method: 'PATCH', body }),
  remove: (registry: string, id: string) => request<undefined>(one(registry, id), { method: 'DELETE' }),
  history: (registry: string, id: string, params: { page?: number; pageSize?: number } = {}) =>
    request<Page<AuditView>>(`${one(registry, id)}/history`, { query: { ...params } }),
  /** Starts the browser download of the filtered list; resolves with the file name. */
  exportList: (registry: string, format: ExportFormat, filters: LedgerFilters, fallbackName: string) =>
    downloadFile(`${base(registry)}/export`, { ...filters, format }, fallbackName),
  templateUrl: (registry: string) => apiUrl(`${base(registry)}/template`),
  /** All-or-nothing import of an .xlsx, CSV or GeoJSON file; `dryRun` only validates and counts; progress streamed. */
  importFile: (
    registry: string,
    file: Blob,
    contentType: string,
    dryRun: boolean,
    onStage: (stage: ImportStage) => void,
  ) =>
    uploadImport<ImportResult>(
      `${base(registry)}/import`,
      file,
      contentType,
      { dryRun: dryRun ? 'true' : 'false' },
      onStage,
    ),
  /** A record's files and the upload rules (plans, drills). */
  attachments: (registry: string, id: string) => request<AttachmentList>(`${one(registry, id)}/attachments`),
  /** Sends a file as the raw body; the server decides its type from the content. */
  uploadAttachment: (registry: string, id: string, file: File) =>
    upload<AttachmentView>(`${one(registry, id)}/attachments`, file, 'application/octet-stream', {
      fileName: file.name,
    }),
  /** Starts the browser download of one file; resolves with its name. */
  downloadAttachment: (registry: string, id: string, file: Pick<AttachmentView, 'id' | 'fileName'>) =>
    downloadFile(`${one(registry, id)}/attachments/${encodeURIComponent(file.id)}`, {}, file.fileName),
  removeAttachment: (registry: string, id: string, attachmentId: string) =>
    request<undefined>(`${one(registry, id)}/attachments/${encodeURIComponent(attachmentId)}`, {
      method: 'DELETE',
    }),
};

/** Query keys: everything of one registry under ['ledger', key] so one invalidation refreshes it all. */
export const ledgerKeys = {
  all: ['ledger'] as const,
  summary: ['ledger', 'summary'] as const,
  registry: (registry: string) => ['ledger', registry] as const,
  list: (registry: string, params: object) => ['ledger', registry, 'list', params] as const,
  detail: (registry: string, id: string | null) => ['ledger', registry, 'detail', id] as const,
  history: (registry: string, id: string) => ['ledger', registry, 'history', id] as const,
  attachments: (registry: string, id: string) => ['ledger', registry, 'attachments', id] as const,
};
