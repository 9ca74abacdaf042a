import { sql, type Kysely } from 'kysely';

/**
 * Near-duplicate lookups: two 64-bit perceptual hashes at Hamming distance ≤ 4 agree exactly on at
 * least one of five bit bands (pigeonhole), so five small expression indexes narrow the search
 * before bit_count checks the distance. The expressions must match crawlers/runner/near-duplicate.ts.
 */
const PHASH_BANDS = [
  sql`(phash & 8191)`,
  sql`((phash >> 13) & 8191)`,
  sql`((phash >> 26) & 8191)`,
  sql`((phash >> 39) & 8191)`,
  sql`((phash >> 52) & 4095)`,
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('crawl_runs')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('trigger', 'text', (col) => col.notNull().check(sql`trigger in ('cli', 'schedule')`))
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('running')
        .check(sql`status in ('running', 'succeeded', 'failed', 'aborted', 'interrupted')`),
    )
    .addColumn('started_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('items_fetched', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('items_new', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('items_updated', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('items_unchanged', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('items_duplicate', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('items_failed', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('items_blocked', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('errors', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema
    .createIndex('crawl_runs_source_started_idx')
    .on('crawl_runs')
    .expression(sql`source, started_at desc`)
    .execute();

  await db.schema
    .createTable('crawl_checkpoints')
    .addColumn('source', 'text', (col) => col.primaryKey())
    .addColumn('checkpoint', 'jsonb', (col) => col.notNull())
    .addColumn('options_hash', 'text', (col) => col.notNull())
    .addColumn('run_id', 'bigint', (col) => col.references('crawl_runs.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // The takedown blocklist asks, for every crawled item, whether its URLs belong to a removed
  // work; removed rows are few, so partial indexes keep that question cheap at any table size.
  await db.schema
    .createIndex('artworks_removed_post_url_idx')
    .on('artworks')
    .column('post_url')
    .where(sql.ref('takedown_state'), '=', 'removed')
    .execute();
  await db.schema
    .createIndex('artworks_removed_image_url_idx')
    .on('artworks')
    .column('image_url')
    .where(sql.ref('takedown_state'), '=', 'removed')
    .execute();

  for (const [band, expression] of PHASH_BANDS.entries()) {
    await db.schema.createIndex(`artworks_phash_band${band}_idx`).on('artworks').expression(expression).execute();
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  for (const band of PHASH_BANDS.keys()) await db.schema.dropIndex(`artworks_phash_band${band}_idx`).execute();
  await db.schema.dropIndex('artworks_removed_image_url_idx').execute();
  await db.schema.dropIndex('artworks_removed_post_url_idx').execute();
  await db.schema.dropTable('crawl_checkpoints').execute();
  await db.schema.dropTable('crawl_runs').execute();
}
