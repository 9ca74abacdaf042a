import { sql, type Kysely } from 'kysely';

// The PostgreSQL search engine's own index (src/search/postgres). `artworks` stays the source
// of truth; these tables only hold SearchDocuments and can be rebuilt from it at any time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);

  // Narrow on purpose: matching walks many rows of this table per query, so it holds only what
  // matching, filtering and ordering read. The documents themselves live in search_document_bodies.
  await db.schema
    .createTable('search_documents')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('model', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('aspect', 'text', (col) => col.notNull())
    .addColumn('nsfw', 'boolean', (col) => col.notNull())
    .addColumn('author_handle', 'text')
    .addColumn('published_at', 'timestamptz')
    // Weighted prompt A, model and tags B, author C, in the 'simple' configuration (no stemming).
    .addColumn('search_vector', sql`tsvector`, (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex('search_documents_vector_idx')
    .on('search_documents')
    .using('gin')
    .column('search_vector')
    .execute();
  // Candidate selection walks this index newest first and stops at the candidate cap. The table is
  // kept in this order (rebuilds CLUSTER on it), so that walk reads neighbouring rows.
  await db.schema
    .createIndex('search_documents_newest_idx')
    .on('search_documents')
    .expression(sql`published_at desc nulls last, id desc`)
    .execute();
  await sql`alter table search_documents cluster on search_documents_newest_idx`.execute(db);
  await db.schema.createIndex('search_documents_source_idx').on('search_documents').column('source').execute();
  await db.schema
    .createIndex('search_documents_author_idx')
    .on('search_documents')
    .column('author_handle')
    .execute();

  // The whole document as indexed, returned as-is by search (only for the page's hits).
  await db.schema
    .createTable('search_document_bodies')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('document', 'jsonb', (col) => col.notNull())
    .execute();

  // Indexed words, for typo correction by trigram distance (cheap: a small table, not the prompts).
  // "C" collation so the primary key also serves prefix lookups in byte order.
  await db.schema
    .createTable('search_lexicon')
    .addColumn('word', sql`text collate "C"`, (col) => col.primaryKey())
    .execute();
  // GiST, not GIN: it can return the nearest words (ORDER BY word <-> $1) without a threshold.
  await db.schema
    .createIndex('search_lexicon_trgm_idx')
    .on('search_lexicon')
    .using('gist')
    .expression(sql`word gist_trgm_ops`)
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_lexicon').execute();
  await db.schema.dropTable('search_document_bodies').execute();
  await db.schema.dropTable('search_documents').execute();
  // pg_trgm stays: it may have existed before this migration, and other code may rely on it.
}
