import { bundledAssets } from '../assets.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderAccountNav, type Viewer } from './account-nav.ts';

export interface HeaderSearch {
  q: string;
  /** Current filters, carried along when a new query is submitted from the header. */
  hidden?: [name: string, value: string][];
  /** Only the search page takes focus on load; elsewhere it would scroll and pop keyboards. */
  autofocus?: boolean;
}

export interface LayoutOptions {
  title: string;
  /** Extra <head> content: meta description, canonical, OpenGraph. */
  head?: SafeHtml;
  /** Names the page for styles and for web/static/app.js ("search", "artwork", "error"). */
  page: string;
  search?: HeaderSearch;
  main: SafeHtml;
  /**
   * Who is signed in, for the header's account menu; null for nobody. Left undefined, the header
   * shows "Sign in" and web/static/account-nav.js swaps in the menu for a signed-in visitor.
   */
  viewer?: Viewer | null;
}

/** Pages with a masonry grid: their layout script is fetched alongside the stylesheet. */
const GRID_PAGES = new Set(['search', 'artwork']);

/** Pasted prompts are often long; the search API accepts up to this many characters. */
const SEARCH_QUERY_MAX_CHARS = 1000;

/** The document shell shared by every page: header with logo and search, then the page. */
export function renderLayout({ title, head, page, search = { q: '' }, main, viewer }: LayoutOptions): string {
  const assets = bundledAssets();
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="color-scheme" content="dark light">
<meta name="theme-color" content="#111113" media="(prefers-color-scheme: dark)">
<meta name="theme-color" content="#f5f5f3" media="(prefers-color-scheme: light)">
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${assets.stylesheet}">
<script type="module" src="${assets.script}"></script>
${assets.preloads.map((href) => html`<link rel="modulepreload" href="${href}">`)}${GRID_PAGES.has(page) ? html`<link rel="preload" href="${assets.earlyLayout}" as="script">` : ''}
${head}
</head>
<body data-page="${page}">
<a class="skip-link" href="#main">Skip to content</a>
<header class="site-header">
  <a class="logo" href="/" aria-label="artsift home"><span class="logo-mark" aria-hidden="true"></span>artsift</a>
  ${renderHeaderSearch(search)}
  ${renderAccountNav(viewer)}
</header>
<main id="main" tabindex="-1">
${main}
</main>
<footer class="site-footer">
  <p>artsift indexes publicly shared AI-generated artwork and links back to where it was posted. <a href="/dmca">Report or request removal</a> · <a href="/privacy">Privacy</a></p>
</footer>
</body>
</html>
`.value;
}

function renderHeaderSearch({ q, hidden = [], autofocus = false }: HeaderSearch): SafeHtml {
  return html`<form class="search-form" action="/" method="get" role="search">
    <label class="visually-hidden" for="q">Search artwork by prompt</label>
    <input id="q" class="search-input" type="search" name="q" value="${q}" maxlength="${String(SEARCH_QUERY_MAX_CHARS)}"
      placeholder="Search prompts, styles, subjects…" autocomplete="off" spellcheck="false" enterkeyhint="search"${autofocus ? html` autofocus` : ''}>
    <span class="search-hidden" id="search-hidden">${hidden.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}</span>
    <button class="search-submit" type="submit"><span class="visually-hidden">Search</span><svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20"><circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2"/><path d="M15.5 15.5 21 21" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg></button>
    <kbd class="search-hint" aria-hidden="true">/</kbd>
  </form>`;
}

/**
 * Right after a masonry grid's HTML: lays it out before the first paint (web/static/early-layout.js),
 * a few hundred bytes, cached for good.
 */
export function renderGridLayoutScript(): SafeHtml {
  return html`<script src="${bundledAssets().earlyLayout}"></script>`;
}
