import type { NoticeDetailResponse, QueueEntry } from '../../src/takedowns/takedown-dto.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Viewer } from './account-nav.ts';
import { renderApiForm, renderField } from './form-fields.ts';
import { renderLayout } from './layout.ts';
import { renderTextArea } from './takedown-form-fields.ts';

const STATUSES = ['queued', 'unconfirmed', 'approved', 'partial', 'rejected'] as const;

function renderTakedownAdminLayout(viewer: Viewer, title: string, main: SafeHtml): string {
  return renderLayout({ title: `${title} — artsift admin`, page: 'takedown-admin', viewer, head: html`<meta name="robots" content="noindex">`, main });
}

export interface HeldArtwork {
  id: string;
  source: string;
  postUrl: string;
  thumbnailUrl: string | null;
}

/** The review queue, one status at a time, plus crawled items held as near matches of removed works. */
export function renderTakedownQueuePage({ viewer, status, queue, held }: { viewer: Viewer; status: string; queue: QueueEntry[]; held: HeldArtwork[] }): string {
  return renderTakedownAdminLayout(
    viewer,
    'Takedown notices',
    html`<section class="admin-page takedown-admin" data-takedowns>
  <h1>Takedown notices</h1>
  <nav class="takedown-tabs" aria-label="Notice status">${STATUSES.map((name) => html`<a href="/admin/takedowns?status=${name}"${name === status ? html` aria-current="page"` : ''}>${name}</a> `)}</nav>
  ${
    queue.length === 0
      ? html`<p>No ${status} notices.</p>`
      : html`<table class="takedown-queue">
    <thead><tr><th>Reference</th><th>Claimant</th><th>Items</th><th>Received</th><th>Assignee</th></tr></thead>
    <tbody>${queue.map(
      (notice) => html`<tr>
      <td><a href="/admin/takedowns/${notice.id}">${notice.reference}</a></td>
      <td>${notice.claimantName} &lt;${notice.email}&gt;</td>
      <td>${notice.itemCount}</td>
      <td><time datetime="${notice.createdAt}">${notice.createdAt.slice(0, 16).replace('T', ' ')}</time></td>
      <td>${notice.assignee ?? '—'}</td>
    </tr>`,
    )}</tbody>
  </table>`
  }
  <h2>Held near matches</h2>
  ${
    held.length === 0
      ? html`<p>Nothing held.</p>`
      : html`<ul class="takedown-held">${held.map(
          (item) => html`<li>
      ${item.thumbnailUrl ? html`<img src="${item.thumbnailUrl}" alt="Held artwork ${item.id}" width="96" height="96" loading="lazy">` : ''}
      <a href="${item.postUrl}" rel="noreferrer noopener nofollow">${item.source} #${item.id}</a>
      ${renderApiForm({ id: `release-${item.id}`, action: `/api/admin/held-artworks/${item.id}/release`, onSuccess: 'reload', submitLabel: 'Publish', body: html`` })}
      ${renderApiForm({ id: `remove-held-${item.id}`, action: `/api/admin/held-artworks/${item.id}/remove`, onSuccess: 'reload', submitLabel: 'Remove', danger: true, body: html`` })}
    </li>`,
        )}</ul>`
  }
</section>`,
  );
}

