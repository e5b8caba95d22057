import { ErrorEnvelope, REGION_LEVELS } from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { sendCached } from './common.ts';
import type { Services } from './services.ts';

const CodeParams = z.object({
  code: z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, '区划代码应为 6/9/12 位数字'),
});
const flag = z
  .enum(['0', '1', 'true', 'false'])
  .optional()
  .transform((v) => v === '1' || v === 'true');
const Seat = z.object({
  lon: z.number(),
  lat: z.number(),
  confidence: z.string(),
  source: z.string(),
  crs_of_source: z.string().optional(),
});
const RegionSummary = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentCode: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  schematic: z.boolean(),
});
const RegionDetailSchema = RegionSummary.extend({ seat: Seat.nullable(), children: z.array(RegionSummary) });
const GeoJson = z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) });
const errors = { 400: ErrorEnvelope, 401: ErrorEnvelope, 403: ErrorEnvelope, 404: ErrorEnvelope };

export function regionRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/regions/:code',
      {
        config: { policy: { auth: 'session', permission: 'region:read' } },
        schema: {
          tags: ['regions'],
          summary: '区划及下级（县→乡镇，乡镇→村）',
          params: CodeParams,
          response: { 200: RegionDetailSchema, ...errors },
        },
      },
      async (request, reply) =>
        sendCached(reply, RegionDetailSchema, await s.regions.getRegionDetail(request.params.code)),
    );
    app.get(
      '/regions/:code/boundary',
      {
        config: { policy: { auth: 'session', permission: 'region:read' } },
        schema: {
          tags: ['regions'],
          summary: '边界 GeoJSON（children=1 含下级分区，neighbours=1 含周边县区）',
          params: CodeParams,
          querystring: z.object({ children: flag, neighbours: flag }),
          response: { 200: GeoJson, ...errors },
        },
      },
      async (request, reply) =>
        sendCached(reply, GeoJson, await s.regions.getBoundary(request.params.code, request.query)),
    );
    app.get(
      '/regions/:code/villages',
      {
        config: { policy: { auth: 'session', permission: 'region:read' } },
        schema: {
          tags: ['regions'],
          summary: '村(社区)点位 GeoJSON',
          params: CodeParams,
          response: { 200: GeoJson, ...errors },
        },
      },
      async (request, reply) => sendCached(reply, GeoJson, await s.regions.getVillages(request.params.code)),
    );
    app.get(
      '/regions/:code/rivers',
      {
        config: { policy: { auth: 'session', permission: 'region:read' } },
        schema: {
          tags: ['regions'],
          summary: '水系 GeoJSON',
          params: CodeParams,
          response: { 200: GeoJson, ...errors },
        },
      },
      async (request, reply) => sendCached(reply, GeoJson, await s.regions.getRivers(request.params.code)),
    );
    app.post(
      '/regions/boundaries',
      {
        config: { policy: { auth: 'session', permission: 'region:import' } },
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags: ['regions'],
          summary: '导入乡镇/村实际边界（GeoJSON，替换示意分区）',
          body: z.unknown(),
          response: { 200: z.object({ townships: z.number(), villages: z.number() }), ...errors },
        },
      },
      async (request) => s.regions.importBoundaries(requireAuth(request).actor, request.body, 'api'),
    );
  };
}
