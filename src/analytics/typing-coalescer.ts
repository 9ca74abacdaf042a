import type { Visitor } from './query-threshold.ts';

export interface SearchEvent {
  at: Date;
  visitor: Visitor;
  /** Normalised (search-query.ts), never empty. */
  query: string;
  zeroResults: boolean;
}

export interface TypingCoalescer {
  /** Takes a search; returns the visitor's previous search when this one is a new query, now final. */
  add(event: SearchEvent, nowMs: number): SearchEvent | undefined;
  /** Searches whose visitor stopped typing for the window (all of them with `everything`). */
  takeSettled(nowMs: number, everything: boolean): SearchEvent[];
}

/**
 * Live search asks at every pause in typing ("lig", "lighth", "lighthouse"): one visitor's
 * search whose query extends or trims their previous one within `windowMs` replaces it, so a
 * search is counted once, with its final words and result count. Visitors are told apart by
 * address and user agent in memory only, for at most the window, and at most `maxVisitors`
 * are held (the oldest is settled early).
 */
export function createTypingCoalescer({ windowMs, maxVisitors }: { windowMs: number; maxVisitors: number }): TypingCoalescer {
  // Map order is the order of last activity: a replaced entry is deleted and set again.
  const pending = new Map<string, { event: SearchEvent; atMs: number }>();
  const visitorKey = ({ address, userAgent }: Visitor) => `${address}\0${userAgent}`;
  const continues = (previous: string, next: string) => previous.startsWith(next) || next.startsWith(previous);

  return {
    add(event, nowMs) {
      const key = visitorKey(event.visitor);
      const previous = pending.get(key);
      pending.delete(key);
      let settled: SearchEvent | undefined;
      if (previous && !(nowMs - previous.atMs <= windowMs && continues(previous.event.query, event.query))) settled = previous.event;
      pending.set(key, { event, atMs: nowMs });
      // Only a visitor not yet held grows the map, and then nothing was settled above.
      if (pending.size > maxVisitors) {
        const [oldestKey, oldest] = pending.entries().next().value as [string, { event: SearchEvent }];
        pending.delete(oldestKey);
        settled = oldest.event;
      }
      return settled;
    },
    takeSettled(nowMs, everything) {
      const settled: SearchEvent[] = [];
      for (const [key, entry] of pending) {
        if (!everything && nowMs - entry.atMs <= windowMs) break;
        pending.delete(key);
        settled.push(entry.event);
      }
      return settled;
    },
  };
}
