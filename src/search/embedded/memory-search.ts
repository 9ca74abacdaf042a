import type { SearchQuery, SearchSort } from '../search-index.ts';
import { MAX_TOTAL_HITS } from '../search-limits.ts';
import type { ParsedQuery } from '../query-syntax.ts';
import { ASPECT_CODES, type MemoryIndex } from './memory-index.ts';
import { ensureCapacity, FIELD_AUTHOR, FIELD_PROMPT, IntList, type PostingList } from './growable.ts';
import { PostingProbe } from './posting-probe.ts';
import { MAX_SLOTS, planQuery, type PlannedUnit, type QueryPlan } from './query-plan.ts';
import { topThreshold } from './top-threshold.ts';

/**
 * Bounds that keep every query's work small however common its words (see shared/notes):
 * a required word's newest SCAN_LIMIT postings, pasted prompts' rarest words up to
 * DRIVER_BUDGET postings, and at most CANDIDATE_LIMIT documents checked word by word.
 */
const SCAN_LIMIT = 3_000;
/**
 * Postings read on, when the first pass found less than a page of works with the whole query as
 * a phrase. Only documents holding every word are read word by word, so this can reach far back.
 */
const PHRASE_SCAN_LIMIT = 150_000;
/** Postings of a word being typed merged from its completions, at most. */
const MERGED_DRIVER_LIMIT = 200_000;
const PHRASE_PAGE = 20;
const DRIVER_BUDGET = 12_000;
const CANDIDATE_LIMIT = 1_500;
/** Near-identical variants (same first words) shown side by side before the rest of their group is spaced out. */
const PER_GROUP_BEFORE_SPACING = 2;
const GROUP_SPACING = 3;
/**
 * Put in order past the page's end, so spreading near-identical prompts rarely runs out; when it
 * does, rank() orders everything (the page comes out the same either way, only slower).
 */
const RANK_MARGIN = 40;

export interface MemorySearchResult {
  /** Ranked best first, near-identical prompts spread out: at least the `needed` first are in final order. */
  ordinals: number[];
  /** The best matches (at most MAX_TOTAL_HITS, in no order): what facets count. */
  facetOrdinals: number[];
  /** Matches counted, bounded by MAX_TOTAL_HITS. */
  total: number;
  corrections: QueryPlan['corrections'];
  highlightWords: Set<string>;
}

/** Marks the word being typed, as typed, in the slot masks (above every word position's bit). */
const EXACT_WORD_BIT = 2 ** 31;

/** Per-query scratch space, reused: one slot mask per word id, cleared after each query. */
class Scratch {
  wordSlots = new Uint32Array(0);
  stamp = new Int32Array(0);
  hits = new Uint8Array(0);
  /** The matches of a query and their relevance keys (grown, never shrunk: no garbage per query). */
  keys = new Float64Array(4096);
  matches = new Int32Array(4096);
  generation = 0;

  /** Room for `count` matches, keeping those already there. */
  reserve(count: number): void {
    this.keys = ensureCapacity(this.keys, count, (n) => new Float64Array(n));
    this.matches = ensureCapacity(this.matches, count, (n) => new Int32Array(n));
  }

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

export class MemorySearcher {
  private readonly scratch = new Scratch();
  /** Per query: where reading further back in a posting list goes on from. */
  private readonly resumeAt = new Map<IntList, number>();

  constructor(private readonly index: MemoryIndex) {}

