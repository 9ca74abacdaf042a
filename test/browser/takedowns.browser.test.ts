import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { collectPageProblems, launchTestBrowser } from './support/browser-session.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { FAST_HASHING } from '../auth/support/accounts.ts';
import { confirmTokenIn, latestMail, signedInAdmin } from '../takedowns/support/takedown-helpers.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');
const CLAIMANT = 'studio@rights.example';

describe('takedowns in a real browser: the public form and the admin review', () => {
  let t: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let problems: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startTestApp(FAST_HASHING),
      launchTestBrowser(),
      mkdir(RESULTS_DIR, { recursive: true }),
    ]);
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('files a notice from the artwork page, confirms it, and an admin removes one item and keeps the other', { timeout: 60_000 }, async () => {
    const removed = await ingestTestArtwork(t.app, { prompt: 'a neon koi pond at night' });
    const kept = await ingestTestArtwork(t.app, { prompt: 'a paper crane on a windowsill' });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    // The deliberate incomplete notice (400) and the removed artwork's page (451) are reported as console errors.
    problems = collectPageProblems(page, /status of (400|451)/);

    await page.goto(`${t.baseUrl}/a/${removed}`);
    await page.getByRole('link', { name: /request removal/i }).first().click();
    await expect.poll(() => page.url()).toContain(`/dmca?artwork=${removed}`);

    // Sent incomplete, the server's messages land next to each missing element.
    await page.getByRole('button', { name: 'Send notice' }).click();
    await expect.poll(() => page.locator('[data-error-for="claimantName"]').first().textContent()).toMatch(/required/);
    await expect.poll(() => page.locator('#takedown-notice-form [data-error-for="goodFaith"]').textContent()).toMatch(/you must state/);

    const form = page.locator('#takedown-notice-form');
    await form.getByLabel('Your full name', { exact: true }).fill('Sam Studio');
    await form.getByLabel('Email', { exact: true }).fill(CLAIMANT);
    await form.getByLabel('The copyrighted work').fill('Our koi pond illustration, https://rights.example/koi');
    await form.getByLabel('Artwork pages to remove').fill(`${t.baseUrl}/a/${removed}\n${kept}\nhttps://example.com/unknown`);
    await form.getByLabel(/good faith belief/).check();
    await form.getByLabel(/under penalty of perjury/).check();
    await form.getByLabel('Signature (type your full name)', { exact: true }).fill('Sam Studio');
    await page.getByRole('button', { name: 'Send notice' }).click();
    await expect.poll(() => page.locator('#takedown-receipt').textContent()).toMatch(/Reference: TD-[A-Z2-9]{8}.*Not found: https:\/\/example\.com\/unknown/);

    const mail = await latestMail(t, CLAIMANT, /Confirm your takedown notice/);
    await page.goto(`${t.baseUrl}/dmca/confirm?token=${confirmTokenIn(mail.text)}`);
    await page.getByRole('button', { name: 'Confirm notice' }).click();
    await expect.poll(() => page.locator('.form-status').textContent()).toMatch(/waiting for review/);

    // The admin, signed in with TOTP over HTTP, continues in the browser with that session.
    const { agent } = await signedInAdmin(t);
    await context.addCookies([...agent.cookies].map(([name, value]) => ({ name, value, url: t.baseUrl })));
    await page.goto(`${t.baseUrl}/admin/takedowns`);
    await page.getByRole('link', { name: /^TD-/ }).click();
    await expect.poll(() => page.locator('.takedown-item img').count()).toBe(2);
    await page.locator(`.takedown-item[data-artwork-id="${kept}"]`).getByLabel('Keep').check();
    await page.getByLabel(/^Reason/).fill('The crane is the poster’s own work.');
    await page.getByRole('button', { name: 'Approve selected removals' }).click();
    await expect.poll(() => page.locator('.takedown-status').textContent()).toBe('partial');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'takedowns.png'), fullPage: true });

    expect((await fetch(`${t.baseUrl}/api/artworks/${removed}`)).status).toBe(451);
    expect((await fetch(`${t.baseUrl}/api/artworks/${kept}`)).status).toBe(200);
    const gone = await page.goto(`${t.baseUrl}/a/${removed}`);
    expect(gone?.status()).toBe(451);
    expect(problems).toEqual([]);
  });
});
