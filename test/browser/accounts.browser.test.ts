import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectPageProblems, launchTestBrowser } from './support/browser-session.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { outboxDir, readOutbox } from '../../src/mail/outbox.ts';
import { createVerifiedAccount } from '../auth/support/accounts.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');
const EMAIL = 'painter@example.com';
const PASSWORD = 'ultramarine and ochre at dusk';

describe('accounts in a real browser', () => {
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
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    page = await context.newPage();
    // The deliberate wrong-password attempt answers 401, which Chromium reports as a console error.
    problems = collectPageProblems(page, /status of 40[01]/);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function signIn(password = PASSWORD): Promise<void> {
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('signs up, confirms the email, signs in and out, and deletes the account', { timeout: 60_000 }, async () => {
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect.poll(() => page.url()).toBe(`${t.baseUrl}/sign-up`);

    // The server's message appears next to the field it is about.
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Password').fill('basketball');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('[data-error-for="password"]').textContent()).toMatch(/too common/);
    expect(await page.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByLabel('Username (optional)').fill('ochre_fan');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect.poll(() => page.locator('.form-status').textContent()).toMatch(/open the link we mailed you/);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'accounts-sign-up.png') });

    const [mail] = await readOutbox(outboxDir(t.dataDir), { limit: 1 });
    expect(mail?.to).toBe(EMAIL);
    const link = /https?:\/\/\S+\/verify-email\?token=[A-Za-z0-9_-]{43}/.exec(mail!.text)![0];
    await page.goto(`${t.baseUrl}${new URL(link).pathname}${new URL(link).search}`);
    await page.getByRole('button', { name: 'Confirm my email' }).click();
    await page.waitForURL(/\/sign-in\?notice=email-verified$/);
    expect(await page.locator('.notice').textContent()).toMatch(/email is confirmed/);

    await signIn('not the right password');
    await expect.poll(() => page.locator('[data-error-for="password"]').textContent()).toMatch(/not right/);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${t.baseUrl}/account`);
    expect(await page.locator('#account-email').textContent()).toBe(EMAIL);
    expect(await page.locator('.account-name').textContent()).toBe('ochre_fan');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'accounts-settings.png'), fullPage: true });

    // The search page learns who is signed in from /fragments/account-nav.
    await page.goto(`${t.baseUrl}/`);
    await page.locator('.account-menu-button').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.baseUrl}/`);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await page.request.get(`${t.baseUrl}/api/me`).then((response) => response.status())).toBe(401);

    await signIn();
    await page.waitForURL(`${t.baseUrl}/account`);
    await page.getByLabel('Your password, to confirm').fill(PASSWORD);
    await page.getByRole('button', { name: 'Delete my account' }).click();
    await page.waitForURL(`${t.baseUrl}/?account=deleted`);
    await page.getByRole('link', { name: 'Sign in' }).waitFor();
    expect(await t.database.db.selectFrom('accounts').select('id').where('email', '=', EMAIL).executeTakeFirst()).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it('says plainly that forms need JavaScript when it is off', { timeout: 30_000 }, async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const bare = await noScript.newPage();
    for (const [path, button] of [['/sign-in', 'Sign in'], ['/sign-up', 'Create account'], ['/dmca', 'Send notice']] as const) {
      await bare.goto(`${t.baseUrl}${path}`);
      expect(await bare.locator('.form-needs-script').first().isVisible(), path).toBe(true);
      // Disabled: the form cannot post to the JSON API and answer with raw JSON.
      expect(await bare.getByRole('button', { name: button }).first().isDisabled(), path).toBe(true);
    }
    await bare.goto(`${t.baseUrl}/sign-in`);
    await bare.screenshot({ path: path.join(RESULTS_DIR, 'accounts-no-javascript.png') });
    await noScript.close();
  });

  it('brings the visitor back to where they were, and says why Generate sent them', { timeout: 30_000 }, async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    const fill = async () => {
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };
    await page.goto(`${t.baseUrl}/?q=red+fox&sort=newest`);
    await page.getByRole('link', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await fill();
    await page.waitForURL(`${t.baseUrl}/?q=red+fox&sort=newest`);
    await page.locator('.account-menu-button').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.baseUrl}/`);

    await page.goto(`${t.baseUrl}/generate?artwork=12345`);
    await page.waitForURL(/\/sign-in\?next=\/generate%3Fartwork%3D12345&notice=generate$/);
    expect(await page.locator('.notice').textContent()).toMatch(/Generating images needs an account/);
    await fill();
    await page.waitForURL(`${t.baseUrl}/generate?artwork=12345`);
    await page.locator('.account-menu-button').click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${t.baseUrl}/`);

    // Another site is never a destination.
    await page.goto(`${t.baseUrl}/sign-in?next=//evil.example/x`);
    await fill();
    await page.waitForURL(`${t.baseUrl}/account`);
    expect(problems).toEqual([]);
  });
});
