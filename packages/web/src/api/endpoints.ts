/** Typed wrappers, one per API route the console uses (contract: /api/v1, see README). */
import type {
  AuditView,
  ContactView,
  CreateContactRequest,
  CreateOrgUnitRequest,
  CreateEnterpriseRequest,
  CreateUserRequest,
  EnterpriseListItem,
  EnterpriseView,
  ExpiryItem,
  LoginResponse,
  OrgUnitView,
  Page,
  RegionDetail,
  SessionView,
  UpdateEnterpriseRequest,
  UpdateUserRequest,
  UserView,
} from '@ningan/domain';
import { apiUrl, downloadFile, request, uploadImport, type ImportStage, type QueryValue } from './client.ts';
import type {
  AuditVerifyResult,
  BoundaryCollection,
  ImportResult,
  PublicConfig,
  RiverCollection,
  RoleInfo,
  VillageCollection,
} from './types.ts';

export interface ListParams {
  page?: number;
  pageSize?: number;
  q?: string;
  sort?: string;
}

/** The bodies as the forms send them: defaults filled in explicitly. */
export type CreateUserBody = CreateUserRequest;
export type UpdateUserBody = UpdateUserRequest;
export type OrgUnitBody = CreateOrgUnitRequest;
export type ContactBody = CreateContactRequest;
export type EnterpriseBody = CreateEnterpriseRequest;
export type EnterprisePatch = UpdateEnterpriseRequest;

/** The filters of the enterprise list; the Excel export takes the same. */
export interface EnterpriseFilters extends Record<string, QueryValue> {
  q?: string;
  industry?: string;
  scale?: string;
  regionCode?: string;
  /** red | orange | yellow | blue | none (no risk point). */
  riskColor?: string;
}

export const api = {
  getPublicConfig: () => request<PublicConfig>('/config/public'),

  login: (username: string, password: string) =>
    request<LoginResponse>('/auth/login', { method: 'POST', body: { username, password } }),
  getSession: () => request<SessionView>('/auth/session'),
  logout: () => request<undefined>('/auth/logout', { method: 'POST' }),
  changePassword: (currentPassword: string, newPassword: string) =>
    request<undefined>('/auth/password', { method: 'POST', body: { currentPassword, newPassword } }),

  getRegion: (code: string) => request<RegionDetail>(`/regions/${encodeURIComponent(code)}`),
  getBoundary: (code: string) =>
    request<BoundaryCollection>(`/regions/${encodeURIComponent(code)}/boundary`, {
      query: { children: 1, neighbours: 1 },
    }),
  getVillages: (code: string) => request<VillageCollection>(`/regions/${encodeURIComponent(code)}/villages`),
  getRivers: (code: string) => request<RiverCollection>(`/regions/${encodeURIComponent(code)}/rivers`),

  listUsers: (params: ListParams) => request<Page<UserView>>('/users', { query: { ...params } }),
  getUser: (id: string) => request<UserView>(`/users/${encodeURIComponent(id)}`),
  createUser: (body: CreateUserBody) => request<UserView>('/users', { method: 'POST', body }),
  updateUser: (id: string, body: UpdateUserBody) =>
    request<UserView>(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  resetPassword: (id: string, newPassword: string) =>
    request<undefined>(`/users/${encodeURIComponent(id)}/reset-password`, {
      method: 'POST',
      body: { newPassword },
    }),
  unlockUser: (id: string) =>
    request<undefined>(`/users/${encodeURIComponent(id)}/unlock`, { method: 'POST' }),

  listRoles: () => request<RoleInfo[]>('/roles'),

  listOrgUnits: (params: ListParams & { kind?: string; regionCode?: string }) =>
    request<Page<OrgUnitView>>('/org-units', { query: { ...params } }),
  getOrgUnit: (id: string) => request<OrgUnitView>(`/org-units/${encodeURIComponent(id)}`),
  createOrgUnit: (body: OrgUnitBody) => request<OrgUnitView>('/org-units', { method: 'POST', body }),
  updateOrgUnit: (id: string, body: Partial<OrgUnitBody>) =>
    request<OrgUnitView>(`/org-units/${encodeURIComponent(id)}`, { method: 'PATCH', body }),

  listContacts: (params: ListParams & { regionCode?: string; duty?: string }) =>
    request<Page<ContactView>>('/contacts', { query: { ...params } }),
  createContact: (body: ContactBody) => request<ContactView>('/contacts', { method: 'POST', body }),
  updateContact: (id: string, body: Partial<ContactBody>) =>
    request<ContactView>(`/contacts/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  deleteContact: (id: string) =>
    request<undefined>(`/contacts/${encodeURIComponent(id)}`, { method: 'DELETE' }),

  listEnterprises: (params: ListParams & EnterpriseFilters) =>
    request<Page<EnterpriseListItem>>('/enterprises', { query: { ...params } }),
  getEnterprise: (id: string) => request<EnterpriseView>(`/enterprises/${encodeURIComponent(id)}`),
  createEnterprise: (body: EnterpriseBody) =>
    request<EnterpriseView>('/enterprises', { method: 'POST', body }),
  updateEnterprise: (id: string, body: EnterprisePatch) =>
    request<EnterpriseView>(`/enterprises/${encodeURIComponent(id)}`, { method: 'PATCH', body }),
  enterpriseHistory: (id: string, params: ListParams = {}) =>
    request<Page<AuditView>>(`/enterprises/${encodeURIComponent(id)}/history`, { query: { ...params } }),
  expiringEnterprises: (days: number) => request<ExpiryItem[]>('/enterprises/expiring', { query: { days } }),
  /** Starts the browser download of the filtered list as .xlsx; resolves with the file name. */
  exportEnterprises: (filters: EnterpriseFilters & { sort?: string }, fallbackName: string) =>
    downloadFile('/enterprises/export', filters, fallbackName),
  /** All-or-nothing import of an .xlsx or CSV sheet; `dryRun` only validates and counts; progress streamed. */
  importEnterprises: (
    file: Blob,
    contentType: string,
    dryRun: boolean,
    onStage: (stage: ImportStage) => void,
  ) =>
    uploadImport<ImportResult>(
      '/enterprises/import',
      file,
      contentType,
      { dryRun: dryRun ? 1 : undefined },
      onStage,
    ),

  listAudit: (params: ListParams & AuditFilters) =>
    request<Page<AuditView>>('/audit', { query: { ...params } }),
  verifyAudit: () => request<AuditVerifyResult>('/audit/verify'),
  auditExportUrl: (filters: AuditFilters) => apiUrl('/audit/export', { ...filters }),
};

export interface AuditFilters extends Record<string, QueryValue> {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  entityType?: string;
  outcome?: 'success' | 'failure';
}
