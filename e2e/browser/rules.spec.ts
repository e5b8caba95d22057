/**
 * issue #4 parts 4 and 7, 预警规则: a duty officer makes a water-level rule for a gauge from the template
 * (the form prefilled with the gauge's device ID and its 警戒/保证水位), replays it over the stored readings
 * (a transition appears; replay writes nothing), saves it as version 1, then raises the warning stage and
 * saves version 2 with a note; the JSON mode names a problem at its line. Enabled, the rule raises 黄 live,
 * after which deleting it is refused (its alarms keep their history) and the editor offers 停用 instead; a
 * rule without alarms is deleted. A commander (read-only) sees no editing controls. Screenshots (desktop and
 * phone) are kept in e2e/artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, horizontalOverflow, logIn, openPopover, pickOption, setUpConsole } from './console.ts';
import { apiAs, beijing, createStation, ingest, townshipSeat } from './monitoring-fixtures.ts';

const CODE = 'E2E-RULE-WL1';
const NAME = '（测试）城关河水位站';
const XINNING = '621026100'; // 新宁镇
const TEMPLATE = '水位（警戒/保证水位）';

const app = setUpConsole();

/** Opens the antd Select with test id `testId`, types `search` and picks the option titled `option`. */
async function pick(page: Page, testId: string, option: string, search?: string): Promise<void> {
  const select = page.getByTestId(testId);
  await pickOption(page, select, option, search);
  await select.locator(`[title="${option}"]`).first().waitFor({ timeout: 5_000 });
}

/** Searches the rule list (by name, station, device ID or template). */
async function searchRules(page: Page, text: string): Promise<void> {
  const box = page.getByTestId('rules-search').locator('input');
  await box.fill(text);
  await box.press('Enter');
}

