import type { CreatorClaimResponse } from '../../src/takedowns/takedown-dto.ts';
import { sourceLabel } from '../shared/source-label.ts';
import { html } from '../html.ts';
import type { Viewer } from './account-nav.ts';
import { renderApiForm, renderField } from './form-fields.ts';
import { renderLayout } from './layout.ts';
import { firstWords } from './text.ts';

export interface ClaimWithArtworks extends CreatorClaimResponse {
  artworks: { id: string; postUrl: string; thumbnailUrl: string | null; prompt: string }[];
}

/** /creator: claim a handle with a one-time code, then remove work and opt out. */
export function renderCreatorClaimsPage({ viewer, claims }: { viewer: Viewer; claims: ClaimWithArtworks[] }): string {
  return renderLayout({
    title: 'Your work on artsift — artsift',
    page: 'creator',
    viewer,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<section class="auth-card takedown-card">
  <h1 class="auth-title">Your work on artsift</h1>
  <p>Prove a handle is yours by putting a one-time code in its profile on the source site. Then you can remove any of your indexed work and tell our crawler not to index it again.</p>
  ${renderApiForm({
    id: 'creator-claim-form',
    action: '/api/creator-claims',
    onSuccess: 'reload',
    submitLabel: 'Get a code',
    body: html`${renderField({ name: 'source', label: 'Source (as named on the artwork page)', required: true })}
    ${renderField({ name: 'handle', label: 'Your handle there', required: true })}`,
  })}
  ${claims.map(
    (claim) => html`<article class="creator-claim" data-claim-id="${claim.id}">
    <h2>${claim.handle} on ${sourceLabel(claim.source)}</h2>
    ${
      claim.verified
        ? html`<p>Verified.${claim.optedOut ? ' Opted out: the crawler skips this handle.' : ''}</p>
    ${renderApiForm({ id: `opt-out-${claim.id}`, action: `/api/creator-claims/${claim.id}/opt-out`, onSuccess: 'reload', submitLabel: claim.optedOut ? 'Allow indexing again' : 'Do not index my work', body: html`<input type="hidden" name="optedOut" value="${claim.optedOut ? 'false' : 'true'}">` })}
    ${
      claim.artworks.length > 0
        ? html`<p>${claim.artworks.length} indexed artwork(s).</p>
    ${renderApiForm({ id: `remove-all-${claim.id}`, action: `/api/creator-claims/${claim.id}/removals`, onSuccess: 'reload', submitLabel: 'Remove all of them', danger: true, body: html`<input type="hidden" name="all" value="true">` })}
    <ul class="creator-artworks">${claim.artworks.map((artwork) => html`<li><a href="/a/${artwork.id}">${artwork.thumbnailUrl ? html`<img src="${artwork.thumbnailUrl}" alt="${firstWords(artwork.prompt)}" width="96" height="96" loading="lazy">` : `#${artwork.id}`}</a></li>`)}</ul>`
        : html`<p>No indexed artwork.</p>`
    }`
        : html`<p>Put this code anywhere in your public profile on ${sourceLabel(claim.source)}, then press Verify:</p>
    <p><code class="claim-code">${claim.code}</code></p>
    ${renderApiForm({ id: `verify-${claim.id}`, action: `/api/creator-claims/${claim.id}/verify`, onSuccess: 'reload', submitLabel: 'Verify', body: html`<p class="field-error" data-error-for="claim" hidden></p><p class="field-error" data-error-for="handle" hidden></p>` })}`
    }
  </article>`,
  )}
</section>`,
  });
}
