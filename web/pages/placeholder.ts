import { thumbHashToRGBA } from 'thumbhash';
import { html, type SafeHtml } from '../html.ts';

/** Bands of colour top to bottom: enough to hint at sky and ground without a blur. */
const BANDS = 3;

/**
 * A tile's stand-in painted by the HTML itself, before any script runs: a vertical gradient of
 * the thumbhash's colours as an inline SVG (the CSP forbids style attributes, not SVG fills).
 * web/static/placeholders.js later swaps it for the blurred thumbhash.
 */
export function renderPlaceholder(id: string, thumbhash: string): SafeHtml | '' {
  const colours = bandColours(thumbhash);
  if (!colours) return '';
  const gradientId = `ph-${id}`;
  return html`<svg class="tile-placeholder" aria-hidden="true" focusable="false" viewBox="0 0 1 1" preserveAspectRatio="none"><linearGradient id="${gradientId}" x2="0" y2="1">${colours.map(
    (colour, index) => html`<stop offset="${(index / (colours.length - 1)).toFixed(2)}" stop-color="${colour}"/>`,
  )}</linearGradient><rect width="1" height="1" fill="url(#${gradientId})"/></svg>`;
}

/** Average colour of each horizontal band of the decoded thumbhash, as #rrggbb. */
export function bandColours(thumbhash: string): string[] | null {
  let image: { w: number; h: number; rgba: ArrayLike<number> };
  try {
    image = thumbHashToRGBA(Buffer.from(thumbhash, 'base64'));
  } catch {
    return null;
  }
  if (image.w === 0 || image.h === 0) return null;
  const colours: string[] = [];
  for (let band = 0; band < BANDS; band++) {
    const top = Math.floor((band * image.h) / BANDS);
    const bottom = Math.max(top + 1, Math.floor(((band + 1) * image.h) / BANDS));
    const sum = [0, 0, 0];
    let pixels = 0;
    for (let y = top; y < bottom; y++) {
      for (let x = 0; x < image.w; x++) {
        const offset = (y * image.w + x) * 4;
        for (let channel = 0; channel < 3; channel++) sum[channel]! += image.rgba[offset + channel]!;
        pixels++;
      }
    }
    colours.push(`#${sum.map((total) => Math.round(total / pixels).toString(16).padStart(2, '0')).join('')}`);
  }
  return colours;
}
