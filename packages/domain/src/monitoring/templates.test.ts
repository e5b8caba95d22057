import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  applyReading,
  compileRule,
  createRuleState,
  isAlarmTransition,
  type SensorReading,
} from './engine.ts';
import type { AlarmRule } from './rule.ts';
import {
  ALARM_RULE_TEMPLATES,
  buildRuleFromTemplate,
  flashFloodRule,
  gasDetectorRule,
  landslideRule,
  RAINSTORM_SIGNAL_THRESHOLDS,
  rainstormSignalRule,
  tankRule,
  waterLevelRule,
} from './templates.ts';

const T0 = Date.UTC(2025, 6, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;
const noData = null;

/** Feeds readings in order and returns "kind from→to @minutes" for every alarm transition. */
function story(rule: AlarmRule, readings: SensorReading[]): string[] {
  const cr = compileRule(rule);
  const st = createRuleState(cr, T0);
  return readings
    .flatMap((r) => applyReading(cr, st, r).events)
    .filter(isAlarmTransition)
    .map((t) => `${t.kind} ${t.from ?? '-'}→${t.to ?? '-'} @${(t.at - T0) / MIN}`);
}

const series = (
  device: string,
  metric: string,
  points: [minutes: number, value: number][],
): SensorReading[] => points.map(([m, value]) => ({ device, metric, at: T0 + m * MIN, value }));

function problemPaths(build: () => unknown): string[] {
  try {
    build();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return ((e as AppError).details ?? []).map((d) => d.path).sort();
  }
  return [];
}

describe('暴雨预警信号 template (STANDARDS.md §3, 《气象灾害预警信号及防御指南》 2007)', () => {
  const gauge = { device: 'RG-01', metric: 'rain' };
  const rule = rainstormSignalRule({ id: 'rs-RG-01', subject: 'RG-01', gauge, noData });
  const rain = (points: [number, number][]) => series('RG-01', 'rain', points);

  it('§3 thresholds: 蓝 ≥50 mm/12 h, 黄 ≥50 mm/6 h, 橙 ≥50 mm/3 h, 红 ≥100 mm/3 h', () => {
    expect(RAINSTORM_SIGNAL_THRESHOLDS).toEqual({
      blue: { window: '12h', mm: 50 },
      yellow: { window: '6h', mm: 50 },
      orange: { window: '3h', mm: 50 },
      red: { window: '3h', mm: 100 },
    });
    expect(rule.levels).toEqual({
      blue: { when: { op: '>=', signal: 'rain12h', raise: 50 } },
      yellow: { when: { op: '>=', signal: 'rain6h', raise: 50 } },
      orange: { when: { op: '>=', signal: 'rain3h', raise: 50 } },
      red: { when: { op: '>=', signal: 'rain3h', raise: 100 } },
    });
    expect(Object.keys(rule.signals)).toEqual(['rain1h', 'rain3h', 'rain6h', 'rain12h', 'rain24h']);
  });

  it('§3 蓝: 50 mm over 7 h (under 50 mm in any 6 h) raises blue', () => {
    expect(story(rule, rain([0, 105, 210, 315, 420].map((m) => [m, 10])))).toEqual(['raised -→blue @420']);
  });

  it('§3 黄: 50 mm over 4 h raises yellow, not orange (30 mm in the last 3 h)', () => {
    expect(story(rule, rain([0, 60, 120, 180, 240].map((m) => [m, 10])))).toEqual(['raised -→yellow @240']);
  });

  it('§3 橙 then 红: 25 mm every half hour reaches 50 mm in 3 h (orange), then 100 mm in 3 h (red)', () => {
    expect(story(rule, rain([0, 30, 60, 90].map((m) => [m, 25])))).toEqual([
      'raised -→orange @30',
      'escalated orange→red @90',
    ]);
  });

  it('steps down as rain leaves the 3 h window: red → … as accumulations fall (signals are rolling)', () => {
    const s = story(
      rule,
      rain([
        [0, 100],
        [200, 0],
        [380, 0],
        [730, 0],
        [800, 0],
      ]),
    );
    expect(s).toEqual([
      'raised -→red @0',
      // At 03:00 the 00:00 bucket leaves the 3 h window: 3 h = 0, 6 h = 100 → yellow.
      'deescalated red→yellow @180',
      'deescalated yellow→blue @360',
      'cleared blue→- @720',
    ]);
  });

  it('§3 Gansu caveat: thresholds are configuration per station (override or drop a level)', () => {
    const gansu = rainstormSignalRule({
      id: 'rs-gs',
      subject: 'RG-01',
      gauge,
      noData,
      thresholds: { red: { window: '3h', mm: 80 }, blue: null },
      deadband: 5,
    });
    expect(gansu.levels.blue).toBeUndefined();
    expect(gansu.levels.red).toEqual({ when: { op: '>=', signal: 'rain3h', raise: 80, clear: 75 } });
    expect(
      story(
        gansu,
        rain([
          [0, 40],
          [30, 40],
        ]),
      ),
    ).toEqual(['raised -→red @30']);
  });
});

describe('山洪临界雨量 template (STANDARDS.md §8, per-village critical rainfall)', () => {
  // §8's 湖南江华县 example table, used here only as the format example it is (values are local):
  // 四级/蓝 35/55/70/100, 三级/黄 45/75/95/130, 二级/橙 60/100/120/160, 一级/红 80/120/150/200 (1/3/6/24 h).
  const table = {
    blue: { '1h': 35, '3h': 55, '6h': 70, '24h': 100 },
    yellow: { '1h': 45, '3h': 75, '6h': 95, '24h': 130 },
    orange: { '1h': 60, '3h': 100, '6h': 120, '24h': 160 },
    red: { '1h': 80, '3h': 120, '6h': 150, '24h': 200 },
  };
  const gauges = [
    { device: 'RG-A', metric: 'rain' },
    { device: 'RG-B', metric: 'rain' },
  ];
  const rule = flashFloodRule({
    id: 'ff-v1',
    subject: '621026101001',
    gauges,
    criticalRainfall: table,
    noData,
  });

  it('§8: a level is met when any gauge reaches any duration of its critical rainfall', () => {
    expect(rule.levels.blue!.when).toEqual({
      op: 'any',
      of: [
        { op: '>=', signal: 'g1_rain1h', raise: 35 },
        { op: '>=', signal: 'g1_rain3h', raise: 55 },
        { op: '>=', signal: 'g1_rain6h', raise: 70 },
        { op: '>=', signal: 'g1_rain24h', raise: 100 },
        { op: '>=', signal: 'g2_rain1h', raise: 35 },
        { op: '>=', signal: 'g2_rain3h', raise: 55 },
        { op: '>=', signal: 'g2_rain6h', raise: 70 },
        { op: '>=', signal: 'g2_rain24h', raise: 100 },
      ],
    });
  });

  it('§8: 12 mm every 20 min at gauge B reaches 36 mm in 1 h (蓝), then 84 mm in 3 h (黄 by the 3 h column)', () => {
    const readings = [
      ...series('RG-A', 'rain', [[0, 2]]),
      ...series(
        'RG-B',
        'rain',
        [0, 20, 40, 60, 80, 100, 120, 140].map((m): [number, number] => [m, 12]),
      ),
    ];
    expect(story(rule, readings)).toEqual(['raised -→blue @40', 'escalated blue→yellow @120']);
  });

  it('§8: rain leaving the 1 h window lowers the level again when no longer duration holds it', () => {
    const readings = series('RG-B', 'rain', [
      [10, 36],
      [75, 0],
    ]);
    expect(story(rule, readings)).toEqual(['raised -→blue @10', 'cleared blue→- @70']);
  });

  it('requires the village table (no national values exist), listing each missing part', () => {
    expect(
      problemPaths(() =>
        flashFloodRule({ id: 'x', subject: 'v', gauges: [], criticalRainfall: { red: {} }, noData }),
      ),
    ).toEqual(['criticalRainfall.red', 'gauges']);
  });
});

describe('水位 template (STANDARDS.md §8: 警戒水位 / 保证水位 per gauge, rise rate)', () => {
  const rule = waterLevelRule({
    id: 'wl-1',
    subject: 'WL-1',
    gauge: { device: 'WL-1', metric: 'stage' },
    warningStage: 102.0,
    guaranteeStage: 104.5,
    rise: { mPerHour: { orange: 0.3 } },
    deadband: 0.1,
    noData: { timeoutMs: HOUR, handling: 'alarm', level: 'yellow' },
  });

  it('§8: 警戒水位 raises 黄 and 保证水位 raises 红 by default (the level mapping is configuration); rise rate raises 橙', () => {
    expect(rule.levels).toEqual({
      yellow: { when: { op: '>=', signal: 'stage', raise: 102, clear: 101.9 } },
      orange: { when: { op: '>=', signal: 'rise', raise: 0.3 } },
      red: { when: { op: '>=', signal: 'stage', raise: 104.5, clear: 104.4 } },
    });
    expect(rule.signals.rise).toEqual({ fn: 'rate', input: 'stage', windowMs: HOUR, perMs: HOUR });
  });

  it('§8: rising 0.6 m/h from below 警戒水位 raises 橙 on the rate, 红 at 保证水位, then steps down and clears', () => {
    const points: [number, number][] = [];
    for (let m = 0; m <= 300; m += 10) points.push([m, 101.5 + m / 100]); // 0.01 m/min = 0.6 m/h
    points.push([310, 104.2], [320, 103.0], [330, 101.8]);
    expect(story(rule, series('WL-1', 'stage', points))).toEqual([
      'raised -→orange @30', // the rate is known after half its window (30 min): 0.6 m/h ≥ 0.3
      'escalated orange→red @300', // 101.5 + 3.0 = 104.5 = 保证水位
      'deescalated red→yellow @310', // below 104.4 (deadband 0.1); rise now 0.12 m/h; still over 101.9
      'cleared yellow→- @330', // 101.8 < 警戒水位 − deadband
    ]);
  });

  it('clear thresholds are the threshold ∓ deadband as written, without binary noise (5.4 − 0.05 = 5.35)', () => {
    const r = waterLevelRule({
      id: 'wl-2',
      subject: 'WL-2',
      gauge: { device: 'WL-2', metric: 'stage' },
      warningStage: 3.8,
      guaranteeStage: 5.4,
      deadband: 0.05,
      noData: null,
    });
    expect(r.levels.red?.when).toEqual({ op: '>=', signal: 'stage', raise: 5.4, clear: 5.35 });
  });

  it('rejects a 保证水位 not above 警戒水位 and a level mapping that is not increasing', () => {
    expect(
      problemPaths(() =>
        waterLevelRule({
          id: 'x',
          subject: 'x',
          gauge: { device: 'd', metric: 'm' },
          warningStage: 5,
          guaranteeStage: 5,
          stageLevels: { warning: 'red', guarantee: 'orange' },
          noData,
        }),
      ),
    ).toEqual(['guaranteeStage', 'stageLevels.guarantee']);
  });
});

describe('滑坡位移速率 template (STANDARDS.md §6.3: per-slope rate thresholds; §6.2 levels)', () => {
  const rule = landslideRule({
    id: 'ls-1',
    subject: 'HP-07',
    sensor: { device: 'GNSS-7', metric: 'disp' },
    ratesMmPerDay: { yellow: 5, orange: 10, red: 20 },
    noData,
  });

  it('§6.3: no national rate threshold, so the rates (mm/d) are required', () => {
    expect(
      problemPaths(() =>
        landslideRule({
          id: 'x',
          subject: 'x',
          sensor: { device: 'd', metric: 'm' },
          ratesMmPerDay: {},
          noData,
        }),
      ),
    ).toEqual(['ratesMmPerDay']);
  });

  it('§6.3: a 24 h displacement rate of 12 mm/d raises 橙 once 12 h of data exist; acceleration to 24 mm/d raises 红', () => {
    const points: [number, number][] = [];
    for (let h = 0; h <= 24; h++) points.push([h * 60, h * 0.5]); // 12 mm/d
    for (let h = 25; h <= 48; h++) points.push([h * 60, 12 + (h - 24) * 1]); // 24 mm/d from here on
    const s = story(rule, series('GNSS-7', 'disp', points));
    expect(s[0]).toBe('raised -→orange @720');
    expect(s.at(-1)).toMatch(/^escalated orange→red @/);
  });
});

describe('气体检测报警 template (GB/T 50493-2019 §5.5, as configuration)', () => {
  const detector = { device: 'GD-3', metric: 'lel' };

  it('GB/T 50493-2019 §5.5: combustible gas 一级报警 25 %LEL and 二级报警 50 %LEL by default (→ 橙 / 红)', () => {
    const rule = gasDetectorRule({ id: 'gas-3', subject: 'E-1/GD-3', gas: 'combustible', detector, noData });
    expect(rule.levels).toEqual({
      orange: { when: { op: '>=', signal: 'concentration', raise: 25 } },
      red: { when: { op: '>=', signal: 'concentration', raise: 50 } },
    });
    expect(
      story(
        rule,
        series('GD-3', 'lel', [
          [0, 24.9],
          [1, 25],
          [2, 51],
          [3, 10],
        ]),
      ),
    ).toEqual(['raised -→orange @1', 'escalated orange→red @2', 'cleared red→- @3']);
  });

  it('GB/T 50493-2019 §5.5: toxic gas 一级 100 %OEL and 二级 200 %OEL of the configured OEL', () => {
    const rule = gasDetectorRule({
      id: 'h2s-1',
      subject: 'E-1/GD-4',
      gas: 'toxic',
      detector: { device: 'GD-4', metric: 'h2s' },
      oel: 10, // mg/m³, as configured for the substance
      unit: 'mg/m³',
      noData,
    });
    expect(rule.inputs.gas).toEqual({ device: 'GD-4', metric: 'h2s', unit: 'mg/m³' });
    expect(rule.levels.orange!.when).toEqual({ op: '>=', signal: 'concentration', raise: 10 });
    expect(rule.levels.red!.when).toEqual({ op: '>=', signal: 'concentration', raise: 20 });
  });

  it('GB/T 50493-2019 §5.5: set points are ceilings ("应小于或等于"): 30 %LEL and a 二级 below the 一级 are rejected', () => {
    expect(
      problemPaths(() =>
        gasDetectorRule({ id: 'g', subject: 's', gas: 'combustible', detector, firstAlarm: 30, noData }),
      ),
    ).toEqual(['firstAlarm']);
    expect(
      problemPaths(() =>
        gasDetectorRule({
          id: 'g',
          subject: 's',
          gas: 'combustible',
          detector,
          firstAlarm: 20,
          secondAlarm: 15,
          noData,
        }),
      ),
    ).toEqual(['secondAlarm']);
    const lower = gasDetectorRule({
      id: 'g',
      subject: 's',
      gas: 'combustible',
      detector,
      firstAlarm: 20,
      secondAlarm: 40,
      noData,
    });
    expect(lower.levels.orange!.when).toMatchObject({ raise: 20 });
  });
});

describe('储罐 template (per-tank 高/高高, 低/低低 limits; no national numbers)', () => {
  const rule = tankRule({
    id: 'tank-T1',
    subject: 'T1',
    level: {
      sensor: { device: 'T1', metric: 'level' },
      high: 8,
      highHigh: 9,
      low: 1,
      lowLow: 0.5,
      deadband: 0.1,
    },
    pressure: { sensor: { device: 'T1', metric: 'pressure' }, high: 0.3, highHigh: 0.35 },
    temperature: { sensor: { device: 'T1', metric: 'temp' }, high: 40 },
    noData: { timeoutMs: 10 * MIN, handling: 'alarm' },
  });

  it('raises 橙 on any 高/低 limit and 红 on any 高高/低低 limit, each with its deadband', () => {
    expect(rule.levels.orange!.when).toEqual({
      op: 'any',
      of: [
        { op: '>=', signal: 'level', raise: 8, clear: 7.9 },
        { op: '<=', signal: 'level', raise: 1, clear: 1.1 },
        { op: '>=', signal: 'pressure', raise: 0.3 },
        { op: '>=', signal: 'temperature', raise: 40 },
      ],
    });
    const readings = [
      ...series('T1', 'level', [[0, 5]]),
      ...series('T1', 'pressure', [[1, 0.31]]),
      ...series('T1', 'level', [[2, 0.4]]),
      ...series('T1', 'level', [
        [3, 1.05],
        [4, 1.2],
      ]),
      ...series('T1', 'pressure', [[5, 0.2]]),
    ];
    expect(story(rule, readings)).toEqual([
      'raised -→orange @1',
      'escalated orange→red @2',
      'deescalated red→orange @3',
      'cleared orange→- @5',
    ]);
  });

  it('rejects a tank with nothing measured and inverted limits', () => {
    expect(problemPaths(() => tankRule({ id: 't', subject: 't', noData }))).toEqual(['level']);
    expect(
      problemPaths(() =>
        tankRule({
          id: 't',
          subject: 't',
          level: { sensor: { device: 'd', metric: 'm' }, high: 9, highHigh: 8 },
          noData,
        }),
      ),
    ).toEqual(['level.highHigh']);
  });
});

describe('template registry', () => {
  it('builds any template by name and validates its parameters, naming every problem', () => {
    expect(Object.keys(ALARM_RULE_TEMPLATES)).toEqual([
      'rainstorm-signal',
      'flash-flood',
      'water-level',
      'landslide-rate',
      'gas-detector',
      'tank',
    ]);
    const rule = buildRuleFromTemplate('gas-detector', {
      id: 'g',
      subject: 's',
      gas: 'combustible',
      detector: { device: 'd', metric: 'm' },
      noData: null,
    });
    expect(rule.template).toBe('combustible-gas');
    expect(() => buildRuleFromTemplate('volcano', {})).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    // noData is required: its timeout depends on the device's reporting interval.
    expect(problemPaths(() => buildRuleFromTemplate('rainstorm-signal', { id: 'r', subject: 's' }))).toEqual([
      'gauge',
      'noData',
    ]);
  });
});
