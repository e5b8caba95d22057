/**
 * Accounts (用户): create, edit, disable, reset, unlock — authorised by permission and jurisdiction.
 * 三员分立: granting or revoking an administrator role needs `user:grant` (security administrator);
 * other account changes need `user:write` (system administrator). Nobody changes their own roles.
 */
import {
  ADMIN_ROLES,
  AppError,
  checkPassword,
  checkRoleSet,
  hasPermission,
  isInScope,
  isWithinRegion,
  type Actor,
  type CreateUserRequest,
  type ErrorDetail,
  type ListQuery,
  type Page,
  type Role,
  type Scope,
  type UpdateUserRequest,
  type UserView,
} from '@ningan/domain';
import { hashPassword } from '../lib/crypto.ts';
import { getOrgUnitById, scopedOrgUnit } from '../repositories/org-units.repository.ts';
import { getRegion } from '../repositories/regions.repository.ts';
import { deleteUserSessions } from '../repositories/sessions.repository.ts';
import {
  findUsers,
  getUserById,
  getUserByUsername,
  insertUser,
  toUserView,
  updateUser,
  type UserRow,
} from '../repositories/users.repository.ts';
import type { DbOrTx } from '../db/client.ts';
import { audit, diff, ensureVisible, rejectIfAny, requirePermission, type ServiceDeps } from './context.ts';

const touchesAdminRoles = (roles: readonly Role[]) => roles.some((r) => ADMIN_ROLES.includes(r));

/** Where a user record lives for jurisdiction: its scope region, and its own unit. */
function scopedUser(u: UserRow) {
  return { ...u, regionCode: u.regionCode, orgUnitId: u.orgUnitId };
}

