/**
 * Request/response schemas shared by the server (validation + OpenAPI) and the web forms.
 * Conventions: lists take `page` (1-based), `pageSize` (≤ 200), `sort` (`field` or `-field`), `q`;
 * they answer `{ items, total, page, pageSize }`.
 */
import { z } from 'zod';
import { RoleSchema, ScopeSchema, SCOPE_LEVELS } from './access.ts';

export const ListQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  sort: z
    .string()
    .regex(/^-?[a-zA-Z]+$/)
    .optional(),
  q: z.string().trim().max(100).optional(),
});
export type ListQuery = z.infer<typeof ListQuery>;

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export const ErrorEnvelope = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string(),
  }),
});

export const LoginRequest = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(64),
  password: z.string().min(1, '请输入口令').max(128),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const UserView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  roles: z.array(RoleSchema),
  scope: ScopeSchema,
  orgUnitId: z.string().nullable(),
  disabled: z.boolean(),
  locked: z.boolean(),
  isDemo: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type UserView = z.infer<typeof UserView>;

export const SessionView = z.object({
  user: UserView,
  permissions: z.array(z.string()),
  csrfToken: z.string(),
  idleTimeoutSeconds: z.number().int(),
});
export type SessionView = z.infer<typeof SessionView>;

export const LoginResponse = SessionView.extend({ token: z.string(), expiresAt: z.string() });
export type LoginResponse = z.infer<typeof LoginResponse>;

const Username = z
  .string()
  .trim()
  .regex(/^[a-zA-Z0-9_.-]{3,32}$/, '用户名为 3–32 位字母、数字、下划线、点或短横线');
/** Mobile (11 digits) or landline with area code. */
export const Phone = z
  .string()
  .trim()
  .regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, '电话号码格式不正确');

export const CreateUserRequest = z.object({
  username: Username,
  displayName: z.string().trim().min(1).max(50),
  password: z.string().min(1).max(128),
  phone: Phone.nullable().default(null),
  roles: z.array(RoleSchema).min(1, '至少指定一个角色'),
  scope: ScopeSchema,
  orgUnitId: z.string().uuid().nullable().default(null),
});
export type CreateUserRequest = z.infer<typeof CreateUserRequest>;

export const UpdateUserRequest = z.object({
  displayName: z.string().trim().min(1).max(50).optional(),
  phone: Phone.nullable().optional(),
  roles: z.array(RoleSchema).min(1).optional(),
  scope: ScopeSchema.optional(),
  orgUnitId: z.string().uuid().nullable().optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUserRequest = z.infer<typeof UpdateUserRequest>;

export const ResetPasswordRequest = z.object({ newPassword: z.string().min(1).max(128) });
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(128),
  newPassword: z.string().min(1).max(128),
});

export const ORG_UNIT_KINDS = [
  'bureau', // 县应急管理局
  'bureau_office', // 局内科室
  'committee', // 安委会/减灾委/消安委
  'headquarters', // 指挥部
  'department', // 成员单位/行业部门
  'township_office', // 乡镇应急管理办公室
  'village_post', // 村(社区)灾害信息员站
  'enterprise',
] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

export const ORG_UNIT_KIND_LABELS: Record<OrgUnitKind, string> = {
  bureau: '应急管理局',
  bureau_office: '局内科室',
  committee: '委员会',
  headquarters: '指挥部',
  department: '部门',
  township_office: '乡镇应急办',
  village_post: '村级站点',
  enterprise: '企业',
};

export const OrgUnitView = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(ORG_UNIT_KINDS),
  parentId: z.string().nullable(),
  regionCode: z.string(),
  /** Member departments of a committee/headquarters (成员单位). */
  memberIds: z.array(z.string()),
  isDemo: z.boolean(),
  createdAt: z.string(),
});
export type OrgUnitView = z.infer<typeof OrgUnitView>;

const OrgUnitFields = {
  name: z.string().trim().min(1).max(80),
  kind: z.enum(ORG_UNIT_KINDS),
  parentId: z.string().uuid().nullable(),
  regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6/9/12 位数字'),
  memberIds: z.array(z.string().uuid()),
};
export const CreateOrgUnitRequest = z.object({
  ...OrgUnitFields,
  parentId: OrgUnitFields.parentId.default(null),
  memberIds: OrgUnitFields.memberIds.default([]),
});
export type CreateOrgUnitRequest = z.infer<typeof CreateOrgUnitRequest>;
// Built from the fields without defaults: zod 4 keeps a default inside .partial(), so an omitted
// field would come back as null/[] and a PATCH would silently clear it.
export const UpdateOrgUnitRequest = z.object(OrgUnitFields).partial();
export type UpdateOrgUnitRequest = z.infer<typeof UpdateOrgUnitRequest>;

