/**
 * Incidents (issue #6 contract §A): intake, field reports, classification and grading, follow-ups, response
 * level, merge, contact notes, close-out, findings (复盘), the workspace, the timeline, photos, and the command
 * stream (Server-Sent Events).
 */
import {
  CloseRequest,
  ContactNoteRequest,
  CreateFindingRequest,
  DuplicatesRequest,
  DuplicatesResponse,
  ErrorEnvelope,
  FieldReportRequest,
  FieldReportResponse,
  FindingListQuery,
  FindingsResponse,
  FindingView,
  FollowUpRequest,
  FromExternalWarningRequest,
  IncidentDetail,
  IncidentListQuery,
  IncidentPage,
  IncidentPatchRequest,
  IntakeRequest,
  MergeRequest,
  RectifyFindingRequest,
  ResponseLevelRequest,
  TimelineEntryView,
  TimelineQuery,
  TimelineResponse,
  VerifyFindingRequest,
  WorkspaceView,
} from '@ningan/domain';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { startEventStream } from '../http/sse.ts';
import { contentDisposition } from '../lib/content-disposition.ts';
import type { CommandSink } from '../services/incidents.service.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const read = { policy: { auth: 'session', permission: 'incident:read' } } as const;
const write = { policy: { auth: 'session', permission: 'incident:write' } } as const;
const command = { policy: { auth: 'session', permission: 'incident:command' } } as const;
const fieldReport = { policy: { auth: 'session', permission: 'incident:field_report' } } as const;
/** Permission checked in the service (incident:write, or task:feedback of the responsible unit). */
const session = { policy: { auth: 'session' } } as const;
const tags = ['incidents'];

/** Field reports carry up to 3 photos of 1.5 MB in base64 (≈ 6 MB): the route's body limit. */
const FIELD_REPORT_BODY_LIMIT = 8 * 1024 * 1024;
const RETRY_MS = 5000;
/** A client this far behind (bytes queued) is cut off; it reconnects and refetches. */
const MAX_BUFFERED = 1 << 20;

