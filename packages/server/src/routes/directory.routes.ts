/** 应急通讯录 of the 三委四部 over HTTP: the directory, its Excel export, and member-unit editing. */
import {
  AddMemberRequest,
  DirectoryMember,
  DirectoryQuery,
  DirectoryView,
  UpdateMemberRequest,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BodyParams = z.object({ bodyId: z.string().uuid('无效的 ID') });
const MemberParams = BodyParams.extend({ memberId: z.string().uuid('无效的 ID') });

export function directoryRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const tags = ['directory'];
    app.get(
      '/directory',
      {
        config: { policy: { auth: 'session', permission: 'directory:read' } },
        schema: {
          tags,
          summary: '应急通讯录（三委四部：领导、办公室、成员单位及责任清单）',
          querystring: DirectoryQuery,
          response: { 200: DirectoryView, ...resourceErrors },
        },
      },
      async (request) => s.directory.getDirectory(requireAuth(request).actor, request.query),
    );
    app.get(
      '/directory/export',
      {
        config: { policy: { auth: 'session', permission: 'directory:read' } },
        schema: {
          tags,
          summary: '导出应急通讯录（xlsx，每个委员会/指挥部一张工作表）',
          querystring: DirectoryQuery,
          produces: [XLSX_TYPE],
        },
      },
      async (request, reply) => {
        const { buffer, bodies } = await s.directory.exportDirectory(
          requireAuth(request).actor,
          request.query,
        );
        const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
        const one = request.query.bodyId ? bodies[0] : undefined;
        const chinese = `${one ? one.shortName : ''}应急通讯录-${stamp}.xlsx`;
        return reply
          .header('content-type', XLSX_TYPE)
          .header(
            'content-disposition',
            `attachment; filename="directory-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(chinese)}`,
          )
          .send(buffer);
      },
    );
    app.post(
      '/directory/bodies/:bodyId/members',
      {
        config: { policy: { auth: 'session', permission: 'org:write' } },
        schema: {
          tags,
          summary: '添加成员单位（角色、责任清单）',
          params: BodyParams,
          body: AddMemberRequest,
          response: { 201: DirectoryMember, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.directory.addMember(requireAuth(request).actor, request.params.bodyId, request.body)),
    );
    app.patch(
      '/directory/bodies/:bodyId/members/:memberId',
      {
        config: { policy: { auth: 'session', permission: 'org:write' } },
        schema: {
          tags,
          summary: '修改成员单位的角色或责任清单（清单整体替换）',
          params: MemberParams,
          body: UpdateMemberRequest,
          response: { 200: DirectoryMember, ...resourceErrors },
        },
      },
      async (request) =>
        s.directory.updateMember(
          requireAuth(request).actor,
          request.params.bodyId,
          request.params.memberId,
          request.body,
        ),
    );
    app.delete(
      '/directory/bodies/:bodyId/members/:memberId',
      {
        config: { policy: { auth: 'session', permission: 'org:write' } },
        schema: {
          tags,
          summary: '移除成员单位（连同其仅为本机构指定的分管领导、联络员）',
          params: MemberParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.directory.removeMember(
          requireAuth(request).actor,
          request.params.bodyId,
          request.params.memberId,
        );
        return reply.status(204).send(null);
      },
    );
  };
}
