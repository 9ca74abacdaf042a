import type { GalleryItemResponse } from '../../src/gallery/gallery-item.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderLayout } from './layout.ts';
import { firstWords } from './text.ts';

function renderLineage(item: GalleryItemResponse): SafeHtml | string {
  return item.artwork ? html`<p class="lineage">From <a href="${item.artwork.url}">artwork ${item.artwork.id}</a></p>` : '';
}

function renderImage(item: GalleryItemResponse): SafeHtml {
  const alt = firstWords(item.prompt) || 'Generated image';
  return html`<a href="${item.previewUrl}"><img src="${item.thumbnailUrl}" width="${item.width}" height="${item.height}" alt="${alt}" loading="lazy" decoding="async" data-thumbhash="${item.placeholder}"></a>`;
}

function renderOwnItem(item: GalleryItemResponse): SafeHtml {
  const isPublic = item.visibility === 'public';
  return html`<li class="gallery-item" data-gallery-item="${item.id}" data-visibility="${item.visibility}">
    ${renderImage(item)}
    <p class="gallery-prompt">${firstWords(item.prompt, 16, 140)}</p>
    ${renderLineage(item)}
    <p class="gallery-meta"><span data-visibility-label>${isPublic ? 'Public' : 'Private'}</span> · ${item.model}</p>
    <div class="gallery-actions">
      <button class="button" type="button" data-toggle-visibility aria-pressed="${isPublic ? 'true' : 'false'}">${isPublic ? 'Make private' : 'Make public'}</button>
      <a class="button" href="${item.downloadUrl}" download>Download</a>
      <button class="button button-danger" type="button" data-delete-item>Delete</button>
    </div>
    <p class="form-status" role="status" aria-live="polite" hidden></p>
  </li>`;
}

function renderMoreLink(base: string, nextCursor: string | null): SafeHtml | string {
  return nextCursor ? html`<p class="more"><a href="${base}?cursor=${encodeURIComponent(nextCursor)}">Older images</a></p>` : '';
}

/** GET /gallery: the signed-in user's images, private and public, with their controls. */
export function renderOwnGalleryPage({ items, nextCursor, username }: { items: GalleryItemResponse[]; nextCursor: string | null; username: string | null }): string {
  return renderLayout({
    title: 'Your gallery — artsift',
    page: 'gallery',
    main: html`<section class="gallery-page">
      <h1>Your gallery</h1>
      <p class="gallery-intro">New images are private. ${
        username
          ? html`Public ones appear on <a href="/u/${username}">your public page</a>.`
          : html`Choose a username in <a href="/account">your account</a> to get a public page.`
      } <a href="/generate">Generate another</a></p>
      ${items.length === 0 ? html`<p class="empty">Nothing here yet. Find an artwork you like and press “Generate with this prompt”.</p>` : ''}
      <ul class="gallery-grid">${items.map(renderOwnItem)}</ul>
      ${renderMoreLink('/gallery', nextCursor)}
    </section>`,
  });
}

/** GET /u/:username: someone's public images. */
export function renderPublicGalleryPage({ username, items, nextCursor }: { username: string; items: GalleryItemResponse[]; nextCursor: string | null }): string {
  return renderLayout({
    title: `${username} — artsift`,
    page: 'public-gallery',
    main: html`<section class="gallery-page">
      <h1>${username}</h1>
      ${items.length === 0 ? html`<p class="empty">${username} has not shared any images yet.</p>` : ''}
      <ul class="gallery-grid">${items.map(
        (item) => html`<li class="gallery-item" data-gallery-item="${item.id}">
          ${renderImage(item)}
          <p class="gallery-prompt">${firstWords(item.prompt, 16, 140)}</p>
          ${renderLineage(item)}
          <a class="button" href="${item.downloadUrl}" download>Download</a>
        </li>`,
      )}</ul>
      ${renderMoreLink(`/u/${username}`, nextCursor)}
    </section>`,
  });
}