function commandSink(reply: FastifyReply): CommandSink {
  const raw = reply.raw;
  const write = (text: string) => {
    if (raw.destroyed || raw.writableEnded) return false;
    raw.write(text);
    return raw.writableLength < MAX_BUFFERED;
  };
  return {
    send: (event, data) => write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`),
    ping: () => write(': ping\n\n'),
    end: () => {
      if (!raw.writableEnded) raw.end();
    },
  };
}

export function incidentRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.addHook('preClose', async () => s.incidents.closeStreams());

    app.get(
      '/incidents',
      {
        config: read,
        schema: {
          tags,
          summary: '事件列表（管辖范围内，按事发时间倒序）',
          querystring: IncidentListQuery,
          response: { 200: IncidentPage, ...resourceErrors },
        },
      },
      async (request) => s.incidents.list(requireAuth(request).actor, request.query),
    );
    app.post(
      '/incidents/duplicates',
      {
        config: read,
        schema: {
          tags,
          summary: '疑似重复事件（同类、时空相近的未结束事件）',
          body: DuplicatesRequest,
          response: { 200: DuplicatesResponse, ...resourceErrors },
        },
      },
      async (request) => s.incidents.duplicates(requireAuth(request).actor, request.body),
    );
    app.post(
      '/incidents',
      {
        config: write,
        schema: {
          tags,
          summary: '接报（电话接报表单或手工录入），自动定级，答复疑似重复事件',
          body: IntakeRequest,
          response: { 201: IncidentDetail, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.incidents.intake(requireAuth(request).actor, request.body)),
    );
    app.post(
      '/incidents/field-reports',
      {
        config: fieldReport,
        bodyLimit: FIELD_REPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: '村灾害信息员现场报告（手机；clientId 幂等，重发答首次结果）',
          body: FieldReportRequest,
          response: { 200: FieldReportResponse, 201: FieldReportResponse, ...resourceErrors },
        },
      },
      async (request, reply) => {
        const result = await s.incidents.fieldReport(requireAuth(request).actor, request.body);
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );
    app.post(
      '/incidents/from-external-warning/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '由外部预警转为事件（已转过的答原事件）',
          params: IdParams,
          body: FromExternalWarningRequest,
          response: { 200: IncidentDetail, 201: IncidentDetail, ...resourceErrors },
        },
      },
      async (request, reply) => {
        const result = await s.incidents.fromExternalWarning(
          requireAuth(request).actor,
          request.params.id,
          request.body,
        );
        return reply.status(result.created ? 201 : 200).send(result.detail);
      },
    );
    app.get(
      '/incidents/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '事件详情（定级依据、报送时限、疑似重复）',
          params: IdParams,
          response: { 200: IncidentDetail, ...resourceErrors },
        },
      },
      async (request) => s.incidents.get(requireAuth(request).actor, request.params.id),
    );
    app.get(
      '/incidents/:id/workspace',
      {
        config: read,
        schema: {
          tags,
          summary: '事件工作台（详情、时间线、任务、调拨、预案启动、态势、复盘、报送，一次取回）',
          params: IdParams,
          response: { 200: WorkspaceView, ...resourceErrors },
        },
      },
      async (request) => {
        const { actor } = requireAuth(request);
        const id = request.params.id;
        // The core first: it checks the permission and the jurisdiction before the parts are read.
        const core = await s.incidents.workspace(actor, id);
        const [tasks, allocations, activations, sitreps, reports] = await Promise.all([
          s.response.listTasks(actor, id),
          s.response.listAllocations(actor, id),
          s.response.listActivations(actor, id),
          s.analysis.listSitreps(actor, id),
          s.incidentReports.list(actor, id),
        ]);
        return { ...core, tasks, allocations, activations, sitreps, reports: reports.filed };
      },
    );
    app.get(
      '/incidents/:id/timeline',
      {
        config: read,
        schema: {
          tags,
          summary: '事件时间线（afterSeq 之后，升序）',
          params: IdParams,
          querystring: TimelineQuery,
          response: { 200: TimelineResponse, ...resourceErrors },
        },
      },
      async (request) =>
        s.incidents.timeline(requireAuth(request).actor, request.params.id, request.query.afterSeq ?? 0),
    );
    app.patch(
      '/incidents/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改事件信息（改变事件类型即重新定级；version 过期答 409）',
          params: IdParams,
          body: IncidentPatchRequest,
          response: { 200: IncidentDetail, ...resourceErrors },
        },
      },
      async (request) => s.incidents.update(requireAuth(request).actor, request.params.id, request.body),
    );

    const actions = [
      [
        'follow-ups',
        write,
        '续报（新的累计数字，自动重新定级；可标记灾情稳定）',
        FollowUpRequest,
        s.incidents.followUp.bind(s.incidents),
      ],
      [
        'response-level',
        command,
        '决定响应级别（Ⅰ–Ⅳ，记录决策人与依据）',
        ResponseLevelRequest,
        s.incidents.setResponseLevel.bind(s.incidents),
      ],
      [
        'merge',
        write,
        '合并重复事件（重复事件标记为已合并）',
        MergeRequest,
        s.incidents.merge.bind(s.incidents),
      ],
      [
        'close',
        command,
        '结束事件（有未办结任务或未到达的调拨时拒绝，force 强制结束须说明）',
        CloseRequest,
        s.incidents.close.bind(s.incidents),
      ],
    ] as const;
    for (const [path, config, summary, body, act] of actions)
      app.post(
        `/incidents/:id/${path}`,
        {
          config: { policy: { auth: 'session', permission: config.policy.permission } },
          schema: {
            tags,
            summary,
            params: IdParams,
            body,
            response: { 200: IncidentDetail, ...resourceErrors },
          },
        },
        async (request) => act(requireAuth(request).actor, request.params.id, request.body),
      );

    app.post(
      '/incidents/:id/contacts',
      {
        config: write,
        schema: {
          tags,
          summary: '记录联络（电话、电台、视频、会商）',
          params: IdParams,
          body: ContactNoteRequest,
          response: { 201: TimelineEntryView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.incidents.addContact(requireAuth(request).actor, request.params.id, request.body)),
    );

    // ---- findings (复盘)
    app.get(
      '/incidents/:id/findings',
      {
        config: read,
        schema: {
          tags,
          summary: '事件的复盘问题',
          params: IdParams,
          response: { 200: FindingsResponse, ...resourceErrors },
        },
      },
      async (request) => s.incidents.listFindings(requireAuth(request).actor, request.params.id),
    );
    app.post(
      '/incidents/:id/findings',
      {
        config: command,
        schema: {
          tags,
          summary: '登记复盘问题（责任单位、整改期限）',
          params: IdParams,
          body: CreateFindingRequest,
          response: { 201: FindingView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.incidents.createFinding(requireAuth(request).actor, request.params.id, request.body)),
    );
    app.get(
      '/incident-findings',
      {
        config: read,
        schema: {
          tags,
          summary: '管辖范围内的复盘问题（默认未销号的）',
          querystring: FindingListQuery,
          response: { 200: FindingsResponse, ...resourceErrors },
        },
      },
      async (request) => s.incidents.findings(requireAuth(request).actor, request.query),
    );
    app.post(
      '/incident-findings/:id/rectify',
      {
        config: session,
        schema: {
          tags,
          summary: '登记整改情况（事件处置权限，或责任单位的任务反馈权限）',
          params: IdParams,
          body: RectifyFindingRequest,
          response: { 200: FindingView, ...resourceErrors },
        },
      },
      async (request) =>
        s.incidents.rectifyFinding(requireAuth(request).actor, request.params.id, request.body),
    );
    app.post(
      '/incident-findings/:id/verify',
      {
        config: command,
        schema: {
          tags,
          summary: '验证整改（通过即销号；不通过退回整改）',
          params: IdParams,
          body: VerifyFindingRequest,
          response: { 200: FindingView, ...resourceErrors },
        },
      },
      async (request) =>
        s.incidents.verifyFinding(requireAuth(request).actor, request.params.id, request.body),
    );

    // ---- files
    app.get(
      '/incident-files/:id',
      {
        config: session,
        schema: {
          tags,
          summary: '事件照片（现场报告、任务反馈），inline',
          params: IdParams,
          produces: ['image/jpeg', 'image/png', 'image/webp'],
        },
      },
      async (request, reply) => {
        const file = await s.incidents.getFile(requireAuth(request).actor, request.params.id);
        return reply
          .header('content-type', file.contentType)
          .header('content-disposition', contentDisposition(file.fileName, 'inline'))
          .header('cache-control', 'private, max-age=3600')
          .header('etag', `"${file.sha256}"`)
          .send(file.content);
      },
    );

    // ---- live
    app.get(
      '/command/stream',
      {
        config: read,
        schema: {
          tags,
          summary: '指挥实时推送（Server-Sent Events）',
          description: [
            'Server-Sent Events（text/event-stream），浏览器会话 Cookie 或 Bearer 令牌。事件：',
            '`change`：管辖范围内的事件、时间线、任务、报送、值班等有变化（CommandChange：incidentId、regionCode、topic、seq、refId、at），客户端据此重新获取；',
            '`end`：服务端结束连接（会话结束 session_expired、停机 shutting_down）。',
            '每 15 秒一行注释 `: ping`；`retry:` 为重连间隔。',
          ].join('\n'),
          response: {
            200: z.string().describe('text/event-stream'),
            401: ErrorEnvelope,
            403: ErrorEnvelope,
          },
        },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        const stream = s.incidents.openStream(auth.actor, auth.session.id, commandSink(reply));
        reply.raw.once('close', () => stream.close());
        startEventStream(request, reply, RETRY_MS);
        return reply;
      },
    );
  };
}
