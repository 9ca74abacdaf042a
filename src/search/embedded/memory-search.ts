import type { SearchQuery, SearchSort } from '../search-index.ts';
import { MAX_TOTAL_HITS } from '../search-limits.ts';
import type { ParsedQuery } from '../query-syntax.ts';
import { ASPECT_CODES, type MemoryIndex } from './memory-index.ts';
import { planQuery, type PlannedUnit, type QueryPlan } from './query-plan.ts';

/**
 * Bounds that keep every query's work small however common its words (see shared/notes):
 * a required word's newest SCAN_LIMIT postings, pasted prompts' rarest words up to
 * DRIVER_BUDGET postings, and at most CANDIDATE_LIMIT documents checked word by word.
 */
const SCAN_LIMIT = 20_000;
const DRIVER_BUDGET = 40_000;
const CANDIDATE_LIMIT = 6_000;
/** Near-identical variants (same first words) shown before the rest of their group moves down. */
const PER_GROUP_BEFORE_DEMOTION = 2;

export interface MemorySearchResult {
  /** Ranked best first, exact duplicates folded, at most MAX_TOTAL_HITS. */
  ordinals: number[];
  /** Matches counted, bounded by MAX_TOTAL_HITS. */
  total: number;
  corrections: QueryPlan['corrections'];
  highlightWords: Set<string>;
}

/** Per-query scratch space, reused: one slot mask per word id, cleared after each query. */
class Scratch {
  wordSlots = new Uint32Array(0);
  stamp = new Int32Array(0);
  hits = new Uint8Array(0);
  generation = 0;

  prepare(words: number, documents: number): void {
    if (this.wordSlots.length < words) this.wordSlots = new Uint32Array(Math.max(words * 2, 1024));
    if (this.stamp.length < documents) {
      this.stamp = new Int32Array(Math.max(documents * 2, 1024));
      this.hits = new Uint8Array(this.stamp.length);
      this.generation = 0;
    }
    this.generation++;
  }
}

interface Features {
  ordinal: number;
  matched: number;
  adjacent: number;
  fields: number;
  common: number;
  score: number;
  published: number;
}

export class MemorySearcher {
  private readonly scratch = new Scratch();

  constructor(private readonly index: MemoryIndex) {}

  search(parsed: ParsedQuery, filters: SearchQuery['filters'], sort: SearchSort): MemorySearchResult {
    const plan = planQuery(this.index, parsed);
    const accepts = this.filterPredicate(filters);
    if (plan.units.length === 0) {
      const ordinals = this.browse(accepts);
      return { ordinals, total: ordinals.length, corrections: [], highlightWords: plan.highlightWords };
    }
    if (plan.required.some((i) => !plan.units[i]?.matchable) || plan.content.every((i) => !plan.units[i]?.matchable)) {
      return { ordinals: [], total: 0, corrections: plan.corrections, highlightWords: plan.highlightWords };
    }
    this.scratch.prepare(this.index.vocabulary.size, this.index.count);
    const slots = this.scratch.wordSlots;
    const marked: number[] = [];
    for (const unit of [...plan.units, ...plan.excluded]) {
      unit.alternatives.forEach((ids, offset) => {
        for (const id of ids) {
          if (slots[id] === 0) marked.push(id);
          slots[id] = (slots[id] ?? 0) | (1 << (unit.firstSlot + offset));
        }
      });
    }
    try {
      const candidates = this.candidates(plan);
      const matches: Features[] = [];
      for (const ordinal of candidates) {
        if (this.index.alive[ordinal] !== 1 || !accepts(ordinal)) continue;
        const features = this.features(ordinal, plan);
        if (features) matches.push(features);
      }
      matches.sort(sort === 'newest' ? byNewest : byRelevance);
      const ordinals = this.foldAndSpread(matches.map((m) => m.ordinal));
      return {
        ordinals,
        total: matches.length > MAX_TOTAL_HITS ? MAX_TOTAL_HITS : ordinals.length,
        corrections: plan.corrections,
        highlightWords: plan.highlightWords,
      };
    } finally {
      for (const id of marked) slots[id] = 0;
    }
  }

