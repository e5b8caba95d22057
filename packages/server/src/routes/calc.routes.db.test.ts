/** Issue #3 "Calculators": POST /api/v1/calc/{name} for logged-in users, the same answers as `ningan calc`. */
import { expect, it } from 'vitest';
import { forEachDriver } from '../test/db.ts';
import { useTestContext } from '../test/context.ts';

forEachDriver('calculator API', (driver) => {
  const ctx = useTestContext(driver);

  it('answers a logged-in user and lists every problem of bad input', async () => {
    const app = await ctx.app();
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/calc/lec',
      headers: viewer.bearer,
      payload: { L: 3, E: 6, C: 15 },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ D: 270, danger: '高度危险', riskLevel: '较大风险', color: 'orange' });

    const grade = await app.inject({
      method: 'POST',
      url: '/api/v1/calc/accident-grade',
      headers: viewer.bearer,
      payload: { deaths: 2, seriousInjuries: 0, directLossYuan: 12_000_000 },
    });
    expect(grade.json()).toEqual({ grade: '较大' });

    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/calc/accident-grade',
      headers: viewer.bearer,
      payload: { deaths: -1, seriousInjuries: 'x' },
    });
    expect(bad.statusCode).toBe(400);
    const error = bad.json<{ error: { code: string; details: { path: string }[] } }>().error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.path).sort()).toEqual(['deaths', 'directLossYuan', 'seriousInjuries']);
  });

  it('needs a session, and an unknown calculator is a 400 naming the parameter', async () => {
    const app = await ctx.app();
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/calc/lec', payload: { L: 1, E: 1, C: 1 } }))
        .statusCode,
    ).toBe(401);
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/v1/calc/nope',
      headers: viewer.bearer,
      payload: {},
    });
    expect(unknown.statusCode).toBe(400);
  });
});
