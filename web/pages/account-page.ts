import type { MeResponse } from '../../src/accounts/account.ts';
import { html, type SafeHtml } from '../html.ts';
import { viewerOf } from './account-nav.ts';
import { renderApiForm, renderField, renderFormStatus } from './form-fields.ts';
import { renderLayout } from './layout.ts';
import { renderApiKeysSection } from './api-keys-section.ts';

export interface AccountPageOptions {
  me: MeResponse;
  googleEnabled: boolean;
  /** A Google-only account just signed in with Google again: deletion may go ahead. */
  reauthenticated: boolean;
}

/** /account: profile, password, sessions, data export and deletion. */
export function renderAccountPage({ me, googleEnabled, reauthenticated }: AccountPageOptions): string {
  const hasPassword = me.signInMethods.includes('password');
  return renderLayout({
    title: 'Your account — artsift',
    page: 'account',
    viewer: viewerOf(me),
    head: html`<meta name="robots" content="noindex">`,
    main: html`<div class="account-page">
  <h1>Your account</h1>
  <p class="muted">Signed in as <strong id="account-email">${me.email}</strong>${me.role === 'admin' ? ' · admin' : ''}</p>
  ${renderProfileSection(me)}
  ${renderPasswordSection(hasPassword)}
  <section class="account-section" aria-labelledby="sessions-title">
    <h2 id="sessions-title">Sessions</h2>
    <p>Signed in on a device you no longer use? End every session, this one included.</p>
    <button class="button" type="button" data-sign-out-everywhere>Sign out everywhere</button>
    ${renderFormStatus()}
  </section>
  <section class="account-section" aria-labelledby="data-title">
    <h2 id="data-title">Your data</h2>
    <p>Download everything we keep about your account as a zip: your details as JSON and your pictures.</p>
    <a class="button" href="/api/me/export" download>Download my data</a>
  </section>
  ${renderApiKeysSection()}
  ${renderDeleteSection({ hasPassword, googleEnabled, reauthenticated })}
</div>`,
  });
}

function renderProfileSection(me: MeResponse): SafeHtml {
  return html`<section class="account-section" aria-labelledby="profile-title">
    <h2 id="profile-title">Profile</h2>
    <div class="avatar-row">
      ${me.avatarUrl ? html`<img class="avatar avatar-large" id="avatar-preview" src="${me.avatarUrl}" alt="Your avatar" width="96" height="96">` : html`<span class="avatar avatar-large avatar-initial" id="avatar-preview" aria-hidden="true">${(me.username ?? me.email).slice(0, 1).toUpperCase()}</span>`}
      <form class="avatar-form" id="avatar-form" novalidate>
        ${renderField({ name: 'avatar', label: 'Avatar picture', type: 'file', attributes: { accept: 'image/png,image/jpeg,image/webp,image/gif,image/avif' }, hint: 'JPEG, PNG, WebP, GIF or AVIF up to 5 MB; cropped to a square.' })}
        ${renderFormStatus()}
        ${me.avatarUrl ? html`<button class="button" type="button" data-remove-avatar>Remove picture</button>` : ''}
      </form>
    </div>
    ${renderApiForm({
      id: 'username-form',
      action: '/api/me',
      method: 'PATCH',
      onSuccess: 'reload',
      submitLabel: 'Save username',
      body: renderField({ name: 'username', label: 'Username', autocomplete: 'username', value: me.username ?? '', hint: '3 to 30 letters, digits or underscores.' }),
    })}
    ${me.username ? html`<p class="muted">Your public page: <a href="/u/${me.username}">/u/${me.username}</a></p>` : ''}
  </section>`;
}

function renderPasswordSection(hasPassword: boolean): SafeHtml {
  return html`<section class="account-section" aria-labelledby="password-title">
    <h2 id="password-title">${hasPassword ? 'Change password' : 'Add a password'}</h2>
    ${renderApiForm({
      id: 'password-form',
      action: '/api/me/password',
      onSuccess: { message: 'Password changed. Every other session was signed out.' },
      submitLabel: hasPassword ? 'Change password' : 'Add password',
      body: html`${hasPassword ? renderField({ name: 'currentPassword', label: 'Current password', type: 'password', autocomplete: 'current-password', required: true }) : ''}
      ${renderField({ name: 'newPassword', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 10 characters; common passwords are refused.' })}`,
    })}
  </section>`;
}

function renderDeleteSection({ hasPassword, googleEnabled, reauthenticated }: { hasPassword: boolean; googleEnabled: boolean; reauthenticated: boolean }): SafeHtml {
  const confirm = hasPassword
    ? renderField({ name: 'password', label: 'Your password, to confirm', type: 'password', autocomplete: 'current-password', required: true })
    : reauthenticated
      ? html`<p>You just confirmed with Google.</p><p class="field-error" data-error-for="reauthentication" hidden></p>`
      : html`<p>To confirm, sign in with Google again first.</p>${googleEnabled ? html`<p><a class="button" href="/auth/google?intent=reauthenticate">Confirm with Google</a></p>` : ''}<p class="field-error" data-error-for="reauthentication" hidden></p>`;
  return html`<section class="account-section account-danger" id="delete" aria-labelledby="delete-title">
    <h2 id="delete-title">Delete account</h2>
    <p>This deletes your account, its sessions and your pictures at once and for good. It cannot be undone.</p>
    ${renderApiForm({
      id: 'delete-account-form',
      action: '/api/me',
      method: 'DELETE',
      onSuccess: { redirect: '/?account=deleted' },
      submitLabel: 'Delete my account',
      danger: true,
      body: confirm,
    })}
  </section>`;
}
