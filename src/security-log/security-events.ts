/** Everything the security log records; the admin page and retention purge rely on this list. */
export const SECURITY_EVENTS = [
  'account.registered',
  'account.email_verified',
  'account.google_linked',
  'account.deleted',
  'sign_in.succeeded',
  'sign_in.failed',
  'sign_in.locked_out',
  'sign_in.rate_limited',
  'sign_out',
  'sign_out.everywhere',
  'password.changed',
  'password.reset_requested',
  'password.reset',
  'two_factor.enrolled',
  'two_factor.passed',
  'two_factor.failed',
  'two_factor.recovery_code_used',
  'admin.account_created',
  'admin.sessions_revoked',
  'admin.credits_adjusted',
  'api_key.created',
  'api_key.revoked',
] as const;

export type SecurityEvent = (typeof SECURITY_EVENTS)[number];

/** Free-form context; never an email or an IP (those exist only as keyed hashes). */
export type SecurityEventDetails = Record<string, string | number | boolean>;
