/**
 * Issue #3's map target, as a figure: the built web console in headless Chromium (playwright-core and
 * Debian chromium, as the browser tests run it) against a server holding 50,000 enterprises. A duty
 * officer logs in, opens /map and switches the 企业 layer on; measured from the /map navigation's start
 * to the moment the layer's source is loaded and its clusters or points are rendered (target ≤ 2 s).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import {
  BENCH_PASSWORD,
  BIN,
  logIn,
  ms,
  percentile,
  request,
  say,
  seconds,
  verdict,
  type Server,
} from './bench-support.ts';
import { DUTY_USER } from './bench-ledger.ts';

const WEB_INDEX = path.resolve(path.dirname(BIN), '../../web/dist/index.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the map scenario cannot run here, or null. */
export function mapUnavailable(): string | null {
  if (!fs.existsSync(WEB_INDEX))
    return `the web console is not built (${WEB_INDEX}): npm run build -w @ningan/web`;
  if (!fs.existsSync(CHROMIUM))
    return `no Chromium at ${CHROMIUM} (Debian package chromium, or set CHROMIUM_PATH)`;
  return null;
}

async function launch(): Promise<Browser | string> {
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return 'playwright-core is not installed (a dev dependency of the e2e workspace: npm ci)';
  }
  // The flags that give headless Chromium WebGL2 (SwiftShader) on these machines (e2e/browser/browser.ts).
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** GET /api/v1/enterprises/geojson on its own: the layer's payload, server time and size. */
async function benchGeojson(server: Server, expected: number): Promise<void> {
  const token = await logIn(server, DUTY_USER, BENCH_PASSWORD);
  const times: number[] = [];
  let bytes = 0;
  let first = 0;
  for (let i = 0; i < 6; i += 1) {
    const s = performance.now();
    const r = await request(server.agent, server.port, 'GET', '/api/v1/enterprises/geojson', {
      authorization: `Bearer ${token}`,
    });
    if (i > 0) times.push(performance.now() - s);
    else first = performance.now() - s;
    if (r.status !== 200) throw new Error(`GET /api/v1/enterprises/geojson: ${r.status}`);
    bytes = r.body.length;
    if (i === 0) {
      const n = (JSON.parse(r.text()) as { features: unknown[] }).features.length;
      if (n !== expected) throw new Error(`the GeoJSON holds ${n} features, expected ${expected}`);
    }
  }
  times.sort((a, b) => a - b);
  say(
    `  GET /api/v1/enterprises/geojson (${expected.toLocaleString('en')} features, ${(bytes / 1024 / 1024).toFixed(1)} MB): first after start or a change ${ms(first)}, then p50 ${ms(percentile(times, 50))}, max ${ms(times[times.length - 1]!)}`,
  );
}

interface MapRun {
  /** From the /map navigation's start, ms: the layer switched on, the GeoJSON requested and received, the layer rendered. */
  clicked: number;
  geojsonStart: number;
  geojsonEnd: number;
  rendered: number;
  clusters: number;
}

export async function benchMap(server: Server, expected: number, runs = 3): Promise<{ ok: boolean } | null> {
  const why = mapUnavailable();
  if (why) {
    say(`  map page: skipped — ${why}`);
    return null;
  }
  await benchGeojson(server, expected);
  const browser = await launch();
  if (typeof browser === 'string') {
    say(`  map page: skipped — ${browser}`);
    return null;
  }
  const url = `http://127.0.0.1:${server.port}`;
  const results: MapRun[] = [];
  /** A fresh context (no cached GeoJSON, no leftover map), logged in through the form. */
  const loggedIn = async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    await page.goto(url);
    await page.getByLabel('用户名', { exact: true }).fill(DUTY_USER);
    await page.getByLabel('口令', { exact: true }).fill(BENCH_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('nav-menu').waitFor({ timeout: 60_000 });
    return { context, page };
  };
  try {
    // The page on its own (企业 layer off, as it opens by default): what any layer starts from.
    {
      const { context, page } = await loggedIn();
      await page.goto(`${url}/map`);
      const ready = await page.waitForFunction(
        () =>
          (
            globalThis as unknown as { document: { querySelector(s: string): unknown } }
          ).document.querySelector('[data-testid="county-map"][data-map-ready="true"]')
            ? performance.now()
            : false,
        undefined,
        { polling: 20, timeout: 60_000 },
      );
      say(
        `  map page alone (企业 layer off): /map navigation → map ready (base and registry layers drawn, idle) ${seconds((await ready.jsonValue()) as number)}`,
      );
      await context.close();
    }
    for (let run = 0; run < runs; run += 1) {
      const { context, page } = await loggedIn();
      await page.goto(`${url}/map`);
      const toggle = page.getByTestId('layer-toggle-enterprises');
      await toggle.click({ timeout: 60_000 });
      const clicked = await page.evaluate(() => performance.now());
      const rendered = await page.waitForFunction(
        () => {
          const map = (
            globalThis as unknown as {
              __ninganMap?: {
                getSource(id: string): unknown;
                isSourceLoaded(id: string): boolean;
                queryRenderedFeatures(options: { layers: string[] }): { properties: unknown }[];
              };
            }
          ).__ninganMap;
          if (!map?.getSource('enterprises') || !map.isSourceLoaded('enterprises')) return false;
          const features = map.queryRenderedFeatures({
            layers: ['enterprises-clusters', 'enterprises-points'],
          });
          return features.length > 0 ? { at: performance.now(), clusters: features.length } : false;
        },
        undefined,
        { polling: 20, timeout: 120_000 },
      );
      const { at, clusters } = (await rendered.jsonValue()) as { at: number; clusters: number };
      await page.locator('[data-testid="county-map"][data-map-ready="true"]').waitFor({ timeout: 60_000 });
      const timing = await page.evaluate(() => {
        const geojson = performance
          .getEntriesByType('resource')
          .find((e) => e.name.includes('/api/v1/enterprises/geojson')) as
          { startTime: number; responseEnd: number } | undefined;
        return { start: geojson?.startTime ?? NaN, end: geojson?.responseEnd ?? NaN };
      });
      results.push({ rendered: at, clusters, clicked, geojsonStart: timing.start, geojsonEnd: timing.end });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const sorted = results.map((r) => r.rendered).sort((a, b) => a - b);
  const median = percentile(sorted, 50);
  const ok = median <= 2000;
  for (const [i, r] of results.entries())
    say(
      `  run ${i + 1}: from the /map navigation: layer switched on ${seconds(r.clicked)}, GeoJSON requested ${seconds(r.geojsonStart)}, received ${seconds(r.geojsonEnd)}, 企业 layer rendered ${seconds(r.rendered)} (${r.clusters} clusters/points drawn)`,
    );
  say(
    `  map page with ${expected.toLocaleString('en')} enterprises, first render of the 企业 layer: median ${seconds(median)}, worst ${seconds(sorted[sorted.length - 1]!)} — target ≤ 2 s: ${verdict(ok)}`,
  );
  return { ok };
}
