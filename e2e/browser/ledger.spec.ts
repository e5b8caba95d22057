/**
 * issue #3, the county ledger beyond enterprises: one set of screens for every registry declared in
 * @ningan/domain. A duty officer keeps the 救援队伍 register (demo rows, a new team with a bad phone number
 * corrected in the form, its detail and history, the `?open=` link the map uses) and checks the GB 18218
 * working of a 重大危险源; a township officer's phone shows a register without the page scrolling sideways.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, chooseInForm, horizontalOverflow, logIn, setUpConsole } from './console.ts';

const app = setUpConsole();

const tableRows = (page: Page) => page.getByTestId('registry-table').locator('tr.ant-table-row');

/** The list's "共 N 条". */
async function listTotal(page: Page): Promise<number> {
  const text = await page.getByTestId('registry-table').locator('.ant-pagination-total-text').innerText();
  return Number(/\d+/.exec(text)?.[0]);
}

/** Reads the open 重大危险源's working and checks it adds up: R = α × Σβq/Q, the verdict and grade follow S and R. */
async function checkWorking(page: Page): Promise<{ S: number; R: number; grade: string }> {
  const working = page.getByTestId('registry-working');
  await working.waitFor({ timeout: 20_000 });
  expect(await working.innerText()).toContain('GB 18218-2018');
  expect(await working.getByTestId('working-items').locator('tr.ant-table-row').count()).toBeGreaterThan(0);

  const sText = (await working.getByTestId('working-S').innerText()).replace(/,/g, '');
  expect(sText).toMatch(/^S = Σq\/Q = .+ = [\d.]+$/);
  const S = Number(/= ([\d.]+)$/.exec(sText)?.[1]);
  const alphaText = await working.getByTestId('working-alpha').innerText();
  expect(alphaText).toMatch(/^α = [\d.]+/);
  const alpha = Number(/^α = ([\d.]+)/.exec(alphaText)?.[1]);
  const rText = (await working.getByTestId('working-R').innerText()).replace(/,/g, '');
  expect(rText).toMatch(/^R = α·Σβq\/Q = [\d.]+ × [\d.]+ = [\d.]+$/);
  const [, a, weighted, r] = /= ([\d.]+) × ([\d.]+) = ([\d.]+)$/.exec(rText) ?? [];
  const R = Number(r);
  expect(Number(a)).toBe(alpha);
  expect(R).toBeCloseTo(alpha * Number(weighted), 2);

  // S ≥ 1: a major hazard installation, graded by R (Table 6); otherwise not graded.
  const major = await working.getByTestId('working-major').innerText();
  const grade = await working.getByTestId('working-grade').innerText();
  if (S >= 1) {
    expect(major).toMatch(/^构成重大危险源/);
    expect(grade).toContain(R >= 100 ? '一级' : R >= 50 ? '二级' : R >= 10 ? '三级' : '四级');
  } else {
    expect(major).toContain('未构成重大危险源');
    expect(grade).toContain('未构成重大危险源');
  }
  return { S, R, grade };
}

