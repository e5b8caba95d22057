import { ErrorEnvelope, ROLES } from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Services } from './services.ts';

export function healthRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/health',
      {
        config: { policy: { auth: 'public' }, rateLimit: false },
        schema: {
          tags: ['system'],
          summary: '健康检查 / health',
          response: {
            200: z.object({
              status: z.literal('ok'),
              version: z.string(),
              database: z.string(),
              uptimeSeconds: z.number(),
            }),
            503: z.object({
              status: z.literal('degraded'),
              version: z.string(),
              database: z.string(),
              uptimeSeconds: z.number(),
            }),
          },
        },
      },
      async (_request, reply) => {
        const h = await s.health();
        const body = {
          version: s.version,
          database: h.database,
          uptimeSeconds: Math.round(process.uptime()),
        };
        return h.ok
          ? { status: 'ok' as const, ...body }
          : reply.status(503).send({ status: 'degraded' as const, ...body });
      },
    );
  };
}

export function publicConfigRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/config/public',
      {
        config: { policy: { auth: 'public' } },
        schema: {
          tags: ['system'],
          summary: '前端公开配置',
          response: {
            200: z.object({
              regionCode: z.string(),
              regionName: z.string(),
              demo: z.boolean(),
              demoAccounts: z.array(
                z.object({ username: z.string(), role: z.enum(ROLES), password: z.string() }),
              ),
              mapTileUrl: z.string().nullable(),
              /**
               * Where devices send readings over MQTT (null: MQTT ingest is off). `url` null: on the host name
               * the console was reached by, at `port`.
               */
              mqtt: z
                .object({
                  url: z.string().nullable(),
                  port: z.number().int(),
                  source: z.enum(['public', 'external', 'embedded']),
                })
                .nullable()
                .describe('设备接入 MQTT 地址（url 为空时用控制台的主机名加 port）'),
              version: z.string(),
            }),
            500: ErrorEnvelope,
          },
        },
      },
      async () => {
        const county = await s.regions.getRegionDetail(s.config.regionCode);
        const demoAccounts = await s.bootstrap.demoAccounts();
        return {
          regionCode: county.code,
          regionName: county.name,
          demo: demoAccounts.length > 0,
          demoAccounts,
          mapTileUrl: s.config.mapTileUrl,
          mqtt: s.deviceBroker.address(),
          version: s.version,
        };
      },
    );
  };
}
