import { Router } from 'express';
import { ASSETS_PATH } from '../../web/assets.ts';
import type { IdentifierHasher } from '../auth/identifier-hasher.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { sessionCookieName } from '../http/auth-session.ts';
import { STRIPE_WEBHOOK_PATH } from '../http/stripe-webhook.routes.ts';
import { MEDIA_URL_PREFIX } from '../media/media-keys.ts';
import { createRateLimiter } from './rate-limiter.ts';
import { createRequestRateLimits } from './request-rate-limits.ts';

/** The search API is served before sessions are read (src/app.ts's session-less routers). */
const SESSIONLESS_PATHS = ['/api/search'];
/** Content-addressed files and bundles, health probes, and Stripe's signed deliveries. */
const EXEMPT_PREFIXES = ['/static/', `${ASSETS_PATH}/`, MEDIA_URL_PREFIX, '/healthz', '/readyz', STRIPE_WEBHOOK_PATH];

/** Request limits wired for src/app.ts: a router for before sessions, a middleware for after. */
export function composeRequestRateLimits({ config, db, clock, hasher }: { config: Config; db: Db; clock: Clock; hasher: IdentifierHasher }) {
  const limits = createRequestRateLimits({
    limiter: createRateLimiter({ db, clock }),
    hashIp: (ip) => hasher.hashIp(ip) ?? undefined,
    anonymous: config.RATE_LIMIT_ANONYMOUS,
    authenticated: config.RATE_LIMIT_AUTHENTICATED,
    windowSeconds: config.RATE_LIMIT_WINDOW_SECONDS,
    sessionCookieName: sessionCookieName(config.PUBLIC_URL.startsWith('https:')),
    sessionlessPaths: SESSIONLESS_PATHS,
    exemptPrefixes: EXEMPT_PREFIXES,
  });
  return { beforeSessionsRouter: Router().use(limits.beforeSessions), afterSessions: limits.afterSessions, countNow: limits.countNow };
}
