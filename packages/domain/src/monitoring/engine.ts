/**
 * The alarm rule engine (issue #4 part 4): a pure, per-rule deterministic state machine. The server feeds
 * it readings and clock ticks, persists the state after each step and wakes it at `nextDeadline(state)`.
 *
 * Time is event time. A reading moves the engine clock to its timestamp (when later than the clock); a
 * tick moves it to `now`. Before the clock passes a deadline — a duration coming due, a bucket leaving a
 * rolling window, a no-data timeout — the engine evaluates the rule at exactly that deadline. So a
 * transition is stamped with the time it happened, whether the tick came on time or after a restart, and
 * how often the server ticks changes when it learns of a transition, never which transitions happen:
 * stepping live equals `replayRule` over the same readings (tested with random ticks), as long as each
 * reading arrives before the clock has been ticked to its timestamp (the server ticks a little after a
 * deadline, see docs/adr/0006).
 *
 * Readings are idempotent on (device, metric, timestamp): a re-sent reading changes nothing. A reading
 * older than its input's latest is still counted in rolling windows that reach back to it (late rain is
 * still rain); it does not change the input's latest value, and one older than the input's longest window
 * is ignored. It is evaluated at the engine's current time, not back-dated.
 *
 * Cost per reading is O(size of the rule): window sums are running totals over one-minute buckets
 * (integers in millionths, so they never drift); buckets leave windows once per bucket, not per reading.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import {
  ALARM_LEVEL_RANK,
  DEFAULT_BUCKET_MS,
  DEFAULT_LATE_MS,
  listDefinedLevels,
  isGroupCondition,
  parseAlarmRule,
  type AlarmLevel,
  type AlarmRule,
  type Comparison,
  type NoDataHandling,
  type NoDataPolicy,
  type RuleCondition,
} from './rule.ts';
import {
  parseRuleStateShape,
  type InputState,
  type LevelTrack,
  type RuleState,
  type WindowStore,
  type WindowTrack,
} from './state.ts';

/** One reading of one device metric: the unit of ingestion, keyed by (device, metric, at). */
export const SensorReading = z.strictObject({
  device: z.string().min(1),
  metric: z.string().min(1),
  /** Measurement time, epoch ms. */
  at: z.number().int(),
  value: z.number(),
});
export type SensorReading = z.infer<typeof SensorReading>;

export const ALARM_TRANSITION_KINDS = ['raised', 'escalated', 'deescalated', 'cleared'] as const;
export type AlarmTransitionKind = (typeof ALARM_TRANSITION_KINDS)[number];

/** A change of the (rule, subject) alarm. `alarm` numbers the episode: raised … cleared share it. */
export interface AlarmTransition {
  kind: AlarmTransitionKind;
  rule: string;
  version: number;
  subject: string;
  alarm: number;
  /** Engine time of the change (ms). */
  at: number;
  from: AlarmLevel | null;
  to: AlarmLevel | null;
  /** `no_data`: the level comes from the no-data policy (upward), or a `normal` policy let it fall. */
  cause: 'condition' | 'no_data';
  /** Every signal's value at the change; null when unknown. */
  values: Record<string, number | null>;
  /** Inputs without data at the change. */
  stale: string[];
}

/** An input's no-data watchdog fired (`data_lost`, at last reading + timeout) or data came back. */
export interface DataEvent {
  kind: 'data_lost' | 'data_restored';
  rule: string;
  version: number;
  subject: string;
  input: string;
  device: string;
  metric: string;
  at: number;
  /** Time of the input's latest reading (null: never reported). */
  lastAt: number | null;
}

export type RuleEvent = AlarmTransition | DataEvent;

/**
 * What became of a reading: `applied`; `duplicate` (this (device, metric, at) was applied before);
 * `superseded` (older than the input's latest and no window counts it); `too_late` (older than the
 * input's longest window); `unrouted` (not an input of this rule). Only `applied` changes the state.
 */
export type ReadingOutcome = 'applied' | 'duplicate' | 'superseded' | 'too_late' | 'unrouted';

export interface StepResult {
  outcome: ReadingOutcome;
  events: readonly RuleEvent[];
}

