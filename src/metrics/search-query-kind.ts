import { SHORT_QUERY_UNITS } from '../search/embedded/query-plan.ts';
import { parseSearchQuery } from '../search/query-syntax.ts';

/** A bounded label for what a search asked, never its words. */
export type SearchQueryKind = 'browse' | 'words' | 'syntax' | 'pasted_prompt';

/**
 * browse: no words (filters only); syntax: "phrases" or -exclusions; pasted_prompt: more words
 * than a typed query has (the engines answer those differently); words: everything else.
 */
export function searchQueryKind(q: string): SearchQueryKind {
  const parsed = parseSearchQuery(q);
  if (parsed.units.length === 0 && parsed.excluded.length === 0) return 'browse';
  if (parsed.excluded.length > 0 || parsed.units.some((unit) => unit.quoted)) return 'syntax';
  return parsed.units.length > SHORT_QUERY_UNITS ? 'pasted_prompt' : 'words';
}
