import {
  CreateEnterpriseRequest,
  ENTERPRISE_SCALES,
  EnterpriseView,
  ExpiryItem,
  INDUSTRIES,
  ListQuery,
  pageOf,
  AuditView,
  UpdateEnterpriseRequest,
} from '@ningan/domain';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { writeXlsx } from '../lib/xlsx.ts';
import type { Services } from './services.ts';
import { ENTERPRISE_COLUMNS } from '../services/enterprise-sheet.ts';
import { readTable, TableFormatError } from '../lib/table-reader.ts';
import { AppError } from '@ningan/domain';
import { IdParams, RegionCodeFilter, resourceErrors } from './common.ts';

const Filters = z.object({
  q: z.string().trim().max(100).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  scale: z.enum(ENTERPRISE_SCALES).optional(),
  regionCode: RegionCodeFilter.optional(),
});
const EnterpriseQuery = ListQuery.extend(Filters.shape);
const ExportQuery = Filters.extend({ sort: ListQuery.shape.sort });

/**
 * A document the service already encoded (the map layer, cached as text: re-validating and re-encoding
 * tens of thousands of features per request is what it avoids); the route's schema still describes it.
 */
function sendJsonText(reply: FastifyReply, text: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(text);
}

const SHEET_TYPES = [
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'application/octet-stream',
];

export function enterpriseRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { policy: { auth: 'session' as const, permission: 'enterprise:read' as const } };
    const write = { policy: { auth: 'session' as const, permission: 'enterprise:write' as const } };

    app.get(
      '/enterprises',
      {
        config: read,
        schema: {
          tags: ['enterprises'],
          summary: '企业列表',
          querystring: EnterpriseQuery,
          response: { 200: pageOf(EnterpriseView), ...resourceErrors },
        },
      },
      async (request) => s.enterprises.listEnterprises(requireAuth(request).actor, request.query),
    );
    app.get(
      '/enterprises/expiring',
      {
        config: read,
        schema: {
          tags: ['enterprises'],
          summary: '许可证与安责险到期提醒（含已过期）',
          querystring: z.object({ days: z.coerce.number().int().min(0).max(3650).default(60) }),
          response: { 200: z.array(ExpiryItem), ...resourceErrors },
        },
      },
      async (request) => s.enterprises.listExpiring(requireAuth(request).actor, request.query.days),
    );
    app.get(
      '/enterprises/geojson',
      {
        config: read,
        schema: {
          tags: ['enterprises'],
          summary: '企业点位图层 GeoJSON',
          querystring: Filters.omit({ q: true }),
          response: {
            200: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }),
            ...resourceErrors,
          },
        },
      },
      async (request, reply) =>
        sendJsonText(reply, await s.enterprises.enterpriseLayer(requireAuth(request).actor, request.query)),
    );
    app.get(
      '/enterprises/export',
      {
        config: read,
        schema: {
          tags: ['enterprises'],
          summary: '导出企业列表（Excel）',
          querystring: ExportQuery,
          produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
        },
      },
      async (request, reply) => {
        const buffer = await s.enterprises.exportEnterprises(
          requireAuth(request).actor,
          request.query,
          'xlsx',
        );
        const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
        return reply
          .header('content-type', SHEET_TYPES[0]!)
          .header(
            'content-disposition',
            `attachment; filename="enterprises-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`企业-${stamp}.xlsx`)}`,
          )
          .send(buffer);
      },
    );
    // Sheets arrive as the raw request body (an .xlsx or a UTF-8 CSV file).
    app.addContentTypeParser(
      SHEET_TYPES,
      { parseAs: 'buffer', bodyLimit: 32 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );

    app.get(
      '/enterprises/import-template',
      {
        config: read,
        schema: {
          tags: ['enterprises'],
          summary: '企业导入模板（Excel，中文表头）',
          produces: [SHEET_TYPES[0]!],
        },
      },
      async (_request, reply) => {
        const columns = ENTERPRISE_COLUMNS.map((c) => ({
          header: c.header,
          width: c.width,
          value: c.toCell,
        }));
        const buffer = await writeXlsx('企业', columns, (async function* () {})());
        return reply
          .header('content-type', SHEET_TYPES[0]!)
          .header(
            'content-disposition',
            `attachment; filename="enterprises-template.xlsx"; filename*=UTF-8''${encodeURIComponent('企业导入模板.xlsx')}`,
          )
          .send(buffer);
      },
    );
    app.post(
      '/enterprises/import',
      {
        config: write,
        bodyLimit: 32 * 1024 * 1024,
        schema: {
          tags: ['enterprises'],
          summary: '导入企业（.xlsx 或 UTF-8 CSV 作为请求体；dryRun=1 只校验预览；全部通过才写入）',
          querystring: z.object({
            dryRun: z
              .enum(['0', '1', 'true', 'false'])
              .optional()
              .transform((v) => v === '1' || v === 'true'),
          }),
          response: {
            200: z.object({
              total: z.number(),
              created: z.number(),
              updated: z.number(),
              unchanged: z.number(),
              dryRun: z.boolean(),
            }),
            ...resourceErrors,
          },
        },
      },
      async (request) => {
        if (!Buffer.isBuffer(request.body))
          throw new AppError('validation_failed', '请以 .xlsx 或 CSV 文件作为请求体上传', {
            details: [{ path: 'body', message: 'Content-Type 应为 Excel 或 text/csv' }],
          });
        let table;
        try {
          table = await readTable(request.body);
        } catch (err) {
          if (err instanceof TableFormatError)
            throw new AppError('validation_failed', err.message, {
              details: [{ path: 'file', message: err.message }],
            });
          throw err;
        }
        return s.enterprises.importEnterprises(requireAuth(request).actor, table, {
          dryRun: request.query.dryRun,
          source: 'api',
        });
      },
    );
    app.post(
      '/enterprises',
      {
        config: write,
        schema: {
          tags: ['enterprises'],
          summary: '登记企业',
          body: CreateEnterpriseRequest,
          response: { 201: EnterpriseView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.enterprises.createEnterprise(requireAuth(request).actor, request.body)),
    );
    app.get(
      '/enterprises/:id',
      {
        config: read,
        schema: {
          tags: ['enterprises'],
          summary: '企业详情',
          params: IdParams,
          response: { 200: EnterpriseView, ...resourceErrors },
        },
      },
      async (request) => s.enterprises.getEnterprise(requireAuth(request).actor, request.params.id),
    );
    app.patch(
      '/enterprises/:id',
      {
        config: write,
        schema: {
          tags: ['enterprises'],
          summary: '修改企业',
          params: IdParams,
          body: UpdateEnterpriseRequest,
          response: { 200: EnterpriseView, ...resourceErrors },
        },
      },
      async (request) =>
        s.enterprises.updateEnterprise(requireAuth(request).actor, request.params.id, request.body),
    );
    app.get(
      '/enterprises/:id/history',
      {
        config: read,
        schema: {
          tags: ['enterprises'],
          summary: '企业变更记录（审计日志）',
          params: IdParams,
          querystring: ListQuery.pick({ page: true, pageSize: true }),
          response: { 200: pageOf(AuditView), ...resourceErrors },
        },
      },
      async (request) =>
        s.enterprises.getHistory(requireAuth(request).actor, request.params.id, request.query),
    );
  };
}
