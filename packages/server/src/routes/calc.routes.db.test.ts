/**
 * Issue #3 "Calculators", issue #4 hazard calculators and issue #6 statutory calculators: POST /api/v1/calc/{name} for logged-in users, the same
 * answers as `ningan calc`.
 */
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

  it('issue #4 hazard calculators, one per family: fire, weather, earthquake, landslide, drought', async () => {
    const app = await ctx.app();
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    const calc = (name: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/calc/${name}`,
        headers: viewer.bearer,
        payload: payload as object,
      });

    // STANDARDS.md §5.3, first two days of the reference table.
    const fwi = await calc('fwi', {
      start: { ffmc: 85, dmc: 6, dc: 15 },
      days: [
        { month: 4, temp: 17, rh: 42, wind: 25, rain: 0 },
        { month: 4, temp: 20, rh: 21, wind: 25, rain: 2.4 },
      ],
    });
    expect(fwi.statusCode).toBe(200);
    expect(fwi.json<{ days: unknown[] }>().days).toMatchObject([
      { ffmc: 87.7, dmc: 8.5, dc: 19.0, isi: 10.9, bui: 8.5, fwi: 10.1 },
      { ffmc: 86.2, dmc: 10.4, dc: 23.6, isi: 8.8, bui: 10.4, fwi: 9.3 },
    ]);

    const signal = await calc('weather-signal', { hazard: 'rainstorm', rainMm: 52, hours: 3 });
    expect(signal.json()).toEqual({ level: 'orange', signal: '暴雨橙色预警信号' });

    expect((await calc('intensity', { pga: 1, pgv: 0.1 })).json()).toMatchObject({ intensity: 6.8 });
    const radius = await calc('attenuation', { zone: 'central', axis: 'long', magnitude: 6.5, intensity: 7 });
    expect(radius.json<{ radiusKm: number }>().radiusKm).toBeCloseTo(23.608513, 5);

    const samples = [0, 10, 20, 30, 40].map((t) => ({ t, v: 1 / (0.5 * (100 - t)) }));
    expect((await calc('inverse-velocity', { samples })).json()).toMatchObject({
      failureTime: 100,
      slope: -0.5,
    });

    expect((await calc('drought', { index: 'MCI', value: -1.5 })).json()).toEqual({
      grade: '重旱',
      level: 4,
    });

    const bad = await calc('weather-signal', { hazard: 'wind', meanForce: 20, hours: 'soon' });
    expect(bad.statusCode).toBe(400);
    const error = bad.json<{ error: { code: string; details: { path: string }[] } }>().error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.path).sort()).toEqual(['hours', 'meanForce']);
  });

  it('issue #6: report deadlines in +08:00 (统计制度 初报 and 续报) and the 森林防火条例 第四十条 grade', async () => {
    const app = await ctx.app();
    const viewer = await ctx.loginAs({ roles: ['viewer'] });
    const calc = (name: string, payload: unknown) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/calc/${name}`,
        headers: viewer.bearer,
        payload: payload as object,
      });

    const plan = await calc('report-deadlines', { kind: 'disaster', occurredAt: '2026-06-30T16:30:00Z' });
    expect(plan.statusCode).toBe(200);
    const { deadlines } = plan.json<{ deadlines: { step: string; to: string; due: string }[] }>();
    expect(deadlines[0]).toEqual({
      step: '初报',
      to: '设区的市级应急管理部门',
      due: '2026-07-01T02:30:00+08:00',
    });
    expect(deadlines.find((d) => d.step === '续报')?.due).toBe('2026-07-02T09:00:00+08:00');

    expect((await calc('forest-fire-grade', { areaHa: 1000, deaths: 0, seriousInjuries: 0 })).json()).toEqual(
      {
        grade: '特别重大',
      },
    );

    const bad = await calc('report-deadlines', {
      kind: 'disaster',
      occurredAt: '2026-07-01 10:00',
      grade: '一般',
    });
    expect(bad.statusCode).toBe(400);
    const error = bad.json<{ error: { code: string; details: { path: string }[] } }>().error;
    expect(error.code).toBe('validation_failed');
    expect(error.details.map((d) => d.path).sort()).toEqual(['grade', 'occurredAt']);
  });
});
