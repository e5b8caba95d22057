/**
 * Issue #2 part 6: the HTTP application as a whole — one error envelope with stable codes, request
 * ids, security headers, rate limits, the health check and OpenAPI document — and part 4: every /api
 * route declares a policy, and every non-public one turns anonymous callers away.
 */
import { randomUUID } from 'node:crypto';
import { expect, it, vi } from 'vitest';
import { buildApp } from './app.ts';
import { declaredRoutes, needsPolicy } from './http/policy.ts';
import { forEachDriver } from './test/db.ts';
import { COUNTY, useTestContext } from './test/context.ts';

interface Envelope {
  error: { code: string; message: string; details?: { path: string; message: string }[]; requestId: string };
}

forEachDriver('HTTP application', (driver) => {
  const ctx = useTestContext(driver);

  it('issue #2 part 6: GET /api/health answers 200 {status: "ok"} without a session', async () => {
    const app = await ctx.app();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json<{ status: string; database: string; version: unknown }>();
    expect(body).toMatchObject({ status: 'ok', database: driver.name });
    expect(typeof body.version).toBe('string');
  });

  it('issue #2 part 4: every /api route declares a policy', async () => {
    const app = await ctx.app();
    await app.ready();
    const api = declaredRoutes.filter((r) => needsPolicy(r.url) && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThanOrEqual(20);
    const undeclared = api.filter((r) => !r.policy).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
    // The fixed public contract is among them.
    const listed = new Set(api.map((r) => `${r.method} ${r.url}`));
    for (const route of [
      'GET /api/health',
      'POST /api/v1/auth/login',
      'GET /api/v1/regions/:code',
      'GET /api/v1/regions/:code/boundary',
    ])
      expect(listed).toContain(route);
    // Only the health check, public configuration and login are open to anonymous callers.
    const open = [
      ...new Set(api.filter((r) => r.policy?.auth === 'public').map((r) => `${r.method} ${r.url}`)),
    ];
    expect(open.sort()).toEqual([
      'GET /api/health',
      'GET /api/v1/config/public',
      'GET /api/v1/public/calls/:token', // issue #5 part 6: the 叫应 answer link (token)
      'GET /api/v1/public/warnings', // issue #5 part 8: the public warning page
      'POST /api/v1/auth/login',
      'POST /api/v1/gateway/receipts', // issue #5 part 7: gateway callbacks (shared secret, checked by the service)
      'POST /api/v1/gateway/sms/inbound',
      'POST /api/v1/hq-acks/answer', // issue #6 part 5: the HQ 叫应 answer link (token)
      'POST /api/v1/public/calls/answer',
    ]);
  });

  it('issue #2 part 4: every non-public route answers 401 unauthenticated to an anonymous caller', async () => {
    const app = await ctx.app();
    const closed = declaredRoutes.filter(
      (r) => needsPolicy(r.url) && r.method !== 'HEAD' && r.policy?.auth === 'session',
    );
    const seen = new Set<string>();
    for (const route of closed) {
      const key = `${route.method} ${route.url}`;
      if (seen.has(key)) continue; // one entry per built app
      seen.add(key);
      const url = route.url.replace(':id', randomUUID()).replace(':code', COUNTY);
      const res = await app.inject({
        method: route.method as 'GET',
        url,
        ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
      });
      expect({ route: key, status: res.statusCode, code: res.json<Envelope>().error.code }).toEqual({
        route: key,
        status: 401,
        code: 'unauthenticated',
      });
    }
    expect(seen.size).toBeGreaterThanOrEqual(17);
  });

  it('issue #2 part 6: an unknown /api route answers the error envelope with code not_found', async () => {
    const app = await ctx.app();
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const res = await app.inject({ method, url: '/api/v1/no-such-thing' });
      expect(res.statusCode).toBe(404);
      const body = res.json<Envelope>();
      expect(Object.keys(body)).toEqual(['error']);
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'requestId']);
      expect(body.error.code).toBe('not_found');
      expect(body.error.message).not.toBe('');
      expect(body.error.requestId).toBe(res.headers['x-request-id']);
    }
  });

  it('every response carries x-request-id; a sane incoming id is kept, an unsafe one replaced', async () => {
    const app = await ctx.app();
    const fresh = await app.inject({ method: 'GET', url: '/api/health' });
    expect(fresh.headers['x-request-id']).toMatch(/^[\w.-]{8,}$/);
    const given = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'trace-42.a' },
    });
    expect(given.headers['x-request-id']).toBe('trace-42.a');
    const unsafe = await app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': '<script>alert(1)</script>' },
    });
    expect(unsafe.headers['x-request-id']).not.toContain('<');
  });

  it('issue #2 part 6: security headers are set', async () => {
    const app = await ctx.app();
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('issue #2 part 6: a validation failure lists every bad field in details', async () => {
    const app = await ctx.app();
    const admin = await ctx.loginAs({ roles: ['system_admin'] });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/users',
      headers: admin.web,
      payload: {
        username: 'a', // too short
        displayName: '', // empty
        password: 'Whatever#2026',
        roles: [], // none
        scope: { level: 'township', regionCode: '12' }, // not a division code
      },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json<Envelope>();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.requestId).toBe(res.headers['x-request-id']);
    const paths = body.error.details!.map((d) => d.path);
    expect(paths.length).toBeGreaterThanOrEqual(4);
    expect(paths).toEqual(expect.arrayContaining(['username', 'displayName', 'roles', 'scope.regionCode']));
    for (const d of body.error.details!) expect(d.message).not.toBe('');
  });

  it('a malformed JSON body is 400 validation_failed, not a 500', async () => {
    const app = await ctx.app();
    const admin = await ctx.loginAs({ roles: ['system_admin'] });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: { ...admin.bearer, 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json<Envelope>().error.code).toBe('validation_failed');
  });

  it('an unexpected error is 500 internal_error with a generic message (no internals leak)', async () => {
    const app = await ctx.app();
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    const spy = vi
      .spyOn(ctx.services.contacts, 'listContacts')
      .mockRejectedValue(new Error('relation "secret_table" does not exist'));
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/contacts', headers: viewer.bearer });
      expect(res.statusCode).toBe(500);
      const body = res.json<Envelope>();
      expect(body.error.code).toBe('internal_error');
      expect(res.body).not.toContain('secret_table');
    } finally {
      spy.mockRestore();
    }
  });

  it('issue #2 part 6: rate limits answer 429 rate_limited in the same envelope', async () => {
    const tight = await buildApp(
      { ...ctx.services, config: { ...ctx.config, rateLimit: { perMinute: 2, loginPerMinute: 1 } } },
      ctx.log,
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1)
        statuses.push((await tight.inject({ method: 'GET', url: '/api/v1/config/public' })).statusCode);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await tight.inject({ method: 'GET', url: '/api/v1/config/public' });
      expect(limited.json<Envelope>().error.code).toBe('rate_limited');
      // Login has its own, tighter limit.
      const login = () =>
        tight.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'nobody', password: 'x' },
        });
      expect((await login()).statusCode).toBe(401);
      const second = await login();
      expect(second.statusCode).toBe(429);
      expect(second.json<Envelope>().error.code).toBe('rate_limited');
      // The health check is never rate limited (monitoring polls it).
      expect((await tight.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
      // Nor are the console's files and the map's tiles: a page load is ~150 of them.
      for (const url of ['/', '/assets/index.js', '/fonts/x.woff2', '/api/v1/enterprises/tiles/9/412/202'])
        expect((await tight.inject({ method: 'GET', url })).statusCode).not.toBe(429);
    } finally {
      await tight.close();
    }
  });

  it('issue #2 part 6: the OpenAPI document describes the API', async () => {
    const app = await ctx.app();
    const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json<{ openapi: string; paths: Record<string, unknown> }>();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/v1/auth/login',
        '/api/v1/regions/{code}',
        '/api/v1/audit',
      ]),
    );
  });

  it('without a web build, a console page says so plainly (503), while /api stays JSON', async () => {
    const app = await ctx.app();
    const page = await app.inject({ method: 'GET', url: '/map' });
    expect(page.statusCode).toBe(503);
    expect(page.headers['content-type']).toContain('text/plain');
    expect(page.body).toContain('npm run build');
  });

  it('the public configuration names the county', async () => {
    const app = await ctx.app();
    const res = await app.inject({ method: 'GET', url: '/api/v1/config/public' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      regionCode: COUNTY,
      regionName: '宁县',
      demo: false,
      demoAccounts: [],
      // The embedded broker on the configured port until the ingest runtime attaches (HOST is a wildcard or
      // loopback here: the console puts its own host name in front).
      mqtt: { url: null, port: ctx.config.monitoring.mqtt.port, source: 'embedded' },
    });
  });
});
