import { html, type SafeHtml } from '../html.ts';

/** The signed-in person as the header shows them. */
export interface Viewer {
  name: string;
  /** Set once chosen: the public page lives at /u/<username>. */
  username?: string | null;
  avatarUrl: string | null;
  isAdmin: boolean;
}

export function viewerOf(account: { username: string | null; email: string; role: string; avatarUrl: string | null }): Viewer {
  return {
    name: account.username ?? account.email.split('@')[0] ?? 'account',
    username: account.username,
    avatarUrl: account.avatarUrl,
    isAdmin: account.role === 'admin',
  };
}

/**
 * The header's right end: "Sign in" for visitors, an avatar menu once signed in. Undefined
 * (pages that do not know the viewer) renders the visitor version marked for the client to
 * replace with GET /fragments/account-nav.
 */
export function renderAccountNav(viewer: Viewer | null | undefined): SafeHtml {
  if (!viewer) {
    return html`<nav class="account-nav" aria-label="Account"${viewer === undefined ? html` data-account-nav` : ''}>
    <a class="account-sign-in" href="/sign-in">Sign in</a>
  </nav>`;
  }
  // web/static/credit-balance.js fills the balances from /api/me/credits: pages need not read the ledger.
  // On a phone the pill and the name give way to the search box; the menu still shows the balance.
  return html`<nav class="account-nav" aria-label="Account">
    <a class="credit-pill" href="/credits" data-credit-balance hidden></a>
    <details class="account-menu">
      <summary class="account-menu-button">${renderAvatar(viewer)}<span class="account-name">${viewer.name}</span><span class="visually-hidden"> — account menu</span></summary>
      <ul class="account-menu-list">
        <li><a href="/generate">Generate</a></li>
        <li><a href="/gallery">My gallery</a></li>
        <li>${
          viewer.username
            ? html`<a href="/u/${viewer.username}">My public page</a>`
            : html`<a href="/account#field-username">Choose a username for a public page</a>`
        }</li>
        <li><a href="/credits">Credits <span class="menu-balance" data-menu-balance hidden></span></a></li>
        <li><a href="/account">Account settings</a></li>
        ${viewer.isAdmin ? html`<li><a href="/admin">Admin</a></li>` : ''}
        <li><button type="button" class="account-sign-out" data-sign-out>Sign out</button></li>
      </ul>
    </details>
  </nav>`;
}

function renderAvatar(viewer: Viewer): SafeHtml {
  if (viewer.avatarUrl) return html`<img class="avatar" src="${viewer.avatarUrl}" alt="" width="28" height="28">`;
  return html`<span class="avatar avatar-initial" aria-hidden="true">${viewer.name.slice(0, 1).toUpperCase()}</span>`;
}
