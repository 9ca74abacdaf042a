import type { Browser, Page } from 'playwright-core';
import { collectPageProblems, launchTestBrowser } from './support/browser-session.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';

describe('the API reference page in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];
  const otherOrigins: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startTestApp(),
      launchTestBrowser(),
    ]);
    await ingestTestArtwork(t.app, { prompt: 'a brass telescope on a windowsill' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Offline means offline: anything not asked of this server is refused and remembered.
    await context.route('**/*', (route) => {
      if (route.request().url().startsWith(t.baseUrl)) return route.continue();
      otherOrigins.push(route.request().url());
      return route.abort();
    });
    page = await context.newPage();
    problems = collectPageProblems(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('draws every operation from this server alone and runs a search and a CSRF-guarded request from it', async () => {
    await page.goto(`${t.baseUrl}/docs/api`);
    await page.locator('.opblock').first().waitFor();
    expect(await page.locator('.opblock').count()).toBeGreaterThan(40);

    const search = page.locator('#operations-Search-getSearch');
    await search.locator('.opblock-summary').click();
    await search.locator('.try-out__btn').click();
    await search.locator('input[placeholder="q"]').fill('telescope');
    await search.locator('.execute').click();
    await expect.poll(() => search.locator('.live-responses-table .response .response-col_status').first().textContent()).toContain('200');
    expect(await search.locator('.live-responses-table .microlight').first().textContent()).toContain('brass telescope');

    // A state change needs the session's CSRF token: the page fetches and sends it.
    const logout = page.locator('#operations-Account-postAuthLogout');
    await logout.locator('.opblock-summary').click();
    await logout.locator('.try-out__btn').click();
    await logout.locator('.execute').click();
    await expect.poll(() => logout.locator('.live-responses-table .response .response-col_status').first().textContent()).toContain('204');

    expect(otherOrigins).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
