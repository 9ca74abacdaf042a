import {
  MeilisearchApiError,
  MeilisearchRequestError,
  MeilisearchRequestTimeOutError,
  type EnqueuedTaskPromise,
  type Index,
  type Meilisearch,
} from 'meilisearch';
import { DependencyUnavailableError } from '../../errors.ts';
import { chunk, rechunk } from '../chunk.ts';
import { assertDeleteFilterNotEmpty } from '../delete-filter.ts';
import { toFacetCounts, type FacetValueCount } from '../facet-counts.ts';
import { HIGHLIGHT_END, HIGHLIGHT_START, renderHighlight } from '../highlight.ts';
import type { DeleteFilter, SearchDocument, SearchIndex, SearchQuery, SearchResult } from '../search-index.ts';
import { FACET_NAMES, MAX_TOTAL_HITS, pageWindow } from '../search-limits.ts';
import {
  assertSupportedServer,
  meilisearchClientSource,
  type MeilisearchClientSource,
  type MeilisearchConnectionOptions,
} from './connection.ts';
import { deleteFilterExpression, searchFilterExpression } from './filter-expression.ts';
import { changedSettings, INDEX_SETTINGS, liveSettingsSchema } from './index-settings.ts';
import { searchResponseSchema, toMeiliDocument } from './meili-documents.ts';
import { isBrowseQuery, meiliMatchingStrategy, toMeiliQueryText } from './query-text.ts';
import { waitForTask, waitForTaskOrRunning, type FinishedTask } from './tasks.ts';

/** Documents per task: enough for Meilisearch to index efficiently, well under its payload limit. */
const DOCUMENTS_PER_TASK = 5000;
/** How long start-up waits for a settings change before reporting it as still running. */
const DEFAULT_SETTINGS_WAIT_MS = 60_000;

export interface MeilisearchEngineOptions {
  /** Told when a settings change is still running after the wait (it goes on in Meilisearch). */
  logger?: { warn(details: object, message: string): void };
  settingsWaitMs?: number;
}

export function createMeilisearchIndex(options: MeilisearchConnectionOptions & MeilisearchEngineOptions): MeilisearchSearchIndex {
  const { logger, settingsWaitMs } = options;
  return new MeilisearchSearchIndex(meilisearchClientSource(options), options.indexUid, { logger, settingsWaitMs });
}

/** Chosen when MEILI_URL is set. Same contract as the Postgres engine (test/search/search-contract.ts). */
export class MeilisearchSearchIndex implements SearchIndex {
  readonly engine = 'meilisearch';
  /** Where rebuild() builds the replacement index; it exists only while a rebuild runs. */
  private readonly nextUid: string;

  constructor(
    private readonly client: MeilisearchClientSource,
    private readonly uid: string,
    private readonly options: MeilisearchEngineOptions = {},
  ) {
    this.nextUid = `${uid}_next`;
  }

  async ensureSettings(): Promise<void> {
    const client = await this.client();
    await assertSupportedServer(client);
    await this.ensureIndexExists(client, this.uid);
    await this.applyLiveSettings(client);
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    if (documents.length === 0) return;
    const parts = chunk(documents.map(toMeiliDocument), DOCUMENTS_PER_TASK);
    await this.write((index) => parts.map((part) => () => index.addDocuments(part, { primaryKey: 'id' })));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const parts = chunk(ids, DOCUMENTS_PER_TASK);
    await this.write((index) => parts.map((part) => () => index.deleteDocuments(part)));
  }

