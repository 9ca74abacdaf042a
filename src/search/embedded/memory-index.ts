import type { Aspect } from '../../artworks/aspect.ts';
import { promptWords } from '../text/prompt-tokens.ts';
import { ensureCapacity, IntList } from './growable.ts';
import { Vocabulary } from './vocabulary.ts';

/** What matching, ranking, filtering and folding read of a document. */
export interface IndexedDocument {
  id: string;
  prompt: string;
  /** Model name and tags. */
  keywords: string;
  /** Author handle and name. */
  author: string;
  model: string | null;
  source: string;
  aspect: Aspect;
  nsfw: boolean;
  /** Unix epoch milliseconds, or null. */
  publishedAt: number | null;
}

export const ASPECT_CODES: readonly Aspect[] = ['square', 'portrait', 'landscape'];
/** Words kept per field: enough for any real prompt (p90 is 47 words), bounded for hostile ones. */
const MAX_FIELD_WORDS = 1000;
/** Prompts that begin with the same words are near-identical variants of one idea. */
const GROUP_PREFIX_WORDS = 6;
/** Words in more than this share of prompts get pair postings with their common neighbours. */
const COMMON_WORD_SHARE = 0.02;
const COMMON_WORDS_FROM_DOCUMENTS = 2_000;

/** Facet values (models, sources), each stored once and matched without regard to case. */
class ValueDictionary {
  readonly values: string[] = [];
  private readonly codes = new Map<string, number>();
  private readonly byFolded = new Map<string, number[]>();

  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
      const folded = value.toLowerCase();
      this.byFolded.set(folded, [...(this.byFolded.get(folded) ?? []), code]);
    }
    return code;
  }

  /** Codes of every stored value equal to one of these, ignoring case. */
  codesMatching(values: readonly string[]): Set<number> {
    return new Set(values.flatMap((value) => this.byFolded.get(value.toLowerCase()) ?? []));
  }
}

/**
 * The embedded engine's in-memory index. Documents get consecutive ordinals as they are added;
 * their words live in one shared pool of word ids (prompt, then keywords, then author), and each
 * word's posting list names the ordinals containing it. Replacing or deleting a document marks
 * its ordinal dead; posting lists are never edited, readers skip dead ordinals.
 */
export class MemoryIndex {
  readonly vocabulary = new Vocabulary();
  /**
   * Common grams: postings for two common words side by side in a prompt ("beautiful and",
   * "and highly"), so a phrase made only of common words is found without reading every
   * document that holds them. Which words count as common is fixed when the index is loaded.
   */
  private commonWords = new Uint8Array(0);
  readonly pairPostings = new Map<number, IntList>();
  readonly models = new ValueDictionary();
  readonly sources = new ValueDictionary();

  ids: string[] = [];
  private readonly ordinals = new Map<string, number>();
  count = 0;
  liveCount = 0;
  /** Sum of live prompt lengths, for length normalisation. */
  private promptWordTotal = 0;

  pool = new Uint32Array(1 << 16);
  poolLength = 0;
  /** Per ordinal: where its words start, where its prompt ends, where its keywords end, where it ends. */
  start = new Int32Array(1024);
  promptEnd = new Int32Array(1024);
  keywordsEnd = new Int32Array(1024);
  end = new Int32Array(1024);
  model = new Int32Array(1024);
  source = new Int32Array(1024);
  aspect = new Uint8Array(1024);
  nsfw = new Uint8Array(1024);
  alive = new Uint8Array(1024);
  published = new Float64Array(1024);
  /** Same first words: near-identical variants, spread out rather than filling a page (0: no prompt). */
  groupKey = new Int32Array(1024);

  get averagePromptWords(): number {
    return this.liveCount === 0 ? 1 : Math.max(1, this.promptWordTotal / this.liveCount);
  }

  add(document: IndexedDocument): void {
    this.remove(document.id);
    const ordinal = this.count++;
    this.reserve(ordinal + 1);
    const prompt = promptWords(document.prompt).slice(0, MAX_FIELD_WORDS);
    const keywords = promptWords(document.keywords).slice(0, MAX_FIELD_WORDS);
    const author = promptWords(document.author).slice(0, MAX_FIELD_WORDS);

    const first = this.poolLength;
    this.pool = ensureCapacity(this.pool, first + prompt.length + keywords.length + author.length, (n) => new Uint32Array(n));
    [prompt, keywords, author].forEach((words, field) => {
      for (const word of words) {
        const id = this.vocabulary.intern(word);
        this.pool[this.poolLength++] = id;
        this.vocabulary.addPosting(id, ordinal, field);
      }
    });

    this.ids[ordinal] = document.id;
    this.ordinals.set(document.id, ordinal);
    this.start[ordinal] = first;
    this.promptEnd[ordinal] = first + prompt.length;
    this.keywordsEnd[ordinal] = first + prompt.length + keywords.length;
    this.end[ordinal] = this.poolLength;
    this.model[ordinal] = document.model === null ? -1 : this.models.code(document.model);
    this.source[ordinal] = this.sources.code(document.source);
    this.aspect[ordinal] = Math.max(0, ASPECT_CODES.indexOf(document.aspect));
    this.nsfw[ordinal] = document.nsfw ? 1 : 0;
    this.published[ordinal] = document.publishedAt ?? Number.NEGATIVE_INFINITY;
    this.groupKey[ordinal] = prompt.length === 0 ? 0 : hashWords(prompt.slice(0, GROUP_PREFIX_WORDS));
    this.alive[ordinal] = 1;
    this.postPairs(ordinal);
    this.liveCount++;
    this.promptWordTotal += prompt.length;
  }

