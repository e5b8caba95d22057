/**
 * Route policies. Every /api route declares `config.policy`; registering one without it throws, so
 * an undeclared route cannot exist. A preValidation hook authenticates (cookie or bearer), checks
 * CSRF for cookie sessions and the declared permission, all before input validation, and leaves
 * `request.auth` for the route.
 */
import { AppError, hasPermission, type Permission } from '@ningan/domain';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { AuthService, Authenticated } from '../services/auth.service.ts';

/**
 * `public`: anyone; `session`: a signed-in user (cookie or bearer session) with the permission;
 * `device`: a monitoring device's credentials (HTTP Basic device id:secret) or an integration token
 * (Bearer nit_…), which the ingest checks itself (ingest/ingest.ts) — never a user session.
 */
export type RoutePolicy =
  { auth: 'public' } | { auth: 'session'; permission?: Permission } | { auth: 'device' };

export const SESSION_COOKIE = 'ningan_session';
export const CSRF_COOKIE = 'ningan_csrf';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: RoutePolicy;
  }
  interface FastifyRequest {
    auth: Authenticated | null;
  }
}

/** Routes outside /api/v1 and /api/health that need no policy: the docs UI and static web files. */
export function needsPolicy(url: string): boolean {
  return url.startsWith('/api/') && !url.startsWith('/api/docs');
}

export const declaredRoutes: { method: string; url: string; policy: RoutePolicy | undefined }[] = [];

export function requireAuth(request: FastifyRequest): Authenticated {
  if (!request.auth) throw new AppError('unauthenticated', '请先登录');
  return request.auth;
}

export function registerPolicies(app: FastifyInstance, auth: AuthService): void {
  app.decorateRequest('auth', null);
  app.addHook('onRoute', (route: RouteOptions) => {
    const policy = route.config?.policy;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) declaredRoutes.push({ method, url: route.url, policy });
    if (needsPolicy(route.url) && !policy && !methods.every((m) => m === 'HEAD'))
      throw new Error(`route ${methods.join(',')} ${route.url} declares no policy (config.policy)`);
  });
  // preValidation, not preHandler: authenticate (and check CSRF and permission) before the body is
  // validated, so an anonymous caller learns nothing about a route's input from validation errors.
  app.addHook('preValidation', async (request) => {
    const policy = request.routeOptions.config.policy;
    if (!policy || policy.auth !== 'session') return;
    const header = request.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    const cookie = request.cookies[SESSION_COOKIE];
    const token = bearer ?? cookie;
    if (!token) throw new AppError('unauthenticated', '请先登录');
    const authenticated = await auth.authenticate(token, {
      ip: request.ip,
      userAgent: request.headers['user-agent'] ?? null,
      via: bearer ? 'api' : 'web',
    });
    // Cookies ride along on cross-site requests; bearer tokens do not, so only cookie sessions need CSRF.
    if (!bearer && !['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (sent !== authenticated.session.csrfToken)
        throw new AppError('csrf_failed', '请求校验失败（CSRF），请刷新页面后重试');
    }
    if (policy.permission && !hasPermission(authenticated.actor.roles, policy.permission))
      throw new AppError('forbidden', '没有执行此操作的权限');
    request.auth = authenticated;
  });
}
