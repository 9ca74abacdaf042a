import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { assertDeleteFilterNotEmpty } from '../delete-filter.ts';
import { toFacetCounts } from '../facet-counts.ts';
import { escapeHtml, renderHighlight } from '../highlight.ts';
import { parseQueryWords } from '../query-words.ts';
import type { DeleteFilter, SearchDocument, SearchIndex, SearchQuery, SearchResult } from '../search-index.ts';
import { pageWindow } from '../search-limits.ts';
import { deleteDocumentsByIds, deleteDocumentsMatching, insertDocuments } from './document-writes.ts';
import { ensureSearchTables } from './ensure-search-tables.ts';
import { correctQueryWords } from './lexicon.ts';
import { rebuildSearchIndex } from './rebuild.ts';
import { findDocuments } from './search-query.ts';
import { writeToLiveAndRebuild } from './search-tables.ts';
import { toTsQuery } from './tsquery.ts';

/** The default engine: full-text search in the application's own PostgreSQL, in tables of its own. */
export class PostgresSearchIndex implements SearchIndex {
  readonly engine = 'postgres';

  constructor(private readonly db: Kysely<Database>) {}

  async ensureSettings(): Promise<void> {
    await ensureSearchTables(this.db);
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    await writeToLiveAndRebuild(this.db, (trx, tables) => insertDocuments(trx, tables, documents, 'replace'));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await writeToLiveAndRebuild(this.db, (trx, tables) => deleteDocumentsByIds(trx, tables, ids));
  }

  async deleteByFilter(filter: DeleteFilter): Promise<void> {
    assertDeleteFilterNotEmpty(filter);
    await writeToLiveAndRebuild(this.db, (trx, tables) => deleteDocumentsMatching(trx, tables, filter));
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const window = pageWindow(query.page, query.limit);
    const typed = parseQueryWords(query.q);
    const words = await correctQueryWords(this.db, typed);
    const found = await findDocuments(this.db, {
      tsquery: words.length === 0 ? null : toTsQuery(words, typed.lastIsPrefix),
      filters: query.filters,
      sort: query.sort,
      ...window,
    });
    const corrected = words.some((word, index) => word !== typed.words[index]);
    return {
      hits: found.hits.map(({ document, highlighted }) => ({
        document,
        highlightedPrompt: highlighted === null ? escapeHtml(document.prompt) : renderHighlight(highlighted),
      })),
      estimatedTotal: found.total,
      facets: toFacetCounts(found.facets),
      ...(corrected ? { correctedQuery: words.join(' ') } : {}),
    };
  }

  rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (indexed: number) => void): Promise<number> {
    return rebuildSearchIndex(this.db, batches, onProgress);
  }

  async isReachable(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }
}
