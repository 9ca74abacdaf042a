/**
 * Re-renders the search page's regions (filters, switches, status, empty state, pager)
 * from an /api/search response, with the same markup web/pages/search-filters.ts and
 * search-page.ts produce on the server. Text goes in through textContent only.
 */
import { DEFAULTS, FACETS as FACET_NAMES, MAX_RESULT_WINDOW, hasFilters, hasNextPage, toHref, toggleFacet, withChanges } from './search-state.js';
import { sourceLabel } from '../shared/source-label.ts';
import { element } from './tiles.js';

const MAX_CHIPS = 10;
const FACET_LABELS = { model: 'Model', source: 'Source', aspect: 'Shape' };
const COUNT = new Intl.NumberFormat('en');

export function renderFilters(container, state, facets) {
  const groups = [];
  for (const [facet, label] of Object.entries(FACET_LABELS)) {
    const chips = chipValues(facets?.[facet] ?? {}, state[facet]);
    if (chips.length === 0) continue;
    const group = element('div', 'filter-group');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', label);
    const heading = element('span', 'filter-label', label);
    heading.setAttribute('aria-hidden', 'true');
    group.append(heading);
    for (const { value, count, selected } of chips) {
      const chip = link('chip', toHref(toggleFacet(state, facet, value)), facet === 'source' ? sourceLabel(value) : value, selected);
      Object.assign(chip.dataset, { facet, value });
      if (count !== null) chip.append(element('span', 'chip-count', COUNT.format(count)));
      group.append(chip);
    }
    groups.push(group);
  }
  if (hasFilters(state)) groups.push(link('filters-clear', toHref(withChanges(state, { model: [], source: [], aspect: [] })), 'Clear all'));
  container.replaceChildren(...groups);
  const count = document.getElementById('filter-active-count');
  if (count) {
    const active = FACET_NAMES.reduce((sum, facet) => sum + state[facet].length, 0);
    count.hidden = active === 0;
    count.replaceChildren(String(active), element('span', 'visually-hidden', ' active'));
  }
}

export function renderSwitches(container, state) {
  const sort = element('nav', 'segmented');
  sort.setAttribute('aria-label', 'Sort');
  for (const [value, label] of [['relevance', 'Relevant'], ['newest', 'Newest']]) {
    const segment = link('segment', toHref(withChanges(state, { sort: value })), label, state.sort === value);
    segment.dataset.sort = value;
    sort.append(segment);
  }
  const on = state.nsfw === 'include';
  const toggle = link('switch', toHref(withChanges(state, { nsfw: on ? 'exclude' : 'include' })), '', on);
  toggle.dataset.nsfw = on ? 'include' : 'exclude';
  const track = element('span', 'switch-track');
  track.setAttribute('aria-hidden', 'true');
  toggle.append(track, 'NSFW', element('span', 'visually-hidden', on ? ' shown' : ' hidden'));
  container.replaceChildren(sort, toggle);
}

export function renderStatus(container, state, response) {
  container.replaceChildren();
  if (response.hits.length === 0) return;
  const total =
    response.estimatedTotal >= MAX_RESULT_WINDOW ? `${COUNT.format(MAX_RESULT_WINDOW)}+` : COUNT.format(response.estimatedTotal);
  container.append(`${total} ${response.estimatedTotal === 1 ? 'artwork' : 'artworks'}`);
  const corrected = correction(state, response);
  if (corrected) container.append(' · showing matches for ', link('', toHref(withChanges(state, { q: corrected })), corrected));
}

export function renderEmpty(container, state, response) {
  container.hidden = response.hits.length > 0;
  container.replaceChildren();
  if (container.hidden) return;
  const q = state.q.trim();
  const filtered = hasFilters(state);
  const corrected = correction(state, response);
  const suggestions = readSuggestions(response);
  const title = q ? `No artwork matches ‘${shownQuery(q)}’.` : filtered ? 'No artwork matches these filters.' : 'Nothing has been indexed yet.';
  container.append(element('p', 'empty-title', title));
  if (corrected && !suggestions.some((suggestion) => suggestion.kind === 'spelling')) {
    const suggestion = element('p', 'empty-suggestion', 'Did you mean ');
    suggestion.append(link('', toHref(withChanges(state, { q: corrected })), `‘${corrected}’`), '?');
    container.append(suggestion);
  }
  if (suggestions.length > 0) {
    const list = element('ul', 'suggestions');
    list.setAttribute('aria-label', 'Suggestions');
    for (const suggestion of suggestions) list.append(suggestionItem(state, suggestion));
    container.append(list);
  }
  if (q || filtered) container.append(element('p', 'empty-hint', 'Try fewer or different words.'), waysBack(state));
}

