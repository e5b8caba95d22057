/**
 * Micro-benchmark of the alarm rule engine (issue #4: ≥ 20,000 readings/s with 50 rules on 2 cores in
 * one process). Prints figures; it is a script, not a timed test.
 *
 *   npx tsx packages/domain/bench/rule-engine.ts [readings=1000000]
 *
 * 50 rules from the hazard templates (10 rainstorm, 10 flash-flood with 2 gauges, 10 water level with rise
 * rate, 5 landslide, 10 gas, 5 tanks with 3 sensors: 75 device streams) take deterministic pseudo-random
 * readings, one every 10 s per stream, routed by (device, metric) as the server would. Passes: the engine
 * alone; the engine plus JSON serialisation of every touched state once per batch of 1,000 readings (the
 * persistence docs/adr/0006 recommends) and after every single step (for comparison); loading a stored
 * state back (restart). Throughput is given per wall-clock second and per CPU second of this process
 * (the latter is steadier on a shared machine).
 */
import {
  applyReading,
  compileRule,
  createRuleState,
  flashFloodRule,
  gasDetectorRule,
  isAlarmTransition,
  landslideRule,
  loadRuleState,
  rainstormSignalRule,
  listRuleStreams,
  serializeRuleState,
  tankRule,
  waterLevelRule,
  type AlarmRule,
  type CompiledRule,
  type RuleState,
  type SensorReading,
} from '../src/index.ts';

