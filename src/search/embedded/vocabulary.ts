import { PostingList } from './growable.ts';
import { chooseCorrection, isCorrectable, type CorrectionCandidate, lengthWithinBudget, MIN_CORRECTABLE_LENGTH, typoBudget } from './typo-correction.ts';

/** Expansions of a word being typed: the most frequent indexed words that start with it. */
const MAX_PREFIX_EXPANSIONS = 24;
/** New words are kept unsorted until there are this many, then merged into the sorted list. */
const UNSORTED_LIMIT = 4096;

/**
 * Every indexed word: its id, how many live documents contain it, and its posting list (the
 * documents, in the order they were added). Also answers "which words start with…" and
 * "which indexed word did the user mean", both without touching the documents.
 */
export class Vocabulary {
  private readonly ids = new Map<string, number>();
  readonly words: string[] = [];
  readonly postings: PostingList[] = [];
  documentFrequency = new Int32Array(1024);
  /** The last document each word was posted for: a word repeated in a document is posted once. */
  private lastPosted = new Int32Array(1024).fill(-1);

  private sorted: number[] = [];
  private unsorted: number[] = [];
  private readonly trigrams = new Map<string, number[]>();
  /** Which call of correct() last looked at each word. */
  private seenIn = new Int32Array(0);
  private corrections = 0;

  get size(): number {
    return this.words.length;
  }

  idOf(word: string): number | undefined {
    return this.ids.get(word);
  }

  /** The word's id, adding it when new. */
  intern(word: string): number {
    const known = this.ids.get(word);
    if (known !== undefined) return known;
    const id = this.words.length;
    this.ids.set(word, id);
    this.words.push(word);
    this.postings.push(new PostingList());
    if (id >= this.documentFrequency.length) {
      const grown = new Int32Array(this.documentFrequency.length * 2);
      grown.set(this.documentFrequency);
      this.documentFrequency = grown;
      const posted = new Int32Array(grown.length).fill(-1);
      posted.set(this.lastPosted);
      this.lastPosted = posted;
    }
    this.unsorted.push(id);
    if (isCorrectionTarget(word)) for (const gram of trigramsOf(word)) this.trigramList(gram).push(id);
    return id;
  }

  /**
   * Records that the document contains the word: once per document however often it repeats,
   * with the first field it was met in (fields are added best first).
   */
  addPosting(id: number, ordinal: number, field: number): void {
    if (this.lastPosted[id] === ordinal) return;
    this.lastPosted[id] = ordinal;
    this.postings[id]?.add(ordinal, field);
    this.documentFrequency[id] = (this.documentFrequency[id] ?? 0) + 1;
  }

  frequency(id: number): number {
    return this.documentFrequency[id] ?? 0;
  }

  /** The most frequent live words starting with `prefix` (the word itself included when indexed). */
  expandPrefix(prefix: string): number[] {
    this.mergeUnsorted();
    const found: number[] = [];
    const consider = (id: number) => {
      if ((this.documentFrequency[id] ?? 0) > 0) found.push(id);
    };
    let low = 0;
    let high = this.sorted.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.words[this.sorted[middle] ?? 0] ?? '') < prefix) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < this.sorted.length; i++) {
      const id = this.sorted[i] ?? 0;
      if (!(this.words[id] ?? '').startsWith(prefix)) break;
      consider(id);
    }
    for (const id of this.unsorted) if ((this.words[id] ?? '').startsWith(prefix)) consider(id);
    found.sort((a, b) => this.frequency(b) - this.frequency(a));
    return found.slice(0, MAX_PREFIX_EXPANSIONS);
  }

  /**
   * The indexed word the user most likely meant: within the typo budget for the word's length,
   * fewest edits first, then the most frequent. Each edit changes at most four of a word's
   * trigrams (a swap of neighbours; three for the others), so a word within k edits shares at
   * least one of any 4k + 1 of its trigrams: only the 4k + 1 rarest trigram lists are read,
   * however large the vocabulary.
   */
  correct(word: string, isPrefix: boolean): number | undefined {
    if (!isCorrectable(word)) return undefined;
    // A word still being typed has no end yet: its end-of-word trigram says nothing.
    const grams = [...trigramsOf(word)].filter((gram) => !(isPrefix && gram.endsWith(' ')));
    const lists = grams.map((gram) => this.trigrams.get(gram) ?? []).sort((a, b) => a.length - b.length);
    // A word is in several of the lists: each is looked at once (stamped with this call's number).
    if (this.seenIn.length < this.words.length) this.seenIn = new Int32Array(this.documentFrequency.length);
    if (++this.corrections === 2 ** 31) {
      this.seenIn.fill(0);
      this.corrections = 1;
    }
    const call = this.corrections;
    const candidates: CorrectionCandidate[] = [];
    for (const list of lists.slice(0, 4 * typoBudget(word.length) + 1)) {
      for (const id of list) {
        if (this.seenIn[id] === call) continue;
        this.seenIn[id] = call;
        const candidate = this.words[id] ?? '';
        // Lengths alone rule most words out: only those left are compared letter by letter.
        if (this.frequency(id) > 0 && lengthWithinBudget(word, isPrefix, candidate.length)) {
          candidates.push({ word: candidate, frequency: this.frequency(id), id });
        }
      }
    }
    return chooseCorrection(word, isPrefix, candidates)?.id;
  }

  private trigramList(gram: string): number[] {
    let list = this.trigrams.get(gram);
    if (!list) {
      list = [];
      this.trigrams.set(gram, list);
    }
    return list;
  }

  private mergeUnsorted(): void {
    if (this.unsorted.length < UNSORTED_LIMIT && this.sorted.length > 0) return;
    if (this.unsorted.length === 0) return;
    const byWord = (a: number, b: number) => {
      const [x, y] = [this.words[a] ?? '', this.words[b] ?? ''];
      return x < y ? -1 : x > y ? 1 : 0;
    };
    this.sorted = [...this.sorted, ...this.unsorted.sort(byWord)].sort(byWord);
    this.unsorted = [];
  }
}

/** A 5-letter typo can be one letter away from a 4-letter word ("citty" → "city"). */
function isCorrectionTarget(word: string): boolean {
  return word.length >= MIN_CORRECTABLE_LENGTH - 1 && /^\p{L}+$/u.test(word);
}

/** Trigrams of the word padded with spaces, so beginnings and ends count too. */
function trigramsOf(word: string): Set<string> {
  const padded = [' ', ' ', ...word, ' '];
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3).join(''));
  return grams;
}
