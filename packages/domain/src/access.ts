/**
 * Roles, permissions and jurisdiction (管辖范围). Pure: the server feeds it the actor and the record.
 *
 * 三员分立 (separation of the three administrators, as GB/T 22239-2019 level 3 expects): the system
 * administrator runs accounts and organisation, the security administrator runs authorisation and
 * security policy, the audit administrator only reads the audit trail. No account may hold two of them.
 */
import { z } from 'zod';
import { isWithinRegion } from './region.ts';

export const ROLES = [
  'system_admin',
  'security_admin',
  'audit_admin',
  'commander',
  'duty_officer',
  'department_user',
  'township_officer',
  'village_officer',
  'enterprise_manager',
  'viewer',
] as const;
export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

export const PERMISSIONS = [
  'region:read',
  'region:import',
  'org:read',
  'org:write',
  'user:read',
  'user:write',
  'user:grant',
  'user:unlock',
  'contact:read',
  'contact:write',
  /** The county's 应急通讯录 (三委四部, member units, 责任清单): every government user, no enterprise. */
  'directory:read',
  'audit:read',
  'audit:export',
  'enterprise:read',
  'enterprise:write',
  /** The county ledger's other registries (risk sources, hazard points, resources, plans). */
  'ledger:read',
  'ledger:write',
  /** Monitoring stations and sensors (issue #4): the registry, readings, device health, quarantine. */
  'monitoring:read',
  'monitoring:write',
  /** Working alarms: acknowledge, handle, assign, comment, close (issue #4 part 6). */
  'alarm:handle',
  /** Incident records (事件, issue #6): read the incidents, timelines and tasks in one's jurisdiction. */
  'incident:read',
  /** Take in and work incidents: intake, follow-ups, reports, dispatch tasks, allocate supplies, contact notes. */
  'incident:write',
  /** Command decisions: response level, plan activation, situation-report approval, close-out, review sign-off. */
  'incident:command',
  /** A village information officer's field report (现场报告) from a phone. */
  'incident:field_report',
  /** Read, feed back on and complete tasks dispatched to one's unit / team / township. */
  'task:feedback',
  /** Duty watch: rosters, sign-in, duty log, handover (值班值守). */
  'duty:write',
  /** A township's daily nil report (报平安). */
  'duty:nil_report',
  /** Warnings (预警发布, issue #5): read them in one's jurisdiction. */
  'warning:read',
  /** Draft warnings, submit them for review, draft an update or a cancel. */
  'warning:draft',
  /** Review and sign off warnings (签发); the sign-off policy decides by level. */
  'warning:sign',
  /** Receive external CAP warnings and relay them to county channels. */
  'warning:relay',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  system_admin: { zh: '系统管理员', en: 'System administrator' },
  security_admin: { zh: '安全管理员', en: 'Security administrator' },
  audit_admin: { zh: '审计管理员', en: 'Audit administrator' },
  commander: { zh: '指挥长', en: 'Commander' },
  duty_officer: { zh: '值班员', en: 'Duty officer' },
  department_user: { zh: '部门用户', en: 'Department user' },
  township_officer: { zh: '乡镇应急办人员', en: 'Township officer' },
  village_officer: { zh: '村灾害信息员', en: 'Village information officer' },
  enterprise_manager: { zh: '企业安全管理员', en: 'Enterprise safety manager' },
  viewer: { zh: '只读用户', en: 'Read-only viewer' },
};

