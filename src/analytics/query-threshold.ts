import { createHmac } from 'node:crypto';

/** Different visitors who must send the same normalised query on one day before it is written down. */
export const QUERY_VISITOR_THRESHOLD = 5;

/**
 * Who sent a request, as far as analytics may know, and only in memory until the next flush
 * (a few seconds): never written anywhere in this form.
 */
export interface Visitor {
  address: string;
  userAgent: string;
}

/**
 * How a query waits for its fifth visitor without being readable
 * ---------------------------------------------------------------
 * A query is stored in clear (analytics_daily_queries) only once 5 different visitors sent it
 * on one UTC day. Until then each (query, visitor) pair is one row of analytics_query_candidates
 * holding two tags and two counters, and nothing else:
 *
 *   query_tag   = HMAC-SHA256(day key, "query" ‖ normalised query)
 *   visitor_tag = HMAC-SHA256(day key, "visitor" ‖ query_tag ‖ address ‖ user agent)
 *
 * - The query is in no form that can be turned back into it: a tag is a keyed one-way hash, and
 *   no ciphertext of the query exists. The only way to learn which query a tag stands for is to
 *   guess the query and hold the day key; the key lives one day (visitor-keys.ts) and is
 *   deleted with all of that day's candidates, after which a tag cannot be tested even by guessing.
 * - The clear text appears only when it is needed: the fifth visitor's own request carries it.
 *   The flush that writes that visitor's row counts the distinct visitor tags of the query tag; at
 *   5 it deletes the query's candidate rows, adds up their counters and writes the query with
 *   them. Later searches of it that day add to that row directly.
 * - visitor_tag mixes in the query tag, so one visitor's rows for different queries share no value
 *   and cannot be linked to each other (a visitor-only hash would tie a person's queries together).
 *   Sending a query again adds to the same row: one visitor is one vote however often they search.
 * - Flushes of every process take one transaction-scoped advisory lock, so two processes cannot
 *   both see "4 visitors" and both write, or lose the rows written between a count and a delete.
 */
export function queryTag(dayKey: Buffer, normalisedQuery: string): Buffer {
  return createHmac('sha256', dayKey).update('query\0').update(normalisedQuery).digest();
}

/**
 * Something counted once per visitor and day (`detail`: the query of a search that led to an
 * artwork, '' for the visit itself); unrelated to their query tags without their address.
 */
export function dayFirstHash(dayKey: Buffer, metric: string, detail: string, visitor: Visitor): Buffer {
  return createHmac('sha256', dayKey).update('first\0').update(metric).update('\0').update(detail).update('\0').update(visitor.address).update('\0').update(visitor.userAgent).digest();
}

export function visitorTag(dayKey: Buffer, query: Buffer, visitor: Visitor): Buffer {
  return createHmac('sha256', dayKey).update('visitor\0').update(query).update('\0').update(visitor.address).update('\0').update(visitor.userAgent).digest();
}
