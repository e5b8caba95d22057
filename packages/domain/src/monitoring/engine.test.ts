import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  applyReading,
  applyTick,
  compileRule,
  createRuleState,
  isAlarmTransition,
  loadRuleState,
  migrateRuleState,
  nextDeadline,
  type AlarmTransition,
  type CompiledRule,
  type RuleEvent,
} from './engine.ts';
import type { AlarmRule, NoDataPolicy, RuleLevel } from './rule.ts';
import { serializeRuleState, type RuleState } from './state.ts';

const T0 = Date.UTC(2025, 6, 1, 0, 0, 0); // 2025-07-01 00:00 UTC
const SEC = 1000;
const MIN = 60 * SEC;
const HOUR = 60 * MIN;

/** One input `x` (device D1, metric m), signal `x` = latest value, and the given levels. */
function valueRule(levels: AlarmRule['levels'], extra: Partial<AlarmRule> = {}): AlarmRule {
  return {
    id: 'rule-1',
    version: 1,
    name: '测试规则',
    subject: 'S1',
    inputs: { x: { device: 'D1', metric: 'm' } },
    signals: { x: { fn: 'last', input: 'x' } },
    levels,
    ...extra,
  };
}

const above = (raise: number, clear?: number, more: Partial<RuleLevel> = {}): RuleLevel => ({
  when: clear === undefined ? { op: '>=', signal: 'x', raise } : { op: '>=', signal: 'x', raise, clear },
  ...more,
});

/** Four levels on one value: blue ≥ 10 (clear < 8), yellow ≥ 20 (< 18), orange ≥ 30 (< 28), red ≥ 40 (< 38). */
const FOUR_LEVELS = valueRule({
  blue: above(10, 8),
  yellow: above(20, 18),
  orange: above(30, 28),
  red: above(40, 38),
});

class Harness {
  readonly cr: CompiledRule;
  state: RuleState;
  readonly events: RuleEvent[] = [];
  constructor(rule: AlarmRule, start = T0) {
    this.cr = compileRule(rule);
    this.state = createRuleState(this.cr, start);
  }
  read(at: number, value: number, device = 'D1', metric = 'm') {
    const r = applyReading(this.cr, this.state, { device, metric, at, value });
    this.events.push(...r.events);
    return r;
  }
  tick(now: number) {
    const e = applyTick(this.cr, this.state, now);
    this.events.push(...e);
    return e;
  }
  get transitions(): AlarmTransition[] {
    return this.events.filter(isAlarmTransition);
  }
  /** Compact form: kind from→to @ minutes after T0. */
  get story(): string[] {
    return this.transitions.map((t) => `${t.kind} ${t.from ?? '-'}→${t.to ?? '-'} @${(t.at - T0) / MIN}`);
  }
}

