/**
 * Positions grid tiles in columns, each tile at its image's aspect ratio, always into the
 * shortest column. Tiles stay in rank order in the DOM (tab order follows relevance), and
 * appended tiles are placed without moving the ones already shown, so infinite scroll
 * never makes the page jump. Without JavaScript the CSS multi-column fallback applies.
 */

/** Narrowest column before dropping one: a phone gets two columns, a wide screen six. */
const MIN_COLUMN_WIDTH = 220;
const PHONE_MAX_WIDTH = 600;
const PHONE_COLUMNS = 2;
const MAX_COLUMNS = 6;
/** Very tall strips are cropped (object-fit: cover) so one image cannot fill a screen. */
const MAX_HEIGHT_RATIO = 2.2;

export class Masonry {
  constructor(grid) {
    this.grid = grid;
    this.width = -1;
    this.heights = [];
    this.placed = 0;
    grid.classList.add('is-masonry');
    this.layout();
    new ResizeObserver(() => {
      if (grid.clientWidth !== this.width) this.layout();
    }).observe(grid);
  }

  /** Lays out every tile from scratch (first run, resize, or after the tiles were replaced). */
  layout() {
    this.width = this.grid.clientWidth;
    this.gap = parseFloat(getComputedStyle(this.grid).getPropertyValue('--grid-gap')) || 12;
    const columns =
      this.width < PHONE_MAX_WIDTH
        ? PHONE_COLUMNS
        : Math.max(1, Math.min(MAX_COLUMNS, Math.floor((this.width + this.gap) / (MIN_COLUMN_WIDTH + this.gap))));
    this.columnWidth = (this.width - this.gap * (columns - 1)) / columns;
    this.heights = new Array(columns).fill(0);
    this.placed = 0;
    this.append();
  }

  /** Places the tiles added since the last call. */
  append() {
    const tiles = this.grid.querySelectorAll(':scope > .tile');
    for (let i = this.placed; i < tiles.length; i++) this.place(tiles[i]);
    this.placed = tiles.length;
    const tallest = Math.max(0, ...this.heights);
    this.grid.style.height = `${Math.max(0, tallest - this.gap)}px`;
  }

  place(tile) {
    const ratio = Math.min(MAX_HEIGHT_RATIO, (Number(tile.dataset.h) || 1) / (Number(tile.dataset.w) || 1));
    const height = Math.round(this.columnWidth * ratio);
    let column = 0;
    for (let c = 1; c < this.heights.length; c++) if (this.heights[c] < this.heights[column]) column = c;
    tile.style.width = `${this.columnWidth}px`;
    tile.style.height = `${height}px`;
    tile.style.transform = `translate(${column * (this.columnWidth + this.gap)}px, ${this.heights[column]}px)`;
    this.heights[column] += height + this.gap;
  }
}