  /** `needed`: how many results from the top must be in their final order (a page's end). */
  search(parsed: ParsedQuery, filters: SearchQuery['filters'], sort: SearchSort, needed = MAX_TOTAL_HITS): MemorySearchResult {
    const plan = planQuery(this.index, parsed);
    const accepts = this.filterPredicate(filters);
    if (plan.units.length === 0) {
      const ordinals = this.browse(accepts);
      return { ordinals, facetOrdinals: ordinals, total: ordinals.length, corrections: [], highlightWords: plan.highlightWords };
    }
    if (plan.required.some((i) => !plan.units[i]?.matchable) || plan.content.every((i) => !plan.units[i]?.matchable)) {
      return { ordinals: [], facetOrdinals: [], total: 0, corrections: plan.corrections, highlightWords: plan.highlightWords };
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
    if (plan.exactPrefixWord !== undefined) slots[plan.exactPrefixWord] = (slots[plan.exactPrefixWord] ?? 0) | EXACT_WORD_BIT;
    try {
      const single = this.singleWordQuery(plan, accepts, sort, needed);
      if (single) return single;
      let candidates = this.candidates(plan);
      this.scratch.reserve(candidates.length);
      let { keys, matches } = this.scratch;
      let matchCount = 0;
      let phrases = 0;
      const required = this.requiredPostings(plan);
      let requiredPairs: PostingProbe[] = [];
      const evaluate = () => {
        for (const ordinal of candidates) {
          if (this.index.alive[ordinal] !== 1 || !accepts(ordinal)) continue;
          // A binary search per required word is far cheaper than reading the document's words.
          if (!holdsAll(required, requiredPairs, ordinal)) continue;
          const key = this.relevanceKey(ordinal, plan);
          if (key < 0) continue;
          if (hasPhrase(key)) phrases++;
          keys[matchCount] = sort === 'newest' ? (this.index.published[ordinal] ?? 0) : key;
          matches[matchCount++] = ordinal;
        }
      };
      evaluate();
      // The first pass read only the newest postings of the rarest word. When fewer than a page
      // of works have the whole query side by side (a remembered phrase, "beautiful and highly"),
      // read on, looking only at documents that hold every word (and every pair of neighbouring
      // common words) by binary search: through the rarest such pair when there is one, else
      // further back in the rarest word's postings.
      const more = (found: number[]) => {
        candidates = found;
        this.scratch.reserve(matchCount + candidates.length);
        ({ keys, matches } = this.scratch);
        evaluate();
      };
      if (phrases < PHRASE_PAGE && plan.slotCount >= 2 && !plan.pasted) {
        const pairs = this.commonPairs(plan);
        requiredPairs = pairs.slice(1).map((list) => new PostingProbe(list));
        const driver = pairs[0] ?? this.driverPostings(plan);
        for (let read = 0; driver && phrases < PHRASE_PAGE && read < PHRASE_SCAN_LIMIT; read += SCAN_LIMIT) {
          const found = this.unseenPostings(driver, SCAN_LIMIT);
          if (found.length === 0) break;
          more(found);
        }
      }
      return { ...this.rank(keys.subarray(0, matchCount), matches.subarray(0, matchCount), needed), corrections: plan.corrections, highlightWords: plan.highlightWords };
    } finally {
      for (const id of marked) slots[id] = 0;
      this.resumeAt.clear();
    }
  }

  /** For each word position every result must have: the posting lists that satisfy it. */
  private requiredPostings(plan: QueryPlan): PostingProbe[][] {
    const lists: PostingProbe[][] = [];
    for (const i of plan.required) {
      for (const ids of plan.units[i]?.alternatives ?? []) {
        const group: PostingProbe[] = [];
        for (const id of ids) {
          const list = this.index.vocabulary.postings[id];
          if (list) group.push(new PostingProbe(list));
        }
        lists.push(group);
      }
    }
    return lists;
  }

  /**
   * A query of one word (or one word being typed): every posting holds it, and its list says in
   * which field, so no document's words need reading. Ranks exactly as relevanceKey would.
   */
  private singleWordQuery(plan: QueryPlan, accepts: (ordinal: number) => boolean, sort: SearchSort, needed: number): MemorySearchResult | undefined {
    const unit = plan.units[0];
    if (plan.units.length !== 1 || plan.excluded.length > 0 || !unit || unit.alternatives.length !== 1) return undefined;
    const ids = unit.alternatives[0] ?? [];
    const { stamp } = this.scratch;
    const generation = this.scratch.generation;
    const { published, start, promptEnd } = this.index;
    const averageWords = this.index.averagePromptWords;
    // Every posting read may match: room for them all at once (no check per posting).
    this.scratch.reserve(SCAN_LIMIT + ids.length);
    const { keys, matches } = this.scratch;
    let count = 0;
    this.forNewestPostings(ids, SCAN_LIMIT, (ordinal, id, field) => {
      if (stamp[ordinal] === generation) return;
      stamp[ordinal] = generation;
      if (!accepts(ordinal)) return;
      const promptWords = (promptEnd[ordinal] ?? 0) - (start[ordinal] ?? 0);
      const weight = field === FIELD_PROMPT ? unit.weight / (0.5 + (0.5 * promptWords) / averageWords) : 0;
      const inPrompt = field === FIELD_PROMPT ? 1 : 0;
      const exact = plan.exactPrefixWord === undefined || (id === plan.exactPrefixWord && inPrompt === 1) ? 1 : 0;
      keys[count] = sort === 'newest' ? (published[ordinal] ?? 0) : packKey(1, inPrompt, exact, 0, 3 - field, unit.common ? 1 : 0, weight);
      matches[count++] = ordinal;
    });
    const ranked = this.rank(this.scratch.keys.subarray(0, count), this.scratch.matches.subarray(0, count), needed);
    return { ...ranked, corrections: plan.corrections, highlightWords: plan.highlightWords };
  }

  /**
   * The newest live postings of one word position, about `limit` of them: a word being typed
   * reads each completion's newest postings in proportion to its share of the position. Dead
   * postings are skipped, at most as many as the share (work stays bounded).
   */
  private forNewestPostings(ids: number[], limit: number, visit: (ordinal: number, id: number, field: number) => void): void {
    const { alive } = this.index;
    const positionTotal = Math.max(1, total(this.index, ids));
    for (const id of ids) {
      const list = this.index.vocabulary.postings[id];
      if (!list) continue;
      const share = Math.max(1, Math.ceil((limit * this.index.vocabulary.frequency(id)) / positionTotal));
      const stop = Math.max(0, list.length - share * 2);
      for (let i = list.length - 1, taken = 0; i >= stop && taken < share; i--) {
        const ordinal = list.values[i] ?? 0;
        if (alive[ordinal] !== 1) continue;
        taken++;
        visit(ordinal, id, list.fields[i] ?? FIELD_AUTHOR);
      }
    }
  }

  /**
   * The postings of the rarest required word position: one list, or for a word being typed the
   * lists of its completions merged (capped: the rarest position is rarely large).
   */
  private driverPostings(plan: QueryPlan): IntList | undefined {
    let rarest: number[] | undefined;
    for (const i of plan.required) {
      for (const ids of plan.units[i]?.alternatives ?? []) {
        if (!rarest || total(this.index, ids) < total(this.index, rarest)) rarest = ids;
      }
    }
    if (!rarest || rarest.length === 0) return undefined;
    const lists = rarest.map((id) => this.index.vocabulary.postings[id]).filter((list): list is PostingList => list !== undefined);
    if (lists.length === 1) return lists[0];
    const merged = new IntList(0);
    const values = new Int32Array(Math.min(MERGED_DRIVER_LIMIT, lists.reduce((sum, list) => sum + list.length, 0)));
    let length = 0;
    for (const list of lists) {
      const take = Math.min(list.length, values.length - length);
      values.set(list.values.subarray(list.length - take, list.length), length);
      length += take;
    }
    merged.values = values.subarray(0, length).sort();
    merged.length = length;
    return merged;
  }

  /** The postings of the query's neighbouring words that are both common, fewest first. */
  private commonPairs(plan: QueryPlan): IntList[] {
    const slotWords: (number | undefined)[] = [];
    for (const unit of plan.units) for (const ids of unit.alternatives) slotWords.push(ids.length === 1 ? ids[0] : undefined);
    const pairs: IntList[] = [];
    for (let slot = 1; slot < slotWords.length; slot++) {
      const [first, second] = [slotWords[slot - 1], slotWords[slot]];
      if (first === undefined || second === undefined) continue;
      const list = this.index.pairList(first, second);
      if (list) pairs.push(list);
    }
    return pairs.sort((a, b) => a.length - b.length);
  }

  /**
   * The newest live postings of the list not yet looked at by this query. Postings already seen
   * are skipped by their stamp; where the last call stopped is remembered per list.
   */
  private unseenPostings(list: IntList, limit: number): number[] {
    const { stamp } = this.scratch;
    const generation = this.scratch.generation;
    const found: number[] = [];
    const from = this.resumeAt.get(list) ?? list.length - 1;
    let i = from;
    for (; i >= 0 && found.length < limit; i--) {
      const ordinal = list.values[i] ?? 0;
      if (stamp[ordinal] === generation || this.index.alive[ordinal] !== 1) continue;
      stamp[ordinal] = generation;
      found.push(ordinal);
    }
    this.resumeAt.set(list, i);
    return found;
  }

  /** Documents worth checking word by word, newest postings first when a word is too common to read whole. */
  private candidates(plan: QueryPlan): number[] {
    const { stamp, hits } = this.scratch;
    const generation = this.scratch.generation;
    const found: number[] = [];
    const collect = (unit: PlannedUnit, limit: number) => {
      // A phrase is found through its rarest word.
      const rarest = unit.alternatives.reduce((best, ids) => (total(this.index, ids) < total(this.index, best) ? ids : best));
      this.forNewestPostings(rarest, limit, (ordinal) => {
        if (stamp[ordinal] !== generation) {
          stamp[ordinal] = generation;
          hits[ordinal] = 0;
          found.push(ordinal);
        }
        hits[ordinal] = (hits[ordinal] ?? 0) + 1;
      });
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
    // Those found through the most driver words (a counting pass, not a sort).
    const perCount = new Int32Array(MAX_SLOTS + 2);
    for (const ordinal of found) perCount[hits[ordinal] ?? 0]!++;
    let level = MAX_SLOTS + 1;
    for (let kept = 0; level > 0 && kept + (perCount[level] ?? 0) < CANDIDATE_LIMIT; level--) kept += perCount[level] ?? 0;
    const chosen: number[] = [];
    for (const ordinal of found) if ((hits[ordinal] ?? 0) > level) chosen.push(ordinal);
    for (const ordinal of found) {
      if (chosen.length >= CANDIDATE_LIMIT) break;
      if ((hits[ordinal] ?? 0) === level) chosen.push(ordinal);
    }
    return chosen;
  }

  /**
   * Reads the document's words once: which units match, where, and how many query words sit
   * side by side. Returns a number that orders documents by relevance (higher is better), or -1
   * when the document does not qualify: words matched, then query words side by side (phrases),
   * then where they matched (prompt > model/tags > author), then common words matched, then the
   * length-normalised weight of the words (to 1/1024).
   */
  private relevanceKey(ordinal: number, plan: QueryPlan): number {
    const { pool } = this.index;
    const slots = this.scratch.wordSlots;
    const startBits = plan.startBits;
    const first = this.index.start[ordinal] ?? 0;
    const promptEnd = this.index.promptEnd[ordinal] ?? 0;
    const keywordsEnd = this.index.keywordsEnd[ordinal] ?? 0;
    const end = this.index.end[ordinal] ?? 0;
    // A run ending at a unit's last slot means the unit (a word, or a phrase word by word) matched.
    let inPrompt = 0;
    let inKeywords = 0;
    let inAuthor = 0;
    let adjacent = 0;
    let run = 0;
    let previous = 0;
    // The whole query, word after word, from its first word: the exact phrase.
    let chain = 0;
    let phrase = 0;
    let exact = plan.exactPrefixWord === undefined ? 1 : 0;
    for (let position = first; position < promptEnd; position++) {
      const mask = slots[pool[position]!]!;
      if (mask === 0) {
        run = 0;
        previous = 0;
        chain = 0;
        continue;
      }
      run = ((run << 1) | startBits) & mask;
      inPrompt |= run;
      adjacent |= (previous << 1) & mask;
      chain = ((chain << 1) | 1) & mask;
      phrase |= chain & plan.masks.lastSlotBit;
      if ((mask & EXACT_WORD_BIT) !== 0) exact = 1;
      previous = mask;
    }
    // Keywords and author: a unit matches there too, word by word, but ranks nothing else.
    run = 0;
    for (let position = promptEnd; position < keywordsEnd; position++) {
      run = ((run << 1) | startBits) & (slots[pool[position]!]!);
      inKeywords |= run;
    }
    run = 0;
    for (let position = keywordsEnd; position < end; position++) {
      run = ((run << 1) | startBits) & (slots[pool[position]!]!);
      inAuthor |= run;
    }
    const anywhere = inPrompt | inKeywords | inAuthor;
    const { requiredBits, excludedBits, contentBits, commonBits } = plan.masks;
    if ((anywhere & excludedBits) !== 0 || (anywhere & requiredBits) !== requiredBits) return -1;
    const matchedBits = anywhere & contentBits;
    if (matchedBits === 0) return -1;
    const promptBits = inPrompt & contentBits;
    const keywordBits = inKeywords & contentBits & ~promptBits;
    const fields = 3 * popcount(promptBits) + 2 * popcount(keywordBits) + popcount(matchedBits & ~promptBits & ~keywordBits);
    const weight = weightOf(promptBits, plan.masks.weightOfSlot);
    // A pasted prompt is most like the prompts sharing its rarer words, not merely the most words
    // ("masterpiece, best quality" are in half the prompts pasted): weights, to a quarter.
    const matched = plan.pasted ? Math.round(4 * weightOf(matchedBits, plan.masks.weightOfSlot)) : popcount(matchedBits);
    const common = popcount(anywhere & commonBits);
    // Shorter prompts carry a word more strongly (BM25's length normalisation, b = 0.5).
    const lengthNorm = 1 / (0.5 + (0.5 * (promptEnd - first)) / this.index.averagePromptWords);
    return packKey(matched, phrase === 0 ? 0 : 1, exact, popcount(adjacent), fields, common, weight * lengthNorm);
  }

  /**
   * Orders the matches by key (then newest, then last added), spread out near-identical prompts.
   * Only as many as the page needs are put in order (with a margin for spreading); the facets
   * count the best MAX_TOTAL_HITS whatever their order.
   */
  private rank(keys: Float64Array, matches: Int32Array, needed: number): Pick<MemorySearchResult, 'ordinals' | 'facetOrdinals' | 'total'> {
    const best = indexesAtLeast(keys, MAX_TOTAL_HITS);
    const facetOrdinals = best.map((i) => matches[i] ?? 0);
    const total = Math.min(matches.length, MAX_TOTAL_HITS);
    for (let ordered = Math.min(best.length, needed + RANK_MARGIN); ; ordered = best.length) {
      const ranked = inOrder(best, keys, matches, this.index.published, ordered);
      const { ordinals, settled } = this.spreadNearIdentical(ranked);
      if (settled >= needed || ordered >= best.length) return { ordinals, facetOrdinals, total };
    }
  }

  /**
   * Near-identical prompts (the same first words: reposts, seeds and small variations of one
   * prompt) are spread out: after the first two of a group, each next one waits until
   * GROUP_SPACING other results were shown, so a family of variants never fills a page, yet
   * none is hidden or pushed out of reach.
   */
  private spreadNearIdentical(ranked: number[]): { ordinals: number[]; settled: number } {
    const { groupKey } = this.index;
    const placed = new Map<number, { count: number; lastAt: number }>();
    const shown: number[] = [];
    const waiting: { ordinal: number; group: number }[] = [];
    const earliest = (group: number) => {
      const state = placed.get(group);
      return !state || state.count < PER_GROUP_BEFORE_SPACING ? 0 : state.lastAt + GROUP_SPACING + 1;
    };
    const place = (ordinal: number, group: number) => {
      const state = placed.get(group) ?? { count: 0, lastAt: 0 };
      placed.set(group, { count: state.count + 1, lastAt: shown.length });
      shown.push(ordinal);
    };
    const placeWaiting = () => {
      for (let i = 0; i < waiting.length; i++) {
        const entry = waiting[i];
        if (!entry || earliest(entry.group) > shown.length) continue;
        waiting.splice(i, 1);
        place(entry.ordinal, entry.group);
        i = -1; // placing one may let an earlier-ranked one in
      }
    };
    for (const ordinal of ranked) {
      if (shown.length >= MAX_TOTAL_HITS) break;
      placeWaiting();
      const group = groupKey[ordinal] ?? 0;
      if (group !== 0 && earliest(group) > shown.length) waiting.push({ ordinal, group });
      else place(ordinal, group);
    }
    // Those still waiting at the end of what was ranked go last, in their order.
    const settled = shown.length;
    for (const entry of waiting) shown.push(entry.ordinal);
    return { ordinals: shown.slice(0, MAX_TOTAL_HITS), settled };
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

/** Indexes of the `count` highest keys (ties at the threshold included), in no order. */
function indexesAtLeast(keys: Float64Array, count: number): number[] {
  const threshold = topThreshold(keys, count);
  const kept: number[] = [];
  for (let i = 0; i < keys.length; i++) if ((keys[i] ?? 0) >= threshold) kept.push(i);
  return kept;
}

/** Values gathered for a threshold (keys of the kept matches, or their dates), reused: searches run one at a time. */
let gathered = new Float64Array(1024);

/** The ordinals of the best `count` of `indexes`: key, then newest, then last added. */
function inOrder(indexes: number[], keys: Float64Array, ordinals: Int32Array, published: Float64Array, count: number): number[] {
  let chosen = indexes;
  if (indexes.length > count) {
    gathered = ensureCapacity(gathered, indexes.length, (n) => new Float64Array(n));
    for (let i = 0; i < indexes.length; i++) gathered[i] = keys[indexes[i] ?? 0] ?? 0;
    const threshold = topThreshold(gathered.subarray(0, indexes.length), count);
    chosen = [];
    let tied: number[] = [];
    for (const i of indexes) {
      const key = keys[i] ?? 0;
      if (key > threshold) chosen.push(i);
      else if (key === threshold) tied.push(i);
    }
    // Many documents can share the threshold key (prompts alike in length and words): only the
    // newest of those can still make the cut, so only they are sorted.
    const room = count - chosen.length;
    if (tied.length > room) {
      for (let i = 0; i < tied.length; i++) gathered[i] = published[ordinals[tied[i] ?? 0] ?? 0] ?? 0;
      const newest = topThreshold(gathered.subarray(0, tied.length), room);
      tied = tied.filter((i) => (published[ordinals[i] ?? 0] ?? 0) >= newest);
    }
    chosen = chosen.concat(tied);
  }
  const byRank = (a: number, b: number): number => {
    const keyOrder = (keys[b] ?? 0) - (keys[a] ?? 0);
    if (keyOrder !== 0) return keyOrder;
    const x = ordinals[a] ?? 0;
    const y = ordinals[b] ?? 0;
    return (published[y] ?? 0) - (published[x] ?? 0) || y - x;
  };
  return chosen
    .sort(byRank)
    .slice(0, count)
    .map((i) => ordinals[i] ?? 0);
}

/**
 * The relevance features in one number, ordered as relevance ranks them: words matched, the
 * whole query as an exact phrase in the prompt, the word being typed found as typed (not only a
 * completion of it, in the prompt), query words side by side, where they matched,
 * common words matched, then the score (to 1/1024).
 */
function packKey(matched: number, phrase: number, exact: number, adjacent: number, fields: number, common: number, score: number): number {
  const leading = ((((matched * 2 + phrase) * 2 + exact) * 64 + adjacent) * 256 + fields) * 64 + common;
  return leading * 2 ** 20 + Math.min(2 ** 20 - 1, Math.floor(score * 1024));
}

/** Whether the document is in one list of every group, and in every single list. */
function holdsAll(groups: PostingProbe[][], lists: PostingProbe[], ordinal: number): boolean {
  for (const group of groups) {
    let found = false;
    for (const probe of group) {
      if (probe.has(ordinal)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  for (const probe of lists) if (!probe.has(ordinal)) return false;
  return true;
}

/** The summed weights of the units whose bits are set. */
function weightOf(bits: number, weightOfSlot: Float64Array): number {
  let weight = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) weight += weightOfSlot[31 - Math.clz32(rest & -rest)] ?? 0;
  return weight;
}

/** Whether a relevance key (see packKey) has the whole query as an exact phrase. */
function hasPhrase(key: number): boolean {
  return Math.floor(key / 2 ** 20 / 64 / 256 / 64 / 2) % 2 === 1;
}

function total(index: MemoryIndex, ids: number[]): number {
  return ids.reduce((sum, id) => sum + index.vocabulary.frequency(id), 0);
}

function isNewer(published: Float64Array, a: number, b: number): boolean {
  const [x, y] = [published[a] ?? 0, published[b] ?? 0];
  return x > y || (x === y && a > b);
}

function popcount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
