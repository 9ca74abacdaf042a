import { showStatus } from './api-forms.js';
import { apiFetch } from './csrf.js';

/** /admin: "sign out everywhere" for an account. */
export function initAdmin(root) {
  for (const button of root.querySelectorAll('[data-revoke-sessions]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      const result = await apiFetch(`/api/admin/accounts/${encodeURIComponent(button.dataset.revokeSessions)}/sessions/revoke`);
      const section = button.closest('section');
      if (result.ok) showStatus(section, `Signed out ${result.body.revoked} session(s) of account ${button.dataset.revokeSessions}.`, 'success');
      else showStatus(section, result.body?.error?.message ?? 'That did not work', 'error');
      button.disabled = false;
    });
  }
}
