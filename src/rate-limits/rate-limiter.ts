import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { RateLimitedError } from '../errors.ts';
import { kyselyStoreClient } from './kysely-store-client.ts';

export interface RateLimitRule {
  /** Part of the counter key; also what a refusal is about, for the log. */
  name: string;
  limit: number;
  windowSeconds: number;
  /** Said to the client when refused. */
  message: string;
}

export interface RateLimitState {
  allowed: boolean;
  /** Hits counted in the current window, this one included. */
  hits: number;
  remaining: number;
  /** Until the window ends (and, when refused, until a retry can succeed). */
  retryAfterSeconds: number;
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

const TABLE = 'rate_limit_counters';

/**
 * Every limit in artsift (sign-in lockouts, mail caps, takedown intake, and, written behind through
 * write-behind-limiter.ts, requests per IP, key or account) counted by rate-limiter-flexible in
 * PostgreSQL, so limits hold across processes.
 * Windows are fixed and aligned to the app's clock (the window is part of the key), so what
 * "now" is comes from the injected clock; the library's own expiry only tells when a row may go.
 * Subjects are keyed hashes or ids, so counters hold no raw IP or email.
 */
export function createRateLimiter({ db, clock }: { db: Db; clock: Clock }) {
  const storeClient = kyselyStoreClient(db);
  const limiters = new Map<string, RateLimiterPostgres>();

  const limiterFor = (rule: RateLimitRule) => {
    const key = `${rule.name}/${rule.limit}/${rule.windowSeconds}`;
    let limiter = limiters.get(key);
    if (!limiter) {
      limiter = new RateLimiterPostgres({
        storeClient,
        storeType: 'pool',
        tableName: TABLE,
        // The table is the migration's; expired rows are purged by the maintenance job (purgeEnded).
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: rule.name,
        points: rule.limit,
        duration: rule.windowSeconds,
        // Once refused, a subject is refused from memory until its window ends: a flood past the
        // limit costs this process no database round trip.
        inMemoryBlockOnConsumed: rule.limit + 1,
      });
      limiters.set(key, limiter);
    }
    return limiter;
  };

  const windowOf = (rule: RateLimitRule) => {
    const now = clock.now().getTime();
    const windowMs = rule.windowSeconds * 1000;
    const index = Math.floor(now / windowMs);
    const endsInMs = (index + 1) * windowMs - now;
    return { index, endsInMs };
  };

  /** Counts `points` hits at once (the request limits' write-behind sends its hits in chunks). */
  async function hit(rule: RateLimitRule, subject: string, points = 1): Promise<RateLimitState> {
    const { index, endsInMs } = windowOf(rule);
    const retryAfterSeconds = Math.max(1, Math.ceil(endsInMs / 1000));
    // The row lives as long as its window does (at least a second: 0 would mean "never expires").
    const options = { customDuration: Math.max(1, endsInMs / 1000) };
    try {
      const result = await limiterFor(rule).consume(`${subject}:${index}`, points, options);
      return { allowed: true, hits: result.consumedPoints, remaining: result.remainingPoints, retryAfterSeconds };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, hits: refusal.consumedPoints, remaining: 0, retryAfterSeconds };
    }
  }

  // No "check without counting": a look that does not count lets concurrent attempts all pass it
  // before any is counted. Count first (hit), then decide.
  return {
    hit,
    windowOf,

    /** Counts the attempt and throws RateLimitedError past the limit. */
    async consume(rule: RateLimitRule, subject: string): Promise<void> {
      const state = await hit(rule, subject);
      if (!state.allowed) throw new RateLimitedError(rule.message, state.retryAfterSeconds);
    },

    async reset(rule: RateLimitRule, subject: string): Promise<void> {
      await limiterFor(rule).delete(`${subject}:${windowOf(rule).index}`);
    },

    /** Deletes counters whose window has ended by the app's clock. */
    async purgeEnded(): Promise<number> {
      const result = await db.deleteFrom(TABLE).where('expire', '<=', String(clock.now().getTime())).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
