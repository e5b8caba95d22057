/** The 应急通讯录 routes the directory screen uses, one typed function each. */
import type {
  AddMemberRequest,
  DirectoryMember,
  DirectoryQuery,
  DirectoryView,
  UpdateMemberRequest,
} from '@ningan/domain';
import { downloadFile, request } from '../../api/client.ts';

const members = (bodyId: string) => `/directory/bodies/${encodeURIComponent(bodyId)}/members`;

export const directoryApi = {
  /** The whole directory within the user's jurisdiction; the screen filters it as the user types. */
  get: () => request<DirectoryView>('/directory'),
  /** Starts the browser download of one body's or all bodies' 通讯录 as .xlsx. */
  export: (query: DirectoryQuery, fallbackName: string) =>
    downloadFile('/directory/export', { bodyId: query.bodyId, q: query.q }, fallbackName),
  addMember: (bodyId: string, body: AddMemberRequest) =>
    request<DirectoryMember>(members(bodyId), { method: 'POST', body }),
  updateMember: (bodyId: string, memberId: string, body: UpdateMemberRequest) =>
    request<DirectoryMember>(`${members(bodyId)}/${encodeURIComponent(memberId)}`, { method: 'PATCH', body }),
  removeMember: (bodyId: string, memberId: string) =>
    request<void>(`${members(bodyId)}/${encodeURIComponent(memberId)}`, { method: 'DELETE' }),
};

export const directoryKey = ['directory'] as const;
