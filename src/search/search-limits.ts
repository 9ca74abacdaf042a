import { ValidationError } from '../errors.ts';
import type { FacetName } from './search-index.ts';

/**
 * Bounds shared by both engines. Ranking or counting every match of a common word is what
 * makes search slow, so like Meilisearch's `maxTotalHits` no engine looks past the first
 * MAX_TOTAL_HITS matches.
 */
export const MAX_TOTAL_HITS = 1000;

/** Most values returned per facet (Meilisearch `faceting.maxValuesPerFacet`). */
export const MAX_FACET_VALUES = 100;

export const FACET_NAMES = ['model', 'source', 'aspect'] as const satisfies readonly FacetName[];

/** Largest page a caller may ask for. */
export const MAX_PAGE_SIZE = 100;

/** The slice of the (bounded) hit list a 1-based page asks for; pages past MAX_TOTAL_HITS come back empty. */
export function pageWindow(page: number, limit: number): { offset: number; limit: number } {
  if (!Number.isInteger(page) || page < 1) throw new ValidationError('page must be a positive integer', 'page');
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError(`limit must be an integer from 1 to ${MAX_PAGE_SIZE}`, 'limit');
  }
  return { offset: Math.min((page - 1) * limit, MAX_TOTAL_HITS), limit };
}
