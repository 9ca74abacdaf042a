import type { RequestHandler, Router } from 'express';
import type { Accounts } from '../accounts/compose-accounts.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { DashboardService } from '../dashboards/dashboard.service.ts';
import type { Db } from '../db/connect.ts';
import { createAccountPageRouter } from './account-pages.routes.ts';
import { createAccountRouter } from './account.routes.ts';
import { createAdminRouter } from './admin.routes.ts';
import { createGoogleAuthRouter } from './auth-google.routes.ts';
import { createPassport } from './auth-passport.ts';
import { createSessionMiddleware } from './auth-session.ts';
import { createAuthRouter } from './auth.routes.ts';
import { createCsrfProtection, type CsrfProtection } from './csrf.ts';

export interface AuthHttp {
  /** Sessions, passport and the CSRF check, in that order, before every router. */
  middleware: RequestHandler[];
  routers: Router[];
  /** Later features exempt their signed webhooks here (csrf.exempt('/api/…')). */
  csrf: CsrfProtection;
}

/** The HTTP side of accounts, assembled for src/app.ts. */
export function createAuthHttp({ accounts, config, db, clock, dashboards }: { accounts: Accounts; config: Config; db: Db; clock: Clock; dashboards?: DashboardService }): AuthHttp {
  const https = config.PUBLIC_URL.startsWith('https:');
  const authenticator = createPassport({ profile: accounts.profile, signIn: accounts.signIn });
  const csrf = createCsrfProtection({ secret: accounts.sessionSecret });
  const googleEnabled = Boolean(config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET);
  const oidc =
    config.GOOGLE_CLIENT_ID && config.GOOGLE_CLIENT_SECRET
      ? {
          issuerUrl: config.GOOGLE_ISSUER_URL,
          clientId: config.GOOGLE_CLIENT_ID,
          clientSecret: config.GOOGLE_CLIENT_SECRET,
          callbackUrl: `${config.PUBLIC_URL}/auth/google/callback`,
        }
      : undefined;
  return {
    middleware: [...createSessionMiddleware({ store: accounts.sessionStore, secret: accounts.sessionSecret, https }, authenticator), csrf.middleware],
    csrf,
    routers: [
      csrf.router,
      createAuthRouter({ accounts, authenticator, db, clock, https }),
      createGoogleAuthRouter({ oidc, googleSignIn: accounts.googleSignIn, authenticator, clock }),
      createAccountRouter({ accounts, clock, https }),
      createAdminRouter({ admin: accounts.admin, dashboards }),
      createAccountPageRouter({ googleEnabled, clock }),
    ],
  };
}
