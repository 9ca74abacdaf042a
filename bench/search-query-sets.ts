/**
 * The search benchmark's query sets, drawn deterministically (seeded) from the prompts actually
 * loaded, so they fit whatever corpus is given:
 * - the distinct-query mix: what people type — single words over the whole frequency range,
 *   2–3 word phrases, typos, prefixes as typed, and about 10% with a filter;
 * - pasted prompts: whole prompts of 12–60 words;
 * - known items: three consecutive words of one artwork's prompt, which should bring it into
 *   the first page of 20. A phrase found in more than 20 distinct prompts is redrawn (no engine
 *   could place a given one of those first), and the redraws are counted.
 */
import { MAX_QUERY_LENGTH } from '../src/search/query-syntax.ts';
import { mulberry32 } from './search-corpus.ts';
import { promptWords } from '../src/search/text/prompt-tokens.ts';

export const MIX_KINDS = [
  'common word',
  'mid-frequency word',
  'rare word',
  '2-word phrase',
  '3-word phrase',
  'typo',
  'prefix',
  'phrase, last word a prefix',
  'with a filter',
] as const;
export type MixKind = (typeof MIX_KINDS)[number];

/** Shares of the 3,000-query mix. */
const MIX_QUOTAS: Record<MixKind, number> = {
  'common word': 300,
  'mid-frequency word': 300,
  'rare word': 300,
  '2-word phrase': 450,
  '3-word phrase': 300,
  typo: 450,
  prefix: 300,
  'phrase, last word a prefix': 300,
  'with a filter': 300,
};
const PASTED_PROMPTS = 300;
const PASTED_WORDS = { min: 12, max: 60 };
export const KNOWN_ITEMS = 1_000;
/** The known-item page: the target must be among this many first hits. */
export const KNOWN_ITEM_PAGE = 20;
/** Draws tried per query wanted before a kind gives up (a small corpus has few distinct words). */
const ATTEMPTS_PER_QUERY = 40;
/** Rank bands of the word list sorted by document frequency. */
const COMMON_WORDS = 500;
const MID_WORDS_END = 5_000;
const RARE_DOCUMENT_FREQUENCY = { min: 2, max: 20 };

export interface MixQuery {
  kind: MixKind;
  /** The query string after `/api/search?`. */
  params: string;
}

export interface KnownItem {
  /** Three consecutive words of the target's prompt, as typed. */
  q: string;
  targetId: string;
  /** The target and every artwork whose folded prompt is identical (the engine may show any one of them). */
  acceptedIds: string[];
}

export interface QuerySets {
  mix: MixQuery[];
  pasted: string[];
  knownItems: KnownItem[];
  /** Known-item draws redrawn because their phrase is in more than KNOWN_ITEM_PAGE distinct prompts. */
  knownItemRejected: number;
  /** Draws landing where the prompt has no three consecutive words with letters (numbers, syntax, too short). */
  knownItemUnsuitable: number;
}

export interface LoadedPrompt {
  id: string;
  prompt: string;
  model: string | null;
}

/**
 * Lower-cased, every run of characters other than letters and digits one space: the equality
 * under which the engine folds exact duplicates into one result.
 */
