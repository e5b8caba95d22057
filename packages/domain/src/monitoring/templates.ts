/**
 * Hazard models on the rule engine (issue #4 part 5): templates are functions from a station's
 * parameters to rule JSON, with defaults from STANDARDS.md where a published number exists and explicit
 * configuration where none does. The rule they return is ordinary data: stored, versioned and edited per
 * station like any other rule.
 *
 * Every template takes: `id`, `subject`, optional `version` (default 1) and `name`; `noData` (required:
 * the timeout depends on the device's reporting interval, so the installer states it — `null` for none);
 * optional `deadband` (clear threshold = raise threshold ∓ deadband, in the signal's unit; default 0, as
 * no standard gives one) and `persistence` (raiseAfter / clearAfter applied to every level).
 */
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors.ts';
import {
  ALARM_LEVEL_RANK,
  ALARM_LEVELS,
  NoDataPolicy,
  parseAlarmRule,
  Persistence,
  type AlarmLevel,
  type AlarmRule,
  type RuleCondition,
  type RuleInput,
  type RuleLevel,
  type RuleSignal,
} from './rule.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const Stream = z.strictObject({ device: z.string().min(1), metric: z.string().min(1) });
const Level = z.enum(ALARM_LEVELS);
const Positive = z.number().positive();

const base = {
  id: z.string().min(1).max(100),
  version: z.number().int().positive().optional(),
  subject: z.string().min(1).max(200),
  name: z.string().min(1).max(200).optional(),
  noData: NoDataPolicy.nullable(),
  deadband: z.number().nonnegative().optional(),
  persistence: z
    .strictObject({ raiseAfter: Persistence.optional(), clearAfter: Persistence.optional() })
    .optional(),
};

type BaseParams = {
  id: string;
  version?: number | undefined;
  subject: string;
  name?: string | undefined;
  noData: z.infer<typeof NoDataPolicy> | null;
  deadband?: number | undefined;
  persistence?: { raiseAfter?: Persistence | undefined; clearAfter?: Persistence | undefined } | undefined;
};

function parseParams<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const details: ErrorDetail[] = parsed.error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(params)',
    message: i.message,
  }));
  throw new AppError('validation_failed', `${what}的参数有误`, { details });
}

/** A threshold ± deadband without binary noise (5.4 − 0.05 is 5.35, not 5.3500000000000005). */
const offset = (value: number, by: number) => Math.round((value + by) * 1e9) / 1e9;
const upward = (signal: string, raise: number, deadband = 0): RuleCondition =>
  deadband > 0 ? { op: '>=', signal, raise, clear: offset(raise, -deadband) } : { op: '>=', signal, raise };
const downward = (signal: string, raise: number, deadband = 0): RuleCondition =>
  deadband > 0 ? { op: '<=', signal, raise, clear: offset(raise, deadband) } : { op: '<=', signal, raise };
const anyOf = (conditions: RuleCondition[]): RuleCondition =>
  conditions.length === 1 ? conditions[0]! : { op: 'any', of: conditions };

function level(p: BaseParams, when: RuleCondition): RuleLevel {
  return {
    when,
    ...(p.persistence?.raiseAfter && { raiseAfter: p.persistence.raiseAfter }),
    ...(p.persistence?.clearAfter && { clearAfter: p.persistence.clearAfter }),
  };
}