/** What every government account reads (an enterprise account: the same but the 应急通讯录). */
const READ_BASE: Permission[] = [
  'directory:read',
  'region:read',
  'org:read',
  'contact:read',
  'enterprise:read',
  'ledger:read',
  'monitoring:read',
  'warning:read',
  'incident:read',
];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: [...READ_BASE, 'region:import', 'org:write', 'user:read', 'user:write', 'contact:write'],
  security_admin: ['region:read', 'org:read', 'user:read', 'user:grant', 'user:unlock'],
  audit_admin: ['region:read', 'audit:read', 'audit:export'],
  commander: [
    ...READ_BASE,
    'user:read',
    'alarm:handle',
    'incident:write',
    'incident:command',
    'task:feedback',
    'duty:write',
    'warning:draft',
    'warning:sign',
    'warning:relay',
  ],
  duty_officer: [
    ...READ_BASE,
    'contact:write',
    'enterprise:write',
    'ledger:write',
    'monitoring:write',
    'alarm:handle',
    'incident:write',
    'task:feedback',
    'duty:write',
    'warning:draft',
    'warning:sign',
    'warning:relay',
  ],
  department_user: [
    ...READ_BASE,
    'enterprise:write',
    'ledger:write',
    'monitoring:write',
    'alarm:handle',
    'task:feedback',
    'warning:draft',
  ],
  township_officer: [
    ...READ_BASE,
    'user:read',
    'contact:write',
    'org:write',
    'enterprise:write',
    'ledger:write',
    'monitoring:write',
    'alarm:handle',
    'incident:write',
    'incident:field_report',
    'task:feedback',
    'duty:write',
    'duty:nil_report',
    'warning:draft',
  ],
  village_officer: [...READ_BASE, 'contact:write', 'ledger:write', 'incident:field_report', 'task:feedback'],
  enterprise_manager: [
    ...READ_BASE.filter((p) => p !== 'directory:read' && p !== 'warning:read' && p !== 'incident:read'),
    'contact:write',
    'enterprise:write',
    'monitoring:write',
    'alarm:handle',
  ],
  viewer: [...READ_BASE],
};

export function permissionsOf(roles: readonly Role[]): Permission[] {
  const set = new Set<Permission>();
  for (const role of roles) for (const p of ROLE_PERMISSIONS[role]) set.add(p);
  return PERMISSIONS.filter((p) => set.has(p));
}

export function hasPermission(roles: readonly Role[], permission: Permission): boolean {
  return roles.some((role) => ROLE_PERMISSIONS[role].includes(permission));
}

/** Problems with a role set, empty when it is allowed. */
export function checkRoleSet(roles: readonly Role[]): string[] {
  const problems: string[] = [];
  const admins = roles.filter((r) => ADMIN_ROLES.includes(r));
  if (admins.length > 1) problems.push('三员分立：系统管理员、安全管理员、审计管理员不得由同一账号兼任');
  if (admins.length > 0 && roles.length > admins.length)
    problems.push('三员分立：管理员账号不得兼任业务角色');
  if (new Set(roles).size !== roles.length) problems.push('角色重复');
  return problems;
}

export const SCOPE_LEVELS = ['county', 'township', 'village', 'department', 'enterprise'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/**
 * Jurisdiction of an account. `regionCode` is the county for county/department scopes, the township
 * or village otherwise; `orgUnitId` names the department or enterprise for those scopes.
 */
export const ScopeSchema = z
  .object({
    level: z.enum(SCOPE_LEVELS),
    regionCode: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6/9/12 位数字'),
    orgUnitId: z.string().uuid().nullable().default(null),
  })
  .superRefine((s, ctx) => {
    const len = s.regionCode.length;
    const want = s.level === 'township' ? 9 : s.level === 'village' ? 12 : null;
    if (want !== null && len !== want)
      ctx.addIssue({
        code: 'custom',
        path: ['regionCode'],
        message: `${s.level} 范围需要 ${want} 位区划代码`,
      });
    if ((s.level === 'department' || s.level === 'enterprise') && s.orgUnitId === null)
      ctx.addIssue({ code: 'custom', path: ['orgUnitId'], message: '部门/企业范围需要指定所属单位' });
  });
export type Scope = z.infer<typeof ScopeSchema>;

/** What every scoped record exposes for the jurisdiction check. */
export interface ScopedRecord {
  regionCode: string;
  /** The owning org unit (department/enterprise) when there is one. */
  orgUnitId?: string | null;
  /** The supervising department (行业主管部门, "管行业必须管安全"), which sees the record too. */
  supervisorId?: string | null;
}

/**
 * Can an actor with `scope` see `record`?
 * county: everything in the county; township/village: records whose region lies inside theirs;
 * department: records owned or supervised by their unit; enterprise: records owned by their unit.
 */
export function isInScope(scope: Scope, record: ScopedRecord): boolean {
  switch (scope.level) {
    case 'county':
    case 'township':
    case 'village':
      return isWithinRegion(record.regionCode, scope.regionCode);
    case 'department':
      return record.orgUnitId === scope.orgUnitId || (record.supervisorId ?? null) === scope.orgUnitId;
    case 'enterprise':
      return record.orgUnitId === scope.orgUnitId;
  }
}

/** The authenticated caller as services see it. */
export interface Actor {
  userId: string;
  username: string;
  roles: Role[];
  scope: Scope;
  /** Where the action came from, for the audit log. */
  via: 'web' | 'api' | 'cli' | 'system';
  ip?: string;
}
