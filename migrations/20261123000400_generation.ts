import { sql, type Kysely } from 'kysely';

// Written against Kysely<any> on purpose: migrations must outlive the app's Database interface.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // One row per requested image. The queue (pg-boss, its own schema) carries only the id.
  await db.schema
    .createTable('generations')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'bigint', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('queued').check(sql`status in ('queued', 'running', 'succeeded', 'failed', 'canceled')`))
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('aspect', 'text', (col) => col.notNull().check(sql`aspect in ('square', 'portrait', 'landscape')`))
    .addColumn('seed', 'bigint', (col) => col.notNull())
    .addColumn('cost', 'integer', (col) => col.notNull().check(sql`cost >= 0`))
    // Kept only while the job may still run; cleared when it ends (the gallery item keeps its own copy).
    .addColumn('prompt', 'text')
    .addColumn('negative_prompt', 'text')
    .addColumn('artwork_id', 'bigint', (col) => col.references('artworks.id').onDelete('set null'))
    .addColumn('reference_key', 'text')
    // Incremented by each worker that claims the job: a stale worker cannot complete a newer attempt.
    .addColumn('attempt', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('error', 'text')
    .addColumn('gallery_item_id', 'uuid')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('started_at', 'timestamptz')
    .addColumn('finished_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('generations_account_status_idx').on('generations').columns(['account_id', 'status']).execute();

  await db.schema
    .createTable('gallery_items')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('account_id', 'bigint', (col) => col.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('visibility', 'text', (col) => col.notNull().defaultTo('private').check(sql`visibility in ('private', 'public')`))
    .addColumn('prompt', 'text', (col) => col.notNull())
    .addColumn('negative_prompt', 'text')
    .addColumn('model', 'text', (col) => col.notNull())
    .addColumn('aspect', 'text', (col) => col.notNull())
    .addColumn('seed', 'bigint', (col) => col.notNull())
    .addColumn('artwork_id', 'bigint', (col) => col.references('artworks.id').onDelete('set null'))
    .addColumn('width', 'integer', (col) => col.notNull())
    .addColumn('height', 'integer', (col) => col.notNull())
    .addColumn('placeholder', 'text', (col) => col.notNull())
    .addColumn('full_key', 'text', (col) => col.notNull())
    .addColumn('thumbnail_key', 'text', (col) => col.notNull())
    .addColumn('preview_key', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('gallery_items_account_idx').on('gallery_items').columns(['account_id', 'created_at', 'id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('gallery_items').execute();
  await db.schema.dropTable('generations').execute();
}
