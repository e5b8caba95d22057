/**
 * issue #3, an enterprise's risks and the ledger's lines. 风险分级管控: "an enterprise's overall colour is its worst point". A duty officer opens an
 * enterprise that has a 重大风险 point, sees the colour and the enterprise's records in every registry on
 * its 风险与台账 tab, and follows "全部 N 条" to the registry list filtered to that enterprise.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login } from '../harness.ts';
import { chooseInForm, logIn, setUpConsole } from './console.ts';

const app = setUpConsole();

interface Page<T> {
  items: T[];
  total: number;
}
interface Record {
  id: string;
  name: string;
  grade: string | null;
  enterpriseId: string | null;
}

describe('web console: an enterprise’s risks and ledger', () => {
  it('shows the worst risk point’s colour and links to the registry filtered to the enterprise', async () => {
    // An enterprise with a red (重大风险) point, from the API as the same duty officer.
    const { token } = await login(app.url, 'duty', DEMO_PASSWORD);
    const get = async <T>(path: string): Promise<T> => {
      const r = await fetch(`${app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(r.status, path).toBe(200);
      return (await r.json()) as T;
    };
    const red = await get<Page<Record>>('/ledger/risk-points?grade=red&pageSize=50');
    const enterpriseId = red.items.find((r) => r.enterpriseId)?.enterpriseId;
    expect(enterpriseId, 'the demo has an enterprise with a 重大风险 point').toBeTruthy();
    const points = await get<Page<Record>>(`/ledger/risk-points?enterpriseId=${enterpriseId}&pageSize=1`);

    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');

    // The list shows each enterprise's colour and filters by it: 重大风险 only.
    await page.goto(`${app.url}/ledger/enterprises`);
    await page.getByTestId('enterprise-risk-filter').click();
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden)')
      .locator('[data-grade="red"]')
      .dispatchEvent('click');
    const rows = page.getByTestId('enterprises-table').locator('tr.ant-table-row');
    await expect
      .poll(
        async () =>
          new Set(
            await rows
              .locator('[data-grade]')
              .evaluateAll((els) => els.map((e) => e.getAttribute('data-grade'))),
          ),
      )
      .toEqual(new Set(['red']));
    expect(await rows.count()).toBeGreaterThan(0);

    await page.goto(`${app.url}/ledger/enterprises?detail=${enterpriseId}`);
    const detail = page.getByTestId('enterprise-detail');
    await detail.getByRole('tab', { name: '风险与台账' }).click();
    const ledger = detail.getByTestId('enterprise-ledger');
    await ledger.waitFor({ timeout: 20_000 });
    await expect
      .poll(() =>
        ledger.getByTestId('enterprise-risk-color').locator('[data-grade]').getAttribute('data-grade'),
      )
      .toBe('red');
    expect(await ledger.getByTestId('enterprise-risk-color').innerText()).toContain('重大风险');

    const section = ledger.getByTestId('enterprise-ledger-risk-points');
    await expect.poll(() => section.locator('.ant-list-item').count()).toBeGreaterThan(0);
    expect(await section.innerText()).toContain(`${points.total}`);

    await section.getByRole('link', { name: `全部 ${points.total} 条` }).click();
    await page.waitForURL(/\/ledger\/risk-points\?enterprise=/);
    await page.getByTestId('registry-enterprise-filter').waitFor();
    await expect
      .poll(() => page.getByTestId('registry-table').locator('.ant-pagination-total-text').innerText(), {
        timeout: 20_000,
      })
      .toBe(`共 ${points.total} 条`);
    await page.close();
  });

  it('a pipeline is drawn on the map: clicks add points, 撤销 removes the last, the saved record has its length', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/ledger/pipelines`);
    await page.getByTestId('registry-create').click();
    const form = page.getByTestId('registry-form');
    await form.waitFor();
    await form.getByLabel('管道名称', { exact: true }).fill('（测试）新庄输气支线');
    await chooseInForm(page, 'kind', '管道类别', '城镇燃气管道');
    await chooseInForm(page, 'medium', '输送介质', '天然气');

    const picker = form.getByTestId('geometry-picker');
    await picker.locator('[data-map-ready="true"]').waitFor({ timeout: 30_000 });
    const canvas = picker.locator('canvas');
    const box = (await canvas.boundingBox())!;
    // Near the middle of the county map: three clicks, one undone, one more.
    for (const [dx, dy] of [
      [-30, 0],
      [0, 10],
      [30, 20],
    ] as const)
      await canvas.click({ position: { x: box.width / 2 + dx, y: box.height / 2 + dy } });
    await expect.poll(() => picker.getByTestId('geometry-vertex-count').innerText()).toBe('已绘制 3 个点');
    await picker.getByTestId('geometry-undo').click();
    await expect.poll(() => picker.getByTestId('geometry-vertex-count').innerText()).toBe('已绘制 2 个点');
    await canvas.click({ position: { x: box.width / 2 + 40, y: box.height / 2 - 10 } });
    await expect.poll(() => picker.getByTestId('geometry-vertex-count').innerText()).toBe('已绘制 3 个点');
    const text = await form.getByTestId('field-geometry').locator('textarea').inputValue();
    const geometry = JSON.parse(text) as { type: string; coordinates: number[][] };
    expect(geometry.type).toBe('LineString');
    expect(geometry.coordinates).toHaveLength(3);

    await page.getByTestId('registry-form-save').click();
    await expect
      .poll(() => page.getByTestId('registry-detail-title').innerText(), { timeout: 20_000 })
      .toContain('（测试）新庄输气支线');
    // The server derives the length from the drawn line (km, > 0).
    await expect
      .poll(() => page.getByTestId('registry-detail').innerText())
      .toMatch(/线路长度 [\d.]+ 千米（3 个点）/);
    await page.close();
  });
});