/** Long pasted prompts are cut for display only; links carry the whole query. */
export function shownQuery(q, maxChars = 90) {
  const flat = q.replace(/\s+/g, ' ').trim();
  return flat.length <= maxChars ? flat : `${flat.slice(0, maxChars).replace(/\s+\S*$/, '')}…`;
}

/** The engine's suggestions for an empty page; absent or malformed entries are skipped. */
function readSuggestions(response) {
  const list = Array.isArray(response?.suggestions) ? response.suggestions : [];
  return list.filter(
    (entry) =>
      ['spelling', 'fewer-words', 'without-filters'].includes(entry?.kind) &&
      typeof entry.q === 'string' &&
      Number.isInteger(entry.estimatedTotal) &&
      entry.filters &&
      FACET_NAMES.every((facet) => Array.isArray(entry.filters[facet] ?? [])),
  );
}

function suggestionItem(state, suggestion) {
  const filters = Object.fromEntries(FACET_NAMES.map((facet) => [facet, suggestion.filters[facet] ?? []]));
  const anchor = link('suggestion', toHref(withChanges(state, { q: suggestion.q, ...filters })), '');
  anchor.dataset.kind = suggestion.kind;
  const query = suggestion.q.trim() ? `‘${shownQuery(suggestion.q)}’` : 'everything';
  const text = {
    spelling: `Did you mean ${query}? `,
    'fewer-words': `Fewer words: ${query} `,
    'without-filters': `${suggestion.q.trim() === state.q.trim() ? 'The same words' : query} without filters `,
  }[suggestion.kind];
  const total = suggestion.estimatedTotal;
  anchor.append(text, element('span', 'suggestion-count', `${COUNT.format(total)} ${total === 1 ? 'artwork' : 'artworks'}`));
  const item = document.createElement('li');
  item.append(anchor);
  return item;
}

function waysBack(state) {
  const q = state.q.trim();
  const filtered = hasFilters(state);
  const paragraph = element('p', 'ways-back');
  const links = [];
  const wayBack = (kind, next, text) => {
    const anchor = link('', toHref(next), text);
    anchor.dataset.wayBack = kind;
    links.push(anchor);
  };
  if (q && filtered) wayBack('clear-search', withChanges(state, { q: '' }), 'Clear the search, keep the filters');
  if (q && filtered) wayBack('clear-filters', withChanges(state, { model: [], source: [], aspect: [] }), 'Clear the filters');
  wayBack('everything', { ...DEFAULTS, nsfw: state.nsfw }, q ? 'Clear the search and show everything' : 'Show everything');
  links.forEach((anchor, index) => paragraph.append(...(index > 0 ? [' · ', anchor] : [anchor])));
  return paragraph;
}

/** Pager for a fresh first page: only a next link (infinite scroll follows it). */
export function renderPager(container, state, response) {
  container.replaceChildren();
  const prev = state.page > 1 ? toHref({ ...state, page: state.page - 1 }) : null;
  const next = hasNextPage(state, response) ? toHref({ ...state, page: state.page + 1 }) : null;
  if (!prev && !next) return;
  if (prev) container.append(relLink('prev', prev, '← Previous'));
  container.append(element('span', 'pager-page', `Page ${state.page}`));
  if (next) container.append(relLink('next', next, 'Next page →'));
}

function relLink(rel, href, text) {
  const anchor = link('pager-link', href, text);
  anchor.rel = rel;
  return anchor;
}

function link(className, href, text, current = false) {
  const anchor = element('a', className, text);
  anchor.href = href;
  if (current) anchor.setAttribute('aria-current', 'true');
  return anchor;
}

function chipValues(counts, selected) {
  const picked = selected.map((value) => ({ value, count: counts[value] ?? null, selected: true }));
  const others = Object.entries(counts)
    .filter(([value, count]) => count > 0 && !selected.includes(value))
    .sort(([a, countA], [b, countB]) => countB - countA || a.localeCompare(b))
    .slice(0, Math.max(0, MAX_CHIPS - picked.length))
    .map(([value, count]) => ({ value, count, selected: false }));
  return [...picked, ...others];
}

function correction(state, response) {
  const corrected = response.correctedQuery?.trim();
  return corrected && corrected.toLowerCase() !== state.q.trim().toLowerCase() ? corrected : null;
}
