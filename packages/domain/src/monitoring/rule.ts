/**
 * Alarm rules as data (issue #4 part 4): the JSON a rule is stored, versioned, edited and replayed as.
 *
 * A rule watches one subject (a rain-gauge station, a village, a gauge, a slope, a tank) through named
 * inputs (one device metric each), derives named signals from them (latest value, rolling sum, rate of
 * change) and defines up to four warning levels. Each level has one condition tree whose leaves carry a
 * raise threshold and a separate clear threshold (hysteresis), plus optional persistence for raising and
 * for clearing (held for a duration and/or over N consecutive readings). See docs/adr/0006.
 *
 * Times are epoch milliseconds (UTC); durations are milliseconds.
 */
import { z } from 'zod';
import { AppError, type ErrorDetail } from '../errors.ts';

/** Warning levels in ascending severity: 四级/蓝 … 一级/红 (突发事件应对法, STANDARDS.md §2.3). */
export const ALARM_LEVELS = ['blue', 'yellow', 'orange', 'red'] as const;
export type AlarmLevel = (typeof ALARM_LEVELS)[number];

/** 1 = 蓝 (lowest) … 4 = 红; 0 is "no alarm". */
export const ALARM_LEVEL_RANK: Record<AlarmLevel, 1 | 2 | 3 | 4> = { blue: 1, yellow: 2, orange: 3, red: 4 };

/** STANDARDS.md §2.3: 一级/红 is the highest, 四级/蓝 the lowest. */
export const ALARM_LEVEL_LABELS: Record<AlarmLevel, { color: string; grade: string }> = {
  blue: { color: '蓝色', grade: '四级' },
  yellow: { color: '黄色', grade: '三级' },
  orange: { color: '橙色', grade: '二级' },
  red: { color: '红色', grade: '一级' },
};

const NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const Name = z.string().regex(NAME_RE, '名称须以字母开头，只含字母、数字和下划线（至多 64 个字符）');
const Duration = z.number().int().nonnegative(); // ms
const PositiveDuration = z.number().int().positive(); // ms

/** The most buckets one window may span (a 14-day window at the default 1-minute buckets). */
export const MAX_WINDOW_BUCKETS = 20_160;
/** Default bucket of rolling windows: one minute. A window is a whole number of buckets. */
export const DEFAULT_BUCKET_MS = 60_000;
/**
 * Default of how far behind its input's latest reading a reading may arrive and still be counted in the
 * rolling windows: one hour (or the input's longest window when shorter). The engine remembers the
 * timestamps of that span to recognise re-sent readings, so it bounds the state's size.
 */
export const DEFAULT_LATE_MS = 3_600_000;

/**
 * What a rule does while an input sends nothing for `timeoutMs` (deadline = last reading time + timeout,
 * or the time the input was added when it has never reported):
 * - `alarm`: the alarm stands at least at `level` (default: the rule's lowest level) and the leaves on
 *   that input keep their last result, so a gauge lost during a red storm does not downgrade it;
 * - `keep`: the leaves on that input keep their last result (keep last state);
 * - `normal`: the leaves on that input count as not met, so the alarm clears through its clear rules.
 */
export const NO_DATA_HANDLINGS = ['alarm', 'keep', 'normal'] as const;
export type NoDataHandling = (typeof NO_DATA_HANDLINGS)[number];

export const NoDataPolicy = z.strictObject({
  timeoutMs: PositiveDuration,
  handling: z.enum(NO_DATA_HANDLINGS),
  level: z.enum(ALARM_LEVELS).optional(),
});
export type NoDataPolicy = z.infer<typeof NoDataPolicy>;

export const RuleInput = z.strictObject({
  device: z.string().min(1),
  metric: z.string().min(1),
  /** Display unit of the metric (mm, m, %LEL…); not used in evaluation. */
  unit: z.string().optional(),
  /** Overrides the rule's `noData`; `null` turns the watchdog off for this input. */
  noData: NoDataPolicy.nullable().optional(),
});
export type RuleInput = z.infer<typeof RuleInput>;

/**
 * Signals derived from one input:
 * - `last`: the value of the latest reading (by timestamp);
 * - `sum`: the sum of the readings of the last `windowMs` (per-interval amounts, e.g. mm of rain per
 *   report), bucket-aligned: at 10:30:20 a one-hour window with one-minute buckets covers
 *   [09:31:00, 10:31:00);
 * - `rate`: (latest − earliest value in the window) / (their time apart), expressed per `perMs`
 *   (3,600,000 = per hour, 86,400,000 = per day); unknown until the two samples are `minSpanMs` apart
 *   (default half the window).
 */
