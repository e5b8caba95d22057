/** Alarm rules (预警规则): templates, CRUD with versions, replay over stored readings (issue #4 part 4). */
import {
  AlarmRuleDetail,
  AlarmRuleView,
  CreateAlarmRuleRequest,
  ReplayRuleRequest,
  ReplayView,
  UpdateAlarmRuleRequest,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const read = { policy: { auth: 'session', permission: 'monitoring:read' } } as const;
const write = { policy: { auth: 'session', permission: 'monitoring:write' } } as const;
const tags = ['monitoring'];

const RuleQuery = z.object({
  stationId: z.string().uuid().optional(),
  enabled: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

const TemplateView = z.object({
  name: z.string(),
  summary: z.string(),
  /** JSON Schema of the template's parameters (id, subject and version are filled in by the platform). */
  params: z.unknown(),
});

export function alarmRuleRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/monitoring/rule-templates',
      {
        config: read,
        schema: {
          tags,
          summary: '预警规则模板（暴雨、山洪、水位、滑坡、气体、储罐）',
          response: { 200: z.array(TemplateView) },
        },
      },
      async () => s.alarmRules.templates(),
    );
    app.get(
      '/monitoring/rules',
      {
        config: read,
        schema: {
          tags,
          summary: '预警规则列表（含当前告警级别）',
          querystring: RuleQuery,
          response: { 200: z.array(AlarmRuleView), ...resourceErrors },
        },
      },
      async (request) => s.alarmRules.list(requireAuth(request).actor, request.query),
    );
    app.post(
      '/monitoring/rules',
      {
        config: write,
        schema: {
          tags,
          summary: '新建预警规则（按模板参数或规则 JSON）',
          body: CreateAlarmRuleRequest,
          response: { 201: AlarmRuleView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.alarmRules.create(requireAuth(request).actor, request.body)),
    );
    app.post(
      '/monitoring/rules/replay',
      {
        config: read,
        schema: {
          tags,
          summary: '用历史数据回放规则（不写入任何数据）',
          body: ReplayRuleRequest,
          response: { 200: ReplayView, ...resourceErrors },
        },
      },
      async (request) => s.alarmRules.replay(requireAuth(request).actor, request.body),
    );
    app.get(
      '/monitoring/rules/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '预警规则详情（含各版本）',
          params: IdParams,
          response: { 200: AlarmRuleDetail, ...resourceErrors },
        },
      },
      async (request) => s.alarmRules.get(requireAuth(request).actor, request.params.id),
    );
    app.patch(
      '/monitoring/rules/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改预警规则（生成新版本）或启用/停用',
          params: IdParams,
          body: UpdateAlarmRuleRequest,
          response: { 200: AlarmRuleView, ...resourceErrors },
        },
      },
      async (request) => s.alarmRules.update(requireAuth(request).actor, request.params.id, request.body),
    );
    app.delete(
      '/monitoring/rules/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '删除预警规则（已产生告警的规则只能停用）',
          params: IdParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.alarmRules.remove(requireAuth(request).actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
