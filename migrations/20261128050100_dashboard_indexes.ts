import type { Kysely } from 'kysely';

/**
 * The /admin dashboards read the last days of these tables by time (src/dashboards): without
 * an index each chart would scan the whole ledger, job list or run history.
 */
const INDEXES = [
  { name: 'generations_finished_idx', table: 'generations', column: 'finished_at' },
  { name: 'credit_entries_created_idx', table: 'credit_entries', column: 'created_at' },
  { name: 'crawl_runs_started_idx', table: 'crawl_runs', column: 'started_at' },
  { name: 'takedown_notices_confirmed_idx', table: 'takedown_notices', column: 'confirmed_at' },
  { name: 'takedown_notices_decided_idx', table: 'takedown_notices', column: 'decided_at' },
] as const;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  for (const { name, table, column } of INDEXES) await db.schema.createIndex(name).on(table).column(column).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const { name } of INDEXES) await db.schema.dropIndex(name).execute();
}
