import {
  CreateUserRequest,
  ErrorEnvelope,
  ListQuery,
  pageOf,
  PERMISSIONS,
  ResetPasswordRequest,
  ROLE_LABELS,
  ROLE_PERMISSIONS,
  ROLES,
  UpdateUserRequest,
  UserView,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

export function userRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      {
        config: { policy: { auth: 'session', permission: 'user:read' } },
        schema: {
          tags: ['users'],
          summary: '用户列表',
          querystring: ListQuery,
          response: { 200: pageOf(UserView), ...resourceErrors },
        },
      },
      async (request) => s.users.listUsers(requireAuth(request).actor, request.query),
    );
    app.post(
      '/users',
      {
        config: { policy: { auth: 'session' } },
        schema: {
          tags: ['users'],
          summary: '新建用户',
          body: CreateUserRequest,
          response: { 201: UserView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.users.createUser(requireAuth(request).actor, request.body)),
    );
    app.get(
      '/users/:id',
      {
        config: { policy: { auth: 'session', permission: 'user:read' } },
        schema: {
          tags: ['users'],
          summary: '用户详情',
          params: IdParams,
          response: { 200: UserView, ...resourceErrors },
        },
      },
      async (request) => s.users.getUser(requireAuth(request).actor, request.params.id),
    );
    app.patch(
      '/users/:id',
      {
        config: { policy: { auth: 'session' } },
        schema: {
          tags: ['users'],
          summary: '修改用户',
          params: IdParams,
          body: UpdateUserRequest,
          response: { 200: UserView, ...resourceErrors },
        },
      },
      async (request) => s.users.updateUser(requireAuth(request).actor, request.params.id, request.body),
    );
    app.post(
      '/users/:id/reset-password',
      {
        config: { policy: { auth: 'session', permission: 'user:grant' } },
        schema: {
          tags: ['users'],
          summary: '重置口令（安全管理员）',
          params: IdParams,
          body: ResetPasswordRequest,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.users.resetPassword(requireAuth(request).actor, request.params.id, request.body.newPassword);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/users/:id/unlock',
      {
        config: { policy: { auth: 'session', permission: 'user:unlock' } },
        schema: {
          tags: ['users'],
          summary: '解锁账号（安全管理员）',
          params: IdParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.users.unlockUser(requireAuth(request).actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/roles',
      {
        config: { policy: { auth: 'session' } },
        schema: {
          tags: ['users'],
          summary: '角色与权限',
          response: {
            200: z.array(
              z.object({
                role: z.enum(ROLES),
                zh: z.string(),
                en: z.string(),
                permissions: z.array(z.enum(PERMISSIONS)),
              }),
            ),
            401: ErrorEnvelope,
          },
        },
      },
      async () =>
        ROLES.map((role) => ({ role, ...ROLE_LABELS[role], permissions: [...ROLE_PERMISSIONS[role]] })),
    );
  };
}
