import { html } from '../html.ts';
import type { Viewer } from './account-nav.ts';
import { renderApiForm, renderField } from './form-fields.ts';
import { renderLayout } from './layout.ts';

/** /admin/credits: an admin adds or removes credits; each change is in the ledger and security log. */
export function renderCreditsAdminPage(viewer: Viewer): string {
  const form = renderApiForm({
    id: 'credit-adjust-form',
    action: '/api/admin/credits/adjust',
    onSuccess: { message: 'Balance adjusted.' },
    submitLabel: 'Adjust balance',
    body: html`${renderField({ name: 'accountId', label: 'Account id', required: true, attributes: { inputmode: 'numeric' } })}
      ${renderField({ name: 'amount', label: 'Credits (negative to remove)', required: true, attributes: { inputmode: 'numeric' } })}
      ${renderField({ name: 'reason', label: 'Reason (kept in the ledger)', required: true, attributes: { maxlength: '200' } })}`,
  });
  const main = html`<section class="account-page">
    <h1>Adjust credits</h1>
    <p><a href="/admin">Back to admin</a></p>
    ${form}
  </section>`;
  return renderLayout({ title: 'Adjust credits · artsift', page: 'admin-credits', main, viewer });
}
