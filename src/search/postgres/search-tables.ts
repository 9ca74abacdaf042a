import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

export const LIVE_TABLE = 'search_documents';
/** Where rebuild() builds the replacement table. It exists only while a rebuild runs. */
export const NEXT_TABLE = 'search_documents_next';
/** Serving processes are told on this channel that documents changed (payload: nothing). */
export const CHANGES_CHANNEL = 'artsift_search_changes';

/** Writers take this lock first, so versions commit in the order they were drawn and no reader skips one. */
const WRITE_LOCK_KEY = sql`hashtextextended('artsift:search-writes', 0)`;

export async function isRebuildRunning(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ running: boolean }>`select to_regclass(${NEXT_TABLE}) is not null as running`.execute(db);
  return rows[0]?.running === true;
}

/**
 * Applies a write to the live table and, while a rebuild is running, to the table being built
 * as well, so that writes made during a rebuild (takedowns included) survive its swap. Tells
 * serving processes when it commits.
 */
export async function writeToLiveAndRebuild(
  db: Kysely<Database>,
  write: (trx: Kysely<Database>, table: string) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`.execute(trx);
    await write(trx, LIVE_TABLE);
    // Checked after the live write on purpose: the lock that write holds keeps a rebuild from
    // swapping its table in until we commit, so the next table cannot vanish under us.
    if (await isRebuildRunning(trx)) await write(trx, NEXT_TABLE);
    await sql`select pg_notify(${CHANGES_CHANNEL}, '')`.execute(trx);
  });
}
