/**
 * Choosing a correction among indexed words, with Meilisearch's typo budget so both engines
 * forgive the same mistakes: none below 5 letters, one from 5, two from 9. A swap of two
 * neighbouring letters ("lonley") counts as one typo.
 */

export const MIN_CORRECTABLE_LENGTH = 5;
const TWO_TYPOS_FROM_LENGTH = 9;

export function typoBudget(length: number): number {
  if (length >= TWO_TYPOS_FROM_LENGTH) return 2;
  return length >= MIN_CORRECTABLE_LENGTH ? 1 : 0;
}

/** Letters only: words with digits ("v5", "8k") are identifiers, and a "correction" would change their meaning. */
export function isCorrectable(word: string): boolean {
  return word.length >= MIN_CORRECTABLE_LENGTH && /^\p{L}+$/u.test(word);
}

/** Whether a word of this length can be within the typo budget of `word` (typed whole, or still being typed). */
export function lengthWithinBudget(word: string, isPrefix: boolean, candidateLength: number): boolean {
  const budget = typoBudget(word.length);
  return isPrefix ? candidateLength >= word.length - budget : Math.abs(candidateLength - word.length) <= budget;
}

/**
 * Chooses the closest of the candidates it is shown within the typo budget: fewest edits, then
 * most frequent (among equally close words, the more common one is meant). A word still being
 * typed is compared with the candidate's beginning: "cyberpnu" is one typo away from
 * "cyberpun(k)". Fed one candidate at a time: the vocabulary weighs hundreds per word, no objects.
 */
export class CorrectionChoice {
  bestId: number | undefined;
  private bestDistance = Number.POSITIVE_INFINITY;
  private bestFrequency = 0;
  private readonly budget: number;
  private readonly distances: DistancesFrom;

  constructor(
    private readonly word: string,
    private readonly isPrefix: boolean,
  ) {
    this.budget = typoBudget(word.length);
    this.distances = new DistancesFrom(word);
  }

  consider(candidate: string, frequency: number, id: number): void {
    // Lengths alone rule most candidates out, before any distance is computed.
    if (!lengthWithinBudget(this.word, this.isPrefix, candidate.length)) return;
    // The closest first; among equally close, one more frequent: no further than the best so far.
    const distance = this.distances.to(candidate, this.isPrefix ? this.word.length : candidate.length, Math.min(this.budget, this.bestDistance));
    if (distance > this.budget) return;
    if (distance < this.bestDistance || (distance === this.bestDistance && frequency > this.bestFrequency)) {
      this.bestId = id;
      this.bestDistance = distance;
      this.bestFrequency = frequency;
    }
  }
}

/** Longest word compared bit-parallel: one bit per code point of a 32-bit number. */
const WORD_BITS = 32;

/**
 * Distances from one typed word to the many indexed words a correction weighs, bit-parallel
 * (Hyyrö's algorithm for the optimal string alignment distance): each position of the typed word
 * is a bit, so a letter of the other word costs a dozen integer operations rather than a row of
 * the table. Longer words use the table (editDistance).
 */
export class DistancesFrom {
  /** Per code point of the typed word: the bits of the positions holding it. */
  private readonly asciiMasks = new Int32Array(128);
  private readonly otherMasks = new Map<number, number>();
  private readonly length: number;
  private readonly lastBit: number;

  constructor(private readonly word: string) {
    let length = 0;
    for (const character of word) {
      const code = character.codePointAt(0) ?? 0;
      if (length < WORD_BITS) {
        const bit = 1 << length;
        if (code < 128) this.asciiMasks[code]! |= bit;
        else this.otherMasks.set(code, (this.otherMasks.get(code) ?? 0) | bit);
      }
      length++;
    }
    this.length = length;
    this.lastBit = length === 0 ? 0 : 1 << (length - 1);
  }

