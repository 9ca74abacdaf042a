import { CompiledQuery, type Kysely } from 'kysely';
import { poolOf } from '../../db/connect.ts';
import type { Database } from '../../db/database.ts';
import type { SearchDocument } from '../search-index.ts';

interface PageRow {
  id: string;
  document: SearchDocument;
}

const PAGE_DOCUMENTS_SQL = 'select id, document from search_documents where id = any($1::text[]) and document is not null';

interface WaitingRead {
  ids: readonly string[];
  resolve: (documents: Map<string, SearchDocument>) => void;
  reject: (error: unknown) => void;
}

/**
 * Reads the documents of result pages back from search_documents. A round trip to PostgreSQL
 * costs the serving process more CPU than the rows it brings (a socket write and read per
 * query), so pages asked for while a read is in flight wait for it and then go together in one
 * query: alone, a search reads at once; under load, searches share round trips. Every page is
 * still read from PostgreSQL, so a document deleted there is never returned.
 */
export class PageDocumentReader {
  private waiting: WaitingRead[] = [];
  private reading = false;

  constructor(private readonly db: Kysely<Database>) {}

  /** The live documents among `ids` (a deleted one is absent), by id. */
  read(ids: readonly string[]): Promise<Map<string, SearchDocument>> {
    if (ids.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.waiting.push({ ids, resolve, reject });
      if (!this.reading) void this.readWaiting();
    });
  }

  private async readWaiting(): Promise<void> {
    this.reading = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting;
        this.waiting = [];
        try {
          const documents = await this.fetch([...new Set(batch.flatMap((read) => read.ids))]);
          for (const read of batch) read.resolve(batch.length === 1 ? documents : only(read.ids, documents));
        } catch (error) {
          for (const read of batch) read.reject(error);
        }
      }
    } finally {
      this.reading = false;
    }
  }

  private async fetch(ids: string[]): Promise<Map<string, SearchDocument>> {
    // One array parameter, not one per id: the statement is the same for every page, so it is
    // prepared once per connection (a named statement) rather than parsed and planned per page.
    // A database handle made elsewhere (with Kysely plugins) is asked through Kysely instead.
    const pool = poolOf(this.db);
    const { rows } = pool
      ? await pool.query<PageRow>({ name: 'search-page-documents', text: PAGE_DOCUMENTS_SQL, values: [ids] })
      : await this.db.executeQuery(CompiledQuery.raw(PAGE_DOCUMENTS_SQL, [ids]) as CompiledQuery<PageRow>);
    const documents = new Map<string, SearchDocument>();
    for (const row of rows) documents.set(row.id, row.document);
    return documents;
  }
}

function only(ids: readonly string[], documents: Map<string, SearchDocument>): Map<string, SearchDocument> {
  const found = new Map<string, SearchDocument>();
  for (const id of ids) {
    const document = documents.get(id);
    if (document) found.set(id, document);
  }
  return found;
}
