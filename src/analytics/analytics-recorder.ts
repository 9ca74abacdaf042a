import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import { utcDay } from './analytics-day.ts';
import { addDailyCounts, addDayVisitors, destroyVisitorKeysBefore, lockAnalyticsWrites, visitorKeyOf, type DailyCountIncrement } from './analytics.repository.ts';
import { writeQuerySearches } from './query-counts.ts';
import { dayVisitorHash, type Visitor } from './query-threshold.ts';
import { normaliseSearchQuery } from './search-query.ts';
import { createTypingCoalescer, type SearchEvent } from './typing-coalescer.ts';

/** Counted by the app; sign_up and generation_completed are counted by triggers (the migration). */
export type RecordedMetric = 'page_view' | 'search' | 'zero_result_search' | 'search_to_artwork' | 'generate_click';

export interface AnalyticsRecorder {
  /** Fire and forget: adds to an in-memory counter, written by the next flush. */
  count(metric: RecordedMetric, dimension?: string): void;
  /** Fire and forget: someone viewed a page or searched, to count each visitor once a day. */
  visit(visitor: Visitor): void;
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
  /** Searches held for the next flush; beyond it new ones are dropped (and counted in the log). */
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
  // The day's visitors, in memory until the flush hashes them.
  let visits = new Map<string, { day: string; visitor: Visitor }>();
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

  function visit(visitor: Visitor): void {
    const day = utcDay(clock.now());
    const key = `${day}\0${visitor.address}\0${visitor.userAgent}`;
    if (visits.size < maxQueuedSearches || visits.has(key)) visits.set(key, { day, visitor });
    else dropped += 1;
  }

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
    if (counts.size === 0 && searches.length === 0 && visits.size === 0 && rotatedBefore === today) return;
    const countBatch = [...counts.values()];
    const searchBatch = searches;
    // A visit from before midnight flushed after it cannot be told apart any more: its day's key is gone.
    const visitorBatch = [...visits.values()].filter((visit) => visit.day === today).map((visit) => visit.visitor);
    counts.clear();
    searches = [];
    visits = new Map();
    if (dropped > 0) {
      logger.warn({ dropped }, 'analytics queue full: visitors or searches left out of the counts');
      dropped = 0;
    }
    await db.transaction().execute(async (trx) => {
      await lockAnalyticsWrites(trx);
      if (rotatedBefore !== today) await destroyVisitorKeysBefore(trx, today);
      let dayKey: Promise<Buffer> | undefined;
      const todaysKey = () => (dayKey ??= visitorKeyOf(trx, today));
      if (visitorBatch.length > 0) {
        const key = await todaysKey();
        const added = await addDayVisitors(trx, today, visitorBatch.map((visitor) => dayVisitorHash(key, visitor)));
        if (added > 0) countBatch.push({ day: today, metric: 'visitors', dimension: '', count: added });
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