// ---------------------------------------------------------------------------------------------------------
// Compiled rules
// ---------------------------------------------------------------------------------------------------------

type Test = (bits: readonly number[], mode: 1 | 2) => boolean;

interface CompiledWindow {
  windowMs: number;
  rate: boolean;
}

interface CompiledInput {
  name: string;
  device: string;
  metric: string;
  noData: NoDataPolicy | null;
  handling: NoDataHandling | null;
  /** Rank the alarm is held at while this input is stale under an `alarm` policy (0 otherwise). */
  floorRank: number;
  windows: CompiledWindow[];
  /** Longest window of this input (0: no window, the input keeps only its latest value). */
  horizonMs: number;
  /** How far behind its latest a reading may arrive and still count in the windows (dedupe memory). */
  lateMs: number;
  /** Whether any window of this input is a rate (buckets then keep their earliest sample). */
  hasRate: boolean;
}

const FN_LAST = 0;
const FN_SUM = 1;
const FN_RATE = 2;

interface CompiledSignal {
  name: string;
  fn: typeof FN_LAST | typeof FN_SUM | typeof FN_RATE;
  input: number;
  /** Index of this signal's window among its input's windows (−1 for `last`). */
  win: number;
  perMs: number;
  minSpanMs: number;
}

interface CompiledLeaf {
  signal: number;
  input: number;
  op: Comparison;
  raise: number;
  clear: number;
}

interface CompiledLevel {
  level: AlarmLevel;
  rank: number;
  test: Test;
  raiseForMs: number;
  raiseReadings: number;
  clearForMs: number;
  clearReadings: number;
}

/** A validated rule prepared for stepping. Compile once per rule version and reuse it. */
export interface CompiledRule {
  readonly rule: AlarmRule;
  readonly id: string;
  readonly version: number;
  readonly subject: string;
  readonly bucketMs: number;
  readonly inputs: readonly CompiledInput[];
  readonly signals: readonly CompiledSignal[];
  readonly leaves: readonly CompiledLeaf[];
  /** Defined levels, lowest first. */
  readonly levels: readonly CompiledLevel[];
  /** Rank (1–4) → index in `levels`, −1 when the rule does not define that level. */
  readonly levelIndexByRank: readonly number[];
  readonly routes: ReadonlyMap<string, ReadonlyMap<string, number>>;
  // Scratch space for one evaluation (the engine is single-threaded and never re-entered).
  readonly values: Float64Array;
  readonly known: Uint8Array;
  readonly raiseOk: Uint8Array;
  readonly clearOk: Uint8Array;
}

const QUANTUM = 1_000_000; // window sums are kept in millionths of the metric's unit

function compileCondition(
  c: RuleCondition,
  signalIndex: ReadonlyMap<string, number>,
  signals: readonly CompiledSignal[],
  leaves: CompiledLeaf[],
): Test {
  if (isGroupCondition(c)) {
    const parts = c.of.map((child) => compileCondition(child, signalIndex, signals, leaves));
    return c.op === 'all'
      ? (bits, mode) => {
          for (const part of parts) if (!part(bits, mode)) return false;
          return true;
        }
      : (bits, mode) => {
          for (const part of parts) if (part(bits, mode)) return true;
          return false;
        };
  }
  const signal = signalIndex.get(c.signal)!; // references checked by parseAlarmRule
  const k = leaves.push({
    signal,
    input: signals[signal]!.input,
    op: c.op,
    raise: c.raise,
    clear: c.clear ?? c.raise,
  });
  const leaf = k - 1;
  return (bits, mode) => (bits[leaf]! & mode) !== 0;
}

/**
 * Validates and prepares a rule for stepping.
 * @throws AppError validation_failed listing every problem of the rule
 */
