import { PostingList } from './growable.ts';
import { CorrectionChoice, isCorrectable, MIN_CORRECTABLE_LENGTH, typoBudget } from './typo-correction.ts';

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
  /**
   * Per trigram, the words holding it and where: each entry is `id * TRIGRAM_POSITIONS + offset`
   * (the trigram's offset in the padded word), so correct() passes over words that hold a
   * trigram only where no k edits could have moved it.
   */
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
    if (isCorrectionTarget(word)) for (const [gram, offset] of trigramsOf(word)) this.trigramList(gram).push(id * TRIGRAM_POSITIONS + offset);
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

  /** The most frequent live words starting with `prefix` (the word itself included when indexed), most frequent first. */
  expandPrefix(prefix: string): number[] {
    this.mergeUnsorted();
    // A short prefix ("a") has thousands of completions: only the best are kept, never all sorted.
    const best: number[] = [];
    const consider = (id: number) => {
      const frequency = this.documentFrequency[id] ?? 0;
      if (frequency === 0) return;
      if (best.length === MAX_PREFIX_EXPANSIONS && frequency <= this.frequency(best[best.length - 1] ?? 0)) return;
      let at = best.length === MAX_PREFIX_EXPANSIONS ? best.length - 1 : best.length;
      while (at > 0 && this.frequency(best[at - 1] ?? 0) < frequency) {
        best[at] = best[at - 1] ?? 0;
        at--;
      }
      best[at] = id;
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
    return best;
  }

  /**
   * The indexed word the user most likely meant: within the typo budget for the word's length,
   * fewest edits first, then the most frequent. Each edit changes at most four of a word's
   * trigrams (a swap of neighbours; three for the others), so a word within k edits shares at
   * least one of any 4k + 1 of its trigrams: only the 4k + 1 rarest trigram lists are read,
   * however large the vocabulary. k edits also move the trigrams they leave intact by k places
   * at most: a word holding the trigram further away is passed over unread.
   */
  correct(word: string, isPrefix: boolean): number | undefined {
    if (!isCorrectable(word)) return undefined;
    const budget = typoBudget(word.length);
    // A word still being typed has no end yet: its end-of-word trigram says nothing.
    const grams = [...offsetsByTrigram(word)].filter(([gram]) => !(isPrefix && gram.endsWith(' ')));
    const lists = grams
      .map(([gram, offsets]) => ({ entries: this.trigrams.get(gram) ?? [], offsets }))
      .sort((a, b) => a.entries.length - b.entries.length)
      .slice(0, 4 * budget + 1);
    // A word is in several of the lists: each is looked at once (stamped with this call's number).
    if (this.seenIn.length < this.words.length) this.seenIn = new Int32Array(this.documentFrequency.length);
    if (++this.corrections === 2 ** 31) {
      this.seenIn.fill(0);
      this.corrections = 1;
    }
    const call = this.corrections;
    const choice = new CorrectionChoice(word, isPrefix);
    for (const { entries, offsets } of lists) {
      for (const entry of entries) {
        const offset = entry % TRIGRAM_POSITIONS;
        if (!isNear(offsets, offset, budget)) continue;
        const id = (entry - offset) / TRIGRAM_POSITIONS;
        if (this.seenIn[id] === call) continue;
        this.seenIn[id] = call;
        const frequency = this.frequency(id);
        if (frequency > 0) choice.consider(this.words[id] ?? '', frequency, id);
      }
    }
    return choice.bestId;
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

/**
 * Offsets kept per trigram entry; longer ones are stored as this minus one, which only ever lets
 * a word through to the letter-by-letter comparison (indexed words are at most 40 letters anyway).
 */
const TRIGRAM_POSITIONS = 64;

/** Trigrams of the word padded with spaces (so beginnings and ends count too), each with its offset. */
function trigramsOf(word: string): [gram: string, offset: number][] {
  const padded = [' ', ' ', ...word, ' '];
  const grams: [string, number][] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push([padded.slice(i, i + 3).join(''), Math.min(i, TRIGRAM_POSITIONS - 1)]);
  return grams;
}

/** Each distinct trigram of the word with every offset it occurs at. */
function offsetsByTrigram(word: string): Map<string, number[]> {
  const byGram = new Map<string, number[]>();
  for (const [gram, offset] of trigramsOf(word)) byGram.set(gram, [...(byGram.get(gram) ?? []), offset]);
  return byGram;
}

/** Whether one of `offsets` lies within `distance` of `offset`. */
function isNear(offsets: readonly number[], offset: number, distance: number): boolean {
  for (const at of offsets) if (at - offset <= distance && offset - at <= distance) return true;
  return false;
}
