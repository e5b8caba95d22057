/**
 * issue #3 on 一张图: the ledger registries as map layers and the global search. A duty officer sees the
 * default registry layers (重大危险源, 地质灾害隐患点) drawn from the API, switches on 油气井 (1,300 wells,
 * clustered), opens a record's popup and follows 详情 to its registry page, limits the registry layers to
 * one township, and uses the search in the top bar to reach a shelter and a township. The 企业 layer:
 * server-clustered vector tiles, a popup that loads the enterprise and leads to its detail, and the
 * township filter.
 * Screenshots: e2e/artifacts/map-layers.png, map-popup.png, map-enterprise-popup.png, search.png,
 * search-phone.png.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login } from '../harness.ts';
import { ARTIFACTS, logIn, setUpConsole, waitForMap } from './console.ts';

const ZAOSHENG = '621026102'; // 早胜镇
const UUID = '[0-9a-f-]{36}';

const app = setUpConsole();
let cookie: string;

interface FeatureCollection {
  features: { geometry: { type: string; coordinates: unknown }; properties: { id: string; name: string } }[];
}

/** The API's answer for the duty officer, to compare the map against. */
async function features(registry: string, regionCode?: string): Promise<FeatureCollection> {
  const query = regionCode ? `?regionCode=${regionCode}` : '';
  const r = await fetch(`${app.url}/api/v1/ledger/${registry}/features${query}`, { headers: { cookie } });
  expect(r.status).toBe(200);
  return (await r.json()) as FeatureCollection;
}

/** A registry layer has its data (the switcher shows the state and the record count). */
async function waitForLayer(page: Page, registry: string): Promise<number> {
  const toggle = page.locator(`[data-testid="layer-toggle-${registry}"][data-state="ready"]`);
  await toggle.waitFor({ timeout: 30_000 });
  return Number(await toggle.getAttribute('data-count'));
}

/** Features drawn right now in the given style layers (those that exist). */
async function renderedIn(page: Page, layers: string[]): Promise<number> {
  return page.evaluate((ids) => {
    const map = (
      window as unknown as {
        __ninganMap: { getLayer(id: string): unknown; queryRenderedFeatures(o: object): unknown[] };
      }
    ).__ninganMap;
    return map.queryRenderedFeatures({ layers: ids.filter((id) => map.getLayer(id)) }).length;
  }, layers);
}

/** Resolves after the map has finished moving and drawing. */
async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = (
          window as unknown as {
            __ninganMap: { once(e: string, f: () => void): void; triggerRepaint(): void };
          }
        ).__ninganMap;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

