import { describe, expect, it } from 'vitest';
import { WEATHER_HAZARDS } from '../calc/weather-signal.ts';
import { BEAUFORT_LOWER_BOUNDS_MS, beaufortForce } from './beaufort.ts';
import {
  evaluateObservedSignals,
  RAIN_WINDOWS_H,
  WIND_WINDOWS_H,
  type StationObservations,
  type WindowAggregate,
} from './observed-signals.ts';

const agg = (hours: number, v: { sum?: number; min?: number; max?: number } | null): WindowAggregate =>
  v === null
    ? { hours, count: 0, sum: null, min: null, max: null }
    : { hours, count: 10, sum: v.sum ?? null, min: v.min ?? null, max: v.max ?? null };
const rain = (sums: number[]) => RAIN_WINDOWS_H.map((h, i) => agg(h, { sum: sums[i]! }));
const windMax = (maxes: number[]) => WIND_WINDOWS_H.map((h, i) => agg(h, { max: maxes[i]! }));
const temps = (o: {
  max24?: number;
  min24: number;
  minPrior24: number | null;
  minPrior48: number | null;
  dailyMax?: (number | null)[];
}): NonNullable<StationObservations['airTemperature']> => ({
  last24h: agg(24, { min: o.min24, max: o.max24 ?? o.min24 + 5 }),
  prior24h: o.minPrior24 === null ? agg(24, null) : agg(24, { min: o.minPrior24 }),
  prior48h: o.minPrior48 === null ? agg(24, null) : agg(24, { min: o.minPrior48 }),
  dailyMax: (o.dailyMax ?? [o.max24 ?? 0]).map((max, i) => ({ date: `2026-07-0${i + 1}`, max })),
});
const of = (obs: StationObservations, hazard: string) =>
  evaluateObservedSignals(obs).find((s) => s.hazard === hazard)!;

describe('wind force from speed, GB/T 28591-2012 (Beaufort 0–17 级)', () => {
  it('each force starts at its table lower bound: 0.2→0, 0.3→1, 10.7→5, 10.8→6, 13.9→7, 17.2→8, 32.7→12, 56.1→17, 70→17', () => {
    expect(BEAUFORT_LOWER_BOUNDS_MS).toHaveLength(18);
    expect([0.2, 0.3, 10.7, 10.8, 13.8, 13.9, 17.1, 17.2, 32.7, 56.1, 70].map(beaufortForce)).toEqual([
      0, 1, 5, 6, 6, 7, 7, 8, 12, 17, 17,
    ]);
  });
});

