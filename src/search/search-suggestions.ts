import { z } from 'zod';
import { formatQuery, parseSearchQuery } from './query-syntax.ts';
import type { SearchIndex, SearchQuery } from './search-index.ts';

/** A search that does find something, offered when the one asked for found nothing. */
export const searchSuggestionSchema = z.object({
  kind: z.enum(['fewer-words', 'without-filters']),
  q: z.string(),
  filters: z.object({ model: z.array(z.string()), source: z.array(z.string()), aspect: z.array(z.string()) }),
  estimatedTotal: z.number().int(),
});

export type SearchSuggestion = z.infer<typeof searchSuggestionSchema>;
export type SuggestionKind = SearchSuggestion['kind'];

/** Fewer-word variants tried at most: each is one more search, and only empty result pages pay for them. */
const MAX_FEWER_WORD_TRIES = 3;

/**
 * No dead ends: for a query that found nothing, the same words without the filters, and the
 * query with words dropped from the end (as Meilisearch's `last` matching strategy drops them)
 * until something matches. Typos are already corrected by the engine (`correctedQuery`).
 */
export async function suggestAlternatives(index: SearchIndex, query: SearchQuery): Promise<SearchSuggestion[]> {
  const parsed = parseSearchQuery(query.q);
  const filters = { model: query.filters.model ?? [], source: query.filters.source ?? [], aspect: query.filters.aspect ?? [] };
  const probe = async (q: string, withFilters: boolean) =>
    (
      await index.search({
        ...query,
        q,
        page: 1,
        limit: 1,
        filters: withFilters ? query.filters : { includeNsfw: query.filters.includeNsfw },
      })
    ).estimatedTotal;

  const suggestions: SearchSuggestion[] = [];
  const filtered = filters.model.length + filters.source.length + filters.aspect.length > 0;
  if (filtered) {
    const total = await probe(query.q, false);
    if (total > 0) suggestions.push({ kind: 'without-filters', q: query.q, filters: { model: [], source: [], aspect: [] }, estimatedTotal: total });
  }
  // Fewer words with the filters kept; failing that (the filters alone may exclude them), without.
  for (const withFilters of filtered ? [true, false] : [true]) {
    for (let keep = parsed.units.length - 1, tries = 0; keep >= 1 && tries < MAX_FEWER_WORD_TRIES; keep--, tries++) {
      const q = formatQuery(parsed.units.slice(0, keep), parsed.excluded);
      const total = await probe(q, withFilters);
      if (total > 0) {
        suggestions.push({ kind: 'fewer-words', q, filters: withFilters ? filters : { model: [], source: [], aspect: [] }, estimatedTotal: total });
        return suggestions;
      }
    }
  }
  return suggestions;
}
