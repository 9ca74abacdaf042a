/**
 * Builds tsquery text from already-normalised words: every word required, the last one as a
 * prefix while the user is still typing it. Lexemes are quoted, so no input can inject
 * tsquery operators; they are not re-normalised (the index uses the 'simple' configuration,
 * which only lower-cases, and the words arrive lower-cased).
 */
export function toTsQuery(words: readonly string[], lastIsPrefix: boolean): string {
  const lastIndex = words.length - 1;
  return words
    .map((word, index) => quoteLexeme(word) + (lastIsPrefix && index === lastIndex ? ':*' : ''))
    .join(' & ');
}

function quoteLexeme(word: string): string {
  return `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}