function assemble(
  p: BaseParams,
  template: string,
  defaultName: string,
  inputs: Record<string, RuleInput>,
  signals: Record<string, RuleSignal>,
  levels: Partial<Record<AlarmLevel, RuleLevel>>,
): AlarmRule {
  return parseAlarmRule({
    id: p.id,
    version: p.version ?? 1,
    name: p.name ?? defaultName,
    subject: p.subject,
    template,
    inputs,
    signals,
    ...(p.noData !== null && { noData: p.noData }),
    levels,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Rainfall accumulations
// ---------------------------------------------------------------------------------------------------------

/** Accumulation windows shown with every rainfall alarm: 1/3/6/12/24 h (STANDARDS.md §3 and §8). */
export const RAIN_WINDOWS = ['1h', '3h', '6h', '12h', '24h'] as const;
export type RainWindow = (typeof RAIN_WINDOWS)[number];
const RAIN_WINDOW_HOURS: Record<RainWindow, number> = { '1h': 1, '3h': 3, '6h': 6, '12h': 12, '24h': 24 };

/** Rolling sums of one gauge's per-report amounts (mm), named `<prefix><window>` (rain1h …). */
function rainSignals(input: string, prefix: string): Record<string, RuleSignal> {
  return Object.fromEntries(
    RAIN_WINDOWS.map((w) => [`${prefix}${w}`, { fn: 'sum', input, windowMs: RAIN_WINDOW_HOURS[w] * HOUR }]),
  );
}

/**
 * 暴雨预警信号 thresholds, STANDARDS.md §3 (《气象灾害预警信号及防御指南》, 中国气象局 2007; CONFIRMED):
 * 蓝 ≥ 50 mm in 12 h, 黄 ≥ 50 mm in 6 h, 橙 ≥ 50 mm in 3 h, 红 ≥ 100 mm in 3 h. The national signal is
 * issued on forecasts "或已达…且可能持续"; a gauge rule sees the "已达" part. The 甘肃省 variant is
 * UNCONFIRMED (§3 Gansu caveat), so every level is overridable per station.
 */
export const RAINSTORM_SIGNAL_THRESHOLDS: Record<AlarmLevel, { window: RainWindow; mm: number }> = {
  blue: { window: '12h', mm: 50 },
  yellow: { window: '6h', mm: 50 },
  orange: { window: '3h', mm: 50 },
  red: { window: '3h', mm: 100 },
};

const RainThreshold = z.strictObject({ window: z.enum(RAIN_WINDOWS), mm: Positive });

export const RainstormSignalParams = z.strictObject({
  ...base,
  /** A rain gauge reporting the rainfall of each interval (mm). */
  gauge: Stream,
  /** Per-level overrides of RAINSTORM_SIGNAL_THRESHOLDS; null drops a level. */
  thresholds: z
    .strictObject({
      blue: RainThreshold.nullable().optional(),
      yellow: RainThreshold.nullable().optional(),
      orange: RainThreshold.nullable().optional(),
      red: RainThreshold.nullable().optional(),
    })
    .optional(),
});
export type RainstormSignalParams = z.input<typeof RainstormSignalParams>;

/** 暴雨 signal levels from one gauge's 3/6/12 h accumulations (all of 1–24 h reported with each alarm). */
export function rainstormSignalRule(params: RainstormSignalParams): AlarmRule {
  const p = parseParams(RainstormSignalParams, params, '暴雨预警信号模板');
  const levels: Partial<Record<AlarmLevel, RuleLevel>> = {};
  for (const l of ALARM_LEVELS) {
    const override = p.thresholds?.[l];
    const t = override === undefined ? RAINSTORM_SIGNAL_THRESHOLDS[l] : override;
    if (t !== null) levels[l] = level(p, upward(`rain${t.window}`, t.mm, p.deadband));
  }
  return assemble(
    p,
    'rainstorm-signal',
    `${p.subject} 暴雨预警`,
    { rain: { device: p.gauge.device, metric: p.gauge.metric, unit: 'mm' } },
    rainSignals('rain', 'rain'),
    levels,
  );
}

/**
 * 山洪 critical rainfall (临界雨量, STANDARDS.md §8, concept CONFIRMED): the minimum rainfall over 1/3/6/24 h
 * on a small catchment that can trigger a flash flood, set per village or catchment — there is no national
 * table, so the village's table is required. A level is met when any gauge reaches any of its durations'
 * thresholds. (The 湖南江华县 table quoted in §8 is a format example only.)
 */
const CriticalRainfall = z
  .strictObject({
    '1h': Positive.optional(),
    '3h': Positive.optional(),
    '6h': Positive.optional(),
    '12h': Positive.optional(),
    '24h': Positive.optional(),
  })
  .refine((t) => Object.keys(t).length > 0, { message: '至少给出一个时段的临界雨量' });

export const FlashFloodParams = z
  .strictObject({
    ...base,
    /** The rain gauges of the village's catchment (per-interval amounts, mm). */
    gauges: z.array(Stream).min(1).max(20),
    /** The village's critical rainfall table (mm) per level. */
    criticalRainfall: z.strictObject({
      blue: CriticalRainfall.optional(),
      yellow: CriticalRainfall.optional(),
      orange: CriticalRainfall.optional(),
      red: CriticalRainfall.optional(),
    }),
  })
  .refine((p) => Object.keys(p.criticalRainfall).length > 0, {
    path: ['criticalRainfall'],
    message: '至少给出一个级别的临界雨量',
  });
export type FlashFloodParams = z.input<typeof FlashFloodParams>;

export function flashFloodRule(params: FlashFloodParams): AlarmRule {
  const p = parseParams(FlashFloodParams, params, '山洪临界雨量模板');
  const inputs: Record<string, RuleInput> = {};
  const signals: Record<string, RuleSignal> = {};
  p.gauges.forEach((g, i) => {
    inputs[`gauge${i + 1}`] = { device: g.device, metric: g.metric, unit: 'mm' };
    Object.assign(signals, rainSignals(`gauge${i + 1}`, `g${i + 1}_rain`));
  });
  const levels: Partial<Record<AlarmLevel, RuleLevel>> = {};
  for (const l of ALARM_LEVELS) {
    const table = p.criticalRainfall[l];
    if (table === undefined) continue;
    const conditions: RuleCondition[] = [];
    p.gauges.forEach((_, i) => {
      for (const w of RAIN_WINDOWS) {
        const mm = table[w];
        if (mm !== undefined) conditions.push(upward(`g${i + 1}_rain${w}`, mm, p.deadband));
      }
    });
    levels[l] = level(p, anyOf(conditions));
  }
  return assemble(p, 'flash-flood', `${p.subject} 山洪临界雨量预警`, inputs, signals, levels);
}

// ---------------------------------------------------------------------------------------------------------
// Water level
// ---------------------------------------------------------------------------------------------------------

/**
 * Water level against the gauge's 警戒水位 and 保证水位 (STANDARDS.md §8: set per gauge by the water
 * authority — local data, not a standard; the definitions are UNCONFIRMED), optionally with the rise
 * rate. Which level each stage raises is a convention, not a national rule (UNCONFIRMED): by default
 * reaching 警戒水位 raises 黄 and reaching 保证水位 raises 红, configurable per gauge.
 */
export const DEFAULT_STAGE_LEVELS: { warning: AlarmLevel; guarantee: AlarmLevel } = {
  warning: 'yellow',
  guarantee: 'red',
};

export const WaterLevelParams = z
  .strictObject({
    ...base,
    /** A stage gauge reporting the water level (m). */
    gauge: Stream,
    /** 警戒水位 (m). */
    warningStage: z.number(),
    /** 保证水位 (m). */
    guaranteeStage: z.number(),
    stageLevels: z.strictObject({ warning: Level, guarantee: Level }).optional(),
    /** Rise-rate thresholds (m per hour) per level, over a window (default 1 h); no national values. */
    rise: z
      .strictObject({
        windowMs: z.number().int().positive().optional(),
        mPerHour: z.strictObject({
          blue: Positive.optional(),
          yellow: Positive.optional(),
          orange: Positive.optional(),
          red: Positive.optional(),
        }),
        deadband: z.number().nonnegative().optional(),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if (p.guaranteeStage <= p.warningStage)
      ctx.addIssue({ code: 'custom', path: ['guaranteeStage'], message: '保证水位须高于警戒水位' });
    const lv = p.stageLevels ?? DEFAULT_STAGE_LEVELS;
    if (ALARM_LEVEL_RANK[lv.guarantee] <= ALARM_LEVEL_RANK[lv.warning])
      ctx.addIssue({
        code: 'custom',
        path: ['stageLevels', 'guarantee'],
        message: '保证水位的预警级别须高于警戒水位的',
      });
  });
export type WaterLevelParams = z.input<typeof WaterLevelParams>;

export function waterLevelRule(params: WaterLevelParams): AlarmRule {
  const p = parseParams(WaterLevelParams, params, '水位预警模板');
  const lv = p.stageLevels ?? DEFAULT_STAGE_LEVELS;
  const signals: Record<string, RuleSignal> = { stage: { fn: 'last', input: 'stage' } };
  if (p.rise !== undefined)
    signals.rise = { fn: 'rate', input: 'stage', windowMs: p.rise.windowMs ?? HOUR, perMs: HOUR };
  const levels: Partial<Record<AlarmLevel, RuleLevel>> = {};
  for (const l of ALARM_LEVELS) {
    const conditions: RuleCondition[] = [];
    if (l === lv.warning) conditions.push(upward('stage', p.warningStage, p.deadband));
    if (l === lv.guarantee) conditions.push(upward('stage', p.guaranteeStage, p.deadband));
    const rate = p.rise?.mPerHour[l];
    if (rate !== undefined) conditions.push(upward('rise', rate, p.rise?.deadband));
    if (conditions.length > 0) levels[l] = level(p, anyOf(conditions));
  }
  return assemble(
    p,
    'water-level',
    `${p.subject} 水位预警`,
    { stage: { device: p.gauge.device, metric: p.gauge.metric, unit: 'm' } },
    signals,
    levels,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Landslide displacement rate
// ---------------------------------------------------------------------------------------------------------

/**
 * Landslide displacement rate (STANDARDS.md §6.3): no national numeric rate threshold exists — each slope's
 * thresholds come from its own constant-velocity stage — so the rates (mm/d) are required. Levels follow
 * the 地质灾害 warning levels of §6.2 (四级/蓝 … 一级/红). The rate is taken over a window (default 24 h)
 * of a cumulative displacement series (mm).
 */
export const LandslideParams = z.strictObject({
  ...base,
  /** A displacement sensor reporting cumulative displacement (mm). */
  sensor: Stream,
  ratesMmPerDay: z
    .strictObject({
      blue: Positive.optional(),
      yellow: Positive.optional(),
      orange: Positive.optional(),
      red: Positive.optional(),
    })
    .refine((r) => Object.keys(r).length > 0, { message: '至少给出一个级别的位移速率阈值' }),
  windowMs: z.number().int().positive().optional(),
});
export type LandslideParams = z.input<typeof LandslideParams>;

export function landslideRule(params: LandslideParams): AlarmRule {
  const p = parseParams(LandslideParams, params, '滑坡位移速率模板');
  const levels: Partial<Record<AlarmLevel, RuleLevel>> = {};
  for (const l of ALARM_LEVELS) {
    const rate = p.ratesMmPerDay[l];
    if (rate !== undefined) levels[l] = level(p, upward('rate', rate, p.deadband));
  }
  return assemble(
    p,
    'landslide-rate',
    `${p.subject} 滑坡位移速率预警`,
    { displacement: { device: p.sensor.device, metric: p.sensor.metric, unit: 'mm' } },
    {
      displacement: { fn: 'last', input: 'displacement' },
      rate: { fn: 'rate', input: 'displacement', windowMs: p.windowMs ?? DAY, perMs: DAY },
    },
    levels,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Gas detectors
// ---------------------------------------------------------------------------------------------------------

/**
 * Alarm set points of GB/T 50493-2019《石油化工可燃气体和有毒气体检测报警设计标准》§5.5 (测量范围及报警值
 * 设定): combustible gas 一级报警 ≤ 25 %LEL, 二级报警 ≤ 50 %LEL; toxic gas 一级 ≤ 100 %OEL, 二级 ≤ 200 %OEL.
 * Not in STANDARDS.md (read in secondary transcriptions only), so they are configuration: these are the
 * defaults and the ceilings a configured set point may not exceed. The standard's 一级/二级报警 are
 * the lower and the higher alarm (the reverse of 预警 numbering); mapping them to colours is a
 * convention (UNCONFIRMED): by default 一级报警 → 橙, 二级报警 → 红.
 */
export const GAS_ALARM_LIMITS = {
  combustible: { firstPercentLel: 25, secondPercentLel: 50 },
  toxic: { firstPercentOel: 100, secondPercentOel: 200 },
} as const;
export const DEFAULT_GAS_ALARM_LEVELS: { first: AlarmLevel; second: AlarmLevel } = {
  first: 'orange',
  second: 'red',
};

const gasBase = {
  ...base,
  detector: Stream,
  alarmLevels: z.strictObject({ first: Level, second: Level }).optional(),
};

export const GasDetectorParams = z
  .discriminatedUnion('gas', [
    z.strictObject({
      ...gasBase,
      gas: z.literal('combustible'),
      /** Set points in %LEL (the detector reports %LEL). */
      firstAlarm: Positive.max(GAS_ALARM_LIMITS.combustible.firstPercentLel).optional(),
      secondAlarm: Positive.max(GAS_ALARM_LIMITS.combustible.secondPercentLel).optional(),
    }),
    z.strictObject({
      ...gasBase,
      gas: z.literal('toxic'),
      /** The substance's occupational exposure limit (OEL, GBZ 2.1), in the unit the detector reports. */
      oel: Positive,
      /** That unit (mg/m³, ppm…), for display. */
      unit: z.string().min(1).optional(),
      /** Set points in % of the OEL. */
      firstAlarm: Positive.max(GAS_ALARM_LIMITS.toxic.firstPercentOel).optional(),
      secondAlarm: Positive.max(GAS_ALARM_LIMITS.toxic.secondPercentOel).optional(),
    }),
  ])
  .superRefine((p, ctx) => {
    const lv = p.alarmLevels ?? DEFAULT_GAS_ALARM_LEVELS;
    if (ALARM_LEVEL_RANK[lv.second] <= ALARM_LEVEL_RANK[lv.first])
      ctx.addIssue({
        code: 'custom',
        path: ['alarmLevels', 'second'],
        message: '二级报警的预警级别须高于一级报警的',
      });
    const limits =
      p.gas === 'combustible'
        ? [GAS_ALARM_LIMITS.combustible.firstPercentLel, GAS_ALARM_LIMITS.combustible.secondPercentLel]
        : [GAS_ALARM_LIMITS.toxic.firstPercentOel, GAS_ALARM_LIMITS.toxic.secondPercentOel];
    if ((p.firstAlarm ?? limits[0]!) >= (p.secondAlarm ?? limits[1]!))
      ctx.addIssue({ code: 'custom', path: ['secondAlarm'], message: '二级报警设定值须高于一级报警设定值' });
  });
export type GasDetectorParams = z.input<typeof GasDetectorParams>;

export function gasDetectorRule(params: GasDetectorParams): AlarmRule {
  const p = parseParams(GasDetectorParams, params, '气体检测报警模板');
  const lv = p.alarmLevels ?? DEFAULT_GAS_ALARM_LEVELS;
  let first: number;
  let second: number;
  let unit: string | undefined;
  if (p.gas === 'combustible') {
    first = p.firstAlarm ?? GAS_ALARM_LIMITS.combustible.firstPercentLel;
    second = p.secondAlarm ?? GAS_ALARM_LIMITS.combustible.secondPercentLel;
    unit = '%LEL';
  } else {
    // Set points in the detector's unit: percent of the OEL times the OEL.
    first = ((p.firstAlarm ?? GAS_ALARM_LIMITS.toxic.firstPercentOel) / 100) * p.oel;
    second = ((p.secondAlarm ?? GAS_ALARM_LIMITS.toxic.secondPercentOel) / 100) * p.oel;
    unit = p.unit;
  }
  return assemble(
    p,
    p.gas === 'combustible' ? 'combustible-gas' : 'toxic-gas',
    `${p.subject} ${p.gas === 'combustible' ? '可燃' : '有毒'}气体报警`,
    { gas: { device: p.detector.device, metric: p.detector.metric, ...(unit !== undefined && { unit }) } },
    { concentration: { fn: 'last', input: 'gas' } },
    {
      [lv.first]: level(p, upward('concentration', first, p.deadband)),
      [lv.second]: level(p, upward('concentration', second, p.deadband)),
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Storage tanks
// ---------------------------------------------------------------------------------------------------------

/**
 * Storage tank level, pressure and temperature against the tank's own alarm limits (高/高高, 低/低低 from
 * its design and operating procedure). STANDARDS.md has no numbers for these: every limit is per tank.
 * By default a 高/低 limit raises 橙 and a 高高/低低 limit raises 红 (convention, configurable).
 */
export const DEFAULT_TANK_ALARM_LEVELS: { limit: AlarmLevel; critical: AlarmLevel } = {
  limit: 'orange',
  critical: 'red',
};

const TankQuantity = z
  .strictObject({
    sensor: Stream,
    high: z.number().optional(),
    highHigh: z.number().optional(),
    low: z.number().optional(),
    lowLow: z.number().optional(),
    deadband: z.number().nonnegative().optional(),
  })
  .superRefine((q, ctx) => {
    if (q.high === undefined && q.highHigh === undefined && q.low === undefined && q.lowLow === undefined)
      ctx.addIssue({ code: 'custom', message: '至少给出一个报警限值' });
    if (q.high !== undefined && q.highHigh !== undefined && q.highHigh <= q.high)
      ctx.addIssue({ code: 'custom', path: ['highHigh'], message: '高高限须高于高限' });
    if (q.low !== undefined && q.lowLow !== undefined && q.lowLow >= q.low)
      ctx.addIssue({ code: 'custom', path: ['lowLow'], message: '低低限须低于低限' });
  });

export const TankParams = z
  .strictObject({
    ...base,
    level: TankQuantity.optional(),
    pressure: TankQuantity.optional(),
    temperature: TankQuantity.optional(),
    alarmLevels: z.strictObject({ limit: Level, critical: Level }).optional(),
  })
  .superRefine((p, ctx) => {
    if (p.level === undefined && p.pressure === undefined && p.temperature === undefined)
      ctx.addIssue({ code: 'custom', path: ['level'], message: '至少监测液位、压力、温度之一' });
    const lv = p.alarmLevels ?? DEFAULT_TANK_ALARM_LEVELS;
    if (ALARM_LEVEL_RANK[lv.critical] <= ALARM_LEVEL_RANK[lv.limit])
      ctx.addIssue({
        code: 'custom',
        path: ['alarmLevels', 'critical'],
        message: '高高/低低限的预警级别须高于高/低限的',
      });
  });
export type TankParams = z.input<typeof TankParams>;

const TANK_QUANTITIES = [
  { key: 'level', unit: 'm' },
  { key: 'pressure', unit: 'MPa' },
  { key: 'temperature', unit: '℃' },
] as const;

export function tankRule(params: TankParams): AlarmRule {
  const p = parseParams(TankParams, params, '储罐监测模板');
  const lv = p.alarmLevels ?? DEFAULT_TANK_ALARM_LEVELS;
  const inputs: Record<string, RuleInput> = {};
  const signals: Record<string, RuleSignal> = {};
  const limit: RuleCondition[] = [];
  const critical: RuleCondition[] = [];
  for (const { key, unit } of TANK_QUANTITIES) {
    const q = p[key];
    if (q === undefined) continue;
    inputs[key] = { device: q.sensor.device, metric: q.sensor.metric, unit };
    signals[key] = { fn: 'last', input: key };
    const db = q.deadband ?? p.deadband;
    if (q.high !== undefined) limit.push(upward(key, q.high, db));
    if (q.low !== undefined) limit.push(downward(key, q.low, db));
    if (q.highHigh !== undefined) critical.push(upward(key, q.highHigh, db));
    if (q.lowLow !== undefined) critical.push(downward(key, q.lowLow, db));
  }
  const levels: Partial<Record<AlarmLevel, RuleLevel>> = {};
  if (limit.length > 0) levels[lv.limit] = level(p, anyOf(limit));
  if (critical.length > 0) levels[lv.critical] = level(p, anyOf(critical));
  return assemble(p, 'tank', `${p.subject} 储罐监测报警`, inputs, signals, levels);
}

// ---------------------------------------------------------------------------------------------------------
// Registry
// ---------------------------------------------------------------------------------------------------------

interface RuleTemplate {
  summary: string;
  params: z.ZodType;
  build: (params: never) => AlarmRule;
}

/** Every template by name, for the API, the CLI and the rule editor. */
export const ALARM_RULE_TEMPLATES = {
  'rainstorm-signal': {
    summary: '暴雨预警信号（《气象灾害预警信号及防御指南》：3/6/12 小时累计雨量）',
    params: RainstormSignalParams,
    build: rainstormSignalRule,
  },
  'flash-flood': {
    summary: '山洪临界雨量（按村/小流域的 1/3/6/12/24 小时临界雨量表）',
    params: FlashFloodParams,
    build: flashFloodRule,
  },
  'water-level': {
    summary: '水位：警戒水位、保证水位与涨率',
    params: WaterLevelParams,
    build: waterLevelRule,
  },
  'landslide-rate': {
    summary: '滑坡位移速率（按坡体配置 mm/d 阈值）',
    params: LandslideParams,
    build: landslideRule,
  },
  'gas-detector': {
    summary: '可燃/有毒气体报警（GB/T 50493-2019：25 %/50 %LEL，100 %/200 %OEL）',
    params: GasDetectorParams,
    build: gasDetectorRule,
  },
  tank: { summary: '储罐液位、压力、温度（高/高高、低/低低限）', params: TankParams, build: tankRule },
} as const satisfies Record<string, RuleTemplate>;

export type AlarmRuleTemplateName = keyof typeof ALARM_RULE_TEMPLATES;

/**
 * Builds a rule from a template's parameters (validated, every problem listed).
 * @throws AppError not_found (no such template) | validation_failed
 */
export function buildRuleFromTemplate(name: string, params: unknown): AlarmRule {
  if (!Object.hasOwn(ALARM_RULE_TEMPLATES, name))
    throw new AppError('not_found', `没有名为 ${name} 的预警规则模板`);
  const template = ALARM_RULE_TEMPLATES[name as AlarmRuleTemplateName];
  return (template.build as (p: unknown) => AlarmRule)(params);
}
