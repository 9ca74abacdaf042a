/**
 * Builds result tiles from /api/search hits as DOM nodes, mirroring web/pages/artwork-tile.ts.
 * Prompt text only ever goes in through textContent; the engine's highlight is parsed inertly
 * and only its text and <mark> elements are kept.
 */
import { sourceLabel } from '../shared/source-label.ts';

const EAGER_TILES = 6;
const THUMBNAIL_WIDTH = 400;
const PREVIEW_MAX_SIDE = 1280;
const PHONE_MEDIA = '(max-width: 599px)';
const TILE_SIZES = '300px';
const ALT_WORDS = 12;
const ALT_MAX_CHARS = 110;
const CAPTION_MAX_CHARS = 180;

export function buildTile(hit, index) {
  const alt = firstWords(hit.prompt);
  const tile = element('article', 'tile');
  Object.assign(tile.dataset, { id: hit.id, w: String(hit.width), h: String(hit.height), thumbhash: hit.placeholder ?? '' });
  // Two links side by side (see web/pages/artwork-tile.ts): the picture to the artwork page, the attribution to the post.
  const link = element('a', 'tile-link');
  link.href = `/a/${encodeURIComponent(hit.id)}`;
  tile.append(link);

  if (hit.thumbnailUrl) {
    const image = document.createElement('img');
    image.src = hit.thumbnailUrl;
    const previewWidth = Math.round(hit.width * Math.min(1, PREVIEW_MAX_SIDE / Math.max(hit.width, hit.height)));
    const thumbnailWidth = Math.min(THUMBNAIL_WIDTH, previewWidth);
    image.width = hit.width;
    image.height = hit.height;
    image.alt = alt;
    image.loading = index < EAGER_TILES ? 'eager' : 'lazy';
    image.decoding = 'async';
    if (hit.previewUrl && previewWidth > thumbnailWidth) {
      // Phones always take the thumbnail; wider screens choose (see web/pages/artwork-tile.ts).
      image.srcset = `${hit.thumbnailUrl} ${thumbnailWidth}w, ${hit.previewUrl} ${previewWidth}w`;
      image.sizes = TILE_SIZES;
      const picture = document.createElement('picture');
      const source = document.createElement('source');
      source.media = PHONE_MEDIA;
      source.srcset = hit.thumbnailUrl;
      picture.append(source, image);
      link.append(picture);
    } else {
      link.append(image);
    }
  } else {
    const missing = element('span', 'tile-missing');
    missing.setAttribute('role', 'img');
    missing.setAttribute('aria-label', alt);
    link.append(missing);
  }

  const info = element('span', 'tile-info');
  const caption = element('span', 'tile-prompt');
  // The image's alt text already names the link.
  caption.setAttribute('aria-hidden', 'true');
  if (hit.highlightedPrompt) appendHighlight(caption, hit.highlightedPrompt);
  else caption.textContent = firstLine(hit.prompt);
  info.append(caption);
  if (hit.model) info.append(element('span', 'tile-model', hit.model));
  const author = hit.author?.name ?? hit.author?.handle;
  const handle = author && hit.author.handle && hit.author.handle !== author ? ` @${hit.author.handle}` : '';
  const post = element('a', 'tile-author', author ? `${author}${handle} · ${sourceLabel(hit.source)}` : sourceLabel(hit.source));
  post.href = hit.sourceUrl;
  post.rel = 'noopener nofollow ugc';
  info.append(post);
  tile.append(info);
  return tile;
}

/** First line of the highlight, capped, keeping only text and <mark>. */
function appendHighlight(target, highlighted) {
  const template = document.createElement('template');
  template.innerHTML = highlighted; // inert: nothing in a template runs or loads
  let budget = CAPTION_MAX_CHARS;
  for (const node of template.content.childNodes) {
    const text = node.textContent ?? '';
    const cut = Math.min(text.includes('\n') ? text.indexOf('\n') : text.length, budget);
    const piece = (target.childNodes.length === 0 ? text.trimStart() : text).slice(0, cut);
    target.append(node.nodeName === 'MARK' ? element('mark', '', piece) : document.createTextNode(piece));
    budget -= piece.length;
    if (cut < text.length || budget <= 0) {
      if (budget <= 0) target.append('…');
      break;
    }
  }
}

function firstWords(prompt) {
  const words = prompt.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 'Untitled artwork';
  let out = words.slice(0, ALT_WORDS).join(' ');
  if (out.length > ALT_MAX_CHARS) out = out.slice(0, ALT_MAX_CHARS).replace(/\s+\S*$/, '') || out.slice(0, ALT_MAX_CHARS);
  return out.length < prompt.trim().length ? `${out.replace(/[\s,.;:]+$/, '')}…` : out;
}

function firstLine(prompt) {
  const line = prompt.trim().split('\n', 1)[0] ?? '';
  return line.length > CAPTION_MAX_CHARS ? `${line.slice(0, CAPTION_MAX_CHARS).trimEnd()}…` : line;
}

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