export function createUserService(deps: ServiceDeps) {
  const { db, clock, config, sessions: cache } = deps;

  /** Problems with a scope/org assignment: regions and units must exist, and lie in the actor's jurisdiction. */
  async function checkPlacement(
    tx: DbOrTx,
    actor: Actor,
    scope: Scope,
    orgUnitId: string | null,
  ): Promise<{ problems: ErrorDetail[]; regionCode: string }> {
    const problems: ErrorDetail[] = [];
    let regionCode = scope.regionCode;
    const region = await getRegion(tx, scope.regionCode);
    if (!region) problems.push({ path: 'scope.regionCode', message: `区划代码 ${scope.regionCode} 不存在` });
    if (scope.orgUnitId) {
      const unit = await getOrgUnitById(tx, scope.orgUnitId);
      if (!unit || !isInScope(actor.scope, scopedOrgUnit(unit)))
        problems.push({ path: 'scope.orgUnitId', message: '所属单位不存在' });
      else {
        const wantKind = scope.level === 'enterprise' ? 'enterprise' : 'department';
        if (scope.level === 'enterprise' || scope.level === 'department') {
          if (unit.kind !== wantKind && !(wantKind === 'department' && unit.kind === 'bureau_office'))
            problems.push({
              path: 'scope.orgUnitId',
              message: `${scope.level === 'enterprise' ? '企业' : '部门'}范围须指向该类单位`,
            });
          regionCode = unit.regionCode;
        }
      }
    }
    if (orgUnitId) {
      const unit = await getOrgUnitById(tx, orgUnitId);
      if (!unit || !isInScope(actor.scope, scopedOrgUnit(unit)))
        problems.push({ path: 'orgUnitId', message: '所属单位不存在' });
    }
    if (!isInScope(actor.scope, { regionCode, orgUnitId: scope.orgUnitId ?? orgUnitId }))
      problems.push({ path: 'scope', message: '只能在本人管辖范围内设置账号范围' });
    if (actor.scope.level !== 'county' && !isWithinRegion(scope.regionCode, actor.scope.regionCode))
      problems.push({ path: 'scope.regionCode', message: '超出本人管辖范围' });
    return { problems, regionCode };
  }

  function roleProblems(actor: Actor, roles: Role[], before: Role[] = []): ErrorDetail[] {
    const problems = checkRoleSet(roles).map((message) => ({ path: 'roles', message }));
    if ((touchesAdminRoles(roles) || touchesAdminRoles(before)) && !hasPermission(actor.roles, 'user:grant'))
      problems.push({ path: 'roles', message: '授予或撤销管理员角色须由安全管理员操作' });
    return problems;
  }

  async function loadVisible(actor: Actor, id: string): Promise<UserRow> {
    return ensureVisible(actor, await getUserById(db, id), '用户');
  }

  return {
    async listUsers(actor: Actor, q: ListQuery): Promise<Page<UserView>> {
      requirePermission(actor, 'user:read');
      const { items, total } = await findUsers(db, actor.scope, q);
      const now = clock();
      return { items: items.map((u) => toUserView(u, now)), total, page: q.page, pageSize: q.pageSize };
    },

    async getUser(actor: Actor, id: string): Promise<UserView> {
      requirePermission(actor, 'user:read');
      return toUserView(scopedUser(await loadVisible(actor, id)), clock());
    },

    /**
     * Creates an account.
     * @throws forbidden | validation_failed | password_policy | conflict
     */
    async createUser(
      actor: Actor,
      input: CreateUserRequest,
      options: { isDemo?: boolean } = {},
    ): Promise<UserView> {
      if (
        !hasPermission(actor.roles, 'user:write') &&
        !(touchesAdminRoles(input.roles) && hasPermission(actor.roles, 'user:grant'))
      )
        requirePermission(actor, 'user:write');
      const now = clock();
      const hash = await hashPassword(input.password, config.password.hashCost);
      return db.transaction(async (tx) => {
        const { problems, regionCode } = await checkPlacement(tx, actor, input.scope, input.orgUnitId);
        problems.push(...roleProblems(actor, input.roles));
        problems.push(
          ...checkPassword(input.password, config.password, input.username).map((message) => ({
            path: 'password',
            message,
          })),
        );
        if (await getUserByUsername(tx, input.username))
          problems.push({ path: 'username', message: `用户名 ${input.username} 已存在` });
        rejectIfAny(problems);
        const user = await insertUser(tx, {
          username: input.username,
          displayName: input.displayName,
          phone: input.phone,
          passwordHash: hash,
          roles: input.roles,
          scopeLevel: input.scope.level,
          scopeRegionCode: input.scope.regionCode,
          scopeOrgUnitId: input.scope.orgUnitId,
          orgUnitId: input.orgUnitId ?? input.scope.orgUnitId,
          regionCode,
          isDemo: options.isDemo ?? false,
          createdAt: now,
          updatedAt: now,
          passwordChangedAt: now,
        });
        await audit(
          tx,
          actor,
          {
            action: 'user.create',
            entityType: 'user',
            entityId: user.id,
            regionCode,
            details: { username: user.username, roles: user.roles, scope: input.scope },
          },
          now,
        );
        return toUserView(user, now);
      });
    },

    /**
     * Edits an account; disabling it ends its sessions.
     * @throws forbidden | not_found | validation_failed
     */
    async updateUser(actor: Actor, id: string, input: UpdateUserRequest): Promise<UserView> {
      const before = await loadVisible(actor, id);
      const changesRoles =
        input.roles !== undefined && JSON.stringify(input.roles) !== JSON.stringify(before.roles);
      const changesOther = Object.entries(input).some(([k, v]) => k !== 'roles' && v !== undefined);
      if (changesOther) requirePermission(actor, 'user:write');
      if (changesRoles && !touchesAdminRoles([...(input.roles ?? []), ...(before.roles as Role[])]))
        requirePermission(actor, 'user:write');
      if (!changesRoles && !changesOther) requirePermission(actor, 'user:write');
      const now = clock();
      return db.transaction(async (tx) => {
        const problems: ErrorDetail[] = [];
        if (changesRoles && actor.userId === id)
          problems.push({ path: 'roles', message: '不能修改本人的角色' });
        if (input.disabled === true && actor.userId === id)
          problems.push({ path: 'disabled', message: '不能停用本人账号' });
        if (input.roles) problems.push(...roleProblems(actor, input.roles, before.roles as Role[]));
        const scope = input.scope ?? {
          level: before.scopeLevel,
          regionCode: before.scopeRegionCode,
          orgUnitId: before.scopeOrgUnitId,
        };
        const orgUnitId = input.orgUnitId === undefined ? before.orgUnitId : input.orgUnitId;
        let regionCode = before.regionCode;
        if (input.scope || input.orgUnitId !== undefined) {
          const placement = await checkPlacement(tx, actor, scope, orgUnitId);
          problems.push(...placement.problems);
          regionCode = placement.regionCode;
        }
        rejectIfAny(problems);
        const patch = {
          displayName: input.displayName,
          phone: input.phone,
          roles: input.roles,
          scopeLevel: scope.level,
          scopeRegionCode: scope.regionCode,
          scopeOrgUnitId: scope.orgUnitId,
          orgUnitId,
          regionCode,
          disabled: input.disabled,
        };
        const changes = diff(before, patch);
        const after = await updateUser(tx, id, patch);
        if (input.disabled === true || input.scope || changesRoles) {
          await deleteUserSessions(tx, id);
          cache.evictUser(id);
        }
        await audit(
          tx,
          actor,
          {
            action: 'user.update',
            entityType: 'user',
            entityId: id,
            regionCode: after.regionCode,
            details: { changes },
          },
          now,
        );
        return toUserView(after, now);
      });
    },

    /** Sets a new password chosen by the security administrator and ends the user's sessions. */
    async resetPassword(actor: Actor, id: string, newPassword: string): Promise<void> {
      requirePermission(actor, 'user:grant');
      const user = await loadVisible(actor, id);
      const problems = checkPassword(newPassword, config.password, user.username);
      if (problems.length)
        throw new AppError('password_policy', '新口令不符合口令策略', {
          details: problems.map((message) => ({ path: 'newPassword', message })),
        });
      const hash = await hashPassword(newPassword, config.password.hashCost);
      const now = clock();
      await db.transaction(async (tx) => {
        await updateUser(tx, id, {
          passwordHash: hash,
          passwordChangedAt: now,
          failedAttempts: 0,
          lockedUntil: null,
        });
        await deleteUserSessions(tx, id);
        cache.evictUser(id);
        await audit(
          tx,
          actor,
          { action: 'user.reset_password', entityType: 'user', entityId: id, regionCode: user.regionCode },
          now,
        );
      });
    },

    async unlockUser(actor: Actor, id: string): Promise<void> {
      requirePermission(actor, 'user:unlock');
      const user = await loadVisible(actor, id);
      const now = clock();
      await db.transaction(async (tx) => {
        await updateUser(tx, id, { failedAttempts: 0, lockedUntil: null });
        await audit(
          tx,
          actor,
          { action: 'user.unlock', entityType: 'user', entityId: id, regionCode: user.regionCode },
          now,
        );
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
