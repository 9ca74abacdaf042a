import { html, type SafeHtml } from '../html.ts';
import { renderApiForm, renderField } from './form-fields.ts';
import { renderLayout } from './layout.ts';

/** The narrow card the sign-in family of pages share; never indexed. */
function renderAuthPage(page: string, title: string, body: SafeHtml): string {
  return renderLayout({
    title: `${title} — artsift`,
    page,
    viewer: null,
    head: html`<meta name="robots" content="noindex">`,
    main: html`<section class="auth-card">
  <h1 class="auth-title">${title}</h1>
  ${body}
</section>`,
  });
}

function googleButton(googleEnabled: boolean, label: string): SafeHtml | '' {
  if (!googleEnabled) return '';
  return html`<a class="button button-google" href="/auth/google">${label}</a>
  <p class="auth-divider"><span>or with your email</span></p>`;
}

export function renderSignInPage({ googleEnabled, next, notice }: { googleEnabled: boolean; next: string; notice?: string }): string {
  return renderAuthPage(
    'sign-in',
    'Sign in',
    html`${notice ? html`<p class="notice">${notice}</p>` : ''}
  ${googleButton(googleEnabled, 'Sign in with Google')}
  ${renderApiForm({
    id: 'sign-in-form',
    action: '/api/auth/login',
    onSuccess: { redirect: next },
    submitLabel: 'Sign in',
    body: html`${renderField({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true })}
    ${renderField({ name: 'password', label: 'Password', type: 'password', autocomplete: 'current-password', required: true })}`,
  })}
  <div id="second-factor-step" hidden>
    <p>Your account is an admin account. Enter the 6-digit code from your authenticator app, or a recovery code.</p>
    ${renderApiForm({
      id: 'second-factor-form',
      action: '/api/auth/totp',
      onSuccess: { redirect: next },
      submitLabel: 'Verify',
      body: renderField({ name: 'code', label: 'Code', autocomplete: 'one-time-code', required: true, attributes: { inputmode: 'text', maxlength: '11' } }),
    })}
  </div>
  <p class="auth-links"><a href="/forgot-password">Forgot your password?</a> · <a href="/sign-up">Create an account</a></p>
  <details class="resend-verification">
    <summary>Did not get the confirmation mail?</summary>
    ${renderApiForm({
      id: 'resend-verification-form',
      action: '/api/auth/verify-email/resend',
      onSuccess: { message: 'If that address is waiting for confirmation, a new link is on its way.' },
      submitLabel: 'Send a new link',
      body: renderField({ name: 'email', id: 'resend-email', label: 'Address to confirm', type: 'email', autocomplete: 'email', required: true }),
    })}
  </details>`,
  );
}

export function renderSignUpPage({ googleEnabled }: { googleEnabled: boolean }): string {
  return renderAuthPage(
    'sign-up',
    'Create your account',
    html`<p class="muted">Browsing needs no account. One lets you generate, keep a gallery and buy credits.</p>
  ${googleButton(googleEnabled, 'Sign up with Google')}
  ${renderApiForm({
    id: 'sign-up-form',
    action: '/api/auth/register',
    onSuccess: { message: 'Almost done: open the link we mailed you to confirm your address, then sign in.' },
    submitLabel: 'Create account',
    body: html`${renderField({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true })}
    ${renderField({ name: 'password', label: 'Password', type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 10 characters; common passwords are refused.', attributes: { minlength: '10', maxlength: '128' } })}
    ${renderField({ name: 'username', label: 'Username (optional)', autocomplete: 'username', hint: '3 to 30 letters, digits or underscores.' })}`,
  })}
  <p class="auth-links">Already have an account? <a href="/sign-in">Sign in</a></p>`,
  );
}

export function renderForgotPasswordPage(): string {
  return renderAuthPage(
    'forgot-password',
    'Reset your password',
    html`<p class="muted">Enter the address of your account and we will mail you a link to choose a new password.</p>
  ${renderApiForm({
    id: 'forgot-password-form',
    action: '/api/auth/password-reset/request',
    onSuccess: { message: 'If that address has an account, a reset link is on its way. It works once, for an hour.' },
    submitLabel: 'Send reset link',
    body: renderField({ name: 'email', label: 'Email', type: 'email', autocomplete: 'email', required: true }),
  })}
  <p class="auth-links"><a href="/sign-in">Back to sign in</a></p>`,
  );
}

export function renderResetPasswordPage({ token }: { token?: string | undefined }): string {
  if (!token) return renderMissingTokenPage('reset-password', 'Reset your password', '/forgot-password', 'Ask for a new link');
  return renderAuthPage(
    'reset-password',
    'Choose a new password',
    renderApiForm({
      id: 'reset-password-form',
      action: '/api/auth/password-reset',
      onSuccess: { redirect: '/sign-in?notice=password-reset' },
      submitLabel: 'Save new password',
      body: html`<input type="hidden" name="token" value="${token}">
    ${renderField({ name: 'password', label: 'New password', type: 'password', autocomplete: 'new-password', required: true, hint: 'At least 10 characters; common passwords are refused.' })}
    <p class="field-error" data-error-for="token" hidden></p>`,
    }),
  );
}

export function renderVerifyEmailPage({ token }: { token?: string | undefined }): string {
  if (!token) return renderMissingTokenPage('verify-email', 'Confirm your email', '/sign-in', 'Go to sign in');
  return renderAuthPage(
    'verify-email',
    'Confirm your email',
    html`<p>One click and your account is ready.</p>
  ${renderApiForm({
    id: 'verify-email-form',
    action: '/api/auth/verify-email',
    onSuccess: { redirect: '/sign-in?notice=email-verified' },
    submitLabel: 'Confirm my email',
    body: html`<input type="hidden" name="token" value="${token}"><p class="field-error" data-error-for="token" hidden></p>`,
  })}`,
  );
}

function renderMissingTokenPage(page: string, title: string, href: string, label: string): string {
  return renderAuthPage(page, title, html`<p>This link is incomplete. Open the whole link from the mail, or start again.</p><p><a class="button" href="${href}">${label}</a></p>`);
}
