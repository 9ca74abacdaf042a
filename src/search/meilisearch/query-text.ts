import { PROMPT_STOP_WORDS } from './stop-words.ts';

/**
 * The text sent to Meilisearch as `q`. Meilisearch parses queries itself: it tokenizes with
 * the index's separators, folds case and accents, segments CJK text, drops stop words, reads
 * `"quoted phrases"` and `-excluded` words, and treats a last word without a trailing space
 * as a prefix. So the text goes through as typed, only bounded, and an unclosed quote dropped.
 */

/** Longest query text sent (the longest prompt a user may paste); the HTTP layer bounds queries too. */
const MAX_QUERY_TEXT_LENGTH = 1000;

export function toMeiliQueryText(q: string): string {
  const text = q.slice(0, MAX_QUERY_TEXT_LENGTH);
  // An unclosed quote would make Meilisearch read everything after it as one exact phrase.
  const quotes = text.split('"').length - 1;
  return quotes % 2 === 0 ? text : `${text.slice(0, text.lastIndexOf('"'))}${text.slice(text.lastIndexOf('"') + 1)}`;
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
