/**
 * Resource recommendation over 100,000 resources (issue #6: ≤ 20 ms per recommendation). Prints figures; a
 * script, not a timed test.
 *
 *   npx tsx packages/domain/bench/recommend.ts [resources=100000] [queries=200]
 *
 * Resources are spread with a seeded generator over a box around 宁县 (107.6–108.4°E, 35.2–35.8°N): 40 % teams
 * (one or two of 14 specialties, 70 % 待命), 20 % warehouses (3 of 10 items each), 10 % experts (a fifth without a
 * location), 20 % shelters, 10 % medical facilities. Each query asks for everything at once: 3 team specialties,
 * 3 supply items with quantities, 2 expert specialties, 2,000 people to shelter, medical facilities; limit 5.
 */
import { buildResourceIndex, recommend, type RecommendResource } from '../src/command/index.ts';
import { HAZARD_TYPES, RESCUE_SPECIALTIES } from '../src/ledger/index.ts';

const TOTAL = Number(process.argv[2] ?? 100_000);
const QUERIES = Number(process.argv[3] ?? 200);

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
const rand = prng(20260701);
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
const lon = () => 107.6 + rand() * 0.8;
const lat = () => 35.2 + rand() * 0.6;
const ITEMS = [
  'tent',
  'quilt',
  'drinking-water',
  'instant-food',
  'life-jacket',
  'sandbag',
  'raincoat',
  'helmet',
  'stretcher',
  'first-aid-kit',
];

const resources: RecommendResource[] = [];
for (let i = 0; i < TOTAL; i += 1) {
  const r = rand();
  const id = `r${i}`;
  if (r < 0.4)
    resources.push({
      kind: 'team',
      id,
      name: id,
      lon: lon(),
      lat: lat(),
      specialties:
        rand() < 0.5 ? [pick(RESCUE_SPECIALTIES)] : [pick(RESCUE_SPECIALTIES), pick(RESCUE_SPECIALTIES)],
      readiness: rand() < 0.7 ? '待命' : pick(['执行任务', '休整']),
    });
  else if (r < 0.6)
    resources.push({
      kind: 'warehouse',
      id,
      name: id,
      lon: lon(),
      lat: lat(),
      stock: Object.fromEntries(
        [pick(ITEMS), pick(ITEMS), pick(ITEMS)].map((item) => [item, Math.floor(rand() * 200)]),
      ),
    });
  else if (r < 0.7)
    resources.push(
      rand() < 0.2
        ? { kind: 'expert', id, name: id, specialties: [pick(HAZARD_TYPES)] }
        : { kind: 'expert', id, name: id, lon: lon(), lat: lat(), specialties: [pick(HAZARD_TYPES)] },
    );
  else if (r < 0.9) {
    const capacity = 50 + Math.floor(rand() * 2000);
    resources.push({
      kind: 'shelter',
      id,
      name: id,
      lon: lon(),
      lat: lat(),
      capacity,
      occupied: Math.floor(rand() * capacity),
      status: pick(['可用', '已启用', '维护中', '停用']),
    });
  } else resources.push({ kind: 'medical', id, name: id, lon: lon(), lat: lat() });
}

const t0 = performance.now();
const index = buildResourceIndex(resources);
const buildMs = performance.now() - t0;

const times: number[] = [];
let matches = 0;
for (let q = 0; q < QUERIES; q += 1) {
  const start = performance.now();
  const r = recommend(index, {
    lon: lon(),
    lat: lat(),
    limit: 5,
    needs: {
      teamSpecialties: [pick(RESCUE_SPECIALTIES), pick(RESCUE_SPECIALTIES), pick(RESCUE_SPECIALTIES)],
      supplyItems: [
        { item: pick(ITEMS), quantity: 500 },
        { item: pick(ITEMS), quantity: 100 },
        { item: pick(ITEMS) },
      ],
      expertSpecialties: [pick(HAZARD_TYPES), pick(HAZARD_TYPES)],
      shelterPeople: 2000,
      medical: true,
    },
  });
  times.push(performance.now() - start);
  matches +=
    r.teams.reduce((s, t) => s + t.matches.length, 0) +
    r.supplies.reduce((s, t) => s + t.matches.length, 0) +
    r.experts.reduce((s, t) => s + t.matches.length, 0) +
    (r.shelters?.matches.length ?? 0) +
    (r.medical?.length ?? 0);
}
const cold = times.shift()!; // the first query also pays for JIT compilation
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
const TARGET_MS = 20;
console.log(`resources: ${TOTAL.toLocaleString('en')}  index build: ${buildMs.toFixed(1)} ms (once)`);
console.log(
  `one recommendation (${QUERIES} queries, everything asked at once): cold ${cold.toFixed(2)} ms, then ` +
    `p50 ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${at(1).toFixed(2)} ms; ` +
    `${(matches / QUERIES).toFixed(1)} matches per answer`,
);
console.log(
  `target ≤ ${TARGET_MS} ms: p95 is ${(at(0.95) / TARGET_MS).toFixed(2)} × the target → ${at(0.95) <= TARGET_MS ? 'PASS' : 'FAIL'}`,
);
