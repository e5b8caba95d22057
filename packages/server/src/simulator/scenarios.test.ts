/**
 * Issue #4 part 8: the demo scenarios cross the thresholds they claim — checked by feeding the simulated
 * readings, at the simulator's cadence, through the real rule engine (replayRule) with the rules the demo
 * fleet's stations get (demoRuleSpecs), and against the domain calculators of the clauses they cite.
 */
import {
  buildRuleFromTemplate,
  computeInstrumentalIntensity,
  forecastFailureTime,
  replayRule,
  type AlarmLevel,
  type SensorReading,
} from '@ningan/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoRuleSpecs, planMetrics, type DemoStationPlan } from '../db/seed/monitoring-demo.ts';
import { demoFleetFromPack, type TestFleet } from '../test/demo-fleet.ts';
import { deviceReadings } from './readings.ts';
import {
  FAILURE_MARGIN_S,
  groundMotion,
  landslideDisplacement,
  landslideVelocity,
  scenarioEndsAt,
  scenarioSettings,
  stormFraction,
  STORM_HOURS,
  type ActiveScenario,
  type ScenarioName,
} from './scenarios.ts';
import { showerRain } from './signals.ts';

const MIN = 60_000;
const START = Date.parse('2026-07-20T14:00:00+08:00');

let t: TestFleet;
beforeAll(() => {
  t = demoFleetFromPack();
});

const station = (code: string) => t.fleet.stations.find((s) => s.request.code === code)!;
const stationsOf = (pred: (s: DemoStationPlan) => boolean) => t.fleet.stations.filter(pred);
const scenario = (name: ScenarioName, o: Parameters<typeof scenarioSettings>[1] = {}): ActiveScenario => ({
  ...scenarioSettings(name, o),
  startedAt: START,
});

/** What the simulator publishes for one station from `from` to `to`, every `stepMs`, as engine readings. */
function publish(s: DemoStationPlan, sc: ActiveScenario | null, from: number, to: number, stepMs = 20_000) {
  const device = { code: s.request.code, metrics: planMetrics(s), profile: s.profile };
  const out: SensorReading[] = [];
  for (let at = from + stepMs; at <= to; at += stepMs)
    for (const r of deviceReadings(device, at - stepMs, at, sc))
      out.push({ device: device.code, metric: r.metric, at, value: r.value });
  return out;
}

/** The station's rule of a template, replayed over its readings: the alarm's levels in order, with times. */
function replay(s: DemoStationPlan, template: string, readings: SensorReading[], from: number, to: number) {
  const spec = demoRuleSpecs(t.fleet).find((r) => r.code === s.request.code && r.template === template)!;
  const rule = buildRuleFromTemplate(spec.template, spec.params);
  const result = replayRule(rule, readings, from, to);
  return result.transitions.map((x) => ({ kind: x.kind, to: x.to, at: x.at }));
}

const levels = (transitions: { to: AlarmLevel | null }[]) => transitions.map((x) => x.to);

