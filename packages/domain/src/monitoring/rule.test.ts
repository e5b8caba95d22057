import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { compileRule } from './engine.ts';
import { parseAlarmRule, type AlarmRule } from './rule.ts';

const HOUR = 3_600_000;

const valid: AlarmRule = {
  id: 'rain-RG01',
  version: 3,
  name: 'RG01 雨量与水位',
  subject: 'RG01',
  inputs: {
    rain: { device: 'RG01', metric: 'rain', unit: 'mm' },
    stage: { device: 'WL01', metric: 'stage', noData: null },
  },
  signals: {
    rain1h: { fn: 'sum', input: 'rain', windowMs: HOUR },
    stage: { fn: 'last', input: 'stage' },
    rise: { fn: 'rate', input: 'stage', windowMs: HOUR, perMs: HOUR },
  },
  noData: { timeoutMs: HOUR, handling: 'alarm', level: 'blue' },
  levels: {
    blue: { when: { op: '>=', signal: 'rain1h', raise: 20, clear: 15 } },
    red: {
      when: {
        op: 'all',
        of: [
          { op: '>=', signal: 'rain1h', raise: 50 },
          {
            op: 'any',
            of: [
              { op: '>=', signal: 'stage', raise: 105 },
              { op: '>', signal: 'rise', raise: 0.5 },
            ],
          },
        ],
      },
      raiseAfter: { forMs: 600_000, readings: 2 },
      clearAfter: { forMs: 1_800_000 },
    },
  },
};

function problems(raw: unknown): string[] {
  try {
    parseAlarmRule(raw);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('validation_failed');
    return (e as AppError).details!.map((d) => `${d.path}: ${d.message}`);
  }
  return [];
}

describe('alarm rules as data', () => {
  it('accepts a rule with composites, hysteresis, persistence and no-data policies, unchanged', () => {
    expect(parseAlarmRule(valid)).toEqual(valid);
    expect(JSON.parse(JSON.stringify(parseAlarmRule(valid)))).toEqual(valid);
  });

  it('lists every problem at once: schema errors and cross-references together', () => {
    const bad = {
      ...valid,
      version: 0,
      colour: 'red',
      bucketMs: 60_000,
      inputs: { ...valid.inputs, again: { device: 'RG01', metric: 'rain' } },
      signals: {
        ...valid.signals,
        rain7m: { fn: 'sum', input: 'rain', windowMs: 90_000 },
        ghost: { fn: 'last', input: 'nowhere' },
        wide: { fn: 'sum', input: 'rain', windowMs: 30 * 24 * HOUR },
      },
      noData: { timeoutMs: HOUR, handling: 'alarm', level: 'orange' },
      levels: {
        yellow: { when: { op: '>=', signal: 'rain3h', raise: 30 } },
        orange: { when: { op: '>=', signal: 'rain1h', raise: 40, clear: 45 } },
        red: { when: { op: 'any', of: [] } },
        purple: { when: { op: '>=', signal: 'rain1h', raise: 1 } },
      },
    };
    expect(
      problems(bad)
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(
      [
        '(rule)', // unknown key "colour"
        'version',
        'inputs.again', // same device metric as "rain"
        'signals.rain7m.windowMs', // not a whole number of buckets
        'signals.ghost.input',
        'signals.wide.windowMs', // more than MAX_WINDOW_BUCKETS
        'levels', // unknown level "purple"
        'levels.yellow.when.signal', // no signal rain3h
        'levels.orange.when.clear', // clear above raise for >=
        'levels.red.when.of',
      ].sort(),
    );
  });

  it('rejects a clear threshold on the wrong side of the raise threshold, for rising and falling conditions', () => {
    const withLeaf = (leaf: object) => ({ ...valid, levels: { blue: { when: leaf } } });
    expect(problems(withLeaf({ op: '>=', signal: 'rain1h', raise: 20, clear: 25 }))).toEqual([
      'levels.blue.when.clear: 解除阈值不能高于触发阈值',
    ]);
    expect(problems(withLeaf({ op: '<', signal: 'stage', raise: 2, clear: 1.5 }))).toEqual([
      'levels.blue.when.clear: 解除阈值不能低于触发阈值',
    ]);
    expect(problems(withLeaf({ op: '<=', signal: 'stage', raise: 2, clear: 2.5 }))).toEqual([]);
  });

  it('requires at least one level, and a no-data level the rule defines', () => {
    expect(problems({ ...valid, levels: {} })).toEqual([
      'levels: 至少定义一个预警级别',
      'noData.level: 规则未定义 blue 级',
    ]);
    expect(problems({ ...valid, noData: { timeoutMs: HOUR, handling: 'alarm', level: 'yellow' } })).toEqual([
      'noData.level: 规则未定义 yellow 级',
    ]);
  });

  it('refuses to compile an invalid rule', () => {
    expect(() => compileRule({ ...valid, signals: {} })).toThrow(AppError);
  });
});
