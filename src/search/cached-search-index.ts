import { parseSearchQuery } from './query-syntax.ts';
import type { DeleteFilter, SearchDocument, SearchIndex, SearchQuery, SearchResult } from './search-index.ts';

export interface SearchCacheOptions {
  /** How stale a result may be when another process (a crawler, the CLI) wrote to the index. */
  ttlMs: number;
  /** Results kept at most; the least recently used goes first. */
  maxEntries: number;
  now?: () => number;
}

export const DEFAULT_SEARCH_CACHE: SearchCacheOptions = { ttlMs: 30_000, maxEntries: 500 };

/**
 * Search traffic repeats itself (popular queries, browse pages, every prefix typed while
 * searching as you type), and a search costs milliseconds of database work where serving a
 * stored result costs microseconds. This decorator keeps recent results for `ttlMs`, shares
 * one engine call among concurrent identical searches, and forgets everything when this
 * process writes to the index. Writes from other processes show after at most `ttlMs`.
 * Results are shared between callers: treat them as read-only.
 */
export class CachedSearchIndex implements SearchIndex {
  readonly engine: SearchIndex['engine'];
  private readonly entries = new Map<string, { expiresAt: number; result: Promise<SearchResult> }>();
  private readonly now: () => number;

  constructor(
    private readonly inner: SearchIndex,
    private readonly options: SearchCacheOptions = DEFAULT_SEARCH_CACHE,
  ) {
    this.engine = inner.engine;
    this.now = options.now ?? Date.now;
    // Writes by other processes (crawls, the CLI) show as soon as the engine has them.
    inner.onChange?.(() => this.entries.clear());
  }

  search(query: SearchQuery): Promise<SearchResult> {
    const key = cacheKey(query);
    const now = this.now();
    const cached = this.entries.get(key);
    this.entries.delete(key);
    if (cached && cached.expiresAt > now) {
      this.entries.set(key, cached); // most recently used goes last
      return cached.result;
    }
    const result = this.inner.search(query);
    const entry = { expiresAt: now + this.options.ttlMs, result };
    this.entries.set(key, entry);
    // A failure is not worth remembering; the next search tries the engine again.
    result.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.options.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return result;
  }

  ensureSettings(): Promise<void> {
    return this.inner.ensureSettings();
  }

  async upsert(documents: SearchDocument[]): Promise<void> {
    await this.afterWrite(this.inner.upsert(documents));
  }

  async deleteByIds(ids: string[]): Promise<void> {
    await this.afterWrite(this.inner.deleteByIds(ids));
  }

  async deleteByFilter(filter: DeleteFilter): Promise<void> {
    await this.afterWrite(this.inner.deleteByFilter(filter));
  }

  rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (indexed: number) => void): Promise<number> {
    return this.afterWrite(this.inner.rebuild(batches, onProgress));
  }

  isReachable(): Promise<boolean> {
    return this.inner.isReachable();
  }

  async warmUp(): Promise<void> {
    await this.inner.warmUp?.();
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  /** Cleared after the write too: a search that started during the write may have cached the old state. */
  private async afterWrite<T>(write: Promise<T>): Promise<T> {
    this.entries.clear();
    try {
      return await write;
    } finally {
      this.entries.clear();
    }
  }
}

/** Queries that search the same way share an entry: "Neon  City" and "neon city", filters in any order. */
function cacheKey(query: SearchQuery): string {
  const sorted = (values: readonly string[] | undefined) => [...(values ?? [])].sort();
  return JSON.stringify([
    parseSearchQuery(query.q).engineText,
    sorted(query.filters.model),
    sorted(query.filters.source),
    sorted(query.filters.aspect),
    query.filters.includeNsfw,
    query.sort,
    query.page,
    query.limit,
  ]);
}