  /** Documents worth checking word by word, newest postings first when a word is too common to read whole. */
  private candidates(plan: QueryPlan): number[] {
    const { stamp, hits } = this.scratch;
    const generation = this.scratch.generation;
    const found: number[] = [];
    const collect = (unit: PlannedUnit, limit: number) => {
      // A phrase is found through its rarest word.
      const rarest = unit.alternatives.reduce((best, ids) => (total(this.index, ids) < total(this.index, best) ? ids : best));
      for (const id of rarest) {
        const list = this.index.vocabulary.postings[id];
        if (!list) continue;
        const values = list.values;
        for (let i = list.length - 1, seen = 0; i >= 0 && seen < limit; i--, seen++) {
          const ordinal = values[i] ?? 0;
          if (stamp[ordinal] !== generation) {
            stamp[ordinal] = generation;
            hits[ordinal] = 0;
            found.push(ordinal);
          }
          hits[ordinal] = (hits[ordinal] ?? 0) + 1;
        }
      }
    };

    if (!plan.pasted) {
      const requiredUnits = plan.required.map((i) => plan.units[i]).filter((u): u is PlannedUnit => u !== undefined);
      const driver = requiredUnits.reduce<PlannedUnit | undefined>((best, unit) => (!best || unit.frequency < best.frequency ? unit : best), undefined);
      if (driver) collect(driver, SCAN_LIMIT);
      return found;
    }
    // A pasted prompt: the rarest words first, as long as they stay cheap; a document found
    // through several of them is more likely the one pasted.
    const drivers = plan.content
      .map((i) => plan.units[i])
      .filter((u): u is PlannedUnit => u !== undefined && u.matchable)
      .sort((a, b) => a.frequency - b.frequency);
    let budget = DRIVER_BUDGET;
    for (const unit of drivers) {
      if (budget <= 0) break;
      collect(unit, Math.min(budget, SCAN_LIMIT));
      budget -= unit.frequency;
    }
    for (const i of plan.required) {
      const unit = plan.units[i];
      if (unit) collect(unit, SCAN_LIMIT);
    }
    if (found.length <= CANDIDATE_LIMIT) return found;
    // Most driver words first; among equals, the newest.
    return found.sort((a, b) => (hits[b] ?? 0) - (hits[a] ?? 0) || b - a).slice(0, CANDIDATE_LIMIT);
  }

  /** Reads the document's words once: which units match, where, and how many query words sit side by side. */
  private features(ordinal: number, plan: QueryPlan): Features | undefined {
    const { pool, start, promptEnd, keywordsEnd, end } = this.index;
    const slots = this.scratch.wordSlots;
    const fieldEnds = [promptEnd[ordinal] ?? 0, keywordsEnd[ordinal] ?? 0, end[ordinal] ?? 0];
    // Per field: slots seen; slot runs ending at a unit's last slot mean the unit (or phrase) matched.
    const completed = [0, 0, 0];
    let adjacent = 0;
    let position = start[ordinal] ?? 0;
    for (let field = 0; field < 3; field++) {
      let run = 0;
      let previous = 0;
      const fieldEnd = fieldEnds[field] ?? 0;
      for (; position < fieldEnd; position++) {
        const mask = slots[pool[position] ?? 0] ?? 0;
        if (mask !== 0) {
          run = ((run << 1) | plan.startBits) & mask;
          completed[field]! |= run;
          if (field === 0) adjacent |= (previous << 1) & mask;
        } else {
          run = 0;
        }
        previous = mask;
      }
    }
    const anywhere = completed[0]! | completed[1]! | completed[2]!;
    const matches = (unit: PlannedUnit | undefined, mask: number) => unit !== undefined && (mask & (1 << unit.lastSlot)) !== 0;
    for (const unit of plan.excluded) if (matches(unit, anywhere)) return undefined;
    for (const i of plan.required) if (!matches(plan.units[i], anywhere)) return undefined;

    let matched = 0;
    let fields = 0;
    let weight = 0;
    for (const i of plan.content) {
      const unit = plan.units[i];
      if (!matches(unit, anywhere) || !unit) continue;
      matched++;
      if (matches(unit, completed[0]!)) {
        fields += 3;
        weight += unit.weight;
      } else {
        fields += matches(unit, completed[1]!) ? 2 : 1;
      }
    }
    if (matched === 0) return undefined;
    let common = 0;
    for (const unit of plan.units) if (unit.common && matches(unit, anywhere)) common++;
    const promptWords = (promptEnd[ordinal] ?? 0) - (start[ordinal] ?? 0);
    // Shorter prompts carry a word more strongly (BM25's length normalisation, b = 0.5).
    const lengthNorm = 1 / (0.5 + (0.5 * promptWords) / this.index.averagePromptWords);
    return {
      ordinal,
      matched,
      adjacent: popcount(adjacent),
      fields,
      common,
      score: weight * lengthNorm,
      published: this.index.published[ordinal] ?? 0,
    };
  }

