import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { createVerifiedAccount } from '../auth/support/accounts.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { collectPageProblems, launchTestBrowser, signInWithPage } from './support/browser-session.ts';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

describe('API keys on the account page, in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startTestApp({ PASSWORD_HASH_COST: '10' }),
      launchTestBrowser(),
      mkdir(RESULTS_DIR, { recursive: true }),
    ]);
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' })).newPage();
    // The deliberate empty name answers 400, which Chromium reports as a console error.
    problems = collectPageProblems(page, /status of 400/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('creates a key shown once, lists it with an escaped name, and revokes it', { timeout: 60_000 }, async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    await signInWithPage(page, t.baseUrl, email, password);

    const section = page.locator('#api-keys');
    await expect.poll(() => section.locator('[data-api-keys-empty]').isVisible()).toBe(true);
    // An empty name: the server's message lands next to the field.
    await section.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => section.locator('[data-error-for="name"]').textContent()).toMatch(/give the key a name/);

    const name = '<b>laptop</b> assistant';
    await section.getByLabel('Name').fill(name);
    await section.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => section.locator('[data-api-key-secret]').textContent()).toMatch(/^as_[A-Za-z0-9_-]{43}$/);
    const secret = (await section.locator('[data-api-key-secret]').textContent())!;
    await expect.poll(() => section.locator('.api-key strong').textContent()).toBe(name);
    expect(await section.locator('.api-key b').count()).toBe(0);
    expect(await section.locator('.api-key').textContent()).toContain(secret.slice(0, 11));
    await page.screenshot({ path: path.join(RESULTS_DIR, 'api-keys-created.png') });

    const used = await fetch(`${t.baseUrl}/api/me/credits`, { headers: { Authorization: `Bearer ${secret}` } });
    expect(used.status).toBe(200);

    // After a reload the secret is gone for good; the key stays listed with its last use.
    await page.reload();
    await expect.poll(() => section.locator('.api-key').count()).toBe(1);
    expect(await section.locator('[data-api-key-created]').isHidden()).toBe(true);
    expect(await section.locator('.api-key').textContent()).not.toContain('last used never');

    await section.getByRole('button', { name: `Revoke the key ${name}` }).click();
    await expect.poll(() => section.locator('.api-key').count()).toBe(0);
    expect((await fetch(`${t.baseUrl}/api/me/credits`, { headers: { Authorization: `Bearer ${secret}` } })).status).toBe(401);
    expect(problems).toEqual([]);
  });
});
