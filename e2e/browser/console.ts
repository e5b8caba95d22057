/** What every browser spec does with the web console: sign in, pick from a form's select, wait for the map. */
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../harness.ts';

/** Signs `username` in on the login page of the server at `url` and waits for the signed-in layout. */
export async function logIn(
  page: Page,
  url: string,
  username: string,
  password = DEMO_PASSWORD,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('用户名', { exact: true }).fill(username);
  await page.getByLabel('口令', { exact: true }).fill(password);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByTestId('user-menu').waitFor();
}

/**
 * Picks `option` in the registry form's antd Select for field `key` (labelled `label`), clicking only once the
 * dropdown has finished sliding in (a click during the animation is lost), and waits until it shows as chosen.
 */
export async function chooseInForm(page: Page, key: string, label: string, option: string): Promise<void> {
  const item = page.getByTestId('registry-form').getByTestId(`field-${key}`);
  await item.getByLabel(label, { exact: true }).click();
  await page
    .locator(
      '.ant-select-dropdown:not(.ant-select-dropdown-hidden):not(.ant-slide-up-appear):not(.ant-slide-up-enter)',
    )
    .getByTitle(option, { exact: true })
    .click();
  // The chosen value (single) or tag (multiple) carries the option as its title.
  await item.locator(`[title="${option}"]`).first().waitFor({ timeout: 5_000 });
}

/** The county map has loaded its style and data, and the web fonts its labels use are in. */
export async function waitForMap(page: Page): Promise<void> {
  await page.locator('[data-testid="county-map"][data-map-ready="true"]').waitFor({ timeout: 60_000 });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** How far the page scrolls sideways (≤ 1 px: it fits the screen), once the fonts are in. */
export async function horizontalOverflow(page: Page): Promise<number> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
