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

export interface CorrectionCandidate {
  word: string;
  /** Documents containing the word: among equally close words, the more common one is meant. */
  frequency: number;
  id: number;
}

/**
 * The closest candidate within the typo budget, or undefined: fewest edits, then most frequent.
 * A word still being typed is compared with the candidate's beginning: "cyberpnu" is one typo
 * away from "cyberpun(k)".
 */
export function chooseCorrection(
  word: string,
  isPrefix: boolean,
  candidates: readonly CorrectionCandidate[],
): CorrectionCandidate | undefined {
  const budget = typoBudget(word.length);
  let best: { candidate: CorrectionCandidate; distance: number } | undefined;
  for (const candidate of candidates) {
    // Lengths alone rule most candidates out, before any distance is computed.
    if (!lengthWithinBudget(word, isPrefix, candidate.word.length)) continue;
    const distance = editDistance(word, isPrefix ? candidate.word.slice(0, word.length) : candidate.word, budget);
    if (distance > budget) continue;
    if (best === undefined || distance < best.distance || (distance === best.distance && candidate.frequency > best.candidate.frequency)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
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
