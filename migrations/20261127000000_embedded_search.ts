import { sql, type Kysely } from 'kysely';

// The built-in search engine now matches and ranks in memory (src/search/embedded), loaded from
// and kept in step with one PostgreSQL table: every write gets a version from a sequence, a
// delete leaves a tombstone (document null), and serving processes apply the changes past the
// version they hold. The tsvector table, its bodies and the lexicon are no longer needed.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the app's schema types
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_lexicon').ifExists().execute();
  await db.schema.dropTable('search_document_bodies').ifExists().execute();
  await db.schema.dropTable('search_documents').ifExists().execute();

  await sql`create sequence search_document_version`.execute(db);
  await db.schema
    .createTable('search_documents')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('version', 'bigint', (col) => col.notNull().defaultTo(sql`nextval('search_document_version')`))
    // The SearchDocument as indexed; null once deleted (a tombstone, until the next rebuild).
    .addColumn('document', 'jsonb')
    // Kept beside the document for delete-by-filter, which matches them without regard to case.
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('author_handle', 'text')
    .execute();
  await db.schema.createIndex('search_documents_version_idx').on('search_documents').column('version').execute();
  await db.schema
    .createIndex('search_documents_source_idx')
    .on('search_documents')
    .expression(sql`lower(source)`)
    .execute();
  await db.schema
    .createIndex('search_documents_author_idx')
    .on('search_documents')
    .expression(sql`lower(author_handle)`)
    .execute();

  // Bumped when a rebuild swaps a new table in: serving processes then reload instead of catching up.
  await db.schema
    .createTable('search_index_state')
    .addColumn('singleton', 'boolean', (col) => col.primaryKey().defaultTo(true).check(sql`singleton`))
    .addColumn('generation', 'bigint', (col) => col.notNull().defaultTo(0))
    .execute();
  await sql`insert into search_index_state default values`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('search_index_state').execute();
  await db.schema.dropTable('search_documents').execute();
  await sql`drop sequence search_document_version`.execute(db);
  // The previous engine's tables, empty: `reindex` fills them again.
  await db.schema
    .createTable('search_documents')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('model', 'text')
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('aspect', 'text', (col) => col.notNull())
    .addColumn('nsfw', 'boolean', (col) => col.notNull())
    .addColumn('author_handle', 'text')
    .addColumn('published_at', 'timestamptz')
    .addColumn('search_vector', sql`tsvector`, (col) => col.notNull())
    .execute();
  await db.schema.createIndex('search_documents_vector_idx').on('search_documents').using('gin').column('search_vector').execute();
  await db.schema
    .createIndex('search_documents_newest_idx')
    .on('search_documents')
    .expression(sql`published_at desc nulls last, id desc`)
    .execute();
  await sql`alter table search_documents cluster on search_documents_newest_idx`.execute(db);
  await db.schema.createIndex('search_documents_source_idx').on('search_documents').column('source').execute();
  await db.schema.createIndex('search_documents_author_idx').on('search_documents').column('author_handle').execute();
  await db.schema
    .createTable('search_document_bodies')
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('document', 'jsonb', (col) => col.notNull())
    .execute();
  await db.schema.createTable('search_lexicon').addColumn('word', sql`text collate "C"`, (col) => col.primaryKey()).execute();
  await db.schema
    .createIndex('search_lexicon_trgm_idx')
    .on('search_lexicon')
    .using('gist')
    .expression(sql`word gist_trgm_ops`)
    .execute();
}
