import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { utcDay } from './analytics-day.ts';
import { addCandidates, addToKnownQueries, promoteQuery, queryTagsAtThreshold } from './analytics.repository.ts';
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
  // A search from before midnight flushed after it: that day's key and candidates are gone.
  const waiting = [...groups.values()].filter((group) => group.day === today && !known.has(`${group.day}\0${group.query}`));
  if (waiting.length === 0) return;
  const dayKey = await todaysKey();
  const tagged = waiting.map((group) => ({ group, tag: queryTag(dayKey, group.query) }));
  await addCandidates(
    trx,
    tagged.flatMap(({ group, tag }) =>
      [...group.byVisitor.values()].map(({ visitor, searches, zeroResultSearches }) => ({ day: today, queryTag: tag, visitorTag: visitorTag(dayKey, tag, visitor), searches, zeroResultSearches })),
    ),
  );
  const reached = await queryTagsAtThreshold(trx, today, tagged.map(({ tag }) => tag));
  for (const { group, tag } of tagged) {
    if (reached.some((candidate) => candidate.equals(tag))) await promoteQuery(trx, { day: today, queryTag: tag, query: group.query });
  }
}
