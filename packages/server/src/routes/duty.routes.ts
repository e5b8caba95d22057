/**
 * The duty watch over HTTP (值班值守, issue #6 part 1, contract section B): rosters, the current shift, sign-in,
 * the duty log, handover / take-over, the townships' nil reports and the 值班日报 (.docx). Reading needs
 * `incident:read`, changes `duty:write`, a nil report `duty:nil_report`; the service checks the watch's
 * jurisdiction.
 */
import {
  DailyReportQuery,
  DutyCurrentQuery,
  DutyCurrentView,
  DutyLogList,
  DutyLogQuery,
  DutyLogRequest,
  DutyLogView,
  HandoverRequest,
  HandoverView,
  NilReportBoard,
  NilReportQuery,
  NilReportRequest,
  SaveShiftsRequest,
  ShiftsQuery,
  ShiftsResponse,
  ShiftView,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { contentDisposition } from '../lib/content-disposition.ts';
import { IdParams, resourceErrors } from './common.ts';
import { DOCX_TYPE } from './incident-reports.routes.ts';
import type { Services } from './services.ts';

const SeqParams = z.object({ seq: z.coerce.number().int().min(1, '无效的序号') });

export function dutyRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    const read = { policy: { auth: 'session' as const, permission: 'incident:read' as const } };
    const write = { policy: { auth: 'session' as const, permission: 'duty:write' as const } };
    const nil = { policy: { auth: 'session' as const, permission: 'duty:nil_report' as const } };
    const tags = ['duty'];

    app.get(
      '/duty/shifts',
      {
        config: read,
        schema: {
          tags,
          summary: '值班排班（默认本单位、今天起 7 天），附排班问题（缺带班领导、重叠、连续值班过长、空档）',
          querystring: ShiftsQuery,
          response: { 200: ShiftsResponse, ...resourceErrors },
        },
      },
      async (request) => s.duty.shifts(requireAuth(request).actor, request.query),
    );
    app.put(
      '/duty/shifts',
      {
        config: write,
        schema: {
          tags,
          summary: '保存排班：替换所给日期的全部班次；有排班问题时 400 并逐条列出',
          body: SaveShiftsRequest,
          response: { 200: ShiftsResponse, ...resourceErrors },
        },
      },
      async (request) => s.duty.saveShifts(requireAuth(request).actor, request.body),
    );
    app.delete(
      '/duty/shifts/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '删除班次（已签到/交接/有日志的不能删除）',
          params: IdParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.duty.deleteShift(requireAuth(request).actor, request.params.id);
        return reply.code(204).send(null);
      },
    );
    app.get(
      '/duty/current',
      {
        config: read,
        schema: {
          tags,
          summary: '当前班次、已签到人员、未办结事项、下一班次、最近一次交接班',
          querystring: DutyCurrentQuery,
          response: { 200: DutyCurrentView, ...resourceErrors },
        },
      },
      async (request) => s.duty.current(requireAuth(request).actor, request.query.regionCode),
    );
    app.post(
      '/duty/shifts/:id/sign-in',
      {
        config: write,
        schema: {
          tags,
          summary: '值班签到（本人须在该班次排班中，班次开始前规定时间内至结束前）',
          params: IdParams,
          response: { 200: ShiftView, ...resourceErrors },
        },
      },
      async (request) => s.duty.signIn(requireAuth(request).actor, request.params.id),
    );
    app.get(
      '/duty/log',
      {
        config: read,
        schema: {
          tags,
          summary: '值班日志（某日，默认今天）',
          querystring: DutyLogQuery,
          response: { 200: DutyLogList, ...resourceErrors },
        },
      },
      async (request) => s.duty.log(requireAuth(request).actor, request.query),
    );
    app.post(
      '/duty/log',
      {
        config: write,
        schema: {
          tags,
          summary: '记值班日志（来电、去电、通知、领导指示…；待办事项交班时移交）',
          body: DutyLogRequest,
          response: { 201: DutyLogView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.duty.addLog(requireAuth(request).actor, request.body)),
    );
    app.post(
      '/duty/log/:seq/close',
      {
        config: write,
        schema: {
          tags,
          summary: '待办事项办结',
          params: SeqParams,
          response: { 200: DutyLogView, ...resourceErrors },
        },
      },
      async (request) => s.duty.closeLog(requireAuth(request).actor, request.params.seq),
    );
    app.post(
      '/duty/handovers',
      {
        config: write,
        schema: {
          tags,
          summary: '交班（未办结事项自动移交）',
          body: HandoverRequest,
          response: { 201: HandoverView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.duty.handOver(requireAuth(request).actor, request.body)),
    );
    app.post(
      '/duty/handovers/:id/take-over',
      {
        config: write,
        schema: {
          tags,
          summary: '接班',
          params: IdParams,
          response: { 200: HandoverView, ...resourceErrors },
        },
      },
      async (request) => s.duty.takeOver(requireAuth(request).actor, request.params.id),
    );
    app.get(
      '/duty/nil-reports',
      {
        config: read,
        schema: {
          tags,
          summary: '乡镇报平安情况（某日，默认今天）：已报、迟报、未报、待报，是否已催报',
          querystring: NilReportQuery,
          response: { 200: NilReportBoard, ...resourceErrors },
        },
      },
      async (request) => s.duty.nilReports(requireAuth(request).actor, request.query.date),
    );
    app.post(
      '/duty/nil-reports',
      {
        config: nil,
        schema: {
          tags,
          summary: '本乡镇今日报平安',
          body: NilReportRequest,
          response: { 201: NilReportBoard, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await s.duty.submitNilReport(requireAuth(request).actor, request.body)),
    );
    app.get(
      '/duty/daily-report',
      {
        config: read,
        schema: {
          tags,
          summary: '值班日报 Word 文档（.docx）：排班、接报事件、信息报送、报平安、值班日志、交接班',
          querystring: DailyReportQuery,
          produces: [DOCX_TYPE],
        },
      },
      async (request, reply) => {
        const doc = await s.duty.dailyReport(requireAuth(request).actor, request.query);
        return reply
          .header('content-type', DOCX_TYPE)
          .header('content-disposition', contentDisposition(doc.fileName))
          .header('cache-control', 'private, no-store')
          .send(doc.content);
      },
    );
  };
}
