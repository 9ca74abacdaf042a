import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, type RateLimitRule } from '../../src/rate-limits/rate-limiter.ts';
import { chunkFor, createWriteBehindLimiter } from '../../src/rate-limits/write-behind-limiter.ts';
import { createTestClock } from '../auth/support/test-clock.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const rule: RateLimitRule = { name: 'requests-test', limit: 100, windowSeconds: 60, message: 'slow down' };
const silent = pino({ level: 'silent' });

describe('write-behind request limiter', () => {
  let testDb: TestDatabase;
  let queries = 0;
  const clock = createTestClock();
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  /** A limiter on a database handle that counts the queries it answers (the store sends raw SQL). */
  function limiterOnCountingDb(options: { flushIntervalMs?: number } = {}) {
    const counting = testDb.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: (args) => {
        queries++;
        return Promise.resolve(args.result);
      },
    });
    return createWriteBehindLimiter({ limiter: createRateLimiter({ db: counting, clock }), logger: silent, flushIntervalMs: options.flushIntervalMs ?? 60_000 });
  }

  async function storedPoints(subject: string): Promise<number> {
    const rows = await testDb.db.selectFrom('rate_limit_counters').select('points').where('key', 'like', `${rule.name}:${subject}:%`).execute();
    return rows.reduce((sum, row) => sum + row.points, 0);
  }

  it('answers requests under the chunk from memory, without a query', async () => {
    const limiter = limiterOnCountingDb();
    try {
      const subject = randomUUID();
      const before = queries;
      const states = [];
      for (let index = 0; index < chunkFor(rule.limit, 20) - 1; index++) states.push(await limiter.hit(rule, subject));
      expect(queries).toBe(before);
      expect(states.map((state) => state.remaining)).toEqual(Array.from({ length: states.length }, (_, index) => rule.limit - index - 1));
      expect(await storedPoints(subject)).toBe(0);
    } finally {
      await limiter.close();
    }
  });

  it('refuses a burst from one subject at the limit, and sends the counted hits to PostgreSQL', async () => {
    const limiter = limiterOnCountingDb();
    try {
      const subject = randomUUID();
      const states = await Promise.all(Array.from({ length: 150 }, () => limiter.hit(rule, subject)));
      expect(states.filter((state) => state.allowed)).toHaveLength(rule.limit);
      expect(states.filter((state) => !state.allowed).every((state) => state.remaining === 0 && state.retryAfterSeconds >= 1)).toBe(true);
      await limiter.flush();
      expect(await storedPoints(subject)).toBe(rule.limit);
      // Over the limit: refused from memory, without a query, until the window ends.
      const before = queries;
      expect((await limiter.hit(rule, subject)).allowed).toBe(false);
      expect(queries).toBe(before);
      clock.advance(60_000);
      expect((await limiter.hit(rule, subject)).allowed).toBe(true);
    } finally {
      await limiter.close();
    }
  });

  it('sends unsent hits on its timer', async () => {
    const limiter = limiterOnCountingDb({ flushIntervalMs: 20 });
    try {
      const subject = randomUUID();
      await limiter.hit(rule, subject);
      await limiter.hit(rule, subject);
      await vi.waitFor(async () => expect(await storedPoints(subject)).toBe(2), { timeout: 5_000, interval: 20 });
    } finally {
      await limiter.close();
    }
  });

  it('sends what is left on close, and stops its timer', async () => {
    const limiter = limiterOnCountingDb({ flushIntervalMs: 10 });
    const subject = randomUUID();
    await limiter.hit(rule, subject);
    await limiter.hit(rule, subject);
    await limiter.hit(rule, subject);
    await limiter.close();
    expect(await storedPoints(subject)).toBe(3);
    const before = queries;
    await limiter.hit(rule, subject);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(queries).toBe(before);
  });

  it('learns the shared count from the store: two processes refuse once it is over, within the documented slack', async () => {
    const first = limiterOnCountingDb();
    const second = limiterOnCountingDb();
    try {
      const subject = randomUUID();
      const allowed = { first: 0, second: 0 };
      for (let round = 0; round < 10; round++) {
        for (const [name, limiter] of [['first', first], ['second', second]] as const) {
          for (let index = 0; index < 15; index++) if ((await limiter.hit(rule, subject)).allowed) allowed[name]++;
          await limiter.flush();
        }
      }
      const total = allowed.first + allowed.second;
      expect(total).toBeGreaterThanOrEqual(rule.limit);
      expect(total).toBeLessThanOrEqual(rule.limit + 2 * chunkFor(rule.limit, 20));
      expect(await storedPoints(subject)).toBe(total);
      expect((await first.hit(rule, subject)).allowed).toBe(false);
      expect((await second.hit(rule, subject)).allowed).toBe(false);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
