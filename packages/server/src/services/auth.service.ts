/**
 * Authentication: login with lockout, sessions with idle and absolute timeouts, logout,
 * change of one's own password. Every outcome (including failures) is audited.
 */
import {
  AppError,
  checkPassword,
  permissionsOf,
  type Actor,
  type ChangePasswordRequest,
  type LoginRequest,
  type LoginResponse,
  type Role,
  type SessionView,
} from '@ningan/domain';
import type { z } from 'zod';
import { hashPassword, newToken, sha256Hex, verifyPassword } from '../lib/crypto.ts';
import {
  deleteSession,
  deleteUserSessions,
  getSession,
  insertSession,
  touchSession,
  type SessionRow,
} from '../repositories/sessions.repository.ts';
import {
  getUserById,
  getUserByUsername,
  scopeOfUser,
  toUserView,
  updateUser,
  type UserRow,
} from '../repositories/users.repository.ts';
import { audit, rejectIfAny, type ServiceDeps } from './context.ts';

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  via: Actor['via'];
}

export interface Authenticated {
  actor: Actor;
  session: SessionRow;
}

// Verifying against this keeps the time of "no such user" close to "wrong password".
const DUMMY_HASH = 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export function actorOf(user: UserRow, via: Actor['via'], ip: string | null): Actor {
  return {
    userId: user.id,
    username: user.username,
    roles: user.roles as Role[],
    scope: scopeOfUser(user),
    via,
    ...(ip ? { ip } : {}),
  };
}

