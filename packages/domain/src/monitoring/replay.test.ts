import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import type { SensorReading } from './engine.ts';
import { replayRule } from './replay.ts';
import type { AlarmRule } from './rule.ts';

const T0 = Date.UTC(2025, 6, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;

const rule: AlarmRule = {
  id: 'stage-WL1',
  version: 1,
  name: '水位',
  subject: 'WL1',
  inputs: { stage: { device: 'WL1', metric: 'stage', noData: { timeoutMs: 30 * MIN, handling: 'keep' } } },
  signals: { stage: { fn: 'last', input: 'stage' } },
  levels: {
    yellow: { when: { op: '>=', signal: 'stage', raise: 100, clear: 99.8 }, raiseAfter: { forMs: 10 * MIN } },
    red: { when: { op: '>=', signal: 'stage', raise: 102 } },
  },
};

const reading = (minutes: number, value: number, device = 'WL1'): SensorReading => ({
  device,
  metric: 'stage',
  at: T0 + minutes * MIN,
  value,
});

describe('replayRule', () => {
  it('returns the alarm transitions a rule would have produced over stored history, in time order', () => {
    // Stored history need not be sorted; ties keep their order.
    const history = [
      reading(20, 102.5),
      reading(0, 99),
      reading(5, 100.2),
      reading(10, 100.4),
      reading(30, 101),
      reading(40, 99.5),
    ];
    const r = replayRule(rule, history, T0, T0 + 3 * HOUR);
    expect(r.transitions.map((t) => [t.kind, t.from, t.to, (t.at - T0) / MIN])).toEqual([
      ['raised', null, 'yellow', 15], // ≥ 100 since 00:05, held 10 min: fires at its deadline, no reading needed
      ['escalated', 'yellow', 'red', 20],
      ['deescalated', 'red', 'yellow', 30],
      ['cleared', 'yellow', null, 40],
    ]);
    expect(r.dataEvents.map((e) => [e.kind, (e.at - T0) / MIN])).toEqual([['data_lost', 70]]);
    expect(r.state.alarm).toBeNull();
    expect(r.outcomes).toEqual({ applied: 6, duplicate: 0, superseded: 0, too_late: 0, unrouted: 0 });
  });

  it('uses only the readings of [from, to] and counts the rest, duplicates and other devices', () => {
    const history = [
      reading(-30, 150),
      reading(0, 99),
      reading(0, 99),
      reading(1, 150, 'WL2'),
      reading(300, 150),
    ];
    const r = replayRule(rule, history, T0, T0 + 2 * HOUR);
    expect(r.transitions).toEqual([]);
    expect(r.outside).toBe(2);
    expect(r.outcomes).toMatchObject({ applied: 1, duplicate: 1, unrouted: 1 });
  });

  it('reports an alarm still active at the end of the period in the final state', () => {
    const r = replayRule(rule, [reading(0, 103)], T0, T0 + MIN);
    expect(r.transitions.map((t) => t.kind)).toEqual(['raised']);
    expect(r.state.alarm).toMatchObject({ seq: 1, level: 'red', since: T0 });
  });

  it('rejects an end before the start and an invalid rule', () => {
    expect(() => replayRule(rule, [], T0, T0 - 1)).toThrow(AppError);
    expect(() => replayRule({ ...rule, levels: {} }, [], T0, T0 + 1)).toThrow(AppError);
  });
});
