import {
  CreateEnterpriseRequest,
  ENTERPRISE_SCALES,
  ENTERPRISE_TILES,
  EnterpriseListItem,
  EnterpriseView,
  ExpiryItem,
  ImportResult,
  INDUSTRIES,
  ListQuery,
  pageOf,
  AuditView,
  RISK_COLOR_FILTERS,
  UpdateEnterpriseRequest,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { writeXlsx } from '../lib/xlsx.ts';
import type { Services } from './services.ts';
import { ENTERPRISE_COLUMNS } from '../services/enterprise-sheet.ts';
import { readTable, TableFormatError } from '../lib/table-reader.ts';
import { AppError } from '@ningan/domain';
import { IdParams, NotModified, RegionCodeFilter, resourceErrors } from './common.ts';
import { sendDocument } from '../http/document.ts';
import { VECTOR_TILE_TYPE } from '../lib/document.ts';
import { answerImport, IMPORT_STREAM_DOC } from './import-stream.ts';

const Filters = z.object({
  q: z.string().trim().max(100).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  scale: z.enum(ENTERPRISE_SCALES).optional(),
  regionCode: RegionCodeFilter.optional(),
  riskColor: z
    .enum(RISK_COLOR_FILTERS)
    .optional()
    .describe('企业风险等级（最高风险点的颜色）；none = 未登记风险点'),
});
const EnterpriseQuery = ListQuery.extend(Filters.shape);
/** The map layer and its tiles filter by what the points carry; not by text or risk colour. */
const LayerFilters = Filters.omit({ q: true, riskColor: true });
/** A Web Mercator tile: z/x/y with x and y inside the zoom's 2^z × 2^z grid. */
const TileParams = z
  .object({
    z: z.coerce.number().int().min(0).max(ENTERPRISE_TILES.maxZoom),
    x: z.coerce.number().int().min(0),
    y: z.coerce.number().int().min(0),
  })
  .refine((t) => t.x < 2 ** t.z && t.y < 2 ** t.z, { message: '切片坐标超出该级别范围', path: ['x'] });
const ExportQuery = Filters.extend({ sort: ListQuery.shape.sort });

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
          response: { 200: pageOf(EnterpriseListItem), ...resourceErrors },
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
          summary: '企业点位图层 GeoJSON（点位 id 与行业；ETag，可压缩）',
          description:
            '每个企业一个点：properties 只有 id 与 industry（地图着色），坐标保留 5 位小数；弹窗详情另取 GET /enterprises/{id}。' +
            '带 ETag，If-None-Match 相同时答 304。',
          querystring: LayerFilters,
          response: {
            // The service encodes the layer once and keeps it (ADR 0005); this schema documents it.
            200: z.object({
              type: z.literal('FeatureCollection'),
              features: z.array(
                z.object({
                  type: z.literal('Feature'),
                  properties: z.object({ id: z.string(), industry: z.enum(INDUSTRIES) }),
                  geometry: z.object({
                    type: z.literal('Point'),
                    coordinates: z.tuple([z.number(), z.number()]),
                  }),
                }),
              ),
            }),
            304: NotModified,
            ...resourceErrors,
          },
        },
      },
      async (request, reply) =>
        sendDocument(
          request,
          reply,
          await s.enterprises.enterpriseLayer(requireAuth(request).actor, request.query),
        ),
    );
    app.get(
      '/enterprises/tiles/:z/:x/:y',
      {
        config: read,
        schema: {
          tags: ['enterprises'],
          summary: '企业图层矢量切片（MVT，服务端聚合；ETag，可压缩）',
          description:
            `Mapbox Vector Tile 2.1，图层 ${ENTERPRISE_TILES.layer}，512 像素切片，z ≤ ${ENTERPRISE_TILES.maxZoom}：` +
            `z ≤ ${ENTERPRISE_TILES.clusterMaxZoom} 为聚合（cluster, cluster_id, point_count, hazchem 危化企业数, expansion_zoom），` +
            '更高为企业点（id, industry）。无企业的切片为空正文。',
          params: TileParams,
          querystring: LayerFilters,
          produces: [VECTOR_TILE_TYPE],
          response: {
            200: z.any().describe('Mapbox Vector Tile（protobuf）'),
            304: NotModified,
            ...resourceErrors,
          },
        },
      },
      async (request, reply) =>
        sendDocument(
          request,
          reply,
          await s.enterprises.enterpriseTile(requireAuth(request).actor, request.query, request.params),
        ),
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
          description: IMPORT_STREAM_DOC,
          querystring: z.object({
            dryRun: z
              .enum(['0', '1', 'true', 'false'])
              .optional()
              .transform((v) => v === '1' || v === 'true'),
          }),
          response: { 200: ImportResult, ...resourceErrors },
        },
      },
      async (request, reply) => {
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
        const { actor } = requireAuth(request);
        return answerImport(request, reply, (onProgress) =>
          s.enterprises.importEnterprises(actor, table, {
            dryRun: request.query.dryRun,
            source: 'api',
            onProgress,
          }),
        );
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
