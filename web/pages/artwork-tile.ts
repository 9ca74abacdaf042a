import type { ArtworkCard } from '../../src/artworks/artwork-mappers.ts';
import { html, type SafeHtml } from '../html.ts';
import { firstLine, firstWords } from './text.ts';

/** Tiles above the fold load at once; the rest wait until they are near the viewport. */
const EAGER_TILES = 6;
/** Derivative widths made by src/media/image-pipeline.ts (never enlarged). */
const THUMBNAIL_WIDTH = 400;
const PREVIEW_MAX_SIDE = 1280;
/** One column on a phone, up to six on a wide screen (web/static/masonry.js). */
const TILE_SIZES = '(max-width: 520px) 100vw, (max-width: 900px) 50vw, (max-width: 1300px) 25vw, 20vw';

export interface TileOptions {
  /** Position in the list, for eager loading of the first few. */
  index: number;
  /** Caption HTML (an engine highlight); defaults to the escaped first line of the prompt. */
  caption?: SafeHtml;
}

/**
 * One grid cell: the thumbnail at its own aspect ratio (width/height attributes reserve the
 * space), a thumbhash placeholder web/static/placeholders.js paints behind it, and a caption
 * shown on hover or focus.
 */
export function renderTile(card: ArtworkCard, { index, caption }: TileOptions): SafeHtml {
  const alt = firstWords(card.prompt);
  return html`<a class="tile" href="/a/${card.id}" data-id="${card.id}" data-w="${card.width}" data-h="${card.height}" data-thumbhash="${card.placeholder}">${
    card.thumbnailUrl
      ? html`<img src="${card.thumbnailUrl}"${srcset(card)} width="${card.width}" height="${card.height}" alt="${alt}" loading="${index < EAGER_TILES ? 'eager' : 'lazy'}" decoding="async">`
      : html`<span class="tile-missing" role="img" aria-label="${alt}"></span>`
  }<span class="tile-info"><span class="tile-prompt">${caption ?? firstLine(card.prompt)}</span>${
    card.model ? html`<span class="tile-model">${card.model}</span>` : ''
  }</span></a>`;
}

export function renderTiles(cards: ArtworkCard[], captions: (SafeHtml | undefined)[] = []): SafeHtml {
  return html`${cards.map((card, index) => renderTile(card, { index, caption: captions[index] }))}`;
}

/** Wide single-column phones get the preview instead of an upscaled thumbnail. */
function srcset(card: ArtworkCard): SafeHtml | '' {
  if (!card.previewUrl) return '';
  const previewWidth = Math.round(card.width * Math.min(1, PREVIEW_MAX_SIDE / Math.max(card.width, card.height)));
  const thumbnailWidth = Math.min(THUMBNAIL_WIDTH, previewWidth);
  if (previewWidth <= thumbnailWidth) return '';
  return html` srcset="${card.thumbnailUrl} ${thumbnailWidth}w, ${card.previewUrl} ${previewWidth}w" sizes="${TILE_SIZES}"`;
}
