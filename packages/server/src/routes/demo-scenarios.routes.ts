/**
 * Demo scenarios of 一盘棋 (issue #6 part 11, demo installations only): `POST /demo/command-scenarios/:name`
 * plays a scenario through this very API (src/demo/command-scenarios.ts, as the demo accounts) and answers 202
 * with the incident id as soon as its first step created the incident; the rest plays in the background, so the
 * visitor watches the workspace update live.
 */
import { AppError, ErrorEnvelope } from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  COMMAND_SCENARIOS,
  COMMAND_SCENARIO_LABELS,
  isCommandScenarioName,
  runCommandScenario,
} from '../demo/command-scenarios.ts';
import { requireAuth } from '../http/policy.ts';
import { DEMO_PASSWORD } from '../services/bootstrap.service.ts';
import type { Services } from './services.ts';

const tags = ['demo'];

const StartRequest = z
  .object({
    speed: z
      .number()
      .min(0.1, '速度倍数应在 0.1–1000 之间')
      .max(1000, '速度倍数应在 0.1–1000 之间')
      .optional()
      .describe('步骤间隔的倍速：1 = 演示节奏（约 3 秒一步），越大越快'),
  })
  .strict();
const StartResponse = z.object({
  scenario: z.enum(COMMAND_SCENARIOS),
  label: z.string(),
  incidentId: z.string(),
});

export function demoScenarioRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/demo/command-scenarios/:name',
      {
        config: { policy: { auth: 'session', permission: 'incident:command' } },
        schema: {
          tags,
          summary: '演示：播放一个指挥场景（仅演示安装；事件建立即答 202，其余步骤后台依次进行）',
          description: `场景：${COMMAND_SCENARIOS.map((n) => `${n}（${COMMAND_SCENARIO_LABELS[n]}）`).join('、')}。所有文字带【演示】标记。`,
          params: z.object({ name: z.string().max(40) }),
          body: StartRequest.nullish(),
          response: {
            202: StartResponse,
            400: ErrorEnvelope,
            401: ErrorEnvelope,
            403: ErrorEnvelope,
            404: ErrorEnvelope,
          },
        },
      },
      async (request, reply) => {
        requireAuth(request);
        const name = request.params.name;
        if (!isCommandScenarioName(name)) throw new AppError('not_found', `没有演示场景 ${name}`);
        // Demo mode = a demo-seeded installation (the same test as the public config's `demo`).
        if ((await s.bootstrap.demoAccounts()).length === 0)
          throw new AppError('forbidden', '演示场景仅在演示安装（ningan start --demo）中可用');
        const log = request.log;
        const incidentId = await new Promise<string>((resolve, reject) => {
          let started = false;
          runCommandScenario(app, name, {
            password: DEMO_PASSWORD,
            now: s.clock,
            speed: request.body?.speed ?? 1,
            onIncident: (id) => {
              started = true;
              resolve(id);
            },
            onStep: (step) => log.info({ scenario: name, ...step }, 'demo scenario step'),
          }).then(
            (result) => log.info({ scenario: name, incidentId: result.incidentId }, 'demo scenario finished'),
            (err: unknown) => {
              if (!started) {
                log.error({ err, scenario: name }, 'demo scenario failed before its incident existed');
                reject(new AppError('conflict', err instanceof Error ? err.message : String(err)));
              } else log.error({ err, scenario: name }, 'demo scenario stopped');
            },
          );
        });
        return reply.status(202).send({ scenario: name, label: COMMAND_SCENARIO_LABELS[name], incidentId });
      },
    );
  };
}
