/** Monitoring: the device registry, device health, quarantine, time series and the HTTP ingest (issue #4). */
import {
  ConnectorRunResult,
  ConnectorView,
  CreateConnectorRequest,
  CreateIngestTokenRequest,
  CreateStationRequest,
  DevicePayloadSchema,
  ErrorEnvelope,
  IngestResult,
  IngestTokenView,
  IngestTokenWithSecret,
  ListQuery,
  METRICS,
  pageOf,
  QUARANTINE_REASONS,
  QuarantineSummaryItem,
  QuarantineView,
  SensorInput,
  SensorView,
  SeriesQuery,
  SeriesView,
  STATION_KINDS,
  StationView,
  StationWithSecret,
  UpdateConnectorRequest,
  UpdateSensorRequest,
  UpdateStationRequest,
} from '@ningan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAuth } from '../http/policy.ts';
import { IdParams, RegionCodeFilter, resourceErrors } from './common.ts';
import type { Services } from './services.ts';

const StationQuery = ListQuery.extend({
  regionCode: RegionCodeFilter.optional(),
  kind: z.enum(STATION_KINDS).optional(),
  metric: z.enum(METRICS).optional(),
  ledgerRecordId: z.string().uuid().optional(),
  enterpriseId: z.string().uuid().optional(),
});

const QuarantineQuery = z.object({
  page: ListQuery.shape.page,
  pageSize: ListQuery.shape.pageSize,
  stationId: z.string().uuid().optional(),
  reason: z.enum(QUARANTINE_REASONS).optional(),
  since: z.string().max(40).optional().describe('带时区的 ISO 8601 时间：只看此后隔离的'),
});

const read = { policy: { auth: 'session', permission: 'monitoring:read' } } as const;
const write = { policy: { auth: 'session', permission: 'monitoring:write' } } as const;
const tags = ['monitoring'];

