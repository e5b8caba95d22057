/**
 * Working alarms (issue #4 parts 6 and 7): the list, detail, header summary, people's actions, the accounts
 * an alarm can be assigned to, and the live stream (Server-Sent Events) of alarms, readings and device health.
 */
import {
  AcknowledgeAlarmRequest,
  AlarmAssigneeView,
  AlarmDetail,
  AlarmListQuery,
  AlarmSummary,
  AlarmView,
  AssignAlarmRequest,
  CloseAlarmRequest,
  CommentAlarmRequest,
  ErrorEnvelope,
  EscalateAlarmRequest,
  EscalateAlarmResult,
  HandleAlarmRequest,
  pageOf,
  StationAlarmLevel,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { eventStreamSink, startEventStream } from '../http/sse.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const read = { policy: { auth: 'session', permission: 'monitoring:read' } } as const;
const handle = { policy: { auth: 'session', permission: 'alarm:handle' } } as const;
const escalate = { policy: { auth: 'session', permission: 'incident:write' } } as const;
const tags = ['alarms'];

/** How long a browser waits before reconnecting a dropped stream (the SSE `retry:` hint), ms. */
const RETRY_MS = 5000;

const STREAM_DESCRIPTION = [
  'Server-Sent Events（text/event-stream），浏览器会话 Cookie 或 Bearer 令牌。事件：',
  '`alarm`：管辖范围内的告警有变化（AlarmView 加 `change`：raised/escalated/deescalated/cleared/acknowledged/handling/assigned/comment/closed/to_incident）；',
  '`readings`：管辖范围内站点各监测项的最新读数（每个连接每秒至多一次，合并）；',
  '`health`：设备上线（最后在线时间、电量、信号）；',
  '`end`：服务端结束连接（会话结束 session_expired、停机 shutting_down）。',
  '每 15 秒一行注释 `: ping`；`retry:` 为重连间隔。每个账号同时至多 LIVE_STREAMS_PER_USER（默认 5）个连接，超出答 429。',
].join('\n');

export function alarmRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    // Open streams would keep the server from closing: end them first (clients reconnect after RETRY_MS).
    app.addHook('preClose', async () => s.live.closeAll());

    app.get(
      '/monitoring/alarms',
      {
        config: read,
        schema: {
          tags,
          summary: '告警列表（默认未关闭的，按最近产生或级别变化排序）',
          querystring: AlarmListQuery,
          response: { 200: pageOf(AlarmView), ...resourceErrors },
        },
      },
      async (request) => s.alarms.listAlarms(requireAuth(request).actor, request.query),
    );
    app.get(
      '/monitoring/alarms/summary',
      {
        config: read,
        schema: {
          tags,
          summary: '告警概况（顶栏提醒：未关闭、未确认数量及最新未确认告警）',
          response: { 200: AlarmSummary, ...resourceErrors },
        },
      },
      async (request) => s.alarms.summary(requireAuth(request).actor),
    );
    app.get(
      '/monitoring/alarms/station-levels',
      {
        config: read,
        schema: {
          tags,
          summary: '各站点仍在持续（未解除）的告警级别（监测一张图着色；级别高的在前）',
          response: { 200: z.array(StationAlarmLevel), ...resourceErrors },
        },
      },
      async (request) => s.alarms.stationLevels(requireAuth(request).actor),
    );
    app.get(
      '/monitoring/alarms/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '告警详情（含处置记录）',
          params: IdParams,
          response: { 200: AlarmDetail, ...resourceErrors },
        },
      },
      async (request) => s.alarms.getAlarm(requireAuth(request).actor, request.params.id),
    );
    app.get(
      '/monitoring/alarms/:id/assignees',
      {
        config: handle,
        schema: {
          tags,
          summary: '可指派的人员（有告警处置权限且管辖范围包含此告警；建议人选在前）',
          params: IdParams,
          response: { 200: z.array(AlarmAssigneeView), ...resourceErrors },
        },
      },
      async (request) => s.alarms.listAssignees(requireAuth(request).actor, request.params.id),
    );

    // Acknowledging and escalating need no body (`{}` or none at all).
    const actions = [
      ['acknowledge', '确认告警', AcknowledgeAlarmRequest.nullish(), s.alarms.acknowledge.bind(s.alarms)],
      ['handle', '转入处置（须填写处置措施）', HandleAlarmRequest, s.alarms.handle.bind(s.alarms)],
      ['assign', '指派告警', AssignAlarmRequest, s.alarms.assign.bind(s.alarms)],
      ['comment', '告警批注', CommentAlarmRequest, s.alarms.comment.bind(s.alarms)],
      ['close', '关闭告警（条件解除后，须填写关闭说明）', CloseAlarmRequest, s.alarms.close.bind(s.alarms)],
    ] as const;
    for (const [path, summary, body, act] of actions)
      app.post(
        `/monitoring/alarms/:id/${path}`,
        {
          config: handle,
          schema: {
            tags,
            summary,
            params: IdParams,
            body,
            response: { 200: AlarmDetail, ...resourceErrors },
          },
        },
        async (request) => act(requireAuth(request).actor, request.params.id, request.body),
      );

    app.post(
      '/monitoring/alarms/:id/incident',
      {
        config: escalate,
        schema: {
          tags,
          summary: '告警转为事件（已转过的答原事件，不重复创建）',
          params: IdParams,
          body: EscalateAlarmRequest.nullish(),
          response: { 200: EscalateAlarmResult, 201: EscalateAlarmResult, ...resourceErrors },
        },
      },
      async (request, reply) => {
        const result = await s.alarms.escalateToIncident(
          requireAuth(request).actor,
          request.params.id,
          request.body,
        );
        return reply.status(result.created ? 201 : 200).send(result);
      },
    );

    app.get(
      '/monitoring/stream',
      {
        config: read,
        schema: {
          tags,
          summary: '实时推送（告警、读数、设备在线；Server-Sent Events）',
          description: STREAM_DESCRIPTION,
          response: {
            200: z.string().describe('text/event-stream'),
            401: ErrorEnvelope,
            403: ErrorEnvelope,
            429: ErrorEnvelope,
          },
        },
      },
      async (request, reply) => {
        const auth = requireAuth(request);
        // Registering first: over the per-account limit this throws and answers 429 as JSON.
        const stream = s.live.open(auth.actor, auth.session.id, eventStreamSink(reply));
        // The response's close: the client went away (or the stream was ended).
        reply.raw.once('close', () => stream.close());
        startEventStream(request, reply, RETRY_MS);
        return reply;
      },
    );
  };
}