  remove(id: string): void {
    const ordinal = this.ordinals.get(id);
    if (ordinal === undefined) return;
    this.ordinals.delete(id);
    this.alive[ordinal] = 0;
    this.liveCount--;
    this.promptWordTotal -= (this.promptEnd[ordinal] ?? 0) - (this.start[ordinal] ?? 0);
    const distinct = new Set(this.pool.subarray(this.start[ordinal], this.end[ordinal]));
    for (const word of distinct) this.vocabulary.documentFrequency[word] = (this.vocabulary.documentFrequency[word] ?? 1) - 1;
  }

  /** Fixes the common words (after the initial load) and posts the pairs of every document so far. */
  freezeCommonWords(): void {
    const documents = this.liveCount;
    this.commonWords = new Uint8Array(this.vocabulary.size);
    if (documents < COMMON_WORDS_FROM_DOCUMENTS) return;
    for (let id = 0; id < this.vocabulary.size; id++) {
      if (this.vocabulary.frequency(id) > COMMON_WORD_SHARE * documents) this.commonWords[id] = 1;
    }
    this.pairPostings.clear();
    for (let ordinal = 0; ordinal < this.count; ordinal++) if (this.alive[ordinal] === 1) this.postPairs(ordinal);
  }

  /** The postings of two words side by side, when both are common words (else undefined). */
  pairList(first: number, second: number): IntList | undefined {
    if (this.commonWords[first] !== 1 || this.commonWords[second] !== 1) return undefined;
    return this.pairPostings.get(pairKey(first, second)) ?? EMPTY_LIST;
  }

  private postPairs(ordinal: number): void {
    const { pool, commonWords } = this;
    const end = this.promptEnd[ordinal] ?? 0;
    for (let position = (this.start[ordinal] ?? 0) + 1; position < end; position++) {
      const [first, second] = [pool[position - 1] ?? 0, pool[position] ?? 0];
      if (commonWords[first] !== 1 || commonWords[second] !== 1) continue;
      const key = pairKey(first, second);
      let list = this.pairPostings.get(key);
      if (!list) {
        list = new IntList();
        this.pairPostings.set(key, list);
      }
      if (list.values[list.length - 1] !== ordinal || list.length === 0) list.push(ordinal);
    }
  }

  /** Share of ordinals that are dead: past a point, rebuilding the index is cheaper than skipping them. */
  get deadShare(): number {
    return this.count === 0 ? 0 : 1 - this.liveCount / this.count;
  }

  private reserve(size: number): void {
    this.start = ensureCapacity(this.start, size, (n) => new Int32Array(n));
    this.promptEnd = ensureCapacity(this.promptEnd, size, (n) => new Int32Array(n));
    this.keywordsEnd = ensureCapacity(this.keywordsEnd, size, (n) => new Int32Array(n));
    this.end = ensureCapacity(this.end, size, (n) => new Int32Array(n));
    this.model = ensureCapacity(this.model, size, (n) => new Int32Array(n));
    this.source = ensureCapacity(this.source, size, (n) => new Int32Array(n));
    this.aspect = ensureCapacity(this.aspect, size, (n) => new Uint8Array(n));
    this.nsfw = ensureCapacity(this.nsfw, size, (n) => new Uint8Array(n));
    this.alive = ensureCapacity(this.alive, size, (n) => new Uint8Array(n));
    this.published = ensureCapacity(this.published, size, (n) => new Float64Array(n));
    this.groupKey = ensureCapacity(this.groupKey, size, (n) => new Int32Array(n));
  }
}

const EMPTY_LIST = new IntList(0);

/** Word ids stay below 2^26 here: two fit exactly in a double. */
function pairKey(first: number, second: number): number {
  return first * 2 ** 26 + second;
}

/** FNV-1a over the words: equal word sequences, equal keys (collisions only cost a fold). */
function hashWords(words: readonly string[]): number {
  let hash = 0x811c9dc5;
  for (const word of words) {
    for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x20, 0x01000193);
  }
  return hash | 0;
}