/** One notice: the claimant's statements, each item beside its thumbnail with keep/remove, decision, notes, assignee. */
export function renderTakedownNoticePage({ viewer, notice }: { viewer: Viewer; notice: NoticeDetailResponse }): string {
  const open = notice.status === 'queued';
  return renderTakedownAdminLayout(
    viewer,
    `Notice ${notice.reference}`,
    html`<section class="admin-page takedown-admin" data-takedowns>
  <p><a href="/admin/takedowns">← All notices</a></p>
  <h1>Notice ${notice.reference} <span class="takedown-status" data-status="${notice.status}">${notice.status}</span></h1>
  <dl class="takedown-facts">
    <dt>Claimant</dt><dd>${notice.claimant.name} &lt;${notice.claimant.email}&gt;${notice.claimant.address ? html`<br>${notice.claimant.address}` : ''}${notice.claimant.phone ? html`<br>${notice.claimant.phone}` : ''}</dd>
    <dt>Copyrighted work</dt><dd class="takedown-text">${notice.copyrightedWork}</dd>
    <dt>Statements</dt><dd>good faith: ${notice.goodFaith ? 'yes' : 'no'}; accurate, under penalty of perjury: ${notice.accurateUnderPenaltyOfPerjury ? 'yes' : 'no'}</dd>
    <dt>Signature</dt><dd>${notice.signature}</dd>
    ${notice.unresolvedItems.length > 0 ? html`<dt>Not resolved</dt><dd><ul>${notice.unresolvedItems.map((item) => html`<li><code>${item.item}</code> — ${item.reason}</li>`)}</ul></dd>` : ''}
    ${notice.decisionReason ? html`<dt>Reason</dt><dd>${notice.decisionReason}</dd>` : ''}
  </dl>
  <form id="takedown-decision" class="takedown-decision" data-takedown-decision data-notice-id="${notice.id}" novalidate>
    <ul class="takedown-items">${notice.items.map(
      (item) => html`<li class="takedown-item" data-artwork-id="${item.artworkId}">
      ${item.thumbnailUrl ? html`<img src="${item.thumbnailUrl}" alt="Artwork ${item.artworkId}" width="160" height="160" loading="lazy">` : html`<span class="takedown-no-image">no image</span>`}
      <div>
        <p><a href="/a/${item.artworkId}">#${item.artworkId}</a> · ${item.source}${item.authorHandle ? html` · ${item.authorHandle}` : ''} · <a href="${item.postUrl}" rel="noreferrer noopener nofollow">original post</a></p>
        <p class="takedown-text">${item.prompt.slice(0, 200)}</p>
        ${
          open
            ? html`<fieldset><legend class="visually-hidden">Artwork ${item.artworkId}</legend>
          <label><input type="radio" name="item-${item.artworkId}" value="remove" checked> Remove</label>
          <label><input type="radio" name="item-${item.artworkId}" value="keep"> Keep</label></fieldset>`
            : html`<p>Decision: ${item.decision}${item.removedAt ? ' (removed)' : ''}</p>`
        }
      </div>
    </li>`,
    )}</ul>
    ${
      open
        ? html`${renderTextArea({ name: 'reason', id: 'decision-reason', label: 'Reason (required to reject; sent to the claimant)', rows: 2 })}
    <p class="form-status" role="status" aria-live="polite" hidden></p>
    <button class="button button-primary" type="submit" name="decision" value="approve">Approve selected removals</button>
    <button class="button button-danger" type="submit" name="decision" value="reject">Reject notice</button>`
        : ''
    }
  </form>
  ${
    notice.counterNotices.length > 0
      ? html`<h2>Counter-notices</h2><ul>${notice.counterNotices.map(
          (counter) => html`<li>#${counter.artworkId}: ${counter.name} &lt;${counter.email}&gt; — ${counter.status}, restores ${counter.restoreAt.slice(0, 10)}
        ${counter.status === 'waiting' ? renderApiForm({ id: `lawsuit-${counter.id}`, action: `/api/admin/takedown-counter-notices/${counter.id}/lawsuit`, onSuccess: 'reload', submitLabel: 'Claimant reported a lawsuit', danger: true, body: renderField({ name: 'details', id: `lawsuit-details-${counter.id}`, label: 'Court and case', required: true }) }) : ''}</li>`,
        )}</ul>`
      : ''
  }
  <h2>Internal notes</h2>
  <pre class="takedown-notes">${notice.internalNotes || '—'}</pre>
  ${renderApiForm({ id: 'takedown-note-form', action: `/api/admin/takedowns/${notice.id}/notes`, onSuccess: 'reload', submitLabel: 'Add note', body: renderTextArea({ name: 'note', label: 'Note (admins only)', rows: 2 }) })}
  ${renderApiForm({ id: 'takedown-assignee-form', action: `/api/admin/takedowns/${notice.id}/assignee`, onSuccess: 'reload', submitLabel: 'Assign', body: renderField({ name: 'assigneeId', label: 'Assignee (admin account id; empty to clear)', value: notice.assigneeId ?? '' }) })}
  <h2>Record</h2>
  <ol class="takedown-events">${notice.events.map((event) => html`<li><time datetime="${event.at}">${event.at.slice(0, 19).replace('T', ' ')}</time> ${event.action}${event.artworkId ? html` #${event.artworkId}` : ''} — ${event.actor}</li>`)}</ol>
</section>`,
  );
}
