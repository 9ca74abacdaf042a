import type { Clock } from '../clock.ts';
import type { Db } from '../db/connect.ts';
import { RateLimitedError } from '../errors.ts';
import {
  deleteEndedRateLimitCounters,
  deleteRateLimitCounter,
  incrementRateLimitCounter,
} from './rate-limit.repository.ts';

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
  /** Hits counted in the current window. */
  hits: number;
  retryAfterSeconds: number;
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** Subjects are keyed hashes (IdentifierHasher), so counters hold no raw IP or email. */
export function createRateLimiter({ db, clock }: { db: Db; clock: Clock }) {
  const keyOf = (rule: RateLimitRule, subject: string) => `${rule.name}:${subject}`;
  const secondsUntil = (end: Date, now: Date) => Math.max(1, Math.ceil((end.getTime() - now.getTime()) / 1000));

  async function hit(rule: RateLimitRule, subject: string): Promise<RateLimitState> {
    const now = clock.now();
    const counter = await incrementRateLimitCounter(db, keyOf(rule, subject), now, new Date(now.getTime() + rule.windowSeconds * 1000));
    return { allowed: counter.hits <= rule.limit, hits: counter.hits, retryAfterSeconds: secondsUntil(counter.window_ends_at, now) };
  }

  // No "check without counting": a look that does not count lets concurrent attempts all pass it
  // before any is counted. Count first (hit), then decide.
  return {
    hit,

    /** Counts the attempt and throws RateLimitedError past the limit. */
    async consume(rule: RateLimitRule, subject: string): Promise<void> {
      const state = await hit(rule, subject);
      if (!state.allowed) throw new RateLimitedError(rule.message, state.retryAfterSeconds);
    },

    async reset(rule: RateLimitRule, subject: string): Promise<void> {
      await deleteRateLimitCounter(db, keyOf(rule, subject));
    },

    async purgeEnded(): Promise<number> {
      return deleteEndedRateLimitCounters(db, clock.now());
    },
  };
}
