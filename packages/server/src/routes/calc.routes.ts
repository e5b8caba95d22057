import { CALCULATOR_NAMES, runCalculator } from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { resourceErrors } from './common.ts';

/** `POST /api/v1/calc/{name}`: the domain calculators for any logged-in user (same as `ningan calc`). */
export function calcRoutes(): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/calc/:name',
      {
        config: { policy: { auth: 'session' } },
        schema: {
          tags: ['calc'],
          summary: `领域计算器（${CALCULATOR_NAMES.join('、')}）`,
          params: z.object({ name: z.enum(CALCULATOR_NAMES as [string, ...string[]]) }),
          body: z.unknown(),
          response: { 200: z.unknown(), ...resourceErrors },
        },
      },
      async (request) => runCalculator(request.params.name, request.body),
    );
  };
}
