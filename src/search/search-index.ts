import type { Aspect } from '../artworks/aspect.ts';

/** What the search engines store per artwork. Built from an artworks row by toSearchDocument (artworks/artwork-mappers.ts). */
export interface SearchDocument {
  id: string;
  prompt: string;
  negativePrompt: string | null;
  model: string | null;
  tags: string[];
  authorHandle: string | null;
  authorName: string | null;
  authorUrl: string | null;
  source: string;
  sourceUrl: string;
  thumbnailUrl: string | null;
  previewUrl: string | null;
  width: number;
  height: number;
  aspect: Aspect;
  nsfw: boolean;
  placeholder: string;
  /** Unix epoch milliseconds; null sorts last under "newest". */
  publishedAt: number | null;
}

export type SearchSort = 'relevance' | 'newest';
export type FacetName = 'model' | 'source' | 'aspect';

export interface SearchQuery {
  /** Free text; empty means "browse everything". */
  q: string;
  filters: {
    model?: string[];
    source?: string[];
    aspect?: Aspect[];
    /** false (default): NSFW documents are excluded. */
    includeNsfw: boolean;
  };
  sort: SearchSort;
  /** 1-based. */
  page: number;
  limit: number;
}

export interface SearchHit {
  document: SearchDocument;
  /** The prompt, HTML-escaped, with matched words wrapped in <mark>…</mark>. Safe to insert as HTML. */
  highlightedPrompt: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Bounded estimate (engines stop counting past a cap, e.g. 1,000). */
  estimatedTotal: number;
  facets: Record<FacetName, Record<string, number>>;
  /** The query words the engine actually searched for after typo correction, when they differ. */
  correctedQuery?: string;
}

export interface DeleteFilter {
  source?: string;
  authorHandle?: string;
}

/** One contract, several engines (test/search/search-contract.ts runs against each). */
export interface SearchIndex {
  readonly engine: 'postgres' | 'meilisearch';
  /** Creates the index and applies settings, only changing what differs from the live ones. */
  ensureSettings(): Promise<void>;
  upsert(documents: SearchDocument[]): Promise<void>;
  deleteByIds(ids: string[]): Promise<void>;
  /** Throws a ValidationError for an empty filter rather than deleting everything. */
  deleteByFilter(filter: DeleteFilter): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * Replaces the whole index with the given documents, building aside and swapping at the end.
   * The live index keeps answering meanwhile, and upserts/deletes made during the rebuild are
   * applied to the index being built too. Resolves with the number of documents received.
   * Read `batches` lazily (from the source of truth, as the rebuild consumes them).
   */
  rebuild(batches: AsyncIterable<SearchDocument[]>, onProgress?: (indexed: number) => void): Promise<number>;
  /** Cheap reachability check for /readyz. */
  isReachable(): Promise<boolean>;
  /** True when the engine holds no document (an upgraded or restored database whose index was never built). */
  isEmpty?(): Promise<boolean>;
  /** Loads what the engine needs before its first search (serving processes call it at start). */
  warmUp?(): Promise<void>;
  /** Engines that learn of writes made by other processes call this listener after applying them. */
  onChange?(listener: () => void): void;
  /** Releases connections and timers (the app's close()). */
  close?(): Promise<void>;
}
