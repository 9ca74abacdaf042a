import { showCreditBalance } from './credit-balance.js';
import { apiFetch } from './csrf.js';

/**
 * Pages rendered without knowing who is signed in show "Sign in"; this swaps in the account
 * menu from GET /fragments/account-nav (server-rendered and escaped there), and wires sign-out.
 */
export async function initAccountNav(root) {
  const placeholder = root.querySelector('[data-account-nav]');
  if (placeholder) {
    try {
      const response = await fetch('/fragments/account-nav', { credentials: 'same-origin' });
      if (response.ok) {
        const template = document.createElement('template');
        template.innerHTML = (await response.text()).trim();
        const nav = template.content.firstElementChild;
        if (nav) placeholder.replaceWith(nav);
      }
    } catch {
      // Offline or failing: "Sign in" stays, which is still a working link.
    }
  }
  carryReturnPath(root);
  showCreditBalance(root);
  for (const button of root.querySelectorAll('[data-sign-out]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      await apiFetch('/api/auth/logout').catch(() => null);
      window.location.assign('/');
    });
  }
}

/** Pages from which signing in should not come back to themselves. */
const AUTH_PAGES = ['/sign-in', '/sign-up', '/forgot-password', '/reset-password', '/verify-email'];

/** "Sign in" brings the visitor back to the page they were on (the server keeps `next` same-site). */
function carryReturnPath(root) {
  if (AUTH_PAGES.includes(location.pathname)) return;
  const here = `${location.pathname}${location.search}`;
  for (const link of root.querySelectorAll('a[href="/sign-in"]')) link.href = `/sign-in?${new URLSearchParams({ next: here })}`;
}