describe('levels and hysteresis', () => {
  it('raises the level whose raise threshold the value meets, and only once while it stays there', () => {
    const h = new Harness(FOUR_LEVELS);
    h.read(T0, 5);
    h.read(T0 + MIN, 12);
    h.read(T0 + 2 * MIN, 15);
    h.read(T0 + 3 * MIN, 11);
    expect(h.story).toEqual(['raised -→blue @1']);
    expect(h.state.alarm).toMatchObject({ seq: 1, level: 'blue', since: T0 + MIN });
  });

  it('jumps straight to the highest level met (blue skipped when the first value is red)', () => {
    const h = new Harness(FOUR_LEVELS);
    h.read(T0, 45);
    expect(h.story).toEqual(['raised -→red @0']);
  });

  it('escalates yellow → red as the value rises', () => {
    const h = new Harness(FOUR_LEVELS);
    h.read(T0, 22);
    h.read(T0 + MIN, 33);
    h.read(T0 + 2 * MIN, 41);
    expect(h.story).toEqual(['raised -→yellow @0', 'escalated yellow→orange @1', 'escalated orange→red @2']);
  });

  it("de-escalates red → yellow when the value falls below red's clear threshold but stays above yellow's", () => {
    const h = new Harness(FOUR_LEVELS);
    h.read(T0, 45);
    h.read(T0 + MIN, 19); // below red's 38 and orange's 28, above yellow's clear 18
    expect(h.story).toEqual(['raised -→red @0', 'deescalated red→yellow @1']);
    expect(h.state.alarm).toMatchObject({ seq: 1, level: 'yellow', levelSince: T0 + MIN });
  });

  it('holds a level between its clear and raise thresholds (hysteresis) and clears below the clear threshold', () => {
    const h = new Harness(FOUR_LEVELS);
    h.read(T0, 41);
    h.read(T0 + MIN, 39); // < 40 but ≥ 38: red holds
    h.read(T0 + 2 * MIN, 38);
    expect(h.story).toEqual(['raised -→red @0']);
    h.read(T0 + 3 * MIN, 37.9); // red clears; orange (clear 28) holds
    h.read(T0 + 4 * MIN, 9); // below yellow 18 and orange 28 and blue's raise, above blue's clear 8
    h.read(T0 + 5 * MIN, 7.5);
    expect(h.story).toEqual([
      'raised -→red @0',
      'deescalated red→orange @3',
      'deescalated orange→blue @4',
      'cleared blue→- @5',
    ]);
  });

  it('does not re-raise on a value between the clear and raise thresholds after clearing', () => {
    const h = new Harness(FOUR_LEVELS);
    h.read(T0, 12);
    h.read(T0 + MIN, 5);
    h.read(T0 + 2 * MIN, 9); // above blue's clear (8) but below its raise (10)
    expect(h.story).toEqual(['raised -→blue @0', 'cleared blue→- @1']);
  });

  it('numbers episodes: a new alarm after a clear is episode 2', () => {
    const h = new Harness(FOUR_LEVELS);
    h.read(T0, 12);
    h.read(T0 + MIN, 5);
    h.read(T0 + 2 * MIN, 25);
    expect(h.transitions.map((t) => [t.kind, t.alarm])).toEqual([
      ['raised', 1],
      ['cleared', 1],
      ['raised', 2],
    ]);
  });

  it('supports falling thresholds (≤), e.g. a low-level alarm with its clear threshold above', () => {
    const h = new Harness(
      valueRule({
        orange: { when: { op: '<=', signal: 'x', raise: 2, clear: 2.5 } },
        red: { when: { op: '<', signal: 'x', raise: 1 } },
      }),
    );
    h.read(T0, 3);
    h.read(T0 + MIN, 1.9);
    h.read(T0 + 2 * MIN, 0.5);
    h.read(T0 + 3 * MIN, 2.2);
    h.read(T0 + 4 * MIN, 2.6);
    expect(h.story).toEqual([
      'raised -→orange @1',
      'escalated orange→red @2',
      'deescalated red→orange @3',
      'cleared orange→- @4',
    ]);
  });

  it('reports every signal value and the cause with each transition', () => {
    const h = new Harness(FOUR_LEVELS);
    h.read(T0, 31);
    expect(h.transitions[0]).toEqual({
      kind: 'raised',
      rule: 'rule-1',
      version: 1,
      subject: 'S1',
      alarm: 1,
      at: T0,
      from: null,
      to: 'orange',
      cause: 'condition',
      values: { x: 31 },
      stale: [],
    });
  });
});

