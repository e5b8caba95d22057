/**
 * Landslide failure-time forecast by the inverse-velocity method (Fukuzono 1985; Voight 1989), STANDARDS.md §6.1
 * (CONFIRMED for α = 2): in tertiary creep 1/v = A (t_f − t), so a least-squares line 1/v = a + b·t fitted over
 * the accelerating window reaches 0 at t̂_f = −a / b, which needs b < 0.
 *
 * How the window is chosen (ours, documented here): the accelerating window runs from the last sample with the
 * lowest velocity (the highest 1/v — the onset of acceleration) to the latest sample. Primary and steady creep
 * before that point are left out; noise within the window is averaged by the fit instead of cutting it short.
 * The forecast is refused — `failureTime` null with a `reason` — when
 * - there are fewer than `minPoints` samples (default 3: two points always fit a line exactly);
 * - the latest sample is the slowest (no acceleration), or the window has fewer than `minPoints` samples;
 * - the fitted 1/v does not fall with time (b ≥ 0).
 * `slope` (1/mm) and `intercept` (h/mm) are those of the fit over the window, null when there is no window of two
 * or more samples. `windowStart` (h) and `points` say which samples were fitted. No noise filtering is applied:
 * smooth the series first if needed (Carlà et al. 2017).
 */
import { z } from 'zod';
import { EVERY_PROBLEM } from './checks.ts';

export const DEFAULT_INVERSE_VELOCITY_MIN_POINTS = 3;

const Sample = z.object({ t: z.number().finite(), v: z.number().finite().positive('速度须大于 0') }).strict(); // h, mm/h
export const InverseVelocityInput = z
  .object({
    samples: z.array(Sample),
    minPoints: z.number().int('须为整数').min(2, '至少 2 个点').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    // Runs even when other fields are bad (EVERY_PROBLEM), so it reads the raw value defensively.
    const samples: unknown = v.samples;
    if (!Array.isArray(samples)) return;
    const times = samples.map((s: unknown) => (s as { t?: unknown } | null)?.t);
    times.forEach((t, i) => {
      const prev = times[i - 1];
      if (typeof t === 'number' && typeof prev === 'number' && !(t > prev))
        ctx.addIssue({ code: 'custom', path: ['samples', i, 't'], message: '时间 t 须严格递增' });
    });
  }, EVERY_PROBLEM);
export type InverseVelocityInput = z.infer<typeof InverseVelocityInput>;

export interface InverseVelocityResult {
  failureTime: number | null;
  slope: number | null;
  intercept: number | null;
  reason?: string;
  windowStart: number | null;
  points: number;
}

/** Least-squares line y = a + b·x (centred sums, for stability with large t). */
function fitLine(xs: number[], ys: number[]): { slope: number; intercept: number } {
  const n = xs.length;
  const mx = xs.reduce((s, x) => s + x, 0) / n;
  const my = ys.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i += 1) {
    const dx = (xs[i] ?? 0) - mx;
    sxy += dx * ((ys[i] ?? 0) - my);
    sxx += dx * dx;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

const sig12 = (x: number) => Number(x.toPrecision(12));

export function forecastFailureTime(input: InverseVelocityInput): InverseVelocityResult {
  const minPoints = input.minPoints ?? DEFAULT_INVERSE_VELOCITY_MIN_POINTS;
  const { samples } = input;
  if (samples.length < minPoints)
    return {
      failureTime: null,
      slope: null,
      intercept: null,
      reason: `样本点不足：${samples.length} 个，至少需要 ${minPoints} 个`,
      windowStart: null,
      points: 0,
    };

  const inverse = samples.map((s) => 1 / s.v); // h/mm
  let start = 0;
  inverse.forEach((y, i) => {
    if (y >= (inverse[start] ?? y)) start = i;
  });
  const window = samples.slice(start);
  const windowStart = samples[start]?.t ?? null;
  const fit =
    window.length >= 2
      ? fitLine(
          window.map((s) => s.t),
          inverse.slice(start),
        )
      : null;
  const slope = fit ? sig12(fit.slope) : null;
  const intercept = fit ? sig12(fit.intercept) : null;
  const refuse = (reason: string): InverseVelocityResult => ({
    failureTime: null,
    slope,
    intercept,
    reason,
    windowStart,
    points: window.length,
  });

  if (start === samples.length - 1) return refuse('无加速：最新一次的速度是序列中最低的');
  if (window.length < minPoints)
    return refuse(`加速段样本点不足：${window.length} 个，至少需要 ${minPoints} 个`);
  if (!fit || fit.slope >= 0) return refuse('无加速：加速段的逆速度未随时间下降（斜率 ≥ 0）');
  const failureTime = Math.round((-fit.intercept / fit.slope) * 1e6) / 1e6;
  return { failureTime, slope, intercept, windowStart, points: window.length };
}
