import type { ParsedQuery, QueryUnit } from '../query-syntax.ts';
import type { MemoryIndex } from './memory-index.ts';

/**
 * Word positions a query can tell apart in one 32-bit mask (a pasted prompt's first 30 distinct
 * words; the rest of a very long paste barely changes what is most similar).
 */
export const MAX_SLOTS = 30;
/** A unit is "very common" when more than this share of documents contain it (as "of", "a", "detailed"). */
const COMMON_SHARE = 0.04;
/** Below this many documents no word counts as common: every word decides. */
const COMMON_FROM_DOCUMENTS = 2_000;
/** Queries of up to this many words get typo correction and completion of the last word. */
const FORGIVING_UP_TO_UNITS = 8;
/** Up to this many content words, all must match; longer queries are pasted prompts, ranked by words matched. */
export const SHORT_QUERY_UNITS = 4;

export interface PlannedUnit {
  /** Bits of this unit's word positions in the query. */
  firstSlot: number;
  lastSlot: number;
  /** Word ids that satisfy each slot (the word, its correction, or the completions of a word being typed). */
  alternatives: number[][];
  /** Documents that may contain the unit (the rarest slot's total). */
  frequency: number;
  /** Inverse document frequency, for the length-normalised score. */
  weight: number;
  quoted: boolean;
  common: boolean;
  /** Every slot has at least one indexed word. */
  matchable: boolean;
}

export interface QueryPlan {
  units: PlannedUnit[];
  excluded: PlannedUnit[];
  /** Unit indexes that every result must contain. */
  required: number[];
  /** Units counted for "words matched" (the common ones only when the query has nothing else). */
  content: number[];
  /** A pasted prompt: results ranked by how many words match, none required. */
  pasted: boolean;
  /** Slot masks: the first slot of every unit (where a phrase may start). */
  startBits: number;
  /** Word positions of the wanted units: a document with slotCount - 1 pairs side by side has the whole query as a phrase. */
  slotCount: number;
  /** The unit lists above as slot-bit masks (a unit's bit is its last slot's), for the per-document check. */
  masks: {
    requiredBits: number;
    excludedBits: number;
    contentBits: number;
    commonBits: number;
    /** A content unit's weight at its bit. */
    weightOfSlot: Float64Array;
    /** The last wanted word position's bit: reached from the first, the query is there as a phrase. */
    lastSlotBit: number;
  };
  /**
   * The last word as typed, when it is being completed and is itself an indexed word: works with
   * the word rank above those with only a completion of it ("color" above "colorful").
   */
  exactPrefixWord: number | undefined;
  corrections: { from: string; to: string }[];
  /** The folded words to highlight. */
  highlightWords: Set<string>;
}

/** Resolves the parsed query against the index's vocabulary: ids, corrections, completions, weights. */
export function planQuery(index: MemoryIndex, parsed: ParsedQuery): QueryPlan {
  const vocabulary = index.vocabulary;
  const corrections: QueryPlan['corrections'] = [];
  let exactPrefixWord: number | undefined;
  const highlightWords = new Set<string>();
  let nextSlot = 0;
  const documents = Math.max(1, index.liveCount);

  const plan = (unit: QueryUnit, isLast: boolean, forgiving: boolean): PlannedUnit | undefined => {
    if (nextSlot + unit.words.length > MAX_SLOTS) return undefined;
    const alternatives = unit.words.map((word) => {
      const exact = vocabulary.idOf(word);
      const found = exact !== undefined && vocabulary.frequency(exact) > 0 ? [exact] : [];
      const single = unit.words.length === 1 && !unit.quoted;
      if (forgiving && single && isLast && parsed.lastIsPrefix) {
        exactPrefixWord = found[0];
        for (const id of vocabulary.expandPrefix(word)) if (!found.includes(id)) found.push(id);
      }
      if (forgiving && single && found.length === 0) {
        const corrected = vocabulary.correct(word, isLast && parsed.lastIsPrefix);
        if (corrected !== undefined) {
          found.push(corrected);
          corrections.push({ from: word, to: vocabulary.words[corrected] ?? word });
        }
      }
      return found;
    });
    const frequency = Math.min(
      ...alternatives.map((ids) => ids.reduce((sum, id) => sum + vocabulary.frequency(id), 0)),
    );
    const firstSlot = nextSlot;
    nextSlot += unit.words.length;
    return {
      firstSlot,
      lastSlot: nextSlot - 1,
      alternatives,
      frequency,
      weight: Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5)),
      quoted: unit.quoted,
      common: index.liveCount >= COMMON_FROM_DOCUMENTS && frequency > COMMON_SHARE * documents,
      matchable: alternatives.every((ids) => ids.length > 0),
    };
  };

  // A long paste is answered by the words it shares with prompts: one mistyped or unfinished
  // word among dozens changes nothing, and correcting each would cost more than the search.
  const forgiving = parsed.units.length <= FORGIVING_UP_TO_UNITS;
  const units: PlannedUnit[] = [];
  parsed.units.forEach((unit, position) => {
    const planned = plan(unit, position === parsed.units.length - 1, forgiving);
    if (!planned) return;
    units.push(planned);
    for (const ids of planned.alternatives) for (const id of ids) highlightWords.add(vocabulary.words[id] ?? '');
  });
  const excluded = parsed.excluded
    .map((unit) => plan(unit, false, false))
    .filter((unit): unit is PlannedUnit => unit !== undefined && unit.matchable);

  const indexes = units.map((_, i) => i);
  const uncommon = indexes.filter((i) => !units[i]?.common);
  const content = uncommon.length > 0 ? uncommon : indexes;
  const pasted = content.length > SHORT_QUERY_UNITS;
  const quoted = indexes.filter((i) => units[i]?.quoted);
  const required = pasted ? quoted : [...new Set([...content, ...quoted])];
  let startBits = 0;
  for (const unit of [...units, ...excluded]) startBits |= 1 << unit.firstSlot;
  const slotCount = units.reduce((count, unit) => count + unit.alternatives.length, 0);
  const bitOf = (unit: PlannedUnit | undefined) => (unit ? 1 << unit.lastSlot : 0);
  const weightOfSlot = new Float64Array(32);
  for (const i of content) {
    const unit = units[i];
    if (unit) weightOfSlot[unit.lastSlot] = unit.weight;
  }
  const masks = {
    requiredBits: required.reduce((bits, i) => bits | bitOf(units[i]), 0),
    excludedBits: excluded.reduce((bits, unit) => bits | bitOf(unit), 0),
    contentBits: content.reduce((bits, i) => bits | bitOf(units[i]), 0),
    commonBits: units.reduce((bits, unit) => (unit.common ? bits | bitOf(unit) : bits), 0),
    weightOfSlot,
    lastSlotBit: slotCount > 0 ? 1 << (slotCount - 1) : 0,
  };
  return { units, excluded, required, content, pasted, startBits, slotCount, masks, exactPrefixWord, corrections, highlightWords };
}
