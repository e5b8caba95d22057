/**
 * Instrumental seismic intensity, GB/T 17742-2020《中国地震烈度表》附录 A (STANDARDS.md §7.2, CONFIRMED from
 * two public implementations):
 *   I_A = 3.17 lg(PGA) + 6.59 (PGA in m/s²),  I_V = 3.00 lg(PGV) + 9.77 (PGV in m/s);
 *   I_I = I_V when I_A ≥ 6.0 and I_V ≥ 6.0, otherwise (I_A + I_V) / 2;
 *   I_I is given to one decimal and limited to [1.0, 12.0].
 * The ≥ 6.0 test is made on the unrounded I_A and I_V; only I_I is rounded. `intensityA`/`intensityV` are
 * the unrounded working, rounded to 4 decimals for display.
 */
import { z } from 'zod';

const positive = z.number().finite().positive('须大于 0');
export const IntensityInput = z.object({ pga: positive, pgv: positive }).strict(); // m/s², m/s
export type IntensityInput = z.infer<typeof IntensityInput>;

export interface IntensityResult {
  intensity: number;
  intensityA: number;
  intensityV: number;
}

export const INSTRUMENTAL_INTENSITY_MIN = 1.0;
export const INSTRUMENTAL_INTENSITY_MAX = 12.0;

export function computeInstrumentalIntensity(input: IntensityInput): IntensityResult {
  const iA = 3.17 * Math.log10(input.pga) + 6.59;
  const iV = 3.0 * Math.log10(input.pgv) + 9.77;
  const raw = iA >= 6.0 && iV >= 6.0 ? iV : (iA + iV) / 2;
  // Half up at one decimal; the 1e-9 keeps binary noise (6.8499999999 for 6.85) from rounding down.
  const rounded = Math.round(raw * 10 + 1e-9) / 10;
  const intensity = Math.min(Math.max(rounded, INSTRUMENTAL_INTENSITY_MIN), INSTRUMENTAL_INTENSITY_MAX);
  const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
  return { intensity, intensityA: r4(iA), intensityV: r4(iV) };
}