export function compileRule(raw: unknown): CompiledRule {
  const rule = parseAlarmRule(raw);
  const bucketMs = rule.bucketMs ?? DEFAULT_BUCKET_MS;
  const lowest = listDefinedLevels(rule)[0]!;

  const inputIndex = new Map<string, number>();
  const inputs: CompiledInput[] = Object.entries(rule.inputs).map(([name, spec], i) => {
    inputIndex.set(name, i);
    const noData = spec.noData === undefined ? (rule.noData ?? null) : spec.noData;
    return {
      name,
      device: spec.device,
      metric: spec.metric,
      noData,
      handling: noData?.handling ?? null,
      floorRank: noData?.handling === 'alarm' ? ALARM_LEVEL_RANK[noData.level ?? lowest] : 0,
      windows: [],
      horizonMs: 0,
      lateMs: 0,
      hasRate: false,
    };
  });

  const signalIndex = new Map<string, number>();
  const signals: CompiledSignal[] = Object.entries(rule.signals).map(([name, spec], s) => {
    signalIndex.set(name, s);
    const input = inputIndex.get(spec.input)!;
    const ci = inputs[input]!;
    if (spec.fn === 'last') return { name, fn: FN_LAST, input, win: -1, perMs: 1, minSpanMs: 0 };
    ci.windows.push({ windowMs: spec.windowMs, rate: spec.fn === 'rate' });
    ci.horizonMs = Math.max(ci.horizonMs, spec.windowMs);
    ci.hasRate ||= spec.fn === 'rate';
    ci.lateMs = Math.min(ci.horizonMs, rule.lateMs ?? DEFAULT_LATE_MS);
    const win = ci.windows.length - 1;
    if (spec.fn === 'sum') return { name, fn: FN_SUM, input, win, perMs: 1, minSpanMs: 0 };
    return {
      name,
      fn: FN_RATE,
      input,
      win,
      perMs: spec.perMs,
      minSpanMs: spec.minSpanMs ?? Math.ceil(spec.windowMs / 2),
    };
  });

  const leaves: CompiledLeaf[] = [];
  const levelIndexByRank = [-1, -1, -1, -1, -1];
  const levels: CompiledLevel[] = listDefinedLevels(rule).map((level, j) => {
    const spec = rule.levels[level]!;
    levelIndexByRank[ALARM_LEVEL_RANK[level]] = j;
    return {
      level,
      rank: ALARM_LEVEL_RANK[level],
      test: compileCondition(spec.when, signalIndex, signals, leaves),
      raiseForMs: spec.raiseAfter?.forMs ?? 0,
      raiseReadings: spec.raiseAfter?.readings ?? 0,
      clearForMs: spec.clearAfter?.forMs ?? 0,
      clearReadings: spec.clearAfter?.readings ?? 0,
    };
  });

  const routes = new Map<string, Map<string, number>>();
  inputs.forEach((ci, i) => {
    let byMetric = routes.get(ci.device);
    if (byMetric === undefined) routes.set(ci.device, (byMetric = new Map<string, number>()));
    byMetric.set(ci.metric, i);
  });

  return {
    rule,
    id: rule.id,
    version: rule.version,
    subject: rule.subject,
    bucketMs,
    inputs,
    signals,
    leaves,
    levels,
    levelIndexByRank,
    routes,
    values: new Float64Array(signals.length),
    known: new Uint8Array(signals.length),
    raiseOk: new Uint8Array(levels.length),
    clearOk: new Uint8Array(levels.length),
  };
}

/** The (device, metric) pairs a rule reads: the server's routing index from readings to rules. */
export function listRuleStreams(compiled: CompiledRule): { device: string; metric: string; input: string }[] {
  return compiled.inputs.map((i) => ({ device: i.device, metric: i.metric, input: i.name }));
}

// ---------------------------------------------------------------------------------------------------------
// States
// ---------------------------------------------------------------------------------------------------------

const emptyWindows = (ci: CompiledInput): WindowStore | null =>
  ci.windows.length === 0
    ? null
    : {
        ts: [],
        bt: [],
        bs: [],
        fa: [],
        fv: [],
        w: ci.windows.map((): WindowTrack => ({ tot: 0, old: null, ra: null, rv: null })),
      };

const freshTracks = (cr: CompiledRule): LevelTrack[] =>
  cr.levels.map((l) => ({ level: l.level, rs: null, rc: 0, cs: null, cc: 0 }));

