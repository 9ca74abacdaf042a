import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../db/database.ts';
import { chunk } from '../chunk.ts';
import type { DeleteFilter, SearchDocument } from '../search-index.ts';
import { NEXT_TABLE } from './search-tables.ts';

/** Documents per statement; they travel as one JSON parameter, so no parameter-count limit applies. */
const DOCUMENTS_PER_STATEMENT = 1000;

/** `replace`: the document given wins (upsert). `keep-existing`: a row already there wins (rebuild loading). */
export type OnConflict = 'replace' | 'keep-existing';

export async function insertDocuments(
  db: Kysely<Database>,
  table: string,
  documents: readonly SearchDocument[],
  onConflict: OnConflict,
): Promise<void> {
  for (const part of chunk(uniqueSortedById(documents), DOCUMENTS_PER_STATEMENT)) {
    // Rows in id order, so concurrent writers lock rows in the same order (no deadlocks).
    await sql`
      insert into ${sql.table(table)} as d (id, document, source, author_handle)
      select id, document, document->>'source', document->>'authorHandle'
      from jsonb_to_recordset(${JSON.stringify(part.map((document) => ({ id: document.id, document })))}::jsonb)
        as r(id text, document jsonb)
      order by id
      on conflict (id) do ${
        onConflict === 'replace'
          ? sql`update set document = excluded.document, source = excluded.source,
              author_handle = excluded.author_handle, version = nextval('search_document_version')
            -- A re-crawl mostly changes nothing: no new version, nothing for serving processes to apply.
            where d.document is distinct from excluded.document`
          : sql`nothing`
      }
    `.execute(db);
  }
}

/** A statement may not touch the same row twice. */
function uniqueSortedById(documents: readonly SearchDocument[]): SearchDocument[] {
  const lastById = new Map(documents.map((document) => [document.id, document]));
  return [...lastById.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function deleteDocumentsByIds(db: Kysely<Database>, table: string, ids: readonly string[]): Promise<void> {
  if (table === NEXT_TABLE) {
    // The rebuild may not have loaded these yet: a tombstone keeps its later load from bringing them back.
    await sql`
      insert into ${sql.table(table)} as d (id, document, source)
      select id, null, '' from unnest(${[...ids]}::text[]) as id order by id
      on conflict (id) do update set document = null where d.document is not null
    `.execute(db);
    return;
  }
  await markDeleted(db, table, sql`id = any(${[...ids]}::text[])`);
}

/** Source and author match without regard to case, as Meilisearch's filters do. */
export async function deleteDocumentsMatching(db: Kysely<Database>, table: string, filter: DeleteFilter): Promise<void> {
  const conditions = [
    filter.source === undefined ? undefined : sql`lower(source) = lower(${filter.source})`,
    filter.authorHandle === undefined ? undefined : sql`lower(author_handle) = lower(${filter.authorHandle})`,
  ].filter((condition) => condition !== undefined);
  if (conditions.length === 0) throw new Error('refusing to delete without a condition');
  await markDeleted(db, table, sql.join(conditions, sql` and `));
}

/** A tombstone, not a DELETE: serving processes learn of the deletion by its version. */
async function markDeleted(db: Kysely<Database>, table: string, condition: RawBuilder<unknown>): Promise<void> {
  await sql`
    update ${sql.table(table)} set document = null, version = nextval('search_document_version')
    where ${condition} and document is not null
  `.execute(db);
}
