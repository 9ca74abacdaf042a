import { describe, expect, it } from 'vitest';
import { createHostThrottle } from '../../crawlers/net/host-throttle.ts';
import { backoffDelayMs, parseRetryAfter } from '../../crawlers/net/retry-after.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads an HTTP date as the time left until then', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Monday, 23-Nov-26 10:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 09:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('2026', now)).toBe(2_026_000);
  });
});

describe('backoffDelayMs', () => {
  it('doubles per attempt, adds jitter below one base, and stops at the cap', () => {
    expect(backoffDelayMs(0, 100, 10_000, () => 0)).toBe(100);
    expect(backoffDelayMs(3, 100, 10_000, () => 0.5)).toBe(850);
    expect(backoffDelayMs(20, 100, 10_000, () => 0)).toBe(10_000);
  });
});

describe('createHostThrottle', () => {
  const signal = new AbortController().signal;

  it('spaces request starts to one host by the minimum interval', async () => {
    const throttle = createHostThrottle();
    const starts: number[] = [];
    const asked = Date.now();
    await Promise.all(
      [1, 2, 3].map(async () => {
        const release = await throttle.acquire('a.test', { maxConcurrent: 3, minIntervalMs: 60 }, signal);
        starts.push(Date.now());
        release();
      }),
    );
    // The k-th start is reserved k intervals after the first request was asked for, and never
    // happens earlier; a busy machine can only make it later (the 1 ms is Date.now's rounding).
    starts.sort((a, b) => a - b);
    expect(starts[1]! - asked).toBeGreaterThanOrEqual(60 - 1);
    expect(starts[2]! - asked).toBeGreaterThanOrEqual(120 - 1);
  });

  it('caps concurrent requests per host, not across hosts', async () => {
    const throttle = createHostThrottle();
    const limits = { maxConcurrent: 1, minIntervalMs: 0 };
    const first = await throttle.acquire('a.test', limits, signal);
    let secondStarted = false;
    const second = throttle.acquire('a.test', limits, signal).then((release) => {
      secondStarted = true;
      return release;
    });
    const otherHost = await throttle.acquire('b.test', limits, signal);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(secondStarted).toBe(false);
    first();
    (await second)();
    expect(secondStarted).toBe(true);
    otherHost();
  });

  it('holds a paused host until the pause ends, and lets a waiter go when its run aborts', async () => {
    const throttle = createHostThrottle();
    throttle.pause('a.test', Date.now() + 150);
    const started = performance.now();
    (await throttle.acquire('a.test', { maxConcurrent: 1, minIntervalMs: 0 }, signal))();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);

    const controller = new AbortController();
    throttle.pause('a.test', Date.now() + 60_000);
    const waiting = throttle.acquire('a.test', { maxConcurrent: 1, minIntervalMs: 0 }, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });
});