/** The state of a rule enabled at `at` (ms): no data yet, no alarm; watchdogs count from `at`. */
export function createRuleState(cr: CompiledRule, at: number): RuleState {
  const state: RuleState = {
    format: 1,
    rule: cr.id,
    version: cr.version,
    bucketMs: cr.bucketMs,
    startedAt: at,
    now: at,
    deadline: null,
    seq: 0,
    alarm: null,
    inputs: cr.inputs.map((ci): InputState => ({
      name: ci.name,
      device: ci.device,
      metric: ci.metric,
      at: null,
      v: null,
      since: at,
      stale: false,
      win: emptyWindows(ci),
    })),
    leaves: cr.leaves.map(() => 0),
    levels: freshTracks(cr),
  };
  computeDeadline(cr, state);
  return state;
}

/**
 * Parses a stored state and checks that it belongs to this rule version.
 * @throws AppError validation_failed (malformed) | conflict (another rule or version: use migrateRuleState)
 */
export function loadRuleState(cr: CompiledRule, raw: unknown): RuleState {
  const state = parseRuleStateShape(raw);
  assertFits(cr, state);
  const fits =
    state.bucketMs === cr.bucketMs &&
    state.inputs.length === cr.inputs.length &&
    state.inputs.every((s, i) => {
      const ci = cr.inputs[i]!;
      return (
        s.name === ci.name &&
        s.device === ci.device &&
        s.metric === ci.metric &&
        (s.win === null
          ? ci.windows.length === 0
          : s.win.w.length === ci.windows.length && s.win.fa.length === (ci.hasRate ? s.win.bt.length : 0))
      );
    }) &&
    state.leaves.length === cr.leaves.length &&
    state.levels.length === cr.levels.length &&
    state.levels.every((t, j) => t.level === cr.levels[j]!.level) &&
    (state.alarm === null || cr.levelIndexByRank[ALARM_LEVEL_RANK[state.alarm.level]] !== -1);
  if (!fits) throw new AppError('validation_failed', `预警规则状态与规则 ${cr.id} 第 ${cr.version} 版不符`);
  computeDeadline(cr, state);
  return state;
}

function assertFits(cr: CompiledRule, state: RuleState): void {
  if (state.rule !== cr.id || state.version !== cr.version)
    throw new AppError(
      'conflict',
      `状态属于规则 ${state.rule} 第 ${state.version} 版，不是 ${cr.id} 第 ${cr.version} 版`,
    );
}

/**
 * Moves a state to a new version of its rule at `at`: readings kept for inputs that read the same
 * (device, metric) (window data too, trimmed to the new windows, when the bucket size is unchanged), the active alarm and episode
 * count kept (at the nearest level the new version defines, not above), persistence tracking restarted.
 * The new version is evaluated at once, so the returned events may already move the alarm.
 */
export function migrateRuleState(
  cr: CompiledRule,
  previous: RuleState,
  at: number,
): { state: RuleState; events: RuleEvent[] } {
  if (previous.rule !== cr.id) throw new AppError('conflict', `状态属于规则 ${previous.rule}，不是 ${cr.id}`);
  const state = createRuleState(cr, Math.max(at, previous.now));
  state.startedAt = previous.startedAt;
  state.seq = previous.seq;
  const nb = bucketStart(state.now, cr.bucketMs);
  const byStream = new Map(previous.inputs.map((s) => [`${s.device}\u0000${s.metric}`, s]));
  cr.inputs.forEach((ci, i) => {
    const fresh = state.inputs[i]!;
    const old = byStream.get(`${ci.device}\u0000${ci.metric}`);
    if (old === undefined) return;
    fresh.at = old.at;
    fresh.v = old.v;
    fresh.since = old.since;
    fresh.stale = ci.noData !== null && old.stale;
    const win = fresh.win;
    const oldWin = old.win;
    if (win === null || oldWin === null || previous.bucketMs !== cr.bucketMs) return;
    // Rate windows need each bucket's earliest sample, which a store without rates did not keep.
    if (ci.hasRate && oldWin.fa.length !== oldWin.bt.length) return;
    const keepFrom = nb - ci.horizonMs + cr.bucketMs;
    oldWin.bt.forEach((t, k) => {
      if (t < keepFrom || (!ci.hasRate && oldWin.bs[k] === 0)) return;
      win.bt.push(t);
      win.bs.push(oldWin.bs[k]!);
      if (ci.hasRate) {
        win.fa.push(oldWin.fa[k]!);
        win.fv.push(oldWin.fv[k]!);
      }
    });
    win.ts = oldWin.ts.filter((t) => t >= nb - ci.lateMs + cr.bucketMs);
    ci.windows.forEach((cw, m) => rebuildTrack(win, win.w[m]!, cw, nb - cw.windowMs + cr.bucketMs));
  });
  if (previous.alarm !== null) {
    let rank = ALARM_LEVEL_RANK[previous.alarm.level];
    while (rank > 0 && cr.levelIndexByRank[rank] === -1) rank -= 1;
    const level = rank > 0 ? cr.levels[cr.levelIndexByRank[rank]!]!.level : cr.levels[0]!.level;
    state.alarm = { ...previous.alarm, level };
  }
  const events: RuleEvent[] = [];
  evaluate(cr, state, false, events);
  return { state, events };
}