  async deleteByFilter(filter: DeleteFilter): Promise<void> {
    assertDeleteFilterNotEmpty(filter);
    const expression = deleteFilterExpression(filter);
    await this.write((index) => [() => index.deleteDocuments({ filter: expression })]);
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    const { offset, limit } = pageWindow(query.page, query.limit);
    const text = toMeiliQueryText(query.q);
    const browsing = isBrowseQuery(text);
    const filter = searchFilterExpression(query.filters);
    const response = await this.withUnavailableMapped(async () =>
      (await this.client()).index(this.uid).search(browsing ? '' : text, {
        filter: filter.length > 0 ? filter : undefined,
        facets: [...FACET_NAMES],
        // Browsing lists newest first whatever the sort, as the Postgres engine does.
        sort: browsing || query.sort === 'newest' ? ['publishedAt:desc'] : undefined,
        // Short queries need every word; a pasted prompt drops words from the end until some match.
        matchingStrategy: meiliMatchingStrategy(query.q),
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
   * Meilisearch), then deletes the old one. The live index answers throughout. `_next` exists
   * before the first batch is read, so a write that found no `_next` was committed to the
   * source of truth before the rebuild reads it.
   */
  async rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (indexed: number) => void): Promise<number> {
    const client = await this.client();
    await this.deleteIndexIfExists(client, this.nextUid);
    let indexed = 0;
    try {
      await waitForTask(client.createIndex(this.nextUid, { primaryKey: 'id' }));
      // Settings before documents, waited for in full: the documents are then indexed once,
      // with the final settings, and a failed settings change never reaches the live index.
      const changes = await this.pendingChanges(client.index(this.nextUid));
      if (changes) await waitForTask(client.index(this.nextUid).updateSettings(changes));
      for await (const part of rechunk(batches, DOCUMENTS_PER_TASK)) {
        await waitForTask(client.index(this.nextUid).addDocuments(part.map(toMeiliDocument), { primaryKey: 'id' }));
        indexed += part.length;
        onProgress?.(indexed);
      }
      await this.ensureIndexExists(client, this.uid);
      // The body /swap-indexes takes since v1.18: `rename: false` swaps two existing indexes.
      await waitForTask(client.swapIndexes([{ indexes: [this.uid, this.nextUid], rename: false }]));
    } catch (error) {
      await this.deleteIndexIfExists(client, this.nextUid).catch(() => undefined);
      throw error;
    }
    // After the swap, the next uid names the old index.
    await this.deleteIndexIfExists(client, this.nextUid);
    return indexed;
  }

  /** Ready when the server is up and accepts our key on our index (a wrong key is not ready). */
  async isReachable(): Promise<boolean> {
    try {
      const client = await this.client();
      if ((await client.health()).status !== 'available') return false;
      await client.getRawIndex(this.uid);
      return true;
    } catch (error) {
      // Our key was accepted; the index is only created by ensureSettings.
      return isIndexNotFound(error);
    }
  }

  /**
   * Applies the settings to the live index, waiting a bounded time. A change still running is
   * reported, not failed; the next start waits for that same task instead of sending it again.
   */
  private async applyLiveSettings(client: Meilisearch): Promise<void> {
    const waitMs = this.options.settingsWaitMs ?? DEFAULT_SETTINGS_WAIT_MS;
    const unfinished = await client.tasks.getTasks({
      indexUids: [this.uid],
      types: ['settingsUpdate'],
      statuses: ['enqueued', 'processing'],
    });
    // Oldest first: Meilisearch applies them in that order.
    const taskUids = unfinished.results.map((task) => task.uid).sort((a, b) => a - b);
    const changes = taskUids.length > 0 ? undefined : await this.pendingChanges(client.index(this.uid));
    if (changes) taskUids.push((await client.index(this.uid).updateSettings(changes)).taskUid);
    for (const taskUid of taskUids) {
      const outcome = await waitForTaskOrRunning(client, taskUid, waitMs);
      if (outcome.status === 'still-running') {
        this.options.logger?.warn(
          { index: this.uid, taskUid, waitedMs: waitMs },
          'Meilisearch is still applying the index settings; search uses the previous ones until it finishes, and the next start checks again',
        );
        return;
      }
    }
    // A task from an earlier start finished: make sure nothing else changed since.
    if (!changes && taskUids.length > 0) await this.applyLiveSettings(client);
  }

  private async pendingChanges(index: Index): Promise<ReturnType<typeof changedSettings> | undefined> {
    const changes = changedSettings(INDEX_SETTINGS, liveSettingsSchema.parse(await index.getSettings()));
    return Object.keys(changes).length > 0 ? changes : undefined;
  }

  /**
   * Applies a write to `_next` first when a rebuild is building it (possibly in another
   * process), then to the live index. In that order a swap between the two cannot lose the
   * write: before the swap it reached `_next`, after it the live index is the former `_next`.
   * Tasks are sent one at a time, each once the previous one has been processed.
   */
  private async write(tasksFor: (index: Index) => (() => EnqueuedTaskPromise)[]): Promise<void> {
    const client = await this.client();
    if (await this.indexExists(client, this.nextUid)) {
      for (const enqueue of tasksFor(client.index(this.nextUid))) {
        // `_next` may vanish under us (swapped and deleted): the write then belongs to the live index alone.
        const task = await waitForTask(enqueue(), { tolerateErrorCodes: ['index_not_found'] });
        if (task.status === 'succeeded' && task.type === 'documentAdditionOrUpdate') await this.dropIfRecreatedBy(client, task);
      }
    }
    for (const enqueue of tasksFor(client.index(this.uid))) await waitForTask(enqueue());
  }

  /**
   * Meilisearch creates a missing index when documents are added to it, without our settings.
   * If `_next` was deleted before this addition ran (the rebuild finished), the addition made
   * a stray `_next` that the next writer would keep feeding: delete it, unless a new rebuild has
   * touched `_next` since (it deletes and creates `_next` itself).
   */
  private async dropIfRecreatedBy(client: Meilisearch, addition: FinishedTask): Promise<void> {
    const lifecycle = { indexUids: [this.nextUid], types: ['indexCreation' as const, 'indexDeletion' as const] };
    const before = await client.tasks.getTasks({ ...lifecycle, statuses: ['succeeded'], from: addition.uid, limit: 1 });
    if (before.results[0]?.type !== 'indexDeletion') return;
    const latest = await client.tasks.getTasks({ ...lifecycle, limit: 1 });
    if ((latest.results[0]?.uid ?? -1) > addition.uid) return;
    await this.deleteIndexIfExists(client, this.nextUid);
  }

  private async indexExists(client: Meilisearch, uid: string): Promise<boolean> {
    try {
      await client.getRawIndex(uid);
      return true;
    } catch (error) {
      if (isIndexNotFound(error)) return false;
      throw error;
    }
  }

  private async ensureIndexExists(client: Meilisearch, uid: string): Promise<void> {
    if (await this.indexExists(client, uid)) return;
    await waitForTask(client.createIndex(uid, { primaryKey: 'id' }), { tolerateErrorCodes: ['index_already_exists'] });
  }

  private async deleteIndexIfExists(client: Meilisearch, uid: string): Promise<void> {
    // A missing index fails the task, not the request.
    await waitForTask(client.deleteIndex(uid), { tolerateErrorCodes: ['index_not_found'] });
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
