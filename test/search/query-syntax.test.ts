import { describe, expect, it } from 'vitest';
import { formatQuery, MAX_QUERY_LENGTH, parseSearchQuery } from '../../src/search/query-syntax.ts';
import { foldWord, MAX_TOKEN_LENGTH, promptWords, tokenizePrompt, tokensAmong } from '../../src/search/text/prompt-tokens.ts';

describe('prompt words', () => {
  it('strips weights, brackets and BREAK, and keeps LoRA names', () => {
    expect(promptWords('(masterpiece:1.2), [[blue eyes]], <lora:add_detail:0.8> BREAK {forest:0.9}')).toEqual([
      'masterpiece', 'blue', 'eyes', 'lora', 'add', 'detail', 'forest',
    ]);
    expect(promptWords('a break in the clouds')).toEqual(['a', 'break', 'in', 'the', 'clouds']);
  });

  it('joins "8 k" into 8k and folds case, accents and full-width forms', () => {
    expect(promptWords('Café, 8 k, ＡＢＣ, Ünïcödé 4K')).toEqual(['cafe', '8k', 'abc', 'unicode', '4k']);
    expect(foldWord('x'.repeat(100))).toHaveLength(MAX_TOKEN_LENGTH);
  });

  it('finds the same words in plain ASCII text (its fast path) as in any other text', () => {
    const text = 'a (cat:1.2), 8 k, <lora:x_y:1> BREAK dog-house 42nd [[Blue]] end';
    expect(tokenizePrompt(text)).toEqual(tokenizePrompt(`${text} é`).slice(0, -1));
  });

  it('picks out the wanted words exactly as tokenizing everything would, syntax, "8 k" and long words included', () => {
    let state = 9;
    const random = () => {
      state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
      return state / 2 ** 32;
    };
    const pieces = ['Cat', 'dog', '8', '8', 'k', 'K', '42', '123', '4k', ' ', ' ', ' ', ', ', '\n', '(', ')', ':1.2', ']', '<lora:neon_city:0.8>', 'BREAK', 'break', 'x'.repeat(45), 'ka'];
    for (let trial = 0; trial < 2_000; trial++) {
      // One in four has a letter beyond ASCII (the general path); the rest take the fast one.
      const text = Array.from({ length: 1 + Math.floor(random() * 24) }, () => pieces[Math.floor(random() * pieces.length)]).join('') + (trial % 4 === 0 ? ' é' : '');
      const tokens = tokenizePrompt(text);
      // Words that would appear if a rule were applied wrongly are wanted: those of the "8 k"
      // rule and the length cap on odd trials (they take the tokenizer), the others on all.
      const ruleWords = trial % 2 === 1 ? ['8k', '42k', '8', 'k', 'x'.repeat(MAX_TOKEN_LENGTH)] : [];
      const wanted = new Set([...tokens.filter(() => random() < 0.5).map((token) => token.text), ...ruleWords, '123k', 'kak', 'ka', 'cat', 'x', 'absent', '']);
      expect([text, tokensAmong(text, wanted)]).toEqual([text, tokens.filter((token) => wanted.has(token.text))]);
    }
  });

  it('takes ideographs one by one, keeps Hangul and Cyrillic words whole, and keeps offsets for highlighting', () => {
    const tokens = tokenizePrompt('東京 고양이 кошка');
    expect(tokens.map((t) => t.text)).toEqual(['東', '京', '고양이', 'кошка']);
    expect(tokens.map((t) => t.ideograph)).toEqual([true, true, false, false]);
    const text = '<lora:neon_city:1> rain';
    const [kind, name] = tokenizePrompt(text);
    expect(text.slice(kind?.start, kind?.end)).toBe('lora');
    expect(text.slice(name?.start, name?.end)).toBe('neon');
  });
});

describe('parseSearchQuery', () => {
  it('finds words, quoted phrases, exclusions and the word being typed', () => {
    const parsed = parseSearchQuery('Neon "rainy street" -blurry -"low quality" cyb');
    expect(parsed.units).toEqual([
      { words: ['neon'], quoted: false },
      { words: ['rainy', 'street'], quoted: true },
      { words: ['cyb'], quoted: false },
    ]);
    expect(parsed.excluded).toEqual([
      { words: ['blurry'], quoted: false },
      { words: ['low', 'quality'], quoted: true },
    ]);
    expect(parsed.lastIsPrefix).toBe(true);
    expect(parseSearchQuery('neon cyb ').lastIsPrefix).toBe(false);
    expect(parseSearchQuery('neon "cyb"').lastIsPrefix).toBe(false);
  });

  it('makes a run of ideographs one phrase unit and writes queries back for other engines', () => {
    const parsed = parseSearchQuery('東京の夜景 neon');
    expect(parsed.units[0]).toEqual({ words: ['東', '京', 'の', '夜', '景'], quoted: false });
    expect(parsed.engineText).toBe('東京の夜景 neon');
    expect(formatQuery(parseSearchQuery('a "b c" -d').units, parseSearchQuery('a "b c" -d').excluded)).toBe('a "b c" -d');
  });

  it('is bounded: long pastes are cut, duplicates dropped, syntax never leaks', () => {
    expect(parseSearchQuery(`${'ab '.repeat(MAX_QUERY_LENGTH)}tail`).units.map((u) => u.words[0])).not.toContain('tail');
    expect(parseSearchQuery('cat Cat CAT').units).toHaveLength(1);
    expect(parseSearchQuery('  !!! -- <> "" ').units).toEqual([]);
    expect(parseSearchQuery('').engineText).toBe('');
  });
});