describe('weather signals from observed windows (issue #4 part 5; STANDARDS.md §3 national guide)', () => {
  it('every hazard of the guide is answered; 暴雪, 霜冻, 大雾 and 沙尘暴 are "not observable" with the reason', () => {
    const all = evaluateObservedSignals({ rainfall: rain([0, 0, 0, 0, 0]) });
    expect(all.map((s) => s.hazard)).toEqual([...WEATHER_HAZARDS]);
    const status = Object.fromEntries(all.map((s) => [s.hazard, s.status]));
    expect(status).toMatchObject({
      snowstorm: 'not_observable',
      frost: 'not_observable',
      fog: 'not_observable',
      dust: 'not_observable',
      rainstorm: 'evaluated',
      wind: 'no_sensor',
      heat: 'no_sensor',
      coldwave: 'no_sensor',
    });
    expect(of({}, 'fog').note).toContain('能见度');
    expect(of({}, 'dust').note).toContain('能见度');
    expect(of({}, 'frost').note).toContain('地面最低温度');
    expect(of({}, 'snowstorm').note).toContain('降雪');
  });

  it('§3 暴雨 from rolling sums: 55 mm in 3 h is 橙 (≥50/3 h) although 80 mm in 24 h alone calls for nothing; every window is in the basis', () => {
    const s = of({ rainfall: rain([20, 55, 60, 70, 80]) }, 'rainstorm');
    expect(s).toMatchObject({ status: 'evaluated', level: 'orange', signal: '暴雨橙色预警信号' });
    expect(s.basis.map((b) => [b.hours, b.value, b.level])).toEqual([
      [1, 20, null],
      [3, 55, 'orange'],
      [6, 60, 'yellow'],
      [12, 70, 'blue'],
      [24, 80, null],
    ]);
    expect(of({ rainfall: rain([0, 0, 49.9, 49.9, 49.9]) }, 'rainstorm').level).toBeNull();
    expect(of({ rainfall: rain([100, 100, 100, 100, 100]) }, 'rainstorm').level).toBe('red');
    const none = of({ rainfall: RAIN_WINDOWS_H.map((h) => agg(h, null)) }, 'rainstorm');
    expect(none).toMatchObject({ status: 'no_data', level: null });
  });

  it('§3 大风 from the highest mean wind: 17.2 m/s (8 级) within 6 h is 黄 (≥8 级 in 12 h); 13.9 m/s (7 级) over 24 h only 蓝; gusts are not measured', () => {
    const s = of({ windSpeed: windMax([5, 17.2, 17.2, 17.2, 17.2]) }, 'wind');
    expect(s).toMatchObject({ level: 'yellow', signal: '大风黄色预警信号' });
    expect(s.basis.filter((b) => b.quantity === 'wind_force').map((b) => [b.hours, b.value])).toEqual([
      [1, 3],
      [6, 8],
      [12, 8],
      [24, 8],
    ]);
    expect(of({ windSpeed: windMax([5, 5, 5, 13.9, 13.9]) }, 'wind').level).toBe('blue');
    expect(of({ windSpeed: windMax([5, 5, 5, 10.7, 10.7]) }, 'wind').level).toBeNull();
    expect(of({ windSpeed: windMax([32.7, 32.7, 32.7, 32.7, 32.7]) }, 'wind').level).toBe('red');
  });

  it('§3 高温: 37 ℃ in the last 24 h is 橙; three consecutive days ≥ 35 ℃ is 黄, also when today has not (yet) reached 35 ℃', () => {
    const t = (o: Parameters<typeof temps>[0]) => ({
      airTemperature: temps(o),
      windSpeed: windMax([1, 1, 1, 1, 1]),
    });
    expect(of(t({ min24: 25, max24: 37, minPrior24: 25, minPrior48: 25 }), 'heat').level).toBe('orange');
    expect(of(t({ min24: 25, max24: 40, minPrior24: 25, minPrior48: 25 }), 'heat').level).toBe('red');
    const run = of(
      t({ min24: 20, max24: 35.2, minPrior24: 20, minPrior48: 20, dailyMax: [30, 35, 36, 35.2] }),
      'heat',
    );
    expect(run.level).toBe('yellow');
    expect(run.basis.find((b) => b.quantity === 'daily_max_run')).toMatchObject({
      hours: 3,
      value: 35,
      level: 'yellow',
    });
    const yesterday = of(
      t({ min24: 20, max24: 36, minPrior24: 20, minPrior48: 20, dailyMax: [35, 36, 35.5, 28] }),
      'heat',
    );
    expect(yesterday.level).toBe('yellow');
    // Two days only, or a day without data breaking the run: no 黄.
    expect(
      of(t({ min24: 20, max24: 34, minPrior24: 20, minPrior48: 20, dailyMax: [30, 36, 36, 34] }), 'heat')
        .level,
    ).toBeNull();
    expect(
      of(t({ min24: 20, max24: 36, minPrior24: 20, minPrior48: 20, dailyMax: [36, null, 36, 36] }), 'heat')
        .level,
    ).toBeNull();
  });

  it('§3 寒潮: 24-h drop of the minimum ≥ 10 ℃ to ≤ 4 ℃ with 6 级 wind is 黄; ≥ 12 ℃ to ≤ 0 ℃ is 橙; 48-h drop ≥ 8 ℃ with 5 级 is 蓝', () => {
    const cw = (o: Parameters<typeof temps>[0], winds: number[]) =>
      of({ airTemperature: temps(o), windSpeed: windMax(winds) }, 'coldwave');
    const yellow = cw({ min24: 2, minPrior24: 13, minPrior48: 14 }, [8, 8, 8, 11, 11]);
    expect(yellow).toMatchObject({ level: 'yellow', signal: '寒潮黄色预警信号' });
    expect(yellow.basis.find((b) => b.quantity === 'temp_drop' && b.hours === 24)).toMatchObject({
      value: 11,
    });
    expect(cw({ min24: 0, minPrior24: 12, minPrior48: 12 }, [11, 11, 11, 11, 11]).level).toBe('orange');
    expect(cw({ min24: 3, minPrior24: 8, minPrior48: 11 }, [8, 8, 8, 8, 8]).level).toBe('blue');
    // The same drop with 4 级 wind, or ending above 4 ℃: no signal.
    expect(cw({ min24: 2, minPrior24: 13, minPrior48: 14 }, [7.9, 7.9, 7.9, 7.9, 7.9]).level).toBeNull();
    expect(cw({ min24: 5, minPrior24: 16, minPrior48: 16 }, [11, 11, 11, 11, 11]).level).toBeNull();
    // No earlier data: nothing to compare, no level.
    expect(cw({ min24: 2, minPrior24: null, minPrior48: null }, [11, 11, 11, 11, 11]).level).toBeNull();
    // Temperature without wind cannot be judged.
    expect(
      of({ airTemperature: temps({ min24: 2, minPrior24: 13, minPrior48: 14 }) }, 'coldwave').status,
    ).toBe('no_sensor');
  });
});
