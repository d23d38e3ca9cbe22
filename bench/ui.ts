/**
 * The web client's share of the bench (issue 3, SPEC §5): the initial JavaScript (gzip) and how long a
 * list of 50 rows takes to be on screen and clickable in Debian Chromium, as a sales person, against
 * the bench's server and data set. Two kinds of navigation:
 *   - cold: a full page load of /{module} (scripts from the browser cache, data from the server);
 *   - in-app: from one list to another through the router (the list data not yet cached).
 * Then the home dashboard as the administrator (every deal): from navigation until every widget is loaded and every
 * chart drawn, cold and in-app (issue 15: ≤ 1 s).
 * Skipped, with a note, when Chromium or the built client is missing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
// @ts-expect-error — a plain .mjs script shared with the build check
import { DIST, measureBundle } from '../packages/web/scripts/bundle-size.mjs';
import { ADMIN_PASSWORD, BENCH_PASSWORD, BENCH_USER } from './setup.js';
import { summarize } from './stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const LISTS = ['contacts', 'accounts', 'deals', 'tickets'];

export interface UiResult {
  initial_js_kb: number;
  all_js_kb: number;
  cold_list_ms: ReturnType<typeof summarize>;
  in_app_list_ms: ReturnType<typeof summarize>;
  dashboard: { widgets: number; cold_ms: ReturnType<typeof summarize>; in_app_ms: ReturnType<typeof summarize> } | null;
}

/** Resolves when the list table shows `rows` rows (or all there are, if fewer), returning ms since `t0` in the page. */
async function listShown(page: import('playwright-core').Page, t0: number): Promise<number> {
  const handle = await page.waitForFunction((start) => {
    const rows = document.querySelectorAll('main table tbody tr a');
    return rows.length >= 50 ? performance.now() - start : null;
  }, t0, { timeout: 30_000, polling: 'raf' });
  return Number(await handle.jsonValue());
}

/** Resolves when the dashboard shows its `widgets` widgets with no loader left and every chart drawn; ms since `t0`. */
async function dashboardShown(page: import('playwright-core').Page, t0: number, widgets: number): Promise<number> {
  const handle = await page.waitForFunction(({ start, n }) => {
    const grid = document.querySelector('[data-testid="dashboard-grid"]');
    if (!grid || grid.querySelectorAll('[data-testid^="widget-"]').length < n || grid.querySelector('[role="progressbar"]')) return null;
    return [...grid.querySelectorAll('[data-testid="report-chart"]')].every((c) => c.querySelector('svg')) ? performance.now() - start : null;
  }, { start: t0, n: widgets }, { timeout: 30_000, polling: 'raf' });
  return Number(await handle.jsonValue());
}

/** A router navigation, as clicking a menu entry does; returns its start in the page's clock. */
function navigate(page: import('playwright-core').Page, to: string): Promise<number> {
  return page.evaluate((path) => {
    const start = performance.now();
    history.pushState({}, '', path);
    dispatchEvent(new PopStateEvent('popstate'));
    return start;
  }, to);
}

/** The home dashboard as the administrator: cold loads of `/` and router navigations to it from a list. */
async function dashboardRounds(browser: import('playwright-core').Browser, origin: URL, rounds: number) {
  const context = await browser.newContext({ baseURL: origin.origin, viewport: { width: 1366, height: 900 } });
  const login = await context.request.post('/api/v1/auth/login', { data: { username: 'admin', password: ADMIN_PASSWORD } });
  if (!login.ok()) throw new Error(`UI login (admin) failed: ${login.status()}`);
  const widgets = ((await (await context.request.get('/api/v1/dashboards')).json()) as { data: { widgets: unknown[] }[] }).data[0]?.widgets.length ?? 0;
  if (!widgets) return null;
  const page = await context.newPage();
  const cold: number[] = [];
  const inApp: number[] = [];
  for (let round = 0; round < rounds; round++) {
    await page.goto('/');
    cold.push(await dashboardShown(page, 0, widgets));
    // A full load of a list first, so the dashboard's data is not in the page's cache yet.
    await page.goto('/accounts');
    await listShown(page, 0);
    inApp.push(await dashboardShown(page, await navigate(page, '/'), widgets));
  }
  await context.close();
  return { widgets, cold_ms: summarize(cold, 0, 0), in_app_ms: summarize(inApp, 0, 0) };
}

export async function uiPhase(origin: URL, rounds: number, log: (s: string) => void): Promise<UiResult | null> {
  if (!fs.existsSync(CHROMIUM) || !fs.existsSync(path.join(DIST, 'index.html'))) {
    log(`  UI: skipped (${!fs.existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : 'the web client is not built: npm run build'})`);
    return null;
  }
  const bundle = measureBundle();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const context = await browser.newContext({ baseURL: origin.origin, viewport: { width: 1366, height: 900 } });
    const login = await context.request.post('/api/v1/auth/login', { data: { username: BENCH_USER, password: BENCH_PASSWORD } });
    if (!login.ok()) throw new Error(`UI login failed: ${login.status()}`);
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('banner').waitFor();
    const cold: number[] = [];
    const inApp: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [first, ...others] = round % 2 ? [...LISTS].reverse() : LISTS;
      // Cold: navigationStart → rows on screen.
      await page.goto(`/${first}`);
      cold.push(await listShown(page, 0));
      // In-app: a router navigation, as clicking a menu entry does.
      for (const module of others) inApp.push(await listShown(page, await navigate(page, `/${module}`)));
    }
    const dashboard = await dashboardRounds(browser, origin, rounds);
    const kb = (n: number) => Math.round((n / 1024) * 10) / 10;
    return {
      initial_js_kb: kb(bundle.initialBytes), all_js_kb: kb(bundle.allBytes),
      cold_list_ms: summarize(cold, 0, 0), in_app_list_ms: summarize(inApp, 0, 0), dashboard,
    };
  } finally {
    await browser.close();
  }
}