export const RuleSignal = z.discriminatedUnion('fn', [
  z.strictObject({ fn: z.literal('last'), input: Name }),
  z.strictObject({ fn: z.literal('sum'), input: Name, windowMs: PositiveDuration }),
  z
    .strictObject({
      fn: z.literal('rate'),
      input: Name,
      windowMs: PositiveDuration,
      perMs: PositiveDuration,
      minSpanMs: PositiveDuration.optional(),
    })
    .superRefine((s, ctx) => {
      if (s.minSpanMs !== undefined && s.minSpanMs > s.windowMs)
        ctx.addIssue({ code: 'custom', path: ['minSpanMs'], message: '最短跨度不能超过窗口长度' });
    }),
]);
export type RuleSignal = z.infer<typeof RuleSignal>;

export const COMPARISONS = ['>=', '>', '<=', '<'] as const;
export type Comparison = (typeof COMPARISONS)[number];

/**
 * A threshold on one signal. The level is raised when `signal op raise` holds and stays up while
 * `signal op clear` holds (clear defaults to raise). For `>=`/`>` the clear threshold may not be above the
 * raise threshold, for `<=`/`<` not below it, so whatever raises a level also holds it.
 */
export interface ThresholdCondition {
  op: Comparison;
  signal: string;
  raise: number;
  clear?: number | undefined;
}
/** `all` = AND, `any` = OR of the conditions in `of` (which may be on different devices). */
export interface GroupCondition {
  op: 'all' | 'any';
  of: RuleCondition[];
}
export type RuleCondition = ThresholdCondition | GroupCondition;

export const isGroupCondition = (c: RuleCondition): c is GroupCondition => c.op === 'all' || c.op === 'any';

const ThresholdCondition = z
  .strictObject({
    op: z.enum(COMPARISONS),
    signal: Name,
    raise: z.number(),
    clear: z.number().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.clear === undefined) return;
    const upward = c.op === '>=' || c.op === '>';
    if (upward ? c.clear > c.raise : c.clear < c.raise)
      ctx.addIssue({
        code: 'custom',
        path: ['clear'],
        message: upward ? '解除阈值不能高于触发阈值' : '解除阈值不能低于触发阈值',
      });
  });

export const RuleCondition: z.ZodType<RuleCondition> = z.lazy(() =>
  z.discriminatedUnion('op', [
    ThresholdCondition,
    z.strictObject({ op: z.enum(['all', 'any']), of: z.array(RuleCondition).min(1) }),
  ]),
);

/**
 * How long a condition must persist: held continuously for `forMs` (engine time, measured from the
 * first evaluation at which it held) and over at least `readings` consecutive readings of the rule's
 * inputs. Both when both are given; neither = at once.
 */
export const Persistence = z.strictObject({
  forMs: Duration.optional(),
  readings: z.number().int().min(1).optional(),
});
export type Persistence = z.infer<typeof Persistence>;

export const RuleLevel = z.strictObject({
  when: RuleCondition,
  raiseAfter: Persistence.optional(),
  clearAfter: Persistence.optional(),
});
export type RuleLevel = z.infer<typeof RuleLevel>;

export const AlarmRule = z.strictObject({
  /** Stable identifier; the alarm key is (id, subject). */
  id: z.string().min(1).max(100),
  /** Revision of this rule's content; every edit makes a new version. */
  version: z.number().int().positive(),
  name: z.string().min(1).max(200),
  /** What the alarm is about: a station, village, gauge, slope or tank identifier. */
  subject: z.string().min(1).max(200),
  /** The template the rule was made from (rainstorm, flash-flood…), for display and re-generation. */
  template: z.string().optional(),
  /** Resolution of rolling windows (default one minute). */
  bucketMs: PositiveDuration.optional(),
  /** How late a reading may arrive and still count in windows (default DEFAULT_LATE_MS; whole buckets). */
  lateMs: Duration.optional(),
  inputs: z.record(Name, RuleInput),
  signals: z.record(Name, RuleSignal),
  /** The default no-data policy of every input; absent = no watchdog. */
  noData: NoDataPolicy.optional(),
  levels: z.strictObject({
    blue: RuleLevel.optional(),
    yellow: RuleLevel.optional(),
    orange: RuleLevel.optional(),
    red: RuleLevel.optional(),
  }),
});
export type AlarmRule = z.infer<typeof AlarmRule>;

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function conditionSignals(c: RuleCondition, path: string, out: { signal: string; path: string }[]): void {
  if (isGroupCondition(c)) c.of.forEach((child, i) => conditionSignals(child, `${path}.of.${i}`, out));
  else out.push({ signal: c.signal, path: `${path}.signal` });
}