  /** Exact duplicates (same folded prompt) appear once; past two of a near-identical group, the rest move down. */
  private foldAndSpread(ranked: number[]): number[] {
    const { foldKey, groupKey } = this.index;
    const seenFolds = new Set<number>();
    const groupCounts = new Map<number, number>();
    const shown: number[] = [];
    const demoted: number[] = [];
    for (const ordinal of ranked) {
      const fold = foldKey[ordinal] ?? 0;
      if (fold !== 0) {
        if (seenFolds.has(fold)) continue;
        seenFolds.add(fold);
      }
      const group = groupKey[ordinal] ?? 0;
      const count = group === 0 ? 0 : (groupCounts.get(group) ?? 0);
      if (group !== 0) groupCounts.set(group, count + 1);
      (count < PER_GROUP_BEFORE_DEMOTION ? shown : demoted).push(ordinal);
      if (shown.length >= MAX_TOTAL_HITS) break;
    }
    return [...shown, ...demoted].slice(0, MAX_TOTAL_HITS);
  }

  /** Browsing: newest first among everything the filters let through. */
  private browse(accepts: (ordinal: number) => boolean): number[] {
    const { published, alive, count } = this.index;
    const best: number[] = [];
    for (let ordinal = count - 1; ordinal >= 0; ordinal--) {
      if (alive[ordinal] !== 1 || !accepts(ordinal)) continue;
      if (best.length === MAX_TOTAL_HITS) {
        const worst = best[best.length - 1] ?? 0;
        if (!isNewer(published, ordinal, worst)) continue;
        best.pop();
      }
      // Insertion into a short sorted list: browsing keeps at most MAX_TOTAL_HITS.
      let at = best.length;
      while (at > 0 && isNewer(published, ordinal, best[at - 1] ?? 0)) at--;
      best.splice(at, 0, ordinal);
    }
    return best;
  }

  private filterPredicate(filters: SearchQuery['filters']): (ordinal: number) => boolean {
    const { model, source, aspect, nsfw } = this.index;
    const models = filters.model?.length ? this.index.models.codesMatching(filters.model) : undefined;
    const sources = filters.source?.length ? this.index.sources.codesMatching(filters.source) : undefined;
    const aspects = filters.aspect?.length ? new Set(filters.aspect.map((a) => ASPECT_CODES.indexOf(a))) : undefined;
    const includeNsfw = filters.includeNsfw;
    return (ordinal) =>
      (includeNsfw || nsfw[ordinal] === 0) &&
      (!models || models.has(model[ordinal] ?? -1)) &&
      (!sources || sources.has(source[ordinal] ?? -1)) &&
      (!aspects || aspects.has(aspect[ordinal] ?? -1));
  }
}

function total(index: MemoryIndex, ids: number[]): number {
  return ids.reduce((sum, id) => sum + index.vocabulary.frequency(id), 0);
}

function isNewer(published: Float64Array, a: number, b: number): boolean {
  const [x, y] = [published[a] ?? 0, published[b] ?? 0];
  return x > y || (x === y && a > b);
}

/** All words matched first, then words side by side, then where they matched, then weight, then newest. */
function byRelevance(a: Features, b: Features): number {
  return (
    b.matched - a.matched ||
    b.adjacent - a.adjacent ||
    b.fields - a.fields ||
    b.common - a.common ||
    b.score - a.score ||
    b.published - a.published ||
    b.ordinal - a.ordinal
  );
}

function byNewest(a: Features, b: Features): number {
  return b.published - a.published || b.ordinal - a.ordinal;
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