export function createAuthService(deps: ServiceDeps) {
  const { db, clock, config, sessions: cache } = deps;
  const idleMs = config.session.idleMinutes * 60_000;

  function sessionView(user: UserRow, session: SessionRow): SessionView {
    return {
      user: toUserView(user, clock()),
      permissions: permissionsOf(user.roles as Role[]),
      csrfToken: session.csrfToken,
      idleTimeoutSeconds: config.session.idleMinutes * 60,
    };
  }

  return {
    /**
     * Checks the credentials and opens a session.
     * @throws invalid_credentials | account_locked | account_disabled
     */
    async login(input: LoginRequest, meta: RequestMeta): Promise<LoginResponse> {
      const now = clock();
      const user = await getUserByUsername(db, input.username);
      const failure = async (
        reason: string,
        code: 'invalid_credentials' | 'account_locked' | 'account_disabled',
        patch?: Partial<UserRow>,
      ) => {
        await db.transaction(async (tx) => {
          if (user && patch) await updateUser(tx, user.id, patch);
          await audit(
            tx,
            null,
            {
              action: 'auth.login',
              entityType: 'user',
              entityId: user?.id ?? null,
              regionCode: user?.regionCode ?? null,
              outcome: 'failure',
              actorName: user?.username ?? input.username,
              ip: meta.ip,
              details: { reason, via: meta.via },
            },
            now,
          );
        });
        const messages = {
          invalid_credentials: '用户名或口令错误',
          account_locked: `连续登录失败次数过多，账号已锁定 ${config.login.lockMinutes} 分钟，请稍后再试或联系安全管理员解锁`,
          account_disabled: '账号已停用，请联系系统管理员',
        } as const;
        return new AppError(code, messages[code]);
      };

      if (!user) {
        await verifyPassword(input.password, DUMMY_HASH);
        throw await failure('unknown_user', 'invalid_credentials');
      }
      if (user.disabled) throw await failure('disabled', 'account_disabled');
      if (user.lockedUntil && user.lockedUntil > now) throw await failure('locked', 'account_locked');
      if (!(await verifyPassword(input.password, user.passwordHash))) {
        const attempts = user.failedAttempts + 1;
        if (attempts >= config.login.maxFailures) {
          throw await failure('wrong_password_locked', 'account_locked', {
            failedAttempts: 0,
            lockedUntil: new Date(now.getTime() + config.login.lockMinutes * 60_000),
          });
        }
        throw await failure('wrong_password', 'invalid_credentials', { failedAttempts: attempts });
      }

      const token = newToken();
      const session: SessionRow = {
        id: sha256Hex(token),
        userId: user.id,
        csrfToken: newToken(),
        createdAt: now,
        lastSeenAt: now,
        expiresAt: new Date(now.getTime() + config.session.maxHours * 3_600_000),
        ip: meta.ip,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      };
      const updated = await db.transaction(async (tx) => {
        const u = await updateUser(tx, user.id, { failedAttempts: 0, lockedUntil: null, lastLoginAt: now });
        await insertSession(tx, session);
        await audit(
          tx,
          actorOf(user, meta.via, meta.ip),
          {
            action: 'auth.login',
            entityType: 'user',
            entityId: user.id,
            regionCode: user.regionCode,
            details: { via: meta.via },
          },
          now,
        );
        return u;
      });
      return { ...sessionView(updated, session), token, expiresAt: session.expiresAt.toISOString() };
    },

    /**
     * Resolves a session token to the acting user, enforcing idle and absolute timeouts.
     * @throws unauthenticated | session_expired | account_disabled
     */
    async authenticate(token: string, meta: RequestMeta): Promise<Authenticated> {
      const now = clock();
      const id = sha256Hex(token);
      const hit = cache.get(id, now.getTime());
      if (hit && hit.session.expiresAt > now && now.getTime() - hit.session.lastSeenAt.getTime() <= 30_000)
        return {
          actor: { ...hit.actor, via: meta.via, ...(meta.ip ? { ip: meta.ip } : {}) },
          session: hit.session,
        };
      const session = await getSession(db, id);
      if (!session) throw new AppError('unauthenticated', '请先登录');
      if (session.expiresAt <= now || now.getTime() - session.lastSeenAt.getTime() > idleMs) {
        await deleteSession(db, session.id);
        cache.evictSession(session.id);
        throw new AppError('session_expired', '会话已超时，请重新登录');
      }
      const user = await getUserById(db, session.userId);
      if (!user || user.disabled) {
        await deleteSession(db, session.id);
        throw new AppError('account_disabled', '账号已停用，请联系系统管理员');
      }
      // Write the idle clock at most every 30 s: cheap under polling, exact enough for minutes-long timeouts.
      let current = session;
      if (now.getTime() - session.lastSeenAt.getTime() > 30_000) {
        await touchSession(db, session.id, now);
        current = { ...session, lastSeenAt: now };
      }
      const actor = actorOf(user, meta.via, meta.ip);
      cache.set(session.id, actor, current, now.getTime());
      return { actor, session: current };
    },

    async getSessionView(auth: Authenticated): Promise<SessionView> {
      const user = await getUserById(db, auth.actor.userId);
      if (!user) throw new AppError('unauthenticated', '请先登录');
      return sessionView(user, auth.session);
    },

    async logout(auth: Authenticated): Promise<void> {
      cache.evictSession(auth.session.id);
      await db.transaction(async (tx) => {
        await deleteSession(tx, auth.session.id);
        await audit(
          tx,
          auth.actor,
          {
            action: 'auth.logout',
            entityType: 'user',
            entityId: auth.actor.userId,
            regionCode: auth.actor.scope.regionCode,
          },
          clock(),
        );
      });
    },

    /**
     * Changes the caller's own password; ends their other sessions.
     * @throws invalid_credentials | password_policy
     */
    async changePassword(auth: Authenticated, input: z.infer<typeof ChangePasswordRequest>): Promise<void> {
      const user = await getUserById(db, auth.actor.userId);
      if (!user) throw new AppError('unauthenticated', '请先登录');
      if (!(await verifyPassword(input.currentPassword, user.passwordHash)))
        throw new AppError('invalid_credentials', '当前口令错误');
      const problems = checkPassword(input.newPassword, config.password, user.username);
      if (input.newPassword === input.currentPassword) problems.push('新口令不得与当前口令相同');
      if (problems.length)
        throw new AppError('password_policy', '新口令不符合口令策略', {
          details: problems.map((message) => ({ path: 'newPassword', message })),
        });
      const hash = await hashPassword(input.newPassword, config.password.hashCost);
      const now = clock();
      await db.transaction(async (tx) => {
        await updateUser(tx, user.id, { passwordHash: hash, passwordChangedAt: now });
        await deleteUserSessions(tx, user.id);
        await insertSession(tx, { ...auth.session, lastSeenAt: now });
        cache.evictUser(user.id);
        await audit(
          tx,
          auth.actor,
          {
            action: 'user.change_password',
            entityType: 'user',
            entityId: user.id,
            regionCode: user.regionCode,
          },
          now,
        );
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
export { rejectIfAny };
