import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import { chunk } from '../chunk.ts';
import type { DeleteFilter, SearchDocument } from '../search-index.ts';
import { LEXICON_WORD_PATTERN } from './lexicon.ts';
import type { SearchTables } from './search-tables.ts';

/** Documents per statement; they travel as one JSON parameter, so no parameter-count limit applies. */
const DOCUMENTS_PER_STATEMENT = 1000;

/** `replace`: the document given wins (upsert). `keep-existing`: a row already there wins (rebuild loading). */
export type OnConflict = 'replace' | 'keep-existing';

/** Writes documents and adds their new words to the lexicon. */
export async function insertDocuments(
  db: Kysely<Database>,
  tables: SearchTables,
  documents: readonly SearchDocument[],
  onConflict: OnConflict,
): Promise<void> {
  for (const part of chunk(uniqueSortedById(documents), DOCUMENTS_PER_STATEMENT)) {
    await insertChunk(db, tables, part, onConflict);
  }
}

async function insertChunk(
  db: Kysely<Database>,
  tables: SearchTables,
  documents: SearchDocument[],
  onConflict: OnConflict,
): Promise<void> {
  const replace = onConflict === 'replace';
  // One statement: the matching rows, the bodies, then the new words of the rows actually
  // written. Rows go in id order and words in word order, so concurrent writers lock rows in
  // the same order (no deadlocks).
  await sql`
    with input as (
      select * from jsonb_to_recordset(${JSON.stringify(documents.map(toInputRow))}::jsonb) as r(
        id text, document jsonb, model text, source text, aspect text, nsfw boolean, author_handle text,
        published_at timestamptz, prompt text, keywords text, author_text text)
    ),
    written as (
      insert into ${sql.table(tables.documents)} as d
        (id, model, source, aspect, nsfw, author_handle, published_at, search_vector)
      select id, model, source, aspect, nsfw, author_handle, published_at,
        setweight(to_tsvector('simple', prompt), 'A')
          || setweight(to_tsvector('simple', keywords), 'B')
          || setweight(to_tsvector('simple', author_text), 'C')
      from input
      order by id
      on conflict (id) do ${
        replace
          ? sql`update set model = excluded.model, source = excluded.source, aspect = excluded.aspect,
              nsfw = excluded.nsfw, author_handle = excluded.author_handle, published_at = excluded.published_at,
              search_vector = excluded.search_vector
            -- A re-crawl mostly changes nothing searchable: skip the row version (and its index entries).
            where (d.model, d.source, d.aspect, d.nsfw, d.author_handle, d.published_at, d.search_vector)
              is distinct from (excluded.model, excluded.source, excluded.aspect, excluded.nsfw,
                excluded.author_handle, excluded.published_at, excluded.search_vector)`
          : sql`nothing`
      }
      returning search_vector
    ),
    bodies as (
      insert into ${sql.table(tables.bodies)} as b (id, document)
      select id, document from input order by id
      on conflict (id) do ${
        replace
          ? sql`update set document = excluded.document where b.document is distinct from excluded.document`
          : sql`nothing`
      }
    ),
    -- Deduplicated before the pattern test: the regex costs far more than the hashing (measured ~8x).
    words as materialized (
      select distinct word from written, unnest(tsvector_to_array(written.search_vector)) as word
    )
    insert into ${sql.table(tables.lexicon)} (word)
    select word from words where word ~ ${LEXICON_WORD_PATTERN}
    order by word
    on conflict (word) do nothing
  `.execute(db);
}

/** The document, plus the texts each weight of the search vector is built from. */
function toInputRow(document: SearchDocument) {
  return {
    id: document.id,
    document,
    model: document.model,
    source: document.source,
    aspect: document.aspect,
    nsfw: document.nsfw,
    author_handle: document.authorHandle,
    published_at: document.publishedAt === null ? null : new Date(document.publishedAt).toISOString(),
    prompt: document.prompt,
    keywords: [document.model, ...document.tags].filter((part) => part !== null).join(' '),
    author_text: [document.authorHandle, document.authorName].filter((part) => part !== null).join(' '),
  };
}

/** A statement may not touch the same row twice, and a fixed row order avoids deadlocks between writers. */
function uniqueSortedById(documents: readonly SearchDocument[]): SearchDocument[] {
  const lastById = new Map(documents.map((document) => [document.id, document]));
  return [...lastById.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function deleteDocumentsByIds(
  db: Kysely<Database>,
  tables: SearchTables,
  ids: readonly string[],
): Promise<void> {
  await deleteDocumentsWhere(db, tables, sql`id = any(${[...ids]}::text[])`);
}

export async function deleteDocumentsMatching(
  db: Kysely<Database>,
  tables: SearchTables,
  filter: DeleteFilter,
): Promise<void> {
  const conditions = [
    filter.source === undefined ? undefined : sql`source = ${filter.source}`,
    filter.authorHandle === undefined ? undefined : sql`author_handle = ${filter.authorHandle}`,
  ].filter((condition) => condition !== undefined);
  if (conditions.length === 0) throw new Error('refusing to delete without a condition');
  await deleteDocumentsWhere(db, tables, sql.join(conditions, sql` and `));
}

/** Words stay in the lexicon until the next rebuild: a stale word only costs a useless correction. */
async function deleteDocumentsWhere(
  db: Kysely<Database>,
  tables: SearchTables,
  condition: RawBuilder<unknown>,
): Promise<void> {
  await sql`
    with gone as (delete from ${sql.table(tables.documents)} where ${condition} returning id)
    delete from ${sql.table(tables.bodies)} where id in (select id from gone)
  `.execute(db);
}