export function monitoringRoutes(s: Services): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/monitoring/stations',
      {
        config: read,
        schema: {
          tags,
          summary: '监测站点列表（含传感器、最新读数、设备状态）',
          querystring: StationQuery,
          response: { 200: pageOf(StationView), ...resourceErrors },
        },
      },
      async (request) => s.monitoring.listStations(requireAuth(request).actor, request.query),
    );
    app.post(
      '/monitoring/stations',
      {
        config: write,
        schema: {
          tags,
          summary: '登记监测站点（返回设备密钥，仅显示这一次）',
          body: CreateStationRequest,
          response: { 201: StationWithSecret, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.monitoring.createStation(requireAuth(request).actor, request.body)),
    );
    app.get(
      '/monitoring/stations/:id',
      {
        config: read,
        schema: {
          tags,
          summary: '监测站点详情',
          params: IdParams,
          response: { 200: StationView, ...resourceErrors },
        },
      },
      async (request) => s.monitoring.getStation(requireAuth(request).actor, request.params.id),
    );
    app.patch(
      '/monitoring/stations/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改监测站点',
          params: IdParams,
          body: UpdateStationRequest,
          response: { 200: StationView, ...resourceErrors },
        },
      },
      async (request) =>
        s.monitoring.updateStation(requireAuth(request).actor, request.params.id, request.body),
    );
    app.delete(
      '/monitoring/stations/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '删除监测站点（已有数据的站点只能停用）',
          params: IdParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.monitoring.deleteStation(requireAuth(request).actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/monitoring/stations/:id/secret',
      {
        config: write,
        schema: {
          tags,
          summary: '重置设备密钥（新密钥仅显示这一次，旧密钥随即失效）',
          params: IdParams,
          response: { 200: StationWithSecret, ...resourceErrors },
        },
      },
      async (request) => s.monitoring.rotateSecret(requireAuth(request).actor, request.params.id),
    );
    app.post(
      '/monitoring/stations/:id/sensors',
      {
        config: write,
        schema: {
          tags,
          summary: '为站点添加传感器',
          params: IdParams,
          body: SensorInput,
          response: { 201: SensorView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await s.monitoring.addSensor(requireAuth(request).actor, request.params.id, request.body)),
    );
    app.patch(
      '/monitoring/sensors/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改传感器（量程、采样间隔、警戒/保证水位、启停）',
          params: IdParams,
          body: UpdateSensorRequest,
          response: { 200: SensorView, ...resourceErrors },
        },
      },
      async (request) =>
        s.monitoring.updateSensor(requireAuth(request).actor, request.params.id, request.body),
    );
    app.delete(
      '/monitoring/sensors/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '删除传感器（已有数据的只能停用）',
          params: IdParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.monitoring.deleteSensor(requireAuth(request).actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.get(
      '/monitoring/sensors/:id/series',
      {
        config: read,
        schema: {
          tags,
          summary: '传感器时间序列：按时间范围自动选用原始数据、分钟或小时汇总',
          params: IdParams,
          querystring: SeriesQuery,
          response: { 200: SeriesView, ...resourceErrors },
        },
      },
      async (request) => s.monitoring.series(requireAuth(request).actor, request.params.id, request.query),
    );
    app.get(
      '/monitoring/quarantine',
      {
        config: read,
        schema: {
          tags,
          summary: '隔离区：未能入库的报文与读数及原因',
          querystring: QuarantineQuery,
          response: { 200: pageOf(QuarantineView), ...resourceErrors },
        },
      },
      async (request) => s.monitoring.listQuarantine(requireAuth(request).actor, request.query),
    );
    app.get(
      '/monitoring/quarantine/summary',
      {
        config: read,
        schema: {
          tags,
          summary: '隔离区按设备、按原因计数',
          querystring: z.object({ since: QuarantineQuery.shape.since }),
          response: { 200: z.array(QuarantineSummaryItem), ...resourceErrors },
        },
      },
      async (request) => s.monitoring.quarantineSummary(requireAuth(request).actor, request.query),
    );
    app.get(
      '/monitoring/tokens',
      {
        config: write,
        schema: {
          tags,
          summary: '数据接入令牌',
          response: { 200: z.array(IngestTokenView), ...resourceErrors },
        },
      },
      async (request) => s.monitoring.listTokens(requireAuth(request).actor),
    );
    app.post(
      '/monitoring/tokens',
      {
        config: write,
        schema: {
          tags,
          summary: '创建数据接入令牌（网关、部门系统；令牌仅显示这一次）',
          body: CreateIngestTokenRequest,
          response: { 201: IngestTokenWithSecret, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.monitoring.createToken(requireAuth(request).actor, request.body)),
    );
    app.post(
      '/monitoring/tokens/:id/revoke',
      {
        config: write,
        schema: {
          tags,
          summary: '吊销数据接入令牌',
          params: IdParams,
          response: { 200: IngestTokenView, ...resourceErrors },
        },
      },
      async (request) => s.monitoring.revokeToken(requireAuth(request).actor, request.params.id),
    );

    app.get(
      '/monitoring/connectors',
      {
        config: write,
        schema: {
          tags,
          summary: '数据接入连接器（HTTP 拉取、CSV 投放）',
          response: { 200: z.array(ConnectorView), ...resourceErrors },
        },
      },
      async (request) => s.monitoring.listConnectors(requireAuth(request).actor),
    );
    app.post(
      '/monitoring/connectors',
      {
        config: write,
        schema: {
          tags,
          summary: '创建数据接入连接器：定时拉取部门系统的 JSON，或读取投放到目录的 CSV，按字段映射入库',
          body: CreateConnectorRequest,
          response: { 201: ConnectorView, ...resourceErrors },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await s.monitoring.createConnector(requireAuth(request).actor, request.body)),
    );
    app.patch(
      '/monitoring/connectors/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '修改数据接入连接器',
          params: IdParams,
          body: UpdateConnectorRequest,
          response: { 200: ConnectorView, ...resourceErrors },
        },
      },
      async (request) =>
        s.monitoring.updateConnector(requireAuth(request).actor, request.params.id, request.body),
    );
    app.delete(
      '/monitoring/connectors/:id',
      {
        config: write,
        schema: {
          tags,
          summary: '删除数据接入连接器',
          params: IdParams,
          response: { 204: z.null(), ...resourceErrors },
        },
      },
      async (request, reply) => {
        await s.monitoring.deleteConnector(requireAuth(request).actor, request.params.id);
        return reply.status(204).send(null);
      },
    );
    app.post(
      '/monitoring/connectors/:id/run',
      {
        config: write,
        schema: {
          tags,
          summary: '立即运行一次数据接入连接器',
          params: IdParams,
          response: { 200: ConnectorRunResult, ...resourceErrors },
        },
      },
      async (request) => s.monitoring.runConnector(requireAuth(request).actor, request.params.id),
    );

    // HTTP ingest, in its own scope: the body is taken as raw bytes (a malformed one is quarantined,
    // not rejected by the JSON parser), and the caller is a device or an integration, not a session.
    await app.register(async (ingest) => {
      ingest.removeAllContentTypeParsers();
      ingest.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: s.config.monitoring.ingest.maxPayloadBytes * 4 },
        (_request, body, done) => done(null, body),
      );
      ingest.post(
        '/monitoring/ingest',
        {
          // Devices and gateways post often from few addresses: no per-address request limit here; a
          // caller must hold a device secret or an ingest token, and the pipeline pushes back when full.
          config: { policy: { auth: 'device' }, rateLimit: false },
          schema: {
            tags,
            summary: 'HTTP 批量接入：设备凭据（Basic 设备编号:密钥）或数据接入令牌（Bearer nit_…）',
            description:
              '请求体为一条报文或报文数组（格式同 MQTT，见 README「监测数据接入」）。数据持久化后才应答；' +
              '不合格的报文或读数进入隔离区，应答中逐条列出原因。',
            body: z.union([DevicePayloadSchema, z.array(DevicePayloadSchema)]).optional(),
            response: { 200: IngestResult, 401: ErrorEnvelope, 413: ErrorEnvelope, 429: ErrorEnvelope },
          },
          // The body is validated by the ingest, payload by payload, and quarantined when bad.
          validatorCompiler: () => () => true,
        },
        async (request) => {
          const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
          return s.ingest.acceptHttp(request.headers.authorization, body);
        },
      );
    });
  };
}
