/**
 * Composes the HTTP application: security headers, rate limits, cookies, OpenAPI, route policies,
 * the /api routes, and the web console as static files with SPA fallback.
 */
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { AppError } from '@ningan/domain';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { errorHandler } from './http/errors.ts';
import { registerPolicies } from './http/policy.ts';
import { WEB_DIST_DIR } from './lib/paths.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { calcRoutes } from './routes/calc.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { contactRoutes } from './routes/contacts.routes.ts';
import { directoryRoutes } from './routes/directory.routes.ts';
import { disseminationRoutes } from './routes/dissemination.routes.ts';
import { warningRoutes } from './routes/warnings.routes.ts';
import { publicWarningFeedRoutes, publicWarningRoutes } from './routes/public-warnings.routes.ts';
import { enterpriseRoutes } from './routes/enterprises.routes.ts';
import { hazardModelRoutes } from './routes/hazard-models.routes.ts';
import { attachmentRoutes } from './routes/attachments.routes.ts';
import { ledgerRoutes } from './routes/ledger.routes.ts';
import { monitoringRoutes } from './routes/monitoring.routes.ts';
import { alarmRuleRoutes } from './routes/alarm-rules.routes.ts';
import { alarmRoutes } from './routes/alarms.routes.ts';
import { orgUnitRoutes } from './routes/org-units.routes.ts';
import { regionRoutes } from './routes/regions.routes.ts';
import type { Services } from './routes/services.ts';
import { stockRoutes } from './routes/stock.routes.ts';
import { healthRoutes, publicConfigRoutes } from './routes/system.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { weatherRoutes } from './routes/weather.routes.ts';
import { commandResponseRoutes } from './routes/command-response.routes.ts';
import { incidentReportRoutes } from './routes/incident-reports.routes.ts';
import { dutyRoutes } from './routes/duty.routes.ts';
import { incidentRoutes } from './routes/incidents.routes.ts';
import { demoScenarioRoutes } from './routes/demo-scenarios.routes.ts';

export async function buildApp(services: Services, log: Logger): Promise<FastifyInstance> {
  return buildTypedApp(services, log);
}

async function buildTypedApp(services: Services, log: Logger) {
  const { config } = services;
  const logger: FastifyBaseLogger = log; // widened, so the app's type is the plain FastifyInstance's
  const app = Fastify({
    loggerInstance: logger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    trustProxy: config.trustProxy,
    // One line per request would drown the console at the default level; they are logged at debug.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, statusCode: reply.statusCode, ms: reply.elapsedTime },
      'request completed',
    );
  });

  const tileOrigin = config.mapTileUrl ? new URL(config.mapTileUrl.replace(/[{}]/g, '')).origin : null;
  // The content security policy never changes at run time: build the header once, not per request.
  const csp = [
    "default-src 'self'",
    "base-uri 'self'",
    "form-action 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'", // antd's CSS-in-JS injects style elements
    ['img-src', "'self'", 'data:', 'blob:', ...(tileOrigin ? [tileOrigin] : [])].join(' '),
    ['connect-src', "'self'", ...(tileOrigin ? [tileOrigin] : [])].join(' '),
    "worker-src 'self' blob:",
    "font-src 'self' data:",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join(';');
  await app.register(helmet, {
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    hsts: config.session.cookieSecure,
  });
  app.addHook('onRequest', async (_request, reply) => {
    void reply.header('content-security-policy', csp);
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimit.perMinute,
    timeWindow: '1 minute',
    // The limit guards the API. The console's own files (one sign-in and a page load ~150 scripts, styles,
    // font slices) and the map's vector tiles (dozens per pan, ETag-cached) are not what it is for.
    allowList: (request) =>
      !request.url.startsWith('/api/') || request.url.startsWith('/api/v1/enterprises/tiles/'),
    errorResponseBuilder: () => new AppError('rate_limited', '请求过于频繁，请稍后再试'),
  });
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: "宁安 Ning'an API",
        version: services.version,
        description: '县域智慧应急平台接口。错误统一为 {error:{code,message,details?,requestId}}。',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/v1/auth/login 返回的 token' },
          cookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'ningan_session',
            description: '浏览器会话；写操作需 X-CSRF-Token 头',
          },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerPolicies(app, services.auth);

  await app.register(
    async (api) => {
      await api.register(healthRoutes(services));
    },
    { prefix: '/api' },
  );
  await app.register(
    async (v1) => {
      await v1.register(publicConfigRoutes(services));
      await v1.register(authRoutes(services));
      await v1.register(userRoutes(services));
      await v1.register(orgUnitRoutes(services));
      await v1.register(contactRoutes(services));
      await v1.register(directoryRoutes(services));
      await v1.register(enterpriseRoutes(services));
      await v1.register(ledgerRoutes(services));
      await v1.register(monitoringRoutes(services));
      await v1.register(alarmRuleRoutes(services));
      await v1.register(alarmRoutes(services));
      await v1.register(disseminationRoutes(services));
      await v1.register(warningRoutes(services));
      await v1.register(publicWarningRoutes(services));
      await v1.register(hazardModelRoutes(services));
      await v1.register(weatherRoutes(services));
      await v1.register(attachmentRoutes(services));
      await v1.register(stockRoutes(services));
      await v1.register(regionRoutes(services));
      await v1.register(auditRoutes(services));
      await v1.register(calcRoutes());
      await v1.register(commandResponseRoutes(services));
      await v1.register(incidentReportRoutes(services));
      await v1.register(dutyRoutes(services));
      await v1.register(incidentRoutes(services));
      await v1.register(demoScenarioRoutes(services));
    },
    { prefix: '/api/v1' },
  );
  // The public warning feed and CAP documents (no login), at addresses outside the API.
  await app.register(publicWarningFeedRoutes(services));

  const webDist = config.webDist ?? WEB_DIST_DIR;
  const hasWeb = fs.existsSync(`${webDist}/index.html`);
  // Files are looked up per request (wildcard), so a rebuilt console is served without a restart.
  if (hasWeb) await app.register(fastifyStatic, { root: webDist, index: ['index.html'] });
  app.setNotFoundHandler((request, reply) => {
    const wantsPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api') &&
      !request.url.includes('.', request.url.lastIndexOf('/'));
    if (wantsPage && hasWeb) return reply.type('text/html').sendFile('index.html');
    if (wantsPage)
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send(
          'Web 控制台尚未构建：请运行 npm run build（npm start 会自动构建）。\nThe web console is not built: run npm run build.',
        );
    return errorHandler(new AppError('not_found', '资源不存在'), request, reply);
  });
  return app;
}
