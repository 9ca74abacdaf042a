import type { AdminOverview } from '../../src/accounts/admin.service.ts';
import type { Dashboard } from '../../src/dashboards/dashboard.ts';
import { renderDashboards } from './admin-dashboards.ts';
import { html, type SafeHtml } from '../html.ts';
import type { Viewer } from './account-nav.ts';
import { renderApiForm, renderField } from './form-fields.ts';
import { renderLayout } from './layout.ts';

function renderAdminLayout(viewer: Viewer, main: SafeHtml): string {
  return renderLayout({ title: 'Admin — artsift', page: 'admin', viewer, head: html`<meta name="robots" content="noindex">`, main });
}

/** An admin whose session has not passed the second factor sees only this. */
export function renderAdminSecondFactorPage(viewer: Viewer): string {
  return renderAdminLayout(
    viewer,
    html`<section class="auth-card">
  <h1 class="auth-title">Admin</h1>
  <p>Enter the code from your authenticator app (or a recovery code) to open the admin pages.</p>
  ${renderApiForm({
    id: 'second-factor-form',
    action: '/api/auth/totp',
    onSuccess: 'reload',
    submitLabel: 'Verify',
    body: renderField({ name: 'code', label: 'Code', autocomplete: 'one-time-code', required: true }),
  })}
</section>`,
  );
}

export function renderAdminPage({ viewer, overview, dashboard }: { viewer: Viewer; overview: AdminOverview; dashboard?: Dashboard | undefined }): string {
  return renderAdminLayout(
    viewer,
    html`<div class="admin-page">
  <h1>Admin</h1>
  <p><a href="/admin/takedowns">Takedown notices</a> · <a href="/admin/crawls">Crawls</a> · <a href="/admin/credits">Credits</a> · <a href="/admin/errors">Errors</a></p>
  ${dashboard ? renderDashboards(dashboard) : ''}
  <section class="account-section" aria-labelledby="accounts-title">
    <h2 id="accounts-title">Accounts <span class="muted">(${overview.totalAccounts})</span></h2>
    <div class="table-scroll"><table class="admin-table">
      <thead><tr><th scope="col">id</th><th scope="col">email</th><th scope="col">username</th><th scope="col">role</th><th scope="col">verified</th><th scope="col">2FA</th><th scope="col">created</th><th scope="col"><span class="visually-hidden">actions</span></th></tr></thead>
      <tbody>${overview.accounts.map(
        (account) => html`<tr>
        <td>${account.id}</td><td>${account.email}</td><td>${account.username ?? '—'}</td><td>${account.role}</td>
        <td>${account.emailVerified ? 'yes' : 'no'}</td><td>${account.twoFactorEnabled ? 'on' : '—'}</td><td>${account.createdAt.toISOString().slice(0, 10)}</td>
        <td><button class="button button-small" type="button" data-revoke-sessions="${account.id}">Sign out everywhere</button></td>
      </tr>`,
      )}</tbody>
    </table></div>
    <p class="form-status" role="status" aria-live="polite" hidden></p>
  </section>
  <section class="account-section" aria-labelledby="log-title">
    <h2 id="log-title">Security log</h2>
    <p class="muted">IP addresses are shown as keyed hashes; deleted accounts as anonymous ids.</p>
    <div class="table-scroll"><table class="admin-table">
      <thead><tr><th scope="col">time (UTC)</th><th scope="col">event</th><th scope="col">account</th><th scope="col">IP hash</th><th scope="col">details</th></tr></thead>
      <tbody>${overview.securityLog.map(
        (entry) => html`<tr>
        <td>${entry.occurredAt.replace('T', ' ').slice(0, 19)}</td><td>${entry.event}</td>
        <td>${entry.accountId ?? (entry.anonymousSubject ? `deleted ${entry.anonymousSubject.slice(0, 8)}` : '—')}</td>
        <td><code>${entry.ipHash?.slice(0, 12) ?? '—'}</code></td><td><code>${JSON.stringify(entry.details)}</code></td>
      </tr>`,
      )}</tbody>
    </table></div>
  </section>
</div>`,
  );
}
