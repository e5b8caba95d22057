import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { runCalculator } from './index.ts';
import { computeInstrumentalIntensity } from './seismic-intensity.ts';

describe('instrumental intensity, STANDARDS.md §7.2 (GB/T 17742-2020 附录 A)', () => {
  it('附录 A: I_A = 3.17 lg PGA + 6.59, I_V = 3.00 lg PGV + 9.77 (PGA m/s², PGV m/s)', () => {
    const r = computeInstrumentalIntensity({ pga: 1, pgv: 0.1 });
    expect(r.intensityA).toBe(6.59); // lg 1 = 0
    expect(r.intensityV).toBe(6.77); // lg 0.1 = −1
    expect(computeInstrumentalIntensity({ pga: 10, pgv: 1 })).toMatchObject({
      intensityA: 9.76,
      intensityV: 9.77,
    });
  });

  it('附录 A: I_A ≥ 6.0 and I_V ≥ 6.0 → I_V', () => {
    expect(computeInstrumentalIntensity({ pga: 1, pgv: 0.1 }).intensity).toBe(6.8); // 6.77
    expect(computeInstrumentalIntensity({ pga: 2.5, pgv: 0.25 }).intensity).toBe(8.0); // I_V 7.9638
    expect(computeInstrumentalIntensity({ pga: 10, pgv: 1 }).intensity).toBe(9.8); // 9.77
  });

  it('附录 A: otherwise the mean (I_A + I_V) / 2', () => {
    expect(computeInstrumentalIntensity({ pga: 0.5, pgv: 0.02 }).intensity).toBe(5.2); // (5.6357 + 4.6731) / 2
    // I_V ≥ 6 but I_A < 6: still the mean.
    const r = computeInstrumentalIntensity({ pga: 0.5, pgv: 0.1 });
    expect(r.intensityA).toBeLessThan(6);
    expect(r.intensity).toBe(Math.round(((r.intensityA + 6.77) / 2) * 10) / 10);
  });

  it('附录 A boundary: I_A exactly at 6.0 (PGA = 10^(−0.59/3.17)) counts as ≥ 6.0', () => {
    const pga = 10 ** ((6.0 - 6.59) / 3.17) * (1 + 1e-12);
    expect(computeInstrumentalIntensity({ pga, pgv: 1 }).intensity).toBe(9.8); // I_V, not the mean 7.9
    const below = 10 ** ((5.99 - 6.59) / 3.17);
    expect(computeInstrumentalIntensity({ pga: below, pgv: 1 }).intensity).toBe(7.9); // (5.99 + 9.77) / 2 = 7.88
  });

  it('附录 A: one decimal, half up (3.595 → 3.6), limited to [1.0, 12.0]', () => {
    expect(computeInstrumentalIntensity({ pga: 0.1, pgv: 0.01 }).intensity).toBe(3.6);
    expect(computeInstrumentalIntensity({ pga: 0.001, pgv: 0.0001 }).intensity).toBe(1.0); // −2.575
    expect(computeInstrumentalIntensity({ pga: 50, pgv: 5 }).intensity).toBe(11.9);
    expect(computeInstrumentalIntensity({ pga: 200, pgv: 20 }).intensity).toBe(12.0); // I_V 13.67
  });

  it('bad input lists every field; PGA and PGV must be positive', () => {
    try {
      runCalculator('intensity', { pga: 0, pgv: -1, pgd: 3 });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).details?.map((d) => d.path).sort()).toEqual(['(input)', 'pga', 'pgv']);
    }
    expect(runCalculator('intensity', { pga: 2.5, pgv: 0.25 })).toMatchObject({ intensity: 8 });
  });
});