  /**
   * The distance to the first `take` code points of `other` (a prefix, for a word still being
   * typed); `limit`, as for editDistance, only lets the table used for long words stop early.
   */
  to(other: string, take: number, limit = Number.POSITIVE_INFINITY): number {
    if (this.length > WORD_BITS) return editDistance(this.word, take >= other.length ? other : [...other].slice(0, take).join(''), limit);
    if (this.length === 0) return Math.min(take, [...other].length);
    let positive = this.length === WORD_BITS ? -1 : (1 << this.length) - 1;
    let negative = 0;
    let diagonal = 0;
    let previousMask = 0;
    let distance = this.length;
    let taken = 0;
    for (let i = 0; i < other.length && taken < take; i++, taken++) {
      let code = other.charCodeAt(i);
      if (code >= 0xd800 && code < 0xdc00) {
        code = other.codePointAt(i) ?? code;
        i++;
      }
      const mask = code < 128 ? this.asciiMasks[code]! : (this.otherMasks.get(code) ?? 0);
      // Adjacent swap: this letter matches the word's next position and the previous letter its position.
      const swap = (((~diagonal & mask) << 1) & previousMask);
      diagonal = (((mask & positive) + positive) ^ positive) | mask | negative | swap;
      let horizontalPositive = negative | ~(diagonal | positive);
      let horizontalNegative = diagonal & positive;
      if ((horizontalPositive & this.lastBit) !== 0) distance++;
      else if ((horizontalNegative & this.lastBit) !== 0) distance--;
      // The table's first row counts insertions (0, 1, 2, …): a 1 enters at the bottom.
      horizontalPositive = (horizontalPositive << 1) | 1;
      horizontalNegative <<= 1;
      positive = horizontalNegative | ~(diagonal | horizontalPositive);
      negative = horizontalPositive & diagonal;
      previousMask = mask;
    }
    return distance;
  }
}

/** Three rolling rows and the two words as code points, reused: candidates are checked by the thousand per unknown word. */
let rows: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
let codesA = new Int32Array(64);
let codesB = new Int32Array(64);

/** Writes the word's code points into `into` (grown when short); returns the buffer and the count. */
function codePoints(word: string, into: Int32Array<ArrayBuffer>): [Int32Array<ArrayBuffer>, number] {
  const buffer = into.length >= word.length ? into : new Int32Array(word.length * 2);
  let count = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.codePointAt(i) ?? 0;
    if (code > 0xffff) i++;
    buffer[count++] = code;
  }
  return [buffer, count];
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps
 * cost 1. With a `limit`, stops as soon as the distance must exceed it (and returns limit + 1).
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  let sLength: number;
  let tLength: number;
  [codesA, sLength] = codePoints(a, codesA);
  [codesB, tLength] = codePoints(b, codesB);
  const s = codesA;
  const t = codesB;
  const width = tLength + 1;
  if (rows[0].length < width) rows = [new Int32Array(width * 2), new Int32Array(width * 2), new Int32Array(width * 2)];
  // before: row i - 2, previous: row i - 1, current: row i (distances between prefixes of s and t).
  let [before, previous, current] = rows;
  for (let j = 0; j < width; j++) previous[j] = j;
  let previousMinimum = 0;
  for (let i = 1; i <= sLength; i++) {
    current[0] = i;
    let rowMinimum = i;
    const si = s[i - 1] ?? 0;
    for (let j = 1; j < width; j++) {
      const tj = t[j - 1] ?? 0;
      let best = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (si === tj ? 0 : 1));
      if (i > 1 && j > 1 && si === t[j - 2] && s[i - 2] === tj) best = Math.min(best, (before[j - 2] ?? 0) + 1);
      current[j] = best;
      if (best < rowMinimum) rowMinimum = best;
    }
    // Every later row is at least min(this row, the one before + 1): past the limit for good.
    if (rowMinimum > limit && previousMinimum >= limit) return limit + 1;
    previousMinimum = rowMinimum;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return Math.min(previous[width - 1] ?? 0, limit + 1);
}
