/**
 * Wind force (风力等级, Beaufort 级) from a 10 m wind speed, GB/T 28591-2012《风力等级》: force n covers the
 * speeds from its lower bound up to the next force's (0.0–0.2 m/s is 0 级 … 56.1–61.2 m/s is 17 级).
 * Source of the table: the 0–17 级 speed table as published with the standard (quoted at
 * http://413yy.cn/a/25101011/48029.html: 0–12 级 as the Beaufort scale, 13–17 级 as added by 中国气象局 2001).
 * Speeds above 61.2 m/s are reported as 17 级, the highest force the warning-signal rules take.
 */

/** Lower bounds (m/s) of forces 0 … 17; the speed table's values are given to 0.1 m/s. */
export const BEAUFORT_LOWER_BOUNDS_MS = [
  0, 0.3, 1.6, 3.4, 5.5, 8.0, 10.8, 13.9, 17.2, 20.8, 24.5, 28.5, 32.7, 37.0, 41.5, 46.2, 51.0, 56.1,
] as const;

/** The force (0–17 级) of a wind speed in m/s: the highest force whose lower bound the speed reaches. */
export function beaufortForce(speedMs: number): number {
  let force = 0;
  for (let n = 0; n < BEAUFORT_LOWER_BOUNDS_MS.length; n += 1)
    if (speedMs >= BEAUFORT_LOWER_BOUNDS_MS[n]!) force = n;
  return force;
}

/** km/h from m/s (the FWI system takes wind in km/h; the stations report m/s). */
export const kmhFromMs = (speedMs: number): number => speedMs * 3.6;
