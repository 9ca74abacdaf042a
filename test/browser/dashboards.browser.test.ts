import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchTestBrowser } from './support/browser-session.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { utcDay } from '../../src/analytics/analytics-day.ts';
import { FAST_HASHING } from '../auth/support/accounts.ts';
import type { HttpAgent } from '../auth/support/http-agent.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';
import { signedInAdmin } from '../takedowns/support/takedown-helpers.ts';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

describe('the /admin dashboards in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let admin: HttpAgent;

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startTestApp({ ...FAST_HASHING, TRUST_PROXY: 'loopback' }),
      launchTestBrowser(),
      mkdir(RESULTS_DIR, { recursive: true }),
    ]);
    await ingestTestArtwork(t.app, { prompt: 'a quiet lighthouse on a cliff at dusk, oil painting' });
    // Enough for every kind of chart to draw: stored queries (5 visitors each), long ones included.
    const queries = ['lighthouse', 'an extraordinarily long query about a lighthouse keeper and his cat at dawn', 'neon koi'];
    let visitor = 0;
    for (const q of queries) {
      for (let i = 0; i < 5; i += 1) {
        visitor += 1;
        await fetch(`${t.baseUrl}/api/search?q=${encodeURIComponent(q)}`, { headers: { 'X-Forwarded-For': `192.0.2.${visitor}`, 'User-Agent': `BrowserTest/${visitor}` } });
      }
    }
    await t.app.analytics.recorder.flush({ settleTyping: true });
    admin = (await signedInAdmin(t)).agent;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('counts a search typed in the page, the artwork opened from it and the click on "Generate with this prompt"', { timeout: 60_000 }, async () => {
    const day = utcDay(t.app.clock.now());
    const countOf = async (metric: string) =>
      Number((await t.database.db.selectFrom('analytics_daily_counts').select('count').where('day', '=', day).where('metric', '=', metric).where('dimension', '=', '').executeTakeFirst())?.count ?? 0);
    const before = { search: await countOf('search'), fromSearch: await countOf('search_to_artwork'), clicks: await countOf('generate_click') };
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(`${t.baseUrl}/`);
      await page.getByRole('searchbox').fill('lighthouse');
      await page.waitForURL(/\?q=lighthouse/);
      await page.locator('a.tile-link').first().click();
      await page.waitForURL(/\/a\/\d+$/);
      await page.getByRole('link', { name: 'Generate with this prompt' }).click();
      await page.waitForURL(/\/sign-in/);
    } finally {
      await context.close();
    }
    await t.app.analytics.recorder.flush({ settleTyping: true });
    expect(await countOf('search')).toBe(before.search + 1);
    expect(await countOf('search_to_artwork')).toBe(before.fromSearch + 1);
    expect(await countOf('generate_click')).toBe(before.clicks + 1);
  });

  for (const { name, width, height } of [
    { name: 'desktop', width: 1280, height: 900 },
    { name: 'phone', width: 375, height: 740 },
  ]) {
    it(`lays the charts out on a ${name} (${width}px): visible, inside the page, no sideways scrolling`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: 'dark' });
      try {
        await context.addCookies([...admin.cookies].map(([cookie, value]) => ({ name: cookie, value, url: t.baseUrl })));
        const page = await context.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        await page.goto(`${t.baseUrl}/admin`);
        await page.screenshot({ path: path.join(RESULTS_DIR, `dashboards-${name}.png`), fullPage: true });

        const layout = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
          panels: [...document.querySelectorAll('.dashboard-panel')].map((panel) => {
            const chart = panel.querySelector('svg.dashboard-chart')!.getBoundingClientRect();
            const table = panel.querySelector('.dashboard-table')!.getBoundingClientRect();
            return { id: panel.id, chart: { left: chart.left, right: chart.right, top: chart.top, bottom: chart.bottom, width: chart.width, height: chart.height }, table: { left: table.left, right: table.right, top: table.top } };
          }),
        }));
        expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
        expect(layout.panels.map((panel) => panel.id)).toEqual([
          'dashboard-traffic',
          'dashboard-searches',
          'dashboard-top-queries',
          'dashboard-top-zero-result-queries',
          'dashboard-conversions',
          'dashboard-crawls',
          'dashboard-generations',
          'dashboard-credits',
          'dashboard-takedowns',
        ]);
        for (const { id, chart, table } of layout.panels) {
          expect(chart.left, id).toBeGreaterThanOrEqual(0);
          expect(chart.right, id).toBeLessThanOrEqual(width);
          expect(chart.width, id).toBeGreaterThan(width === 1280 ? 500 : 280);
          expect(chart.height, id).toBeGreaterThan(30);
          // Side by side on a wide screen; the table under the chart on a phone.
          if (width === 1280) expect(table.left, id).toBeGreaterThanOrEqual(chart.right);
          else expect(table.top, id).toBeGreaterThanOrEqual(chart.bottom);
        }
        // Bars are drawn, and the share of zero-result searches as a line.
        expect(await page.locator('#dashboard-searches svg rect').count()).toBeGreaterThan(0);
        expect(await page.locator('#dashboard-top-queries svg rect').count()).toBe(3);
        expect(await page.locator('#dashboard-searches .series-line').count()).toBeGreaterThan(0);
        await expect.poll(() => page.getByRole('img', { name: 'Searches and zero-result share' }).isVisible()).toBe(true);
        await expect.poll(() => page.getByRole('region', { name: 'Top queries: the numbers' }).isVisible()).toBe(true);
        expect(problems).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
