import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { ASPECT_CODES, type MemoryIndex } from '../embedded/memory-index.ts';
import { ensureCapacity } from '../embedded/growable.ts';
import { toFacetCounts, type FacetValueCount } from '../facet-counts.ts';
import { parseSearchQuery } from '../query-syntax.ts';
import type { ExternalChangeListener, MatchAnswer, MatchingEngine, MatchRequest } from './matching-engine.ts';
import { SearchReplica, type WarningLog } from './search-replica.ts';

export interface LocalMatchingEngineOptions {
  /** For LISTEN, so changes made by other processes show at once; polled otherwise. */
  connectionString?: string;
  logger?: WarningLog;
  onExternalChange?: ExternalChangeListener;
}

/** Matching in the calling thread, on this process's replica of search_documents. */
export class LocalMatchingEngine implements MatchingEngine {
  private readonly replica: SearchReplica;

  constructor(db: Kysely<Database>, options: LocalMatchingEngineOptions = {}) {
    this.replica = new SearchReplica(db, options);
  }

  get isClosed(): boolean {
    return this.replica.isClosed;
  }

  async match(request: MatchRequest): Promise<MatchAnswer> {
    const { index, searcher } = await this.replica.current();
    const parsed = parseSearchQuery(request.q);
    const found = searcher.search(parsed, request.filters, request.sort, request.offset + request.limit);
    const corrected = found.corrections.length > 0 ? correctedText(parsed.units.map((u) => u.words.join(' ')), found.corrections) : undefined;
    return {
      ids: found.ordinals.slice(request.offset, request.offset + request.limit).map((ordinal) => index.ids[ordinal] ?? ''),
      total: found.total,
      facets: toFacetCounts(countFacets(index, found.facetOrdinals)),
      ...(corrected ? { correctedQuery: corrected } : {}),
      highlightWords: [...found.highlightWords],
    };
  }

  catchUp(): Promise<void> {
    return this.replica.catchUp();
  }

  async warmUp(): Promise<void> {
    await this.replica.current();
  }

  close(): Promise<void> {
    return this.replica.close();
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
