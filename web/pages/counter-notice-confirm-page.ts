import { renderConfirmLinkPage } from './confirm-link-page.ts';

/** The link mailed to a counter-notice's filer. */
export function renderCounterNoticeConfirmPage({ token }: { token: string | null }): string {
  return renderConfirmLinkPage({
    what: 'counter-notice',
    formId: 'counter-notice-confirm-form',
    action: '/api/takedowns/counter-notices/confirm',
    successMessage: 'Confirmed: the claimant has been sent your counter-notice. We will email you when the artwork returns.',
    token,
  });
}
