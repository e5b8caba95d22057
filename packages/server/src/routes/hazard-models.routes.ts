/**
 * Hazard models (issue #4 part 5): the earthquake impact estimate, a seismic station's instrumental
 * intensity, the landslide failure-time prediction on a hazard point, and township populations.
 */
import {
  EarthquakeEstimateRequest,
  EarthquakeEstimateView,
  FailurePredictionQuery,
  FailurePredictionView,
  RegionPopulationView,
  StationIntensityView,
  UpdateRegionPopulationRequest,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const read = { policy: { auth: 'session', permission: 'monitoring:read' } } as const;
const tags = ['monitoring'];
const TownshipParams = z.object({ code: z.string().regex(/^\d{9}$/, '乡镇代码应为 9 位数字') });

export function hazardModelRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/monitoring/earthquake-estimate',
      {
        config: read,
        schema: {
          tags,
          summary: '地震影响估算：GB 18306-2015 椭圆衰减 → 各乡镇烈度、宏观现象与受影响人口、等震线',
          body: EarthquakeEstimateRequest,
          response: { 200: EarthquakeEstimateView, ...resourceErrors },
        },
      },
      async (request) => s.hazardModels.estimateEarthquake(requireAuth(request).actor, request.body),
    );
    app.get(
      '/monitoring/stations/:id/intensity',
      {
        config: read,
        schema: {
          tags,
          summary: '强震动站点的仪器烈度（GB/T 17742-2020，取最新 PGA 与 PGV）',
          params: IdParams,
          response: { 200: StationIntensityView, ...resourceErrors },
        },
      },
      async (request) => s.hazardModels.stationIntensity(requireAuth(request).actor, request.params.id),
    );
    app.get(
      '/monitoring/hazard-points/:id/failure-prediction',
      {
        config: read,
        schema: {
          tags,
          summary: '地质灾害隐患点的滑坡临滑时间预测（逆速度法，STANDARDS §6.1；无加速则不预测并说明原因）',
          params: IdParams,
          querystring: FailurePredictionQuery,
          response: { 200: FailurePredictionView, ...resourceErrors },
        },
      },
      async (request) =>
        s.hazardModels.predictFailure(requireAuth(request).actor, request.params.id, request.query),
    );
    app.get(
      '/regions/population',
      {
        config: { policy: { auth: 'session', permission: 'region:read' } },
        schema: {
          tags: ['regions'],
          summary: '本县各乡镇人口（地震受影响人口估算用）及其来源',
          response: { 200: z.object({ items: z.array(RegionPopulationView) }), ...resourceErrors },
        },
      },
      async (request) => ({ items: await s.regions.listPopulation(requireAuth(request).actor) }),
    );
    app.patch(
      '/regions/:code/population',
      {
        // The service allows the system administrator and county-level ledger keepers only.
        config: { policy: { auth: 'session', permission: 'region:read' } },
        schema: {
          tags: ['regions'],
          summary: '录入或清除乡镇人口（须注明来源；系统管理员或县级台账维护人员；记入审计）',
          params: TownshipParams,
          body: UpdateRegionPopulationRequest,
          response: { 200: RegionPopulationView, ...resourceErrors },
        },
      },
      async (request) =>
        s.regions.setPopulation(requireAuth(request).actor, request.params.code, request.body),
    );
  };
}
