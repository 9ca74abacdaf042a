import type { Request, RequestHandler, Response } from 'express';
import { RateLimitedError } from '../../errors.ts';
import type { RateLimitRule } from '../../rate-limits/rate-limiter.ts';
import type { WriteBehindLimiter } from '../../rate-limits/write-behind-limiter.ts';
import './api-key-request.ts';

/** Per client address without a key or session; per key or account with one. */
export type RequestPolicyName = 'anonymous' | 'authenticated';

export interface RequestRateLimitOptions {
  /** The write-behind counter (src/rate-limits/write-behind-limiter.ts): no round trip per request. */
  limiter: Pick<WriteBehindLimiter, 'hit'>;
  /** Keyed hash of the client address: counters never hold a raw IP. */
  hashIp(ip: string | undefined): string | undefined;
  /** Requests per window; 0 turns that class's limit off. */
  anonymous: number;
  authenticated: number;
  windowSeconds: number;
  /** The session cookie: requests carrying it are counted once the session says who they are. */
  sessionCookieName: string;
  /** Paths answered before sessions are read (the search API): counted at once, whatever cookie they carry. */
  sessionlessPaths: readonly string[];
  /** Never counted: content-addressed files and bundles, health probes, signed webhooks. */
  exemptPrefixes: readonly string[];
}

export interface RequestRateLimits {
  /** Mount before the session-less routers: counts key holders, cookie-less clients and session-less paths. */
  beforeSessions: RequestHandler;
  /** Mount after sessions and passport: counts the rest, per signed-in account or per address. */
  afterSessions: RequestHandler;
  /** Counts a request now, by what is known of it so far (an API key refused: its address); throws RateLimitedError past the limit. */
  countNow(req: Request, res: Response): Promise<void>;
}

/**
 * Request limits on every public route, with the IETF RateLimit-Policy / RateLimit header fields
 * (draft-ietf-httpapi-ratelimit-headers) on every counted answer, and 429 with Retry-After past
 * the limit. Each request is counted once, by whoever it turns out to be.
 */
export function createRequestRateLimits(options: RequestRateLimitOptions): RequestRateLimits {
  const counted = new WeakSet<Request>();
  const message = 'Too many requests; slow down and try again shortly';
  const rules: Record<RequestPolicyName, RateLimitRule> = {
    anonymous: { name: 'requests-anonymous', limit: options.anonymous, windowSeconds: options.windowSeconds, message },
    authenticated: { name: 'requests-authenticated', limit: options.authenticated, windowSeconds: options.windowSeconds, message },
  };
  const cookiePattern = new RegExp(`(?:^|;)\\s*${options.sessionCookieName.replace(/[^A-Za-z0-9_]/g, '\\$&')}=`);

  const hashIp = rememberRecent(options.hashIp);
  const exempt = (req: Request) => options.exemptPrefixes.some((prefix) => req.path.startsWith(prefix));

  async function count(req: Request, res: Response): Promise<void> {
    counted.add(req);
    const policy: RequestPolicyName = req.apiKey || req.user ? 'authenticated' : 'anonymous';
    const rule = rules[policy];
    if (rule.limit === 0) return;
    const subject = req.apiKey ? `key:${req.apiKey.id}` : req.user ? `account:${req.user.id}` : `ip:${hashIp(req.ip ?? req.socket.remoteAddress) ?? 'unknown'}`;
    const state = await options.limiter.hit(rule, subject);
    res.setHeader('RateLimit-Policy', `"${policy}";q=${rule.limit};w=${rule.windowSeconds}`);
    res.setHeader('RateLimit', `"${policy}";r=${state.remaining};t=${state.retryAfterSeconds}`);
    if (!state.allowed) throw new RateLimitedError(rule.message, state.retryAfterSeconds);
  }

  const run = (req: Request, res: Response, next: (error?: unknown) => void) => count(req, res).then(() => next(), next);

  return {
    beforeSessions: (req, res, next) => {
      if (exempt(req)) return next();
      const decidedNow = req.apiKey !== undefined || !cookiePattern.test(req.get('cookie') ?? '') || options.sessionlessPaths.includes(req.path);
      if (!decidedNow) return next();
      run(req, res, next);
    },
    afterSessions: (req, res, next) => {
      if (exempt(req) || counted.has(req)) return next();
      run(req, res, next);
    },
    countNow: count,
  };
}

/** Addresses whose hash is remembered at most, and for at most a minute (raw addresses never outlive that, in memory only). */
const REMEMBERED_ADDRESSES = 1_024;
const REMEMBERED_FOR_MS = 60_000;

/**
 * A client making many requests a second would have its address hashed (an HMAC) on each: the
 * last addresses' hashes are kept for a minute.
 */
function rememberRecent(hashIp: (ip: string | undefined) => string | undefined): (ip: string | undefined) => string | undefined {
  let remembered = new Map<string, string | undefined>();
  let since = Date.now();
  return (ip) => {
    if (ip === undefined) return hashIp(ip);
    const now = Date.now();
    if (remembered.size >= REMEMBERED_ADDRESSES || now - since >= REMEMBERED_FOR_MS) {
      remembered = new Map();
      since = now;
    }
    if (remembered.has(ip)) return remembered.get(ip);
    const hashed = hashIp(ip);
    remembered.set(ip, hashed);
    return hashed;
  };
}
