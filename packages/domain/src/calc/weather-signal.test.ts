import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { runCalculator } from './index.ts';
import {
  assessWeatherSignal,
  DEFAULT_WEATHER_SIGNAL_CONFIG,
  WEATHER_HAZARDS,
  WeatherSignalInput,
  type WeatherSignalConfig,
} from './weather-signal.ts';

const level = (input: WeatherSignalInput) => assessWeatherSignal(input).level;

describe('weather warning signals, STANDARDS.md §3 (《气象灾害预警信号及防御指南》2007, national)', () => {
  it('§3 暴雨: 蓝 ≥50 mm/12 h, 黄 ≥50/6 h, 橙 ≥50/3 h, 红 ≥100/3 h — exactly at each threshold', () => {
    expect(assessWeatherSignal({ hazard: 'rainstorm', rainMm: 50, hours: 12 })).toEqual({
      level: 'blue',
      signal: '暴雨蓝色预警信号',
    });
    expect(assessWeatherSignal({ hazard: 'rainstorm', rainMm: 50, hours: 6 })).toEqual({
      level: 'yellow',
      signal: '暴雨黄色预警信号',
    });
    expect(level({ hazard: 'rainstorm', rainMm: 50, hours: 3 })).toBe('orange');
    expect(level({ hazard: 'rainstorm', rainMm: 99.9, hours: 3 })).toBe('orange');
    expect(assessWeatherSignal({ hazard: 'rainstorm', rainMm: 100, hours: 3 })).toEqual({
      level: 'red',
      signal: '暴雨红色预警信号',
    });
    expect(level({ hazard: 'rainstorm', rainMm: 100, hours: 1 })).toBe('red');
    expect(assessWeatherSignal({ hazard: 'rainstorm', rainMm: 49.9, hours: 1 })).toEqual({
      level: null,
      signal: null,
    });
    // 60 mm over 24 h does not say 50 mm fell within 12 h.
    expect(level({ hazard: 'rainstorm', rainMm: 60, hours: 24 })).toBeNull();
    expect(level({ hazard: 'rainstorm', rainMm: 120, hours: 12.5 })).toBeNull();
    expect(level({ hazard: 'rainstorm', rainMm: 120, hours: 6 })).toBe('yellow');
  });

  it('§3 暴雪: 蓝 ≥4 mm/12 h, 黄 ≥6/12 h, 橙 ≥10/6 h, 红 ≥15/6 h', () => {
    expect(level({ hazard: 'snowstorm', snowMm: 3.9, hours: 12 })).toBeNull();
    expect(level({ hazard: 'snowstorm', snowMm: 4, hours: 12 })).toBe('blue');
    expect(level({ hazard: 'snowstorm', snowMm: 6, hours: 12 })).toBe('yellow');
    expect(level({ hazard: 'snowstorm', snowMm: 10, hours: 12 })).toBe('yellow');
    expect(level({ hazard: 'snowstorm', snowMm: 10, hours: 6 })).toBe('orange');
    expect(assessWeatherSignal({ hazard: 'snowstorm', snowMm: 15, hours: 6 }).signal).toBe(
      '暴雪红色预警信号',
    );
  });

  it('§3 寒潮: drop, minimum temperature and wind must all be met; ≤ 4 ℃ / ≤ 0 ℃ inclusive', () => {
    const base = { hazard: 'coldwave' as const };
    expect(level({ ...base, dropC: 8, hours: 48, minTempC: 4, windForce: 5 })).toBe('blue');
    expect(level({ ...base, dropC: 8, hours: 48, minTempC: 4.1, windForce: 5 })).toBeNull();
    expect(level({ ...base, dropC: 8, hours: 48, minTempC: 4, windForce: 4 })).toBeNull();
    expect(level({ ...base, dropC: 7.9, hours: 48, minTempC: 4, windForce: 5 })).toBeNull();
    expect(level({ ...base, dropC: 10, hours: 24, minTempC: 4, windForce: 6 })).toBe('yellow');
    expect(level({ ...base, dropC: 10, hours: 24, minTempC: 4, windForce: 5 })).toBe('blue');
    expect(level({ ...base, dropC: 12, hours: 24, minTempC: 0, windForce: 6 })).toBe('orange');
    expect(level({ ...base, dropC: 12, hours: 24, minTempC: 0.5, windForce: 6 })).toBe('yellow');
    expect(level({ ...base, dropC: 16, hours: 24, minTempC: 0, windForce: 6 })).toBe('red');
    expect(level({ ...base, dropC: 16, hours: 36, minTempC: -5, windForce: 8 })).toBe('blue');
    expect(assessWeatherSignal({ ...base, dropC: 16, hours: 24, minTempC: -2, windForce: 7 }).signal).toBe(
      '寒潮红色预警信号',
    );
  });

  it('§3 大风: mean or gust force — 蓝 6/7 in 24 h, 黄 8/9 in 12 h, 橙 10/11 in 6 h, 红 12/13 in 6 h', () => {
    expect(level({ hazard: 'wind', meanForce: 6, hours: 24 })).toBe('blue');
    expect(level({ hazard: 'wind', gustForce: 7, hours: 24 })).toBe('blue');
    expect(level({ hazard: 'wind', meanForce: 5, gustForce: 6, hours: 24 })).toBeNull();
    expect(level({ hazard: 'wind', meanForce: 8, hours: 12 })).toBe('yellow');
    expect(level({ hazard: 'wind', meanForce: 7, gustForce: 9, hours: 12 })).toBe('yellow');
    expect(level({ hazard: 'wind', meanForce: 8, hours: 24 })).toBe('blue');
    expect(level({ hazard: 'wind', gustForce: 11, hours: 6 })).toBe('orange');
    expect(level({ hazard: 'wind', meanForce: 12, hours: 6 })).toBe('red');
    expect(assessWeatherSignal({ hazard: 'wind', gustForce: 13, hours: 3 }).signal).toBe('大风红色预警信号');
  });

  it('§3 高温 has no blue: 黄 3 days ≥35 ℃, 橙 ≥37 ℃ within 24 h, 红 ≥40 ℃ within 24 h', () => {
    expect(level({ hazard: 'heat', maxTempC: 35, consecutiveDays: 3 })).toBe('yellow');
    expect(level({ hazard: 'heat', maxTempC: 35, consecutiveDays: 2 })).toBeNull();
    expect(level({ hazard: 'heat', maxTempC: 34.9, consecutiveDays: 5 })).toBeNull();
    expect(level({ hazard: 'heat', maxTempC: 36, hours: 24 })).toBeNull(); // one hot day is not 3
    expect(level({ hazard: 'heat', maxTempC: 37, hours: 24 })).toBe('orange');
    expect(level({ hazard: 'heat', maxTempC: 37, hours: 48 })).toBeNull();
    expect(level({ hazard: 'heat', maxTempC: 38, consecutiveDays: 3 })).toBe('orange');
    expect(assessWeatherSignal({ hazard: 'heat', maxTempC: 40, hours: 12 })).toEqual({
      level: 'red',
      signal: '高温红色预警信号',
    });
    expect(level({ hazard: 'heat', maxTempC: 39.9, hours: 24, consecutiveDays: 3 })).toBe('orange');
  });

  it('§3 大雾 has no blue: 黄 <500 m in 12 h, 橙 <200 m in 6 h, 红 <50 m in 2 h (strict)', () => {
    expect(level({ hazard: 'fog', visibilityM: 500, hours: 12 })).toBeNull();
    expect(level({ hazard: 'fog', visibilityM: 499, hours: 12 })).toBe('yellow');
    expect(level({ hazard: 'fog', visibilityM: 200, hours: 6 })).toBe('yellow');
    expect(level({ hazard: 'fog', visibilityM: 199, hours: 6 })).toBe('orange');
    expect(level({ hazard: 'fog', visibilityM: 49, hours: 6 })).toBe('orange');
    expect(level({ hazard: 'fog', visibilityM: 49, hours: 2 })).toBe('red');
    expect(assessWeatherSignal({ hazard: 'fog', visibilityM: 30, hours: 0 }).signal).toBe('大雾红色预警信号');
  });

  it('§3 沙尘暴 has no blue: 黄 <1000 m in 12 h, 橙 <500 m in 6 h, 红 <50 m in 6 h', () => {
    expect(level({ hazard: 'dust', visibilityM: 1000, hours: 12 })).toBeNull();
    expect(level({ hazard: 'dust', visibilityM: 999, hours: 12 })).toBe('yellow');
    expect(level({ hazard: 'dust', visibilityM: 499, hours: 6 })).toBe('orange');
    expect(level({ hazard: 'dust', visibilityM: 50, hours: 6 })).toBe('orange');
    expect(assessWeatherSignal({ hazard: 'dust', visibilityM: 49, hours: 6 }).signal).toBe(
      '沙尘暴红色预警信号',
    );
  });

  it('§3 霜冻 has no red: 蓝 ground <0 ℃ in 48 h, 黄 <−3 ℃ in 24 h, 橙 <−5 ℃ in 24 h (strict)', () => {
    expect(level({ hazard: 'frost', groundMinTempC: 0, hours: 48 })).toBeNull();
    expect(level({ hazard: 'frost', groundMinTempC: -0.1, hours: 48 })).toBe('blue');
    expect(level({ hazard: 'frost', groundMinTempC: -3, hours: 24 })).toBe('blue');
    expect(level({ hazard: 'frost', groundMinTempC: -3.1, hours: 24 })).toBe('yellow');
    expect(level({ hazard: 'frost', groundMinTempC: -5, hours: 24 })).toBe('yellow');
    expect(assessWeatherSignal({ hazard: 'frost', groundMinTempC: -10, hours: 12 })).toEqual({
      level: 'orange',
      signal: '霜冻橙色预警信号',
    });
    expect(level({ hazard: 'frost', groundMinTempC: -10, hours: 30 })).toBe('blue');
  });

  it('colours per hazard follow the 2007 guide', () => {
    const levels = Object.fromEntries(
      WEATHER_HAZARDS.map((h) => [h, Object.keys(DEFAULT_WEATHER_SIGNAL_CONFIG[h]).sort()]),
    );
    expect(levels).toEqual({
      rainstorm: ['blue', 'orange', 'red', 'yellow'],
      snowstorm: ['blue', 'orange', 'red', 'yellow'],
      coldwave: ['blue', 'orange', 'red', 'yellow'],
      wind: ['blue', 'orange', 'red', 'yellow'],
      heat: ['orange', 'red', 'yellow'],
      fog: ['orange', 'red', 'yellow'],
      dust: ['orange', 'red', 'yellow'],
      frost: ['blue', 'orange', 'yellow'],
    });
  });

  it('thresholds are configuration (the 甘肃省 standard is UNCONFIRMED): a lower provincial rain table applies', () => {
    const provincial: WeatherSignalConfig = {
      ...DEFAULT_WEATHER_SIGNAL_CONFIG,
      rainstorm: { ...DEFAULT_WEATHER_SIGNAL_CONFIG.rainstorm, blue: { minMm: 25, withinHours: 12 } },
    };
    expect(assessWeatherSignal({ hazard: 'rainstorm', rainMm: 30, hours: 12 }).level).toBeNull();
    expect(assessWeatherSignal({ hazard: 'rainstorm', rainMm: 30, hours: 12 }, provincial).level).toBe(
      'blue',
    );
  });

  it('bad input lists every problem: per-hazard fields, the either-or fields, unknown fields', () => {
    const paths = (raw: unknown) => {
      try {
        runCalculator('weather-signal', raw);
        return expect.unreachable();
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return (err as AppError).details?.map((d) => d.path).sort();
      }
    };
    expect(paths({ hazard: 'rainstorm', rainMm: -1, extra: 1 })).toEqual(['(input)', 'hours', 'rainMm']);
    expect(paths({ hazard: 'wind', meanForce: 18, hours: -1 })).toEqual(['hours', 'meanForce']);
    expect(paths({ hazard: 'wind', hours: 6 })).toEqual(['meanForce']);
    expect(paths({ hazard: 'wind', hours: 'six' })).toEqual(['hours', 'meanForce']);
    expect(paths({ hazard: 'heat', maxTempC: 38 })).toEqual(['hours']);
    expect(paths({ hazard: 'heat', maxTempC: 'hot', consecutiveDays: 2.5 })).toEqual([
      'consecutiveDays',
      'maxTempC',
    ]);
    expect(paths({ hazard: 'coldwave', dropC: -3, hours: 24 })).toEqual(['dropC', 'minTempC', 'windForce']);
    expect(paths({ hazard: 'hail', sizeMm: 20 })).toEqual(['hazard']);
    expect(runCalculator('weather-signal', { hazard: 'rainstorm', rainMm: 55, hours: 6 })).toEqual({
      level: 'yellow',
      signal: '暴雨黄色预警信号',
    });
  });
});