const TOTAL = Number(process.argv[2] ?? 1_000_000);
const T0 = Date.UTC(2025, 6, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;
const noData = { timeoutMs: 30 * MIN, handling: 'alarm' as const };

function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rules: AlarmRule[] = [];
for (let i = 0; i < 10; i++)
  rules.push(
    rainstormSignalRule({
      id: `rs${i}`,
      subject: `RG${i}`,
      gauge: { device: `RG${i}`, metric: 'rain' },
      noData,
    }),
  );
for (let i = 0; i < 10; i++)
  rules.push(
    flashFloodRule({
      id: `ff${i}`,
      subject: `V${i}`,
      gauges: [
        { device: `FA${i}`, metric: 'rain' },
        { device: `FB${i}`, metric: 'rain' },
      ],
      criticalRainfall: {
        blue: { '1h': 35, '3h': 55, '6h': 70, '24h': 100 },
        yellow: { '1h': 45, '3h': 75, '6h': 95, '24h': 130 },
        orange: { '1h': 60, '3h': 100, '6h': 120, '24h': 160 },
        red: { '1h': 80, '3h': 120, '6h': 150, '24h': 200 },
      },
      noData,
    }),
  );
for (let i = 0; i < 10; i++)
  rules.push(
    waterLevelRule({
      id: `wl${i}`,
      subject: `WL${i}`,
      gauge: { device: `WL${i}`, metric: 'stage' },
      warningStage: 12,
      guaranteeStage: 14,
      rise: { mPerHour: { orange: 0.5 } },
      deadband: 0.05,
      noData,
    }),
  );
for (let i = 0; i < 5; i++)
  rules.push(
    landslideRule({
      id: `ls${i}`,
      subject: `HP${i}`,
      sensor: { device: `LS${i}`, metric: 'disp' },
      ratesMmPerDay: { yellow: 5, orange: 10, red: 20 },
      noData,
    }),
  );
for (let i = 0; i < 10; i++)
  rules.push(
    gasDetectorRule({
      id: `gas${i}`,
      subject: `GD${i}`,
      gas: 'combustible',
      detector: { device: `GD${i}`, metric: 'lel' },
      noData,
    }),
  );
for (let i = 0; i < 5; i++)
  rules.push(
    tankRule({
      id: `tank${i}`,
      subject: `T${i}`,
      level: { sensor: { device: `T${i}`, metric: 'level' }, high: 8, highHigh: 9, low: 1, lowLow: 0.5 },
      pressure: { sensor: { device: `T${i}`, metric: 'pressure' }, high: 0.3, highHigh: 0.35 },
      temperature: { sensor: { device: `T${i}`, metric: 'temp' }, high: 40, highHigh: 50 },
      noData,
    }),
  );

const compiled = rules.map((r) => compileRule(r));
// The server's routing index: (device, metric) → rules reading it.
const routes = new Map<string, Map<string, number[]>>();
compiled.forEach((cr, k) => {
  for (const { device, metric } of listRuleStreams(cr)) {
    let byMetric = routes.get(device);
    if (byMetric === undefined) routes.set(device, (byMetric = new Map<string, number[]>()));
    byMetric.set(metric, [...(byMetric.get(metric) ?? []), k]);
  }
});
const streams = [...routes].flatMap(([device, byMetric]) =>
  [...byMetric.keys()].map((metric) => ({ device, metric })),
);

// Readings: every stream reports every 10 s (rounds of all streams); values wander and cross thresholds.
const rnd = prng(20250701);
const level = streams.map(() => 0);
const readings: SensorReading[] = new Array<SensorReading>(TOTAL);
for (let k = 0; k < TOTAL; k++) {
  const s = k % streams.length;
  const { device, metric } = streams[s]!;
  const at = T0 + Math.floor(k / streams.length) * 10_000;
  let value: number;
  if (metric === 'rain')
    value = rnd() < 0.85 ? 0 : Math.round(rnd() * 40) / 10; // mm per 10 s, bursty
  else {
    const base = { stage: 12, disp: 0, lel: 10, level: 5, pressure: 0.2, temp: 25 }[metric] ?? 0;
    const step = { stage: 0.05, disp: 0.05, lel: 3, level: 0.3, pressure: 0.02, temp: 2 }[metric] ?? 1;
    level[s] = level[s]! + (rnd() - 0.5) * step;
    if (metric === 'disp') level[s] = Math.abs(level[s]);
    value = Math.round((base + level[s]) * 1000) / 1000; // devices report a few decimals
  }
  readings[k] = { device, metric, at, value };
}
const span = (readings[TOTAL - 1]!.at - T0) / HOUR;

type Persist = 'none' | 'batch' | 'step';
const BATCH = 1_000;

function run(states: RuleState[], from: number, to: number, persist: Persist) {
  let steps = 0;
  let transitions = 0;
  let bytes = 0;
  let writes = 0;
  const touched = new Set<number>();
  const flush = () => {
    for (const i of touched) {
      bytes += serializeRuleState(states[i]!).length;
      writes += 1;
    }
    touched.clear();
  };
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  for (let k = from; k < to; k++) {
    const r = readings[k]!;
    const targets = routes.get(r.device)?.get(r.metric);
    if (targets !== undefined)
      for (const i of targets) {
        const step = applyReading(compiled[i]!, states[i]!, r);
        steps += 1;
        for (const e of step.events) if (isAlarmTransition(e)) transitions += 1;
        if (persist === 'step') {
          bytes += serializeRuleState(states[i]!).length;
          writes += 1;
        } else if (persist === 'batch') touched.add(i);
      }
    if (persist === 'batch' && (k - from) % BATCH === BATCH - 1) flush();
  }
  if (persist === 'batch') flush();
  const wall = Number(process.hrtime.bigint() - t) / 1e9;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const n = to - from;
  return {
    steps,
    transitions,
    perWall: n / wall,
    perCpu: n / cpuSeconds,
    meanBytes: writes ? bytes / writes : 0,
    writes,
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const line = (label: string, r: ReturnType<typeof run>, extra = '') =>
  console.log(
    `${label.padEnd(26)} ${fmt(r.perWall).padStart(10)} readings/s wall, ${fmt(r.perCpu).padStart(10)} per CPU-s ` +
      `(${(r.perCpu / 20_000).toFixed(1)}× the 20,000/s target)${extra}`,
  );
console.log(
  `rule engine bench: ${rules.length} rules, ${streams.length} streams, ${fmt(TOTAL)} readings over ${span.toFixed(1)} h`,
);

const states = compiled.map((cr: CompiledRule) => createRuleState(cr, T0));
const warm = Math.min(TOTAL, 50_000);
run(states, 0, warm, 'none');
const engine = run(states, warm, TOTAL, 'none');
line('engine only', engine, `; ${fmt(engine.transitions)} transitions`);
const batchEnd = Math.min(TOTAL, warm + 300_000);
const batched = run(states, warm, batchEnd, 'batch');
line(
  `+ JSON per ${fmt(BATCH)} readings`,
  batched,
  `; ${fmt(batched.writes)} state writes, mean ${fmt(batched.meanBytes)} bytes`,
);
const perStep = run(states, warm, Math.min(TOTAL, warm + 20_000), 'step');
line('+ JSON after every step', perStep, `; mean ${fmt(perStep.meanBytes)} bytes`);

const stored = states.map(serializeRuleState);
const t = process.hrtime.bigint();
const rounds = 20;
for (let n = 0; n < rounds; n++) stored.forEach((json, i) => loadRuleState(compiled[i]!, json));
const perLoad = Number(process.hrtime.bigint() - t) / 1e3 / (rounds * stored.length);
const sizes = stored.map((s) => s.length).sort((a, b) => a - b);
console.log(
  `restart: load (parse + validate) ${perLoad.toFixed(0)} µs per state; state sizes median ${fmt(sizes[sizes.length >> 1]!)} ` +
    `bytes, largest ${fmt(sizes.at(-1)!)} bytes`,
);
