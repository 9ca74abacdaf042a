import type { Browser } from 'playwright-core';

export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Headless Chromium from the system package. Background networking, updates and sync are off:
 * the only requests the browser makes are the page's own, and those go through the crawler's
 * HTTP client (see browser-network.ts). playwright-core is loaded on first use: it is the
 * heaviest import of the server, which only needs it when a rendered-page crawl runs.
 */
export async function launchChromium(executablePath: string = DEFAULT_CHROMIUM_PATH): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--disable-dev-shm-usage',
    ],
  });
}
