/**
 * The persisted state of one rule (one alarm subject): plain JSON, no class instances, no undefined, no
 * NaN, so `JSON.stringify` → store → `parseRuleState` gives back the same future (tested).
 *
 * The engine updates a state in place (no copy per step, for throughput): the server keeps one state per
 * rule, serialises every step on it, and persists it in the transaction that records the step's alarm
 * transitions (docs/adr/0006).
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import { ALARM_LEVELS, type AlarmLevel } from './rule.ts';

/** Running figures of one `sum` or `rate` window. */
export interface WindowTrack {
  /** Sum of the readings in the window, in millionths of the metric's unit (an integer: exact). */
  tot: number;
  /** Start of the oldest bucket holding a reading inside the window; null when the window is empty. */
  old: number | null;
  /** Earliest sample in the window (rate windows only; null otherwise or when empty). */
  ra: number | null;
  rv: number | null;
}

/** Readings of one input within its longest window, bucketed. Arrays are parallel and ascending. */
export interface WindowStore {
  /** Timestamps of the readings accepted within the rule's `lateMs` (a re-sent reading is found here). */
  ts: number[];
  /** Start times of the buckets holding readings (a sum-only input keeps no bucket for a zero reading). */
  bt: number[];
  /** Bucket sums, in millionths. */
  bs: number[];
  /** Earliest sample of each bucket, time and value: kept only when the input has a rate window. */
  fa: number[];
  fv: number[];
  /** One track per windowed signal of this input, in the compiled rule's order. */
  w: WindowTrack[];
}

export interface InputState {
  name: string;
  device: string;
  metric: string;
  /** Time and value of the latest reading; null before the first. */
  at: number | null;
  v: number | null;
  /** Watchdog baseline when the input has never reported: when it was added to the rule state. */
  since: number;
  /** Whether the no-data watchdog has fired and no newer reading has arrived. */
  stale: boolean;
  win: WindowStore | null;
}

/** Persistence tracking of one level, kept whether or not the alarm is at that level. */
export interface LevelTrack {
  level: AlarmLevel;
  /** Since when the raise condition has held (engine time); consecutive readings it has held on. */
  rs: number | null;
  rc: number;
  /** Since when the hold condition has failed; consecutive readings it has failed on. */
  cs: number | null;
  cc: number;
}

export interface ActiveAlarm {
  /** Episode number within this rule: 1 for the first alarm ever raised, and so on. */
  seq: number;
  level: AlarmLevel;
  /** When the episode was raised and when it reached its current level (engine time). */
  since: number;
  levelSince: number;
}

export interface RuleState {
  format: 1;
  rule: string;
  version: number;
  /** Bucket size of the rolling windows (ms). */
  bucketMs: number;
  startedAt: number;
  /** Engine time: the latest reading time or clock tick seen (ms). */
  now: number;
  /** When the state next changes by the passage of time alone (see `nextDeadline`). */
  deadline: number | null;
  /** Episodes raised so far. */
  seq: number;
  alarm: ActiveAlarm | null;
  inputs: InputState[];
  /** Last result of every threshold leaf: bit 1 = raise threshold met, bit 2 = clear threshold not crossed. */
  leaves: number[];
  levels: LevelTrack[];
}

const Time = z.number().int();
const Level = z.enum(ALARM_LEVELS);
// The window arrays can hold thousands of numbers: checked in one pass rather than element by element.
const isArrayOf = (test: (x: unknown) => boolean) => (v: unknown) => Array.isArray(v) && v.every(test);
const Integers = z.custom<number[]>(isArrayOf(Number.isSafeInteger), '须为整数数组');
const Numbers = z.custom<number[]>(isArrayOf(Number.isFinite), '须为数值数组');

const StateSchema = z.strictObject({
  format: z.literal(1),
  rule: z.string(),
  version: z.number().int().positive(),
  bucketMs: z.number().int().positive(),
  startedAt: Time,
  now: Time,
  deadline: Time.nullable(),
  seq: z.number().int().nonnegative(),
  alarm: z
    .strictObject({ seq: z.number().int().positive(), level: Level, since: Time, levelSince: Time })
    .nullable(),
  inputs: z.array(
    z.strictObject({
      name: z.string(),
      device: z.string(),
      metric: z.string(),
      at: Time.nullable(),
      v: z.number().nullable(),
      since: Time,
      stale: z.boolean(),
      win: z
        .strictObject({
          ts: Integers,
          bt: Integers,
          bs: Integers,
          fa: Integers,
          fv: Numbers,
          w: z.array(
            z.strictObject({
              tot: z.number().int(),
              old: Time.nullable(),
              ra: Time.nullable(),
              rv: z.number().nullable(),
            }),
          ),
        })
        .nullable(),
    }),
  ),
  leaves: z.array(z.number().int().min(0).max(3)),
  levels: z.array(
    z.strictObject({
      level: Level,
      rs: Time.nullable(),
      rc: z.number().int().nonnegative(),
      cs: Time.nullable(),
      cc: z.number().int().nonnegative(),
    }),
  ),
});

/** The state as stored (a JSON text). */
export function serializeRuleState(state: RuleState): string {
  return JSON.stringify(state);
}

/**
 * Parses a stored state (text or already-parsed JSON) and checks its shape. Whether it fits a given
 * compiled rule is checked by `loadRuleState` in the engine.
 * @throws AppError validation_failed listing every problem
 */
export function parseRuleStateShape(raw: unknown): RuleState {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw) as unknown;
    } catch (cause) {
      throw new AppError('validation_failed', '预警规则状态不是有效的 JSON', { cause });
    }
  }
  const parsed = StateSchema.safeParse(value);
  if (!parsed.success)
    throw new AppError('validation_failed', '预警规则状态有误', {
      details: parsed.error.issues.map((i) => ({
        path: i.path.map(String).join('.') || '(state)',
        message: i.message,
      })),
    });
  const s = parsed.data;
  for (const input of s.inputs) {
    const win = input.win;
    if (win === null) continue;
    const n = win.bt.length;
    if (
      win.bs.length !== n ||
      win.fa.length !== win.fv.length ||
      (win.fa.length !== n && win.fa.length !== 0)
    )
      throw new AppError('validation_failed', `预警规则状态有误：输入 ${input.name} 的分桶数组长度不一致`);
  }
  return s;
}
