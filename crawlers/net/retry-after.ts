/**
 * Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). Returns the wait in
 * milliseconds, 0 for a date already past, undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (/^\d{1,10}$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates start with a day name (IMF-fixdate, RFC 850, asctime); anything else is not read
  // as a date, so a bare number with a sign or fraction is not mistaken for a year.
  if (trimmed.length > 64 || !/^[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** Exponential backoff with jitter: base·2^attempt plus up to one base of randomness, capped. */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  return Math.min(capMs, baseMs * 2 ** attempt + Math.floor(random() * baseMs));
}
