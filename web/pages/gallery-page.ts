import type { GalleryItemResponse } from '../../src/gallery/gallery-item.ts';
import { html, type SafeHtml } from '../html.ts';
import { renderLayout } from './layout.ts';
import { firstWords, formatCount, formatDate } from './text.ts';

/** Model ids as the generate form names them ("offline-sketch" → "Offline preview renderer"). */
export type ModelLabels = ReadonlyMap<string, string>;

function modelLabel(labels: ModelLabels, id: string): string {
  return labels.get(id) ?? id;
}

function renderLineage(item: GalleryItemResponse): SafeHtml | string {
  if (!item.artwork) return '';
  return item.artwork.prompt
    ? html`<p class="lineage">From <a href="${item.artwork.url}">‘${firstWords(item.artwork.prompt, 8, 70)}’</a></p>`
    : html`<p class="lineage">From an artwork no longer shown</p>`;
}

/** The image opens the item's own page; the file itself is one click further (Download). */
function renderImage(item: GalleryItemResponse): SafeHtml {
  const alt = firstWords(item.prompt) || 'Generated image';
  return html`<a class="gallery-image" href="/g/${item.id}"><img src="${item.thumbnailUrl}" width="${item.width}" height="${item.height}" alt="${alt}" loading="lazy" decoding="async" data-thumbhash="${item.placeholder}"></a>`;
}