describe('rainstorm scenario', () => {
  it('STANDARDS.md §3 暴雨: 2–3 townships’ gauges reach 50 mm (橙) then 100 mm in 3 h (红) within 20 min at the default speed', () => {
    const sc = scenario('rainstorm');
    const end = scenarioEndsAt(sc);
    const gauges = stationsOf((s) => s.request.kind === 'rain_gauge');
    let red = 0;
    for (const g of gauges) {
      const p = g.profile;
      if (p.model !== 'rain') throw new Error('not a rain profile');
      const readings = publish(g, sc, START - 2 * 60 * MIN, end);
      // Every drop of the storm is reported (tipping-bucket tips; the day's showers come on top).
      const total = readings.filter((r) => r.at > START).reduce((s, r) => s + r.value, 0);
      const showers = showerRain(g.request.code, p.showerMmPerHour, START, end);
      expect(total).toBeGreaterThanOrEqual(p.stormMm + showers - 0.11);
      expect(total).toBeLessThanOrEqual(p.stormMm + showers + 0.11);
      const tr = replay(g, 'rainstorm-signal', readings, START - 2 * 60 * MIN, end);
      if (p.stormMm >= 100) {
        red += 1;
        // Compressed time: the storm's rain is all within 3 h of real time, so 50 mm is 橙 at once.
        expect(levels(tr)).toEqual(['orange', 'red']);
        expect(tr[1]!.at - START).toBeLessThanOrEqual(20 * MIN);
      } else if (p.stormMm >= 50) expect(levels(tr)).toEqual(['orange']);
      else expect(tr).toEqual([]);
    }
    expect(red).toBeGreaterThanOrEqual(2);
    expect(red).toBeLessThanOrEqual(3);
  });

  it('STANDARDS.md §3 at --speed 1 (story = real time): the wettest gauge steps through 蓝 (12 h) → 黄 (6 h) → 橙 (3 h) → 红', () => {
    // The 3-hour storm's accumulations cross 50 mm in 12 h / 6 h / 3 h windows one after the other only
    // when rain is spread over more than 3 h; at speed 1 a 150 mm sin² storm crosses 50 mm and then 100 mm.
    const sc = scenario('rainstorm', { speed: 1 });
    const wettest = stationsOf((s) => s.profile.model === 'rain' && s.profile.stormMm === 150)[0]!;
    const readings = publish(wettest, sc, START - 60 * MIN, START + STORM_HOURS * 60 * MIN, 60_000);
    const tr = replay(
      wettest,
      'rainstorm-signal',
      readings,
      START - 60 * MIN,
      START + STORM_HOURS * 60 * MIN,
    );
    expect(levels(tr)).toEqual(['orange', 'red']);
    // 50 mm falls by a third of the storm, 100 mm by two thirds (sin² profile).
    expect(stormFraction(STORM_HOURS / 2)).toBeCloseTo(0.5, 6);
  });

  it('STANDARDS.md §8: the river nearest the storm rises past 警戒 then 保证水位 and recedes — 黄 → 红 → 黄 → cleared', () => {
    const sc = scenario('rainstorm');
    const end = scenarioEndsAt(sc);
    const rivers = stationsOf((s) => s.profile.model === 'stage' && s.profile.floodPeak !== null);
    let pastGuarantee = 0;
    let pastWarning = 0;
    for (const r of rivers) {
      const p = r.profile;
      if (p.model !== 'stage' || p.floodPeak === null) throw new Error('not a stage profile');
      const readings = publish(r, sc, START - 60 * MIN, end);
      const peak = Math.max(...readings.map((x) => x.value));
      const last = readings.at(-1)!.value;
      // Back near its normal level when the story ends.
      expect(last - p.base).toBeLessThan(0.5 * (p.warning - p.base));
      const tr = replay(r, 'water-level', readings, START - 60 * MIN, end);
      if (p.floodPeak >= p.guarantee) {
        pastGuarantee += 1;
        expect(peak).toBeGreaterThanOrEqual(p.guarantee);
        expect(tr.map((x) => [x.kind, x.to])).toEqual([
          ['raised', 'yellow'],
          ['escalated', 'red'],
          ['deescalated', 'yellow'],
          ['cleared', null],
        ]);
      } else if (p.floodPeak >= p.warning) {
        pastWarning += 1;
        expect(tr.map((x) => [x.kind, x.to])).toEqual([
          ['raised', 'yellow'],
          ['cleared', null],
        ]);
      } else expect(tr).toEqual([]);
      // The peak comes after the rain's peak (half-way through the storm): the river lags.
      const peakAt = readings.find((x) => x.value === peak)!.at;
      expect(peakAt).toBeGreaterThan(START + ((STORM_HOURS / 2) * 3_600_000) / sc.speed);
    }
    expect(pastGuarantee).toBeGreaterThanOrEqual(1);
    expect(pastWarning).toBeGreaterThanOrEqual(1);
  });
});

describe('landslide scenario', () => {
  it('STANDARDS.md §6.1: 1/v falls linearly to 0 at t_f, and the inverse-velocity forecast finds t_f', () => {
    const failureS = 30 * 60;
    const s = 4;
    for (const at of [0, 300, 900, 1500, 1790])
      expect(1 / landslideVelocity(at, failureS, s)).toBeCloseTo((failureS - at) / s, 9);
    // Velocities (mm/h) from the displacement, sampled every minute of story time up to the story's end.
    const samples = [];
    for (let sec = 60; sec <= failureS - FAILURE_MARGIN_S; sec += 60) {
      const v = (landslideDisplacement(sec, failureS, s) - landslideDisplacement(sec - 60, failureS, s)) * 60;
      samples.push({ t: (sec - 30) / 3600, v });
    }
    const forecast = forecastFailureTime({ samples });
    expect(forecast.failureTime).not.toBeNull();
    expect(forecast.failureTime! * 3600).toBeGreaterThan(failureS * 0.98);
    expect(forecast.failureTime! * 3600).toBeLessThan(failureS * 1.02);
  });

  it('STANDARDS.md §6.3: the failing slope’s rate rules escalate 蓝 → 黄 → 橙 → 红 before failure (default 30 min, and 6 h)', () => {
    for (const failureMinutes of [30, 360]) {
      const sc = scenario('landslide', { failureMinutes });
      const end = scenarioEndsAt(sc);
      const from = START - 3 * 60 * MIN;
      for (const code of [t.fleet.roles.landslideSlope!]) {
        const gnss = station(code);
        const tr = replay(gnss, 'landslide-rate', publish(gnss, sc, from, end), from, end);
        expect(levels(tr), `${failureMinutes} min`).toEqual(['blue', 'yellow', 'orange', 'red']);
        expect(tr.every((x) => x.at > START && x.at <= end)).toBe(true);
      }
      const crack = stationsOf(
        (s) =>
          s.profile.model === 'creep' &&
          s.request.kind === 'crack_meter' &&
          s.profile.failureScaleMm !== null,
      )[0]!;
      const trCrack = replay(crack, 'landslide-rate', publish(crack, sc, from, end), from, end);
      expect(levels(trCrack)).toEqual(['blue', 'yellow', 'orange', 'red']);
    }
  });

  it('raises nothing on the slopes in normal times (a day of baseline creep and noise)', () => {
    for (const s of stationsOf((x) => x.profile.model === 'creep')) {
      const from = START - 24 * 60 * MIN;
      expect(replay(s, 'landslide-rate', publish(s, null, from, START), from, START)).toEqual([]);
    }
  });
});

