/**
 * What every browser spec does with the web console: start a server and a browser for the file, open a
 * desktop or phone page, sign in, pick from a select, wait for the map.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import { DEMO_PASSWORD, ROOT, startServer, tempDataDir, type RunningServer } from '../harness.ts';
import { launchBrowser } from './browser.ts';

/** Where the specs keep their screenshots. */
export const ARTIFACTS = path.join(ROOT, 'e2e/artifacts');

/** A spec file's server (on its own data directory) and browser; set once the file's `beforeAll` has run. */
export interface ConsoleRun {
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly dataDir: string;
  /** The server's base URL. */
  readonly url: string;
  /** A 1440×900 page in zh-CN. */
  desktopPage(): Promise<Page>;
  /** A 390×844 touch page in zh-CN, as on a phone. */
  phonePage(): Promise<Page>;
}

/**
 * What the browser saw go wrong while a test ran — API answers of 400 and up, uncaught page errors, console
 * errors — and the messages (antd toasts) its open pages show: printed when the test fails, so that a failure
 * on CI says what the server or the page answered, not only which expectation timed out.
 */
class BrowserTrail {
  private readonly entries: string[] = [];
  private readonly pages = new Set<Page>();
  private mark = 0;

  track(page: Page, kind: string): Page {
    const label = `${kind}#${this.pages.size + 1}`;
    const note = (what: string) => this.entries.push(`${new Date().toISOString()} ${label} ${what}`);
    this.pages.add(page);
    page.on('close', () => this.pages.delete(page));
    page.on('pageerror', (error) => note(`page error: ${error.message}`));
    page.on('console', (m) => {
      // A failed request is listed from its response below (its message shows as a toast).
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        note(`console error: ${m.text().slice(0, 300)}`);
    });
    page.on('response', (r) => {
      const url = new URL(r.url());
      // Asking for the session before signing in is answered 401 by design.
      if (r.status() < 400 || !url.pathname.startsWith('/api/') || url.pathname === '/api/v1/auth/session')
        return;
      note(`${r.request().method()} ${url.pathname} → ${r.status()}`);
    });
    return page;
  }

  /** A test starts: only what happens from here on is its own. */
  startTest(): void {
    this.mark = this.entries.length;
  }

  async report(): Promise<string> {
    const lines = this.entries.slice(this.mark).slice(-60);
    for (const page of this.pages) {
      const toasts = await page
        .locator('.ant-message-notice, .ant-notification-notice')
        .allInnerTexts()
        .catch(() => []);
      lines.push(`open page ${page.url()}${toasts.length ? ` shows: ${toasts.join(' | ')}` : ''}`);
    }
    return lines.join('\n');
  }
}

/** The demo data directory the e2e global setup prepares (global-setup.ts), once it is ready. */
async function preparedDemo(): Promise<string> {
  const base = inject('demoTemplate');
  const deadline = Date.now() + 300_000;
  while (!fs.existsSync(path.join(base, 'status.json'))) {
    if (Date.now() > deadline) throw new Error('the demo data directory was not prepared in 300 s');
    await new Promise((r) => setTimeout(r, 200));
  }
  const status = JSON.parse(fs.readFileSync(path.join(base, 'status.json'), 'utf8')) as {
    code: number;
    output: string;
  };
  if (status.code !== 0)
    throw new Error(`ningan seed --demo failed (exit ${status.code}):\n${status.output}`);
  return path.join(base, 'data');
}

/**
 * A data directory of the file's own holding the demo as a first start prepares it: a copy of the one the
 * e2e global setup prepared. With `env` (which may change what a first start prepares, e.g.
 * NINGAN_AUDITOR_PASSWORD) an empty one, which the server prepares itself.
 */
async function demoDataDir(env: Record<string, string> | undefined): Promise<string> {
  const dir = tempDataDir();
  if (env && Object.keys(env).length > 0) return dir;
  fs.cpSync(await preparedDemo(), dir, {
    recursive: true,
    // The seeding process has released its lock; never carry one over anyway.
    filter: (source) => path.basename(source) !== 'ningan.lock',
  });
  return dir;
}

/**
 * Starts a server on a data directory of its own holding the demo (`env` added to its environment) and a
 * browser before the file's tests, and stops both and removes the directory after them. Call at the top
 * of the file, so that a describe block's own `beforeAll` runs once they are up.
 */
export function setUpConsole(env?: Record<string, string>): ConsoleRun {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let dataDir: string | undefined;
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined)
      throw new Error(`the console's ${what} is not started yet (used before beforeAll?)`);
    return value;
  };
  const trail = new BrowserTrail();
  beforeEach((context) => {
    trail.startTest();
    context.onTestFailed(async () => {
      console.error(`what the browser saw during "${context.task.name}":\n${await trail.report()}`);
    });
  });
  beforeAll(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = await demoDataDir(env);
    // The server and the browser start side by side; whichever did start is stopped by afterAll.
    const [s, b] = await Promise.allSettled([
      startServer({ args: ['--data-dir', dataDir], env }),
      launchBrowser(),
    ]);
    if (s.status === 'fulfilled') server = s.value;
    if (b.status === 'fulfilled') browser = b.value;
    if (s.status === 'rejected') throw s.reason;
    if (b.status === 'rejected') throw b.reason;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
    get dataDir() {
      return started(dataDir, 'data directory');
    },
    get url() {
      return started(server, 'server').url;
    },
    desktopPage: async () =>
      trail.track(
        await started(browser, 'browser').newPage({
          viewport: { width: 1440, height: 900 },
          locale: 'zh-CN',
        }),
        'desktop',
      ),
    phonePage: async () =>
      trail.track(
        await started(browser, 'browser').newPage({
          viewport: { width: 390, height: 844 },
          isMobile: true,
          hasTouch: true,
          locale: 'zh-CN',
        }),
        'phone',
      ),
  };
}

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
  await pickOption(page, item.getByLabel(label, { exact: true }), option);
  // The chosen value (single) or tag (multiple) carries the option as its title.
  await item.locator(`[title="${option}"]`).first().waitFor({ timeout: 5_000 });
}

/**
 * Opens the antd Select `select`, types `search` if given, and clicks the option titled `option` once the
 * dropdown has finished sliding in (a click during the animation is lost).
 */
export async function pickOption(
  page: Page,
  select: Locator,
  option: string,
  search?: string,
): Promise<void> {
  await select.click();
  if (search) await page.keyboard.type(search);
  await page
    .locator(
      '.ant-select-dropdown:not(.ant-select-dropdown-hidden):not(.ant-slide-up-appear):not(.ant-slide-up-enter)',
    )
    .getByTitle(option, { exact: true })
    .click();
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

/**
 * The antd popover (or popconfirm) that is open and has finished zooming in: a click while it zooms can land
 * beside its button (the layer scales from its arrow, so the button moves), and one on its way out takes no
 * clicks.
 */
export function openPopover(page: Page, kind: 'popover' | 'popconfirm' = 'popover'): Locator {
  return page.locator(
    `.ant-${kind}:not(.ant-popover-hidden):not(.ant-zoom-big-appear):not(.ant-zoom-big-enter):not(.ant-zoom-big-leave)`,
  );
}
