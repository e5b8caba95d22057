/**
 * Meteorological warning signals, 《气象灾害预警信号及防御指南》(中国气象局 2007), STANDARDS.md §3 (CONFIRMED for
 * the national guide): which signal the observed or forecast conditions call for.
 *
 * Not every hazard has every colour: 暴雨, 暴雪, 寒潮, 大风 have 蓝/黄/橙/红; 高温, 大雾, 沙尘暴 have 黄/橙/红;
 * 霜冻 has 蓝/黄/橙. The result is the highest level whose criteria are all met, or null.
 *
 * Reading of the criteria (ours, documented here):
 * - `hours` is the period the amount or condition refers to (forecast "N 小时内" or already observed; 0 = now).
 *   A level with an N-hour window is met only when `hours` ≤ N: 60 mm in 24 h does not say that 50 mm fell
 *   within 12 h, so it calls for no 暴雨 signal.
 * - "以上" / "≥" include the threshold; "小于" / "<" (visibility, 霜冻 ground temperature) exclude it;
 *   寒潮 "最低气温小于等于 4℃" includes it.
 * - 大风: mean force or gust force — either reaching the level's value is enough; at least one must be given.
 * - 高温: 黄 needs `consecutiveDays` ≥ 3 with daily Tmax ≥ 35 ℃ (`maxTempC` is the lowest of those days'
 *   maxima); 橙/红 need Tmax ≥ 37/40 ℃ within 24 h — `hours` ≤ 24, or `consecutiveDays` ≥ 1 (a day's maximum
 *   falls within that day).
 *
 * The thresholds are configuration (`WeatherSignalConfig`, default the national 2007 guide): provinces may
 * issue their own standard, and the 甘肃省 version has not been checked (STANDARDS.md §3, UNCONFIRMED).
 */
import { z } from 'zod';
import { EVERY_PROBLEM } from './checks.ts';

export const WEATHER_HAZARDS = [
  'rainstorm',
  'snowstorm',
  'coldwave',
  'wind',
  'heat',
  'fog',
  'dust',
  'frost',
] as const;
export type WeatherHazard = (typeof WEATHER_HAZARDS)[number];
export const WEATHER_HAZARD_NAMES: Record<WeatherHazard, string> = {
  rainstorm: '暴雨',
  snowstorm: '暴雪',
  coldwave: '寒潮',
  wind: '大风',
  heat: '高温',
  fog: '大雾',
  dust: '沙尘暴',
  frost: '霜冻',
};

/** Ascending severity (四级 蓝 … 一级 红, 《突发事件应对法》). */
export const SIGNAL_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type SignalLevel = (typeof SIGNAL_LEVELS)[number];
export const SIGNAL_LEVEL_NAMES: Record<SignalLevel, string> = {
  blue: '蓝色',
  yellow: '黄色',
  orange: '橙色',
  red: '红色',
};

/** An amount (mm) reached within a window: ≥ minMm in ≤ withinHours. */
export interface AmountRule {
  minMm: number;
  withinHours: number;
}
export interface ColdWaveRule {
  minDropC: number;
  maxMinTempC: number;
  minWindForce: number;
  withinHours: number;
}
export interface WindRule {
  minMeanForce: number;
  minGustForce: number;
  withinHours: number;
}
/** 高温: Tmax ≥ minMaxTempC, and either for minConsecutiveDays days or within withinHours. */
export type HeatRule = { minMaxTempC: number } & (
  { minConsecutiveDays: number; withinHours?: never } | { withinHours: number; minConsecutiveDays?: never }
);
/** Visibility (m) strictly below belowM within the window. */
export interface VisibilityRule {
  belowM: number;
  withinHours: number;
}
/** Ground minimum temperature (℃) strictly below belowC within the window. */
export interface FrostRule {
  belowC: number;
  withinHours: number;
}

type Rules<R> = Partial<Record<SignalLevel, R>>;
export interface WeatherSignalConfig {
  rainstorm: Rules<AmountRule>;
  snowstorm: Rules<AmountRule>;
  coldwave: Rules<ColdWaveRule>;
  wind: Rules<WindRule>;
  heat: Rules<HeatRule>;
  fog: Rules<VisibilityRule>;
  dust: Rules<VisibilityRule>;
  frost: Rules<FrostRule>;
}

/** The national guide (中国气象局 2007), STANDARDS.md §3. */
export const DEFAULT_WEATHER_SIGNAL_CONFIG: WeatherSignalConfig = {
  rainstorm: {
    blue: { minMm: 50, withinHours: 12 },
    yellow: { minMm: 50, withinHours: 6 },
    orange: { minMm: 50, withinHours: 3 },
    red: { minMm: 100, withinHours: 3 },
  },
  snowstorm: {
    blue: { minMm: 4, withinHours: 12 },
    yellow: { minMm: 6, withinHours: 12 },
    orange: { minMm: 10, withinHours: 6 },
    red: { minMm: 15, withinHours: 6 },
  },
  coldwave: {
    blue: { minDropC: 8, maxMinTempC: 4, minWindForce: 5, withinHours: 48 },
    yellow: { minDropC: 10, maxMinTempC: 4, minWindForce: 6, withinHours: 24 },
    orange: { minDropC: 12, maxMinTempC: 0, minWindForce: 6, withinHours: 24 },
    red: { minDropC: 16, maxMinTempC: 0, minWindForce: 6, withinHours: 24 },
  },
  wind: {
    blue: { minMeanForce: 6, minGustForce: 7, withinHours: 24 },
    yellow: { minMeanForce: 8, minGustForce: 9, withinHours: 12 },
    orange: { minMeanForce: 10, minGustForce: 11, withinHours: 6 },
    red: { minMeanForce: 12, minGustForce: 13, withinHours: 6 },
  },
  heat: {
    yellow: { minMaxTempC: 35, minConsecutiveDays: 3 },
    orange: { minMaxTempC: 37, withinHours: 24 },
    red: { minMaxTempC: 40, withinHours: 24 },
  },
  fog: {
    yellow: { belowM: 500, withinHours: 12 },
    orange: { belowM: 200, withinHours: 6 },
    red: { belowM: 50, withinHours: 2 },
  },
  dust: {
    yellow: { belowM: 1000, withinHours: 12 },
    orange: { belowM: 500, withinHours: 6 },
    red: { belowM: 50, withinHours: 6 },
  },
  frost: {
    blue: { belowC: 0, withinHours: 48 },
    yellow: { belowC: -3, withinHours: 24 },
    orange: { belowC: -5, withinHours: 24 },
  },
};

