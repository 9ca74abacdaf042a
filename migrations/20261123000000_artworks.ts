import { sql, type Kysely } from 'kysely';

// Migrations are written against Kysely<any> on purpose: they must keep working when the
// app's Database interface moves on.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('artworks')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('source_id', 'text', (col) => col.notNull())
    .addColumn('post_url', 'text', (col) => col.notNull())
    .addColumn('image_url', 'text', (col) => col.notNull())
    .addColumn('author_handle', 'text')
    .addColumn('author_name', 'text')
    .addColumn('author_url', 'text')
    .addColumn('prompt', 'text', (col) => col.notNull().defaultTo(''))
    .addColumn('negative_prompt', 'text')
    .addColumn('model', 'text')
    .addColumn('params', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('tags', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('width', 'integer', (col) => col.notNull().check(sql`width > 0`))
    .addColumn('height', 'integer', (col) => col.notNull().check(sql`height > 0`))
    .addColumn('aspect', 'text', (col) => col.notNull().check(sql`aspect in ('square', 'portrait', 'landscape')`))
    .addColumn('nsfw', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('published_at', 'timestamptz')
    .addColumn('indexed_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('sha256', 'text', (col) => col.notNull().check(sql`sha256 ~ '^[0-9a-f]{64}$'`))
    .addColumn('phash', 'bigint', (col) => col.notNull())
    .addColumn('placeholder', 'text', (col) => col.notNull())
    .addColumn('thumbnail_key', 'text')
    .addColumn('preview_key', 'text')
    // Set when the same work was already indexed from another source: shown once in search.
    .addColumn('duplicate_of', 'bigint', (col) => col.references('artworks.id').onDelete('set null'))
    // Reserved for the DMCA flow: 'none' is visible, anything else is hidden everywhere.
    .addColumn('takedown_state', 'text', (col) =>
      col.notNull().defaultTo('none').check(sql`takedown_state in ('none', 'held', 'removed')`),
    )
    .addColumn('prompt_tsv', sql`tsvector`, (col) =>
      col.generatedAlwaysAs(sql`to_tsvector('simple', coalesce(prompt, ''))`).stored(),
    )
    .addUniqueConstraint('artworks_source_source_id_key', ['source', 'source_id'])
    .execute();

  await db.schema.createIndex('artworks_sha256_idx').on('artworks').column('sha256').execute();
  await db.schema.createIndex('artworks_author_idx').on('artworks').columns(['source', 'author_handle']).execute();
  await db.schema.createIndex('artworks_duplicate_of_idx').on('artworks').column('duplicate_of').execute();
  await db.schema
    .createIndex('artworks_published_idx')
    .on('artworks')
    .expression(sql`published_at desc nulls last, id desc`)
    .execute();
  await db.schema.createIndex('artworks_prompt_tsv_idx').on('artworks').using('gin').column('prompt_tsv').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('artworks').execute();
}
