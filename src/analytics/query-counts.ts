import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { utcDay } from './analytics-day.ts';
import { addCandidate, addToKnownQueries, promoteQueryAtThreshold } from './analytics.repository.ts';
import { queryTag, visitorTag, type Visitor } from './query-threshold.ts';
import type { SearchEvent } from './typing-coalescer.ts';

interface QueryGroup {
  day: string;
  query: string;
  searches: number;
  zeroResultSearches: number;
  byVisitor: Map<string, { visitor: Visitor; searches: number; zeroResultSearches: number }>;
}

/**
 * Adds a batch of settled searches to the query counts: straight onto queries already past the
 * threshold that day, otherwise as tagged candidates (query-threshold.ts explains the scheme),
 * promoting a query whose fifth visitor this batch brought. Runs under lockAnalyticsWrites.
 */
export async function writeQuerySearches(trx: Transaction<Database>, batch: SearchEvent[], today: string, todaysKey: () => Promise<Buffer>): Promise<void> {
  const groups = new Map<string, QueryGroup>();
  for (const event of batch) {
    const day = utcDay(event.at);
    const key = `${day}\0${event.query}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { day, query: event.query, searches: 0, zeroResultSearches: 0, byVisitor: new Map() }));
    const zero = event.zeroResults ? 1 : 0;
    group.searches += 1;
    group.zeroResultSearches += zero;
    const visitorKey = `${event.visitor.address}\0${event.visitor.userAgent}`;
    const mine = group.byVisitor.get(visitorKey);
    if (mine) {
      mine.searches += 1;
      mine.zeroResultSearches += zero;
    } else group.byVisitor.set(visitorKey, { visitor: event.visitor, searches: 1, zeroResultSearches: zero });
  }
  const known = await addToKnownQueries(trx, [...groups.values()]);
  for (const group of groups.values()) {
    if (known.has(`${group.day}\0${group.query}`)) continue;
    // A search from before midnight flushed after it: that day's key and candidates are gone.
    if (group.day !== today) continue;
    const dayKey = await todaysKey();
    const tag = queryTag(dayKey, group.query);
    for (const { visitor, searches: count, zeroResultSearches } of group.byVisitor.values()) {
      await addCandidate(trx, { day: today, queryTag: tag, visitorTag: visitorTag(dayKey, tag, visitor), searches: count, zeroResultSearches });
    }
    await promoteQueryAtThreshold(trx, { day: today, queryTag: tag, query: group.query });
  }
}