describe('durations and consecutive readings', () => {
  const tenMinutes = valueRule({ red: above(40, 38, { raiseAfter: { forMs: 10 * MIN } }) });

  it('raises a "for 10 min" level exactly 10 min after the condition first held, on a clock tick (no reading needed)', () => {
    const h = new Harness(tenMinutes);
    h.read(T0, 41);
    expect(nextDeadline(h.state)).toBe(T0 + 10 * MIN);
    expect(h.tick(T0 + 10 * MIN - 1)).toEqual([]);
    h.tick(T0 + 10 * MIN);
    expect(h.story).toEqual(['raised -→red @10']);
  });

  it('restarts the duration when the condition breaks before it elapses', () => {
    const h = new Harness(tenMinutes);
    h.read(T0, 41);
    h.read(T0 + 5 * MIN, 30);
    h.read(T0 + 6 * MIN, 42);
    h.tick(T0 + 15 * MIN);
    expect(h.story).toEqual([]);
    h.tick(T0 + 16 * MIN);
    expect(h.story).toEqual(['raised -→red @16']);
  });

  it('stamps a transition with its deadline even when the tick comes late', () => {
    const h = new Harness(tenMinutes);
    h.read(T0, 41);
    h.tick(T0 + 3 * HOUR);
    expect(h.story).toEqual(['raised -→red @10']);
  });

  it('raises after N consecutive readings over the threshold; a reading under it resets the count', () => {
    const h = new Harness(valueRule({ yellow: above(20, undefined, { raiseAfter: { readings: 3 } }) }));
    h.read(T0, 21);
    h.read(T0 + MIN, 22);
    h.read(T0 + 2 * MIN, 5);
    h.read(T0 + 3 * MIN, 21);
    h.read(T0 + 4 * MIN, 21);
    expect(h.story).toEqual([]);
    h.read(T0 + 5 * MIN, 21);
    expect(h.story).toEqual(['raised -→yellow @5']);
  });

  it('does not count clock ticks as readings', () => {
    const h = new Harness(valueRule({ yellow: above(20, undefined, { raiseAfter: { readings: 2 } }) }));
    h.read(T0, 21);
    for (let m = 1; m < 30; m++) h.tick(T0 + m * MIN);
    expect(h.story).toEqual([]);
    h.read(T0 + 30 * MIN, 21);
    expect(h.story).toEqual(['raised -→yellow @30']);
  });

  it('needs both the duration and the reading count when both are given', () => {
    const h = new Harness(
      valueRule({ yellow: above(20, undefined, { raiseAfter: { forMs: 10 * MIN, readings: 3 } }) }),
    );
    h.read(T0, 21);
    h.read(T0 + MIN, 21);
    h.read(T0 + 2 * MIN, 21); // 3 readings, but only 2 min
    h.tick(T0 + 10 * MIN); // 10 min, 3 readings
    expect(h.story).toEqual(['raised -→yellow @10']);
  });

  it('clears only after the value stayed below the clear threshold for the clear duration', () => {
    const h = new Harness(valueRule({ red: above(40, 38, { clearAfter: { forMs: 30 * MIN } }) }));
    h.read(T0, 45);
    h.read(T0 + MIN, 30);
    h.read(T0 + 20 * MIN, 39); // back above clear: the clear timer restarts
    h.read(T0 + 21 * MIN, 30);
    expect(nextDeadline(h.state)).toBe(T0 + 51 * MIN);
    h.tick(T0 + 50 * MIN);
    expect(h.story).toEqual(['raised -→red @0']);
    h.tick(T0 + 60 * MIN);
    expect(h.story).toEqual(['raised -→red @0', 'cleared red→- @51']);
  });

  it('clears after N consecutive readings below the clear threshold', () => {
    const h = new Harness(valueRule({ red: above(40, 38, { clearAfter: { readings: 2 } }) }));
    h.read(T0, 45);
    h.read(T0 + MIN, 30);
    h.read(T0 + 2 * MIN, 39);
    h.read(T0 + 3 * MIN, 30);
    expect(h.story).toEqual(['raised -→red @0']);
    h.read(T0 + 4 * MIN, 30);
    expect(h.story).toEqual(['raised -→red @0', 'cleared red→- @4']);
  });

  it('de-escalates to a lower level whose own raise duration has not run (the higher level implied it)', () => {
    const h = new Harness(
      valueRule({
        yellow: above(20, 18, { raiseAfter: { forMs: 30 * MIN } }),
        red: above(40, 38),
      }),
    );
    h.read(T0, 45);
    h.read(T0 + MIN, 25);
    expect(h.story).toEqual(['raised -→red @0', 'deescalated red→yellow @1']);
  });
});

