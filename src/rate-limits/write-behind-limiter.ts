import type { Logger } from '../logger.ts';
import type { RateLimiter, RateLimitRule, RateLimitState } from './rate-limiter.ts';

export interface WriteBehindOptions {
  limiter: Pick<RateLimiter, 'hit' | 'windowOf'>;
  logger: Pick<Logger, 'warn'>;
  /** Unsent hits of one subject that send them at once (smaller for small limits, see chunkFor). */
  chunk?: number;
  /** How often the hits still unsent are sent. */
  flushIntervalMs?: number;
}

interface Counter {
  rule: RateLimitRule;
  subject: string;
  window: number;
  /** The count in PostgreSQL at the last answer, all processes' hits together. */
  shared: number;
  /** Hits sent and not yet answered. */
  sending: number;
  /** Hits counted here and not yet sent. */
  unsent: number;
  inFlight: Promise<void> | undefined;
}

export type WriteBehindLimiter = ReturnType<typeof createWriteBehindLimiter>;

/** A tenth of the limit, at most `chunk`, at least 1: a limit of 3 sends every hit. */
export function chunkFor(limit: number, chunk: number): number {
  return Math.max(1, Math.min(chunk, Math.floor(limit / 10)));
}

/**
 * The request limits (per address, key or account), counted in memory and written behind to the
 * PostgreSQL store, which stays the shared truth: a request under its limit costs no round trip.
 * Each process decides from (shared count at its last answer + its own hits since); it sends a
 * subject's hits as one consume of n points when they reach a chunk, and all unsent hits every
 * flushIntervalMs, learning the shared count from the answer. A subject over its limit is refused
 * from memory until its window ends (refusals are not counted).
 *
 * Bounded slack: one process alone refuses exactly at the limit. N processes sharing a database can
 * let through, in one window, up to about N × chunk hits past the limit, plus what reaches the other
 * processes within one flush interval (their hits not yet sent), before all of them know the shared
 * count is over. The security limits (sign-in, second factor, mail, takedowns) do not use this: they
 * count every attempt in PostgreSQL (RateLimiter.consume).
 */
export function createWriteBehindLimiter({ limiter, logger, chunk = 20, flushIntervalMs = 250 }: WriteBehindOptions) {
  const counters = new Map<string, Counter>();

  function send(counter: Counter): Promise<void> {
    if (counter.inFlight) return counter.inFlight;
    const points = counter.unsent;
    if (points === 0) return Promise.resolve();
    counter.unsent = 0;
    counter.sending = points;
    const settle = (shared: number, unsentAgain: number) => {
      counter.shared = Math.max(counter.shared, shared);
      counter.unsent += unsentAgain;
      counter.sending = 0;
      counter.inFlight = undefined;
    };
    counter.inFlight = limiter.hit(counter.rule, counter.subject, points).then(
      (state) => settle(state.hits, 0),
      (error: unknown) => {
        // Kept for the next flush: the hits still count here meanwhile.
        settle(0, points);
        logger.warn({ err: error, rule: counter.rule.name }, 'rate-limit hits not written; retrying on the next flush');
      },
    );
    return counter.inFlight;
  }

  /** Sends every subject's unsent hits, and forgets counters whose window has ended. */
  async function flush(): Promise<void> {
    const sending: Promise<void>[] = [];
    for (const [key, counter] of counters) {
      if (counter.window !== limiter.windowOf(counter.rule).index) {
        if (!counter.inFlight) counters.delete(key);
        continue;
      }
      sending.push(counter.unsent > 0 && counter.inFlight ? counter.inFlight.then(() => send(counter)) : send(counter));
    }
    await Promise.all(sending);
  }

  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    /** Counts one request from memory; same answer shape as RateLimiter.hit. */
    hit(rule: RateLimitRule, subject: string): Promise<RateLimitState> {
      const { index, endsInMs } = limiter.windowOf(rule);
      const retryAfterSeconds = Math.max(1, Math.ceil(endsInMs / 1000));
      const key = `${rule.name}/${rule.limit}/${rule.windowSeconds}/${subject}`;
      let counter = counters.get(key);
      if (!counter || counter.window !== index) {
        counter = { rule, subject, window: index, shared: 0, sending: 0, unsent: 0, inFlight: undefined };
        counters.set(key, counter);
      }
      const hits = counter.shared + counter.sending + counter.unsent + 1;
      if (hits > rule.limit) return Promise.resolve({ allowed: false, hits: hits - 1, remaining: 0, retryAfterSeconds });
      counter.unsent += 1;
      if (counter.unsent >= chunkFor(rule.limit, chunk)) void send(counter);
      return Promise.resolve({ allowed: true, hits, remaining: rule.limit - hits, retryAfterSeconds });
    },

    flush,

    /** Stops the timer and sends what is left. */
    async close(): Promise<void> {
      clearInterval(timer);
      await flush();
      await Promise.all([...counters.values()].map((counter) => counter.inFlight));
    },
  };
}
