/**
 * issue #3: "Large files show progress in the UI" and plans keep "attachments". A duty officer imports
 * 1,200 救援队伍 rows and watches the import dialog go 上传 → 校验 n/N → 写入 n/N (the server streams its
 * progress); then keeps a PDF with a demo 应急预案 — refused first when the file is not what its name says,
 * uploaded, downloaded byte for byte, seen in the plan's history, and deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, logIn, openPopover, setUpConsole } from './console.ts';

const ROWS = 1200;

const app = setUpConsole();

/** A 救援队伍 sheet in the export's columns: `n` teams in 新宁镇 with distinct names and phones. */
function teamsCsv(n: number): string {
  const header = '队伍名称,区划代码,经度,纬度,队伍类别,专业方向,人数,战备状态,队长,队长电话';
  const rows = Array.from(
    { length: n },
    (_, i) =>
      `（导入测试）乡村救援${String(i + 1).padStart(4, '0')}队,621026100,107.93,35.5,社会,医疗救护,12,待命,周,139${String(20_000_000 + i).slice(-8)}`,
  );
  return `\uFEFF${[header, ...rows].join('\r\n')}\r\n`;
}

/** Starts recording every new text the import dialog's progress line shows, in order, in `window.__progress`. */
async function recordProgress(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { __progress: string[] }).__progress = seen;
    const current = () => document.querySelector('[data-testid="import-progress-text"]')?.textContent ?? '';
    // What the line shows now (the previous request's last count) is not recorded; changes are.
    let last = current();
    const note = () => {
      const text = current();
      if (text && text !== last) seen.push(text);
      last = text;
    };
    new MutationObserver(note).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
    });
  });
}
const progressSeen = (page: Page) =>
  page.evaluate(() => (window as unknown as { __progress: string[] }).__progress.slice());

