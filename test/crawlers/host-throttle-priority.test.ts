import { describe, expect, it } from 'vitest';
import { createHostThrottle } from '../../crawlers/net/host-throttle.ts';

describe('host throttle priorities', () => {
  const signal = new AbortController().signal;
  const limits = { maxConcurrent: 1, minIntervalMs: 0 };

  it("lets a rendered page's requests go ahead of image downloads queued for the same host", async () => {
    const throttle = createHostThrottle();
    const order: string[] = [];
    const holder = await throttle.acquire('gallery.test', limits, signal);
    const queue = (name: string, priority: 'page' | 'normal') =>
      throttle.acquire('gallery.test', limits, signal, priority).then((release) => {
        order.push(name);
        release();
      });
    const all = [queue('image 1', 'normal'), queue('image 2', 'normal'), queue('page batch', 'page'), queue('image 3', 'normal'), queue('page script', 'page')];
    holder();
    await Promise.all(all);

    // Pages first in the order they asked, then the downloads in theirs; nobody overtakes within a rank.
    expect(order).toEqual(['page batch', 'page script', 'image 1', 'image 2', 'image 3']);
  });

  it('keeps the concurrency cap for page requests too', async () => {
    const throttle = createHostThrottle();
    const holder = await throttle.acquire('gallery.test', limits, signal);
    let pageStarted = false;
    const page = throttle.acquire('gallery.test', limits, signal, 'page').then((release) => {
      pageStarted = true;
      return release;
    });
    await Promise.resolve();
    expect(pageStarted).toBe(false);
    holder();
    (await page)();
    expect(pageStarted).toBe(true);
  });

  it('reports the spacing a host gets: the source interval, or a longer robots.txt Crawl-delay', () => {
    const throttle = createHostThrottle();
    expect(throttle.spacingMs('gallery.test', { maxConcurrent: 2, minIntervalMs: 500 })).toBe(500);
    throttle.setCrawlDelay('gallery.test', 3_000);
    expect(throttle.spacingMs('gallery.test', { maxConcurrent: 2, minIntervalMs: 500 })).toBe(3_000);
  });
});
