import { html } from '../html.ts';
import { renderApiForm } from './form-fields.ts';
import { renderLayout } from './layout.ts';

export interface ConfirmLinkPageView {
  /** What is confirmed, as in "Confirm your notice". */
  what: string;
  formId: string;
  action: string;
  successMessage: string;
  token: string | null;
}

/** The page a mailed confirmation link opens: one button that posts the link's token. */
export function renderConfirmLinkPage({ what, formId, action, successMessage, token }: ConfirmLinkPageView): string {
  return renderLayout({
    title: `Confirm your ${what} — artsift`,
    page: 'dmca-confirm',
    head: html`<meta name="robots" content="noindex">`,
    main: html`<section class="auth-card">
  <h1 class="auth-title">Confirm your ${what}</h1>
  ${
    token
      ? renderApiForm({ id: formId, action, onSuccess: { message: successMessage }, submitLabel: `Confirm ${what}`, body: html`<input type="hidden" name="token" value="${token}">` })
      : html`<p>This confirmation link is incomplete. Open the link from the email again.</p>`
  }
</section>`,
  });
}
