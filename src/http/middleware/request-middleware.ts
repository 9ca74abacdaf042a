import type passport from 'passport';
import type { RequestHandler } from 'express';
import type { Accounts } from '../../accounts/compose-accounts.ts';
import type { ApiKeyService } from '../../api-keys/api-key.service.ts';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db/connect.ts';
import type { Logger } from '../../logger.ts';
import { MEDIA_URL_PREFIX } from '../../media/media-keys.ts';
import { ASSETS_PATH } from '../../../web/assets.ts';
import { STRIPE_WEBHOOK_PATH } from '../routes/credits/stripe-webhook.routes.ts';
import { createPassport } from './auth-passport.ts';
import { createSessionMiddleware, sessionCookieName } from './auth-session.ts';
import { METRICS_PATH } from '../routes/observability/metrics.routes.ts';
import { createBearerAuthentication } from './bearer-authentication.ts';
import { createCsrfProtection, type CsrfProtection } from './csrf.ts';
import { PostgresSessionStore } from './postgres-session-store.ts';
import { createRequestRateLimits } from './request-rate-limits.ts';

/** The search API is a public (session-less) router: counted before sessions, whatever cookie it carries. */
const SESSIONLESS_PATHS = ['/api/search'];
/** Never rate-limited: content-addressed files and bundles, health probes, Stripe's signed deliveries. */
export const UNLIMITED_PREFIXES = ['/static/', `${ASSETS_PATH}/`, MEDIA_URL_PREFIX, '/healthz', '/readyz', STRIPE_WEBHOOK_PATH];

export interface RequestMiddleware {
  /** Before every feature's public router: the API key (Authorization: Bearer), then the rate limit of requests known by then. */
  early: RequestHandler[];
  /** Sessions, passport and the CSRF check, in that order (none for a request with an API key), then the rate limit of the rest. */
  handlers: RequestHandler[];
  /** Features exempt their signed webhooks here (csrf.exempt('/api/…')); its router serves GET /api/csrf. */
  csrf: CsrfProtection;
  /** The routes that sign people in use the same passport instance. */
  authenticator: passport.Authenticator;
}

export interface RequestMiddlewareDeps {
  accounts: Pick<Accounts, 'profile' | 'signIn' | 'sessionSecret' | 'hasher' | 'requestLimiter'>;
  apiKeys: Pick<ApiKeyService, 'authenticate'>;
  config: Pick<Config, 'PUBLIC_URL' | 'RATE_LIMIT_ANONYMOUS' | 'RATE_LIMIT_AUTHENTICATED' | 'RATE_LIMIT_WINDOW_SECONDS'>;
  db: Db;
  clock: Clock;
  logger: Logger;
}

/** Who is asking, and whether they may ask again, for every request: built once for src/app.ts. */
export function createRequestMiddleware({ accounts, apiKeys, config, db, clock, logger }: RequestMiddlewareDeps): RequestMiddleware {
  const https = config.PUBLIC_URL.startsWith('https:');
  const authenticator = createPassport({ profile: accounts.profile, signIn: accounts.signIn });
  const csrf = createCsrfProtection({ secret: accounts.sessionSecret });
  const limits = createRequestRateLimits({
    limiter: accounts.requestLimiter,
    hashIp: (ip) => accounts.hasher.hashIp(ip) ?? undefined,
    anonymous: config.RATE_LIMIT_ANONYMOUS,
    authenticated: config.RATE_LIMIT_AUTHENTICATED,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    sessionCookieName: sessionCookieName(https),
    sessionlessPaths: SESSIONLESS_PATHS,
    exemptPrefixes: UNLIMITED_PREFIXES,
  });
  // A Prometheus scrape's bearer is METRICS_TOKEN, which the metrics route checks itself.
  const bearer = createBearerAuthentication({ apiKeys, countRefused: limits.countNow, ownBearerPaths: [METRICS_PATH] });
  // A request with an API key carries no cookie: no session is read or made, no CSRF token applies.
  const sessions = [...createSessionMiddleware({ store: new PostgresSessionStore(db, clock, logger), secret: accounts.sessionSecret, https }, authenticator), csrf.middleware];
  return {
    early: [bearer.middleware, limits.beforeSessions],
    handlers: [...sessions.map(bearer.unlessKeyAuthenticated), limits.afterSessions],
    csrf,
    authenticator,
  };
}
