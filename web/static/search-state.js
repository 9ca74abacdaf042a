/**
 * The search view as plain data, read from and written to query strings the same way the
 * server does (web/pages/search-links.ts): defaults are left out so shared links stay short.
 */
export const DEFAULTS = Object.freeze({ q: '', model: [], source: [], aspect: [], sort: 'relevance', nsfw: 'exclude', limit: 24, page: 1 });
export const MAX_RESULT_WINDOW = 1000;
export const FACETS = ['model', 'source', 'aspect'];

export function readState(search) {
  const params = new URLSearchParams(search);
  const list = (key) =>
    params
      .getAll(key)
      .map((value) => value.trim())
      .filter(Boolean);
  const int = (key, fallback) => {
    const value = Number(params.get(key));
    return Number.isInteger(value) && value > 0 ? value : fallback;
  };
  return {
    q: params.get('q') ?? '',
    model: list('model'),
    source: list('source'),
    aspect: list('aspect'),
    sort: params.get('sort') === 'newest' ? 'newest' : 'relevance',
    nsfw: params.get('nsfw') === 'include' ? 'include' : 'exclude',
    limit: int('limit', DEFAULTS.limit),
    page: int('page', 1),
  };
}

export function toQuery(state) {
  const query = new URLSearchParams();
  const q = state.q.trim();
  if (q) query.set('q', q);
  for (const facet of FACETS) for (const value of state[facet]) query.append(facet, value);
  if (state.sort !== DEFAULTS.sort) query.set('sort', state.sort);
  if (state.nsfw !== DEFAULTS.nsfw) query.set('nsfw', state.nsfw);
  if (state.limit !== DEFAULTS.limit) query.set('limit', String(state.limit));
  if (state.page !== 1) query.set('page', String(state.page));
  return query.toString();
}

export function toHref(state) {
  const query = toQuery(state);
  return query ? `/?${query}` : '/';
}

/** Any change but the page starts again at page 1. */
export function withChanges(state, changes) {
  return { ...state, page: 1, ...changes };
}

export function toggleFacet(state, facet, value) {
  const current = state[facet];
  return withChanges(state, { [facet]: current.includes(value) ? current.filter((entry) => entry !== value) : [...current, value] });
}

export function hasFilters(state) {
  return FACETS.some((facet) => state[facet].length > 0);
}

export function hasNextPage(state, response) {
  const seen = state.page * state.limit;
  return response.hits.length === state.limit && seen < Math.min(response.estimatedTotal, MAX_RESULT_WINDOW);
}