function rebuildTrack(win: WindowStore, tr: WindowTrack, cw: CompiledWindow, cut: number): void {
  tr.tot = 0;
  tr.old = null;
  tr.ra = null;
  tr.rv = null;
  for (let k = 0; k < win.bt.length; k++) {
    if (win.bt[k]! < cut) continue;
    tr.tot += win.bs[k]!;
    if (tr.old === null) {
      tr.old = win.bt[k]!;
      if (cw.rate) {
        tr.ra = win.fa[k]!;
        tr.rv = win.fv[k]!;
      }
    }
  }
}

/**
 * When the state next changes by the passage of time alone: the earliest of a pending duration, a
 * bucket leaving a window and a no-data timeout (last reading + timeout). The server keeps a durable
 * timer at this time and calls `applyTick` when it comes; null = nothing pending.
 */
export function nextDeadline(state: RuleState): number | null {
  return state.deadline;
}

// ---------------------------------------------------------------------------------------------------------
// Stepping
// ---------------------------------------------------------------------------------------------------------

const bucketStart = (t: number, bucketMs: number) => Math.floor(t / bucketMs) * bucketMs;

function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Moves the engine clock forward to `t` without evaluating (callers process deadlines first). */
function moveClock(cr: CompiledRule, st: RuleState, t: number): void {
  const b = cr.bucketMs;
  const nb0 = bucketStart(st.now, b);
  const nb1 = bucketStart(t, b);
  st.now = t;
  if (nb1 === nb0) return;
  for (let i = 0; i < cr.inputs.length; i++) {
    const win = st.inputs[i]!.win;
    if (win === null) continue;
    const ci = cr.inputs[i]!;
    for (let m = 0; m < ci.windows.length; m++) {
      const tr = win.w[m]!;
      if (tr.old === null) continue;
      const cut = nb1 - ci.windows[m]!.windowMs + b;
      if (tr.old >= cut) continue;
      let k = lowerBound(win.bt, tr.old);
      while (k < win.bt.length && win.bt[k]! < cut) {
        tr.tot -= win.bs[k]!;
        k++;
      }
      if (k < win.bt.length) {
        tr.old = win.bt[k]!;
        if (ci.windows[m]!.rate) {
          tr.ra = win.fa[k]!;
          tr.rv = win.fv[k]!;
        }
      } else {
        tr.old = null;
        tr.ra = null;
        tr.rv = null;
      }
    }
    const k = lowerBound(win.bt, nb1 - ci.horizonMs + b);
    if (k > 0) {
      win.bt.splice(0, k);
      win.bs.splice(0, k);
      if (ci.hasRate) {
        win.fa.splice(0, k);
        win.fv.splice(0, k);
      }
    }
    const j = lowerBound(win.ts, nb1 - ci.lateMs + b);
    if (j > 0) win.ts.splice(0, j);
  }
}

/**
 * Evaluates every deadline before `t` (and at `t` when `inclusive`) at its own time, then moves the clock
 * to `t`. A reading at `t` is not inclusive: what falls due at `t` is evaluated together with the reading
 * (a bucket leaving a window at 01:00 and a report stamped 01:00 are simultaneous, not a clear followed
 * by a re-raise).
 */
