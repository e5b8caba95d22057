/**
 * Property tests over seeded random rules and reading sequences: the invariants the server relies on.
 * Each seed is reproducible; a failure names it.
 */
import { describe, expect, it } from 'vitest';
import {
  ALARM_LEVEL_RANK,
  ALARM_LEVELS,
  applyReading,
  applyTick,
  compileRule,
  createRuleState,
  isAlarmTransition,
  loadRuleState,
  replayRule,
  serializeRuleState,
  type AlarmLevel,
  type AlarmRule,
  type CompiledRule,
  type NoDataPolicy,
  type RuleCondition,
  type RuleEvent,
  type RuleSignal,
  type SensorReading,
} from './index.ts';

/** mulberry32: a small seeded generator (tests only; the domain itself has no randomness). */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    chance: (p: number) => next() < p,
  };
}
type Rng = ReturnType<typeof prng>;

const T0 = Date.UTC(2025, 6, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;
const SEEDS = Array.from({ length: 150 }, (_, i) => i + 1);

function randomRule(rng: Rng): AlarmRule {
  const bucketMs = rng.pick([MIN, MIN, MIN, 30_000, 5 * MIN]);
  const nInputs = rng.int(1, 3);
  const inputs: AlarmRule['inputs'] = {};
  const signals: Record<string, RuleSignal> = {};
  const ranges: Record<string, [number, number]> = {};
  for (let i = 0; i < nInputs; i++) {
    const name = `in${i}`;
    const noData: NoDataPolicy | null | undefined = rng.chance(0.5)
      ? { timeoutMs: rng.int(5, 60) * MIN, handling: rng.pick(['alarm', 'keep', 'normal'] as const) }
      : rng.chance(0.5)
        ? null
        : undefined;
    inputs[name] = { device: `D${i}`, metric: 'm', ...(noData !== undefined && { noData }) };
    signals[`${name}_last`] = { fn: 'last', input: name };
    ranges[`${name}_last`] = [0, 20];
    if (rng.chance(0.7)) {
      const w = rng.pick([10, 30, 60, 120]) * MIN;
      signals[`${name}_sum`] = { fn: 'sum', input: name, windowMs: w };
      ranges[`${name}_sum`] = [0, (w / MIN) * 2];
    }
    if (rng.chance(0.4)) {
      const w = rng.pick([20, 60]) * MIN;
      signals[`${name}_rate`] = { fn: 'rate', input: name, windowMs: w, perMs: HOUR };
      ranges[`${name}_rate`] = [-20, 20];
    }
  }
  const names = Object.keys(signals);
  const leaf = (): RuleCondition => {
    const signal = rng.pick(names);
    const [lo, hi] = ranges[signal]!;
    const raise = Math.round((lo + rng.next() * (hi - lo)) * 10) / 10;
    const gap = rng.chance(0.6) ? Math.round(rng.next() * (hi - lo) * 2) / 20 : 0;
    return rng.chance(0.8)
      ? { op: rng.pick(['>=', '>'] as const), signal, raise, clear: raise - gap }
      : { op: rng.pick(['<=', '<'] as const), signal, raise, clear: raise + gap };
  };
  const condition = (depth: number): RuleCondition =>
    depth > 0 && rng.chance(0.35)
      ? {
          op: rng.pick(['all', 'any'] as const),
          of: Array.from({ length: rng.int(1, 3) }, () => condition(depth - 1)),
        }
      : leaf();
  const persistence = () => {
    const forMs = rng.chance(0.4) ? rng.pick([1, 2, 5, 10]) * MIN : undefined;
    const readings = rng.chance(0.3) ? rng.int(2, 4) : undefined;
    return forMs === undefined && readings === undefined
      ? undefined
      : { ...(forMs !== undefined && { forMs }), ...(readings !== undefined && { readings }) };
  };
  const levels: AlarmRule['levels'] = {};
  const chosen = ALARM_LEVELS.filter(() => rng.chance(0.6));
  for (const l of chosen.length > 0 ? chosen : [rng.pick(ALARM_LEVELS)]) {
    const raiseAfter = persistence();
    const clearAfter = persistence();
    levels[l] = { when: condition(2), ...(raiseAfter && { raiseAfter }), ...(clearAfter && { clearAfter }) };
  }
  const defined = Object.keys(levels) as AlarmLevel[];
  return {
    id: `r${rng.int(1, 1e6)}`,
    version: 1,
    name: 'random',
    subject: 'S',
    bucketMs,
    inputs,
    signals,
    ...(rng.chance(0.5) && {
      noData: {
        timeoutMs: rng.int(10, 90) * MIN,
        handling: rng.pick(['alarm', 'keep', 'normal'] as const),
        level: rng.pick(defined),
      },
    }),
    levels,
  };
}

/** Readings in time order (ties possible): random walks per device, random gaps, sometimes long silences. */
function randomReadings(rng: Rng, nInputs: number, count: number): SensorReading[] {
  const out: SensorReading[] = [];
  const walk = Array.from({ length: nInputs }, () => rng.next() * 10);
  let t = T0 + rng.int(0, 10) * MIN;
  for (let k = 0; k < count; k++) {
    t += rng.chance(0.03) ? rng.int(30, 150) * MIN : rng.int(0, 6 * 60) * 1000;
    const i = rng.int(0, nInputs - 1);
    walk[i] = Math.max(0, Math.min(20, walk[i]! + (rng.next() - 0.5) * 6));
    out.push({ device: `D${i}`, metric: 'm', at: t, value: Math.round(walk[i] * 10) / 10 });
  }
  return out;
}

/** Live stepping: each reading in order, with random clock ticks between readings (never up to the next one's time). */
function stepLive(cr: CompiledRule, readings: SensorReading[], rng: Rng, to: number): RuleEvent[] {
  const state = createRuleState(cr, T0);
  const events: RuleEvent[] = [];
  let last = T0;
  for (const r of readings) {
    while (rng.chance(0.4)) {
      if (r.at <= last) break;
      const tick = last + Math.floor(rng.next() * (r.at - last)); // before the reading's time: it is on time
      events.push(...applyTick(cr, state, tick));
      last = Math.max(last, tick);
    }
    events.push(...applyReading(cr, state, r).events);
    last = Math.max(last, r.at);
  }
  events.push(...applyTick(cr, state, to));
  return events;
}

function checkWellFormed(events: readonly RuleEvent[]): void {
  let active: { seq: number; level: AlarmLevel } | null = null;
  let seq = 0;
  let at = -Infinity;
  for (const e of events) {
    expect(e.at).toBeGreaterThanOrEqual(at);
    at = e.at;
    if (!isAlarmTransition(e)) continue;
    switch (e.kind) {
      case 'raised':
        expect(active).toBeNull(); // never a second active alarm for the (rule, subject)
        expect(e.alarm).toBe(seq + 1);
        seq = e.alarm;
        active = { seq, level: e.to! };
        break;
      case 'escalated':
      case 'deescalated':
        expect(active).not.toBeNull();
        expect(e.from).toBe(active!.level);
        expect(e.alarm).toBe(active!.seq);
        expect(Math.sign(ALARM_LEVEL_RANK[e.to!] - ALARM_LEVEL_RANK[e.from!])).toBe(
          e.kind === 'escalated' ? 1 : -1,
        );
        active = { seq, level: e.to! };
        break;
      case 'cleared':
        expect(active).not.toBeNull();
        expect(e.from).toBe(active!.level);
        expect(e.to).toBeNull();
        active = null;
        break;
    }
  }
}

describe('rule engine properties (seeded random rules and readings)', () => {
  it('keeps at most one active alarm per (rule, subject): raised → escalated/deescalated* → cleared, episodes numbered 1, 2, …', () => {
    let transitions = 0;
    const kinds = new Set<string>();
    for (const seed of SEEDS) {
      const rng = prng(seed);
      const rule = randomRule(rng);
      const readings = randomReadings(rng, Object.keys(rule.inputs).length, 400);
      const events = replayRule(rule, readings, T0, readings.at(-1)!.at + 3 * HOUR).transitions;
      checkWellFormed(events);
      transitions += events.length;
      events.forEach((e) => kinds.add(e.kind));
    }
    // The generator must actually exercise the machine, or the property says nothing.
    expect(transitions).toBeGreaterThan(2000);
    expect([...kinds].sort()).toEqual(['cleared', 'deescalated', 'escalated', 'raised']);
  });

  it('replay equals live stepping, whatever clock ticks the server interleaves', () => {
    for (const seed of SEEDS) {
      const rng = prng(seed);
      const rule = randomRule(rng);
      const readings = randomReadings(rng, Object.keys(rule.inputs).length, 300);
      const to = readings.at(-1)!.at + 2 * HOUR;
      const cr = compileRule(rule);
      const replayed = replayRule(cr, readings, T0, to);
      const live = stepLive(cr, readings, prng(seed * 7919), to);
      expect(live.filter(isAlarmTransition), `seed ${seed}`).toEqual(replayed.transitions);
      expect(
        live.filter((e) => !isAlarmTransition(e)),
        `seed ${seed}`,
      ).toEqual(replayed.dataEvents);
    }
  });

  it('serialise → parse at any point gives the same future', () => {
    for (const seed of SEEDS) {
      const rng = prng(seed);
      const rule = randomRule(rng);
      const readings = randomReadings(rng, Object.keys(rule.inputs).length, 200);
      const cr = compileRule(rule);
      const cut = rng.int(0, readings.length);
      const a = createRuleState(cr, T0);
      for (const r of readings.slice(0, cut)) applyReading(cr, a, r);
      const b = loadRuleState(cr, serializeRuleState(a));
      const future = (state: typeof a) => {
        const events = readings.slice(cut).flatMap((r) => applyReading(cr, state, r).events);
        events.push(...applyTick(cr, state, readings.at(-1)!.at + HOUR));
        return events;
      };
      expect(future(b), `seed ${seed}`).toEqual(future(a));
      expect(serializeRuleState(b)).toBe(serializeRuleState(a));
    }
  });

  it('is idempotent on (device, metric, timestamp): re-sending earlier readings at any later point changes nothing', () => {
    for (const seed of SEEDS.slice(0, 60)) {
      const rng = prng(seed);
      const rule = randomRule(rng);
      const readings = randomReadings(rng, Object.keys(rule.inputs).length, 200);
      const to = readings.at(-1)!.at + HOUR;
      const cr = compileRule(rule);
      const once = replayRule(cr, readings, T0, to);
      const state = createRuleState(cr, T0);
      const events: RuleEvent[] = [];
      readings.forEach((r, k) => {
        events.push(...applyReading(cr, state, r).events);
        if (rng.chance(0.3)) {
          const again = applyReading(cr, state, { ...readings[rng.int(0, k)]!, value: rng.next() * 100 });
          expect(['duplicate', 'superseded', 'too_late']).toContain(again.outcome);
          expect(again.events).toEqual([]);
        }
      });
      events.push(...applyTick(cr, state, to));
      expect(events.filter(isAlarmTransition), `seed ${seed}`).toEqual(once.transitions);
      expect(serializeRuleState(state)).toBe(serializeRuleState(once.state));
    }
  });

  it.each([
    ['the whole 3 h horizon', 3 * HOUR],
    ['the default 1 h', undefined],
    ['10 min', 10 * MIN],
  ])(
    'window sums and rates equal a brute-force recomputation, with late readings accepted within %s',
    (_, lateMs) => {
      const bucketMs = MIN;
      const windows = [10 * MIN, HOUR, 3 * HOUR];
      const late = Math.min(lateMs ?? HOUR, 3 * HOUR);
      const rule: AlarmRule = {
        id: 'w',
        version: 1,
        name: 'windows',
        subject: 'S',
        ...(lateMs !== undefined && { lateMs }),
        inputs: { rain: { device: 'RG', metric: 'rain' } },
        signals: {
          ...Object.fromEntries(
            windows.map((w, k) => [`sum${k}`, { fn: 'sum', input: 'rain', windowMs: w }]),
          ),
          rate: { fn: 'rate', input: 'rain', windowMs: HOUR, perMs: HOUR, minSpanMs: 1 },
        },
        levels: { red: { when: { op: '>=', signal: 'sum0', raise: 1e9 } } },
      };
      const cr = compileRule(rule);
      const bucketOf = (t: number) => Math.floor(t / bucketMs) * bucketMs;
      for (const seed of SEEDS.slice(0, 40)) {
        const rng = prng(seed);
        const state = createRuleState(cr, T0);
        const accepted = new Map<number, number>(); // at → value
        let latest = -Infinity;
        let now = T0;
        for (let k = 0; k < 600; k++) {
          now += rng.int(0, 180) * 1000;
          // Mostly fresh readings; some late (up to 4 h back, so some are older than the 3 h horizon).
          const at = rng.chance(0.25) ? now - rng.int(0, 4 * 60) * MIN : now;
          const value = Math.round(rng.next() * 50) / 10;
          const nowBucket = bucketOf(Math.max(state.now, at));
          const { outcome } = applyReading(cr, state, { device: 'RG', metric: 'rain', at, value });
          const limit = at > latest ? 3 * HOUR : late; // a reading newer than all is only bounded by the windows
          const tooLate = bucketOf(at) < nowBucket - limit + bucketMs;
          if (tooLate) expect(outcome, `seed ${seed}`).toBe('too_late');
          else if (accepted.has(at)) expect(outcome).toBe('duplicate');
          else {
            expect(outcome).toBe('applied');
            accepted.set(at, value);
            latest = Math.max(latest, at);
          }
          if (k % 10 !== 0) continue;
          const win = state.inputs[0]!.win!;
          windows.forEach((w, m) => {
            let expected = 0;
            for (const [t, v] of accepted)
              if (bucketOf(t) >= nowBucket - w + bucketMs) expected += Math.round(v * 1e6);
            expect(win.w[m]!.tot, `seed ${seed} window ${w / MIN} min`).toBe(expected);
          });
          const inRate = [...accepted].filter(([t]) => bucketOf(t) >= nowBucket - HOUR + bucketMs);
          const earliest = inRate.reduce<[number, number] | null>(
            (e, x) => (e === null || x[0] < e[0] ? x : e),
            null,
          );
          expect(win.w[3]!.ra).toBe(earliest?.[0] ?? null);
          expect(win.w[3]!.rv).toBe(earliest?.[1] ?? null);
          // The dedupe memory never reaches further back than lateMs.
          expect(win.ts.every((t) => bucketOf(t) >= nowBucket - late + bucketMs)).toBe(true);
        }
      }
    },
  );
});
