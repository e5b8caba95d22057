/**
 * Issue #2 part 4: every route declares its policy, and registering one without a policy fails.
 * These tests use a bare Fastify instance; the full application is checked in app.db.test.ts.
 */
import cookie from '@fastify/cookie';
import { AppError } from '@ningan/domain';
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AuthService } from '../services/auth.service.ts';
import { errorHandler } from './errors.ts';
import { needsPolicy, registerPolicies } from './policy.ts';

/** Authentication that is never reached in these tests: requests carry no credentials. */
const unreachableAuth = {
  authenticate: () => Promise.reject(new AppError('unauthenticated', 'no sessions in this test')),
} as unknown as AuthService;

async function bareApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  await app.register(cookie); // the policy reads the session cookie
  registerPolicies(app, unreachableAuth);
  return app;
}

describe('route policies', () => {
  it('issue #2 part 4: registering an /api route without a policy throws', async () => {
    const app = await bareApp();
    expect(() => app.get('/api/v1/things', async () => 'no policy')).toThrow(/declares no policy/);
    await app.close();
  });

  it('also inside a prefixed plugin, where the route itself says only "/things"', async () => {
    const app = await bareApp();
    await expect(
      app.register(
        async (v1) => {
          v1.post('/things', async () => 'no policy');
        },
        { prefix: '/api/v1' },
      ),
    ).rejects.toThrow(/POST \/api\/v1\/things declares no policy/);
    await app.close();
  });

  it('the docs UI and the web console need no policy; everything else under /api does', () => {
    expect(needsPolicy('/api/docs')).toBe(false);
    expect(needsPolicy('/api/docs/json')).toBe(false);
    expect(needsPolicy('/')).toBe(false);
    expect(needsPolicy('/assets/index.js')).toBe(false);
    expect(needsPolicy('/api/health')).toBe(true);
    expect(needsPolicy('/api/v1/users')).toBe(true);
  });

  it('a public route answers anonymous callers; a session route answers 401 unauthenticated', async () => {
    const app = await bareApp();
    app.get('/api/open', { config: { policy: { auth: 'public' } } }, async () => ({ ok: true }));
    app.get('/api/closed', { config: { policy: { auth: 'session' } } }, async () => ({ ok: true }));
    expect((await app.inject({ method: 'GET', url: '/api/open' })).statusCode).toBe(200);
    const closed = await app.inject({ method: 'GET', url: '/api/closed' });
    expect(closed.statusCode).toBe(401);
    expect(closed.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    await app.close();
  });

  it('authentication comes before input validation: an anonymous caller learns nothing about the input', async () => {
    const app = await bareApp();
    app.post(
      '/api/things',
      {
        config: { policy: { auth: 'session' } },
        schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
      },
      async () => ({ ok: true }),
    );
    const res = await app.inject({ method: 'POST', url: '/api/things', payload: { wrong: 1 } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'unauthenticated' } });
    await app.close();
  });
});