describe('一张图: ledger registry layers and the global search', () => {
  beforeAll(async () => {
    cookie = (await login(app.url, 'duty', DEMO_PASSWORD)).cookie;
  });

  it('shows 重大危险源 and 地质灾害隐患点, clusters 油气井 when switched on, and opens a record from its popup', async () => {
    const page = await app.desktopPage();
    const requested: string[] = [];
    page.on('request', (r) => {
      const match = /\/api\/v1\/ledger\/([^/]+)\/features/.exec(r.url());
      if (match?.[1]) requested.push(match[1]);
    });
    await logIn(page, app.url, 'duty');
    await waitForMap(page);

    // Grouped switcher; the default registry layers load, the others wait until switched on.
    for (const group of ['risk', 'natural', 'resource', 'base'])
      expect(await page.getByTestId(`layer-group-${group}`).isVisible()).toBe(true);
    const hazardSources = await waitForLayer(page, 'hazard-sources');
    const geoHazards = await waitForLayer(page, 'geo-hazards');
    expect(hazardSources).toBe((await features('hazard-sources')).features.length);
    expect(geoHazards).toBe((await features('geo-hazards')).features.length);
    expect(geoHazards).toBeGreaterThan(50);
    expect(requested).not.toContain('wells');
    expect(requested).not.toContain('special-equipment');
    await mapIdle(page);
    for (const key of ['hazard-sources', 'geo-hazards'])
      await expect
        .poll(() => renderedIn(page, [`ledger-${key}-clusters`, `ledger-${key}-points`]), { timeout: 15_000 })
        .toBeGreaterThan(0);
    expect(await page.getByTestId('legend-registry-hazard-sources').isVisible()).toBe(true);
    expect(await page.getByTestId('legend-registry-geo-hazards').isVisible()).toBe(true);

    // 油气井: 1,300 wells arrive when the layer is switched on and are drawn as clusters with counts.
    await page.getByTestId('layer-toggle-wells').click();
    const wells = await waitForLayer(page, 'wells');
    expect(wells).toBeGreaterThanOrEqual(1000);
    expect(requested.filter((r) => r === 'wells')).toHaveLength(1);
    await mapIdle(page);
    await expect
      .poll(() => renderedIn(page, ['ledger-wells-clusters']), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="registry-cluster-count"][data-registry="wells"]').count())
      .toBeGreaterThan(0);
    expect(await page.getByTestId('legend-registry-wells').isVisible()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-layers.png') });

    // Zoom to one hazard source (clusters open above zoom 13) with villages hidden, and click it.
    await page.getByTestId('layer-toggle-villages').click();
    const first = (await features('hazard-sources')).features[0];
    expect(first?.geometry.type).toBe('Point');
    const [lon, lat] = first?.geometry.coordinates as [number, number];
    await page.evaluate(
      ([x, y]) =>
        (window as unknown as { __ninganMap: { jumpTo(o: object): void } }).__ninganMap.jumpTo({
          center: [x, y],
          zoom: 15,
        }),
      [lon, lat],
    );
    await mapIdle(page);
    const box = await page.getByTestId('county-map').boundingBox();
    if (!box) throw new Error('map has no box');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popup = page.getByTestId('registry-popup');
    await popup.waitFor({ timeout: 10_000 });
    const registry = await popup.getAttribute('data-registry');
    expect(['hazard-sources', 'wells', 'geo-hazards', 'shelters']).toContain(registry);
    expect(await popup.innerText()).toContain('台账：');
    const link = page.getByTestId('registry-popup-link');
    expect(await link.innerText()).toBe('详情');
    expect(await link.getAttribute('href')).toMatch(new RegExp(`^/ledger/${registry}\\?open=${UUID}$`));
    if (registry === 'hazard-sources') expect(await popup.innerText()).toContain(first?.properties.name);
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-popup.png') });
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/ledger/${registry}`);
    expect(new URL(page.url()).searchParams.get('open')).toMatch(new RegExp(`^${UUID}$`));
    await page.close();
  });

  it('只看本乡镇 limits the registry layers to the selected township', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await waitForMap(page);
    const all = await waitForLayer(page, 'geo-hazards');
    await page.getByTestId(`township-item-${ZAOSHENG}`).click();
    await page.getByTestId('township-filter-switch').click();
    const expected = (await features('geo-hazards', ZAOSHENG)).features.length;
    expect(expected).toBeLessThan(all);
    await expect
      .poll(() => page.getByTestId('layer-toggle-geo-hazards').getAttribute('data-count'), {
        timeout: 15_000,
      })
      .toBe(String(expected));
    expect(await page.getByTestId('township-filter').innerText()).toContain('早胜镇');
    // Off again: the whole jurisdiction (from the cache, no new request needed).
    await page.getByTestId('township-filter-switch').click();
    await expect
      .poll(() => page.getByTestId('layer-toggle-geo-hazards').getAttribute('data-count'))
      .toBe(String(all));
    await page.close();
  });

  it('企业: server-clustered vector tiles that add up to the jurisdiction, a popup that loads the enterprise, and the township filter', async () => {
    type Layer = {
      features: {
        properties: { id: string; industry: string };
        geometry: { coordinates: [number, number] };
      }[];
    };
    const layer = async (regionCode?: string): Promise<Layer> => {
      const r = await fetch(
        `${app.url}/api/v1/enterprises/geojson${regionCode ? `?regionCode=${regionCode}` : ''}`,
        {
          headers: { cookie },
        },
      );
      expect(r.status).toBe(200);
      return (await r.json()) as Layer;
    };
    /** Enterprises the loaded tiles stand for: cluster sizes plus single points (each in one tile). */
    const sourceCount = async (page: Page) => {
      await mapIdle(page);
      return page.evaluate(() => {
        const map = (
          window as unknown as {
            __ninganMap: {
              querySourceFeatures(
                id: string,
                o: { sourceLayer: string },
              ): { properties: { point_count?: number } }[];
            };
          }
        ).__ninganMap;
        return map
          .querySourceFeatures('enterprises', { sourceLayer: 'enterprises' })
          .reduce((n, f) => n + (f.properties.point_count ?? 1), 0);
      });
    };

    const all = await layer();
    expect(all.features.length).toBeGreaterThan(1000); // the plan's demo enterprises
    // Only what the map draws: the id and the industry (the colour); coordinates to 1e-5°.
    expect(Object.keys(all.features[0]!.properties).sort()).toEqual(['id', 'industry']);
    for (const value of all.features[0]!.geometry.coordinates)
      expect(Math.abs(value * 1e5 - Math.round(value * 1e5))).toBeLessThan(1e-6);

    const page = await app.desktopPage();
    const tiles: string[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/api/v1/enterprises/')) tiles.push(r.url());
    });
    await logIn(page, app.url, 'duty');
    await waitForMap(page);
    // Off by default: the map opens without the layer's data.
    expect(tiles).toEqual([]);
    await page.getByTestId('layer-toggle-enterprises').click();
    await expect.poll(() => sourceCount(page), { timeout: 30_000 }).toBe(all.features.length);
    await mapIdle(page);
    await expect
      .poll(() => renderedIn(page, ['enterprises-clusters', 'enterprises-points']), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="enterprise-cluster-count"]').count())
      .toBeGreaterThan(0);
    expect(await page.getByTestId('legend-enterprises').isVisible()).toBe(true);
    // Only tiles, a handful for the county (not the 2,826 points), requested by the map's worker.
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.length).toBeLessThan(20);
    for (const url of tiles) expect(url).toMatch(/\/api\/v1\/enterprises\/tiles\/\d+\/\d+\/\d+$/);

    // Zoom to one enterprise (clusters open above zoom 13) with the other point layers hidden, click it.
    for (const id of ['villages', 'hazard-sources', 'geo-hazards', 'shelters'])
      await page.getByTestId(`layer-toggle-${id}`).click();
    const target = all.features[0]!;
    await page.evaluate(
      ([x, y]) =>
        (window as unknown as { __ninganMap: { jumpTo(o: object): void } }).__ninganMap.jumpTo({
          center: [x, y],
          zoom: 16.5,
        }),
      target.geometry.coordinates,
    );
    await mapIdle(page);
    const box = await page.getByTestId('county-map').boundingBox();
    if (!box) throw new Error('map has no box');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popup = page.getByTestId('enterprise-popup');
    await popup.waitFor({ timeout: 10_000 });
    // The popup loads the enterprise it names (GET /enterprises/{id}).
    const link = page.getByTestId('enterprise-popup-link');
    await link.waitFor({ timeout: 10_000 });
    const href = await link.getAttribute('href');
    expect(href).toMatch(new RegExp(`^/ledger/enterprises\\?detail=${UUID}$`));
    const shownId = new URL(href!, app.url).searchParams.get('detail')!;
    const shown = all.features.find((f) => f.properties.id === shownId);
    expect(shown).toBeDefined();
    const detail = (await (
      await fetch(`${app.url}/api/v1/enterprises/${shownId}`, { headers: { cookie } })
    ).json()) as { name: string; industry: string };
    expect(detail.industry).toBe(shown!.properties.industry);
    const text = await popup.innerText();
    expect(text).toContain(detail.name);
    expect(text).toContain('行业：');
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-enterprise-popup.png') });
    await link.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/ledger/enterprises');
    await page.getByTestId('enterprise-detail').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByRole('dialog').innerText()).toContain(detail.name);

    // 只看本乡镇: the enterprises of the selected township only, and all again when switched off.
    await page.goto(`${app.url}/map?township=${ZAOSHENG}`);
    await waitForMap(page);
    await page.getByTestId('layer-toggle-enterprises').click();
    // Zoomed to the township: the tiles in view hold its enterprises and some of its neighbours'.
    await expect.poll(() => sourceCount(page), { timeout: 30_000 }).toBeGreaterThan(0);
    const unfiltered = await sourceCount(page);
    await page.getByTestId('township-filter-switch').click();
    const theirs = await layer(ZAOSHENG);
    expect(theirs.features.length).toBeGreaterThan(0);
    expect(theirs.features.length).toBeLessThan(all.features.length);
    await expect.poll(() => sourceCount(page), { timeout: 30_000 }).toBe(theirs.features.length);
    expect(unfiltered).toBeGreaterThan(theirs.features.length);
    expect(await page.getByTestId('township-filter').innerText()).toContain('台账与企业图层仅显示早胜镇');
    expect(tiles.at(-1)).toContain(`regionCode=${ZAOSHENG}`);
    await page.getByTestId('township-filter-switch').click();
    await expect.poll(() => sourceCount(page), { timeout: 30_000 }).toBe(unfiltered);
    await page.close();
  });

  it('the global search finds a township and a shelter and lands on the right page', async () => {
    const shelter = (await features('shelters')).features[0];
    if (!shelter) throw new Error('no demo shelters');
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await waitForMap(page);
    await page.goto(`${app.url}/ledger`);
    const input = page.getByTestId('global-search-input');

    // From the ledger home, a township: on the map with it selected (keyboard only: arrows + Enter).
    await input.focus();
    await page.keyboard.type('早胜');
    const region = page.locator(`[data-testid="search-option"][data-kind="region"][data-id="${ZAOSHENG}"]`);
    await region.waitFor({ timeout: 15_000 });
    expect(await page.locator('[data-testid="search-group"][data-registry="regions"]').innerText()).toBe(
      '乡镇/村',
    );
    const ids = await page
      .locator('[data-testid="search-option"]')
      .evaluateAll((els) => els.map((el) => el.getAttribute('data-id')));
    // The first option is active; move down to the township and choose it.
    for (let i = 0; i < ids.indexOf(ZAOSHENG); i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('township')).toBe(ZAOSHENG);
    expect(new URL(page.url()).pathname).toBe('/map');
    await waitForMap(page);
    await expect
      .poll(() => page.getByTestId('township-list').getAttribute('aria-label'))
      .toBe('早胜镇的村（社区）');
    expect(await page.getByTestId('township-filter').isVisible()).toBe(true);

    // From the map, a shelter by name: its registry page with the record open.
    await input.fill(shelter.properties.name);
    const option = page.locator(
      `[data-testid="search-option"][data-registry="shelters"][data-id="${shelter.properties.id}"]`,
    );
    await option.waitFor({ timeout: 15_000 });
    expect(
      await page.locator('[data-testid="search-group"][data-registry="shelters"]').first().innerText(),
    ).toBe('应急避难场所');
    await page.screenshot({ path: path.join(ARTIFACTS, 'search.png') });
    await option.click();
    await expect.poll(() => new URL(page.url()).pathname).toBe('/ledger/shelters');
    expect(new URL(page.url()).searchParams.get('open')).toBe(shelter.properties.id);
    await page.close();
  });

  it('on a phone the search is an icon in the top bar that unfolds into the box', async () => {
    const page = await app.phonePage();
    await logIn(page, app.url, 'duty');
    await waitForMap(page);
    expect(await page.getByTestId('global-search-input').count()).toBe(0);
    await page.getByTestId('global-search-toggle').click();
    const input = page.getByTestId('global-search-input');
    await input.waitFor();
    await input.fill('早胜');
    const region = page.locator(`[data-testid="search-option"][data-kind="region"][data-id="${ZAOSHENG}"]`);
    await region.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'search-phone.png') });
    await region.tap();
    await expect.poll(() => new URL(page.url()).searchParams.get('township')).toBe(ZAOSHENG);
    await page.close();
  });
});