/**
 * Problems that span parts of a rule (a signal naming a missing input, a condition naming a missing
 * signal, a window that is not a whole number of buckets…). Works on whatever parts of `raw` parse, so
 * together with the schema's own issues one answer lists every problem.
 */
function crossProblems(raw: Record<string, unknown>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const inputs = isRecord(raw.inputs) ? raw.inputs : {};
  const signals = isRecord(raw.signals) ? raw.signals : {};
  const levels = isRecord(raw.levels) ? raw.levels : {};
  const bucket = PositiveDuration.safeParse(raw.bucketMs ?? DEFAULT_BUCKET_MS);

  const late = Duration.safeParse(raw.lateMs);
  if (raw.lateMs !== undefined && late.success && bucket.success && late.data % bucket.data !== 0)
    problems.push({ path: 'lateMs', message: `须为分桶（${bucket.data} ms）的整数倍` });

  const streams = new Map<string, string>();
  for (const [name, spec] of Object.entries(inputs)) {
    const input = RuleInput.safeParse(spec);
    if (!input.success) continue;
    const key = `${input.data.device}\u0000${input.data.metric}`;
    const other = streams.get(key);
    if (other !== undefined)
      problems.push({ path: `inputs.${name}`, message: `与输入 ${other} 是同一设备的同一指标` });
    else streams.set(key, name);
  }
  for (const [name, spec] of Object.entries(signals)) {
    const signal = RuleSignal.safeParse(spec);
    if (!signal.success) continue;
    if (!Object.hasOwn(inputs, signal.data.input))
      problems.push({ path: `signals.${name}.input`, message: `没有名为 ${signal.data.input} 的输入` });
    if (signal.data.fn !== 'last' && bucket.success) {
      const { windowMs } = signal.data;
      if (windowMs % bucket.data !== 0)
        problems.push({
          path: `signals.${name}.windowMs`,
          message: `窗口须为分桶（${bucket.data} ms）的整数倍`,
        });
      else if (windowMs / bucket.data > MAX_WINDOW_BUCKETS)
        problems.push({ path: `signals.${name}.windowMs`, message: `窗口至多 ${MAX_WINDOW_BUCKETS} 个分桶` });
    }
  }
  let defined = 0;
  for (const level of ALARM_LEVELS) {
    const parsed = RuleLevel.safeParse(levels[level]);
    if (levels[level] === undefined || !parsed.success) continue;
    defined += 1;
    const refs: { signal: string; path: string }[] = [];
    conditionSignals(parsed.data.when, `levels.${level}.when`, refs);
    for (const ref of refs)
      if (!Object.hasOwn(signals, ref.signal))
        problems.push({ path: ref.path, message: `没有名为 ${ref.signal} 的信号` });
  }
  if (defined === 0 && isRecord(raw.levels) && Object.keys(levels).length === 0)
    problems.push({ path: 'levels', message: '至少定义一个预警级别' });

  const floorLevels: { path: string; level: unknown }[] = [];
  if (isRecord(raw.noData)) floorLevels.push({ path: 'noData.level', level: raw.noData.level });
  for (const [name, spec] of Object.entries(inputs))
    if (isRecord(spec) && isRecord(spec.noData))
      floorLevels.push({ path: `inputs.${name}.noData.level`, level: spec.noData.level });
  for (const { path, level } of floorLevels)
    if (
      typeof level === 'string' &&
      (ALARM_LEVELS as readonly string[]).includes(level) &&
      !isRecord(levels[level])
    )
      problems.push({ path, message: `规则未定义 ${level} 级` });
  return problems;
}

/**
 * Validates a rule, listing every problem (schema and cross-references) at once.
 * @throws AppError validation_failed with one detail per problem
 */
export function parseAlarmRule(raw: unknown): AlarmRule {
  const parsed = AlarmRule.safeParse(raw);
  const problems: ErrorDetail[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || '(rule)',
        message: i.message,
      }));
  if (isRecord(raw)) problems.push(...crossProblems(raw));
  if (problems.length > 0 || !parsed.success)
    throw new AppError('validation_failed', '预警规则有误', { details: problems });
  return parsed.data;
}

/** Defined levels of a rule, lowest first. */
export function listDefinedLevels(rule: AlarmRule): AlarmLevel[] {
  return ALARM_LEVELS.filter((l) => rule.levels[l] !== undefined);
}