describe('web console: alarm rules — template form, replay preview, versions', () => {
  it('makes a water-level rule from the template, replays it, saves v1, edits a threshold to v2', async () => {
    // A gauge with 警戒 352 m / 保证 354 m, and four hours of readings (every 10 min) that rise through
    // 352 m and fall back: the rule would have raised 黄 and cleared it.
    const api = await apiAs(app.url, 'duty');
    const seat = await townshipSeat(api, XINNING);
    const station = await createStation(api, {
      code: CODE,
      name: NAME,
      kind: 'water_level',
      regionCode: XINNING,
      lon: seat.lon + 0.003,
      lat: seat.lat - 0.002,
      sensors: [{ metric: 'water_level', samplingSeconds: 600, warningStage: 352, guaranteedStage: 354 }],
    });
    const now = Date.now();
    const values = [
      350, 350.3, 350.6, 350.9, 351.2, 351.5, 351.8, 352.1, 352.4, 352.6, 352.5, 352.2, 351.9, 351.6, 351.3,
      351.1, 351, 350.9, 350.8, 350.8, 350.7, 350.7, 350.6, 350.6,
    ];
    const readings = values.map((value, i) => ({
      metric: 'water_level',
      value,
      ts: beijing(now - (values.length - i) * 10 * 60_000),
    }));
    expect((await ingest(app.url, station.device, { readings })).accepted).toBe(values.length);

    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.getByTestId('nav-menu').getByText('一张网').click();
    await page.getByTestId('nav-menu').getByText('预警规则').click();
    await page.waitForURL(/\/network\/rules$/);
    await page.getByTestId('rules-page').waitFor();
    // The demo rules (when the server seeds them) with their current alarm levels.
    await page
      .getByTestId('rules-table')
      .locator('tr.ant-table-row, .ant-table-placeholder')
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'rules-list.png') });

    // New rule: the station (searched by its device ID), then the water-level template.
    await page.getByTestId('rule-create').click();
    await page.waitForURL(/\/network\/rules\/new$/);
    await pick(page, 'rule-station', `${NAME}（${CODE}）`, CODE);
    await pick(page, 'rule-template', TEMPLATE);
    const form = page.getByTestId('rule-form');
    // Prefilled from the station: its device ID and metric, its 警戒/保证水位, the no-data timeout.
    await expect.poll(() => form.getByLabel('警戒水位（m）', { exact: true }).inputValue()).toBe('352');
    expect(await form.getByLabel('保证水位（m）', { exact: true }).inputValue()).toBe('354');
    expect(await form.getByLabel('监测设备 · 设备编号', { exact: true }).inputValue()).toBe(CODE);
    expect(await form.getByLabel('无数据超时（分钟）', { exact: true }).inputValue()).not.toBe('');
    expect(await form.innerText()).toContain('视为正常');
    // The stage levels' defaults are shown as placeholders (黄 at 警戒, 红 at 保证: a convention).
    expect(await page.getByTestId('group-stageLevels').innerText()).toContain('黄色（三级）');
    // This gauge reports every 10 min with gaps of its own; the rule is about the stage only.
    await page.getByTestId('group-noData').getByText('不监测无数据').click();

    // Replay the last 24 h: writes nothing, finds the rise through 352 m.
    const replay = page.getByTestId('replay-panel');
    expect(await page.getByTestId('replay-writes-nothing').innerText()).toContain('不写入');
    await page.getByTestId('replay-run').click();
    const result = page.getByTestId('replay-result');
    await result.waitFor({ timeout: 30_000 });
    expect(Number(await result.getAttribute('data-transitions'))).toBeGreaterThanOrEqual(2);
    const rows = replay.getByTestId('replay-transitions').locator('tr.ant-table-row');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(2);
    expect(await rows.first().innerText()).toMatch(/产生[\s\S]*黄 · 三级/);
    expect(await rows.nth(1).innerText()).toContain('解除');
    expect(await page.getByTestId('replay-readings').innerText()).toContain(`${values.length} 条`);
    await page.getByTestId('replay-chart').locator('canvas').first().waitFor();
    // Let the chart draw, then keep the picture.
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rules-editor-replay.png'), fullPage: true });
    // Replay wrote nothing: still no rule.
    const ofStation = `/monitoring/rules?stationId=${station.id}`;
    expect(await api<unknown[]>('GET', ofStation)).toEqual([]);

    // Save → version 1, and the editor of the saved rule opens.
    await page.getByTestId('rule-note').fill('按水务局核定的警戒、保证水位建立');
    await page.getByTestId('rule-save-button').click();
    await page.waitForURL(/\/network\/rules\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    await expect.poll(() => page.getByTestId('rule-version').innerText()).toBe('第 1 版');
    const ruleUrl = page.url();

    // The list (searched by the device ID) shows it, version 1, disabled until enabled.
    await page.goto(`${app.url}/network/rules`);
    await searchRules(page, CODE);
    const row = page.getByTestId('rules-table').locator('tr.ant-table-row', { hasText: NAME });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getByTestId('rule-version').innerText()).toBe('第 1 版');
    expect(await row.innerText()).toContain('水位（警戒/保证水位）');
    expect(await row.getByTestId('rule-enabled').getAttribute('aria-checked')).toBe('false');
    await row.getByTestId('rule-enabled').click();
    await expect.poll(() => row.getByTestId('rule-enabled').getAttribute('aria-checked')).toBe('true');

    // Edit a threshold → version 2, with the note in the versions list.
    await page.goto(ruleUrl);
    const warning = page.getByTestId('rule-form').getByLabel('警戒水位（m）', { exact: true });
    await expect.poll(() => warning.inputValue()).toBe('352');
    await warning.fill('352.5');
    await page.getByTestId('rule-note').fill('警戒水位上调 0.5 m');
    await page.getByTestId('rule-save-button').click();
    await expect
      .poll(() => page.getByTestId('rule-version').innerText(), { timeout: 20_000 })
      .toBe('第 2 版');
    const versions = page.getByTestId('rule-versions');
    expect(await versions.getByTestId('version-2').innerText()).toContain('警戒水位上调 0.5 m');
    expect(await versions.getByTestId('version-1').innerText()).toContain('按水务局核定');
    await versions.getByTestId('version-2').click();
    await versions.getByText('与上一版对比').click();
    expect(await versions.getByTestId('version-diff').innerText()).toMatch(
      /- +"raise": 352\n[\s\S]*\+ +"raise": 352\.5/,
    );
    const stored = await api<
      { version: number; enabled: boolean; definition: { levels: { yellow: unknown } } }[]
    >('GET', ofStation);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      version: 2,
      enabled: true,
      definition: { levels: { yellow: { when: { op: '>=', signal: 'stage', raise: 352.5 } } } },
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'rules-editor-versions.png'), fullPage: true });

    // JSON mode: the rule as JSON; a clear threshold above the raise threshold is named at its line.
    await page.getByTestId('rule-mode').getByText('JSON', { exact: true }).click();
    const json = page.getByTestId('rule-json');
    await expect.poll(() => json.inputValue()).toContain('"raise": 352.5');
    const text = await json.inputValue();
    expect(text).not.toContain('"version"');
    await json.fill(text.replace('"raise": 352.5', '"raise": 352.5,\n            "clear": 353'));
    const problems = page.getByTestId('rule-json-problems');
    await expect.poll(() => problems.innerText()).toContain('levels.yellow.when.clear');
    const line = text.split('\n').findIndex((l) => l.includes('"raise": 352.5')) + 2;
    expect(await problems.innerText()).toMatch(new RegExp(`第 ${line} 行[\\s\\S]*解除阈值不能高于触发阈值`));
    await page.screenshot({ path: path.join(ARTIFACTS, 'rules-editor-json.png') });
    // Back to the form: the JSON edit is dropped after confirming.
    await page.getByTestId('rule-mode').getByText('模板表单', { exact: true }).click();
    await page.locator('.ant-modal-confirm').getByRole('button', { name: '确定' }).click();
    await page.getByTestId('rule-form').waitFor();

    // The rule is enabled: a reading above 352.5 m raises 黄 live. A rule with alarms cannot be deleted
    // (409: its alarms keep their history) — the editor says so and offers to disable it instead.
    await ingest(app.url, station.device, { metric: 'water_level', value: 353, ts: beijing(Date.now()) });
    await expect
      .poll(async () => (await api<{ activeLevel: string | null }[]>('GET', ofStation))[0]?.activeLevel, {
        timeout: 20_000,
      })
      .toBe('yellow');
    await page.reload();
    await expect.poll(() => page.getByTestId('level-chip').first().getAttribute('data-level')).toBe('yellow');
    await page.getByTestId('rule-delete').click();
    await openPopover(page, 'popconfirm').getByRole('button', { name: '确定' }).click();
    const refusal = page.locator('.ant-modal-confirm');
    await expect.poll(() => refusal.innerText()).toContain('只能停用');
    await refusal.getByRole('button', { name: '停用规则' }).click();
    await expect
      .poll(() => page.getByTestId('rule-enabled').getAttribute('aria-checked'), { timeout: 20_000 })
      .toBe('false');
    expect((await api<{ enabled: boolean }[]>('GET', ofStation))[0]?.enabled).toBe(false);

    // A rule written as JSON (no template) opens in the JSON mode, and one without alarms can be deleted.
    const rule = await api<{ id: string }>('POST', '/monitoring/rules', {
      stationId: station.id,
      enabled: false,
      definition: {
        name: '（测试）水位 JSON 规则',
        inputs: { stage: { device: CODE, metric: 'water_level', unit: 'm' } },
        signals: { stage: { fn: 'last', input: 'stage' } },
        levels: { red: { when: { op: '>=', signal: 'stage', raise: 360 } } },
      },
    });
    await page.goto(`${app.url}/network/rules/${rule.id}`);
    await expect.poll(() => page.getByTestId('rule-json').inputValue()).toContain('"raise": 360');
    await page.getByTestId('rule-delete').click();
    await openPopover(page, 'popconfirm').getByRole('button', { name: '确定' }).click();
    await page.waitForURL(/\/network\/rules$/, { timeout: 20_000 });
    expect(await api<unknown[]>('GET', ofStation)).toHaveLength(1);
    await page.close();
  });

  it('on a phone, and read-only for an account without monitoring:write', async () => {
    const api = await apiAs(app.url, 'commander');
    const stations = await api<{ items: { id: string }[] }>(
      'GET',
      `/monitoring/stations?q=${encodeURIComponent(CODE)}`,
    );
    const rules = await api<{ id: string }[]>('GET', `/monitoring/rules?stationId=${stations.items[0]!.id}`);
    expect(rules).toHaveLength(1);

    const page = await app.phonePage();
    await logIn(page, app.url, 'commander');
    await page.goto(`${app.url}/network/rules`);
    await searchRules(page, CODE);
    const row = page.getByTestId('rules-table').locator('tr.ant-table-row', { hasText: NAME });
    await row.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('rule-create').count()).toBe(0);
    expect(await row.getByTestId('rule-enabled').isDisabled()).toBe(true);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rules-list-phone.png') });

    // The editor: read-only, no save or delete, but the replay still runs.
    await page.goto(`${app.url}/network/rules/${rules[0]!.id}`);
    await page.getByTestId('rule-form').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('rule-save-button').count()).toBe(0);
    expect(await page.getByTestId('rule-delete').count()).toBe(0);
    expect(
      await page.getByTestId('rule-form').getByLabel('警戒水位（m）', { exact: true }).isDisabled(),
    ).toBe(true);
    await page.getByTestId('replay-run').click();
    await page.getByTestId('replay-result').waitFor({ timeout: 30_000 });
    await page.getByTestId('replay-chart').locator('canvas').first().waitFor();
    await page.waitForTimeout(500);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'rules-editor-phone.png'), fullPage: true });
    await page.close();
  });
});
