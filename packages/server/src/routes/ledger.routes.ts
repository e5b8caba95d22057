/**
 * The ledger registries over HTTP: one set of routes for every registry in domain `REGISTRIES`
 * (`/ledger/{registry}`), plus the ledger summary and the global search. Bodies are validated by the
 * registry's own schema in the service (they depend on the registry named in the path).
 */
import {
  AppError,
  AuditView,
  ImportResult,
  LedgerRecordView,
  ListQuery,
  pageOf,
  REGISTRY_KEYS,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { readTable, TableFormatError, type Table } from '../lib/table-reader.ts';
import { geojsonToTable } from '../services/ledger-sheet.ts';
import type { Services } from './services.ts';
import { NotModified, RegionCodeFilter, resourceErrors } from './common.ts';
import { sendDocument } from '../http/document.ts';
import { jsonDocument } from '../lib/document.ts';
import { answerImport, IMPORT_STREAM_DOC } from './import-stream.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const FILE_TYPES = [XLSX_TYPE, 'text/csv', 'application/octet-stream', 'application/geo+json'];

const RegistryParams = z.object({
  registry: z
    .string()
    .refine((k) => REGISTRY_KEYS.includes(k), { message: `台账应为：${REGISTRY_KEYS.join('、')}` }),
});
const RecordParams = RegistryParams.extend({ id: z.string().uuid('无效的 ID') });

/** Common filters; any other key names a field filter of the registry (checked by the service). */
const Filters = z
  .object({
    q: z.string().trim().max(100).optional(),
    regionCode: RegionCodeFilter.optional(),
    enterpriseId: z.string().uuid().optional(),
    grade: z.string().max(40).optional(),
  })
  .catchall(z.string().max(100));
const ListParams = ListQuery.extend(Filters.shape).catchall(z.string().max(100));

const Body = z.record(z.string(), z.unknown()).describe('按台账字段定义（domain REGISTRIES）校验');

function attachment(reply: import('fastify').FastifyReply, type: string, ascii: string, chinese: string) {
  return reply
    .header('content-type', type)
    .header(
      'content-disposition',
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(chinese)}`,
    );
}

export function ledgerRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { policy: { auth: 'session' as const, permission: 'ledger:read' as const } };
    // Write permission depends on the registry (enterprise-linked ones follow enterprise:write); the
    // service checks it, the policy only requires a session.
    const write = { policy: { auth: 'session' as const } };
    const tags = ['ledger'];

    app.addContentTypeParser(
      FILE_TYPES,
      { parseAs: 'buffer', bodyLimit: 32 * 1024 * 1024 },
      (_req, body, done) => done(null, body),
    );

    app.get(
      '/ledger/summary',
      {
        config: read,
        schema: {
          tags,
          summary: '台账总览：各台账记录数及按等级统计（本人管辖范围）',
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  registry: z.string(),
                  total: z.number(),
                  byGrade: z.record(z.string(), z.number()),
                }),
              ),
            }),
            ...resourceErrors,
          },
        },
      },
      async (request) => s.ledger.summary(requireAuth(request).actor),
    );
    app.get(
      '/enterprises/:id/ledger',
      {
        config: { policy: { auth: 'session' as const, permission: 'enterprise:read' as const } },
        schema: {
          tags,
          summary: '企业的台账汇总：各台账记录数与等级，企业风险颜色（取其风险点中最高者）',
          params: z.object({ id: z.string().uuid('无效的 ID') }),
          response: {
            200: z.object({
              enterpriseId: z.string(),
              riskColor: z.enum(['red', 'orange', 'yellow', 'blue']).nullable(),
              registries: z.array(
                z.object({
                  registry: z.string(),
                  total: z.number(),
                  byGrade: z.record(z.string(), z.number()),
                }),
              ),
            }),
            ...resourceErrors,
          },
        },
      },
      async (request) => s.ledger.enterpriseLedger(requireAuth(request).actor, request.params.id),
    );
    app.get(
      '/search',
      {
        config: { policy: { auth: 'session' as const } },
        schema: {
          tags,
          summary: '全局搜索：企业、台账记录、乡镇/村（本人管辖范围）',
          querystring: z.object({
            q: z.string().trim().min(1, '请输入搜索词').max(50),
            limit: z.coerce.number().int().min(1).max(50).default(20),
          }),
          response: {
            200: z.object({
              items: z.array(
                z.object({
                  kind: z.enum(['enterprise', 'record', 'region']),
                  registry: z.string(),
                  id: z.string(),
                  name: z.string(),
                  subtitle: z.string().nullable(),
                  regionCode: z.string(),
                  lon: z.number().nullable(),
                  lat: z.number().nullable(),
                }),
              ),
            }),
            ...resourceErrors,
          },
        },
      },
      async (request) => s.ledger.search(requireAuth(request).actor, request.query.q, request.query.limit),
    );
    app.get(
      '/ledger/:registry',
      {
        config: read,
        schema: {
          tags,
          summary: '台账记录列表',
          params: RegistryParams,
          querystring: ListParams,
          response: { 200: pageOf(LedgerRecordView), ...resourceErrors },
        },
      },
      async (request) => s.ledger.list(requireAuth(request).actor, request.params.registry, request.query),
    );
    app.get(
      '/ledger/:registry/features',
      {
        config: read,
        schema: {
          tags,
          summary: '台账图层 GeoJSON（点/线/面，含等级；ETag，可压缩）',
          params: RegistryParams,
          querystring: Filters,
          response: {
            200: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }),
            304: NotModified,
            ...resourceErrors,
          },
        },
      },
      async (request, reply) => {
        const layer = await s.ledger.features(
          requireAuth(request).actor,
          request.params.registry,
          request.query,
        );
        // Encoded here rather than by the schema: the text's hash is the entity tag (a browser that holds
        // the layer revalidates it without a download), and the text is what gets compressed.
        return sendDocument(request, reply, jsonDocument(JSON.stringify(layer)));
      },
    );
    app.get(
      '/ledger/:registry/export',
      {
        config: read,
        schema: {
          tags,
          summary: '导出筛选后的台账（xlsx / csv / geojson）',
          params: RegistryParams,
          querystring: Filters.extend({
            format: z.enum(['xlsx', 'csv', 'geojson']).default('xlsx'),
            sort: ListQuery.shape.sort,
          }),
          produces: [XLSX_TYPE, 'text/csv', 'application/geo+json'],
        },
      },
      async (request, reply) => {
        const { format, ...filters } = request.query;
        const { registry } = request.params;
        const buffer = await s.ledger.export(requireAuth(request).actor, registry, filters, format);
        const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
        const def = s.ledger.registry(registry);
        const type =
          format === 'xlsx'
            ? XLSX_TYPE
            : format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/geo+json';
        return attachment(reply, type, `${registry}-${stamp}.${format}`, `${def.zh}-${stamp}.${format}`).send(
          buffer,
        );
      },
    );
    app.get(
      '/ledger/:registry/template',
      {
        config: read,
        schema: {
          tags,
          summary: '台账导入模板（Excel，中文表头）',
          params: RegistryParams,
          produces: [XLSX_TYPE],
        },
      },
      async (request, reply) => {
        const { registry } = request.params;
        const def = s.ledger.registry(registry);
        return attachment(reply, XLSX_TYPE, `${registry}-template.xlsx`, `${def.zh}导入模板.xlsx`).send(
          await s.ledger.template(registry),
        );
      },
    );
    app.post(
      '/ledger/:registry/import',
      {
        config: write,
        bodyLimit: 32 * 1024 * 1024,
        schema: {
          tags,
          summary: '导入台账（.xlsx、UTF-8 CSV 或 GeoJSON 作为请求体；dryRun=1 只校验；全部通过才写入）',
          description: IMPORT_STREAM_DOC,
          params: RegistryParams,
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
          throw new AppError('validation_failed', '请以 .xlsx、CSV 或 GeoJSON 文件作为请求体上传', {
            details: [{ path: 'body', message: 'Content-Type 应为 Excel、text/csv 或 application/geo+json' }],
          });
        const { registry } = request.params;
        let table: Table;
        try {
          const isJson =
            request.headers['content-type']?.includes('geo+json') ||
            request.body.subarray(0, 64).toString('utf8').trimStart().startsWith('{');
          table = isJson
            ? geojsonToTable(s.ledger.registry(registry), request.body.toString('utf8'))
            : await readTable(request.body);
        } catch (err) {
          if (err instanceof TableFormatError)
            throw new AppError('validation_failed', err.message, {
              details: [{ path: 'file', message: err.message }],
            });
          throw err;
        }
        const { actor } = requireAuth(request);
        return answerImport(request, reply, (onProgress) =>
          s.ledger.import(actor, registry, table, {
            dryRun: request.query.dryRun,
            source: 'api',
            onProgress,
          }),
        );
      },
    );
    app.post(
      '/ledger/:registry',
      {
        config: write,
        schema: {
          tags,
          summary: '新建台账记录',
          params: RegistryParams,
          body: Body,
          response: { 201: LedgerRecordView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.ledger.create(requireAuth(request).actor, request.params.registry, request.body)),
    );
    app.get(
      '/ledger/:registry/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '台账记录详情（含计算过程）',
          params: RecordParams,
          response: { 200: LedgerRecordView, ...resourceErrors },
        },
      },
      async (request) => s.ledger.get(requireAuth(request).actor, request.params.registry, request.params.id),
    );
    app.patch(
      '/ledger/:registry/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改台账记录（attrs 只改给出的字段）',
          params: RecordParams,
          body: Body,
          response: { 200: LedgerRecordView, ...resourceErrors },
        },
      },
      async (request) =>
        s.ledger.update(requireAuth(request).actor, request.params.registry, request.params.id, request.body),
    );
    app.delete(
      '/ledger/:registry/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '删除台账记录（被引用时拒绝）',
          params: RecordParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.ledger.remove(requireAuth(request).actor, request.params.registry, request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/ledger/:registry/:id/history',
      {
        config: read,
        schema: {
          tags,
          summary: '台账记录变更记录（审计日志）',
          params: RecordParams,
          querystring: ListQuery.pick({ page: true, pageSize: true }),
          response: { 200: pageOf(AuditView), ...resourceErrors },
        },
      },
      async (request) =>
        s.ledger.history(
          requireAuth(request).actor,
          request.params.registry,
          request.params.id,
          request.query,
        ),
    );
  };
}
