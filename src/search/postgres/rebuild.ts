import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { ConflictError } from '../../errors.ts';
import type { SearchDocument } from '../search-index.ts';
import { insertDocuments } from './document-writes.ts';
import { tryLockRebuild, unlockRebuild } from './rebuild-lock.ts';
import { CHANGES_CHANNEL, LIVE_TABLE, NEXT_TABLE } from './search-tables.ts';
import { createTableClone, finishTableClone, replaceLiveTable, type TableClone } from './table-clone.ts';

/** How long the swap may wait for running queries to let go of the live tables before giving up. */
const SWAP_LOCK_TIMEOUT = '10s';

/**
 * Builds a complete new document table beside the live one while the live one keeps answering (and keeps
 * taking writes, mirrored into the next table by writeToLiveAndRebuild), then swaps it in
 * within one short transaction.
 */
export async function rebuildSearchIndex(
  db: Kysely<Database>,
  batches: AsyncIterable<SearchDocument[]>,
  onProgress?: (indexed: number) => void,
): Promise<number> {
  return db.connection().execute(async (connection) => {
    if (!(await tryLockRebuild(connection))) throw new ConflictError('A search index rebuild is already running');
    try {
      const clone = await createNextTable(connection);
      try {
        let indexed = 0;
        for await (const batch of batches) {
          // keep-existing: a row already there was mirrored from a live write, newer than this batch.
          await insertDocuments(connection, NEXT_TABLE, batch, 'keep-existing');
          indexed += batch.length;
          onProgress?.(indexed);
        }
        await finishTableClone(connection, clone);
        await swapIn(connection, clone);
        return indexed;
      } catch (error) {
        await dropNextTable(connection).catch(() => undefined);
        throw error;
      }
    } finally {
      await unlockRebuild(connection);
    }
  });
}

/** Leftovers of a rebuild that died would otherwise keep receiving mirrored writes. Skipped while a rebuild runs. */
export async function dropAbandonedRebuild(db: Kysely<Database>): Promise<void> {
  await db.connection().execute(async (connection) => {
    if (!(await tryLockRebuild(connection))) return;
    try {
      await dropNextTable(connection);
    } finally {
      await unlockRebuild(connection);
    }
  });
}

async function createNextTable(connection: Kysely<Database>): Promise<TableClone> {
  await dropNextTable(connection);
  return createTableClone(connection, LIVE_TABLE, NEXT_TABLE);
}

async function swapIn(connection: Kysely<Database>, clone: TableClone): Promise<void> {
  await connection.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = ${sql.lit(SWAP_LOCK_TIMEOUT)}`.execute(trx);
    // Same order as writeToLiveAndRebuild takes them (live, then next): no deadlock.
    await sql`lock table ${sql.table(LIVE_TABLE)}, ${sql.table(NEXT_TABLE)} in access exclusive mode`.execute(trx);
    await replaceLiveTable(trx, clone);
    // Serving processes reload the whole table rather than catch up on its versions.
    await sql`update search_index_state set generation = generation + 1`.execute(trx);
    await sql`select pg_notify(${CHANGES_CHANNEL}, '')`.execute(trx);
  });
}

async function dropNextTable(connection: Kysely<Database>): Promise<void> {
  await sql`drop table if exists ${sql.table(NEXT_TABLE)}`.execute(connection);
}
