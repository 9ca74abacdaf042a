import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

/**
 * A session-level advisory lock held for the whole rebuild, so two rebuilds (say the CLI and a
 * scheduled job) never share the next tables. Session-level: `db` must be one connection
 * (db.connection()), and the lock goes away with it if the process dies mid-rebuild.
 */
const LOCK_KEY = sql`hashtextextended('artsift:search-index-rebuild', 0)`;

export async function tryLockRebuild(connection: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${LOCK_KEY}) as locked`.execute(connection);
  return rows[0]?.locked === true;
}

export async function unlockRebuild(connection: Kysely<Database>): Promise<void> {
  await sql`select pg_advisory_unlock(${LOCK_KEY})`.execute(connection);
}
