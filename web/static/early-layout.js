/**
 * A small classic script placed right after a grid's HTML: it lays the tiles out while the page
 * is still being parsed, so the first paint already shows the final layout with the HTML's
 * placeholders, instead of a hidden grid waiting for the deferred app script (which adopts
 * this instance).
 */
import { Masonry } from './masonry.js';

const grid = document.getElementById('grid');
if (grid && !grid.classList.contains('is-masonry')) window.artsiftMasonry = new Masonry(grid);