describe('rolling accumulations and rates', () => {
  const rainRule = (levels: AlarmRule['levels']): AlarmRule => ({
    id: 'rain',
    version: 1,
    name: '雨量',
    subject: 'RG-01',
    inputs: { rain: { device: 'RG-01', metric: 'rain' } },
    signals: {
      rain1h: { fn: 'sum', input: 'rain', windowMs: HOUR },
      rain3h: { fn: 'sum', input: 'rain', windowMs: 3 * HOUR },
      rain24h: { fn: 'sum', input: 'rain', windowMs: 24 * HOUR },
    },
    levels,
  });

  it('sums the readings of the last hour in one-minute buckets and raises when the sum crosses the threshold', () => {
    const h = new Harness(rainRule({ blue: { when: { op: '>=', signal: 'rain1h', raise: 30 } } }));
    for (let m = 0; m < 60; m += 5) h.read(T0 + m * MIN, 2.5, 'RG-01', 'rain'); // 12 × 2.5 = 30 mm
    expect(h.story).toEqual(['raised -→blue @55']);
    expect(h.transitions[0]!.values).toEqual({ rain1h: 30, rain3h: 30, rain24h: 30 });
  });

  it('keeps sums exact over many decimal increments (0.1 mm × 500 = 50 mm, not 49.999…)', () => {
    const h = new Harness(rainRule({ blue: { when: { op: '>=', signal: 'rain24h', raise: 50 } } }));
    for (let i = 0; i < 500; i++) h.read(T0 + i * MIN, 0.1, 'RG-01', 'rain');
    expect(h.story).toEqual(['raised -→blue @499']);
    expect(h.transitions[0]!.values.rain24h).toBe(50);
  });

  it('clears when rain leaves the window, at the minute the bucket expires, without a new reading', () => {
    const h = new Harness(rainRule({ blue: { when: { op: '>=', signal: 'rain1h', raise: 20 } } }));
    h.read(T0 + 10 * MIN + 30 * SEC, 25, 'RG-01', 'rain'); // bucket 00:10
    expect(h.story).toEqual(['raised -→blue @10.5']);
    // The 1 h window at time t covers the buckets (bucketStart(t) − 59 min … bucketStart(t)]; the
    // 00:10 bucket leaves it at 01:10.
    expect(nextDeadline(h.state)).toBe(T0 + 70 * MIN);
    h.tick(T0 + 69 * MIN + 59 * SEC);
    expect(h.story).toHaveLength(1);
    h.tick(T0 + 2 * HOUR);
    expect(h.story).toEqual(['raised -→blue @10.5', 'cleared blue→- @70']);
  });

  it('does not clear and re-raise when a bucket leaves the window at the very time a new report arrives', () => {
    const h = new Harness(rainRule({ blue: { when: { op: '>=', signal: 'rain1h', raise: 30 } } }));
    // 12 mm every 20 min on the minute: at 01:00 the 00:00 report leaves the 1 h window as the 01:00 one enters.
    for (let m = 0; m <= 120; m += 20) h.read(T0 + m * MIN, 12, 'RG-01', 'rain');
    expect(h.story).toEqual(['raised -→blue @40']);
  });

  it('keeps 1 h, 3 h and 24 h accumulations of one gauge side by side', () => {
    const h = new Harness(rainRule({ blue: { when: { op: '>=', signal: 'rain24h', raise: 1000 } } }));
    for (let m = 0; m < 5 * 60; m += 10) h.read(T0 + m * MIN, 1, 'RG-01', 'rain'); // 30 readings, 00:00–04:50
    h.read(T0 + 5 * HOUR, 0, 'RG-01', 'rain');
    // At 05:00: 1 h = buckets 04:01…05:00 → 04:10 … 04:50 = 5 mm; 3 h = 02:01…05:00 → 02:10 … 04:50 = 17 mm;
    // 24 h = all 30 mm.
    const raised = applyReading(h.cr, h.state, {
      device: 'RG-01',
      metric: 'rain',
      at: T0 + 5 * HOUR + 1,
      value: 1000,
    });
    expect(raised.events.filter(isAlarmTransition)[0]!.values).toEqual({
      rain1h: 1005,
      rain3h: 1017,
      rain24h: 1030,
    });
  });

  it('measures a rise rate over a window and raises on it (m per hour)', () => {
    const h = new Harness({
      id: 'stage',
      version: 1,
      name: '水位涨率',
      subject: 'WL-1',
      inputs: { stage: { device: 'WL-1', metric: 'stage' } },
      signals: { rise: { fn: 'rate', input: 'stage', windowMs: HOUR, perMs: HOUR } },
      levels: { orange: { when: { op: '>=', signal: 'rise', raise: 0.5, clear: 0.3 } } },
    });
    // 0.01 m/min = 0.6 m/h; unknown for the first half hour (minSpan = window/2).
    for (let m = 0; m <= 29; m++) h.read(T0 + m * MIN, 100 + 0.01 * m, 'WL-1', 'stage');
    expect(h.story).toEqual([]);
    h.read(T0 + 30 * MIN, 100.3, 'WL-1', 'stage');
    expect(h.story).toEqual(['raised -→orange @30']);
    expect(h.transitions[0]!.values.rise).toBeCloseTo(0.6, 9);
    // Level flat for an hour: the rate over the window falls to 0 → clears once below 0.3 m/h.
    for (let m = 31; m <= 120; m++) h.read(T0 + m * MIN, 100.3, 'WL-1', 'stage');
    expect(h.story.at(-1)).toMatch(/^cleared orange→-/);
  });
});

