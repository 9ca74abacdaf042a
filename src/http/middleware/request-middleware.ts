import type passport from 'passport';
import type { RequestHandler } from 'express';
import type { Accounts } from '../../accounts/compose-accounts.ts';
import type { Config } from '../../config.ts';
import { createPassport } from './auth-passport.ts';
import { createSessionMiddleware } from './auth-session.ts';
import { createCsrfProtection, type CsrfProtection } from './csrf.ts';

export interface RequestMiddleware {
  /** Sessions, passport and the CSRF check, in that order, before every feature's routes. */
  handlers: RequestHandler[];
  /** Features exempt their signed webhooks here (csrf.exempt('/api/…')); its router serves GET /api/csrf. */
  csrf: CsrfProtection;
  /** The routes that sign people in use the same passport instance. */
  authenticator: passport.Authenticator;
}

/** Who is asking, for every request after the public routers: built once for src/app.ts. */
export function createRequestMiddleware({ accounts, config }: { accounts: Pick<Accounts, 'profile' | 'signIn' | 'sessionStore' | 'sessionSecret'>; config: Pick<Config, 'PUBLIC_URL'> }): RequestMiddleware {
  const https = config.PUBLIC_URL.startsWith('https:');
  const authenticator = createPassport({ profile: accounts.profile, signIn: accounts.signIn });
  const csrf = createCsrfProtection({ secret: accounts.sessionSecret });
  return {
    handlers: [...createSessionMiddleware({ store: accounts.sessionStore, secret: accounts.sessionSecret, https }, authenticator), csrf.middleware],
    csrf,
    authenticator,
  };
}
