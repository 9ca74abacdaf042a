import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';

/**
 * Fixed-window counters in PostgreSQL, so limits hold across app servers and restarts.
 * One upsert per hit: a window that has ended starts again at 1.
 */
export async function incrementRateLimitCounter(db: Db, key: string, now: Date, windowEndsAt: Date) {
  return db
    .insertInto('rate_limit_counters')
    .values({ key, hits: 1, window_ends_at: windowEndsAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        hits: sql<number>`case when rate_limit_counters.window_ends_at <= ${now} then 1 else rate_limit_counters.hits + 1 end`,
        window_ends_at: sql<Date>`case when rate_limit_counters.window_ends_at <= ${now} then excluded.window_ends_at else rate_limit_counters.window_ends_at end`,
      }),
    )
    .returning(['hits', 'window_ends_at'])
    .executeTakeFirstOrThrow();
}

export async function deleteRateLimitCounter(db: Db, key: string): Promise<void> {
  await db.deleteFrom('rate_limit_counters').where('key', '=', key).execute();
}

export async function deleteEndedRateLimitCounters(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('rate_limit_counters').where('window_ends_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