function renderOwnItem(item: GalleryItemResponse, labels: ModelLabels): SafeHtml {
  const isPublic = item.visibility === 'public';
  return html`<li class="gallery-item" data-gallery-item="${item.id}" data-visibility="${item.visibility}">
    ${renderImage(item)}
    <p class="gallery-prompt">${firstWords(item.prompt, 16, 140)}</p>
    ${renderLineage(item)}
    <p class="gallery-meta"><span data-visibility-label>${isPublic ? 'Public' : 'Private'}</span> · ${modelLabel(labels, item.model)}</p>
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

/**
 * Asked for in place when "Make public" is pressed without a username: a public page needs a
 * name (web/static/gallery.js shows it, saves it, then makes the image public).
 */
function renderUsernamePrompt(): SafeHtml {
  return html`<form class="username-prompt" id="username-prompt" data-username-prompt hidden novalidate>
    <p><strong>Choose a username first.</strong> Public images are shown on your page at /u/<em>username</em>.</p>
    <div class="field">
      <label for="prompt-username">Username</label>
      <p class="field-hint" id="prompt-username-hint">3 to 30 lowercase letters, digits or underscores.</p>
      <input id="prompt-username" name="username" autocomplete="username" required pattern="[a-z0-9_]{3,30}" aria-describedby="prompt-username-hint prompt-username-error">
      <p class="field-error" id="prompt-username-error" data-error-for="username" hidden></p>
    </div>
    <p class="form-status" role="status" aria-live="polite" hidden></p>
    <div class="gallery-actions"><button class="button button-primary" type="submit">Save and make public</button><button class="button" type="button" data-username-cancel>Not now</button></div>
  </form>`;
}

export interface OwnGalleryView {
  items: GalleryItemResponse[];
  nextCursor: string | null;
  username: string | null;
  modelLabels: ModelLabels;
}

/** GET /gallery: the signed-in user's images, private and public, with their controls. */
export function renderOwnGalleryPage({ items, nextCursor, username, modelLabels }: OwnGalleryView): string {
  return renderLayout({
    title: 'Your gallery — artsift',
    page: 'gallery',
    main: html`<section class="gallery-page" data-username="${username ?? ''}">
      <h1>Your gallery</h1>
      <p class="gallery-intro" data-gallery-intro>New images are private. ${
        username
          ? html`Public ones appear on <a href="/u/${username}">your public page</a>.`
          : html`Making one public asks you for a username, the address of your public page.`
      } <a href="/generate">Generate another</a></p>
      ${username ? '' : renderUsernamePrompt()}
      ${items.length === 0 ? html`<p class="empty">Nothing here yet. Find an artwork you like and press “Generate with this prompt”.</p>` : ''}
      <ul class="gallery-grid">${items.map((item) => renderOwnItem(item, modelLabels))}</ul>
      ${renderMoreLink('/gallery', nextCursor)}
    </section>`,
  });
}

export interface PublicGalleryView {
  username: string;
  avatarUrl: string | null;
  publicCount: number;
  items: GalleryItemResponse[];
  nextCursor: string | null;
  modelLabels: ModelLabels;
}

/** GET /u/:username: someone's public images, under their avatar and how many they share. */
export function renderPublicGalleryPage({ username, avatarUrl, publicCount, items, nextCursor, modelLabels }: PublicGalleryView): string {
  return renderLayout({
    title: `${username} — artsift`,
    page: 'public-gallery',
    main: html`<section class="gallery-page">
      <header class="profile-head">
        ${
          avatarUrl
            ? html`<img class="avatar avatar-large" src="${avatarUrl}" alt="" width="96" height="96">`
            : html`<span class="avatar avatar-large avatar-initial" aria-hidden="true">${username.slice(0, 1).toUpperCase()}</span>`
        }
        <div><h1>${username}</h1><p class="muted">${formatCount(publicCount)} public ${publicCount === 1 ? 'image' : 'images'}</p></div>
      </header>
      ${items.length === 0 ? html`<p class="empty">${username} has not shared any images yet.</p>` : ''}
      <ul class="gallery-grid">${items.map(
        (item) => html`<li class="gallery-item" data-gallery-item="${item.id}">
          ${renderImage(item)}
          <p class="gallery-prompt">${firstWords(item.prompt, 16, 140)}</p>
          ${renderLineage(item)}
          <p class="gallery-meta">${modelLabel(modelLabels, item.model)}</p>
        </li>`,
      )}</ul>
      ${renderMoreLink(`/u/${username}`, nextCursor)}
    </section>`,
  });
}

export interface GalleryItemView {
  item: GalleryItemResponse;
  ownerUsername: string | null;
  ownedByViewer: boolean;
  modelLabels: ModelLabels;
}

/** GET /g/:id: one generated image large, with how it was made. */
export function renderGalleryItemPage({ item, ownerUsername, ownedByViewer, modelLabels }: GalleryItemView): string {
  const title = firstWords(item.prompt) || 'Generated image';
  const rows: [string, string][] = [
    ['Model', modelLabel(modelLabels, item.model)],
    ['Shape', item.aspect],
    ['Seed', String(item.seed)],
    ['Dimensions', `${item.width} × ${item.height}`],
    ['Made', formatDate(item.createdAt)],
  ];
  return renderLayout({
    title: `${title} — artsift`,
    page: 'gallery-item',
    head: html`<meta name="robots" content="${item.visibility === 'public' ? 'index' : 'noindex'}">`,
    main: html`<article class="artwork">
  <div class="artwork-media"><img class="artwork-preview" src="${item.previewUrl}" width="${item.width}" height="${item.height}" alt="${title}" decoding="async" data-thumbhash="${item.placeholder}"></div>
  <div class="artwork-info">
    <h1 class="visually-hidden">${title}</h1>
    <section class="prompt-block" aria-labelledby="prompt-heading">
      <div class="block-head"><h2 class="block-title" id="prompt-heading">Prompt</h2></div>
      <p class="prompt">${item.prompt}</p>
    </section>
    ${item.negativePrompt ? html`<details class="negative-prompt"><summary>Negative prompt</summary><p class="prompt">${item.negativePrompt}</p></details>` : ''}
    ${renderLineage(item)}
    <table class="params"><caption class="visually-hidden">How it was made</caption><tbody>${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`)}</tbody></table>
    <p class="gallery-actions">
      <a class="button" href="${item.downloadUrl}" download>Download</a>
      ${ownedByViewer ? html`<a class="button" href="/gallery">Back to your gallery</a>` : ownerUsername ? html`<a class="button" href="/u/${ownerUsername}">More by ${ownerUsername}</a>` : ''}
    </p>
  </div>
</article>`,
  });
}
