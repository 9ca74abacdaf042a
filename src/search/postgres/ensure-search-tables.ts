import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { dropAbandonedRebuild } from './rebuild.ts';
import { LIVE_TABLES, tablesInLockOrder } from './search-tables.ts';

/** Cheap and idempotent: the tables come from migrations; this checks them and tidies up after a crashed rebuild. */
export async function ensureSearchTables(db: Kysely<Database>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  const { rows } = await sql<{ missing: string | null }>`
    select string_agg(name, ', ') as missing
    from unnest(${tablesInLockOrder(LIVE_TABLES)}::text[]) as name
    where to_regclass(name) is null`.execute(db);
  const missing = rows[0]?.missing;
  if (missing) throw new Error(`Search tables missing (${missing}): run the database migrations first`);
  await dropAbandonedRebuild(db);
}
