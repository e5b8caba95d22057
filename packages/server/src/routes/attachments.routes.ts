/**
 * Attachments of ledger records over HTTP (应急预案附件): `/ledger/{registry}/{id}/attachments` for the
 * registries that keep files (plans, drills). The file is the raw request body, its name the `fileName`
 * query parameter; the service checks name, size and content. Reading needs `ledger:read`; adding and
 * removing need the registry's write permission (checked by the service, as for the records).
 */
import { AttachmentList, AttachmentView, REGISTRY_KEYS } from '@ningan/domain';
import { AppError } from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { contentDisposition } from '../lib/content-disposition.ts';
import { resourceErrors } from './common.ts';
import type { Services } from './services.ts';

/** What a browser or client may label an upload as; the service trusts only the content. */
const UPLOAD_TYPES = [
  'application/octet-stream',
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'image/jpeg',
  'image/png',
];

const RecordParams = z.object({
  registry: z
    .string()
    .refine((k) => REGISTRY_KEYS.includes(k), { message: `台账应为：${REGISTRY_KEYS.join('、')}` }),
  id: z.string().uuid('无效的 ID'),
});
const AttachmentParams = RecordParams.extend({ attachmentId: z.string().uuid('无效的 ID') });

export function attachmentRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { policy: { auth: 'session' as const, permission: 'ledger:read' as const } };
    const write = { policy: { auth: 'session' as const } };
    const tags = ['ledger'];
    const maxBytes = s.config.ledger.attachmentMaxBytes;
    // Room above the limit, so a file somewhat too large gets the service's message (size and limit)
    // instead of a bare "request too large".
    const bodyLimit = Math.max(2 * maxBytes, maxBytes + 8 * 1024 * 1024);

    app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit }, (_req, body, done) =>
      done(null, body),
    );

    app.get(
      '/ledger/:registry/:id/attachments',
      {
        config: read,
        schema: {
          tags,
          summary: '台账记录的附件列表（应急预案、应急演练），含上传限制（大小上限、可接受的类型）',
          params: RecordParams,
          response: { 200: AttachmentList, ...resourceErrors },
        },
      },
      async (request) =>
        s.attachments.list(requireAuth(request).actor, request.params.registry, request.params.id),
    );
    app.post(
      '/ledger/:registry/:id/attachments',
      {
        config: write,
        bodyLimit,
        schema: {
          tags,
          summary: '上传附件（文件作为请求体，fileName 为文件名；PDF/DOC/DOCX/XLS/XLSX/JPG/PNG，按内容识别）',
          description:
            'The file is the raw request body (any of the accepted Content-Types, or application/octet-stream); ' +
            '`fileName` names it. The type is decided by the content (a .pdf must start with %PDF-, a .docx must be ' +
            'a Word package…); a file over the configured limit (ATTACHMENT_MAX_MB, default 20 MB), of another type, ' +
            'or whose content does not match its extension is refused with every problem listed. Audited as ' +
            '`ledger.attachment_add` on the record.',
          params: RecordParams,
          querystring: z.object({ fileName: z.string().trim().min(1, '请提供文件名').max(1000) }),
          response: { 201: AttachmentView, ...resourceErrors },
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('validation_failed', '请以文件作为请求体上传', {
            details: [{ path: 'body', message: `Content-Type 应为 ${UPLOAD_TYPES.join('、')} 之一` }],
          });
        const view = await s.attachments.add(
          requireAuth(request).actor,
          request.params.registry,
          request.params.id,
          { fileName: request.query.fileName, content: request.body },
        );
        return reply.status(201).send(view);
      },
    );
    app.get(
      '/ledger/:registry/:id/attachments/:attachmentId',
      {
        config: read,
        schema: {
          tags,
          summary: '下载附件（Content-Disposition: attachment，文件名按 RFC 5987 编码）',
          params: AttachmentParams,
          produces: ['application/octet-stream'],
        },
      },
      async (request, reply) => {
        const { registry, id, attachmentId } = request.params;
        const file = await s.attachments.download(requireAuth(request).actor, registry, id, attachmentId);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', contentDisposition(file.fileName))
          .header('cache-control', 'private, no-store')
          .send(file.content);
      },
    );
    app.delete(
      '/ledger/:registry/:id/attachments/:attachmentId',
      {
        config: write,
        schema: {
          tags,
          summary: '删除附件（记入审计日志）',
          params: AttachmentParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        const { registry, id, attachmentId } = request.params;
        await s.attachments.remove(requireAuth(request).actor, registry, id, attachmentId);
        return reply.status(204).send(null);
      },
    );
  };
}
