import { AuditQuery, AuditVerifyView, AuditView, ErrorEnvelope, pageOf } from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Readable } from 'node:stream';
import { requireAuth } from '../http/policy.ts';
import type { Services } from './services.ts';

const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope };

export function auditRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit',
      {
        config: { policy: { auth: 'session', permission: 'audit:read' } },
        schema: {
          tags: ['audit'],
          summary: '审计日志查询（审计管理员）',
          querystring: AuditQuery,
          response: { 200: pageOf(AuditView), ...errors },
        },
      },
      async (request) => s.audit.searchAudit(requireAuth(request).actor, request.query),
    );
    app.get(
      '/audit/verify',
      {
        config: { policy: { auth: 'session', permission: 'audit:read' } },
        schema: { tags: ['audit'], summary: '校验审计哈希链', response: { 200: AuditVerifyView, ...errors } },
      },
      async (request) => s.audit.verifyAsAuditor(requireAuth(request).actor),
    );
    app.get(
      '/audit/export',
      {
        config: { policy: { auth: 'session', permission: 'audit:export' } },
        schema: {
          tags: ['audit'],
          summary: '导出审计日志 CSV',
          querystring: AuditQuery,
          produces: ['text/csv'],
        },
      },
      async (request, reply) => {
        const { page: _p, pageSize: _s, sort: _o, ...filters } = request.query;
        const chunks = s.audit.exportCsv(requireAuth(request).actor, filters);
        // Pull the first chunk before answering, so a permission error still becomes a JSON error.
        const first = await chunks.next();
        const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
        void reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="audit-${stamp}.csv"`);
        return reply.send(
          Readable.from(
            (async function* () {
              if (!first.done) yield first.value;
              yield* chunks;
            })(),
          ),
        );
      },
    );
  };
}
