import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { createVerifiedAccount } from '../auth/support/accounts.ts';
import { ingestTestArtwork, type TestApp } from '../support/test-app.ts';
import { startGenerationApp } from '../generation/support/generation-app.ts';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');
const PROMPT = 'a glass greenhouse full of orange trees, morning light';

describe('generating from an artwork in a real browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startGenerationApp(),
      chromium.launch({
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      }),
      mkdir(RESULTS_DIR, { recursive: true }),
    ]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    // The gallery's delete asks for confirmation.
    page.on('dialog', (dialog) => void dialog.accept());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('from "Generate with this prompt" to the gallery, public, then deleted', { timeout: 60_000 }, async () => {
    const artworkId = await ingestTestArtwork(t.app, { prompt: PROMPT });
    const { email, password, account } = await createVerifiedAccount(t.app);
    // The public page needs a username (set on /account; tested with accounts).
    await t.app.db.updateTable('accounts').set({ username: 'greenhouse_fan' }).where('id', '=', account.id).execute();
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);

    await page.goto(`${t.baseUrl}/a/${artworkId}`);
    await page.getByRole('link', { name: 'Generate with this prompt' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate with this prompt' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Prompt', { exact: true }).inputValue()).toBe(PROMPT);
    expect(await dialog.getByLabel('Model').locator('option:checked').textContent()).toMatch(/offline renderer/);
    await dialog.getByLabel('Landscape').check();
    await dialog.getByRole('button', { name: 'Generate' }).click();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'generation-dialog.png') });
    const result = dialog.getByRole('link', { name: 'See it in your gallery' });
    await result.waitFor({ timeout: 20_000 });
    expect(await dialog.locator('[data-generation-state]').textContent()).toMatch(/Done/);
    await result.click();

    await page.waitForURL(/\/gallery$/);
    const item = page.locator('[data-gallery-item]').first();
    expect(await item.textContent()).toContain('From artwork');
    expect(await item.locator('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    await item.getByRole('button', { name: 'Make public' }).click();
    await item.getByRole('button', { name: 'Make private' }).waitFor();
    await page.screenshot({ path: path.join(RESULTS_DIR, 'generation.png') });

    const itemId = await item.getAttribute('data-gallery-item');
    await page.goto(`${t.baseUrl}/u/greenhouse_fan`);
    expect(await page.locator(`[data-gallery-item="${itemId}"]`).count()).toBe(1);

    await page.goto(`${t.baseUrl}/gallery`);
    await page.locator(`[data-gallery-item="${itemId}"]`).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator(`[data-gallery-item="${itemId}"]`).count()).toBe(0);
    await page.goto(`${t.baseUrl}/u/greenhouse_fan`);
    expect(await page.locator('[data-gallery-item]').count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
