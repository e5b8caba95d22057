/**
 * The response to an incident over HTTP (issue #6 parts 5–8): plan suggestions and activation, the HQ's 叫应
 * answers (public link and in-app), tasks and feedback, allocations, recommendation, impact analysis and
 * situation reports. Thin: each route names its permission and schemas and calls one service method; the
 * services check jurisdiction.
 */
import {
  AckView,
  ActivateRequest,
  ActivationView,
  AllocateRequest,
  AllocationStepRequest,
  AllocationView,
  AnswerAckRequest,
  CommandNoticeList,
  CompileSitrepRequest,
  CreateTaskRequest,
  HqAckAnswerRequest,
  HqAckAnswerView,
  ImpactRequest,
  ImpactView,
  PlanSuggestionsView,
  PointRecommendRequest,
  RecommendRequest,
  RecommendView,
  SitrepView,
  TaskActionRequest,
  TaskDetail,
  TaskListQuery,
  TaskView,
  UpdateSitrepRequest,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { contentDisposition } from '../lib/content-disposition.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const read = { policy: { auth: 'session', permission: 'incident:read' } } as const;
const write = { policy: { auth: 'session', permission: 'incident:write' } } as const;
const command = { policy: { auth: 'session', permission: 'incident:command' } } as const;
const feedback = { policy: { auth: 'session', permission: 'task:feedback' } } as const;
const signedIn = { policy: { auth: 'session' } } as const;
const open = { policy: { auth: 'public' } } as const;
const tags = ['command'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export function commandResponseRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const actor = (request: Parameters<typeof requireAuth>[0]) => requireAuth(request).actor;

    // ---- plans and activation
    app.get(
      '/incidents/:id/plan-suggestions',
      {
        config: read,
        schema: {
          tags,
          summary: '预案推荐：按事件类型匹配适用灾种，专项预案优先',
          params: IdParams,
          response: { 200: PlanSuggestionsView, ...resourceErrors },
        },
      },
      async (request) => s.response.planSuggestions(actor(request), request.params.id),
    );
    app.get(
      '/incidents/:id/activations',
      {
        config: read,
        schema: {
          tags,
          summary: '事件的预案启动记录及指挥部叫应情况',
          params: IdParams,
          response: { 200: z.object({ items: z.array(ActivationView) }), ...resourceErrors },
        },
      },
      async (request) => ({ items: await s.response.listActivations(actor(request), request.params.id) }),
    );
    app.get(
      '/incidents/:id/notices',
      {
        config: read,
        schema: {
          tags,
          summary: '事件的短信通知（叫应、升级、报送时限、任务、态势报告）及发送状态',
          params: IdParams,
          response: { 200: CommandNoticeList, ...resourceErrors },
        },
      },
      async (request) => s.response.listNotices(actor(request), request.params.id),
    );
    app.post(
      '/incidents/:id/activations',
      {
        config: command,
        schema: {
          tags,
          summary: '启动预案：设定响应级别，叫应该级指挥部成员，按响应措施生成任务清单',
          params: IdParams,
          body: ActivateRequest,
          response: { 201: ActivationView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.response.activate(actor(request), request.params.id, request.body)),
    );
    app.post(
      '/hq-acks/answer',
      {
        config: open,
        schema: {
          tags,
          summary: '指挥部成员通过叫应链接应答（无需登录；重复应答无副作用）',
          body: HqAckAnswerRequest,
          response: { 200: HqAckAnswerView, ...resourceErrors },
        },
      },
      async (request) => s.response.answerByToken(request.body, request.ip),
    );
    app.post(
      '/incident-acks/:id/answer',
      {
        config: signedIn,
        schema: {
          tags,
          summary: '叫应应答：本人在应用内应答，或值班人员代为记录（需 incident:write 并说明）',
          params: IdParams,
          body: AnswerAckRequest,
          response: { 200: AckView, ...resourceErrors },
        },
      },
      async (request) => s.response.answerAck(actor(request), request.params.id, request.body),
    );

    // ---- tasks
    app.get(
      '/incidents/:id/tasks',
      {
        config: read,
        schema: {
          tags,
          summary: '事件的调度任务',
          params: IdParams,
          response: { 200: z.object({ items: z.array(TaskView) }), ...resourceErrors },
        },
      },
      async (request) => ({ items: await s.response.listTasks(actor(request), request.params.id) }),
    );
    app.post(
      '/incidents/:id/tasks',
      {
        config: write,
        schema: {
          tags,
          summary: '下达任务（救援队伍、部门单位、乡镇或个人）',
          params: IdParams,
          body: CreateTaskRequest,
          response: { 201: TaskView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.response.createTask(actor(request), request.params.id, request.body)),
    );
    app.get(
      '/tasks/mine',
      {
        config: feedback,
        schema: {
          tags,
          summary: '我的任务：派给本人、本单位、本乡镇、本人带领队伍的任务',
          querystring: TaskListQuery,
          response: { 200: z.object({ items: z.array(TaskView) }), ...resourceErrors },
        },
      },
      async (request) => s.response.myTasks(actor(request), request.query.state),
    );
    app.get(
      '/tasks/:id',
      {
        config: signedIn,
        schema: {
          tags,
          summary: '任务详情及反馈',
          params: IdParams,
          response: { 200: TaskDetail, ...resourceErrors },
        },
      },
      async (request) => s.response.getTask(actor(request), request.params.id),
    );
    app.post(
      '/tasks/:id/actions',
      {
        config: signedIn,
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          tags,
          summary: '任务操作：查阅、反馈（文字、照片、位置）、退回；派发方办结、退回重办、重新派发',
          params: IdParams,
          body: TaskActionRequest,
          response: { 200: TaskDetail, ...resourceErrors },
        },
      },
      async (request) => s.response.taskAction(actor(request), request.params.id, request.body),
    );

    // ---- allocations
    app.get(
      '/incidents/:id/allocations',
      {
        config: read,
        schema: {
          tags,
          summary: '事件的物资调拨',
          params: IdParams,
          response: { 200: z.object({ items: z.array(AllocationView) }), ...resourceErrors },
        },
      },
      async (request) => ({ items: await s.response.listAllocations(actor(request), request.params.id) }),
    );
    app.post(
      '/incidents/:id/allocations',
      {
        config: write,
        schema: {
          tags,
          summary: '物资调拨：从储备库按先进先出出库（不低于零，逐行列出不足）',
          params: IdParams,
          body: AllocateRequest,
          response: { 201: AllocationView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.response.allocate(actor(request), request.params.id, request.body)),
    );
    for (const step of ['ship', 'arrive'] as const)
      app.post(
        `/incident-allocations/:id/${step}`,
        {
          config: write,
          schema: {
            tags,
            summary: step === 'ship' ? '调拨物资发运' : '调拨物资到达',
            params: IdParams,
            body: AllocationStepRequest,
            response: { 200: AllocationView, ...resourceErrors },
          },
        },
        async (request) => s.response.allocationStep(actor(request), request.params.id, step, request.body),
      );

    // ---- recommendation, impact
    app.post(
      '/incidents/:id/recommend',
      {
        config: read,
        schema: {
          tags,
          summary: '资源推荐：最近的对口救援队伍、储备物资、专家、避难场所、医疗机构（直线距离与估算用时）',
          params: IdParams,
          body: RecommendRequest,
          response: { 200: RecommendView, ...resourceErrors },
        },
      },
      async (request) => s.analysis.recommendForIncident(actor(request), request.params.id, request.body),
    );
    app.post(
      '/command/recommend',
      {
        config: read,
        schema: {
          tags,
          summary: '资源推荐（任意地点）',
          body: PointRecommendRequest,
          response: { 200: RecommendView, ...resourceErrors },
        },
      },
      async (request) => s.analysis.recommendAtPoint(actor(request), request.body),
    );
    app.post(
      '/incidents/:id/impact',
      {
        config: read,
        schema: {
          tags,
          summary: '影响分析：半径内的村及人口、企业、重大危险源、隐患点、学校医院、人员密集场所、应急资源',
          params: IdParams,
          body: ImpactRequest,
          response: { 200: ImpactView, ...resourceErrors },
        },
      },
      async (request) => s.analysis.impact(actor(request), request.params.id, request.body),
    );

    // ---- situation reports
    app.get(
      '/incidents/:id/sitreps',
      {
        config: read,
        schema: {
          tags,
          summary: '事件的态势报告',
          params: IdParams,
          response: { 200: z.object({ items: z.array(SitrepView) }), ...resourceErrors },
        },
      },
      async (request) => ({ items: await s.analysis.listSitreps(actor(request), request.params.id) }),
    );
    app.post(
      '/incidents/:id/sitreps',
      {
        config: write,
        schema: {
          tags,
          summary: '编制态势报告（草稿）：汇总事件情况、数字、定级、响应、任务、调拨和报送',
          params: IdParams,
          body: CompileSitrepRequest,
          response: { 201: SitrepView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.analysis.compileSitrep(actor(request), request.params.id, request.body)),
    );
    app.get(
      '/incident-sitreps/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '态势报告',
          params: IdParams,
          response: { 200: SitrepView, ...resourceErrors },
        },
      },
      async (request) => s.analysis.getSitrep(actor(request), request.params.id),
    );
    app.patch(
      '/incident-sitreps/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改态势报告草稿',
          params: IdParams,
          body: UpdateSitrepRequest,
          response: { 200: SitrepView, ...resourceErrors },
        },
      },
      async (request) => s.analysis.updateSitrep(actor(request), request.params.id, request.body),
    );
    app.get(
      '/incident-sitreps/:id/document',
      {
        config: read,
        schema: {
          tags,
          summary: '下载态势报告 Word 文档（.docx）',
          params: IdParams,
          produces: [DOCX],
        },
      },
      async (request, reply) => {
        const doc = await s.analysis.sitrepDocument(actor(request), request.params.id);
        return reply
          .header('content-type', DOCX)
          .header('content-disposition', contentDisposition(doc.fileName))
          .header('cache-control', 'private, no-store')
          .send(doc.content);
      },
    );
    for (const step of ['approve', 'publish'] as const)
      app.post(
        `/incident-sitreps/:id/${step}`,
        {
          config: command,
          schema: {
            tags,
            summary: step === 'approve' ? '审核态势报告（编制人以外的指挥人员）' : '发布态势报告至指挥部成员',
            params: IdParams,
            response: { 200: SitrepView, ...resourceErrors },
          },
        },
        async (request) => s.analysis.sitrepStep(actor(request), request.params.id, step),
      );
  };
}
