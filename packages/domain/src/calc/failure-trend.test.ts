import { describe, expect, it } from 'vitest';
import { deriveVelocitySeries, predictFailure, type DisplacementPoint } from './failure-trend.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 2, 2, 1); // epoch ms

/**
 * Cumulative displacement of the α = 2 law 1/v = k (t_f − t) (v in mm/h, t in h):
 * Ω(t) = Ω₀ + (1/k)·ln(t_f / (t_f − t)).
 */
const accelerating = (k: number, tfHours: number, hours: number[], d0 = 100): DisplacementPoint[] =>
  hours.map((h) => ({ at: T0 + h * HOUR, value: d0 + Math.log(tfHours / (tfHours - h)) / k }));
const steady = (mmPerHour: number, hours: number[], d0 = 100): DisplacementPoint[] =>
  hours.map((h) => ({ at: T0 + h * HOUR, value: d0 + mmPerHour * h }));
const range = (from: number, to: number, step = 1) =>
  Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);

describe('failure-time prediction from displacement, STANDARDS.md §6.1 (inverse velocity, α = 2) and §6.3', () => {
  it('velocity series: hourly differences in mm/h at the middle of each interval', () => {
    const { samples, dropped } = deriveVelocitySeries(steady(0.5, [0, 1, 2, 3]));
    expect(dropped).toBe(0);
    expect(samples.map((s) => s.v)).toEqual([0.5, 0.5, 0.5]);
    expect(samples.map((s) => (s.at - T0) / HOUR)).toEqual([0.5, 1.5, 2.5]);
    expect(samples[0]!.inverse).toBe(2);
  });

  it('velocity series: readings are averaged per step; intervals where displacement did not grow are dropped and counted', () => {
    // Two readings per hour; step 2 h.
    const pts = steady(1, range(0, 7.5, 0.5));
    const two = deriveVelocitySeries(pts, 2);
    expect(two.samples.every((s) => Math.abs(s.v - 1) < 1e-9)).toBe(true);
    // Buckets are whole 2-hour spans of UTC: 01:00–08:30 falls into 5 of them (4 velocities).
    expect(two.samples).toHaveLength(4);
    const stall = deriveVelocitySeries([
      { at: T0, value: 10 },
      { at: T0 + HOUR, value: 11 },
      { at: T0 + 2 * HOUR, value: 10.5 }, // moved back
      { at: T0 + 3 * HOUR, value: 12 },
    ]);
    expect(stall.dropped).toBe(1);
    expect(stall.samples.map((s) => s.v)).toEqual([1, 1.5]);
  });

  it('§6.1 predicts the failure time of an accelerating series (1/v linear) within minutes', () => {
    // 1/v = 0.5·(100 − t): failure 100 h after T0; data up to 90 h.
    const r = predictFailure(accelerating(0.5, 100, range(0, 90)));
    expect(r.reason).toBeNull();
    expect(r.failureAt).not.toBeNull();
    expect(Math.abs(r.failureAt! - (T0 + 100 * HOUR))).toBeLessThan(0.25 * HOUR);
    expect(r.fit!.slope).toBeLessThan(0);
    expect(r.speedup!).toBeGreaterThan(5);
    expect(r.windowPoints).toBe(90);
  });

  it('§6.1 the steady stage before the onset is left out of the fit (the window starts at the slowest sample)', () => {
    // 0.1 mm/h for 48 h, then accelerating towards failure at 48 + 60 h.
    const creep = steady(0.1, range(0, 48));
    const tail = accelerating(0.5, 60, range(1, 50)).map((p) => ({
      at: p.at + 48 * HOUR,
      value: p.value - 100 + creep.at(-1)!.value,
    }));
    const r = predictFailure([...creep, ...tail]);
    expect(r.reason).toBeNull();
    expect(r.windowStart!).toBeGreaterThanOrEqual(T0 + 47 * HOUR);
    expect(Math.abs(r.failureAt! - (T0 + 108 * HOUR))).toBeLessThan(0.5 * HOUR);
  });

  it('§6.1 refuses a constant-velocity series: no acceleration (also with tiny rounding noise)', () => {
    const exact = predictFailure(steady(0.3, range(0, 72)));
    expect(exact.failureAt).toBeNull();
    expect(exact.reason).toMatch(/无加速|加速不明显/);
    // ±0.1 % noise on the readings: some 1/v falls at the end, but the fitted velocity barely grows.
    const noisy = steady(0.3, range(0, 72)).map((p, i) => ({
      ...p,
      value: p.value * (1 + (((i * 7) % 5) - 2) * 1e-5),
    }));
    const r = predictFailure(noisy);
    expect(r.failureAt).toBeNull();
    expect(r.reason).toMatch(/无加速|加速不明显/);
  });

  it('§6.1 refuses a decelerating series', () => {
    // v = 1/(1 + t): displacement ln(1 + t).
    const pts = range(0, 48).map((h) => ({ at: T0 + h * HOUR, value: Math.log(1 + h) }));
    const r = predictFailure(pts);
    expect(r.failureAt).toBeNull();
    expect(r.reason).toMatch(/无加速/);
  });

  it('§6.1 (Carlà et al. 2017: noise affects the estimate) reading noise is averaged by a longer velocity step', () => {
    // 1/v = 0.5·(150 − t), hourly readings over 0–120 h with ±0.02 mm deterministic noise.
    let seed = 7;
    const noise = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return (seed / 2_147_483_648 - 0.5) * 0.04;
    };
    const pts = accelerating(0.5, 150, range(0, 120)).map((p) => ({ ...p, value: p.value + noise() }));
    const six = predictFailure(pts, { stepHours: 6 });
    expect(six.reason).toBeNull();
    expect(Math.abs(six.failureAt! - (T0 + 150 * HOUR))).toBeLessThan(4 * HOUR);
    const hourly = predictFailure(pts, { stepHours: 1 });
    expect(hourly.dropped).toBeGreaterThan(0); // noise larger than an hour's creep at the start
  });

  it('refuses with too few samples', () => {
    const r = predictFailure(accelerating(0.5, 100, [0, 1, 2]));
    expect(r.samples).toHaveLength(2);
    expect(r.failureAt).toBeNull();
    expect(r.reason).toMatch(/样本不足/);
    expect(predictFailure([]).reason).toMatch(/样本不足：0/);
  });

  it('minSpeedup is an option: a mild acceleration is refused at 1.5× and predicted at 1.05×', () => {
    // 1/v = 0.5·(1000 − t) over 0–200 h: the velocity grows 1000/800 = 1.25×.
    const pts = accelerating(0.5, 1000, range(0, 200));
    const strict = predictFailure(pts);
    expect(strict.failureAt).toBeNull();
    expect(strict.reason).toMatch(/加速不明显/);
    expect(strict.speedup!).toBeCloseTo(1.25, 1);
    const loose = predictFailure(pts, { minSpeedup: 1.05 });
    expect(Math.abs(loose.failureAt! - (T0 + 1000 * HOUR))).toBeLessThan(2 * HOUR);
  });
});