function advance(cr: CompiledRule, st: RuleState, t: number, inclusive: boolean, events: RuleEvent[]): void {
  let d = st.deadline;
  while (d !== null && (d < t || (inclusive && d === t))) {
    moveClock(cr, st, d);
    evaluate(cr, st, false, events);
    d = st.deadline;
  }
  if (t > st.now) moveClock(cr, st, t);
}

function acceptReading(cr: CompiledRule, st: RuleState, i: number, r: SensorReading): ReadingOutcome {
  const is = st.inputs[i]!;
  const newest = is.at === null || r.at > is.at;
  const win = is.win;
  if (win === null) {
    if (!newest) return r.at === is.at ? 'duplicate' : 'superseded';
    is.at = r.at;
    is.v = r.value;
    return 'applied';
  }
  const ci = cr.inputs[i]!;
  const b = cr.bucketMs;
  const nb = bucketStart(st.now, b);
  const bucket = bucketStart(r.at, b);
  if (bucket < nb - ci.horizonMs + b) return 'too_late';

  // Idempotency: the timestamps accepted within `lateMs` are kept; a re-sent reading is either found
  // there or older than that, and then too late.
  const ts = win.ts;
  const lateCut = nb - ci.lateMs + b;
  if (newest) {
    if (bucket >= lateCut) ts.push(r.at);
  } else {
    if (bucket < lateCut) return 'too_late';
    const p = lowerBound(ts, r.at);
    if (ts[p] === r.at) return 'duplicate';
    ts.splice(p, 0, r.at);
  }
  if (newest) {
    is.at = r.at;
    is.v = r.value;
  }

  const q = Math.round(r.value * QUANTUM);
  if (q === 0 && !ci.hasRate) return 'applied'; // nothing to add to any sum: no bucket needed

  const bt = win.bt;
  let k = bt.length - 1;
  if (k < 0 || bt[k]! < bucket) {
    bt.push(bucket);
    win.bs.push(0);
    if (ci.hasRate) {
      win.fa.push(r.at);
      win.fv.push(r.value);
    }
    k = bt.length - 1;
  } else if (bt[k] !== bucket) {
    k = lowerBound(bt, bucket);
    if (bt[k] !== bucket) {
      bt.splice(k, 0, bucket);
      win.bs.splice(k, 0, 0);
      if (ci.hasRate) {
        win.fa.splice(k, 0, r.at);
        win.fv.splice(k, 0, r.value);
      }
    }
  }
  if (ci.hasRate && r.at < win.fa[k]!) {
    win.fa[k] = r.at;
    win.fv[k] = r.value;
  }
  win.bs[k] = win.bs[k]! + q;
  for (let m = 0; m < ci.windows.length; m++) {
    const cw = ci.windows[m]!;
    if (bucket < nb - cw.windowMs + b) continue;
    const tr = win.w[m]!;
    tr.tot += q;
    if (tr.old === null || bucket < tr.old) tr.old = bucket;
    if (cw.rate && (tr.ra === null || r.at < tr.ra)) {
      tr.ra = r.at;
      tr.rv = r.value;
    }
  }
  return 'applied';
}

function compare(op: Comparison, v: number, threshold: number): boolean {
  switch (op) {
    case '>=':
      return v >= threshold;
    case '>':
      return v > threshold;
    case '<=':
      return v <= threshold;
    case '<':
      return v < threshold;
  }
}

function computeSignals(cr: CompiledRule, st: RuleState): void {
  const { values, known } = cr;
  for (let s = 0; s < cr.signals.length; s++) {
    const sig = cr.signals[s]!;
    const is = st.inputs[sig.input]!;
    if (is.at === null) {
      known[s] = 0;
      values[s] = 0;
      continue;
    }
    if (sig.fn === FN_LAST) {
      known[s] = 1;
      values[s] = is.v!;
    } else if (sig.fn === FN_SUM) {
      known[s] = 1;
      values[s] = is.win!.w[sig.win]!.tot / QUANTUM;
    } else {
      const tr = is.win!.w[sig.win]!;
      if (tr.ra !== null && is.at > tr.ra && is.at - tr.ra >= sig.minSpanMs) {
        known[s] = 1;
        values[s] = ((is.v! - tr.rv!) / (is.at - tr.ra)) * sig.perMs;
      } else {
        known[s] = 0;
        values[s] = 0;
      }
    }
  }
}

