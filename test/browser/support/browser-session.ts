import { chromium, type Browser, type Page } from 'playwright-core';

/** Headless Chromium as the browser tests run it (the system's /usr/bin/chromium, nothing phoning home). */
export function launchTestBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Page errors and console errors, except those `expected` (a deliberate 4xx shows as a console error). */
export function collectPageProblems(page: Page, expected?: RegExp): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !expected?.test(message.text())) problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/** Signs in through the sign-in page and waits for the account page it leads to. */
export async function signInWithPage(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/account$/);
}
