import type { ErrorGroupRow } from '../../src/errors-log/error-groups.repository.ts';
import { html } from '../html.ts';
import type { Viewer } from './account-nav.ts';
import { renderLayout } from './layout.ts';

const time = (date: Date) => date.toISOString().replace('T', ' ').slice(0, 19);

/** Unexpected errors grouped by fingerprint, the most recently seen first, each with its latest sample. */
export function renderAdminErrorsPage({ viewer, groups }: { viewer: Viewer; groups: ErrorGroupRow[] }): string {
  return renderLayout({
    title: 'Errors — artsift admin',
    page: 'admin',
    viewer,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<div class="admin-page">
  <h1>Errors</h1>
  <p><a href="/admin">← Admin</a></p>
  <p class="muted">Unexpected errors of requests (answered 500) and background jobs, grouped by fingerprint. Emails, tokens, query strings and addresses are removed before anything is stored.</p>
  ${groups.length === 0
    ? html`<p>No unexpected errors recorded.</p>`
    : html`<div class="table-scroll"><table class="admin-table">
    <thead><tr><th scope="col">error</th><th scope="col">where</th><th scope="col">count</th><th scope="col">first seen (UTC)</th><th scope="col">last seen (UTC)</th><th scope="col">latest sample</th></tr></thead>
    <tbody>${groups.map(
      (group) => html`<tr id="error-${group.fingerprint}">
      <td><strong>${group.error_type}</strong>: ${group.message}</td>
      <td>${group.origin === 'http' ? (group.sample_route ?? 'request') : `background${group.sample_context ? `: ${group.sample_context}` : ''}`}</td>
      <td>${group.occurrences}</td><td>${time(group.first_seen_at)}</td><td>${time(group.last_seen_at)}</td>
      <td>${group.sample_request_id ? html`<div>request <code>${group.sample_request_id}</code></div>` : ''}
        <details><summary>stack</summary><pre>${group.sample_stack}</pre></details></td>
    </tr>`,
    )}</tbody>
  </table></div>`}
</div>`,
  });
}
