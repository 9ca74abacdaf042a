import {
  Meilisearch,
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
} from 'meilisearch';
import { DependencyUnavailableError } from '../../errors.ts';
import { chunk, rechunk } from '../chunk.ts';
import { assertDeleteFilterNotEmpty } from '../delete-filter.ts';
import { toFacetCounts, type FacetValueCount } from '../facet-counts.ts';
import { HIGHLIGHT_END, HIGHLIGHT_START, renderHighlight } from '../highlight.ts';
import { parseSearchQuery } from '../query-syntax.ts';
import type { DeleteFilter, SearchDocument, SearchIndex, SearchQuery, SearchResult } from '../search-index.ts';
import { FACET_NAMES, MAX_TOTAL_HITS, pageWindow } from '../search-limits.ts';
import { deleteFilterExpression, searchFilterExpression } from './filter-expression.ts';
import { changedSettings, INDEX_SETTINGS, liveSettingsSchema } from './index-settings.ts';
import { searchResponseSchema, toMeiliDocument } from './meili-documents.ts';
import { waitForTask } from './tasks.ts';

/** Documents per task: enough for Meilisearch to index efficiently, well under its payload limit. */
const DOCUMENTS_PER_TASK = 5000;
const REQUEST_TIMEOUT_MS = 10_000;

export interface MeilisearchIndexOptions {
  url: string;
  apiKey?: string;
  indexUid: string;
}

export function createMeilisearchIndex(options: MeilisearchIndexOptions): MeilisearchSearchIndex {
  const client = new Meilisearch({ host: options.url, apiKey: options.apiKey, timeout: REQUEST_TIMEOUT_MS });
  return new MeilisearchSearchIndex(client, options.indexUid);
}

/** Chosen when MEILI_URL is set. Same contract as the Postgres engine (test/search/search-contract.ts). */
export class MeilisearchSearchIndex implements SearchIndex {
  readonly engine = 'meilisearch';
  /** Where rebuild() builds the replacement index; it exists only while a rebuild runs. */
  private readonly nextUid: string;

  constructor(
    private readonly client: Meilisearch,
    private readonly uid: string,
  ) {
    this.nextUid = `${uid}_next`;
  }

  async ensureSettings(): Promise<void> {
    await this.ensureIndexExists(this.uid);
    await this.applySettings(this.uid);
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const meiliDocuments = documents.map(toMeiliDocument);
    for (const uid of await this.writeTargets()) {
      for (const part of chunk(meiliDocuments, DOCUMENTS_PER_TASK)) {
        await waitForTask(this.client.index(uid).addDocuments(part, { primaryKey: 'id' }));
      }
    }
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    for (const uid of await this.writeTargets()) {
      for (const part of chunk(ids, DOCUMENTS_PER_TASK)) await waitForTask(this.client.index(uid).deleteDocuments(part));
    }
  }

  async deleteByFilter(filter: DeleteFilter): Promise<void> {
    assertDeleteFilterNotEmpty(filter);
    for (const uid of await this.writeTargets()) {
      await waitForTask(this.client.index(uid).deleteDocuments({ filter: deleteFilterExpression(filter) }));
    }
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { offset, limit } = pageWindow(query.page, query.limit);
    const parsedQuery = parseSearchQuery(query.q);
    const browsing = parsedQuery.units.length === 0;
    const filter = searchFilterExpression(query.filters);
    const response = await this.withUnavailableMapped(() =>
      this.client.index(this.uid).search(browsing ? '' : parsedQuery.engineText, {
        filter: filter.length > 0 ? filter : undefined,
        facets: [...FACET_NAMES],
        // Browsing lists newest first whatever the sort, as the Postgres engine does.
        sort: browsing || query.sort === 'newest' ? ['publishedAt:desc'] : undefined,
        // Every word must match, as in the Postgres engine (Meilisearch would otherwise drop words).
        matchingStrategy: 'all',
        offset,
        limit,
        attributesToHighlight: ['prompt'],
        highlightPreTag: HIGHLIGHT_START,
        highlightPostTag: HIGHLIGHT_END,
      }),
    );
    const parsed = searchResponseSchema.parse(response);
    return {
      hits: parsed.hits.map(({ _formatted, ...document }) => ({
        document,
        highlightedPrompt: renderHighlight(_formatted?.prompt ?? document.prompt),
      })),
      estimatedTotal: Math.min(parsed.estimatedTotalHits, MAX_TOTAL_HITS),
      facets: toFacetCounts(
        FACET_NAMES.flatMap((facet): FacetValueCount[] =>
          Object.entries(parsed.facetDistribution[facet] ?? {}).map(([value, count]) => ({ facet, value, count })),
        ),
      ),
    };
  }

