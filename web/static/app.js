/**
 * artsift's client: progressive enhancement only. Every page works without it; this adds
 * placeholders, the masonry layout, live search, infinite scroll, keyboard moves and copy.
 */
import { initAccountNav } from './account-nav.js';
import { initCopyButtons } from './copy-button.js';
import { initGridKeys } from './grid-keys.js';
import { initLiveSearch } from './live-search.js';
import { Masonry } from './masonry.js';
import { paintPlaceholders } from './placeholders.js';
import { initSlashShortcut } from './shortcuts.js';

const page = document.body.dataset.page;
const input = document.getElementById('q');
const grid = document.getElementById('grid');

paintPlaceholders(document);
if (input) initSlashShortcut(input);
// web/static/early-layout.js has usually laid the grid out already, before the first paint.
const masonry = grid ? (window.artsiftMasonry ?? new Masonry(grid)) : null;
if (grid) initGridKeys(grid, input);
if (page === 'search' && grid && input) {
  initLiveSearch({ grid, masonry, input });
  // autofocus puts the caret at the start; people continue typing at the end.
  if (document.activeElement === input) input.setSelectionRange(input.value.length, input.value.length);
}
if (page === 'artwork') initCopyButtons(document);
initAccountNav(document);
// Generation and gallery code loads only on the pages that use it.
if (page === 'artwork') import('./generate-dialog.js').then(({ initGenerateDialog }) => initGenerateDialog(document));
if (page === 'generate') import('./generate-form.js').then(({ initGenerateForm }) => initGenerateForm(document));
if (page === 'gallery') import('./gallery.js').then(({ initGallery }) => initGallery(document));
if (page === 'credits') import('./credits.js').then(({ initCreditsPage }) => initCreditsPage(document));
// Account pages' code stays off the search page: loaded only where a form needs it.
if (document.querySelector('form[data-api-form], [data-sign-out-everywhere], [data-revoke-sessions]')) {
  import('./account-pages.js').then(({ initAccountPages }) => initAccountPages(document, page));
}
// Takedown pages (notice receipt, admin decisions): their code loads only there.
if (document.querySelector('[data-takedowns], #takedown-notice-form')) {
  import('./takedowns.js').then(({ initTakedowns }) => initTakedowns(document));
}
