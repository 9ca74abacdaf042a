import type { SearchParams } from '../../src/search/search-params.ts';
import type { SearchResponse } from '../../src/search/search.service.ts';
import { html, type SafeHtml } from '../html.ts';
import { hasFilters, searchHref, toggleFacet, withChanges, type FacetName } from './search-links.ts';
import { sourceLabel } from '../shared/source-label.ts';
import { formatCount } from './text.ts';

/** Enough chips to choose from without the filter bar turning into a wall of text. */
const MAX_CHIPS = 10;

export const FACETS: { name: FacetName; label: string }[] = [
  { name: 'model', label: 'Model' },
  { name: 'source', label: 'Source' },
  { name: 'aspect', label: 'Shape' },
];

/**
 * Filter chips as plain links: each one points at the view with that value toggled, so they
 * work without JavaScript; web/static/search-view.js re-renders the same markup from /api/search.
 */
export function renderFilters(params: SearchParams, facets: SearchResponse['facets']): SafeHtml {
  const clearAll = hasFilters(params)
    ? html`<a class="filters-clear" href="${searchHref(withChanges(params, { model: [], source: [], aspect: [] }))}">Clear all</a>`
    : '';
  return html`${FACETS.map(({ name, label }) => {
    const chips = chipValues(facets[name] ?? {}, params[name]);
    if (chips.length === 0) return '';
    return html`<div class="filter-group" role="group" aria-label="${label}"><span class="filter-label" aria-hidden="true">${label}</span>${chips.map(
      ({ value, count, selected }) =>
        html`<a class="chip" href="${searchHref(toggleFacet(params, name, value))}" data-facet="${name}" data-value="${value}"${
          selected ? html` aria-current="true"` : ''
        }>${name === 'source' ? sourceLabel(value) : value}${count === null ? '' : html`<span class="chip-count">${formatCount(count)}</span>`}</a>`,
    )}</div>`;
  })}${clearAll}`;
}

/** How many filter values are picked: shown on the phone's folded filter panel. */
export function activeFilterCount(params: SearchParams): number {
  return params.model.length + params.source.length + params.aspect.length;
}

/** The phone's handle for the filter panel (hidden on wide screens, where the panel is always open). */
export function renderFilterToggle(params: SearchParams): SafeHtml {
  const active = activeFilterCount(params);
  return html`<summary class="filter-toggle">Filters<span class="filter-active-count" id="filter-active-count"${active === 0 ? html` hidden` : ''}>${active}<span class="visually-hidden"> active</span></span></summary>`;
}

/** Sort switch and NSFW toggle, also links. */
export function renderViewSwitches(params: SearchParams): SafeHtml {
  const sortLink = (sort: SearchParams['sort'], label: string) =>
    html`<a class="segment" href="${searchHref(withChanges(params, { sort }))}" data-sort="${sort}"${
      params.sort === sort ? html` aria-current="true"` : ''
    }>${label}</a>`;
  const nsfwOn = params.nsfw === 'include';
  return html`<nav class="segmented" aria-label="Sort">${sortLink('relevance', 'Relevant')}${sortLink('newest', 'Newest')}</nav>
    <a class="switch" href="${searchHref(withChanges(params, { nsfw: nsfwOn ? 'exclude' : 'include' }))}" data-nsfw="${nsfwOn ? 'include' : 'exclude'}"${
      nsfwOn ? html` aria-current="true"` : ''
    }><span class="switch-track" aria-hidden="true"></span>NSFW<span class="visually-hidden">${nsfwOn ? ' shown' : ' hidden'}</span></a>`;
}

interface Chip {
  value: string;
  count: number | null;
  selected: boolean;
}

/** Selected values first (even when the engine returned no count for them), then by count. */
export function chipValues(counts: Record<string, number>, selected: string[]): Chip[] {
  const picked = selected.map((value) => ({ value, count: counts[value] ?? null, selected: true }));
  const others = Object.entries(counts)
    .filter(([value, count]) => count > 0 && !selected.includes(value))
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .slice(0, Math.max(0, MAX_CHIPS - picked.length))
    .map(([value, count]) => ({ value, count, selected: false }));
  return [...picked, ...others];
}
