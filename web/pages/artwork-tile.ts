import type { ArtworkCard } from '../../src/artworks/artwork-mappers.ts';
import { html, type SafeHtml } from '../html.ts';
import { sourceLabel } from '../shared/source-label.ts';
import { renderPlaceholder } from './placeholder.ts';
import { firstLine, firstWords } from './text.ts';

/** Tiles above the fold load at once; the rest wait until they are near the viewport. */
const EAGER_TILES = 6;
/** Derivative widths made by src/media/image-pipeline.ts (never enlarged). */
const THUMBNAIL_WIDTH = 400;
const PREVIEW_MAX_SIDE = 1280;
/**
 * Phones show two columns (web/static/masonry.js), where the 400 px thumbnail is always enough;
 * wider screens have columns of 220–300 px and take the preview on dense displays.
 */
export const PHONE_MEDIA = '(max-width: 599px)';
const TILE_SIZES = '300px';

export interface TileOptions {
  /** Position in the list, for eager loading of the first few. */
  index: number;
  /** Caption HTML (an engine highlight); defaults to the escaped first line of the prompt. */
  caption?: SafeHtml;
}

/**
 * One grid cell: the thumbnail at its own aspect ratio (width/height attributes reserve the
 * space), a colour placeholder painted by the HTML (web/static/placeholders.js swaps in the
 * blurred thumbhash), and a caption shown on hover or focus (always on touch screens). Two
 * links, side by side rather than nested: the picture opens the artwork page (its link covers
 * the whole cell), the attribution opens the original post. The image's alt text names the
 * first link; the caption repeats the prompt, so screen readers skip it.
 */
export function renderTile(card: ArtworkCard, { index, caption }: TileOptions): SafeHtml {
  const alt = firstWords(card.prompt);
  return html`<article class="tile" data-id="${card.id}" data-w="${card.width}" data-h="${card.height}" data-thumbhash="${card.placeholder}">${renderPlaceholder(card.id, card.placeholder)}<a class="tile-link" href="/a/${card.id}">${
    card.thumbnailUrl
      ? renderImage(card, alt, index)
      : html`<span class="tile-missing" role="img" aria-label="${alt}"></span>`
  }</a><span class="tile-info"><span class="tile-prompt" aria-hidden="true">${caption ?? firstLine(card.prompt)}</span>${
    card.model ? html`<span class="tile-model">${card.model}</span>` : ''
  }${attribution(card)}</span></article>`;
}

/** Who posted it and where, linked to the post, on every card. */
function attribution(card: ArtworkCard): SafeHtml {
  const name = card.author.name ?? card.author.handle;
  const handle = name && card.author.handle && card.author.handle !== name ? ` @${card.author.handle}` : '';
  const label = name ? `${name}${handle} · ${sourceLabel(card.source)}` : sourceLabel(card.source);
  return html`<a class="tile-author" href="${card.sourceUrl}" rel="noopener nofollow ugc">${label}</a>`;
}

export function renderTiles(cards: ArtworkCard[], captions: (SafeHtml | undefined)[] = []): SafeHtml {
  return html`${cards.map((card, index) => renderTile(card, { index, caption: captions[index] }))}`;
}

/** Phones always get the thumbnail; wider screens choose between it and the preview. */
function renderImage(card: ArtworkCard, alt: string, index: number): SafeHtml {
  const image = html`<img src="${card.thumbnailUrl}"${srcset(card)} width="${card.width}" height="${card.height}" alt="${alt}" loading="${index < EAGER_TILES ? 'eager' : 'lazy'}" decoding="async">`;
  if (!srcset(card)) return image;
  return html`<picture><source media="${PHONE_MEDIA}" srcset="${card.thumbnailUrl}">${image}</picture>`;
}

function srcset(card: ArtworkCard): SafeHtml | '' {
  if (!card.previewUrl) return '';
  const previewWidth = Math.round(card.width * Math.min(1, PREVIEW_MAX_SIDE / Math.max(card.width, card.height)));
  const thumbnailWidth = Math.min(THUMBNAIL_WIDTH, previewWidth);
  if (previewWidth <= thumbnailWidth) return '';
  return html` srcset="${card.thumbnailUrl} ${thumbnailWidth}w, ${card.previewUrl} ${previewWidth}w" sizes="${TILE_SIZES}"`;
}
