/**
 * Search page enhancement: results as you type, filter chips and switches without reloads,
 * infinite scroll by following the real "next page" link, and a URL that always describes
 * the view (replaceState while typing, pushState for filter clicks, back/forward restore).
 */
import { paintPlaceholders } from './placeholders.js';
import { renderEmpty, renderFilters, renderPager, renderStatus, renderSwitches, shownQuery } from './search-view.js';
import { FACETS, hasNextPage, readState, toHref, toQuery } from './search-state.js';
import { buildTile } from './tiles.js';

const TYPING_DEBOUNCE_MS = 200;
/** Start fetching the next page well before the visitor reaches the bottom. */
const PREFETCH_MARGIN = '0px 0px 1200px 0px';

export function initLiveSearch({ grid, masonry, input }) {
  const form = input.form;
  const regions = {
    filters: document.getElementById('filters'),
    switches: document.getElementById('switches'),
    status: document.getElementById('status'),
    empty: document.getElementById('empty'),
    pager: document.getElementById('pager'),
    hidden: document.getElementById('search-hidden'),
  };
  let state = readState(location.search);
  let generation = 0;
  let inFlight = null;
  let typingTimer;
  let loadingMore = false;

  const observer = new IntersectionObserver((entries) => {
    if (entries.some((entry) => entry.isIntersecting)) loadMore();
  }, { rootMargin: PREFETCH_MARGIN });
  watchNextLink();

  input.addEventListener('input', () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(() => show({ ...state, q: input.value, page: 1 }, 'replace'), TYPING_DEBOUNCE_MS);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(typingTimer);
    show({ ...state, q: input.value, page: 1 }, 'replace');
  });
  // Chips, sort, NSFW, "did you mean" and "clear filters" are links to the next view: follow them in place.
  document.getElementById('main').addEventListener('click', (event) => {
    const link = event.target.closest('a[href]');
    if (!link || !link.closest('#filters, #switches, #status, #empty')) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    const next = readState(new URL(link.href).search);
    input.value = next.q;
    show(next, 'push');
  });
  addEventListener('popstate', () => {
    const next = readState(location.search);
    input.value = next.q;
    show(next, 'none');
  });

  async function show(next, history) {
    const mine = ++generation;
    inFlight?.abort();
    inFlight = new AbortController();
    grid.setAttribute('aria-busy', 'true');
    let response;
    try {
      response = await fetchView(next, inFlight.signal);
    } catch (error) {
      if (error.name === 'AbortError' || mine !== generation) return;
      grid.removeAttribute('aria-busy');
      regions.status.textContent = error.message;
      return;
    }
    if (mine !== generation) return;
    state = next;
    grid.removeAttribute('aria-busy');
    updateUrl(history);
    grid.replaceChildren(...response.hits.map(buildTile));
    masonry.layout();
    paintPlaceholders(grid);
    renderFilters(regions.filters, state, response.facets);
    renderSwitches(regions.switches, state);
    renderStatus(regions.status, state, response);
    renderEmpty(regions.empty, state, response);
    renderPager(regions.pager, state, response);
    renderHiddenInputs();
    // New results start at the top; the sticky header keeps the search box in view meanwhile.
    if (grid.getBoundingClientRect().top < 0) scrollTo({ top: 0 });
    watchNextLink();
  }

  async function loadMore() {
    const next = regions.pager.querySelector('a[rel=next]');
    if (loadingMore || !next) return;
    loadingMore = true;
    const mine = generation;
    const pageState = { ...state, page: readState(new URL(next.href).search).page };
    try {
      const response = await fetchPage(pageState, undefined);
      if (mine !== generation) return;
      const offset = grid.children.length;
      grid.append(...response.hits.map((hit, index) => buildTile(hit, offset + index)));
      masonry.append();
      paintPlaceholders(grid);
      if (hasNextPage(pageState, response)) next.href = toHref({ ...pageState, page: pageState.page + 1 });
      else next.remove();
    } catch {
      // Leave the link: it still works as a plain link, and the next scroll retries.
    } finally {
      loadingMore = false;
      if (mine === generation) watchNextLink();
    }
  }

  /** Re-observing fires a fresh callback, so a link still in range after an append loads again. */
  function watchNextLink() {
    observer.disconnect();
    const next = regions.pager.querySelector('a[rel=next]');
    if (next) observer.observe(next);
  }

  function updateUrl(history) {
    const href = toHref({ ...state, page: 1 });
    if (history === 'replace' && href !== location.pathname + location.search) window.history.replaceState(null, '', href);
    if (history === 'push') window.history.pushState(null, '', href);
    const q = state.q.trim();
    document.title = q ? `${shownQuery(q)} — artsift` : 'artsift — search AI-generated artwork';
  }

  /** The header form carries the filters along when a query is submitted without JS later on. */
  function renderHiddenInputs() {
    const inputs = [];
    const add = (name, value) => {
      const hidden = document.createElement('input');
      Object.assign(hidden, { type: 'hidden', name, value });
      inputs.push(hidden);
    };
    for (const facet of ['model', 'source', 'aspect']) for (const value of state[facet]) add(facet, value);
    if (state.sort === 'newest') add('sort', 'newest');
    if (state.nsfw === 'include') add('nsfw', 'include');
    regions.hidden.replaceChildren(...inputs);
  }
}

/**
 * A page plus, for each facet with a value picked, that facet's options counted without its own
 * filter, so the other choices stay on screen (as src/http/pages.routes.ts does for the first page).
 */
async function fetchView(state, signal) {
  const picked = FACETS.filter((facet) => state[facet].length > 0);
  const response = await fetchPage(state, signal);
  // An empty page offers the engine's suggestions (one of them without the filters) instead.
  if (response.hits.length === 0) return response;
  const others = await Promise.all(picked.map((facet) => fetchPage({ ...state, [facet]: [], page: 1, limit: 1 }, signal)));
  picked.forEach((facet, index) => {
    response.facets = { ...response.facets, [facet]: others[index].facets?.[facet] ?? {} };
  });
  return response;
}

async function fetchPage(state, signal) {
  const response = await fetch(`/api/search?${toQuery(state)}`, { signal, headers: { Accept: 'application/json' } });
  const body = await response.json().catch(() => null);
  if (!response.ok || !body) throw new Error(body?.error?.message ?? 'Search is not answering right now — try again in a moment.');
  return body;
}
