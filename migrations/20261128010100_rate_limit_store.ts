import type { Kysely } from 'kysely';

/**
 * Rate-limit counters move to rate-limiter-flexible's PostgreSQL store: its table layout (key,
 * points, expire in epoch ms). The old fixed-window rows are only minutes of counts: dropped.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_counters').execute();
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('points', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('expire', 'bigint')
    .execute();
  await db.schema.createIndex('rate_limit_counters_expire_idx').on('rate_limit_counters').column('expire').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('rate_limit_counters').execute();
  await db.schema
    .createTable('rate_limit_counters')
    .addColumn('key', 'text', (col) => col.primaryKey())
    .addColumn('hits', 'integer', (col) => col.notNull())
    .addColumn('window_ends_at', 'timestamptz', (col) => col.notNull())
    .execute();
}