describe('web console: the ledger registries', () => {
  it('a duty officer keeps the 救援队伍 register: demo rows, a new team, a phone error fixed, detail and history', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');

    // From the ledger home: the card counts the records, and opens the register.
    await page.goto(`${app.url}/ledger`);
    const card = page.getByTestId('registry-rescue-teams');
    await expect
      .poll(() => card.getByTestId('registry-count').innerText(), { timeout: 30_000 })
      .toMatch(/^\d+ 条$/);
    await card.getByText('救援队伍', { exact: true }).click();
    await page.waitForURL(/\/ledger\/rescue-teams$/);
    await expect.poll(() => page.getByRole('heading', { name: '救援队伍' }).isVisible()).toBe(true);
    await expect.poll(() => tableRows(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('registry-table').getByText('演示数据').count()).toBeGreaterThan(0);
    const before = await listTotal(page);

    // A new team, first with a phone number that is not one.
    await page.getByTestId('registry-create').click();
    const form = page.getByTestId('registry-form');
    await form.waitFor();
    await form.getByLabel('队伍名称', { exact: true }).fill('（测试）宁县山地救援队');
    await form.getByLabel('经度', { exact: true }).fill('107.9217');
    await form.getByLabel('纬度', { exact: true }).fill('35.4988');
    await chooseInForm(page, 'kind', '队伍类别', '社会');
    await chooseInForm(page, 'specialties', '专业方向', '地质灾害');
    // Moving on to the next field closes the multiple select (Escape would close the drawer).
    await form.getByLabel('人数', { exact: true }).click();
    await form.getByLabel('人数', { exact: true }).fill('24');
    await chooseInForm(page, 'readiness', '战备状态', '待命');
    await form.getByLabel('队长', { exact: true }).fill('王建国');
    await form.getByLabel('队长电话', { exact: true }).fill('1380013');
    await page.getByTestId('registry-form-save').click();
    const phoneItem = form.getByTestId('field-leaderPhone');
    await expect
      .poll(() => phoneItem.locator('.ant-form-item-explain-error').innerText(), { timeout: 10_000 })
      .toContain('电话号码格式不正确');
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-form-error.png') });

    await form.getByLabel('队长电话', { exact: true }).fill('13800138000');
    await page.getByTestId('registry-form-save').click();

    // Saved: the detail opens (and the URL says which record, as the map's links do).
    const detail = page.getByTestId('registry-detail');
    await expect
      .poll(() => page.getByTestId('registry-detail-title').innerText(), { timeout: 20_000 })
      .toContain('（测试）宁县山地救援队');
    await expect.poll(() => new URL(page.url()).searchParams.get('open')).toMatch(/^[0-9a-f-]{36}$/);
    const id = new URL(page.url()).searchParams.get('open')!;
    expect(await detail.getByText('13800138000').count()).toBeGreaterThan(0);
    expect(await detail.getByText('地质灾害').count()).toBeGreaterThan(0);

    await detail.getByRole('tab', { name: '变更记录' }).click();
    const history = page.getByTestId('registry-history');
    await expect
      .poll(() => history.getByTestId('history-row').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await history.getByText('新建').count()).toBeGreaterThan(0);

    // Closing the drawer drops `open`; the list now holds the team.
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('open')).toBeNull();
    await expect.poll(() => listTotal(page)).toBe(before + 1);
    await page.getByTestId('registry-search').locator('input').fill('山地救援队');
    await page.getByTestId('registry-search').getByRole('button', { name: 'search' }).click();
    await expect.poll(() => tableRows(page).count()).toBe(1);
    expect(await tableRows(page).first().innerText()).toContain('（测试）宁县山地救援队');
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-list.png') });

    // The link the map uses opens the same record directly.
    await page.goto(`${app.url}/ledger/rescue-teams?open=${id}`);
    await expect
      .poll(() => page.getByTestId('registry-detail').getByText('王建国').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);

    // An unknown register is a plain "not found".
    await page.goto(`${app.url}/ledger/no-such-register`);
    await page.getByTestId('registry-not-found').waitFor();
    await page.close();
  });

  it('a 重大危险源 record shows the GB 18218-2018 working: S, α, R and the grade', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/ledger/hazard-sources`);
    await expect.poll(() => tableRows(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);

    // Any unit first (the first row), then a 二级 one picked with the grade filter.
    await tableRows(page).first().click();
    await checkWorking(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => new URL(page.url()).searchParams.get('open')).toBeNull();

    await page.getByTestId('registry-filter-grade').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: '二级' })
      .click();
    await expect
      .poll(async () => (await tableRows(page).allInnerTexts()).every((row) => row.includes('二级')), {
        timeout: 20_000,
      })
      .toBe(true);
    expect(await tableRows(page).count()).toBeGreaterThan(0);
    await tableRows(page).first().click();
    const { S, grade } = await checkWorking(page);
    expect(S).toBeGreaterThanOrEqual(1);
    expect(grade).toContain('二级');
    await page
      .getByTestId('registry-working')
      .screenshot({ path: path.join(ARTIFACTS, 'registry-hazard-working.png') });
    await page.close();
  });

  it('on a phone the register list scrolls inside its table and the filters wrap', async () => {
    const page = await app.phonePage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/ledger/rescue-teams`);
    await expect.poll(() => tableRows(page).count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Nothing pushes the page sideways; the table scrolls in its own box.
    const overflow = await horizontalOverflow(page);
    expect(overflow).toBeLessThanOrEqual(1);
    const filters = await page.getByTestId('registry-filters').boundingBox();
    expect(filters!.width).toBeLessThanOrEqual(390);
    expect(filters!.height).toBeGreaterThan(60); // more than one line of filters
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-phone.png') });
    await page.close();
  });
});
