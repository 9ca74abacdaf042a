import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { collectPageProblems, launchTestBrowser } from './support/browser-session.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { createVerifiedAccount } from '../auth/support/accounts.ts';
import { startCreditsApp } from '../credits/support/credits-app.ts';
import { startFakeStripeApi, type FakeStripeApi } from '../credits/support/fake-stripe-api.ts';
import { deliverWebhook, packCheckoutCompleted } from '../credits/support/stripe-webhooks.ts';
import type { TestApp } from '../support/test-app.ts';

const RESULTS_DIR = path.join(PROJECT_ROOT, 'test-results');

describe('buying credits and spending them in a real browser', () => {
  let stripe: FakeStripeApi;
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let problems: string[] = [];

  beforeAll(async () => {
    stripe = await startFakeStripeApi();
    [t, browser] = await Promise.all([
      startCreditsApp(stripe.url),
      launchTestBrowser(),
      mkdir(RESULTS_DIR, { recursive: true }),
    ]);
    // Paying on the stand-in's Checkout page: Stripe would send the webhook, then redirect back.
    stripe.onCheckoutVisit = async ({ id, form }) => {
      const event = packCheckoutCompleted({ sessionId: id, accountId: form.client_reference_id!, customer: form.customer!, pack: form['metadata[pack]']!, paymentIntent: `pi_${id}`, amount: 900 });
      const delivered = await deliverWebhook(t.baseUrl, event);
      if (delivered.status !== 200) throw new Error(`webhook answered ${delivered.status}`);
      // success_url carries PUBLIC_URL (localhost:<PORT=0>); keep its path, use the app's real address.
      const success = new URL(form.success_url!);
      return `${t.baseUrl}${success.pathname}${success.search}`;
    };
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    page = await context.newPage();
    problems = collectPageProblems(page);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await stripe?.close();
  });

  it('buys a pack, sees the balance rise, generates and sees it fall', { timeout: 60_000 }, async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    await page.goto(`${t.baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/account$/);

    await page.goto(`${t.baseUrl}/credits`);
    expect(await page.locator('[data-credits-balance]').textContent()).toBe('10');
    await expect.poll(() => page.locator('.credit-pill').textContent()).toBe('10 credits');

    await page.getByRole('button', { name: '100 credits' }).click();
    await page.waitForURL(/\/credits\?checkout=success$/);
    expect(await page.locator('[data-credits-balance]').textContent()).toBe('110');
    await expect.poll(() => page.locator('.credit-pill').textContent()).toBe('110 credits');
    expect(await page.locator('.credit-history').textContent()).toContain('Credit pack');

    await page.goto(`${t.baseUrl}/generate`);
    await page.getByLabel('Prompt', { exact: true }).fill('a paper boat on a puddle, ink drawing');
    await page.getByRole('button', { name: 'Generate' }).click();
    await page.getByRole('link', { name: 'See it in your gallery' }).waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.credit-pill').textContent()).toBe('109 credits');

    await page.goto(`${t.baseUrl}/credits`);
    expect(await page.locator('[data-credits-balance]').textContent()).toBe('109');
    expect(await page.locator('.credit-history tbody tr').first().textContent()).toContain('Image generation');
    await page.screenshot({ path: path.join(RESULTS_DIR, 'credits.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
