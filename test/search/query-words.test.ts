import { describe, expect, it } from 'vitest';
import {
  formatQueryWords,
  MAX_QUERY_LENGTH,
  MAX_QUERY_WORDS,
  MAX_WORD_LENGTH,
  parseQueryWords,
} from '../../src/search/query-words.ts';

describe('parseQueryWords', () => {
  it('lower-cases, splits on anything but letters and digits, and drops duplicates', () => {
    expect(parseQueryWords('Cyberpunk, CITY at-night; city 8K! ')).toEqual({
      words: ['cyberpunk', 'city', 'at', 'night', '8k'],
      lastIsPrefix: false,
    });
  });

  it('treats the last word as still being typed unless a separator follows it', () => {
    expect(parseQueryWords('neon cyb')).toEqual({ words: ['neon', 'cyb'], lastIsPrefix: true });
    expect(parseQueryWords('neon cyb ')).toEqual({ words: ['neon', 'cyb'], lastIsPrefix: false });
    expect(parseQueryWords('neon cyb,')).toEqual({ words: ['neon', 'cyb'], lastIsPrefix: false });
  });

  it('keeps letters of every script', () => {
    expect(parseQueryWords('Été 東京 café')).toEqual({ words: ['été', '東京', 'café'], lastIsPrefix: true });
  });

  it('returns no words for empty or punctuation-only input', () => {
    expect(parseQueryWords('')).toEqual({ words: [], lastIsPrefix: false });
    expect(parseQueryWords('  !!! -- <> "" ')).toEqual({ words: [], lastIsPrefix: false });
  });

  it('cannot smuggle search syntax through: quotes, operators and markup are separators', () => {
    expect(parseQueryWords(`"neon" & !city | 'a':* -b <script>`).words).toEqual(['neon', 'city', 'a', 'b', 'script']);
  });

  it('caps the words, their length and the input length', () => {
    const many = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');
    const capped = parseQueryWords(many);
    expect(capped.words).toHaveLength(MAX_QUERY_WORDS);
    // The word being typed fell past the cap: it is not the last word kept, so nothing is a prefix.
    expect(capped.lastIsPrefix).toBe(false);

    expect(parseQueryWords('x'.repeat(100)).words).toEqual(['x'.repeat(MAX_WORD_LENGTH)]);

    const long = `${'ab '.repeat(MAX_QUERY_LENGTH)}tail`;
    expect(parseQueryWords(long).words).not.toContain('tail');
  });
});

describe('formatQueryWords', () => {
  it('ends with a space exactly when the last word is complete', () => {
    expect(formatQueryWords({ words: ['neon', 'cyb'], lastIsPrefix: true })).toBe('neon cyb');
    expect(formatQueryWords({ words: ['neon', 'cyb'], lastIsPrefix: false })).toBe('neon cyb ');
    expect(formatQueryWords({ words: [], lastIsPrefix: false })).toBe('');
  });
});
