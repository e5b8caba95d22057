/**
 * Warning dissemination (issue #5 parts 5–7): progress and coverage, deliveries, the 叫应 board and answers,
 * gateway callbacks (shared secret `x-gateway-secret`, checked by the service), the in-app inbox, the
 * public SMS list and the loudspeakers.
 */
import {
  AnswerCallRequest,
  CallBoardView,
  CallPersonView,
  CreateSubscriberRequest,
  DeliveryListQuery,
  DeliveryView,
  GatewayAck,
  GatewayInboundSmsRequest,
  GatewayReceiptsRequest,
  InboundSmsResult,
  MyWarningParams,
  MyWarningView,
  pageOf,
  PublicCallAnswerRequest,
  PublicCallParams,
  PublicCallView,
  SubscriberListQuery,
  SubscriberView,
  TerminalListQuery,
  TerminalView,
  WarningProgress,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const read = { policy: { auth: 'session', permission: 'warning:read' } } as const;
const draft = { policy: { auth: 'session', permission: 'warning:draft' } } as const;
const signedIn = { policy: { auth: 'session' } } as const;
/** Anyone: the answer link (token) and gateway callbacks (shared secret, checked by the service). */
const open = { policy: { auth: 'public' } } as const;
const tags = ['warnings'];
const gatewayTags = ['gateway'];

const CallParams = z.object({ callId: z.string().uuid('无效的 ID') });
const SubscriberParams = z.object({ id: z.coerce.number().int().min(1) });

export function disseminationRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/warnings/:id/progress',
      {
        config: read,
        schema: {
          tags,
          summary: '预警发送进度与覆盖率（公众覆盖率 = 社会公众已送达 / 目标）',
          params: IdParams,
          response: { 200: WarningProgress, ...resourceErrors },
        },
      },
      async (request) => s.dissemination.progress(requireAuth(request).actor, request.params.id),
    );
    app.get(
      '/warnings/:id/deliveries',
      {
        config: read,
        schema: {
          tags,
          summary: '预警发送明细（按乡镇、村、通道、对象、状态筛选；公众手机号脱敏）',
          description:
            '只列出已生成的发送记录：社会公众短信按接收名单分批生成（发送前才写入），尚未生成的号码计入发送进度（progress）的排队数，不在此列出。',
          params: IdParams,
          querystring: DeliveryListQuery,
          response: { 200: pageOf(DeliveryView), ...resourceErrors },
        },
      },
      async (request) =>
        s.dissemination.deliveries(requireAuth(request).actor, request.params.id, request.query),
    );
    app.get(
      '/warnings/:id/calls',
      {
        config: read,
        schema: {
          tags,
          summary: '叫应看板：乡镇 → 村 → 责任人（应答时间、方式、当前步骤）',
          params: IdParams,
          response: { 200: CallBoardView, ...resourceErrors },
        },
      },
      async (request) => s.dissemination.calls(requireAuth(request).actor, request.params.id),
    );
    app.post(
      '/warnings/calls/:callId/answer',
      {
        config: signedIn,
        schema: {
          tags,
          summary:
            '叫应应答：本人在应用内应答（via=app），或值班人员记录电话应答（via=phone，需 warning:draft）',
          params: CallParams,
          body: AnswerCallRequest,
          response: { 200: CallPersonView, ...resourceErrors },
        },
      },
      async (request) =>
        s.dissemination.answerCall(requireAuth(request).actor, request.params.callId, request.body),
    );
    app.get(
      '/public/calls/:token',
      {
        config: open,
        schema: {
          tags,
          summary: '叫应链接：显示预警与应答对象（无需登录）',
          params: PublicCallParams,
          response: { 200: PublicCallView, ...resourceErrors },
        },
      },
      async (request) => s.dissemination.publicCall(request.params.token),
    );
    app.post(
      '/public/calls/answer',
      {
        config: open,
        schema: {
          tags,
          summary: '叫应链接应答（无需登录；重复应答无副作用）',
          body: PublicCallAnswerRequest,
          response: { 200: PublicCallView, ...resourceErrors },
        },
      },
      async (request) => s.dissemination.answerByLink(request.body, request.ip),
    );
    app.post(
      '/gateway/receipts',
      {
        config: open,
        schema: {
          tags: gatewayTags,
          summary: '网关回执（请求头 x-gateway-secret；idempotencyKey 为发送记录 ID）',
          body: GatewayReceiptsRequest,
          response: { 200: GatewayAck, ...resourceErrors },
        },
      },
      async (request) =>
        s.dissemination.receipts(headerOf(request.headers['x-gateway-secret']), request.body),
    );
    app.post(
      '/gateway/sms/inbound',
      {
        config: open,
        schema: {
          tags: gatewayTags,
          summary: '上行短信（回复“1”或“收到”即应答该号码最新的未应答叫应）',
          body: GatewayInboundSmsRequest,
          response: { 200: InboundSmsResult, ...resourceErrors },
        },
      },
      async (request) =>
        s.dissemination.inboundSms(headerOf(request.headers['x-gateway-secret']), request.body),
    );
    app.get(
      '/me/warnings',
      {
        config: signedIn,
        schema: {
          tags,
          summary: '我的预警（应用内推送收件箱，最新 100 条）',
          response: { 200: z.array(MyWarningView), ...resourceErrors },
        },
      },
      async (request) => s.dissemination.myWarnings(requireAuth(request).actor),
    );
    app.post(
      '/me/warnings/:deliveryId/received',
      {
        config: signedIn,
        schema: {
          tags,
          summary: '确认应用内预警已收到（送达回执）',
          params: MyWarningParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.dissemination.markReceived(requireAuth(request).actor, request.params.deliveryId);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/warnings/subscribers',
      {
        config: read,
        schema: {
          tags,
          summary: '预警信息接收名单（社会公众短信，按村/乡镇；手机号脱敏）',
          querystring: SubscriberListQuery,
          response: { 200: pageOf(SubscriberView), ...resourceErrors },
        },
      },
      async (request) => s.dissemination.listSubscribers(requireAuth(request).actor, request.query),
    );
    app.post(
      '/warnings/subscribers',
      {
        config: draft,
        schema: {
          tags,
          summary: '添加预警信息接收人',
          body: CreateSubscriberRequest,
          response: { 201: SubscriberView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(await s.dissemination.createSubscriber(requireAuth(request).actor, request.body)),
    );
    app.delete(
      '/warnings/subscribers/:id',
      {
        config: draft,
        schema: {
          tags,
          summary: '删除预警信息接收人',
          params: SubscriberParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.dissemination.deleteSubscriber(requireAuth(request).actor, request.params.id);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/warnings/terminals',
      {
        config: read,
        schema: {
          tags,
          summary: '应急广播终端（大喇叭）',
          querystring: TerminalListQuery,
          response: { 200: z.array(TerminalView), ...resourceErrors },
        },
      },
      async (request) => s.dissemination.listTerminals(requireAuth(request).actor, request.query.regionCode),
    );
  };
}

const headerOf = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);
