/**
 * Fills the header's credit balance (and the credits page's own) from GET /api/me/credits.
 * Also callable after a generation or purchase, so the number follows what was spent.
 */
export async function showCreditBalance(root = document) {
  const slots = root.querySelectorAll('[data-credit-balance], [data-credits-balance], [data-menu-balance]');
  if (slots.length === 0) return;
  try {
    const response = await fetch('/api/me/credits', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (!response.ok) return;
    const { balance } = await response.json();
    for (const slot of slots) {
      slot.textContent = slot.hasAttribute('data-credit-balance') ? `${balance} credits` : String(balance);
      slot.hidden = false;
    }
  } catch {
    // The balance is a convenience; the credits page shows it server-rendered.
  }
}

/** A generation refused for lack of credits (402): the server's message and a way to buy more. */
export function showOutOfCredits(form, message) {
  const status = form.querySelector('.form-status');
  if (!status) return;
  status.textContent = `${(message ?? 'Not enough credits.').replace(/\s*Buy credits at \/credits\s*$/, '')} `;
  const link = document.createElement('a');
  link.href = '/credits';
  link.textContent = 'Buy credits';
  status.append(link);
  status.dataset.kind = 'error';
  status.hidden = false;
}
