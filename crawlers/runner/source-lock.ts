import { sql } from 'kysely';
import type { Db } from '../../src/db/connect.ts';

/** First key of the two-key advisory lock: keeps crawl locks apart from any other advisory lock. */
const CRAWL_LOCK_NAMESPACE = 0x63726177; // "craw"

/**
 * Runs `work` while holding a session-level advisory lock for the source, on one connection
 * reserved for the whole run, so only one run per source proceeds across every process. If
 * the process dies, PostgreSQL drops the connection and the lock with it. Returns undefined
 * without running `work` when another run holds the lock.
 */
export async function withSourceLock<T>(db: Db, sourceName: string, work: () => Promise<T>): Promise<{ value: T } | undefined> {
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_lock(${CRAWL_LOCK_NAMESPACE}, hashtext(${sourceName})) as locked
    `.execute(connection);
    if (!rows[0]?.locked) return undefined;
    try {
      return { value: await work() };
    } finally {
      await sql`select pg_advisory_unlock(${CRAWL_LOCK_NAMESPACE}, hashtext(${sourceName}))`.execute(connection);
    }
  });
}
