/**
 * issue #2, "what a user must be able to do": log in through the browser and see the map of 宁县 —
 * county boundary, neighbours, the 18 townships labelled, the villages — in a Chinese console.
 * Screenshots are kept in e2e/artifacts/ as test artifacts.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, logIn, setUpConsole, waitForMap } from './console.ts';

const AUDITOR_PASSWORD = 'Audit#E2e-2026';
const SEARCH_PLACEHOLDER = '企业名称 / 统一社会信用代码';
const TOWNSHIP_NAMES = [
  '新宁镇',
  '平子镇',
  '早胜镇',
  '长庆桥镇',
  '和盛镇',
  '湘乐镇',
  '新庄镇',
  '盘克镇',
  '中村镇',
  '焦村镇',
  '米桥镇',
  '良平镇',
  '太昌镇',
  '春荣镇',
  '南义乡',
  '瓦斜乡',
  '金村乡',
  '九岘乡',
];

const app = setUpConsole({ NINGAN_AUDITOR_PASSWORD: AUDITOR_PASSWORD });

describe('web console: log in and see the county map', () => {
  it('a duty officer logs in and sees 宁县 with its 18 townships labelled, villages and neighbours', async () => {
    const page = await app.desktopPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    await logIn(page, app.url, 'duty');
    await waitForMap(page);

    for (const name of TOWNSHIP_NAMES)
      await expect.poll(() => page.getByText(name, { exact: true }).first().isVisible()).toBe(true);
    const labels = page.locator('[data-testid^="township-label-"]');
    expect(await labels.count()).toBe(18);
    expect(await page.locator('[data-testid="neighbour-label"]').count()).toBeGreaterThanOrEqual(3);

    // The map holds the county, 18 zones and 278 village points, all drawn from the API.
    const counts = await page.evaluate(() => {
      const map = (
        window as unknown as {
          __ninganMap: {
            querySourceFeatures(id: string): unknown[];
            getStyle(): { sources: Record<string, unknown> };
          };
        }
      ).__ninganMap;
      return Object.keys(map.getStyle().sources);
    });
    expect(counts.length).toBeGreaterThanOrEqual(4);
    await expect.poll(() => page.getByText('乡镇分区为示意').first().isVisible()).toBe(true);
    for (const pillar of ['一张图', '一张网', '一张表', '一盘棋', '安全监管', '防灾减灾'])
      expect(await page.getByTestId('nav-menu').getByText(pillar).count()).toBeGreaterThan(0);
    expect(failed.filter((u) => !u.startsWith(app.url))).toEqual([]); // works with no internet
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-desktop.png') });
    await page.close();
  });

  it('works on a phone screen', async () => {
    const page = await app.phonePage();
    await logIn(page, app.url, 'township1');
    await waitForMap(page);
    expect(await page.locator('[data-testid^="township-label-"]').count()).toBe(18);
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-phone.png') });
    await page.close();
  });

  it('the audit administrator verifies the hash chain from the audit page; the duty officer has no audit menu', async () => {
    const page = await app.desktopPage();
    await page.goto(app.url);
    await page.getByLabel('用户名', { exact: true }).fill('auditor');
    await page.getByLabel('口令', { exact: true }).fill(AUDITOR_PASSWORD);
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.getByTestId('nav-menu').getByText('审计日志').click();
    await page.getByTestId('audit-table').waitFor();
    await page.getByTestId('audit-verify').click();
    await expect
      .poll(() => page.getByTestId('audit-verify-result').innerText(), { timeout: 30_000 })
      .toMatch(/哈希链完整：已校验 \d+ 条记录/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'audit.png') });
    await page.close();

    const duty = await app.browser.newPage({ locale: 'zh-CN' });
    await logIn(duty, app.url, 'duty');
    await waitForMap(duty);
    expect(await duty.getByTestId('nav-menu').getByText('审计日志').count()).toBe(0);
    await duty.close();
  });

  it('issue #3: the enterprise registry lists demo enterprises in scope; a township officer sees only the township', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await waitForMap(page);
    await page.goto(`${app.url}/ledger/enterprises`);
    const rows = page.getByTestId('enterprises-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThanOrEqual(10);
    // 2,826 demo enterprises (the plan's count): find the coal mine by name.
    const search = page.getByPlaceholder(SEARCH_PLACEHOLDER);
    await search.fill('煤矿');
    await search.press('Enter');
    await expect
      .poll(() => page.getByText('（演示）宁县某煤矿').first().isVisible(), { timeout: 30_000 })
      .toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'enterprises.png') });
    await page.close();

    const township = await app.desktopPage();
    await logIn(township, app.url, 'township1');
    await waitForMap(township);
    await township.goto(`${app.url}/ledger/enterprises`);
    const own = township.getByTestId('enterprises-table').locator('tr.ant-table-row');
    await expect.poll(() => own.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await township.getByText('（演示）宁县某煤矿').count()).toBe(0);
    for (const text of await own.allInnerTexts()) expect(text).toContain('新宁镇');
    await township.close();
  });

  it('a wrong password shows the error in Chinese and stays on the login page', async () => {
    const page = await app.browser.newPage({ locale: 'zh-CN' });
    await page.goto(app.url);
    await page.getByLabel('用户名', { exact: true }).fill('duty');
    await page.getByLabel('口令', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await expect.poll(() => page.getByText('用户名或口令错误').first().isVisible()).toBe(true);
    await page.close();
  });
});