describe('composites across devices', () => {
  const composite = (op: 'all' | 'any'): AlarmRule => ({
    id: 'flood',
    version: 1,
    name: '雨量与河道水位',
    subject: 'V1',
    inputs: { rain: { device: 'RG-01', metric: 'rain' }, stage: { device: 'WL-01', metric: 'stage' } },
    signals: { rain1h: { fn: 'sum', input: 'rain', windowMs: HOUR }, stage: { fn: 'last', input: 'stage' } },
    levels: {
      orange: {
        when: {
          op,
          of: [
            { op: '>=', signal: 'rain1h', raise: 30 },
            { op: '>=', signal: 'stage', raise: 105, clear: 104.5 },
          ],
        },
      },
    },
  });

  it('raises an AND composite only when rain and river level are both over their thresholds', () => {
    const h = new Harness(composite('all'));
    h.read(T0, 35, 'RG-01', 'rain');
    h.read(T0 + MIN, 104, 'WL-01', 'stage');
    expect(h.story).toEqual([]);
    h.read(T0 + 2 * MIN, 105.2, 'WL-01', 'stage');
    expect(h.story).toEqual(['raised -→orange @2']);
    h.read(T0 + 3 * MIN, 104.6, 'WL-01', 'stage'); // stage holds above its clear threshold
    h.read(T0 + 4 * MIN, 104.4, 'WL-01', 'stage');
    expect(h.story).toEqual(['raised -→orange @2', 'cleared orange→- @4']);
  });

  it('raises an OR composite when either device crosses its threshold', () => {
    const h = new Harness(composite('any'));
    h.read(T0, 104, 'WL-01', 'stage');
    h.read(T0 + MIN, 31, 'RG-01', 'rain');
    expect(h.story).toEqual(['raised -→orange @1']);
  });
});

describe('no-data watchdog', () => {
  const withNoData = (noData: NoDataPolicy) =>
    valueRule({ yellow: above(20, 18), red: above(40, 38) }, { noData });

  it('reports data lost at last reading + timeout, driven by the clock, and data restored with the next reading', () => {
    const h = new Harness(withNoData({ timeoutMs: 15 * MIN, handling: 'keep' }));
    h.read(T0 + 2 * MIN, 5);
    expect(nextDeadline(h.state)).toBe(T0 + 17 * MIN);
    h.tick(T0 + 17 * MIN - 1);
    expect(h.events).toEqual([]);
    h.tick(T0 + 20 * MIN);
    expect(h.events).toMatchObject([
      { kind: 'data_lost', input: 'x', device: 'D1', metric: 'm', at: T0 + 17 * MIN, lastAt: T0 + 2 * MIN },
    ]);
    h.read(T0 + 25 * MIN, 5);
    expect(h.events.at(-1)).toMatchObject({
      kind: 'data_restored',
      at: T0 + 25 * MIN,
      lastAt: T0 + 25 * MIN,
    });
  });

  it('counts the timeout from the rule start for an input that never reported', () => {
    const h = new Harness(withNoData({ timeoutMs: 15 * MIN, handling: 'alarm', level: 'yellow' }));
    h.tick(T0 + HOUR);
    expect(h.events.map((e) => [e.kind, (e.at - T0) / MIN])).toEqual([
      ['data_lost', 15],
      ['raised', 15],
    ]);
    expect(h.transitions[0]).toMatchObject({ to: 'yellow', cause: 'no_data', stale: ['x'] });
  });

  it('"alarm": raises the configured level on time and keeps a higher alarm up while the device is silent', () => {
    const h = new Harness(withNoData({ timeoutMs: 15 * MIN, handling: 'alarm', level: 'yellow' }));
    h.read(T0, 45);
    h.tick(T0 + 2 * HOUR);
    expect(h.story).toEqual(['raised -→red @0']); // a gauge lost during a red storm does not downgrade it
    h.read(T0 + 2 * HOUR, 5); // data back and normal
    expect(h.story).toEqual(['raised -→red @0', 'cleared red→- @120']);
  });

  it('"alarm": a silent device with normal last values raises the no-data level, which clears when data returns', () => {
    const h = new Harness(withNoData({ timeoutMs: 15 * MIN, handling: 'alarm', level: 'yellow' }));
    h.read(T0, 5);
    h.tick(T0 + HOUR);
    h.read(T0 + HOUR + MIN, 6);
    expect(h.story).toEqual(['raised -→yellow @15', 'cleared yellow→- @61']);
  });

  it('"keep": keeps the last state while the device is silent', () => {
    const h = new Harness(withNoData({ timeoutMs: 15 * MIN, handling: 'keep' }));
    h.read(T0, 25);
    h.tick(T0 + 5 * HOUR);
    expect(h.story).toEqual(['raised -→yellow @0']);
    expect(h.state.alarm?.level).toBe('yellow');
  });

  it('"normal": treats the silent device as normal, so the alarm clears at the timeout', () => {
    const h = new Harness(withNoData({ timeoutMs: 15 * MIN, handling: 'normal' }));
    h.read(T0, 45);
    h.tick(T0 + HOUR);
    expect(h.story).toEqual(['raised -→red @0', 'cleared red→- @15']);
    expect(h.transitions[1]!.cause).toBe('no_data');
  });

  it('lets an input override the rule default or turn its watchdog off', () => {
    const rule: AlarmRule = {
      ...withNoData({ timeoutMs: 15 * MIN, handling: 'keep' }),
      inputs: { x: { device: 'D1', metric: 'm', noData: null } },
    };
    const h = new Harness(rule);
    expect(nextDeadline(h.state)).toBeNull();
    h.tick(T0 + 10 * HOUR);
    expect(h.events).toEqual([]);
  });
});

