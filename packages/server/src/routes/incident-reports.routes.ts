/**
 * Information reporting over HTTP (信息报送, issue #6 part 4, contract section B): an incident's reporting status
 * and filings, a prefilled draft, filing a report, and the filed report as a Word document. Reading needs
 * `incident:read`, filing `incident:write`; the service checks the incident's jurisdiction.
 */
import {
  FileReportRequest,
  IncidentReportsView,
  ReportDraft,
  ReportDraftQuery,
  ReportView,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireAuth } from '../http/policy.ts';
import { contentDisposition } from '../lib/content-disposition.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function incidentReportRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { policy: { auth: 'session' as const, permission: 'incident:read' as const } };
    const write = { policy: { auth: 'session' as const, permission: 'incident:write' as const } };
    const tags = ['incident-reports'];

    app.get(
      '/incidents/:id/reports',
      {
        config: read,
        schema: {
          tags,
          summary: '事件的信息报送：各项报送时限与状态、已报送的报告',
          params: IdParams,
          response: { 200: IncidentReportsView, ...resourceErrors },
        },
      },
      async (request) => s.incidentReports.list(requireAuth(request).actor, request.params.id),
    );
    app.get(
      '/incidents/:id/reports/draft',
      {
        config: read,
        schema: {
          tags,
          summary: '按事件信息预填的报告草稿（初报/续报/核报/事故报告/伤亡变化补报），不保存',
          params: IdParams,
          querystring: ReportDraftQuery,
          response: { 200: ReportDraft, ...resourceErrors },
        },
      },
      async (request) =>
        s.incidentReports.draft(requireAuth(request).actor, request.params.id, request.query),
    );
    app.post(
      '/incidents/:id/reports',
      {
        config: write,
        schema: {
          tags,
          summary:
            '报送一份报告（要素：时间、地点、单位、经过、伤亡、损失、措施、下一步）；续报不填序号则补最早未报的一期',
          params: IdParams,
          body: FileReportRequest,
          response: { 201: ReportView, ...resourceErrors },
        },
      },
      async (request, reply) => {
        const view = await s.incidentReports.file(
          requireAuth(request).actor,
          request.params.id,
          request.body,
        );
        return reply.code(201).send(view);
      },
    );
    app.get(
      '/incident-reports/:id/document',
      {
        config: read,
        schema: {
          tags,
          summary: '下载报告 Word 文档（.docx，按报送时的内容生成）',
          params: IdParams,
          produces: [DOCX_TYPE],
        },
      },
      async (request, reply) => {
        const doc = await s.incidentReports.document(requireAuth(request).actor, request.params.id);
        return reply
          .header('content-type', DOCX_TYPE)
          .header('content-disposition', contentDisposition(doc.fileName))
          .header('cache-control', 'private, no-store')
          .send(doc.content);
      },
    );
  };
}
