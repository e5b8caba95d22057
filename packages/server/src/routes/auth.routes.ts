import {
  ChangePasswordRequest,
  ErrorEnvelope,
  LoginRequest,
  LoginResponse,
  SessionView,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, requireAuth, SESSION_COOKIE } from '../http/policy.ts';
import type { Services } from './services.ts';

export function authRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const cookieBase = { path: '/', sameSite: 'strict' as const, secure: s.config.session.cookieSecure };

    app.post(
      '/auth/login',
      {
        config: {
          policy: { auth: 'public' },
          rateLimit: { max: s.config.rateLimit.loginPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          summary: '登录 / log in',
          body: LoginRequest,
          response: { 200: LoginResponse, 400: ErrorEnvelope, 401: ErrorEnvelope, 429: ErrorEnvelope },
        },
      },
      async (request, reply) => {
        const result = await s.auth.login(request.body, {
          ip: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
          via: 'web',
        });
        const maxAge = s.config.session.maxHours * 3600;
        void reply.setCookie(SESSION_COOKIE, result.token, { ...cookieBase, httpOnly: true, maxAge });
        void reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...cookieBase, httpOnly: false, maxAge });
        return result;
      },
    );

    app.get(
      '/auth/session',
      {
        config: { policy: { auth: 'session' } },
        schema: {
          tags: ['auth'],
          summary: '当前会话 / current session',
          response: { 200: SessionView, 401: ErrorEnvelope },
        },
      },
      async (request) => s.auth.getSessionView(requireAuth(request)),
    );

    app.post(
      '/auth/logout',
      {
        config: { policy: { auth: 'session' } },
        schema: {
          tags: ['auth'],
          summary: '退出登录 / log out',
          response: { 204: z.null(), 401: ErrorEnvelope, 403: ErrorEnvelope },
        },
      },
      async (request, reply) => {
        await s.auth.logout(requireAuth(request));
        void reply.clearCookie(SESSION_COOKIE, cookieBase).clearCookie(CSRF_COOKIE, cookieBase);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/auth/password',
      {
        config: { policy: { auth: 'session' } },
        schema: {
          tags: ['auth'],
          summary: '修改本人口令 / change own password',
          body: ChangePasswordRequest,
          response: { 204: z.null(), 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope },
        },
      },
      async (request, reply) => {
        await s.auth.changePassword(requireAuth(request), request.body);
        return reply.status(204).send(null);
      },
    );
  };
}