describe('gas-leak scenario', () => {
  it('GB/T 50493-2019 §5.5: the leaking tank area passes 25 %LEL (一级) and 50 %LEL (二级), then recovers — 橙 → 红 → 橙 → cleared', () => {
    const sc = scenario('gas-leak');
    const end = scenarioEndsAt(sc);
    const from = START - 10 * MIN;
    const leak = station(t.fleet.roles.gasLeak!);
    const readings = publish(leak, sc, from, end, 10_000);
    expect(Math.max(...readings.map((r) => r.value))).toBeGreaterThan(50);
    expect(readings.at(-1)!.value).toBeLessThan(5);
    expect(replay(leak, 'gas-detector', readings, from, end).map((x) => [x.kind, x.to])).toEqual([
      ['raised', 'orange'],
      ['escalated', 'red'],
      ['deescalated', 'orange'],
      ['cleared', null],
    ]);
    // The neighbouring detector at the same firm smells it: 25 %LEL, not 50.
    for (const s of stationsOf((x) => x.profile.model === 'gas' && x.profile.gas === 'combustible')) {
      if (s === leak) continue;
      const tr = replay(s, 'gas-detector', publish(s, sc, from, end, 10_000), from, end);
      const p = s.profile;
      expect(levels(tr)).toEqual(p.model === 'gas' && p.leakPeak !== null ? ['orange', null] : []);
    }
  });

  it('keeps every detector and tank quiet in normal times (background 0–3 %LEL, tanks within their limits)', () => {
    const from = START - 24 * 60 * MIN;
    for (const s of stationsOf(
      (x) => x.request.kind === 'combustible_gas' || x.request.kind === 'toxic_gas',
    )) {
      const readings = publish(s, null, from, START, 60_000);
      if (s.request.kind === 'combustible_gas')
        expect(Math.max(...readings.map((r) => r.value))).toBeLessThanOrEqual(3);
      expect(replay(s, 'gas-detector', readings, from, START)).toEqual([]);
    }
    for (const s of stationsOf((x) => x.request.kind === 'tank'))
      expect(
        replay(
          s,
          'tank',
          publish(s, null, from - 3 * 24 * 60 * MIN, START, 5 * 60_000),
          from - 3 * 24 * 60 * MIN,
          START,
        ),
      ).toEqual([]);
  });
});

describe('earthquake scenario', () => {
  it('STANDARDS.md §7.1 + §7.2: the PGA/PGV made for M at R give back the attenuated intensity by GB/T 17742-2020', () => {
    for (const [m, r] of [
      [5.5, 30],
      [6.5, 50],
      [4.5, 10],
    ] as const) {
      const g = groundMotion(m, r, 'central');
      expect(computeInstrumentalIntensity({ pga: g.pga, pgv: g.pgv }).intensity).toBeCloseTo(
        Math.min(12, Math.max(1, Math.round(g.intensity * 10) / 10)),
        5,
      );
    }
  });

  it('the strong-motion station reports the main shock’s peak (with the site factor), aftershocks, then ambient noise', () => {
    const sc = scenario('earthquake');
    const end = scenarioEndsAt(sc);
    const s = station(t.fleet.roles.seismic);
    const readings = publish(s, sc, START - 5 * MIN, end + 5 * MIN).filter((r) => r.metric === 'pga');
    const main = groundMotion(sc.magnitude, sc.epicentreKm, sc.zone);
    const p = s.profile;
    const factor = p.model === 'seismic' ? p.siteFactor : 1;
    const peak = Math.max(...readings.map((r) => r.value));
    expect(peak).toBeCloseTo(main.pga * factor, 3);
    expect(readings.find((r) => r.value === peak)!.at).toBe(START + 40_000); // the report covering story 30 s
    const after = readings.filter((r) => r.at > end);
    expect(Math.max(...after.map((r) => r.value))).toBeLessThan(0.01);
    const before = readings.filter((r) => r.at <= START);
    expect(Math.max(...before.map((r) => r.value))).toBeLessThan(0.01);
    expect(Math.min(...before.map((r) => r.value))).toBeGreaterThan(0);
  });
});

describe('speed', () => {
  it('compresses the story: the rainstorm’s 9 h play in 27 min at ×20, the landslide keeps its minutes at ×1', () => {
    expect((scenarioEndsAt(scenario('rainstorm')) - START) / MIN).toBeCloseTo(27, 6);
    expect((scenarioEndsAt(scenario('rainstorm', { speed: 60 })) - START) / MIN).toBeCloseTo(9, 6);
    expect((scenarioEndsAt(scenario('landslide')) - START) / 1000).toBe(30 * 60 - FAILURE_MARGIN_S);
  });
});