/** Responsible persons and contacts (责任人/联系人) of a township, village or unit. */
export const CONTACT_DUTIES = [
  'township_leader', // 乡镇主要负责人
  'township_emergency', // 乡镇应急办负责人
  'village_secretary', // 村党支部书记
  'village_director', // 村委会主任
  'disaster_info_officer', // 灾害信息员
  'grid_officer', // 网格员
  'hazard_monitor', // 隐患点监测员
  'unit_contact', // 单位联系人
  // 三委四部 (committees and headquarters): the body's own leadership and office (orgUnitId = the body)…
  'body_director', // 主任 (委员会) / 总指挥 (指挥部)
  'body_deputy', // 副主任 / 副总指挥
  'office_director', // 办公室主任
  'office_duty', // 办公室值班室 (a duty line, not a person)
  // …and each member unit's people for it (orgUnitId = the member unit, bodyId = the body or null).
  'unit_leader', // 分管领导
  'liaison', // 联络员
] as const;
export type ContactDuty = (typeof CONTACT_DUTIES)[number];

export const CONTACT_DUTY_LABELS: Record<ContactDuty, string> = {
  township_leader: '乡镇主要负责人',
  township_emergency: '乡镇应急办负责人',
  village_secretary: '村党支部书记',
  village_director: '村委会主任',
  disaster_info_officer: '灾害信息员',
  grid_officer: '网格员',
  hazard_monitor: '隐患点监测员',
  unit_contact: '单位联系人',
  body_director: '主任/总指挥',
  body_deputy: '副主任/副总指挥',
  office_director: '办公室主任',
  office_duty: '办公室值班室',
  unit_leader: '分管领导',
  liaison: '联络员',
};

export const ContactView = z.object({
  id: z.string(),
  name: z.string(),
  duty: z.enum(CONTACT_DUTIES),
  phone: z.string(),
  /** Office landline (办公电话); `phone` is the mobile or main number. */
  officePhone: z.string().nullable(),
  /** Position held (职务), e.g. 县委常委、常务副县长. */
  title: z.string().nullable(),
  regionCode: z.string(),
  orgUnitId: z.string().nullable(),
  /** The committee/headquarters a member unit's 分管领导/联络员 serves; null: unit-wide. */
  bodyId: z.string().nullable(),
  note: z.string().nullable(),
  isDemo: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ContactView = z.infer<typeof ContactView>;

const ContactFields = {
  name: z.string().trim().min(1).max(50),
  duty: z.enum(CONTACT_DUTIES),
  phone: Phone,
  officePhone: Phone.nullable(),
  title: z.string().trim().min(1).max(60).nullable(),
  regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6/9/12 位数字'),
  orgUnitId: z.string().uuid().nullable(),
  bodyId: z.string().uuid().nullable(),
  note: z.string().trim().max(200).nullable(),
};
export const CreateContactRequest = z.object({
  ...ContactFields,
  officePhone: ContactFields.officePhone.default(null),
  title: ContactFields.title.default(null),
  orgUnitId: ContactFields.orgUnitId.default(null),
  bodyId: ContactFields.bodyId.default(null),
  note: ContactFields.note.default(null),
});
export type CreateContactRequest = z.infer<typeof CreateContactRequest>;
// Without defaults, for the reason given at UpdateOrgUnitRequest.
export const UpdateContactRequest = z.object(ContactFields).partial();
export type UpdateContactRequest = z.infer<typeof UpdateContactRequest>;

export const AuditView = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  regionCode: z.string().nullable(),
  outcome: z.enum(['success', 'failure']),
  ip: z.string().nullable(),
  details: z.unknown(),
  hash: z.string(),
});
export type AuditView = z.infer<typeof AuditView>;

export const AuditQuery = ListQuery.extend({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  entityType: z.string().max(64).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuery>;

export const AuditVerifyView = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  badSeq: z.number().int().optional(),
  reason: z.string().optional(),
});

export const SCOPE_LEVEL_LABELS: Record<(typeof SCOPE_LEVELS)[number], string> = {
  county: '全县',
  township: '乡镇',
  village: '村(社区)',
  department: '部门',
  enterprise: '企业',
};
