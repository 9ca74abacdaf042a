import type { FacetCounts } from '../facet-counts.ts';
import type { SearchQuery } from '../search-index.ts';

/** One page asked of the in-memory matcher. */
export interface MatchRequest {
  q: string;
  filters: SearchQuery['filters'];
  sort: SearchQuery['sort'];
  offset: number;
  limit: number;
}

/** The matcher's answer: the page's document ids, best first, and what the page says around them. */
export interface MatchAnswer {
  ids: string[];
  /** Matches counted, bounded by MAX_TOTAL_HITS. */
  total: number;
  facets: FacetCounts;
  correctedQuery?: string;
  /** Folded words to mark in the prompts shown. */
  highlightWords: string[];
}

/**
 * The built-in engine's matching and ranking, kept in step with search_documents: in this
 * thread (local-matching-engine.ts) or in a worker thread of its own (worker-matching-engine.ts),
 * so the HTTP thread is not the one ranking thousands of candidates.
 */
export interface MatchingEngine {
  match(request: MatchRequest): Promise<MatchAnswer>;
  /** Applies every committed change (a no-op before the first load). */
  catchUp(): Promise<void>;
  /** Loads the index now instead of on the first search. */
  warmUp(): Promise<void>;
  close(): Promise<void>;
  readonly isClosed: boolean;
}

/** Told when changes made by other processes were applied (result caches drop their entries). */
export type ExternalChangeListener = () => void;
