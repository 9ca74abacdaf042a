import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/search/embedded/vocabulary.ts';
import { CorrectionChoice, editDistance, isCorrectable } from '../../src/search/embedded/typo-correction.ts';

/** A small seeded generator: the same words on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Words over few letters, so many lie within one or two edits of each other (and trigrams repeat inside words). */
function wordsOf(random: () => number, count: number): string[] {
  const letters = 'abnrst';
  const words = new Set<string>();
  while (words.size < count) {
    const length = 3 + Math.floor(random() * 11);
    let word = '';
    for (let i = 0; i < length; i++) word += letters[Math.floor(random() * letters.length)];
    words.add(word);
  }
  return [...words];
}

/** One random edit: substitution, deletion, insertion or a swap of neighbours. */
function mistype(word: string, random: () => number): string {
  const at = Math.floor(random() * word.length);
  const letter = 'abnrstu'[Math.floor(random() * 7)] ?? 'a';
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, at) + letter + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word.slice(at + 1);
    case 2:
      return word.slice(0, at) + letter + word.slice(at);
    default:
      return at + 1 < word.length ? word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2) : word;
  }
}

/** The choice made by weighing every word, as a reference. */
function chooseAmong(words: readonly { word: string; frequency: number; id: number }[], typed: string, isPrefix: boolean): number | undefined {
  const choice = new CorrectionChoice(typed, isPrefix);
  for (const { word, frequency, id } of words) choice.consider(word, frequency, id);
  return choice.bestId;
}

describe('vocabulary typo correction', () => {
  it('finds exactly the word a comparison with every indexed word would choose, typed whole or still being typed', () => {
    const random = seeded(11);
    const vocabulary = new Vocabulary();
    const words = wordsOf(random, 3_000);
    words.forEach((word, i) => {
      const id = vocabulary.intern(word);
      // Frequencies differ, so "the more frequent wins" decides ties.
      for (let document = 0; document <= i % 7; document++) vocabulary.addPosting(id, i * 8 + document, 0);
    });
    const everyWord = words.map((word) => ({ word, frequency: vocabulary.frequency(vocabulary.idOf(word) ?? -1), id: vocabulary.idOf(word) ?? -1 }));
    let corrected = 0;
    for (let trial = 0; trial < 1_500; trial++) {
      const source = words[Math.floor(random() * words.length)] ?? '';
      const typed = trial % 3 === 0 ? mistype(mistype(source, random), random) : mistype(source, random);
      for (const isPrefix of [false, true]) {
        const typedPart = isPrefix ? typed.slice(0, Math.max(5, typed.length - 2)) : typed;
        const expected = isCorrectable(typedPart) ? chooseAmong(everyWord, typedPart, isPrefix) : undefined;
        const found = vocabulary.correct(typedPart, isPrefix);
        // Both pick among the closest, most frequent words: equally good ones may differ only by id.
        const quality = (id: number | undefined) => {
          const entry = everyWord.find((w) => w.id === id);
          return entry && { distance: editDistance(typedPart, isPrefix ? entry.word.slice(0, typedPart.length) : entry.word), frequency: entry.frequency };
        };
        expect({ typedPart, isPrefix, ...quality(found) }).toEqual({ typedPart, isPrefix, ...quality(expected) });
        if (found !== undefined) corrected++;
      }
    }
    // The comparison above is only worth something if most words found a correction.
    expect(corrected).toBeGreaterThan(1_500);
  });
});
