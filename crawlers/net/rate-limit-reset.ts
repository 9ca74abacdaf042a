import type { IncomingHttpHeaders } from 'node:http';
import { parseRetryAfter } from './retry-after.ts';

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * When the API's rate-limit window opens again, in ms from `nowMs`, read from the headers
 * platforms send instead of (or beside) Retry-After: X's `x-rate-limit-reset` (epoch seconds),
 * Bluesky's `ratelimit-reset` (epoch seconds) and Mastodon's `x-ratelimit-reset` (an ISO date).
 */
export function rateLimitResetMs(headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  for (const name of ['x-rate-limit-reset', 'ratelimit-reset', 'x-ratelimit-reset']) {
    const value = header(headers, name)?.trim();
    if (!value) continue;
    // Epoch seconds are ten digits today; a small number is a delay in seconds (IETF draft RateLimit-Reset).
    if (/^\d{1,12}$/.test(value)) {
      const seconds = Number(value);
      return seconds > 1_000_000_000 ? Math.max(0, seconds * 1000 - nowMs) : seconds * 1000;
    }
    const at = Date.parse(value);
    if (!Number.isNaN(at) && value.length <= 64) return Math.max(0, at - nowMs);
  }
  return undefined;
}

/** The window is used up: the reset time when the remaining count says 0. */
export function exhaustedWindowWaitMs(headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  const remaining = header(headers, 'x-rate-limit-remaining') ?? header(headers, 'ratelimit-remaining') ?? header(headers, 'x-ratelimit-remaining');
  if (remaining?.trim() !== '0') return undefined;
  return rateLimitResetMs(headers, nowMs);
}

/** How long a 429/503 asks to wait: Retry-After, else the rate-limit window's reset (429 only). */
export function serverWaitMs(status: number, headers: IncomingHttpHeaders, nowMs: number): number | undefined {
  const retryAfter = parseRetryAfter(headers['retry-after'], nowMs);
  if (retryAfter !== undefined || status !== 429) return retryAfter;
  return rateLimitResetMs(headers, nowMs);
}
