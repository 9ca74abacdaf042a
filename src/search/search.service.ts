import { searchDocumentToCard } from '../artworks/artwork-mappers.ts';
import type { Clock } from '../clock.ts';
import type { SearchIndex, SearchQuery } from './search-index.ts';
import type { SearchResponse } from './search-response.ts';
import { suggestAlternatives } from './search-suggestions.ts';
import type { SearchParams } from './search-params.ts';

export function createSearchService({ searchIndex, clock }: { searchIndex: SearchIndex; clock: Clock }) {
  return {
    async search(params: SearchParams): Promise<SearchResponse> {
      const started = clock.monotonicMs();
      const query: SearchQuery = {
        q: params.q.trim(),
        filters: {
          model: params.model,
          source: params.source,
          aspect: params.aspect,
          includeNsfw: params.nsfw === 'include',
        },
        sort: params.sort,
        page: params.page,
        limit: params.limit,
      };
      const result = await searchIndex.search(query);
      const suggestions =
        result.hits.length === 0 && params.page === 1 && query.q !== '' ? await suggestAlternatives(searchIndex, query) : [];
      return {
        hits: result.hits.map((hit) => ({ ...searchDocumentToCard(hit.document), highlightedPrompt: hit.highlightedPrompt })),
        estimatedTotal: result.estimatedTotal,
        page: params.page,
        limit: params.limit,
        facets: result.facets,
        correctedQuery: result.correctedQuery ?? null,
        suggestions,
        tookMs: Math.round((clock.monotonicMs() - started) * 10) / 10,
      };
    },
  };
}

export type { SearchResponse };
export type SearchService = ReturnType<typeof createSearchService>;
