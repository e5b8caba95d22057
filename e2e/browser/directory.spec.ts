/**
 * issue #3 "Contacts": the 三委四部 应急通讯录. An administrator edits 水务局's 责任清单 in the 防汛抗旱指挥部
 * through the API; the duty officer opens 应急通讯录 from the navigation on a desktop, searches the unit and
 * sees its duties and its people's numbers as tel: links; on a phone the same page, filtered to the
 * headquarters, fits the screen and every number is a link to tap.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, login } from '../harness.ts';
import { ARTIFACTS, horizontalOverflow, logIn, setUpConsole } from './console.ts';

interface Person {
  name: string;
  duty: string;
  phone: string;
  officePhone: string | null;
}
interface Member {
  unitId: string;
  unitName: string;
  duties: string[];
  contacts: Person[];
}
interface Body {
  id: string;
  name: string;
  shortName: string;
  leadership: Person[];
  members: Member[];
}

const app = setUpConsole();
let flood: Body;
let water: Member;
const NEW_DUTY = '汛期每日 8 时、20 时向指挥部报送水库蓄水和河道流量';

const memberCard = (page: Page, body: string, unit: string) =>
  page
    .locator('.ant-collapse-item')
    .filter({ has: page.locator(`[data-testid="directory-body"][data-body="${body}"]`) })
    .locator(`[data-testid="directory-member"][data-unit="${unit}"]`);

describe('web console: 应急通讯录 of the 三委四部', () => {
  beforeAll(async () => {
    // Seeded through the API: the administrator adds an item to 水务局's list in the 防汛抗旱指挥部.
    const admin = await login(app.url, 'admin', ADMIN_PASSWORD);
    const headers = { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json' };
    const r = await fetch(`${app.url}/api/v1/directory`, { headers });
    expect(r.status).toBe(200);
    const { bodies } = (await r.json()) as { bodies: Body[] };
    flood = bodies.find((b) => b.shortName === '防汛抗旱')!;
    const before = flood.members.find((m) => m.unitName === '宁县水务局')!;
    const patch = await fetch(`${app.url}/api/v1/directory/bodies/${flood.id}/members/${before.unitId}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ duties: [...before.duties, NEW_DUTY] }),
    });
    expect(patch.status, await patch.clone().text()).toBe(200);
    water = (await patch.json()) as Member;
    expect(water.duties.at(-1)).toBe(NEW_DUTY);
    expect(water.contacts.length).toBeGreaterThan(0);
  });

  it('on a desktop: from the navigation, search a unit, see its duties and call its people', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.getByTestId('nav-menu').getByRole('menuitem', { name: '应急通讯录' }).click();
    await page.waitForURL(/\/admin\/directory$/);
    await page.getByTestId('directory-page').waitFor();
    // All seven bodies, folded until the user searches or picks one.
    await expect.poll(() => page.getByTestId('directory-body').count(), { timeout: 20_000 }).toBe(7);

    await page.getByLabel('搜索通讯录').fill('水务局');
    const card = memberCard(page, '防汛抗旱', '宁县水务局');
    await card.waitFor({ timeout: 10_000 });
    const duties = card.getByRole('list', { name: '责任清单' });
    await expect.poll(() => duties.locator('li').allInnerTexts()).toEqual(water.duties);
    expect(await card.getByText('牵头', { exact: true }).count()).toBe(1);
    for (const person of water.contacts) {
      const link = card.locator(`a[href="tel:${person.phone}"]`);
      expect(await link.count(), person.name).toBe(1);
      expect(await link.innerText()).toContain(person.phone);
    }
    // Only 水务局 is left in every body it belongs to.
    const units = await page
      .getByTestId('directory-member')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-unit')));
    expect(new Set(units)).toEqual(new Set(['宁县水务局']));
    expect(units.length).toBeGreaterThan(3);
    await page.screenshot({ path: path.join(ARTIFACTS, 'directory.png') });
    await page.close();
  });

  it('on a phone: filtered to 防汛抗旱, the page fits the screen and every number is a tel: link', async () => {
    const page = await app.phonePage();
    await logIn(page, app.url, 'duty');
    await page.getByTestId('nav-toggle').tap();
    await page.getByTestId('nav-menu').getByRole('menuitem', { name: '应急通讯录' }).tap();
    await page.getByTestId('directory-page').waitFor();

    await page.getByLabel('按机构筛选').click();
    await page
      .locator(
        '.ant-select-dropdown:not(.ant-select-dropdown-hidden):not(.ant-slide-up-appear):not(.ant-slide-up-enter)',
      )
      .getByTitle('防汛抗旱', { exact: true })
      // Dispatched, not clicked: on a touch screen the list can still be settling (a pointer click then
      // waits for it to hold still); the option's own click handler is what is being exercised.
      .dispatchEvent('click');
    await expect.poll(() => page.getByTestId('directory-body').count()).toBe(1);
    // The headquarters' leadership: 总指挥 first, callable.
    const director = flood.leadership[0]!;
    await page.locator(`a[href="tel:${director.phone}"]`).first().waitFor();

    await page.getByLabel('搜索通讯录').fill('水务');
    const card = memberCard(page, '防汛抗旱', '宁县水务局');
    await card.waitFor();
    expect(await card.innerText()).toContain(NEW_DUTY);
    const tel = card.locator('a[href^="tel:"]');
    expect(await tel.count()).toBeGreaterThanOrEqual(water.contacts.length);
    const box = await tel.first().boundingBox();
    expect(box!.height).toBeGreaterThanOrEqual(32); // a finger-sized target

    const overflow = await horizontalOverflow(page);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'directory-phone.png'), fullPage: false });
    await page.close();
  });
});
