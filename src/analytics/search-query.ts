/** Longest normalised query kept: the search API's own limit on `q`. */
const QUERY_MAX_CHARS = 1000;

/**
 * The form in which a query is counted: "Cat  Lamp" and "cat lamp" are one query. Folding width
 * and case and collapsing spaces is enough for counting; the search engine does its own analysis.
 * Empty when the query has no words (browsing without a query is not a search).
 */
export function normaliseSearchQuery(query: string): string {
  return query.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim().slice(0, QUERY_MAX_CHARS);
}
