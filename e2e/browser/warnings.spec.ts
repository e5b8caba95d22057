/**
 * issue #5, 预警发布 in the browser: the demo duty officer composes a rainstorm (暴雨) yellow warning for one
 * township — the standard wording fills in, the preview resolves the township and counts the people and
 * recipients — and submits it; the commander reviews and signs it (the confirmation names the area); the
 * delivery progress and the 叫应 board follow, the duty officer records a phone answer; the public warning
 * page shows it on a phone-sized screen without a login. Screenshots are kept in e2e/artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, horizontalOverflow, logIn, setUpConsole } from './console.ts';

const XINNING = '新宁镇'; // 621026100

const app = setUpConsole();

/** The detail page's state tag, once it reads `text`. */
async function stateIs(page: Page, text: string): Promise<void> {
  await expect.poll(() => page.getByTestId('warning-state').innerText(), { timeout: 20_000 }).toBe(text);
}

describe('web console: 预警发布 — compose, sign off, deliver, 叫应, public page', () => {
  let warningUrl = '';
  let headline = '';

  it('the duty officer composes a rainstorm warning for one township and submits it', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.getByTestId('nav-menu').getByText('一张网').click();
    await page.getByTestId('nav-menu').getByText('预警发布').click();
    await page.waitForURL(/\/warnings$/);
    await page.getByTestId('warning-new').click();
    await page.waitForURL(/\/warnings\/new$/);
    const composer = page.getByTestId('warning-composer');

    // 暴雨 is the default hazard; yellow (三级) is one of its levels.
    await composer
      .getByTestId('warning-level')
      .locator('.ant-radio-button-wrapper', { hasText: '黄 ·' })
      .click();

    // One township in the tree: its villages are checked with it.
    const tree = composer.getByTestId('warning-region-tree');
    await tree.locator('.ant-tree-treenode', { hasText: XINNING }).first().waitFor({ timeout: 20_000 });
    await tree
      .locator('.ant-tree-treenode', { hasText: XINNING })
      .first()
      .locator('.ant-tree-checkbox')
      .click();

    // The preview resolves it and counts people and recipients.
    const preview = composer.getByTestId('warning-preview');
    await expect
      .poll(
        () =>
          preview
            .getByTestId('warning-preview-townships')
            .innerText()
            .catch(() => ''),
        {
          timeout: 20_000,
        },
      )
      .toContain(XINNING);
    expect(await preview.getByTestId('warning-preview-recipients').innerText()).toMatch(
      /短信|大喇叭|平台内推送/,
    );

    // The standard wording follows the template: 宁县应急管理局发布暴雨黄色预警.
    await expect
      .poll(() => composer.getByTestId('warning-headline').inputValue())
      .toMatch(/应急管理局发布暴雨黄色预警$/);
    headline = await composer.getByTestId('warning-headline').inputValue();
    await composer.getByTestId('warning-expiry-12').click();
    await page.screenshot({ path: path.join(ARTIFACTS, 'warnings-composer.png'), fullPage: true });

    await page.getByTestId('warning-submit').click();
    await page.waitForURL(/\/warnings\/[0-9a-f-]{36}$/, { timeout: 20_000 });
    warningUrl = page.url();
    await stateIs(page, '审核中');
    expect(await page.getByTestId('warning-headline-text').innerText()).toBe(headline);
    // The author cannot approve or sign his own warning (four eyes).
    expect(await page.getByTestId('warning-action-approve').count()).toBe(0);
    await page.close();
  });

  it('the commander approves and signs it; delivery and the 叫应 board follow', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'commander');
    await page.goto(warningUrl);
    await page.getByTestId('warning-action-approve').click();
    await stateIs(page, '待签发');

    await page.getByTestId('warning-action-sign').click();
    const summary = page.getByTestId('warning-sign-summary');
    await expect.poll(() => summary.innerText(), { timeout: 20_000 }).toContain(XINNING);
    expect(await summary.innerText()).toContain(headline);
    await page.getByTestId('warning-sign-ok').click();
    await stateIs(page, '已发布');
    expect(await page.getByTestId('warning-phase').innerText()).toBe('生效中');
    expect(await page.getByTestId('warning-identifier').innerText()).toMatch(/^\d{6}\w+_\d{14}_\d+$/);

    // 发布进度: the fan-out completes and the simulator's receipts arrive.
    const progress = page.getByTestId('warning-progress');
    await progress.waitFor({ timeout: 20_000 });
    await expect.poll(() => progress.getAttribute('data-fanout'), { timeout: 60_000 }).toBe('done');
    await expect
      .poll(
        async () => Number(await page.getByTestId('warning-progress-all').getAttribute('data-delivered')),
        {
          timeout: 60_000,
        },
      )
      .toBeGreaterThan(0);
    expect(await page.getByTestId('warning-coverage-townships').innerText()).toContain(XINNING);
    await page.screenshot({ path: path.join(ARTIFACTS, 'warnings-progress.png'), fullPage: true });

    // CAP: the published document.
    await page.getByRole('tab', { name: 'CAP' }).click();
    await expect
      .poll(() => page.getByTestId('warning-cap-xml').innerText(), { timeout: 20_000 })
      .toContain('urn:oasis:names:tc:emergency:cap:1.2');
    await page.close();
  });

  it('the duty officer records a phone answer on the 叫应 board', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${warningUrl}?tab=calls`);
    const board = page.getByTestId('warning-call-board');
    await board.waitFor({ timeout: 30_000 });
    const before = Number(await board.getAttribute('data-answered'));
    const total = Number(await board.getAttribute('data-total'));
    expect(total).toBeGreaterThan(0);
    expect(await board.innerText()).toContain(XINNING);

    await board.getByTestId('warning-call-record').first().click();
    await page.getByTestId('warning-call-record-ok').click();
    await expect
      .poll(async () => Number(await board.getAttribute('data-answered')), { timeout: 20_000 })
      .toBe(before + 1);
    expect(await board.innerText()).toContain('电话');
    await page.screenshot({ path: path.join(ARTIFACTS, 'warnings-calls.png'), fullPage: true });

    // The list: it is in force, with its 叫应 count.
    await page.goto(`${app.url}/warnings?tab=active`);
    const row = page.getByTestId('warnings-table').locator('tr.ant-table-row', { hasText: headline });
    await row.waitFor({ timeout: 20_000 });
    await expect
      .poll(() => row.getByTestId('warning-row-calls').innerText(), { timeout: 20_000 })
      .toMatch(/\d+\/\d+/);
    await page.close();
  });

  it('the public page shows the warning on a phone, without a login', async () => {
    const page = await app.phonePage();
    await page.goto(`${app.url}/public/warnings`);
    const card = page.getByTestId('public-warning-card').filter({ hasText: headline });
    await card.waitFor({ timeout: 20_000 });
    expect(await card.getAttribute('data-level')).toBe('yellow');
    expect(await card.innerText()).toContain('防御指南');
    expect(await page.getByTestId('public-atom').getAttribute('href')).toBe('/public/warnings.atom');
    expect(page.url()).not.toContain('/login');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'warnings-public-phone.png'), fullPage: true });
    await page.close();
  });
});
