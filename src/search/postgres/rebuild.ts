import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { ConflictError } from '../../errors.ts';
import type { SearchDocument } from '../search-index.ts';
import { insertDocuments } from './document-writes.ts';
import { tryLockRebuild, unlockRebuild } from './rebuild-lock.ts';
import { LIVE_TABLES, NEXT_TABLES, TABLE_ROLES, tablesInLockOrder } from './search-tables.ts';
import { createTableClone, finishTableClone, replaceLiveTable, type TableClone } from './table-clone.ts';

/** How long the swap may wait for running queries to let go of the live tables before giving up. */
const SWAP_LOCK_TIMEOUT = '10s';

/**
 * Builds a complete new index in the next tables while the live one keeps answering (and keeps
 * taking writes, mirrored into the next tables by writeToLiveAndRebuild), then swaps it in
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
      const clones = await createNextTables(connection);
      try {
        let indexed = 0;
        for await (const batch of batches) {
          // keep-existing: a row already there was mirrored from a live write, newer than this batch.
          await insertDocuments(connection, NEXT_TABLES, batch, 'keep-existing');
          indexed += batch.length;
          onProgress?.(indexed);
        }
        for (const clone of clones) await finishTableClone(connection, clone);
        await swapIn(connection, clones);
        return indexed;
      } catch (error) {
        await dropNextTables(connection).catch(() => undefined);
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
      await dropNextTables(connection);
    } finally {
      await unlockRebuild(connection);
    }
  });
}

async function createNextTables(connection: Kysely<Database>): Promise<TableClone[]> {
  await dropNextTables(connection);
  // All at once: writers that see the next documents table expect the other next tables too.
  return connection.transaction().execute(async (trx) => {
    const clones: TableClone[] = [];
    for (const role of TABLE_ROLES) clones.push(await createTableClone(trx, LIVE_TABLES[role], NEXT_TABLES[role]));
    return clones;
  });
}

async function swapIn(connection: Kysely<Database>, clones: TableClone[]): Promise<void> {
  const tables = [...tablesInLockOrder(LIVE_TABLES), ...tablesInLockOrder(NEXT_TABLES)];
  await connection.transaction().execute(async (trx) => {
    await sql`set local lock_timeout = ${sql.lit(SWAP_LOCK_TIMEOUT)}`.execute(trx);
    // Same order as writeToLiveAndRebuild takes them (live tables, then next ones): no deadlock.
    await sql`lock table ${sql.join(tables.map((table) => sql.table(table)))} in access exclusive mode`.execute(trx);
    for (const clone of clones) await replaceLiveTable(trx, clone);
  });
}

async function dropNextTables(connection: Kysely<Database>): Promise<void> {
  const tables = tablesInLockOrder(NEXT_TABLES).map((table) => sql.table(table));
  await sql`drop table if exists ${sql.join(tables)}`.execute(connection);
}
