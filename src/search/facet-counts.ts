import type { FacetName, SearchResult } from './search-index.ts';
import { MAX_FACET_VALUES } from './search-limits.ts';

export type FacetCounts = SearchResult['facets'];
export interface FacetValueCount {
  facet: FacetName;
  value: string;
  count: number;
}

/** Every facet present, each with at most MAX_FACET_VALUES values (most frequent first, then by value). */
export function toFacetCounts(counts: readonly FacetValueCount[]): FacetCounts {
  const valuesOf = (facet: FacetName): Record<string, number> =>
    Object.fromEntries(
      counts
        .filter((entry) => entry.facet === facet)
        .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1))
        .slice(0, MAX_FACET_VALUES)
        .map((entry) => [entry.value, entry.count]),
    );
  return { model: valuesOf('model'), source: valuesOf('source'), aspect: valuesOf('aspect') };
}