const num = z.number().finite();
const nonNegative = num.min(0, '不能为负数');
const hours = nonNegative; // h: the period the value refers to; 0 = already observed now
const force = num.min(0, '风力等级为 0–17 级').max(17, '风力等级为 0–17 级'); // Beaufort 级 (China: up to 17)

const RainstormInput = z.object({ hazard: z.literal('rainstorm'), rainMm: nonNegative, hours }).strict();
const SnowstormInput = z.object({ hazard: z.literal('snowstorm'), snowMm: nonNegative, hours }).strict();
const ColdWaveInput = z
  .object({ hazard: z.literal('coldwave'), dropC: nonNegative, hours, minTempC: num, windForce: force })
  .strict();
const WindInput = z
  .object({ hazard: z.literal('wind'), meanForce: force.optional(), gustForce: force.optional(), hours })
  .strict()
  .superRefine((v, ctx) => {
    if (v.meanForce === undefined && v.gustForce === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['meanForce'],
        message: '平均风力 meanForce 与阵风 gustForce 至少填一项',
      });
  }, EVERY_PROBLEM);
const HeatInput = z
  .object({
    hazard: z.literal('heat'),
    maxTempC: num,
    hours: hours.optional(),
    consecutiveDays: z.number().int('须为整数').min(1, '至少 1 天').optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.hours === undefined && v.consecutiveDays === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['hours'],
        message: '时段 hours 与连续天数 consecutiveDays 至少填一项',
      });
  }, EVERY_PROBLEM);
const FogInput = z.object({ hazard: z.literal('fog'), visibilityM: nonNegative, hours }).strict();
const DustInput = z.object({ hazard: z.literal('dust'), visibilityM: nonNegative, hours }).strict();
const FrostInput = z.object({ hazard: z.literal('frost'), groundMinTempC: num, hours }).strict();

export const WeatherSignalInput = z.discriminatedUnion('hazard', [
  RainstormInput,
  SnowstormInput,
  ColdWaveInput,
  WindInput,
  HeatInput,
  FogInput,
  DustInput,
  FrostInput,
]);
export type WeatherSignalInput = z.infer<typeof WeatherSignalInput>;

export interface WeatherSignalResult {
  level: SignalLevel | null;
  signal: string | null;
}

/** The signal's name as issued, e.g. 暴雨黄色预警信号. */
export function weatherSignalName(hazard: WeatherHazard, level: SignalLevel): string {
  return `${WEATHER_HAZARD_NAMES[hazard]}${SIGNAL_LEVEL_NAMES[level]}预警信号`;
}

/** The highest level (red first) whose rule `meets` accepts; levels the hazard does not have are skipped. */
function highest<R>(rules: Rules<R>, meets: (rule: R) => boolean): SignalLevel | null {
  for (const level of [...SIGNAL_LEVELS].reverse()) {
    const rule = rules[level];
    if (rule !== undefined && meets(rule)) return level;
  }
  return null;
}

function signalLevel(input: WeatherSignalInput, config: WeatherSignalConfig): SignalLevel | null {
  switch (input.hazard) {
    case 'rainstorm':
      return highest(config.rainstorm, (r) => input.hours <= r.withinHours && input.rainMm >= r.minMm);
    case 'snowstorm':
      return highest(config.snowstorm, (r) => input.hours <= r.withinHours && input.snowMm >= r.minMm);
    case 'coldwave':
      return highest(
        config.coldwave,
        (r) =>
          input.hours <= r.withinHours &&
          input.dropC >= r.minDropC &&
          input.minTempC <= r.maxMinTempC &&
          input.windForce >= r.minWindForce,
      );
    case 'wind':
      return highest(
        config.wind,
        (r) =>
          input.hours <= r.withinHours &&
          ((input.meanForce ?? -1) >= r.minMeanForce || (input.gustForce ?? -1) >= r.minGustForce),
      );
    case 'heat': {
      const { maxTempC, hours: h, consecutiveDays: days } = input;
      return highest(config.heat, (r) => {
        if (maxTempC < r.minMaxTempC) return false;
        if (r.minConsecutiveDays !== undefined) return days !== undefined && days >= r.minConsecutiveDays;
        return (h !== undefined && h <= r.withinHours) || (days !== undefined && days >= 1);
      });
    }
    case 'fog':
      return highest(config.fog, (r) => input.hours <= r.withinHours && input.visibilityM < r.belowM);
    case 'dust':
      return highest(config.dust, (r) => input.hours <= r.withinHours && input.visibilityM < r.belowM);
    case 'frost':
      return highest(config.frost, (r) => input.hours <= r.withinHours && input.groundMinTempC < r.belowC);
  }
}

export function assessWeatherSignal(
  input: WeatherSignalInput,
  config: WeatherSignalConfig = DEFAULT_WEATHER_SIGNAL_CONFIG,
): WeatherSignalResult {
  const level = signalLevel(input, config);
  return { level, signal: level === null ? null : weatherSignalName(input.hazard, level) };
}
