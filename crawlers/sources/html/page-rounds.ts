import type { Page } from 'playwright-core';
import { sleep } from '../../net/abortable-sleep.ts';
import type { PageTraffic } from './browser-network.ts';
import { countItems } from './extract-items.ts';

const POLL_MS = 100;
const LOAD_MORE_CLICK_TIMEOUT_MS = 5_000;

/**
 * How one round of waiting ended: more items appeared; the page went quiet without any
 * ('settled'); the time bound ran out while the page's requests were still pending; or the
 * page's requests failed and it went quiet.
 */
export type RoundOutcome = 'grew' | 'settled' | 'time_bound' | 'page_request_failed';

export interface RoundWait {
  itemSelector: string;
  /** Items on the page before the round. */
  knownCount: number;
  /** How long the page must be quiet (nothing in flight, nothing new) to count as settled. */
  quietMs: number;
  /** Upper bound on the wait, politeness queue included. */
  timeoutMs: number;
  /** Date.now() just before the scroll, click or navigation: requests from then on are the ones waited for. */
  since: number;
  signal: AbortSignal;
}

/**
 * Waits for the page rather than the clock: until the item count grows, or every request the
 * page made (the scroll's, the click's, the first load's) has finished and the page has stayed
 * quiet for `quietMs` — bounded by `timeoutMs`. A request still queued for politeness counts as
 * pending, so a slow queue is waited for, not mistaken for the end of the content.
 */
export async function waitForPage(page: Page, traffic: PageTraffic, wait: RoundWait): Promise<RoundOutcome> {
  const { since } = wait;
  const quietOutcome = () => (traffic.failedSince(since) > 0 ? 'page_request_failed' : 'settled');
  for (;;) {
    if ((await countItems(page, wait.itemSelector)) > wait.knownCount) return 'grew';
    const now = Date.now();
    const pending = traffic.pendingSince(since);
    if (pending === 0 && now - Math.max(since, traffic.lastActivityAt) >= wait.quietMs) return quietOutcome();
    if (now - since >= wait.timeoutMs) return pending > 0 ? 'time_bound' : quietOutcome();
    await sleep(POLL_MS, wait.signal);
  }
}

/** Scrolls to the bottom, the way a reader would, so infinite-scroll pages load their next batch. */
export async function scrollToBottom(page: Page): Promise<void> {
  await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
  await page.mouse.wheel(0, 4_000);
}

/** Clicks the "load more" button if it is there and visible; false when it is gone (or never clickable). */
export async function clickLoadMore(page: Page, selector: string): Promise<boolean> {
  const button = page.locator(selector).first();
  if (!(await button.isVisible())) return false;
  try {
    await button.click({ timeout: LOAD_MORE_CLICK_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}
