import { apiFetch } from './csrf.js';

function showStatus(section, message) {
  const status = section.querySelector('.form-status');
  if (!status) return;
  status.textContent = message;
  status.hidden = !message;
}

/** /credits: pack and plan buttons open Stripe Checkout, "Manage subscription" the portal. */
export function initCreditsPage(root) {
  const section = root.querySelector('.credit-offers');
  if (!section) return;
  section.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button) return;
    const { checkoutPack, checkoutPlan } = button.dataset;
    const request = checkoutPack
      ? apiFetch('/api/billing/checkout', { json: { pack: checkoutPack } })
      : checkoutPlan
        ? apiFetch('/api/billing/checkout', { json: { plan: checkoutPlan } })
        : button.hasAttribute('data-billing-portal')
          ? apiFetch('/api/billing/portal')
          : null;
    if (!request) return;
    button.disabled = true;
    showStatus(section, 'Opening Stripe…');
    const { ok, body, status } = await request.catch(() => ({ ok: false, body: null, status: 0 }));
    if (ok && body?.url) {
      window.location.assign(body.url);
      return;
    }
    button.disabled = false;
    showStatus(section, body?.error?.message ?? `Could not open Stripe (${status})`);
  });
}