export function foldPrompt(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

const hasLetter = (word: string) => /\p{L}/u.test(word);
const isLetterWord = (word: string, minLength = 2) => word.length >= minLength && word.length <= 20 && /^\p{L}+$/u.test(word);

export function buildQuerySets(loaded: readonly LoadedPrompt[], seed: number): QuerySets {
  const folded = loaded.map((entry) => foldPrompt(entry.prompt));
  // Words as the product defines them (src/search/text): "(castle:1.2)" is castle, "8 k" is 8k,
  // "<lora:x_y:1>" is lora x y; a phrase someone copies is made of these.
  const words = loaded.map((entry) => promptWords(entry.prompt));
  // One generator per set: changing how one set is drawn leaves the others as they were.
  return {
    mix: buildMix(new Drawer(mulberry32(seed), words), loaded, words),
    pasted: buildPasted(loaded, mulberry32(seed + 1)),
    ...buildKnownItems(loaded, folded, words, mulberry32(seed + 2)),
  };
}

/** Random draws from the loaded prompts' words. */
class Drawer {
  constructor(
    readonly random: () => number,
    private readonly words: readonly string[][],
  ) {}

  below(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T | undefined {
    return items[this.below(items.length)];
  }

  /** `count` consecutive words of a random prompt, each accepted by `accept`. */
  consecutive(count: number, accept: (word: string, index: number) => boolean): string[] | undefined {
    const prompt = this.words[this.below(this.words.length)] ?? [];
    if (prompt.length < count) return undefined;
    const start = this.below(prompt.length - count + 1);
    const run = prompt.slice(start, start + count);
    return run.every(accept) ? run : undefined;
  }
}

function buildMix(draw: Drawer, loaded: readonly LoadedPrompt[], words: readonly string[][]): MixQuery[] {
  const { random } = draw;
  const bands = frequencyBands(words);
  const models = topModels(loaded, 8);
  const typo = (word: string) => makeTypo(word, random, bands.known);
  const prefixLength = (word: string) => Math.min(word.length - 1, 3 + draw.below(4));
  const q = (text: string | undefined) => (text === undefined ? undefined : `q=${encodeURIComponent(text)}`);

  const generators: Record<MixKind, () => string | undefined> = {
    'common word': () => q(draw.pick(bands.common)),
    'mid-frequency word': () => q(draw.pick(bands.mid)),
    'rare word': () => q(draw.pick(bands.rare)),
    '2-word phrase': () => q(draw.consecutive(2, hasLetter)?.join(' ')),
    '3-word phrase': () => q(draw.consecutive(3, hasLetter)?.join(' ')),
    typo: () => {
      // Two in three alone, the rest inside a two-word phrase.
      if (draw.below(3) < 2) {
        const [word] = draw.consecutive(1, (w) => isLetterWord(w, 5)) ?? [];
        return q(word === undefined ? undefined : typo(word));
      }
      const pair = draw.consecutive(2, (w) => isLetterWord(w));
      const at = pair?.findIndex((w) => w.length >= 5) ?? -1;
      if (!pair || at < 0) return undefined;
      const misspelt = typo(pair[at]!);
      return q(misspelt === undefined ? undefined : pair.map((w, i) => (i === at ? misspelt : w)).join(' '));
    },
    prefix: () => {
      const [word] = draw.consecutive(1, (w) => isLetterWord(w, 4)) ?? [];
      return q(word?.slice(0, prefixLength(word)));
    },
    'phrase, last word a prefix': () => {
      const pair = draw.consecutive(2, (w, i) => (i === 0 ? hasLetter(w) : isLetterWord(w, 4)));
      return q(pair ? `${pair[0]} ${pair[1]!.slice(0, prefixLength(pair[1]!))}` : undefined);
    },
    'with a filter': () => {
      const text = draw.below(2) === 0 ? draw.pick(bands.commonAndMid) : draw.consecutive(2, hasLetter)?.join(' ');
      const base = q(text);
      if (base === undefined) return undefined;
      const model = models.length > 0 && draw.below(2) === 0 ? draw.pick(models) : undefined;
      return model === undefined
        ? `${base}&aspect=${draw.pick(['square', 'portrait', 'landscape'])}`
        : `${base}&model=${encodeURIComponent(model)}`;
    },
  };

  const seen = new Set<string>();
  const mix: MixQuery[] = [];
  for (const kind of MIX_KINDS) {
    let added = 0;
    for (let attempt = 0; added < MIX_QUOTAS[kind] && attempt < MIX_QUOTAS[kind] * ATTEMPTS_PER_QUERY; attempt++) {
      const params = generators[kind]();
      if (params === undefined || seen.has(params)) continue;
      seen.add(params);
      mix.push({ kind, params });
      added++;
    }
  }
  return shuffle(mix, random);
}

interface FrequencyBands {
  common: string[];
  mid: string[];
  rare: string[];
  commonAndMid: string[];
  /** Every word of the loaded prompts: a typo must not be one of them. */
  known: ReadonlySet<string>;
}

/** Letter-only words by document frequency, cut into common, mid-frequency and rare bands. */
function frequencyBands(words: readonly string[][]): FrequencyBands {
  const frequency = new Map<string, number>();
  const lastPrompt = new Map<string, number>();
  words.forEach((prompt, index) => {
    for (const word of prompt) {
      if (lastPrompt.get(word) === index) continue;
      lastPrompt.set(word, index);
      frequency.set(word, (frequency.get(word) ?? 0) + 1);
    }
  });
  const ranked = [...frequency.entries()]
    .filter(([word]) => isLetterWord(word))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // A small vocabulary (the synthetic corpus) is cut in thirds instead.
  const commonEnd = Math.min(COMMON_WORDS, Math.floor(ranked.length / 3));
  const midEnd = Math.min(MID_WORDS_END, Math.floor((2 * ranked.length) / 3));
  const common = ranked.slice(0, commonEnd).map(([word]) => word);
  const mid = ranked.slice(commonEnd, midEnd).map(([word]) => word);
  const rareBand = ranked
    .filter(([word, count]) => word.length >= 3 && count >= RARE_DOCUMENT_FREQUENCY.min && count <= RARE_DOCUMENT_FREQUENCY.max)
    .map(([word]) => word);
  const rare = rareBand.length > 0 ? rareBand : ranked.slice(midEnd).map(([word]) => word);
  return { common, mid, rare, commonAndMid: [...common, ...mid], known: new Set(frequency.keys()) };
}

const TYPO_LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One edit (substitution, deletion, insertion or swap of neighbours) after the first letter; never another known word. */
export function makeTypo(word: string, random: () => number, known: ReadonlySet<string>): string | undefined {
  for (let attempt = 0; attempt < 8; attempt++) {
    const at = 1 + Math.floor(random() * (word.length - 1));
    const letter = TYPO_LETTERS[Math.floor(random() * TYPO_LETTERS.length)]!;
    const edit = Math.floor(random() * 4);
    const typo =
      edit === 0 ? word.slice(0, at) + letter + word.slice(at + 1)
      : edit === 1 ? word.slice(0, at) + word.slice(at + 1)
      : edit === 2 ? word.slice(0, at) + letter + word.slice(at)
      : at < word.length - 1 ? word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2)
      : word;
    if (typo !== word && !known.has(typo)) return typo;
  }
  return undefined;
}

function topModels(loaded: readonly LoadedPrompt[], count: number): string[] {
  const counts = new Map<string, number>();
  for (const { model } of loaded) if (model !== null) counts.set(model, (counts.get(model) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, count).map(([model]) => model);
}

function buildPasted(loaded: readonly LoadedPrompt[], random: () => number): string[] {
  const pasted = new Set<string>();
  for (let attempt = 0; pasted.size < PASTED_PROMPTS && attempt < PASTED_PROMPTS * ATTEMPTS_PER_QUERY * 10; attempt++) {
    // As typed into a one-line search box: line breaks and tabs become spaces.
    const prompt = (loaded[Math.floor(random() * loaded.length)]?.prompt ?? '').replace(/\p{Cc}+/gu, ' ').trim();
    const wordCount = prompt.split(/\s+/).length;
    if (wordCount >= PASTED_WORDS.min && wordCount <= PASTED_WORDS.max && prompt.length <= MAX_QUERY_LENGTH) pasted.add(prompt);
  }
  return [...pasted].map((prompt) => `q=${encodeURIComponent(prompt)}`);
}

interface Candidate {
  index: number;
  phrase: string;
}

function buildKnownItems(
  loaded: readonly LoadedPrompt[],
  folded: readonly string[],
  words: readonly string[][],
  random: () => number,
): Pick<QuerySets, 'knownItems' | 'knownItemRejected' | 'knownItemUnsuitable'> {
  const accepted: Candidate[] = [];
  const targets = new Set<number>();
  let rejected = 0;
  let unsuitable = 0;
  for (let round = 0; accepted.length < KNOWN_ITEMS && round < 10; round++) {
    const candidates: Candidate[] = [];
    const wanted = (KNOWN_ITEMS - accepted.length) * 3 + 50;
    for (let attempt = 0; candidates.length < wanted && attempt < wanted * 20; attempt++) {
      const index = Math.floor(random() * loaded.length);
      const prompt = words[index] ?? [];
      const start = Math.floor(random() * Math.max(0, prompt.length - 2));
      const phrase = prompt.slice(start, start + 3);
      if (phrase.length < 3 || !phrase.every(hasLetter)) {
        unsuitable++;
        continue;
      }
      if (targets.has(index)) continue;
      targets.add(index);
      candidates.push({ index, phrase: phrase.join(' ') });
    }
    const prompts = promptsContaining(candidates.map((c) => c.phrase), folded, words);
    for (const candidate of candidates) {
      if (accepted.length >= KNOWN_ITEMS) break;
      if ((prompts.get(candidate.phrase)?.size ?? 0) > KNOWN_ITEM_PAGE) rejected++;
      else accepted.push(candidate);
    }
  }

  // Every artwork sharing the target's folded prompt counts as the target.
  const sameAs = new Map<string, string[]>(accepted.map((c) => [folded[c.index]!, []]));
  folded.forEach((text, index) => sameAs.get(text)?.push(loaded[index]!.id));
  return {
    knownItems: accepted.map((c) => ({ q: c.phrase, targetId: loaded[c.index]!.id, acceptedIds: sameAs.get(folded[c.index]!) ?? [] })),
    knownItemRejected: rejected,
    knownItemUnsuitable: unsuitable,
  };
}

/**
 * For each three-word phrase, the distinct folded prompts containing it — counted up to one past
 * the page, which is all the rejection needs. One pass over the corpus.
 */
function promptsContaining(phrases: readonly string[], folded: readonly string[], words: readonly string[][]): Map<string, Set<string>> {
  const found = new Map(phrases.map((phrase) => [phrase, new Set<string>()]));
  const firstWords = new Set(phrases.map((phrase) => phrase.slice(0, phrase.indexOf(' '))));
  words.forEach((prompt, index) => {
    for (let i = 0; i + 2 < prompt.length; i++) {
      if (!firstWords.has(prompt[i]!)) continue;
      const prompts = found.get(`${prompt[i]} ${prompt[i + 1]} ${prompt[i + 2]}`);
      if (prompts && prompts.size <= KNOWN_ITEM_PAGE) prompts.add(folded[index]!);
    }
  });
  return found;
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
