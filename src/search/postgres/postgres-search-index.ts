import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { Logger } from '../../logger.ts';
import { assertDeleteFilterNotEmpty } from '../delete-filter.ts';
import { toFacetCounts, type FacetValueCount } from '../facet-counts.ts';
import { highlightWords } from '../highlight.ts';
import type { MemoryIndex } from '../embedded/memory-index.ts';
import { ASPECT_CODES } from '../embedded/memory-index.ts';
import { parseSearchQuery } from '../query-syntax.ts';
import type { DeleteFilter, SearchDocument, SearchIndex, SearchQuery, SearchResult } from '../search-index.ts';
import { pageWindow } from '../search-limits.ts';
import { tokensAmong } from '../text/prompt-tokens.ts';
import { ensureCapacity } from '../embedded/growable.ts';
import { deleteDocumentsByIds, deleteDocumentsMatching, insertDocuments } from './document-writes.ts';
import { ensureSearchTables } from './ensure-search-tables.ts';
import { PageDocumentReader } from './page-document-reader.ts';
import { rebuildSearchIndex } from './rebuild.ts';
import { SearchReplica } from './search-replica.ts';
import { writeToLiveAndRebuild } from './search-tables.ts';

export interface PostgresSearchIndexOptions {
  /** For LISTEN, so changes made by other processes show at once; polled otherwise. */
  connectionString?: string;
  logger?: Logger;
}

/**
 * The built-in engine, needing nothing but the application's PostgreSQL: documents are stored
 * (and versioned) in search_documents, and each serving process matches and ranks in memory
 * (src/search/embedded), with the page's documents read back from PostgreSQL — so a document
 * deleted there is never returned, whatever the memory copy still holds.
 */
export class PostgresSearchIndex implements SearchIndex {
  readonly engine = 'postgres';
  private readonly replica: SearchReplica;
  private readonly changeListeners: (() => void)[] = [];
  private readonly pages: PageDocumentReader;

  constructor(
    private readonly db: Kysely<Database>,
    options: PostgresSearchIndexOptions = {},
  ) {
    this.pages = new PageDocumentReader(db);
    this.replica = new SearchReplica(db, {
      ...options,
      onExternalChange: () => {
        for (const listener of this.changeListeners) listener();
      },
    });
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
    await this.replica.catchUp();
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await writeToLiveAndRebuild(this.db, (trx, table) => deleteDocumentsByIds(trx, table, ids));
    await this.replica.catchUp();
  }

  async deleteByFilter(filter: DeleteFilter): Promise<void> {
    assertDeleteFilterNotEmpty(filter);
    await writeToLiveAndRebuild(this.db, (trx, table) => deleteDocumentsMatching(trx, table, filter));
    await this.replica.catchUp();
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const window = pageWindow(query.page, query.limit);
    const { index, searcher } = await this.replica.current();
    const parsed = parseSearchQuery(query.q);
    const found = searcher.search(parsed, query.filters, query.sort, window.offset + window.limit);
    const pageOrdinals = found.ordinals.slice(window.offset, window.offset + window.limit);
    const documents = await this.readDocuments(pageOrdinals.map((ordinal) => index.ids[ordinal] ?? ''));
    const corrected = found.corrections.length > 0 ? correctedText(parsed.units.map((u) => u.words.join(' ')), found.corrections) : undefined;
    return {
      hits: documents.map((document) => ({ document, highlightedPrompt: highlightWords(document.prompt, found.highlightWords, tokensAmong) })),
      estimatedTotal: found.total,
      facets: toFacetCounts(countFacets(index, found.facetOrdinals)),
      ...(corrected ? { correctedQuery: corrected } : {}),
    };
  }

  async rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (indexed: number) => void): Promise<number> {
    const indexed = await rebuildSearchIndex(this.db, batches, onProgress);
    await this.replica.catchUp();
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
      await this.replica.current();
    } catch (error) {
      // Closed while loading (a quick start and stop): nothing is waiting for this index.
      if (!this.replica.isClosed) throw error;
    }
  }

  close(): Promise<void> {
    return this.replica.close();
  }

  /** The page's documents in rank order; one deleted since the memory copy was updated is left out. */
  private async readDocuments(ids: string[]): Promise<SearchDocument[]> {
    const documents = await this.pages.read(ids);
    return ids.map((id) => documents.get(id)).filter((document): document is SearchDocument => document !== undefined);
  }
}

/** Facet values counted over the (bounded) matches by their codes; names only for the values seen. */
function countFacets(index: MemoryIndex, ordinals: readonly number[]): FacetValueCount[] {
  for (const ordinal of ordinals) {
    const model = index.model[ordinal] ?? -1;
    if (model >= 0) modelTally.add(model);
    sourceTally.add(index.source[ordinal] ?? 0);
    aspectTally.add(index.aspect[ordinal] ?? 0);
  }
  return [...modelTally.take('model', index.models.values), ...sourceTally.take('source', index.sources.values), ...aspectTally.take('aspect', ASPECT_CODES)];
}

/**
 * Counts per value code, remembering which codes occurred: thousands of models exist, a page of
 * matches names a few. One per facet, reused (counting is synchronous): take() resets what it read.
 */
class FacetTally {
  private tally = new Int32Array(64);
  private readonly seen: number[] = [];

  add(code: number): void {
    if (code >= this.tally.length) this.tally = ensureCapacity(this.tally, code + 1, (n) => new Int32Array(n));
    const count = this.tally[code] ?? 0;
    this.tally[code] = count + 1;
    if (count === 0) this.seen.push(code);
  }

  take(facet: FacetValueCount['facet'], names: readonly string[]): FacetValueCount[] {
    const counts = this.seen.map((code) => ({ facet, value: names[code] ?? '', count: this.tally[code] ?? 0 }));
    for (const code of this.seen) this.tally[code] = 0;
    this.seen.length = 0;
    return counts;
  }
}

const modelTally = new FacetTally();
const sourceTally = new FacetTally();
const aspectTally = new FacetTally();

function correctedText(units: string[], corrections: { from: string; to: string }[]): string {
  const byWord = new Map(corrections.map((c) => [c.from, c.to]));
  return units.map((unit) => byWord.get(unit) ?? unit).join(' ');
}