describe('restart: state is plain JSON', () => {
  const tenMinutes = valueRule({ red: above(40, 38, { raiseAfter: { forMs: 10 * MIN } }) });
  const restart = (h: Harness) => {
    h.state = loadRuleState(compileRule(tenMinutes), JSON.parse(serializeRuleState(h.state)));
  };

  it('fires a pending 10-min duration started before a restart at the right time, not later or earlier', () => {
    const h = new Harness(tenMinutes);
    h.read(T0, 41);
    h.tick(T0 + 3 * MIN);
    restart(h);
    expect(nextDeadline(h.state)).toBe(T0 + 10 * MIN);
    h.tick(T0 + 10 * MIN - 1);
    expect(h.story).toEqual([]);
    h.tick(T0 + 10 * MIN);
    expect(h.story).toEqual(['raised -→red @10']);
  });

  it('fires a duration that came due while the server was down at its due time on the first tick after the restart', () => {
    const h = new Harness(tenMinutes);
    h.read(T0, 41);
    restart(h);
    h.tick(T0 + 47 * MIN);
    expect(h.story).toEqual(['raised -→red @10']);
  });

  it('keeps accumulations, counters and the active alarm across a restart', () => {
    const rule: AlarmRule = {
      id: 'rain',
      version: 1,
      name: '雨量',
      subject: 'RG',
      inputs: { rain: { device: 'RG', metric: 'rain' } },
      signals: { rain1h: { fn: 'sum', input: 'rain', windowMs: HOUR } },
      levels: {
        blue: { when: { op: '>=', signal: 'rain1h', raise: 10 } },
        red: { when: { op: '>=', signal: 'rain1h', raise: 20 }, raiseAfter: { readings: 3 } },
      },
    };
    const cr = compileRule(rule);
    const st = createRuleState(cr, T0);
    applyReading(cr, st, { device: 'RG', metric: 'rain', at: T0, value: 15 });
    applyReading(cr, st, { device: 'RG', metric: 'rain', at: T0 + MIN, value: 6 });
    applyReading(cr, st, { device: 'RG', metric: 'rain', at: T0 + 2 * MIN, value: 1 });
    const again = loadRuleState(cr, serializeRuleState(st));
    expect(again).toEqual(st);
    const r = applyReading(cr, again, { device: 'RG', metric: 'rain', at: T0 + 3 * MIN, value: 1 });
    expect(r.events.filter(isAlarmTransition).map((t) => [t.kind, t.to, t.values.rain1h])).toEqual([
      ['escalated', 'red', 23],
    ]);
  });

  it('rejects a stored state of another rule version or a malformed one, listing the problems', () => {
    const cr = compileRule(tenMinutes);
    const st = createRuleState(cr, T0);
    const v2 = compileRule({ ...tenMinutes, version: 2 });
    expect(() => applyReading(v2, st, { device: 'D1', metric: 'm', at: T0, value: 1 })).toThrow(AppError);
    expect(() => loadRuleState(v2, serializeRuleState(st))).toThrow(/第 1 版/);
    try {
      loadRuleState(cr, { ...st, now: 'yesterday', leaves: [7] });
      expect.unreachable();
    } catch (e) {
      expect((e as AppError).details?.map((d) => d.path).sort()).toEqual(['leaves.0', 'now']);
    }
  });
});

