/**
 * Landslide time-of-failure from a displacement series (issue #4 part 5): the velocity series derived from
 * cumulative displacement, the accelerating window and the inverse-velocity forecast of STANDARDS.md §6.1
 * (Fukuzono 1985; Voight 1989, α = 2: 1/v = A (t_f − t)), refused when there is no acceleration. §6.3: no
 * national displacement-rate threshold exists, so nothing here grades a rate; the numbers below that are ours
 * (not from a standard) are options with documented defaults.
 *
 * Velocity series ({@link deriveVelocitySeries}): displacement points (hourly rollup means, or raw readings) are
 * averaged into buckets of `stepHours`; the velocity of two consecutive buckets is their difference over their
 * time apart (mm/h), stamped at the middle of the two — for the α = 2 law the mean velocity over an interval
 * is closest to the true one there. Intervals whose displacement did not grow (v ≤ 0: a stall, a sign
 * change or noise) are left out and counted: 1/v needs v > 0. A longer step smooths noise (Carlà et al. 2017
 * note that noise and filtering affect the estimate).
 *
 * Accelerating window ({@link predictFailure}): the calculator's (`forecastFailureTime`: from the last
 * slowest sample — the onset of acceleration — to the latest), plus one check of ours: the fitted velocity
 * must grow across the window by at least `minSpeedup` (default 1.5×). Without it a constant-velocity series
 * with measurement noise always shows some falling 1/v at its end and would yield a "forecast" months away.
 */
import { forecastFailureTime, DEFAULT_INVERSE_VELOCITY_MIN_POINTS } from './inverse-velocity.ts';

export const DEFAULT_FAILURE_STEP_HOURS = 1;
/** Fitted end velocity / fitted start velocity below which the window is not taken as accelerating (ours). */
export const DEFAULT_MIN_SPEEDUP = 1.5;

const HOUR_MS = 3_600_000;

export interface DisplacementPoint {
  /** Epoch ms. */
  at: number;
  /** Cumulative displacement, mm. */
  value: number;
}

export interface VelocitySample {
  /** Epoch ms (middle of the two buckets). */
  at: number;
  /** mm/h, > 0. */
  v: number;
  /** 1/v, h/mm. */
  inverse: number;
}

export interface VelocitySeries {
  samples: VelocitySample[];
  /** Intervals left out because the displacement did not grow. */
  dropped: number;
}

/** Velocities (mm/h) of a displacement series, averaged into `stepHours` buckets (see the module comment). */
export function deriveVelocitySeries(
  points: readonly DisplacementPoint[],
  stepHours: number = DEFAULT_FAILURE_STEP_HOURS,
): VelocitySeries {
  const stepMs = stepHours * HOUR_MS;
  const buckets = new Map<number, { sumAt: number; sum: number; n: number }>();
  for (const p of points) {
    const key = Math.floor(p.at / stepMs);
    const b = buckets.get(key) ?? { sumAt: 0, sum: 0, n: 0 };
    b.sumAt += p.at;
    b.sum += p.value;
    b.n += 1;
    buckets.set(key, b);
  }
  // Each bucket at the mean time of its points, so a bucket with one reading sits at that reading.
  const means = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, b]) => ({ at: b.sumAt / b.n, value: b.sum / b.n }));
  const samples: VelocitySample[] = [];
  let dropped = 0;
  for (let i = 1; i < means.length; i += 1) {
    const prev = means[i - 1]!;
    const cur = means[i]!;
    const hours = (cur.at - prev.at) / HOUR_MS;
    const v = (cur.value - prev.value) / hours;
    if (!(hours > 0) || !(v > 0) || !Number.isFinite(v)) {
      dropped += 1;
      continue;
    }
    samples.push({ at: Math.round((prev.at + cur.at) / 2), v, inverse: 1 / v });
  }
  return { samples, dropped };
}

export interface FailurePredictionOptions {
  stepHours?: number;
  minPoints?: number;
  minSpeedup?: number;
}

export interface FailurePrediction {
  samples: VelocitySample[];
  dropped: number;
  /** 1/v = intercept + slope·(t − origin), t in hours since `origin` (epoch ms): the fitted line. */
  fit: { origin: number; slope: number; intercept: number } | null;
  /** Epoch ms of the window's first sample and its size. */
  windowStart: number | null;
  windowPoints: number;
  /** Fitted velocity at the end of the window over that at its start. */
  speedup: number | null;
  /** Predicted failure time, epoch ms; null with `reason` when refused. */
  failureAt: number | null;
  reason: string | null;
}

/**
 * The inverse-velocity forecast of a displacement series (STANDARDS.md §6.1), or its refusal with the reason:
 * too few samples, no acceleration (the latest velocity is the lowest; 1/v does not fall; the fitted
 * velocity grows less than `minSpeedup`).
 */
export function predictFailure(
  points: readonly DisplacementPoint[],
  options: FailurePredictionOptions = {},
): FailurePrediction {
  const minPoints = options.minPoints ?? DEFAULT_INVERSE_VELOCITY_MIN_POINTS;
  const minSpeedup = options.minSpeedup ?? DEFAULT_MIN_SPEEDUP;
  const { samples, dropped } = deriveVelocitySeries(points, options.stepHours ?? DEFAULT_FAILURE_STEP_HOURS);
  const origin = samples[0]?.at ?? 0;
  const base = { samples, dropped, speedup: null };
  if (samples.length < minPoints)
    return {
      ...base,
      fit: null,
      windowStart: null,
      windowPoints: 0,
      failureAt: null,
      reason: `速度样本不足：${samples.length} 个（至少需要 ${minPoints} 个；位移须持续增长）`,
    };
  const hours = (at: number) => (at - origin) / HOUR_MS;
  const r = forecastFailureTime({
    samples: samples.map((s) => ({ t: hours(s.at), v: s.v })),
    minPoints,
  });
  const fit =
    r.slope !== null && r.intercept !== null ? { origin, slope: r.slope, intercept: r.intercept } : null;
  const windowStart = r.windowStart === null ? null : origin + r.windowStart * HOUR_MS;
  const common = { ...base, fit, windowStart, windowPoints: r.points };
  if (r.failureTime === null || !fit || windowStart === null) {
    // A window too short to fit means the slowest sample is among the latest few: no acceleration yet.
    const why = r.reason ?? '';
    return { ...common, failureAt: null, reason: why.startsWith('无加速') ? why : `无加速：${why}` };
  }

  // Fitted 1/v at the window's two ends: their ratio is how much the fitted velocity grew.
  const last = samples[samples.length - 1]!;
  const inverseAt = (at: number) => fit.intercept + fit.slope * hours(at);
  const startInverse = inverseAt(windowStart);
  const endInverse = inverseAt(last.at);
  const speedup = endInverse > 0 ? startInverse / endInverse : Number.POSITIVE_INFINITY;
  const rounded = Number.isFinite(speedup) ? Math.round(speedup * 1000) / 1000 : null;
  if (speedup < minSpeedup)
    return {
      ...common,
      speedup: rounded,
      failureAt: null,
      reason: `加速不明显：加速段拟合速度仅增至 ${speedup.toFixed(2)} 倍（需至少 ${minSpeedup} 倍），不作预测`,
    };
  return {
    ...common,
    speedup: rounded,
    failureAt: Math.round(origin + r.failureTime * HOUR_MS),
    reason: null,
  };
}
