/**
 * CAP render + fast-validate benchmark (issue #5: "rendering and validating one CAP document ≤ 5 ms";
 * we aim for < 1 ms). Prints figures; it is a script, not a timed test.
 *
 *   npx tsx packages/domain/bench/cap.ts [documents=10000]
 *
 * One typical county warning (sampleCapAlert: 宁县暴雨橙色预警, one info, one area with a polygon, a
 * circle and a geocode) is rendered with renderCapXml and checked with validateCapXml, N times, each time
 * with a fresh identifier so nothing is cached. Then the authoritative XSD check (libxml2 in WebAssembly,
 * a worker per call) is timed on one document and on a batch of 100. The XSD part imports the server's
 * lib directly: the bench is a script, not domain code.
 */
import { renderCapXml, sampleCapAlert, validateCapXml } from '../src/index.ts';

const N = Number(process.argv[2] ?? 10_000);
const alert = sampleCapAlert();

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
const ms = (x: number) => x.toFixed(3);

// Warm-up (JIT), not counted.
for (let i = 0; i < 500; i++) validateCapXml(renderCapXml({ ...alert, identifier: `warm_${i}` }));

const renderTimes: number[] = [];
const totalTimes: number[] = [];
let invalid = 0;
let bytes = 0;
const cpu = process.cpuUsage();
const wall0 = performance.now();
for (let i = 0; i < N; i++) {
  const doc = { ...alert, identifier: `62102600000000_20260701100000_${i % 10}x${i}` };
  const t0 = performance.now();
  const xml = renderCapXml(doc);
  const t1 = performance.now();
  if (!validateCapXml(xml).valid) invalid++;
  const t2 = performance.now();
  renderTimes.push(t1 - t0);
  totalTimes.push(t2 - t0);
  bytes += xml.length;
}
const wall = performance.now() - wall0;
const cpuMs = (() => {
  const u = process.cpuUsage(cpu);
  return (u.user + u.system) / 1000;
})();
renderTimes.sort((a, b) => a - b);
totalTimes.sort((a, b) => a - b);
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

console.log(`CAP render + fast validate, ${N} documents of ~${Math.round(bytes / N)} characters`);
console.log(
  `  render only:        mean ${ms(mean(renderTimes))} ms, p99 ${ms(quantile(renderTimes, 0.99))} ms`,
);
console.log(
  `  render + validate:  mean ${ms(mean(totalTimes))} ms, p50 ${ms(quantile(totalTimes, 0.5))} ms, ` +
    `p99 ${ms(quantile(totalTimes, 0.99))} ms, max ${ms(totalTimes.at(-1)!)} ms  (target ≤ 5 ms, aim < 1 ms)`,
);
console.log(
  `  throughput: ${Math.round(N / (wall / 1000))} documents/s wall, ${Math.round(N / (cpuMs / 1000))} per CPU-second`,
);
if (invalid) console.log(`  WARNING: ${invalid} documents were reported invalid`);

// A computed specifier keeps the server out of the domain package's type-check (domain imports nothing of ours).
const serverLib = '../../server/src/lib/cap-xsd.ts';
const { validateAgainstCapXsd } = (await import(serverLib)) as {
  validateAgainstCapXsd: (xmls: string[]) => Promise<{ valid: boolean; problems: string[] }[]>;
};
const xml = renderCapXml(alert);
await validateAgainstCapXsd([xml]); // first call loads and compiles the wasm module
for (const batch of [1, 100]) {
  const docs = Array.from({ length: batch }, () => xml);
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const results = await validateAgainstCapXsd(docs);
    runs.push(performance.now() - t0);
    if (results.some((x) => !x.valid)) console.log('  WARNING: the XSD rejected a document');
  }
  runs.sort((a, b) => a - b);
  console.log(
    `XSD (xmllint-wasm) batch of ${batch}: median ${ms(runs[1]!)} ms per call, ${ms(runs[1]! / batch)} ms per document`,
  );
}
