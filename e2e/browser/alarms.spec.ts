/**
 * issue #4 parts 6 and 7, the 告警中心: seeded through the API — two rain gauges, each with a 暴雨 rule
 * whose thresholds are lowered for the test, and readings over the HTTP ingest — the rule runtime raises the
 * alarms. The page lists the first (red, flashing, the header bell counting it), a duty officer acknowledges
 * it; a second alarm raised while the page is open appears without a reload (the live stream), and its
 * detail shows the signals and history and takes a handling note. On the 监测一张图 the alarmed stations
 * are red, a third one turns orange live when its alarm is raised, and its drawer links to the alarm.
 * Screenshots (desktop, phone) are kept in e2e/artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, horizontalOverflow, logIn, setUpConsole, waitForMap } from './console.ts';
import {
  apiAs,
  beijing,
  createStation,
  ingest,
  stationMarkers,
  townshipSeat,
  type Api,
  type Device,
} from './monitoring-fixtures.ts';

const XINNING = '621026100'; // 新宁镇

const app = setUpConsole();
/** Calls as the duty officer. */
let api: Api;

interface Gauge {
  code: string;
  name: string;
  device: Device;
}

/** A rain gauge in 新宁镇 with a 暴雨 rule: orange at 5 mm in 3 h, red at 10 mm (lowered for the test). */
async function gaugeWithRule(code: string, name: string, seat: { lon: number; lat: number }): Promise<Gauge> {
  const station = await createStation(api, {
    code,
    name,
    kind: 'rain_gauge',
    regionCode: XINNING,
    lon: seat.lon + 0.003,
    lat: seat.lat + 0.002,
    sensors: [{ metric: 'rainfall' }],
  });
  await api('POST', '/monitoring/rules', {
    stationId: station.id,
    template: 'rainstorm-signal',
    params: {
      gauge: { device: code, metric: 'rainfall' },
      noData: null,
      thresholds: {
        blue: null,
        yellow: null,
        orange: { window: '3h', mm: 5 },
        red: { window: '3h', mm: 10 },
      },
    },
  });
  return { code, name, device: station.device };
}

/** The gauge reports `mm` of rain a minute ago (over the HTTP ingest, as a device does). */
async function rain(g: Gauge, mm: number): Promise<void> {
  await ingest(app.url, g.device, { metric: 'rainfall', value: mm, ts: beijing(Date.now() - 60_000) });
}

/** The open alarm of a station, once the runtime has raised it. */
async function alarmOf(g: Gauge): Promise<{ id: string; level: string }> {
  let found: { id: string; level: string } | undefined;
  await expect
    .poll(
      async () => {
        const page = await api<{ items: { id: string; level: string; stationCode: string | null }[] }>(
          'GET',
          `/monitoring/alarms?q=${encodeURIComponent(g.code)}`,
        );
        found = page.items.find((a) => a.stationCode === g.code);
        return found?.level;
      },
      { timeout: 30_000 },
    )
    .toBe('red');
  return found!;
}

/** The detail drawer has finished sliding in: its right edge is the window's and it no longer moves. */
async function drawerOpened(page: Page, panel = page.locator('.ant-drawer-content-wrapper')): Promise<void> {
  let last = -1;
  await expect
    .poll(async () => {
      const box = await panel.boundingBox();
      const x = box ? Math.round(box.x) : -2;
      const settled =
        x === last && box !== null && Math.round(box.x + box.width) <= (page.viewportSize()?.width ?? 0);
      last = x;
      return settled;
    })
    .toBe(true);
}

const row = (page: Page, name: string) =>
  page.getByTestId('alarms-table').locator('tr.ant-table-row', { hasText: name });

