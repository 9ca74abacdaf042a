/**
 * Turns what a user typed into the words both engines search for. Bounded on purpose:
 * the input is untrusted, and every extra word costs an index lookup (and a typo lookup).
 */

/** Longer input is cut, not rejected: a pasted prompt should still search. */
export const MAX_QUERY_LENGTH = 200;
export const MAX_QUERY_WORDS = 10;
export const MAX_WORD_LENGTH = 40;

export interface QueryWords {
  /** Lower-cased, in query order, without duplicates. Empty means "browse". */
  words: string[];
  /** The query does not end in a separator: the user may still be typing the last word. */
  lastIsPrefix: boolean;
}

// Letters and digits of any script: the same word boundaries PostgreSQL's parser uses for prose.
const WORD = /[\p{L}\p{N}]+/gu;
const ENDS_IN_WORD = /[\p{L}\p{N}]$/u;

export function parseQueryWords(q: string): QueryWords {
  const text = q.slice(0, MAX_QUERY_LENGTH);
  const tokens = Array.from(text.toLowerCase().matchAll(WORD), (match) => match[0].slice(0, MAX_WORD_LENGTH));
  const words = [...new Set(tokens)].slice(0, MAX_QUERY_WORDS);
  const lastWord = words.at(-1);
  // Only when the word still being typed made it into `words` (it can fall past the word cap).
  const lastIsPrefix = lastWord !== undefined && ENDS_IN_WORD.test(text) && tokens.at(-1) === lastWord;
  return { words, lastIsPrefix };
}

/** The words as one string, in the form Meilisearch-like engines read: a trailing space ends the last word. */
export function formatQueryWords({ words, lastIsPrefix }: QueryWords): string {
  const joined = words.join(' ');
  return lastIsPrefix || joined === '' ? joined : `${joined} `;
}
