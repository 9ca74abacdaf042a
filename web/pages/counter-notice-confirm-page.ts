import { html } from '../html.ts';
import { renderApiForm } from './form-fields.ts';
import { renderLayout } from './layout.ts';
import { TAKEDOWN_STYLES } from './takedown-form-fields.ts';

/** The link mailed to a counter-notice's filer: one button that confirms it. */
export function renderCounterNoticeConfirmPage({ token }: { token: string | null }): string {
  return renderLayout({
    title: 'Confirm your counter-notice — artsift',
    page: 'dmca-confirm',
    head: html`<meta name="robots" content="noindex">${TAKEDOWN_STYLES}`,
    main: html`<section class="auth-card">
  <h1 class="auth-title">Confirm your counter-notice</h1>
  ${
    token
      ? renderApiForm({
          id: 'counter-notice-confirm-form',
          action: '/api/takedowns/counter-notices/confirm',
          onSuccess: { message: 'Confirmed: the claimant has been sent your counter-notice. We will email you when the artwork returns.' },
          submitLabel: 'Confirm counter-notice',
          body: html`<input type="hidden" name="token" value="${token}">`,
        })
      : html`<p>This confirmation link is incomplete. Open the link from the email again.</p>`
  }
</section>`,
  });
}