function evaluate(cr: CompiledRule, st: RuleState, byReading: boolean, events: RuleEvent[]): void {
  const now = st.now;

  // 1. No-data watchdogs.
  let floorRank = 0;
  let normalStale = false;
  for (let i = 0; i < cr.inputs.length; i++) {
    const ci = cr.inputs[i]!;
    if (ci.noData === null) continue;
    const is = st.inputs[i]!;
    const stale = now >= (is.at ?? is.since) + ci.noData.timeoutMs;
    if (stale !== is.stale) {
      is.stale = stale;
      events.push({
        kind: stale ? 'data_lost' : 'data_restored',
        rule: cr.id,
        version: cr.version,
        subject: cr.subject,
        input: ci.name,
        device: ci.device,
        metric: ci.metric,
        at: now,
        lastAt: is.at,
      });
    }
    if (stale) {
      if (ci.handling === 'normal') normalStale = true;
      else if (ci.floorRank > floorRank) floorRank = ci.floorRank;
    }
  }

  // 2. Signals and threshold leaves. An unknown signal, or a stale input under `keep`/`alarm`, keeps
  // the leaf's last result; a stale input under `normal` counts as not met.
  computeSignals(cr, st);
  const { values, known } = cr;
  for (let k = 0; k < cr.leaves.length; k++) {
    const leaf = cr.leaves[k]!;
    const is = st.inputs[leaf.input]!;
    if (is.stale) {
      if (cr.inputs[leaf.input]!.handling === 'normal') st.leaves[k] = 0;
    } else if (known[leaf.signal] === 1) {
      const v = values[leaf.signal]!;
      st.leaves[k] = (compare(leaf.op, v, leaf.raise) ? 1 : 0) | (compare(leaf.op, v, leaf.clear) ? 2 : 0);
    }
  }

  // 3. Persistence of every level's raise and clear conditions.
  const { raiseOk, clearOk } = cr;
  for (let j = 0; j < cr.levels.length; j++) {
    const L = cr.levels[j]!;
    const tr = st.levels[j]!;
    const raise = L.test(st.leaves, 1);
    const hold = L.test(st.leaves, 2);
    if (raise) {
      if (tr.rs === null) {
        tr.rs = now;
        tr.rc = 0;
      }
      if (byReading) tr.rc += 1;
    } else {
      tr.rs = null;
      tr.rc = 0;
    }
    if (!hold) {
      if (tr.cs === null) {
        tr.cs = now;
        tr.cc = 0;
      }
      if (byReading) tr.cc += 1;
    } else {
      tr.cs = null;
      tr.cc = 0;
    }
    raiseOk[j] = raise && now - tr.rs! >= L.raiseForMs && tr.rc >= L.raiseReadings ? 1 : 0;
    clearOk[j] = !hold && now - tr.cs! >= L.clearForMs && tr.cc >= L.clearReadings ? 1 : 0;
  }

  // 4. The alarm's level: up to the highest confirmed level (or the no-data floor); down one defined
  // level at a time while the current level's clear is confirmed, never below the floor.
  let confirmed = 0;
  for (let j = cr.levels.length - 1; j >= 0; j--)
    if (raiseOk[j] === 1) {
      confirmed = cr.levels[j]!.rank;
      break;
    }
  const current = st.alarm === null ? 0 : ALARM_LEVEL_RANK[st.alarm.level];
  let next = Math.max(current, confirmed, floorRank);
  if (next === current) {
    while (next > 0 && next > floorRank) {
      const j = cr.levelIndexByRank[next]!;
      if (clearOk[j] !== 1) break;
      next = j > 0 ? cr.levels[j - 1]!.rank : 0;
    }
  }
  if (next !== current) events.push(transition(cr, st, current, next, confirmed, normalStale));

  computeDeadline(cr, st);
}

