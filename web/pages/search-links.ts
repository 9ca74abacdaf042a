import { searchParamsSchema, type SearchParams } from '../../src/search/search-params.ts';

/** The schema's defaults; a URL only carries what differs from them, so shared links stay short. */
export const SEARCH_DEFAULTS: SearchParams = searchParamsSchema.parse({});

export type FacetName = 'model' | 'source' | 'aspect';

/** Query string (without "?") for a search view. web/static/search-state.js mirrors this. */
export function searchQuery(params: SearchParams): string {
  const query = new URLSearchParams();
  const q = params.q.trim();
  if (q) query.set('q', q);
  for (const value of params.model) query.append('model', value);
  for (const value of params.source) query.append('source', value);
  for (const value of params.aspect) query.append('aspect', value);
  if (params.sort !== SEARCH_DEFAULTS.sort) query.set('sort', params.sort);
  if (params.nsfw !== SEARCH_DEFAULTS.nsfw) query.set('nsfw', params.nsfw);
  if (params.limit !== SEARCH_DEFAULTS.limit) query.set('limit', String(params.limit));
  if (params.page !== 1) query.set('page', String(params.page));
  return query.toString();
}

export function searchHref(params: SearchParams): string {
  const query = searchQuery(params);
  return query ? `/?${query}` : '/';
}

/** A new view from the current one; any change other than the page starts again at page 1. */
export function withChanges(params: SearchParams, changes: Partial<SearchParams>): SearchParams {
  return { ...params, page: 1, ...changes };
}

export function toggleFacet(params: SearchParams, facet: FacetName, value: string): SearchParams {
  // Values come from the engine's facet counts, which only ever hold values of that facet.
  const toggle = <T extends string>(current: T[]): T[] =>
    current.includes(value as T) ? current.filter((entry) => entry !== value) : [...current, value as T];
  switch (facet) {
    case 'model':
      return withChanges(params, { model: toggle(params.model) });
    case 'source':
      return withChanges(params, { source: toggle(params.source) });
    case 'aspect':
      return withChanges(params, { aspect: toggle(params.aspect) });
  }
}

export function hasFilters(params: SearchParams): boolean {
  return params.model.length > 0 || params.source.length > 0 || params.aspect.length > 0;
}
