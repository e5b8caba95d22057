/**
 * issue #6, 一盘棋 in the browser, tried as a new user would: the duty officer takes a phone call about a
 * hazardous-chemicals accident (接报) and sees it graded by 493号令 (1 dead, 3 seriously injured → 一般) with the
 * statutory 事故报告 deadlines counting down; files the report from the 报送 tab (draft from the incident, save) and
 * the deadline reads 按时报送; a follow-up with 3 dead re-grades it 较大. The commander decides response level Ⅳ
 * with a reason, activates the suggested plan (the HQ members appear on the 叫应 board; one is confirmed on his
 * behalf) and dispatches a task to the township; the township officer reads it and reports back on a phone-sized
 * screen, and the commander's workspace shows 已反馈 without a reload; the commander completes it, is told what is
 * still open when closing, closes the incident with a summary, and tracks a 复盘 finding through rectification and
 * verification. A village information officer's field report from a phone (GPS granted) reaches the duty officer's
 * incident list. Screenshots are kept in e2e/artifacts/.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, login } from '../harness.ts';
import { ARTIFACTS, horizontalOverflow, logIn, openPopover, pickOption, setUpConsole } from './console.ts';

const XINNING = '新宁镇'; // 621026100, township1's township
const VILLAGE = { name: '东城居委会', lon: 107.914269, lat: 35.492962 }; // village1's village, in 新宁镇
const PLACE = `宁县工业集中区化工路${Date.now() % 1000}号储罐区`;
const TASK = '组织下风向群众疏散并设置警戒';
const PLAN = '宁县危险化学品事故应急预案';

const app = setUpConsole();

/** The open antd cascader dropdown (not one sliding out). */
const openCascader = (page: Page) =>
  page.locator('.ant-cascader-dropdown:not(.ant-select-dropdown-hidden):not(.ant-cascader-dropdown-hidden)');

/** The row of an antd table holding `text`. */
const rowOf = (page: Page, table: string, text: string) =>
  page.getByTestId(table).locator('tr.ant-table-row', { hasText: text });

