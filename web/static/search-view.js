/**
 * Re-renders the search page's regions (filters, switches, status, empty state, pager)
 * from an /api/search response, with the same markup web/pages/search-filters.ts and
 * search-page.ts produce on the server. Text goes in through textContent only.
 */
import { MAX_RESULT_WINDOW, hasFilters, hasNextPage, toHref, toggleFacet, withChanges } from './search-state.js';
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
      const chip = link('chip', toHref(toggleFacet(state, facet, value)), value, selected);
      Object.assign(chip.dataset, { facet, value });
      if (count !== null) chip.append(element('span', 'chip-count', COUNT.format(count)));
      group.append(chip);
    }
    groups.push(group);
  }
  container.replaceChildren(...groups);
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
  if (!container.hidden) {
    const q = state.q.trim();
    const filtered = hasFilters(state);
    const corrected = correction(state, response);
    const title = q ? `No artwork matches ‘${q}’.` : filtered ? 'No artwork matches these filters.' : 'Nothing has been indexed yet.';
    container.append(element('p', 'empty-title', title));
    if (corrected) {
      const suggestion = element('p', 'empty-suggestion', 'Did you mean ');
      suggestion.append(link('', toHref(withChanges(state, { q: corrected })), `‘${corrected}’`), '?');
      container.append(suggestion);
    }
    if (q || filtered) {
      const hint = element('p', 'empty-hint', 'Try fewer or different words');
      if (filtered) hint.append(', or ', link('', toHref(withChanges(state, { model: [], source: [], aspect: [] })), 'clear the filters'));
      hint.append('.');
      container.append(hint);
    }
  }
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
