import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { dropAbandonedRebuild } from './rebuild.ts';
import { LIVE_TABLE } from './search-tables.ts';

/** Cheap and idempotent: the table comes from migrations; this checks it and tidies up after a crashed rebuild. */
export async function ensureSearchTables(db: Kysely<Database>): Promise<void> {
  const { rows } = await sql<{ present: boolean }>`select to_regclass(${LIVE_TABLE}) is not null as present`.execute(db);
  if (rows[0]?.present !== true) throw new Error(`Search table ${LIVE_TABLE} missing: run the database migrations first`);
  await dropAbandonedRebuild(db);
}