/** The browser's wall-clock time `minutesAgo` minutes ago, as the pickers take it (YYYY-MM-DD HH:mm). */
function pickerTime(page: Page, minutesAgo: number): Promise<string> {
  return page.evaluate((m) => {
    const d = new Date(Date.now() - m * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }, minutesAgo);
}

async function openTab(page: Page, name: RegExp | string): Promise<void> {
  await page.getByTestId('workspace-tabs').getByRole('tab', { name }).click();
}

describe('web console: 一盘棋 — phone call to review', () => {
  let workspaceUrl = '';
  let fieldWorkspaceUrl = '';
  let fieldIncidentTitle = '';

  it('the duty officer takes the call: graded 一般, the 事故报告 deadlines count down', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/command/incidents`);
    await page.getByTestId('incidents-page').waitFor();
    await page.getByTestId('intake-open').click();
    const form = page.getByTestId('intake-form');
    await form.waitFor();

    await form.getByLabel('来电人', { exact: true }).fill('李建军');
    await form.getByLabel('回拨电话', { exact: true }).fill('13909341234');
    await form.getByLabel('来电单位', { exact: true }).fill('宁县某化工有限公司');
    const occurred = form.getByLabel('事发时间', { exact: true });
    await occurred.click();
    const occurredText = await pickerTime(page, 20);
    await occurred.fill(occurredText);
    // 确定 in the panel (Enter in a field would submit the whole form).
    await page.locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-ok button').click();
    await expect.poll(() => occurred.inputValue()).toBe(occurredText);

    // 事件类型: class → type → sub-type in the cascader.
    await form.getByLabel('事件类型', { exact: true }).click();
    for (const item of ['事故灾难', '工矿商贸生产安全事故', '危险化学品']) {
      await openCascader(page).locator('.ant-cascader-menu-item', { hasText: item }).first().click();
    }
    await page.keyboard.press('Escape');
    await expect.poll(() => form.locator('.ant-cascader').innerText()).toContain('危险化学品');

    await pickOption(page, form.getByLabel('事发乡镇/村', { exact: true }), XINNING, '新宁');
    await form.getByLabel('事发地点', { exact: true }).fill(PLACE);
    await form.getByLabel('经度（可选）', { exact: true }).fill('107.931');
    await form.getByLabel('纬度（可选）', { exact: true }).fill('35.5012');
    await form
      .getByLabel('事件经过', { exact: true })
      .fill('储罐区卸车时液氯管线接口泄漏，现场作业人员1人死亡、3人重伤，已送县人民医院。');
    await form.getByLabel('死亡', { exact: true }).fill('1');
    await form.getByLabel('重伤', { exact: true }).fill('3');
    await form.getByLabel('受伤', { exact: true }).fill('2');
    await form.getByLabel('直接经济损失', { exact: true }).fill('120');
    await form
      .getByLabel('已采取措施', { exact: true })
      .fill('企业已关闭阀门，启动现场处置方案，疏散厂区人员。');
    await page.getByTestId('intake-form-save').click();

    // Graded at intake by 493号令: 1 dead and 3 seriously injured is 一般.
    const result = page.getByTestId('intake-result');
    await result.waitFor({ timeout: 20_000 });
    expect(await result.getByTestId('grade-badge').innerText()).toBe('一般');
    await page.screenshot({ path: path.join(ARTIFACTS, 'command-intake.png') });
    await result.getByRole('button', { name: '进入事件工作台' }).click();
    await page.waitForURL(/\/command\/incidents\/[0-9a-f-]{36}/);
    workspaceUrl = page.url().replace(/\?.*$/, '');

    const ws = page.getByTestId('incident-workspace');
    await ws.waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('incident-title').innerText()).toContain(PLACE);
    expect(await ws.getByTestId('grade-badge').first().innerText()).toBe('一般');
    // The statutory clock: 事故报告 (1 h from knowing, 第九条) and the county's passing it on (2 h, 第十一条).
    const chips = page.getByTestId('countdown-chips').getByRole('timer');
    await expect.poll(() => chips.count(), { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
    expect(await chips.first().innerText()).toMatch(/^事故报告\s+剩余/);
    expect(await page.getByTestId('countdown-chips').innerText()).toContain('事故报告（县级上报）');
    // Ticking: the first chip's text changes within a couple of seconds.
    const before = await chips.first().innerText();
    await expect.poll(() => chips.first().innerText(), { timeout: 5_000 }).not.toBe(before);
    await page.getByTestId('incident-map').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'command-workspace.png') });

    // 报送: the 事故报告 from a draft made from the incident, filed now → 按时报送.
    await openTab(page, '报送');
    const reports = page.getByTestId('reports-tab');
    await reports.getByTestId('report-file-open').click();
    await reports.getByTestId('report-load-draft').click();
    await expect
      .poll(() => reports.getByLabel('事发地点', { exact: true }).inputValue(), { timeout: 10_000 })
      .toContain(PLACE);
    await reports.getByTestId('report-save').click();
    await rowOf(page, 'reports-filed', '事故报告').waitFor({ timeout: 20_000 });
    const row = rowOf(page, 'reporting-status', '县级应急管理部门').first();
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('按时报送');
    await expect
      .poll(() => page.getByTestId('countdown-chips').getByRole('timer').first().innerText())
      .toMatch(/^事故报告（县级上报）/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'command-reported.png'), fullPage: true });

    // 续报数字: a third death re-grades it 较大.
    await openTab(page, '续报数字');
    const followUp = page.getByTestId('followup-tab');
    await followUp.getByLabel('死亡', { exact: true }).fill('3');
    await followUp.getByLabel('续报说明', { exact: true }).fill('又有2名重伤人员经抢救无效死亡。');
    await followUp.getByTestId('followup-save').click();
    await expect
      .poll(() => followUp.getByTestId('regrade-result').innerText(), { timeout: 20_000 })
      .toContain('较大');
    await expect
      .poll(() => ws.getByTestId('grade-badge').first().innerText(), { timeout: 20_000 })
      .toBe('较大');
    await page.close();
  });

  it('the commander decides level Ⅳ, activates the plan, dispatches the township; the phone reports back live', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'commander');
    await page.goto(`${workspaceUrl}?tab=response`);
    const response = page.getByTestId('response-tab');
    await response.waitFor({ timeout: 20_000 });

    const decision = response.getByTestId('decision-form');
    await pickOption(page, decision.getByLabel('响应级别', { exact: true }), 'Ⅳ级响应');
    await decision
      .getByLabel('决策依据', { exact: true })
      .fill('较大事故由市级响应，县级先期处置，启动Ⅳ级响应');
    await decision.getByTestId('decision-save').click();
    await expect
      .poll(() => page.locator('.cmd-ws-head').innerText(), { timeout: 20_000 })
      .toContain('Ⅳ级响应');

    // The suggested plan, 专项 first; its Ⅳ级 (the default) with a reason.
    const plans = response.getByTestId('plan-suggestions');
    await plans.getByText(PLAN, { exact: true }).first().click();
    const activate = page.getByRole('button', { name: `启动预案“${PLAN}”` });
    await activate.waitFor({ timeout: 20_000 });
    const card = plans.locator('.ant-collapse-item-active');
    await card.getByLabel('决策依据', { exact: true }).fill('危化品泄漏致人员死亡，按预案Ⅳ级响应');
    await activate.click();

    const activation = response.getByTestId('activation-card').first();
    await activation.waitFor({ timeout: 20_000 });
    expect(await activation.innerText()).toContain(PLAN);
    const board = activation.getByTestId('ack-board');
    await expect
      .poll(() => board.locator('tr.ant-table-row').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    expect(await activation.innerText()).toMatch(/叫应：已应答 0 \/ \d+/);

    // One member answered by phone: confirmed on his behalf.
    const onBehalf = board.getByRole('button', { name: /^代 .+ 确认$/ }).first();
    await onBehalf.click();
    const pop = openPopover(page);
    await pop.getByLabel('说明', { exact: true }).fill('电话联系本人，已收到，正赶赴现场');
    await pop.getByRole('button', { name: '确认', exact: true }).click();
    await expect.poll(() => activation.innerText(), { timeout: 20_000 }).toMatch(/叫应：已应答 1 \/ \d+/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'command-activation.png'), fullPage: true });

    // 调度: a task to the township.
    await openTab(page, /^调度/);
    const dispatch = page.getByTestId('dispatch-tab');
    await dispatch.getByTestId('task-new').click();
    const taskForm = dispatch.getByTestId('task-form');
    await taskForm.getByLabel('任务名称', { exact: true }).fill(TASK);
    await pickOption(page, taskForm.getByLabel('承办方类型', { exact: true }), '乡镇');
    await pickOption(page, taskForm.getByLabel('承办方', { exact: true }), XINNING, '新宁');
    await taskForm.getByTestId('task-save').click();
    const taskRow = rowOf(page, 'tasks-table', TASK);
    await taskRow.waitFor({ timeout: 20_000 });
    expect(await taskRow.innerText()).toContain('待查阅');

    // The township officer on a phone: my tasks → read → report back with text.
    const phone = await app.phonePage();
    await logIn(phone, app.url, 'township1');
    await phone.goto(`${app.url}/m/tasks`);
    await phone.getByTestId('phone-tasks').waitFor();
    const cardOnPhone = phone.getByTestId('phone-task-card').filter({ hasText: TASK });
    await cardOnPhone.waitFor({ timeout: 20_000 });
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(1);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'command-phone-tasks.png'), fullPage: true });
    await cardOnPhone.click();
    await phone.getByTestId('phone-task').waitFor();
    await phone.getByTestId('phone-task-read').click();
    await expect
      .poll(() => rowOf(page, 'tasks-table', TASK).innerText(), { timeout: 10_000 })
      .toContain('已读');
    const feedback = phone.getByTestId('phone-feedback');
    await feedback
      .getByLabel('反馈内容', { exact: true })
      .fill('已疏散下风向3个村民小组126人，警戒线已设置。');
    await phone.getByTestId('phone-feedback-send').click();
    await phone.getByText('已反馈，等待调度员办结').waitFor({ timeout: 20_000 });
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(1);
    await phone.screenshot({ path: path.join(ARTIFACTS, 'command-phone-feedback.png'), fullPage: true });

    // Back on the desktop: 已反馈, live — the page was never reloaded.
    await expect
      .poll(() => rowOf(page, 'tasks-table', TASK).innerText(), { timeout: 10_000 })
      .toContain('已反馈');
    await rowOf(page, 'tasks-table', TASK).getByRole('button', { name: TASK }).click();
    const detail = page.getByTestId('task-detail');
    await detail.waitFor({ timeout: 20_000 });
    expect(await detail.innerText()).toContain('警戒线已设置');
    await detail.getByTestId('task-action-complete').click();
    await expect.poll(() => detail.innerText(), { timeout: 20_000 }).toContain('已完成');
    await page.keyboard.press('Escape');
    await expect
      .poll(() => rowOf(page, 'tasks-table', TASK).innerText(), { timeout: 10_000 })
      .toContain('已完成');
    // The phone sees it done.
    await phone.reload();
    await phone.getByText('任务已办结').waitFor({ timeout: 20_000 });
    await phone.close();
    await page.close();
  });

  it('the commander closes the incident (told what is open first) and tracks a 复盘 finding', async () => {
    const page = await app.desktopPage();
    await logIn(page, app.url, 'commander');
    await page.goto(`${workspaceUrl}?tab=close`);
    const close = page.getByTestId('close-tab');
    await close.waitFor({ timeout: 20_000 });
    await close
      .getByLabel('处置情况总结', { exact: true })
      .fill('泄漏点已封堵，3人死亡、1人重伤，下风向群众已返回，现场洗消完毕，转入事故调查。');
    // The plan's Ⅳ级 actions became tasks that are still open: the close is refused with the list.
    await close.getByTestId('close-submit').click();
    const refused = close.getByTestId('close-refused');
    await refused.waitFor({ timeout: 20_000 });
    expect((await refused.locator('li').count()) > 0).toBe(true);
    await close.getByText('仍有未完成事项也结束').click();
    await close.getByTestId('close-submit').click();
    await page.getByText(/事件已于 .+ 结束/).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.cmd-ws-head').innerText()).toContain('已结束');

    // 复盘: a finding, its rectification, its verification.
    await openTab(page, '复盘');
    const review = page.getByTestId('review-tab');
    const finding = '接报后 40 分钟才通知下风向村组，预警信息传递链条过长';
    await review.getByLabel('问题', { exact: true }).fill(finding);
    await review.getByLabel('责任单位', { exact: true }).fill('新宁镇人民政府');
    const due = review.getByLabel('整改期限', { exact: true });
    await due.click();
    const dueOn = (await pickerTime(page, -30 * 24 * 60)).slice(0, 10);
    await due.fill(dueOn);
    await page
      .locator('.ant-picker-dropdown:not(.ant-picker-dropdown-hidden)')
      .locator(`td[title="${dueOn}"]`)
      .click();
    await expect.poll(() => due.inputValue()).toBe(dueOn);
    await review.getByTestId('finding-save').click();
    const row = rowOf(page, 'findings-table', finding);
    await row.waitFor({ timeout: 20_000 });
    expect(await row.innerText()).toContain('待整改');
    expect(await review.locator('.ant-form-item-explain-error').count()).toBe(0);

    await row.getByRole('button', { name: '填写整改' }).click();
    let pop = openPopover(page);
    await pop.getByLabel('整改情况', { exact: true }).fill('建立村组应急广播直通机制，已演练一次');
    await pop.getByRole('button', { name: '保存' }).click();
    // Saved: the popover closes (it stays open, with a message, if the save failed).
    await pop.waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('已整改待验证');

    await row.getByRole('button', { name: '验证' }).click();
    pop = openPopover(page);
    await pop.getByLabel('验证意见', { exact: true }).fill('现场抽查广播可用，同意销号');
    await pop.getByRole('button', { name: '验证通过' }).click();
    await expect.poll(() => row.innerText(), { timeout: 20_000 }).toContain('已验证销号');
    await page.screenshot({ path: path.join(ARTIFACTS, 'command-review.png'), fullPage: true });
    await page.close();
  });

  it('a village information officer reports from a phone; the duty officer sees the incident', async () => {
    const phone = await app.phonePage();
    await phone.context().grantPermissions(['geolocation'], { origin: app.url });
    await phone.context().setGeolocation({ longitude: VILLAGE.lon, latitude: VILLAGE.lat, accuracy: 15 });
    await logIn(phone, app.url, 'village1');
    await phone.goto(`${app.url}/m/report`);
    const report = phone.getByTestId('field-report');
    await report.waitFor();
    await expect
      .poll(() => phone.getByTestId('field-locate').innerText(), { timeout: 20_000 })
      .toContain('已定位');
    await report.getByRole('group', { name: '发生了什么' }).getByRole('button', { name: '滑坡' }).click();
    const what = `村东山体滑坡堵塞村道，3户房屋受威胁，已疏散12人（${Date.now() % 1000}）`;
    await report.getByLabel('现场情况', { exact: true }).fill(what);
    await report.getByLabel('受伤', { exact: true }).fill('1');
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(1);
    await phone.getByTestId('field-submit').click();
    const queued = phone.getByTestId('field-queue').locator('[data-state]').first();
    await expect.poll(() => queued.getAttribute('data-state'), { timeout: 30_000 }).toBe('sent');
    await phone.screenshot({ path: path.join(ARTIFACTS, 'command-field-report.png'), fullPage: true });
    await phone.close();

    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/command/incidents`);
    const row = rowOf(page, 'incidents-table', `${VILLAGE.name}滑坡`);
    await row.first().waitFor({ timeout: 20_000 });
    fieldIncidentTitle = await row.first().getByRole('link').innerText();
    await row.first().getByRole('link').click();
    await page.getByTestId('incident-workspace').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('incident-workspace').innerText()).toContain(what);
    await page.close();
  });
  it('duty desk: a township reports 今日平安 from a phone, the duty officer logs a call against the incident; the 大屏', async () => {
    const phone = await app.phonePage();
    await logIn(phone, app.url, 'township1');
    await phone.goto(`${app.url}/command/duty/nil-report`);
    const card = phone.getByTestId('nil-report-card');
    await card.getByTestId('nil-report-safe').click();
    await card.getByTestId('nil-report-done').waitFor({ timeout: 20_000 });
    expect(await horizontalOverflow(phone)).toBeLessThanOrEqual(1);
    await phone.close();

    const page = await app.desktopPage();
    await logIn(page, app.url, 'duty');
    await page.goto(`${app.url}/command/duty`);
    await page.getByTestId('duty-page').waitFor();
    // 已报, or 迟报 after the day's due time.
    await expect
      .poll(() => page.getByTestId('nil-state-621026100').innerText(), { timeout: 20_000 })
      .toMatch(/^(已报|迟报)$/);

    // 值班日志: the call about the village's field report, linked to its incident.
    await page.getByTestId('duty-log-add').click();
    const logForm = page.getByTestId('duty-log-form');
    await logForm
      .getByLabel('内容', { exact: true })
      .fill('东城居委会来电补充：滑坡体仍有小规模滑动，已封闭村道。');
    await pickOption(page, logForm.getByLabel('关联事件', { exact: true }), fieldIncidentTitle);
    await logForm.getByTestId('duty-log-save').click();
    const link = page.getByTestId('duty-log').getByRole('link', { name: '查看事件' }).first();
    await link.waitFor({ timeout: 20_000 });

    // 值班日报 (.docx).
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByTestId('duty-daily-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/值班日报.*\.docx$/);
    await page.screenshot({ path: path.join(ARTIFACTS, 'command-duty.png'), fullPage: true });

    await link.click();
    await page.waitForURL(/\/command\/incidents\/[0-9a-f-]{36}/);
    fieldWorkspaceUrl = page.url().replace(/\?.*$/, '');
    await expect
      .poll(() => page.getByTestId('incident-title').innerText(), { timeout: 20_000 })
      .toBe(fieldIncidentTitle);

    // 大屏: the open field-report incident counts as active.
    await page.goto(`${app.url}/screen`);
    await page.getByTestId('screen-page').waitFor({ timeout: 20_000 });
    await expect
      .poll(async () => Number(await page.getByTestId('screen-count-active').innerText()), {
        timeout: 20_000,
      })
      .toBeGreaterThanOrEqual(1);
    await page.close();
  });
  it('seven console tabs in one browser all open and follow the incident live (one stream connection for all); closing the tab that holds it hands it on', async () => {
    // One browser profile: its tabs share the six connections a browser keeps to a host over HTTP/1.1.
    const context = await app.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    try {
      const tabs = [await context.newPage()];
      await logIn(tabs[0]!, app.url, 'duty');
      for (let i = 1; i < 7; i++) tabs.push(await context.newPage());
      for (const tab of tabs) {
        await tab.goto(fieldWorkspaceUrl);
        await tab.getByTestId('incident-workspace').waitFor({ timeout: 20_000 });
      }
      const { token } = await login(app.url, 'commander', DEMO_PASSWORD);
      const note = async (summary: string) => {
        const r = await fetch(
          `${fieldWorkspaceUrl.replace('/command/incidents/', '/api/v1/incidents/')}/contacts`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ channel: 'radio', party: '指挥长', summary }),
          },
        );
        expect(r.status).toBe(201);
      };
      const shownOn = (pages: Page[], text: string) =>
        Promise.all(
          pages.map((tab) =>
            tab.getByTestId('timeline').getByText(text).first().waitFor({ timeout: 20_000 }),
          ),
        );
      const first = `指挥长电台：抢险队已到达东城居委会（${Date.now() % 1000}）`;
      await note(first);
      await shownOn(tabs, first);
      await tabs[0]!.close();
      const second = `指挥长电台：滑坡体已停止滑动（${Date.now() % 1000}）`;
      await note(second);
      await shownOn(tabs.slice(1), second);
    } finally {
      await context.close();
    }
  });
});
