import { sql, type Kysely } from 'kysely';

/**
 * Unexpected errors grouped by fingerprint: one row per kind of failure with how often and
 * when, and the latest occurrence as a sample (stack, request id, route), scrubbed of personal data.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('error_groups')
    .addColumn('fingerprint', 'text', (col) => col.primaryKey())
    .addColumn('error_type', 'text', (col) => col.notNull())
    .addColumn('message', 'text', (col) => col.notNull())
    .addColumn('origin', 'text', (col) => col.notNull().check(sql`origin in ('http', 'background')`))
    .addColumn('occurrences', 'bigint', (col) => col.notNull().defaultTo(1).check(sql`occurrences > 0`))
    .addColumn('first_seen_at', 'timestamptz', (col) => col.notNull())
    .addColumn('last_seen_at', 'timestamptz', (col) => col.notNull())
    .addColumn('sample_stack', 'text', (col) => col.notNull())
    .addColumn('sample_request_id', 'text')
    .addColumn('sample_route', 'text')
    .addColumn('sample_context', 'text')
    .execute();
  await db.schema.createIndex('error_groups_last_seen_idx').on('error_groups').column('last_seen_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('error_groups').execute();
}
