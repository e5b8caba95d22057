/** Pure geometry of the inverse-velocity chart: points, the fitted line to its zero, axes and ticks. */
import type { SensorFailurePrediction } from '@ningan/domain';

const HOUR_MS = 3_600_000;

export interface InverseVelocityChartModel {
  points: { t: number; v: number; inWindow: boolean }[];
  /** The fitted line from the window start to where it reaches 0 (or the last sample when it never does). */
  fit: [{ t: number; v: number }, { t: number; v: number }] | null;
  failureAt: number | null;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  xTicks: number[];
  yTicks: number[];
}

/** Up to `count` round ticks over [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 4): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function inverseVelocityChart(sensor: SensorFailurePrediction): InverseVelocityChartModel {
  const windowStart = sensor.windowStart ? Date.parse(sensor.windowStart) : null;
  const points = sensor.samples.map((s) => {
    const t = Date.parse(s.t);
    return { t, v: s.inverse, inWindow: windowStart !== null && t >= windowStart };
  });
  const failureAt = sensor.failureTime ? Date.parse(sensor.failureTime) : null;
  let fit: InverseVelocityChartModel['fit'] = null;
  if (sensor.fit && windowStart !== null) {
    const origin = Date.parse(sensor.fit.origin);
    const { slope, intercept } = sensor.fit;
    const at = (t: number) => intercept + slope * ((t - origin) / HOUR_MS);
    const end = failureAt ?? points.at(-1)?.t ?? windowStart;
    fit = [
      { t: windowStart, v: at(windowStart) },
      { t: end, v: failureAt !== null ? 0 : at(end) },
    ];
  }
  const times = [...points.map((p) => p.t), ...(failureAt !== null ? [failureAt] : [])];
  const values = [0, ...points.map((p) => p.v), ...(fit ? fit.map((f) => f.v) : [])];
  const x0 = times.length ? Math.min(...times) : 0;
  const x1 = times.length ? Math.max(...times) : 1;
  const y1 = Math.max(...values) * 1.05 || 1;
  const span = x1 - x0;
  return {
    points,
    fit,
    failureAt,
    x0,
    x1: span > 0 ? x1 : x0 + HOUR_MS,
    y0: 0,
    y1,
    xTicks: span > 0 ? [x0, x0 + span / 3, x0 + (2 * span) / 3, x1] : [x0],
    yTicks: niceTicks(0, y1),
  };
}
