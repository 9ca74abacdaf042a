import type passport from 'passport';
import type { Accounts } from '../../../accounts/compose-accounts.ts';
import type { Clock } from '../../../clock.ts';
import type { Config } from '../../../config.ts';
import type { DashboardService } from '../../../dashboards/dashboard.service.ts';
import type { Db } from '../../../db/connect.ts';
import type { CsrfProtection } from '../../middleware/csrf.ts';
import { combineRouters, type FeatureRoutes } from '../feature-routes.ts';
import { accountOperations } from './accounts-openapi.ts';
import { createAccountPageRouter } from './account-pages.routes.ts';
import { createAccountRouter } from './account.routes.ts';
import { createAdminRouter } from './admin.routes.ts';
import { createGoogleAuthRouter } from './auth-google.routes.ts';
import { createAuthRouter } from './auth.routes.ts';

export interface AccountsHttpDeps {
  accounts: Accounts;
  config: Config;
  db: Db;
  clock: Clock;
  authenticator: passport.Authenticator;
  csrf: CsrfProtection;
  /** The charts /admin shows above the accounts. */
  dashboards?: DashboardService;
}

/** The HTTP side of accounts: CSRF token, sign-in (password and Google), /api/me, account pages, admin overview. */
export function createAccountsHttp({ accounts, config, db, clock, authenticator, csrf, dashboards }: AccountsHttpDeps): FeatureRoutes {
  const https = config.PUBLIC_URL.startsWith('https:');
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
    routes: combineRouters(
      csrf.router,
      createAuthRouter({ accounts, authenticator, db, clock, https }),
      createGoogleAuthRouter({ oidc, googleSignIn: accounts.googleSignIn, authenticator, clock }),
      createAccountRouter({ accounts, clock, https }),
      createAdminRouter({ admin: accounts.admin, dashboards }),
      createAccountPageRouter({ googleEnabled, clock }),
    ),
    api: accountOperations,
  };
}
