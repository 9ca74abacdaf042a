import type { RateLimitRule } from '../rate-limits/rate-limiter.ts';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** Per client IP: a cap on sign-in attempts whatever the account. */
export const SIGN_IN_PER_IP: RateLimitRule = { name: 'sign-in-ip', limit: 30, windowSeconds: 15 * MINUTE, message: 'Too many sign-in attempts from your network' };
/**
 * Per account (by email hash, known or not): this many attempts without a success lock sign-in
 * for the window. Attempts are counted before the password is checked (a success resets the
 * count), so concurrent guesses cannot all slip in before the first failure is recorded.
 */
export const SIGN_IN_FAILURES_PER_ACCOUNT: RateLimitRule = {
  name: 'sign-in-failures',
  limit: 5,
  windowSeconds: 15 * MINUTE,
  message: 'Too many failed sign-ins for this account; sign-in is paused for a few minutes',
};
export const SECOND_FACTOR_FAILURES_PER_ACCOUNT: RateLimitRule = {
  name: 'second-factor-failures',
  limit: 5,
  windowSeconds: 15 * MINUTE,
  message: 'Too many wrong codes; try again in a few minutes',
};
export const SIGN_UP_PER_IP: RateLimitRule = { name: 'sign-up-ip', limit: 10, windowSeconds: HOUR, message: 'Too many sign-ups from your network' };
/** Per IP: requests that mail a link (password reset, a new verification link). */
export const EMAIL_LINK_REQUESTS_PER_IP: RateLimitRule = { name: 'email-link-ip', limit: 10, windowSeconds: HOUR, message: 'Too many requests for mailed links from your network' };
/** Per recipient: caps how much mail anyone can make us send to one address. */
export const MAIL_PER_RECIPIENT: RateLimitRule = { name: 'mail-recipient', limit: 5, windowSeconds: HOUR, message: 'Too many emails to this address' };
/** Per IP: attempts to use a password-reset link (each may cost a password hash). */
export const PASSWORD_RESET_PER_IP: RateLimitRule = { name: 'password-reset-ip', limit: 20, windowSeconds: HOUR, message: 'Too many password resets from your network' };
/** Per account: current-password checks (change password, delete account), counted before checking. */
export const CURRENT_PASSWORD_CHECKS_PER_ACCOUNT: RateLimitRule = {
  name: 'current-password-checks',
  limit: 5,
  windowSeconds: 15 * MINUTE,
  message: 'Too many wrong passwords; try again in a few minutes',
};
