import { SHORT_QUERY_UNITS } from '../embedded/query-plan.ts';
import { parseSearchQuery } from '../query-syntax.ts';
import { PROMPT_STOP_WORDS } from './stop-words.ts';

/**
 * The text sent to Meilisearch as `q`. Meilisearch parses queries itself: it tokenizes with
 * the index's separators, folds case and accents, segments CJK text, drops stop words, reads
 * `"quoted phrases"` and `-excluded` words, and treats a last word without a trailing space
 * as a prefix. So it gets the query as both engines parse it (src/search/query-syntax.ts):
 * prompt syntax removed, phrases quoted and closed, bounded to 1,000 characters.
 */
export function toMeiliQueryText(q: string): string {
  return parseSearchQuery(q).engineText;
}

/**
 * As the built-in engine: a short query needs all its (non-stop) words; a pasted prompt drops
 * words from the end until something matches (Meilisearch's `last`).
 */
export function meiliMatchingStrategy(q: string): 'all' | 'last' {
  const content = parseSearchQuery(q).units.filter((unit) => unit.words.some((word) => !STOP_WORDS.has(word)));
  return content.length > SHORT_QUERY_UNITS ? 'last' : 'all';
}

const STOP_WORDS: ReadonlySet<string> = new Set(PROMPT_STOP_WORDS);
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A query with no word, or only stop words, browses (newest first). Meilisearch would run such
 * a query as a placeholder search, except that it never drops a last word still being typed,
 * even a stop word: "a" alone would then match only words starting with "a".
 */
export function isBrowseQuery(text: string): boolean {
  const words = text.toLowerCase().match(WORD) ?? [];
  return words.every((word) => STOP_WORDS.has(word));
}
