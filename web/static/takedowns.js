import { apiFetch } from './csrf.js';
import { showErrors, showStatus } from './api-forms.js';

/**
 * Takedown pages: the notice form's receipt (reference and items that did not resolve) and the
 * admin decision form, which sends the per-item keep/remove choices as one list.
 */
export function initTakedowns(root) {
  const noticeForm = root.getElementById('takedown-notice-form');
  const receipt = root.getElementById('takedown-receipt');
  if (noticeForm && receipt) {
    noticeForm.addEventListener('api-form:success', (event) => {
      const body = event.detail ?? {};
      const unresolved = (body.unresolved ?? []).map((entry) => `${entry.item} (${entry.reason})`);
      receipt.textContent = `${body.message ?? 'Notice received.'} Reference: ${body.reference}.${unresolved.length ? ` Not found: ${unresolved.join('; ')}.` : ''}`;
      receipt.hidden = false;
      noticeForm.hidden = true;
    });
  }
  for (const form of root.querySelectorAll('form[data-takedown-decision]')) initDecisionForm(form);
}

function initDecisionForm(form) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const decision = event.submitter?.value === 'reject' ? 'reject' : 'approve';
    const removeArtworkIds = [...form.querySelectorAll('input[type="radio"][value="remove"]:checked')].map((input) => input.name.replace(/^item-/, ''));
    const reason = form.elements.namedItem('reason')?.value ?? '';
    const buttons = form.querySelectorAll('button[type="submit"]');
    for (const button of buttons) button.disabled = true;
    showStatus(form, '');
    try {
      const json = decision === 'reject' ? { decision, reason } : { decision, removeArtworkIds, reason };
      const result = await apiFetch(`/api/admin/takedowns/${form.dataset.noticeId}/decision`, { json });
      if (!result.ok) return showErrors(form, result.body?.error, result.status);
      window.location.reload();
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  });
}