describe('web console: 告警中心 — live alarms, acknowledge, handle', () => {
  let first: Gauge;
  let second: Gauge;

  beforeAll(async () => {
    api = await apiAs(app.url, 'duty');
    const seat = await townshipSeat(api, XINNING);
    first = await gaugeWithRule('E2E-RG-A01', '（测试）新宁东关雨量站', seat);
    second = await gaugeWithRule('E2E-RG-A02', '（测试）新宁西坡雨量站', seat);
  });

  it('lists a red alarm (flashing, counted by the bell), acknowledges it; a new alarm appears live; handles it', async () => {
    await rain(first, 12);
    const a1 = await alarmOf(first);

    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.getByTestId('nav-menu').getByText('一张网').click();
    await page.getByTestId('nav-menu').getByText('告警中心').click();
    await page.waitForURL(/\/network\/alarms$/);
    const r1 = row(page, first.name);
    await r1.waitFor({ timeout: 20_000 });
    expect(await r1.innerText()).toMatch(/红 · 一级[\s\S]*未确认/);
    expect(await r1.getAttribute('class')).toContain('alarm-row--flash');
    await expect
      .poll(async () => Number(await page.getByTestId('alarm-bell').getAttribute('data-count')))
      .toBe(1);
    expect(await page.getByTestId('alarm-bell').getAttribute('class')).toContain('alarm-bell--urgent');
    await expect.poll(() => page.getByTestId('alarms-live').getAttribute('data-status')).toBe('open');

    // Acknowledge from the row: the flashing stops, the bell goes to zero.
    await r1.getByTestId('alarm-row-acknowledge').click();
    await expect.poll(() => r1.getByTestId('alarm-row-status').innerText()).toBe('已确认');
    expect(await r1.getAttribute('class')).not.toContain('alarm-row--flash');
    await expect
      .poll(async () => Number(await page.getByTestId('alarm-bell').getAttribute('data-count')))
      .toBe(0);

    // A second alarm while the page is open: it appears without a reload.
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await rain(second, 15);
    const r2 = row(page, second.name);
    await r2.waitFor({ timeout: 30_000 });
    expect(navigations).toEqual([]);
    expect(await r2.getAttribute('class')).toContain('alarm-row--flash');
    await expect
      .poll(async () => Number(await page.getByTestId('alarm-bell').getAttribute('data-count')))
      .toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alarms-list.png') });

    // Its detail: signals, history, and handling with a note.
    await r2.click();
    const detail = page.getByTestId('alarm-detail');
    await detail.getByTestId('alarm-timeline').waitFor({ timeout: 20_000 });
    expect(await detail.getByTestId('alarm-timeline').innerText()).toContain('产生');
    expect(await detail.getByTestId('alarm-signals').innerText()).toMatch(/rain3h[\s\S]*15/);
    await detail.getByTestId('alarm-action-handle').click();
    await page.getByTestId('alarm-note').fill('已通知西坡村组织低洼处群众转移');
    await page.getByTestId('alarm-note-ok').click();
    await expect.poll(() => detail.getByTestId('alarm-detail-status').innerText()).toBe('处置中');
    expect(await detail.getByTestId('alarm-timeline').innerText()).toContain(
      '已通知西坡村组织低洼处群众转移',
    );
    await drawerOpened(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alarms-detail.png') });
    await page.keyboard.press('Escape');
    await expect.poll(() => r2.getByTestId('alarm-row-status').innerText()).toBe('处置中');

    // The first alarm was acknowledged by this user, as the API says too.
    const detail1 = await api<{ status: string; events: { kind: string }[] }>(
      'GET',
      `/monitoring/alarms/${a1.id}`,
    );
    expect(detail1.status).toBe('acknowledged');
    // Raised, assigned on raise to the township office (乡镇应急办, the demo township1), acknowledged.
    expect(detail1.events.map((e) => e.kind)).toEqual(['raised', 'assigned', 'acknowledged']);
    await page.close();
  });

  it('the 监测一张图 colours alarmed stations, follows a new alarm live, and its drawer links to the alarm', async () => {
    // Registered before the map opens (a new station joins the picture on its next reload), silent so far.
    const seat = await townshipSeat(api, XINNING);
    const third = await gaugeWithRule('E2E-RG-A03', '（测试）新宁南川雨量站', {
      lon: seat.lon - 0.01,
      lat: seat.lat - 0.006,
    });

    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/network/map`);
    await waitForMap(page);
    const item = (name: string) => page.getByTestId('monitoring-station-item').filter({ hasText: name });
    await item(first.name).waitFor({ timeout: 20_000 });
    // Both earlier alarms still hold (acknowledged or being handled is not cleared): red.
    await expect.poll(() => item(first.name).getAttribute('data-status')).toBe('red');
    expect(await item(second.name).getAttribute('data-status')).toBe('red');
    expect(await item(second.name).innerText()).toContain('红 · 一级');
    expect(await item(third.name).getAttribute('data-status')).toBe('never');
    expect(Number(await page.getByTestId('legend-count-red').innerText())).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('monitoring-map-legend').innerText()).not.toContain('告警接口');
    await expect.poll(() => page.getByTestId('monitoring-live').getAttribute('data-status')).toBe('open');

    // 6 mm: the third gauge's orange alarm; the map follows without a reload.
    const navigations: string[] = [];
    page.on('framenavigated', (f) => navigations.push(f.url()));
    await rain(third, 6);
    await expect.poll(() => item(third.name).getAttribute('data-status'), { timeout: 30_000 }).toBe('orange');
    expect(await item(third.name).getAttribute('data-alarm')).toBe('orange');
    expect(navigations).toEqual([]);
    const markers = await stationMarkers(page);
    expect(markers).toContainEqual([third.name, 'orange']);
    expect(markers).toContainEqual([second.name, 'red']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitoring-map-alarms.png') });

    // The station's drawer shows its alarm with a link into the 告警中心.
    await item(third.name).click();
    const alarm = page.getByTestId('station-alarm');
    await alarm.first().waitFor({ timeout: 20_000 });
    expect(await alarm.first().getAttribute('data-level')).toBe('orange');
    expect(await alarm.first().innerText()).toMatch(/橙 · 二级[\s\S]*未确认/);
    // The map page also holds the (closed) station form drawer.
    await drawerOpened(
      page,
      page.locator('.ant-drawer-content-wrapper', { has: page.getByTestId('station-detail') }),
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitoring-station-alarm.png') });
    await alarm.first().getByTestId('station-alarm-link').click();
    await page.waitForURL(/\/network\/alarms\?alarm=/);
    await page.getByTestId('alarm-timeline').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('alarm-detail').innerText()).toContain(third.name);
    await page.close();
  });

  it('works on a phone', async () => {
    const page = await app.phonePage();
    await logIn(page, app.url, 'township1');
    await page.goto(`${app.url}/network/alarms`);
    await row(page, second.name).waitFor({ timeout: 20_000 });
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alarms-phone.png'), fullPage: true });
    await row(page, second.name).click();
    await page.getByTestId('alarm-timeline').waitFor({ timeout: 20_000 });
    await drawerOpened(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'alarms-detail-phone.png') });
    await page.close();
  });
});