describe('duplicate and out-of-order readings', () => {
  const rain: AlarmRule = {
    id: 'rain',
    version: 1,
    name: '雨量',
    subject: 'RG',
    inputs: { rain: { device: 'RG', metric: 'rain' }, stage: { device: 'WL', metric: 'stage' } },
    signals: {
      rain1h: { fn: 'sum', input: 'rain', windowMs: HOUR },
      rain3h: { fn: 'sum', input: 'rain', windowMs: 3 * HOUR },
      stage: { fn: 'last', input: 'stage' },
    },
    levels: {
      yellow: { when: { op: '>=', signal: 'rain1h', raise: 20 } },
      red: { when: { op: '>=', signal: 'stage', raise: 10 } },
    },
  };
  const tot = (st: RuleState) => st.inputs[0]!.win!.w.map((w) => w.tot / 1e6);

  it('ignores a re-sent reading: same (device, metric, timestamp) changes nothing, even with another value', () => {
    const h = new Harness(rain);
    expect(h.read(T0, 15, 'RG', 'rain').outcome).toBe('applied');
    const before = serializeRuleState(h.state);
    expect(h.read(T0, 15, 'RG', 'rain').outcome).toBe('duplicate');
    expect(h.read(T0, 99, 'RG', 'rain').outcome).toBe('duplicate');
    expect(serializeRuleState(h.state)).toBe(before);
    h.read(T0 + MIN, 3, 'RG', 'rain');
    expect(h.read(T0, 15, 'RG', 'rain').outcome).toBe('duplicate'); // an older duplicate too
    expect(tot(h.state)).toEqual([18, 18]);
    expect(h.read(T0 + 5 * MIN, 9, 'WL', 'stage').outcome).toBe('applied');
    expect(h.read(T0 + 5 * MIN, 11, 'WL', 'stage').outcome).toBe('duplicate');
    expect(h.state.alarm).toBeNull();
  });

  it('counts a late reading in the windows that reach back to it and raises at the current time', () => {
    const h = new Harness(rain);
    h.read(T0 + 30 * MIN, 12, 'RG', 'rain');
    const late = h.read(T0 + 10 * MIN, 9, 'RG', 'rain');
    expect(late.outcome).toBe('applied');
    expect(tot(h.state)).toEqual([21, 21]);
    expect(h.story).toEqual(['raised -→yellow @30']);
    expect(h.state.inputs[0]).toMatchObject({ at: T0 + 30 * MIN, v: 12 }); // the latest stays the latest
  });

  it('counts a reading late for the 1 h window in the 3 h window only (when the rule accepts 3 h late)', () => {
    const h = new Harness({ ...rain, lateMs: 3 * HOUR });
    h.read(T0 + 2 * HOUR, 1, 'RG', 'rain');
    expect(h.read(T0 + 30 * MIN, 5, 'RG', 'rain').outcome).toBe('applied');
    expect(tot(h.state)).toEqual([1, 6]);
  });

  it('treats a reading more than lateMs (default 1 h) behind its input as too late, and remembers only that span', () => {
    const h = new Harness(rain);
    for (let m = 0; m <= 150; m += 5) h.read(T0 + m * MIN, 0.5, 'RG', 'rain');
    expect(h.read(T0 + 80 * MIN, 9, 'RG', 'rain').outcome).toBe('too_late'); // 70 min behind 02:30
    expect(h.read(T0 + 95 * MIN, 9, 'RG', 'rain').outcome).toBe('duplicate');
    expect(h.state.inputs[0]!.win!.ts).toEqual(Array.from({ length: 12 }, (_, k) => T0 + (95 + 5 * k) * MIN));
  });

  it('ignores a reading older than the longest window (too late) and an older value of a latest-value input', () => {
    const h = new Harness(rain);
    h.read(T0 + 4 * HOUR, 1, 'RG', 'rain');
    expect(h.read(T0 + 30 * MIN, 50, 'RG', 'rain').outcome).toBe('too_late');
    h.read(T0 + 4 * HOUR, 5, 'WL', 'stage');
    expect(h.read(T0 + 3 * HOUR, 12, 'WL', 'stage').outcome).toBe('superseded');
    expect(h.state.alarm).toBeNull();
    expect(tot(h.state)).toEqual([1, 1]);
  });

  it('rejects a reading whose value or time is not a finite number (it would poison the sums)', () => {
    const h = new Harness(rain);
    expect(() => h.read(T0, Number.NaN, 'RG', 'rain')).toThrow(AppError);
    expect(() => h.read(T0 + 0.5, 1, 'RG', 'rain')).toThrow(AppError);
    expect(h.state.inputs[0]!.at).toBeNull();
  });

  it('ignores readings of devices the rule does not read', () => {
    const h = new Harness(rain);
    expect(h.read(T0, 100, 'OTHER', 'rain')).toEqual({ outcome: 'unrouted', events: [] });
    expect(h.read(T0, 100, 'RG', 'temperature').outcome).toBe('unrouted');
  });
});

