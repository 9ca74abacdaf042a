import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { utcDay } from './analytics-day.ts';
import { addDailyCounts, addDayFirsts, destroyVisitorKeysBefore, lockAnalyticsWrites, visitorKeyOf, type DailyCountIncrement } from './analytics.repository.ts';
import { writeQuerySearches } from './query-counts.ts';
import { dayFirstHash, type Visitor } from './query-threshold.ts';
import { normaliseSearchQuery } from './search-query.ts';
import { createTypingCoalescer, type SearchEvent } from './typing-coalescer.ts';

/** Counted by the app; sign_up and generation_completed are counted by triggers (the migration). */
export type RecordedMetric = 'page_view' | 'search' | 'zero_result_search' | 'generate_click';
/** Counted once per visitor and day (and query, for a search that led to an artwork). */
type OncePerVisitorMetric = 'visitors' | 'search_to_artwork';

export interface AnalyticsRecorder {
  /** Fire and forget: adds to an in-memory counter, written by the next flush. */
  count(metric: RecordedMetric, dimension?: string): void;
  /** Fire and forget: someone viewed a page or searched, to count each visitor once a day. */
  visit(visitor: Visitor): void;
  /** Fire and forget: an artwork page opened from a search; each visitor's query counts once a day. */
  searchLedToArtwork(visitor: Visitor, query: string): void;
  /** Fire and forget: a search (page 1) with the number of results it found. */
  search(visitor: Visitor, query: string, totalResults: number): void;
  /** Writes what is waiting; `settleTyping` also ends searches still inside the typing window. */
  flush(options?: { settleTyping?: boolean }): Promise<void>;
  start(): void;
  close(): Promise<void>;
}

export interface AnalyticsRecorderOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  flushIntervalMs?: number;
  /** Searches (and, apart, visitors to count once) held for the next flush; beyond it new ones are dropped, and the log says how many. */
  maxQueuedSearches?: number;
  typingWindowMs?: number;
}

/**
 * Analytics writes never sit on a request's path: requests add to memory, a timer flushes in
 * one transaction every few seconds (sooner when many searches wait), and a failed flush is
 * logged and dropped rather than retried into a growing backlog.
 */
export function createAnalyticsRecorder({ db, clock, logger, flushIntervalMs = 2000, maxQueuedSearches = 5000, typingWindowMs = 4000 }: AnalyticsRecorderOptions): AnalyticsRecorder {
  const counts = new Map<string, DailyCountIncrement>();
  let searches: SearchEvent[] = [];
  // What counts once per visitor and day, in memory until the flush hashes it.
  let firsts = new Map<string, { day: string; metric: OncePerVisitorMetric; detail: string; visitor: Visitor }>();
  let dropped = 0;
  let rotatedBefore: string | undefined;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const typing = createTypingCoalescer({ windowMs: typingWindowMs, maxVisitors: maxQueuedSearches });
  const earlyFlushAt = Math.max(1, Math.floor(maxQueuedSearches / 10));

  function addCount(day: string, metric: string, dimension: string): void {
    const key = `${day}\0${metric}\0${dimension}`;
    const entry = counts.get(key);
    if (entry) entry.count += 1;
    else counts.set(key, { day, metric, dimension, count: 1 });
  }

  function once(metric: OncePerVisitorMetric, visitor: Visitor, detail: string): void {
    const day = utcDay(clock.now());
    const key = `${day}\0${metric}\0${detail}\0${visitor.address}\0${visitor.userAgent}`;
    if (firsts.size < maxQueuedSearches || firsts.has(key)) firsts.set(key, { day, metric, detail, visitor });
    else dropped += 1;
  }
  const visit = (visitor: Visitor) => once('visitors', visitor, '');

  function settle(event: SearchEvent): void {
    const day = utcDay(event.at);
    addCount(day, 'search', '');
    if (event.zeroResults) addCount(day, 'zero_result_search', '');
    if (searches.length >= maxQueuedSearches) {
      dropped += 1;
      return;
    }
    searches.push(event);
    if (searches.length === earlyFlushAt) void flush();
  }

  async function write(settleTyping: boolean): Promise<void> {
    for (const event of typing.takeSettled(clock.monotonicMs(), settleTyping)) settle(event);
    const today = utcDay(clock.now());
    if (counts.size === 0 && searches.length === 0 && firsts.size === 0 && rotatedBefore === today) return;
    const countBatch = [...counts.values()];
    const searchBatch = searches;
    // A visit from before midnight flushed after it cannot be told apart any more: its day's key is gone.
    const firstBatch = [...firsts.values()].filter((first) => first.day === today);
    counts.clear();
    searches = [];
    firsts = new Map();
    if (dropped > 0) {
      logger.warn({ dropped }, 'analytics queue full: visitors or searches left out of the counts');
      dropped = 0;
    }
    await db.transaction().execute(async (trx) => {
      await lockAnalyticsWrites(trx);
      if (rotatedBefore !== today) await destroyVisitorKeysBefore(trx, today);
      let dayKey: Promise<Buffer> | undefined;
      const todaysKey = () => (dayKey ??= visitorKeyOf(trx, today));
      if (firstBatch.length > 0) {
        const key = await todaysKey();
        const added = await addDayFirsts(trx, today, firstBatch.map(({ metric, detail, visitor }) => ({ metric, hash: dayFirstHash(key, metric, detail, visitor) })));
        for (const [metric, count] of added) countBatch.push({ day: today, metric, dimension: '', count });
      }
      await addDailyCounts(trx, countBatch);
      await writeQuerySearches(trx, searchBatch, today, todaysKey);
    });
    rotatedBefore = today;
  }

  function flush({ settleTyping = false }: { settleTyping?: boolean } = {}): Promise<void> {
    chain = chain.then(() => write(settleTyping)).catch((error: unknown) => logger.warn({ err: error }, 'analytics flush failed; its counts are lost'));
    return chain;
  }

  return {
    count(metric, dimension = '') {
      addCount(utcDay(clock.now()), metric, dimension);
    },
    visit,
    searchLedToArtwork(visitor, query) {
      const normalised = normaliseSearchQuery(query);
      if (normalised !== '') once('search_to_artwork', visitor, normalised);
    },
    search(visitor, query, totalResults) {
      visit(visitor);
      const normalised = normaliseSearchQuery(query);
      if (normalised === '') return;
      const settled = typing.add({ at: clock.now(), visitor, query: normalised, zeroResults: totalResults === 0 }, clock.monotonicMs());
      if (settled) settle(settled);
    },
    flush,
    start() {
      timer ??= setInterval(() => void flush(), flushIntervalMs);
      timer.unref();
    },
    async close() {
      // Only a started recorder (a serving process) has anything to write; CLI commands leave the tables alone.
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      await flush({ settleTyping: true });
    },
  };
}