/** A small PDF (header, one empty page, trailer) with `marker` inside, so each one differs. */
function pdfBytes(marker: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${marker}\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n` +
      '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj\n' +
      '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]>> endobj\n' +
      'trailer <</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
}

describe('web console: import progress and plan attachments', () => {
  it('the import dialog shows 上传 → 校验 n/N for the preview and → 写入 n/N for the import, as the server streams them', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/ledger/rescue-teams`);
    await page.getByTestId('registry-import').click();
    const dialog = page.getByTestId('registry-import-dialog');
    await dialog.waitFor();
    // A file with a bad phone number in sheet row 3: the streamed error lists it by row; nothing written.
    const bad = path.join(app.dataDir, 'bad-teams.csv');
    fs.writeFileSync(bad, teamsCsv(3).replace(/1392000000(1)\r\n/, '12345\r\n'));
    await dialog.locator('input[type=file]').setInputFiles(bad);
    const problems = dialog.getByTestId('import-problems');
    await problems.waitFor({ timeout: 60_000 });
    expect(await problems.locator('tr.ant-table-row').count()).toBe(1);
    expect(await problems.innerText()).toMatch(/3\s+队长电话\s+电话号码格式不正确/);
    expect(await dialog.getByTestId('import-progress').getAttribute('data-state')).toBe('failed');

    await recordProgress(page);
    const file = path.join(app.dataDir, 'teams.csv');
    fs.writeFileSync(file, teamsCsv(ROWS));
    await dialog.locator('input[type=file]').setInputFiles(file);

    // The preview: checked to the last row, nothing written; the steps stay with the counts.
    await dialog.getByTestId('import-preview').waitFor({ timeout: 60_000 });
    const progress = dialog.getByTestId('import-progress');
    expect(await progress.getAttribute('data-state')).toBe('done');
    expect(await dialog.getByTestId('import-progress-text').innerText()).toBe(`校验 ${ROWS}/${ROWS} 行`);
    expect(await progress.innerText()).toContain('上传');
    expect(await progress.innerText()).not.toContain('写入');
    const preview = await progressSeen(page);
    expect(preview).toContain(`校验 ${ROWS}/${ROWS} 行`);
    expect(preview.every((text) => /^(上传 \d+%|校验 \d+\/1200 行)$/.test(text))).toBe(true);
    expect(await dialog.getByTestId('import-preview').innerText()).toContain('1,200');

    // The import: validated again, then written 100 records at a time — seen while it runs.
    await recordProgress(page);
    await page.getByTestId('import-confirm').click();
    await expect
      .poll(() => dialog.getByTestId('import-progress-text').innerText(), { timeout: 60_000 })
      .toMatch(/^写入 \d+\/1200 条$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'registry-import-progress.png') });
    await dialog.getByTestId('import-result').waitFor({ timeout: 120_000 });
    expect(await dialog.getByTestId('import-progress-text').innerText()).toBe(`写入 ${ROWS}/${ROWS} 条`);
    const seen = await progressSeen(page);
    const written = seen.filter((text) => text.startsWith('写入'));
    // At least one step on the way, in order, ending with the last record.
    expect(written.length).toBeGreaterThan(1);
    const counts = written.map((text) => Number(/写入 (\d+)\//.exec(text)![1]));
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(ROWS);
    // 校验 came before 写入.
    expect(seen.indexOf(`校验 ${ROWS}/${ROWS} 行`)).toBeLessThan(seen.indexOf(written[0]!));
    expect(await dialog.getByTestId('import-result').innerText()).toContain(`新增 ${ROWS}`);
    await page.close();
  });

  it('a demo 应急预案 keeps a PDF: a disguised file refused, the PDF uploaded, downloaded byte for byte, in the history, deleted', async () => {
    const page = await app.browser.newPage({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      acceptDownloads: true,
    });
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/ledger/plans`);
    const rows = page.getByTestId('registry-table').locator('tr.ant-table-row');
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await rows.first().click();
    const detail = page.getByTestId('registry-detail');
    await detail.getByRole('tab', { name: '附件' }).click();
    const files = detail.getByTestId('record-attachments');
    await files.waitFor();
    expect(await files.innerText()).toContain('不超过 20 MB');
    const fileRows = files.locator('tr.ant-table-row');
    const input = files.locator('input[type=file]');

    // An HTML page named .pdf: refused (checked in the browser by the server's rules), nothing sent.
    await input.setInputFiles({
      name: '通知.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<html><body>not a pdf</body></html>'),
    });
    const refused = files.getByTestId('attachment-refused');
    await refused.waitFor();
    expect(await refused.innerText()).toContain('文件内容不是 PDF');
    expect(await fileRows.count()).toBe(0);

    const pdf = pdfBytes(`e2e ${Date.now()}`);
    await input.setInputFiles({
      name: '宁县防汛抗旱应急预案（2024 修订）.pdf',
      mimeType: 'application/pdf',
      buffer: pdf,
    });
    await expect.poll(() => fileRows.count(), { timeout: 20_000 }).toBe(1);
    expect(await fileRows.first().innerText()).toContain('宁县防汛抗旱应急预案（2024 修订）.pdf');
    expect(await detail.getByRole('tab', { name: '附件 (1)' }).count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'plan-attachments.png') });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      fileRows.first().getByTestId('attachment-download').click(),
    ]);
    expect(download.suggestedFilename()).toBe('宁县防汛抗旱应急预案（2024 修订）.pdf');
    const saved = await download.path();
    expect(Buffer.compare(fs.readFileSync(saved), pdf)).toBe(0);

    // The plan's history names the file.
    await detail.getByRole('tab', { name: '变更记录' }).click();
    const history = page.getByTestId('registry-history');
    await expect
      .poll(() => history.innerText(), { timeout: 20_000 })
      .toContain('宁县防汛抗旱应急预案（2024 修订）.pdf');
    expect(await history.getByText('添加附件').count()).toBeGreaterThan(0);

    // Deleted (confirmed): gone from the list.
    await detail.getByRole('tab', { name: /^附件/ }).click();
    await fileRows.first().getByTestId('attachment-remove').click();
    await openPopover(page, 'popconfirm').getByRole('button', { name: '删除' }).click();
    await expect.poll(() => fileRows.count(), { timeout: 20_000 }).toBe(0);
    await page.close();
  });
});
