import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { runCalculator } from './index.ts';
import { forecastFailureTime } from './inverse-velocity.ts';

/** Samples of the α = 2 law 1/v = k (t_f − t) at the given times (h → mm/h). */
const law = (k: number, tf: number, times: number[]) => times.map((t) => ({ t, v: 1 / (k * (tf - t)) }));
const range = (from: number, to: number, step: number) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('inverse-velocity failure forecast, STANDARDS.md §6.1 (Fukuzono 1985; Voight 1989, α = 2)', () => {
  it('§6.1 synthetic series 1/v = 0.5·(100 − t): t_f = 100, slope −0.5, intercept 50', () => {
    const r = forecastFailureTime({ samples: law(0.5, 100, range(0, 90, 10)) });
    expect(r).toMatchObject({ failureTime: 100, slope: -0.5, intercept: 50, windowStart: 0, points: 10 });
    expect(r.reason).toBeUndefined();
  });

  it('§6.1 window: steady creep is left out; the fit starts at the slowest sample (onset of acceleration)', () => {
    // Steady 0.02 mm/h (1/v = 50) until t = 100, then 1/v = 0.5·(200 − t): failure at 200.
    const steady = range(0, 90, 10).map((t) => ({ t, v: 0.02 }));
    const r = forecastFailureTime({ samples: [...steady, ...law(0.5, 200, range(100, 190, 10))] });
    expect(r).toMatchObject({ failureTime: 200, windowStart: 100, points: 10 });
    // Fitting everything would have biased the forecast.
    const naive = -(r.intercept ?? 0) / (r.slope ?? 1);
    expect(naive).toBe(200);
  });

  it('§6.1 noise within the accelerating window is averaged, not cut short', () => {
    const noise = [1.03, 0.97, 1.02, 0.98, 1.01, 0.99, 1.02, 0.98];
    const samples = law(0.5, 100, range(20, 90, 10)).map((s, i) => ({ t: s.t, v: s.v * (noise[i] ?? 1) }));
    const r = forecastFailureTime({ samples });
    expect(r.failureTime).not.toBeNull();
    expect(r.failureTime ?? 0).toBeGreaterThan(97);
    expect(r.failureTime ?? 0).toBeLessThan(103);
  });

  it('refuses without acceleration: constant or decelerating velocity', () => {
    const constant = forecastFailureTime({ samples: range(0, 50, 10).map((t) => ({ t, v: 0.5 })) });
    expect(constant).toMatchObject({ failureTime: null, points: 1 });
    expect(constant.reason).toMatch(/无加速/);
    const slowing = forecastFailureTime({ samples: range(0, 50, 10).map((t) => ({ t, v: 1 / (1 + t) })) });
    expect(slowing.failureTime).toBeNull();
    expect(slowing.reason).toMatch(/无加速/);
  });

  it('refuses when the fitted 1/v does not fall (slope ≥ 0) although the last sample is not the slowest', () => {
    const r = forecastFailureTime({
      samples: [
        { t: 0, v: 0.1 }, // 1/v 10 — the slowest
        { t: 1, v: 1 }, // 1
        { t: 2, v: 0.2 }, // 5
        { t: 3, v: 0.15 }, // 6.67
        { t: 4, v: 0.12 }, // 8.33
      ],
    });
    expect(r.failureTime).toBeNull();
    expect(r.slope).toBeGreaterThanOrEqual(0);
    expect(r.reason).toMatch(/斜率/);
  });

  it('refuses with too few points (default 3, configurable ≥ 2)', () => {
    const two = law(0.5, 100, [80, 90]);
    expect(forecastFailureTime({ samples: two })).toMatchObject({
      failureTime: null,
      slope: null,
      intercept: null,
    });
    expect(forecastFailureTime({ samples: two }).reason).toMatch(/不足/);
    expect(forecastFailureTime({ samples: two, minPoints: 2 }).failureTime).toBe(100);
    expect(forecastFailureTime({ samples: [] }).failureTime).toBeNull();
    // Enough samples, but only two in the accelerating window (the slowest is the second-last).
    const late = [...range(0, 40, 10).map((t) => ({ t, v: 0.02 })), { t: 80, v: 0.01 }, { t: 90, v: 0.2 }];
    const r = forecastFailureTime({ samples: late });
    expect(r).toMatchObject({ failureTime: null, points: 2, windowStart: 80 });
    expect(r.reason).toMatch(/加速段样本点不足/);
    expect(r.slope).toBeCloseTo(-9.5, 9); // (5 − 100) / 10: the fit is still reported
  });

  it('bad input lists every sample field: non-positive velocity, times not increasing, unknown fields', () => {
    try {
      runCalculator('inverse-velocity', {
        samples: [
          { t: 0, v: 1 },
          { t: 0, v: 0 },
          { t: 'x', v: 2 },
          { t: 3, v: 2, d: 1 },
        ],
        minPoints: 1,
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details?.map((d) => d.path).sort()).toEqual([
        'minPoints',
        'samples.1.t',
        'samples.1.v',
        'samples.2.t',
        'samples.3',
      ]);
    }
  });
});
