const HOUR_MS = 60 * 60 * 1000;

/**
 * How long until a post is asked about again: new posts are the ones most often deleted, so
 * hourly for two days, every 6 h for two weeks, then daily. No post waits more than a day,
 * so a deletion at the source is honoured here within 24 hours (plus one job tick).
 */
export function recheckIntervalMs(postedAt: Date | null, now: Date): number {
  const ageMs = postedAt ? Math.max(0, now.getTime() - postedAt.getTime()) : Number.POSITIVE_INFINITY;
  if (ageMs < 2 * 24 * HOUR_MS) return HOUR_MS;
  if (ageMs < 14 * 24 * HOUR_MS) return 6 * HOUR_MS;
  return 24 * HOUR_MS;
}

export const nextCheckAt = (postedAt: Date | null, now: Date) => new Date(now.getTime() + recheckIntervalMs(postedAt, now));
