import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectPageProblems, launchTestBrowser } from './support/browser-session.ts';
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
  let problems: string[] = [];

  beforeAll(async () => {
    [t, browser] = await Promise.all([
      startGenerationApp(),
      launchTestBrowser(),
      mkdir(RESULTS_DIR, { recursive: true }),
    ]);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    page = await context.newPage();
    problems = collectPageProblems(page);
    // The gallery's delete asks for confirmation.
    page.on('dialog', (dialog) => void dialog.accept());
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('from "Generate with this prompt" to the gallery, public, then deleted', { timeout: 60_000 }, async () => {
    const artworkId = await ingestTestArtwork(t.app, { prompt: PROMPT, negativePrompt: 'blurry, text', width: 960, height: 640 });
    const { email, password } = await createVerifiedAccount(t.app);
    // A phone: the dialog's progress, image and Close must stay on screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${t.baseUrl}/a/${artworkId}`);
    await page.getByRole('link', { name: 'Generate with this prompt' }).click();
    await page.waitForURL(/\/sign-in\?next=\/generate%3Fartwork%3D\d+&notice=generate$/);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/generate\?artwork=\d+$/);

    await page.goto(`${t.baseUrl}/a/${artworkId}`);
    await page.getByRole('link', { name: 'Generate with this prompt' }).click();
    const dialog = page.getByRole('dialog', { name: 'Generate with this prompt' });
    await dialog.waitFor();
    // Everything the source says about how it was made comes along: words, shape, seed.
    expect(await dialog.getByLabel('Prompt', { exact: true }).inputValue()).toBe(PROMPT);
    expect(await dialog.getByLabel('Negative prompt').inputValue()).toBe('blurry, text');
    expect(await dialog.getByLabel('Landscape').isChecked()).toBe(true);
    expect(await dialog.getByLabel(/^Seed/).inputValue()).toBe('42');
    expect(await dialog.getByLabel('Model').locator('option:checked').textContent()).toMatch(/offline renderer/);
    expect(await dialog.locator('[data-generate-cost]').textContent()).toMatch(/^Costs \d+ credits?$/);
    const generate = dialog.locator('[data-generate-submit]');
    await generate.click();
    // One job at a time: no second charge from a second click.
    expect(await generate.isDisabled()).toBe(true);
    const preview = dialog.locator('[data-generation-preview]');
    await preview.waitFor({ timeout: 20_000 });
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('[data-generation-preview]');
      return Boolean(image?.complete && image.naturalWidth > 0);
    });
    expect(await dialog.locator('[data-generation-state]').textContent()).toMatch(/Done/);
    await expect.poll(() => generate.isEnabled()).toBe(true);
    await expect.poll(() => inViewport(page, '[data-generation-preview]')).toBe(true);
    expect(await inViewport(page, '.generate-dialog-head button')).toBe(true);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'generation-dialog.png') });
    await dialog.getByRole('link', { name: 'See it in your gallery' }).click();

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.waitForURL(/\/gallery$/);
    const item = page.locator('[data-gallery-item]').first();
    // The card names the model and the source artwork, not their ids.
    expect(await item.locator('.gallery-meta').textContent()).toContain('Offline preview renderer');
    expect(await item.locator('.lineage').textContent()).toContain('a glass greenhouse full of orange trees');
    expect(await item.locator('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    // No username yet: "Make public" asks for one right there, then goes ahead.
    await item.getByRole('button', { name: 'Make public' }).click();
    await page.getByLabel('Username', { exact: true }).fill('greenhouse_fan');
    await page.getByRole('button', { name: 'Save and make public' }).click();
    await item.getByRole('button', { name: 'Make private' }).waitFor();
    expect(await page.locator('[data-gallery-intro] a[href="/u/greenhouse_fan"]').count()).toBe(1);
    await page.screenshot({ path: path.join(RESULTS_DIR, 'generation.png') });

    const itemId = await item.getAttribute('data-gallery-item');
    await page.locator('.account-menu-button').click();
    await page.getByRole('link', { name: 'My public page' }).click();
    await page.waitForURL(/\/u\/greenhouse_fan$/);
    expect(await page.locator('.profile-head').textContent()).toMatch(/1 public image\b/);
    // The image opens its own page, not the raw file.
    await page.locator(`[data-gallery-item="${itemId}"] a.gallery-image`).click();
    await page.waitForURL(`${t.baseUrl}/g/${itemId}`);
    expect(await page.locator('.prompt').first().textContent()).toBe(PROMPT);

    await page.goto(`${t.baseUrl}/gallery`);
    await page.locator(`[data-gallery-item="${itemId}"]`).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.locator(`[data-gallery-item="${itemId}"]`).count()).toBe(0);
    await page.goto(`${t.baseUrl}/u/greenhouse_fan`);
    expect(await page.locator('[data-gallery-item]').count()).toBe(0);
    expect((await page.request.get(`${t.baseUrl}/g/${itemId}`)).status()).toBe(404);
    expect(problems).toEqual([]);
  });
});

/** Whether the element's box lies wholly inside the window. */
function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((element) => {
    const box = element.getBoundingClientRect();
    return box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth && box.height > 0;
  });
}