  /**
   * Builds `<index>_next` with the same settings, swaps it with the live index (atomic in
   * Meilisearch), then deletes the old one. The live index answers throughout.
   */
  async rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (indexed: number) => void): Promise<number> {
    await this.deleteIndexIfExists(this.nextUid);
    let indexed = 0;
    try {
      await waitForTask(this.client.createIndex(this.nextUid, { primaryKey: 'id' }));
      // Settings before documents: documents are then indexed once, with the final settings.
      await this.applySettings(this.nextUid);
      for await (const part of rechunk(batches, DOCUMENTS_PER_TASK)) {
        await waitForTask(this.client.index(this.nextUid).addDocuments(part.map(toMeiliDocument), { primaryKey: 'id' }));
        indexed += part.length;
        onProgress?.(indexed);
      }
      await this.ensureIndexExists(this.uid);
      await waitForTask(this.client.swapIndexes([{ indexes: [this.uid, this.nextUid], rename: false }]));
    } catch (error) {
      await this.deleteIndexIfExists(this.nextUid).catch(() => undefined);
      throw error;
    }
    // After the swap, the next uid names the old index.
    await this.deleteIndexIfExists(this.nextUid);
    return indexed;
  }

  async isReachable(): Promise<boolean> {
    try {
      return (await this.client.health()).status === 'available';
    } catch {
      return false;
    }
  }

  private async applySettings(uid: string): Promise<void> {
    const index = this.client.index(uid);
    const changes = changedSettings(INDEX_SETTINGS, liveSettingsSchema.parse(await index.getSettings()));
    if (Object.keys(changes).length > 0) await waitForTask(index.updateSettings(changes));
  }

  /**
   * The live index, plus the one a rebuild is building (possibly in another process), so that
   * writes made during a rebuild, takedowns included, survive its swap.
   */
  private async writeTargets(): Promise<string[]> {
    return (await this.indexExists(this.nextUid)) ? [this.uid, this.nextUid] : [this.uid];
  }

  private async indexExists(uid: string): Promise<boolean> {
    try {
      await this.client.getRawIndex(uid);
      return true;
    } catch (error) {
      if (isIndexNotFound(error)) return false;
      throw error;
    }
  }

  private async ensureIndexExists(uid: string): Promise<void> {
    if (await this.indexExists(uid)) return;
    await waitForTask(this.client.createIndex(uid, { primaryKey: 'id' }), { tolerateErrorCodes: ['index_already_exists'] });
  }

  private async deleteIndexIfExists(uid: string): Promise<void> {
    try {
      // Depending on the server version, a missing index fails the request or the task.
      await waitForTask(this.client.deleteIndex(uid), { tolerateErrorCodes: ['index_not_found'] });
    } catch (error) {
      if (!isIndexNotFound(error)) throw error;
    }
  }

  /** A search engine that cannot be reached is a 503 for the visitor, not a 500. */
  private async withUnavailableMapped<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof MeilisearchRequestError || error instanceof MeilisearchRequestTimeOutError) {
        throw new DependencyUnavailableError('The search engine is unreachable');
      }
      throw error;
    }
  }
}

function isIndexNotFound(error: unknown): boolean {
  return error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found';
}
