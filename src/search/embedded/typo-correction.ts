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
    const distance = editDistance(word, isPrefix ? candidate.word.slice(0, word.length) : candidate.word);
    if (distance > budget) continue;
    if (best === undefined || distance < best.distance || (distance === best.distance && candidate.frequency > best.candidate.frequency)) {
      best = { candidate, distance };
    }
  }
  return best?.candidate;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  const [s, t] = [Array.from(a), Array.from(b)];
  // rows[i][j]: the distance between the first i characters of s and the first j characters of t.
  const rows: number[][] = [Array.from({ length: t.length + 1 }, (_, j) => j)];
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    rows.push(row);
    for (let j = 1; j <= t.length; j++) {
      const swapped = i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1];
      row.push(
        Math.min(
          at(i - 1, j) + 1,
          at(i, j - 1) + 1,
          at(i - 1, j - 1) + (s[i - 1] === t[j - 1] ? 0 : 1),
          swapped ? at(i - 2, j - 2) + 1 : Number.POSITIVE_INFINITY,
        ),
      );
    }
  }
  return at(s.length, t.length);
}