function transition(
  cr: CompiledRule,
  st: RuleState,
  current: number,
  next: number,
  confirmed: number,
  normalStale: boolean,
): AlarmTransition {
  const now = st.now;
  const from = st.alarm === null ? null : st.alarm.level;
  const to = next === 0 ? null : cr.levels[cr.levelIndexByRank[next]!]!.level;
  let kind: AlarmTransitionKind;
  if (current === 0) {
    kind = 'raised';
    st.seq += 1;
    st.alarm = { seq: st.seq, level: to!, since: now, levelSince: now };
  } else if (next === 0) {
    kind = 'cleared';
  } else {
    kind = next > current ? 'escalated' : 'deescalated';
    st.alarm!.level = to!;
    st.alarm!.levelSince = now;
  }
  const alarm = st.alarm!.seq;
  if (next === 0) st.alarm = null;
  const values: Record<string, number | null> = {};
  cr.signals.forEach((s, k) => (values[s.name] = cr.known[k] === 1 ? cr.values[k]! : null));
  return {
    kind,
    rule: cr.id,
    version: cr.version,
    subject: cr.subject,
    alarm,
    at: now,
    from,
    to,
    cause:
      next > current ? (confirmed >= next ? 'condition' : 'no_data') : normalStale ? 'no_data' : 'condition',
    values,
    stale: st.inputs.filter((s) => s.stale).map((s) => s.name),
  };
}

function computeDeadline(cr: CompiledRule, st: RuleState): void {
  const now = st.now;
  let d = Infinity;
  for (let i = 0; i < cr.inputs.length; i++) {
    const ci = cr.inputs[i]!;
    const is = st.inputs[i]!;
    if (ci.noData !== null && !is.stale) d = Math.min(d, (is.at ?? is.since) + ci.noData.timeoutMs);
    const win = is.win;
    if (win === null) continue;
    for (let m = 0; m < ci.windows.length; m++) {
      const old = win.w[m]!.old;
      if (old !== null) d = Math.min(d, old + ci.windows[m]!.windowMs);
    }
  }
  for (let j = 0; j < cr.levels.length; j++) {
    const L = cr.levels[j]!;
    const tr = st.levels[j]!;
    if (tr.rs !== null && L.raiseForMs > 0 && tr.rs + L.raiseForMs > now)
      d = Math.min(d, tr.rs + L.raiseForMs);
    if (tr.cs !== null && L.clearForMs > 0 && tr.cs + L.clearForMs > now)
      d = Math.min(d, tr.cs + L.clearForMs);
  }
  st.deadline = d === Infinity ? null : d;
}

const NO_EVENTS: readonly RuleEvent[] = Object.freeze([]);

/**
 * Steps a rule with one reading: first every deadline before the reading's time, then the reading (with
 * whatever falls due at that very time).
 * Updates `state` in place. Deterministic: the same state and reading give the same result.
 * @throws AppError conflict when the state belongs to another rule or version | validation_failed when the
 *   reading's time or value is not a finite number
 */
export function applyReading(cr: CompiledRule, state: RuleState, reading: SensorReading): StepResult {
  assertFits(cr, state);
  if (!Number.isSafeInteger(reading.at) || !Number.isFinite(reading.value))
    throw new AppError('validation_failed', '读数的时间须为整数毫秒、数值须为有限数');
  const i = cr.routes.get(reading.device)?.get(reading.metric);
  if (i === undefined) return { outcome: 'unrouted', events: NO_EVENTS };
  const events: RuleEvent[] = [];
  if (reading.at > state.now) advance(cr, state, reading.at, false, events);
  const outcome = acceptReading(cr, state, i, reading);
  if (outcome === 'applied') evaluate(cr, state, true, events);
  return { outcome, events: events.length === 0 ? NO_EVENTS : events };
}

/**
 * Moves a rule's clock to `now`, evaluating every deadline up to it at its own time (a tick before the
 * next deadline changes nothing but the clock). Updates `state` in place.
 * @throws AppError conflict when the state belongs to another rule or version
 */
export function applyTick(cr: CompiledRule, state: RuleState, now: number): readonly RuleEvent[] {
  assertFits(cr, state);
  if (now <= state.now) return NO_EVENTS;
  const events: RuleEvent[] = [];
  advance(cr, state, now, true, events);
  return events.length === 0 ? NO_EVENTS : events;
}

export const isAlarmTransition = (e: RuleEvent): e is AlarmTransition =>
  e.kind !== 'data_lost' && e.kind !== 'data_restored';
