import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';

/** One complete index: what matching reads, the documents it returns, the lexicon of their words. */
export interface SearchTables {
  documents: string;
  bodies: string;
  lexicon: string;
}

export const LIVE_TABLES = {
  documents: 'search_documents',
  bodies: 'search_document_bodies',
  lexicon: 'search_lexicon',
} as const satisfies SearchTables;

/** Where rebuild() builds the replacement index. These tables exist only while a rebuild runs. */
export const NEXT_TABLES = {
  documents: 'search_documents_next',
  bodies: 'search_document_bodies_next',
  lexicon: 'search_lexicon_next',
} as const satisfies SearchTables;

/** Every transaction touching several of the tables locks them in this order (no deadlocks). */
export const TABLE_ROLES = ['documents', 'bodies', 'lexicon'] as const satisfies readonly (keyof SearchTables)[];

export function tablesInLockOrder(tables: SearchTables): string[] {
  return TABLE_ROLES.map((role) => tables[role]);
}

export async function isRebuildRunning(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{ running: boolean }>`
    select to_regclass(${NEXT_TABLES.documents}) is not null as running`.execute(db);
  return rows[0]?.running === true;
}

/**
 * Applies a write to the live index and, while a rebuild is running, to the index being
 * built as well, so that writes made during a rebuild (takedowns included) survive its swap.
 */
export async function writeToLiveAndRebuild(
  db: Kysely<Database>,
  write: (trx: Kysely<Database>, tables: SearchTables) => Promise<void>,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await write(trx, LIVE_TABLES);
    // Checked after the live write on purpose: the lock that write holds keeps a rebuild from
    // swapping its tables in until we commit, so the next tables cannot vanish under us.
    if (await isRebuildRunning(trx)) await write(trx, NEXT_TABLES);
  });
}