describe('nextDeadline', () => {
  it('is the earliest of pending durations, window expiries and no-data timeouts, and null when nothing is pending', () => {
    const rule: AlarmRule = {
      id: 'r',
      version: 1,
      name: 'r',
      subject: 's',
      inputs: {
        rain: { device: 'RG', metric: 'rain', noData: { timeoutMs: 2 * HOUR, handling: 'keep' } },
        x: { device: 'D1', metric: 'm' },
      },
      signals: { rain1h: { fn: 'sum', input: 'rain', windowMs: HOUR }, x: { fn: 'last', input: 'x' } },
      levels: { red: { when: { op: '>=', signal: 'x', raise: 40 }, raiseAfter: { forMs: 20 * MIN } } },
    };
    const h = new Harness(rule);
    expect(nextDeadline(h.state)).toBe(T0 + 2 * HOUR); // watchdog from the start
    h.read(T0 + 5 * MIN, 1, 'RG', 'rain');
    expect(nextDeadline(h.state)).toBe(T0 + 65 * MIN); // the 00:05 bucket leaves the 1 h window
    h.read(T0 + 10 * MIN, 45);
    expect(nextDeadline(h.state)).toBe(T0 + 30 * MIN); // red's 20 min
    h.tick(T0 + 30 * MIN);
    expect(nextDeadline(h.state)).toBe(T0 + 65 * MIN);
    h.tick(T0 + 65 * MIN);
    expect(nextDeadline(h.state)).toBe(T0 + 125 * MIN); // watchdog: 00:05 + 2 h
    const quiet = new Harness(valueRule({ red: above(40) }));
    expect(nextDeadline(quiet.state)).toBeNull();
  });
});

describe('rule versions', () => {
  it('keeps a lost input lost across a new version (no second data_lost), and drops the flag where the watchdog is gone', () => {
    const v1 = valueRule({ red: above(40) }, { noData: { timeoutMs: 10 * MIN, handling: 'keep' } });
    const h = new Harness(v1);
    h.read(T0, 5);
    h.tick(T0 + HOUR);
    expect(h.events.map((e) => e.kind)).toEqual(['data_lost']);
    const same = migrateRuleState(compileRule({ ...v1, version: 2 }), h.state, T0 + HOUR);
    expect(same.events).toEqual([]);
    expect(same.state.inputs[0]!.stale).toBe(true);
    const noWatchdog = migrateRuleState(
      compileRule({ ...v1, version: 3, noData: undefined }),
      h.state,
      T0 + HOUR,
    );
    expect(noWatchdog.state.inputs[0]!.stale).toBe(false);
    expect(nextDeadline(noWatchdog.state)).toBeNull();
  });

  it('moves a state to a new version keeping accumulations and the active alarm, then applies the new thresholds', () => {
    const v1: AlarmRule = {
      id: 'rain',
      version: 1,
      name: '雨量',
      subject: 'RG',
      inputs: { rain: { device: 'RG', metric: 'rain' } },
      signals: { rain1h: { fn: 'sum', input: 'rain', windowMs: HOUR } },
      levels: {
        yellow: { when: { op: '>=', signal: 'rain1h', raise: 20 } },
        red: { when: { op: '>=', signal: 'rain1h', raise: 40 } },
      },
    };
    const h = new Harness(v1);
    h.read(T0, 25, 'RG', 'rain');
    h.read(T0 + MIN, 20, 'RG', 'rain');
    expect(h.state.alarm).toMatchObject({ seq: 1, level: 'red' });
    const v2 = compileRule({
      ...v1,
      version: 2,
      signals: { ...v1.signals, rain3h: { fn: 'sum', input: 'rain', windowMs: 3 * HOUR } },
      levels: {
        yellow: { when: { op: '>=', signal: 'rain1h', raise: 20 } },
        red: { when: { op: '>=', signal: 'rain1h', raise: 60 } },
      },
    });
    const { state, events } = migrateRuleState(v2, h.state, T0 + 2 * MIN);
    expect(state.version).toBe(2);
    expect(state.inputs[0]!.win!.w.map((w) => w.tot / 1e6)).toEqual([45, 45]);
    expect(events.filter(isAlarmTransition).map((t) => [t.kind, t.from, t.to, t.alarm, t.version])).toEqual([
      ['deescalated', 'red', 'yellow', 1, 2],
    ]);
  });
});
