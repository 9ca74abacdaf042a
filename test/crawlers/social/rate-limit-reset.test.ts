import { describe, expect, it } from 'vitest';
import { exhaustedWindowWaitMs, rateLimitResetMs, serverWaitMs } from '../../../crawlers/net/rate-limit-reset.ts';

const now = Date.UTC(2026, 10, 27, 20, 0, 0);

describe('rate-limit windows of social APIs', () => {
  it('reads X’s and Bluesky’s reset as epoch seconds and Mastodon’s as a date', () => {
    expect(rateLimitResetMs({ 'x-rate-limit-reset': String(now / 1000 + 900) }, now)).toBe(900_000);
    expect(rateLimitResetMs({ 'ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(30_000);
    expect(rateLimitResetMs({ 'x-ratelimit-reset': new Date(now + 300_000).toISOString() }, now)).toBe(300_000);
    expect(rateLimitResetMs({ 'ratelimit-reset': '12' }, now)).toBe(12_000);
    expect(rateLimitResetMs({ 'x-rate-limit-reset': String(now / 1000 - 5) }, now)).toBe(0);
    expect(rateLimitResetMs({ 'x-rate-limit-reset': 'soon' }, now)).toBeUndefined();
  });

  it('holds off only when the window is used up, and prefers Retry-After on a 429', () => {
    expect(exhaustedWindowWaitMs({ 'x-rate-limit-remaining': '3', 'x-rate-limit-reset': String(now / 1000 + 60) }, now)).toBeUndefined();
    expect(exhaustedWindowWaitMs({ 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(now / 1000 + 60) }, now)).toBe(60_000);
    expect(serverWaitMs(429, { 'retry-after': '7', 'x-rate-limit-reset': String(now / 1000 + 60) }, now)).toBe(7_000);
    expect(serverWaitMs(429, { 'x-rate-limit-reset': String(now / 1000 + 60) }, now)).toBe(60_000);
    // A 503's reset header says nothing about when the server is back.
    expect(serverWaitMs(503, { 'x-rate-limit-reset': String(now / 1000 + 60) }, now)).toBeUndefined();
  });
});
