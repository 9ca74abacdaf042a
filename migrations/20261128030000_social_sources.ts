import { sql, type Kysely } from 'kysely';

/**
 * Social platforms: an artwork may carry the post's own words as its description (when the post
 * gives no prompt), and every post crawled from X, Bluesky or Mastodon is re-checked at its source
 * on a schedule, so a post deleted there is removed here too.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations outlive the app's Database interface
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('artworks').addColumn('description', 'text').execute();
  await db.schema
    .createTable('source_posts')
    .addColumn('artwork_id', 'bigint', (col) => col.primaryKey().references('artworks.id').onDelete('cascade'))
    .addColumn('platform', 'text', (col) => col.notNull().check(sql`platform in ('x', 'bluesky', 'mastodon')`))
    .addColumn('post_key', 'text', (col) => col.notNull())
    .addColumn('crawl_source', 'text', (col) => col.notNull())
    .addColumn('api_base_url', 'text', (col) => col.notNull())
    .addColumn('posted_at', 'timestamptz')
    .addColumn('last_checked_at', 'timestamptz')
    .addColumn('next_check_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('source_posts_next_check_at').on('source_posts').column('next_check_at').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('source_posts').execute();
  await db.schema.alterTable('artworks').dropColumn('description').execute();
}
