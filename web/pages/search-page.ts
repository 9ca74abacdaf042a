import { MAX_RESULT_WINDOW, type SearchParams } from '../../src/search/search-params.ts';
import type { SearchResponse } from '../../src/search/search.service.ts';
import { html, trustedHtml, type SafeHtml } from '../html.ts';
import { renderTiles } from './artwork-tile.ts';
import { renderGridLayoutScript, renderLayout } from './layout.ts';
import { renderFilters, renderFilterToggle, renderViewSwitches } from './search-filters.ts';
import { hasFilters, SEARCH_DEFAULTS, searchHref, withChanges } from './search-links.ts';
import { readSuggestions, renderSuggestions, shownQuery } from './search-suggestions.ts';
import { firstLineOfHighlight, formatCount } from './text.ts';

export interface SearchPageView {
  params: SearchParams;
  result: SearchResponse;
  publicUrl: string;
  /** A first start is still loading the demo set. */
  demoLoading?: boolean;
}

/** GET /: the whole search experience as plain HTML; web/static/app.js only makes it faster. */
export function renderSearchPage({ params, result, publicUrl, demoLoading = false }: SearchPageView): string {
  const q = params.q.trim();
  const { prev, next } = pageLinks(params, result);
  return renderLayout({
    title: q ? `${shownQuery(q)} — artsift` : 'artsift — search AI-generated artwork',
    page: 'search',
    search: { q, hidden: hiddenInputs(params), autofocus: true },
    head: html`<meta name="description" content="Search publicly shared AI-generated artwork by prompt, model and style.">
<link rel="canonical" href="${publicUrl}${searchHref(params)}">
${prev ? html`<link rel="prev" href="${prev}">` : ''}${next ? html`<link rel="next" href="${next}">` : ''}`,
    main: html`<h1 class="visually-hidden">${q ? `Artwork matching “${shownQuery(q)}”` : 'Browse artwork'}</h1>
${demoLoading ? html`<p class="notice" id="demo-loading" role="status">The demo set is still loading: more artwork appears as you reload.</p>` : ''}
<section class="toolbar" aria-label="Filters and sorting">
  <details class="filter-panel">${renderFilterToggle(params)}<div class="filters" id="filters">${renderFilters(params, result.facets)}</div></details>
  <div class="toolbar-end">
    <p class="status" id="status" role="status">${renderStatus(params, result)}</p>
    <div class="switches" id="switches">${renderViewSwitches(params)}</div>
  </div>
</section>
<div class="empty" id="empty"${result.hits.length > 0 ? html` hidden` : ''}>${result.hits.length > 0 ? '' : renderEmpty(params, result)}</div>
<section class="grid" id="grid" aria-label="Results">${renderTiles(
      result.hits,
      result.hits.map((hit) => trustedHtml(firstLineOfHighlight(hit.highlightedPrompt))),
    )}</section>${renderGridLayoutScript()}
<nav class="pager" id="pager" aria-label="Pages">${renderPager(params, prev, next)}</nav>`,
  });
}

function hiddenInputs(params: SearchParams): [string, string][] {
  return [
    ...params.model.map((value: string): [string, string] => ['model', value]),
    ...params.source.map((value: string): [string, string] => ['source', value]),
    ...params.aspect.map((value: string): [string, string] => ['aspect', value]),
    ...(params.sort === 'newest' ? [['sort', 'newest'] as [string, string]] : []),
    ...(params.nsfw === 'include' ? [['nsfw', 'include'] as [string, string]] : []),
  ];
}

function pageLinks(params: SearchParams, result: SearchResponse): { prev?: string; next?: string } {
  const seen = params.page * params.limit;
  const hasNext = result.hits.length === params.limit && seen < Math.min(result.estimatedTotal, MAX_RESULT_WINDOW);
  return {
    prev: params.page > 1 ? searchHref({ ...params, page: params.page - 1 }) : undefined,
    next: hasNext ? searchHref({ ...params, page: params.page + 1 }) : undefined,
  };
}

function renderPager(params: SearchParams, prev: string | undefined, next: string | undefined): SafeHtml {
  if (!prev && !next) return html``;
  return html`${prev ? html`<a class="pager-link" rel="prev" href="${prev}">← Previous</a>` : ''}<span class="pager-page">Page ${params.page}</span>${
    next ? html`<a class="pager-link" rel="next" href="${next}">Next page →</a>` : ''
  }`;
}

function renderStatus(params: SearchParams, result: SearchResponse): SafeHtml {
  if (result.hits.length === 0) return html``;
  const total = result.estimatedTotal >= MAX_RESULT_WINDOW ? `${formatCount(MAX_RESULT_WINDOW)}+` : formatCount(result.estimatedTotal);
  const corrected = correction(params, result);
  return html`${total} ${result.estimatedTotal === 1 ? 'artwork' : 'artworks'}${
    corrected ? html` · showing matches for <a href="${searchHref(withChanges(params, { q: corrected }))}">${corrected}</a>` : ''
  }`;
}

/** Says what happened and offers ways on: the engine's suggestions, then ways back. */
function renderEmpty(params: SearchParams, result: SearchResponse): SafeHtml {
  const q = params.q.trim();
  const corrected = correction(params, result);
  const suggestions = readSuggestions(result);
  const filtered = hasFilters(params);
  const title = q ? html`No artwork matches ‘${shownQuery(q)}’.` : filtered ? html`No artwork matches these filters.` : html`Nothing has been indexed yet.`;
  const spellingOffered = suggestions.some((suggestion) => suggestion.kind === 'spelling');
  return html`<p class="empty-title">${title}</p>${
    corrected && !spellingOffered
      ? html`<p class="empty-suggestion">Did you mean <a href="${searchHref(withChanges(params, { q: corrected }))}">‘${corrected}’</a>?</p>`
      : ''
  }${renderSuggestions(params, suggestions)}${q || filtered ? renderWaysBack(params) : ''}`;
}

/** Ways back from a dead end: drop the words, drop the filters, or start from everything. */
function renderWaysBack(params: SearchParams): SafeHtml {
  const q = params.q.trim();
  const filtered = hasFilters(params);
  const links: SafeHtml[] = [];
  if (q && filtered) links.push(html`<a href="${searchHref(withChanges(params, { q: '' }))}" data-way-back="clear-search">Clear the search, keep the filters</a>`);
  if (q && filtered) links.push(html`<a href="${searchHref(withChanges(params, { model: [], source: [], aspect: [] }))}" data-way-back="clear-filters">Clear the filters</a>`);
  links.push(html`<a href="${searchHref({ ...SEARCH_DEFAULTS, nsfw: params.nsfw })}" data-way-back="everything">${q ? 'Clear the search and show everything' : 'Show everything'}</a>`);
  return html`<p class="empty-hint">Try fewer or different words.</p><p class="ways-back">${links.map((link, index) => html`${index > 0 ? ' · ' : ''}${link}`)}</p>`;
}

function correction(params: SearchParams, result: SearchResponse): string | null {
  const corrected = result.correctedQuery?.trim();
  return corrected && corrected.toLowerCase() !== params.q.trim().toLowerCase() ? corrected : null;
}
