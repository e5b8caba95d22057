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
  type EnterpriseView as EnterpriseViewType,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { writeXlsx, type XlsxColumn } from '../lib/xlsx.ts';
import type { Services } from './services.ts';
import { IdParams, RegionCodeFilter, resourceErrors } from './common.ts';

const Filters = z.object({
  q: z.string().trim().max(100).optional(),
  industry: z.enum(INDUSTRIES).optional(),
  scale: z.enum(ENTERPRISE_SCALES).optional(),
  regionCode: RegionCodeFilter.optional(),
});
const EnterpriseQuery = ListQuery.extend(Filters.shape);
const ExportQuery = Filters.extend({ sort: ListQuery.shape.sort });

const EXPORT_COLUMNS: XlsxColumn<EnterpriseViewType & { regionName: string }>[] = [
  { header: '企业名称', width: 36, value: (e) => e.name },
  { header: '统一社会信用代码', width: 22, value: (e) => e.creditCode },
  { header: '行业类别', value: (e) => e.industry },
  { header: '规模', width: 8, value: (e) => e.scale },
  { header: '所在乡镇/村', width: 24, value: (e) => e.regionName },
  { header: '区划代码', width: 14, value: (e) => e.regionCode },
  { header: '经度', width: 11, value: (e) => e.lon },
  { header: '纬度', width: 11, value: (e) => e.lat },
  { header: '地址', width: 30, value: (e) => e.address },
  { header: '法定代表人', value: (e) => e.legalRepresentative },
  { header: '安全管理人员', value: (e) => e.safetyManager },
  { header: '联系电话', width: 14, value: (e) => e.safetyManagerPhone },
  { header: '安全生产标准化等级', value: (e) => e.standardizationGrade },
  { header: '安全生产责任保险', width: 10, value: (e) => (e.insured ? '已投保' : '未投保') },
  { header: '保险到期日', width: 12, value: (e) => e.insuranceExpiresOn },
  {
    header: '许可证',
    width: 40,
    value: (e) => e.licences.map((l) => `${l.name} ${l.number}（至 ${l.expiresOn}）`).join('；'),
  },
  { header: '演示数据', width: 8, value: (e) => (e.isDemo ? '是' : '') },
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
      async (request) => {
        const features = [];
        for await (const e of s.enterprises.streamEnterprises(requireAuth(request).actor, request.query))
          features.push({
            type: 'Feature' as const,
            properties: {
              id: e.id,
              name: e.name,
              industry: e.industry,
              scale: e.scale,
              regionCode: e.regionCode,
              isDemo: e.isDemo,
            },
            geometry: { type: 'Point' as const, coordinates: [e.lon, e.lat] },
          });
        return { type: 'FeatureCollection' as const, features };
      },
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
        const actor = requireAuth(request).actor;
        const names = await s.regions.regionNames(s.config.regionCode);
        async function* rows() {
          for await (const e of s.enterprises.streamEnterprises(actor, request.query))
            yield { ...e, regionName: names.get(e.regionCode) ?? e.regionCode };
        }
        const buffer = await writeXlsx('企业', EXPORT_COLUMNS, rows());
        const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
        return reply
          .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
          .header(
            'content-disposition',
            `attachment; filename="enterprises-${stamp}.xlsx"; filename*=UTF-8''${encodeURIComponent(`企业-${stamp}.xlsx`)}`,
          )
          .send(buffer);
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
