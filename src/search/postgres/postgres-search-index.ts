import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { assertDeleteFilterNotEmpty } from '../delete-filter.ts';
import { highlightWords } from '../highlight.ts';
import type { DeleteFilter, SearchDocument, SearchIndex, SearchQuery, SearchResult } from '../search-index.ts';
import { pageWindow } from '../search-limits.ts';
import { tokensAmong } from '../text/prompt-tokens.ts';
import { deleteDocumentsByIds, deleteDocumentsMatching, insertDocuments } from './document-writes.ts';
import { ensureSearchTables } from './ensure-search-tables.ts';
import { PageDocumentReader } from './page-document-reader.ts';
import { rebuildSearchIndex } from './rebuild.ts';
import { LocalMatchingEngine } from './local-matching-engine.ts';
import type { MatchingEngine } from './matching-engine.ts';
import { WorkerMatchingEngine } from './worker-matching-engine.ts';
import { writeToLiveAndRebuild } from './search-tables.ts';

export interface PostgresSearchIndexOptions {
  /** For LISTEN, so changes made by other processes show at once; polled otherwise. */
  connectionString?: string;
  logger?: Logger;
  /**
   * Where matching and ranking run: 'worker' (a thread of their own, beside the one serving
   * HTTP; needs connectionString) or 'main' (the calling thread).
   */
  matchIn?: 'worker' | 'main';
}

/**
 * The built-in engine, needing nothing but the application's PostgreSQL: documents are stored
 * (and versioned) in search_documents, and each serving process matches and ranks in memory
 * (src/search/embedded, in a worker thread or this one: matching-engine.ts), with the page's
 * documents read back from PostgreSQL — so a document deleted there is never returned,
 * whatever the memory copy still holds.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly engine = 'postgres';
  private readonly matching: MatchingEngine;
  private readonly changeListeners: (() => void)[] = [];
  private readonly pages: PageDocumentReader;

  constructor(
    private readonly db: Kysely<Database>,
    options: PostgresSearchIndexOptions = {},
  ) {
    this.pages = new PageDocumentReader(db);
    const onExternalChange = () => {
      for (const listener of this.changeListeners) listener();
    };
    const { connectionString, logger } = options;
    this.matching =
      options.matchIn === 'worker' && connectionString
        ? new WorkerMatchingEngine({ connectionString, logger, onExternalChange })
        : new LocalMatchingEngine(db, { connectionString, logger, onExternalChange });
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  async ensureSettings(): Promise<void> {
    await ensureSearchTables(this.db);
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await writeToLiveAndRebuild(this.db, (trx, table) => insertDocuments(trx, table, documents, 'replace'));
    await this.matching.catchUp();
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await writeToLiveAndRebuild(this.db, (trx, table) => deleteDocumentsByIds(trx, table, ids));
    await this.matching.catchUp();
  }

  async deleteByFilter(filter: DeleteFilter): Promise<void> {
    assertDeleteFilterNotEmpty(filter);
    await writeToLiveAndRebuild(this.db, (trx, table) => deleteDocumentsMatching(trx, table, filter));
    await this.matching.catchUp();
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const window = pageWindow(query.page, query.limit);
    const found = await this.matching.match({ q: query.q, filters: query.filters, sort: query.sort, offset: window.offset, limit: window.limit });
    const documents = await this.readDocuments(found.ids);
    const words = new Set(found.highlightWords);
    return {
      hits: documents.map((document) => ({ document, highlightedPrompt: highlightWords(document.prompt, words, tokensAmong) })),
      estimatedTotal: found.total,
      facets: found.facets,
      ...(found.correctedQuery ? { correctedQuery: found.correctedQuery } : {}),
    };
  }

  async rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (indexed: number) => void): Promise<number> {
    const indexed = await rebuildSearchIndex(this.db, batches, onProgress);
    await this.matching.catchUp();
    return indexed;
  }

  async isReachable(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  async isEmpty(): Promise<boolean> {
    const row = await this.db
      .selectNoFrom((eb) => eb.not(eb.exists(eb.selectFrom('search_documents').select('id').where('document', 'is not', null))).as('empty'))
      .executeTakeFirstOrThrow();
    return row.empty === true;
  }

  async warmUp(): Promise<void> {
    try {
      await this.matching.warmUp();
    } catch (error) {
      // Closed while loading (a quick start and stop): nothing is waiting for this index.
      if (!this.matching.isClosed) throw error;
    }
  }

  close(): Promise<void> {
    return this.matching.close();
  }

  /** The page's documents in rank order; one deleted since the memory copy was updated is left out. */
  private async readDocuments(ids: string[]): Promise<SearchDocument[]> {
    const documents = await this.pages.read(ids);
    return ids.map((id) => documents.get(id)).filter((document): document is SearchDocument => document !== undefined);
  }
}
