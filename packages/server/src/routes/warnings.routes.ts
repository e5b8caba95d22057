/**
 * Warning issuance (issue #5 parts 1–4, 9, 10): drafts, preview, the sign-off workflow, Update/Cancel, the CAP
 * documents, and CAP warnings received from outside. The public feed is in public-warnings.routes.ts.
 */
import {
  CreateWarningRequest,
  ExternalWarningDetail,
  ExternalWarningListQuery,
  ExternalWarningView,
  IngestExternalWarningRequest,
  IngestExternalWarningResult,
  pageOf,
  RelayExternalWarningRequest,
  UpdateWarningRequest,
  WarningActionBody,
  WarningChainRequest,
  WarningDetail,
  WarningListQuery,
  WarningPreviewRequest,
  WarningPreviewView,
  WarningView,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { contentDisposition } from '../lib/content-disposition.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const read = { policy: { auth: 'session', permission: 'warning:read' } } as const;
const draft = { policy: { auth: 'session', permission: 'warning:draft' } } as const;
const relay = { policy: { auth: 'session', permission: 'warning:relay' } } as const;
const tags = ['warnings'];

const CapQuery = z.object({
  profile: z
    .enum(['cap', 'national'])
    .default('cap')
    .describe('cap：CAP 1.2（默认）；national：GB/T 35965.1 国家标准格式'),
});

export function warningRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/warnings',
      {
        config: read,
        schema: {
          tags,
          summary: '预警列表（管辖范围内；最近修改的在前）',
          querystring: WarningListQuery,
          response: { 200: pageOf(WarningView), ...resourceErrors },
        },
      },
      async (request) => s.warnings.listWarnings(requireAuth(request).actor, request.query),
    );
    app.post(
      '/warnings/preview',
      {
        config: draft,
        schema: {
          tags,
          summary: '预警预览：模板文本、覆盖乡镇村与估算人口、各渠道接收人数、CAP 草稿文档（不保存）',
          body: WarningPreviewRequest,
          response: { 200: WarningPreviewView, ...resourceErrors },
        },
      },
      async (request) => s.warnings.preview(requireAuth(request).actor, request.body),
    );
    app.post(
      '/warnings',
      {
        config: draft,
        schema: {
          tags,
          summary: '新建预警草稿（人工编制，或由告警、气象信号、外部预警生成；失效时间必填）',
          body: CreateWarningRequest,
          response: { 201: WarningDetail, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.warnings.createDraft(requireAuth(request).actor, request.body)),
    );

    // External CAP warnings (static paths, registered before /warnings/:id).
    app.post(
      '/warnings/external',
      {
        config: relay,
        schema: {
          tags,
          summary:
            '接收外部 CAP 预警（上传 {xml} 或地址 {url}；全面校验，不合格的列出全部问题；同一发送方与标识只收一次）',
          body: IngestExternalWarningRequest,
          response: { 200: IngestExternalWarningResult, 201: IngestExternalWarningResult, ...resourceErrors },
        },
      },
      async (request, reply) => {
        const result = await s.externalWarnings.ingest(requireAuth(request).actor, request.body);
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );
    app.get(
      '/warnings/external',
      {
        config: read,
        schema: {
          tags,
          summary: '外部预警列表（最近接收的在前）',
          querystring: ExternalWarningListQuery,
          response: { 200: pageOf(ExternalWarningView), ...resourceErrors },
        },
      },
      async (request) => s.externalWarnings.list(requireAuth(request).actor, request.query),
    );
    app.get(
      '/warnings/external/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '外部预警详情（含解析结果与原文）',
          params: IdParams,
          response: { 200: ExternalWarningDetail, ...resourceErrors },
        },
      },
      async (request) => s.externalWarnings.get(requireAuth(request).actor, request.params.id),
    );
    app.post(
      '/warnings/external/:id/relay',
      {
        config: relay,
        schema: {
          tags,
          summary: '转发外部预警：生成本县预警草稿（按本县签发流程发布）',
          params: IdParams,
          body: RelayExternalWarningRequest.nullish(),
          response: { 201: WarningDetail, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await s.externalWarnings.relay(requireAuth(request).actor, request.params.id, request.body ?? {}),
          ),
    );
    app.post(
      '/warnings/external/:id/dismiss',
      {
        config: relay,
        schema: {
          tags,
          summary: '忽略外部预警（不转发）',
          params: IdParams,
          response: { 200: ExternalWarningView, ...resourceErrors },
        },
      },
      async (request) => s.externalWarnings.dismiss(requireAuth(request).actor, request.params.id),
    );

    app.get(
      '/warnings/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '预警详情（消息链、审计记录、当前用户可执行的操作、签发前校验问题）',
          params: IdParams,
          response: { 200: WarningDetail, ...resourceErrors },
        },
      },
      async (request) => s.warnings.getWarning(requireAuth(request).actor, request.params.id),
    );
    app.patch(
      '/warnings/:id',
      {
        config: draft,
        schema: {
          tags,
          summary: '修改预警草稿（仅草稿；已发布的预警不能修改，请起草更新或解除）',
          params: IdParams,
          body: UpdateWarningRequest,
          response: { 200: WarningDetail, ...resourceErrors },
        },
      },
      async (request) => s.warnings.updateDraft(requireAuth(request).actor, request.params.id, request.body),
    );
    app.delete(
      '/warnings/:id',
      {
        config: draft,
        schema: {
          tags,
          summary: '删除预警草稿（仅草稿）',
          params: IdParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.warnings.deleteDraft(requireAuth(request).actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/warnings/:id/actions',
      {
        config: read,
        schema: {
          tags,
          summary:
            '签发流程：submit 提交审核、approve 审核通过、return 退回（须填原因）、sign 签发（生成标识与 CAP 文档，校验通过后发布）、reject 不予发布（须填原因）',
          params: IdParams,
          body: WarningActionBody,
          response: { 200: WarningDetail, ...resourceErrors },
        },
      },
      async (request) => s.warnings.act(requireAuth(request).actor, request.params.id, request.body),
    );
    app.post(
      '/warnings/:id/update',
      {
        config: draft,
        schema: {
          tags,
          summary: '起草预警更新（Update）：新消息，复制最近发布的一条并引用之前全部消息',
          params: IdParams,
          body: WarningChainRequest.nullish(),
          response: { 201: WarningDetail, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await s.warnings.draftUpdate(requireAuth(request).actor, request.params.id, request.body ?? {}),
          ),
    );
    app.post(
      '/warnings/:id/cancel',
      {
        config: draft,
        schema: {
          tags,
          summary: '起草预警解除（Cancel）：须填原因，沿用原预警区域，引用之前全部消息',
          params: IdParams,
          body: WarningChainRequest,
          response: { 201: WarningDetail, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.warnings.draftCancel(requireAuth(request).actor, request.params.id, request.body)),
    );
    app.get(
      '/warnings/:id/cap.xml',
      {
        config: read,
        schema: {
          tags,
          summary:
            'CAP 文档：已发布的为签发时冻结的文档；草稿为 status=Draft 的预览。profile=national 为国家标准格式（仅已发布）',
          params: IdParams,
          querystring: CapQuery,
          produces: ['application/cap+xml'],
          response: { 200: z.string().describe('application/cap+xml'), ...resourceErrors },
        },
      },
      async (request, reply) => {
        const doc = await s.warnings.capDocument(
          requireAuth(request).actor,
          request.params.id,
          request.query.profile,
        );
        return reply
          .header('content-type', 'application/cap+xml; charset=utf-8')
          .header(
            'content-disposition',
            contentDisposition(doc.fileName, request.query.profile === 'national' ? 'attachment' : 'inline'),
          )
          .header('cache-control', 'private, no-store')
          .send(doc.xml);
      },
    );
  };
}
