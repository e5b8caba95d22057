/**
 * issue #4 parts 1 and 7, the 一张网 screens: a duty officer registers a water-level station with its
 * sensor in the console, copies the device secret shown once, the device posts readings over the HTTP
 * ingest with that secret, and the console shows the chart (with the 警戒/保证水位 lines), the station online
 * on the device-health page and on the monitoring map, and the refused payload in the quarantine.
 * Screenshots (desktop and phone) are kept in e2e/artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { printedMqttPort } from '../harness.ts';
import { ARTIFACTS, horizontalOverflow, logIn, pickOption, setUpConsole, waitForMap } from './console.ts';
import { apiAs, beijing, ingest, stationMarkers, townshipSeat } from './monitoring-fixtures.ts';

const CODE = 'E2E-WL-0001';
const NAME = '（测试）新宁桥水位站';
const XINNING = '621026100'; // 新宁镇

const app = setUpConsole();

/** Picks `option` in the station form's antd Select labelled `label`. */
async function choose(page: Page, label: string, option: string): Promise<void> {
  await pickOption(page, page.getByTestId('station-form').getByLabel(label, { exact: true }), option);
}

describe('web console: monitoring stations, charts, device health and the quarantine', () => {
  it('registers a station with a sensor, ingests with the shown secret, and shows chart, health and quarantine', async () => {
    const seat = await townshipSeat(await apiAs(app.url, 'duty'), XINNING);

    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.getByTestId('nav-menu').getByText('一张网').click();
    await page.getByTestId('nav-menu').getByText('监测站点').click();
    await page.waitForURL(/\/network\/stations$/);

    // Register: a water-level station (its default sensor is the water level) with 警戒/保证水位.
    await page.getByTestId('station-create').click();
    const form = page.getByTestId('station-form');
    await form.waitFor();
    await form.getByLabel('设备编号', { exact: true }).fill(CODE);
    await form.getByLabel('站点名称', { exact: true }).fill(NAME);
    await choose(page, '站点类型', '水位站（河道/水库）');
    await choose(page, '所在乡镇/村', '新宁镇');
    await form.getByLabel('经度', { exact: true }).fill(String(seat.lon + 0.002));
    await form.getByLabel('纬度', { exact: true }).fill(String(seat.lat + 0.001));
    const sensor = form.getByTestId('sensor-row-0');
    await expect.poll(() => sensor.innerText()).toContain('水位（m）');
    await sensor.getByLabel('警戒水位（m）', { exact: true }).fill('352');
    await sensor.getByLabel('保证水位（m）', { exact: true }).fill('354');
    await page.getByTestId('station-form-save').click();

    // The secret is shown once, with the device's topic.
    const secretBox = page.getByTestId('station-secret');
    await secretBox.waitFor({ timeout: 20_000 });
    const secret = (await page.getByTestId('station-secret-value').innerText()).trim();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(await page.getByTestId('station-secret-topic').innerText()).toContain(
      `ningan/v1/devices/${CODE}/readings`,
    );
    // The broker the embedded MQTT service really listens on (MQTT_PORT=0 here: any free port), not 1883.
    const mqttPort = printedMqttPort(app.server.output());
    expect(mqttPort).not.toBeNull();
    expect((await page.getByTestId('station-secret-broker').innerText()).trim()).toBe(
      `mqtt://127.0.0.1:${mqttPort}`,
    );
    // The dialog has finished zooming in.
    await page.locator('.ant-modal:not(.ant-zoom-appear)', { hasText: '设备接入信息' }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitoring-secret.png') });

    // The device posts an hour of readings (every 5 min) with that secret, and one out-of-range reading.
    const now = Date.now();
    const readings = Array.from({ length: 12 }, (_, i) => ({
      metric: 'water_level',
      value: 350 + i * 0.15,
      ts: beijing(now - (11 - i) * 5 * 60_000),
    }));
    const post = (body: unknown) => ingest(app.url, { code: CODE, secret }, body);
    expect((await post({ readings, battery: 87, signal: -71 })).accepted).toBe(12);
    const bad = await post({ metric: 'water_level', value: 7000, ts: beijing(now) });
    expect(bad.quarantined.map((q) => q.reason)).toEqual(['out_of_range']);

    // The detail drawer of the new station: online, the chart with 12 raw points and both stage lines.
    await page.getByTestId('station-secret-done').click();
    const detail = page.getByTestId('station-detail');
    await detail.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => detail.getByTestId('station-status').getAttribute('data-status'), { timeout: 30_000 })
      .toBe('online');
    const card = detail.getByTestId('sensor-card-water_level');
    const chart = card.getByTestId('series-chart');
    await expect.poll(() => chart.getAttribute('data-points'), { timeout: 30_000 }).toBe('12');
    expect(await chart.getAttribute('data-tier')).toBe('raw');
    expect(await chart.getAttribute('data-segments')).toBe('1');
    expect(await chart.getAttribute('data-thresholds')).toBe('warning:352,guaranteed:354');
    await chart.locator('canvas').first().waitFor(); // ECharts drew it
    expect(await card.getByTestId('sensor-latest').innerText()).toContain('351.65');
    expect(await detail.getByTestId('station-health').innerText()).toMatch(/87%[\s\S]*-71 dBm/);
    // 7 days: the hourly tier, a min–max band around the mean.
    await card.getByTestId('chart-range').getByText('7 天').click();
    await expect.poll(() => chart.getAttribute('data-tier'), { timeout: 20_000 }).toBe('1h');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThanOrEqual(1);
    expect(await chart.getAttribute('data-band')).toBe('1');
    await card.getByTestId('chart-range').getByText('1 小时').click();
    await expect.poll(() => chart.getAttribute('data-tier'), { timeout: 20_000 }).toBe('raw');
    await chart.locator('canvas').first().waitFor();
    await chart.hover({ position: { x: 300, y: 100 } });
    await expect.poll(() => chart.locator('.series-chart-tooltip').innerText()).toMatch(/\d+(\.\d+)? m/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitoring-station.png') });

    // Editing a sensor (its own PATCH): the new 警戒水位 is on the chart.
    await page.getByTestId('station-edit').click();
    await form.waitFor();
    const row = form.getByTestId('sensor-row-0');
    await expect.poll(() => row.getByLabel('警戒水位（m）', { exact: true }).inputValue()).toBe('352');
    await row.getByLabel('警戒水位（m）', { exact: true }).fill('352.5');
    await page.getByTestId('station-form-save').click();
    await expect
      .poll(() => chart.getAttribute('data-thresholds'), { timeout: 20_000 })
      .toBe('warning:352.5,guaranteed:354');
    expect(await chart.getAttribute('data-points')).toBe('12');
    await page.keyboard.press('Escape');

    // 设备健康: the station is online, with its battery and signal.
    await page.goto(`${app.url}/network/health`);
    await page.getByTestId('health-search').locator('input').fill(CODE);
    await page.getByTestId('health-search').locator('input').press('Enter');
    const healthRow = page.getByTestId('health-table').locator('tr', { hasText: NAME });
    await expect
      .poll(() => healthRow.getByTestId('station-status').getAttribute('data-status'))
      .toBe('online');
    expect(await healthRow.innerText()).toMatch(/87%[\s\S]*-71 dBm/);

    // 隔离区: the refused reading with its reason; its payload unfolds.
    await page.goto(`${app.url}/network/quarantine`);
    const qrow = page.getByTestId('quarantine-table').locator('tr.ant-table-row', { hasText: CODE });
    await qrow.first().waitFor({ timeout: 20_000 });
    expect(await qrow.first().innerText()).toContain('读数超出有效量程');
    await qrow.first().locator('.ant-table-row-expand-icon').click();
    await expect.poll(() => page.getByTestId('quarantine-payload').first().innerText()).toContain('7000');
    expect(await page.getByTestId('quarantine-summary').innerText()).toContain(NAME);
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitoring-quarantine.png') });

    // 监测一张图: the station is a green (online) point; a click on its list entry opens the detail.
    await page.goto(`${app.url}/network/map`);
    await waitForMap(page);
    await expect
      .poll(async () => Number(await page.getByTestId('monitoring-map').getAttribute('data-stations')))
      .toBeGreaterThanOrEqual(1);
    const item = page.getByTestId('monitoring-station-item').filter({ hasText: NAME });
    expect(await item.getAttribute('data-status')).toBe('online');
    expect(Number(await page.getByTestId('legend-count-online').innerText())).toBeGreaterThanOrEqual(1);
    expect(await stationMarkers(page)).toContainEqual([NAME, 'online']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitoring-map.png') });
    await item.click();
    await expect.poll(() => page.getByTestId('station-detail-title').innerText()).toBe(NAME);
    await page.close();
  });

  it('works on a phone: the station page with its chart, and the map', async () => {
    const api = await apiAs(app.url, 'township1');
    const list = await api<{ items: { id: string }[] }>(
      'GET',
      `/monitoring/stations?q=${encodeURIComponent(CODE)}`,
    );
    const id = list.items[0]?.id;
    expect(id, 'the township officer of 新宁镇 sees the station').toBeTruthy();

    const page = await app.phonePage();
    await logIn(page, app.url, 'township1');
    await page.goto(`${app.url}/network/stations/${id}`);
    const chart = page.getByTestId('sensor-card-water_level').getByTestId('series-chart');
    await expect.poll(() => chart.getAttribute('data-points'), { timeout: 30_000 }).not.toBe('0');
    await chart.locator('canvas').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitoring-station-phone.png'), fullPage: true });

    await page.goto(`${app.url}/network/map`);
    await waitForMap(page);
    await expect
      .poll(async () => Number(await page.getByTestId('monitoring-map').getAttribute('data-stations')))
      .toBeGreaterThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'monitoring-map-phone.png') });
    await page.close();
  });
});
