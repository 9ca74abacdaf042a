/**
 * How prompt text becomes searchable words, shared by documents and queries so both sides
 * always agree. Real prompts are full of generator syntax — `(word:1.2)`, `[word]`,
 * `<lora:name:0.8>`, `BREAK`, `8 k` — that must not decide what matches, and of text in
 * scripts with or without spaces between words.
 */

export const MAX_TOKEN_LENGTH = 40;

export interface PromptToken {
  /** Folded form: lower case, accents removed, compatibility forms unified (full-width → ASCII). */
  text: string;
  /** Offsets in the original text, for highlighting. */
  start: number;
  end: number;
  /** A character of a script written without spaces (Han, kana): indexed one character per token. */
  ideograph: boolean;
}

// <lora:name:0.8>, <lyco:name>, <hypernet:name:1>: the name (and the kind) are what people search for.
const NETWORK_TAG = /<\s*(lora|lyco|lycoris|locon|hypernet|embedding|ti)\s*:\s*([^:>]{1,200})(?::[^>]{0,50})?>/giu;
// Attention weights: "(word:1.2)", "[word:0.8]"; the number is syntax, not a word.
const WEIGHT = /:\s*-?\d+(?:\.\d+)?(?=\s*[)\]>}])/gu;
// Prompt-section separator of A1111-style UIs: upper case only ("break" is an ordinary word).
const BREAK_KEYWORD = /\bBREAK\b/gu;

// Letters (with their combining marks) and digits; ideographs and kana are taken one by one.
const WORD = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:[\p{L}\p{N}][\p{M}]*)+/gu;
const IDEOGRAPH = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]$/u;
/** Nothing below U+3040 (hiragana) is an ideograph or kana: most tokens skip the test. */
const FIRST_KANA = 0x3040;
const COMBINING_MARKS = /\p{M}+/gu;
const BEYOND_PRINTABLE_ASCII = /[^ -~]/;

/** The folded form of one word: what the index stores and the query compares. */
export function foldWord(word: string): string {
  // Most prompts are ASCII: lower-casing is then all the folding there is (and 10x cheaper).
  if (!BEYOND_PRINTABLE_ASCII.test(word)) return word.length > MAX_TOKEN_LENGTH ? word.slice(0, MAX_TOKEN_LENGTH).toLowerCase() : word.toLowerCase();
  return word.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase().normalize('NFC').slice(0, MAX_TOKEN_LENGTH);
}

/**
 * Replaces prompt syntax by spaces of the same length, so offsets into the result stay
 * offsets into the original (highlighting marks the original text).
 */
function blankPromptSyntax(text: string): string {
  // Most prompts have none of it: the checks cost far less than the regular expressions.
  let cleaned = text;
  if (cleaned.includes('<')) {
    cleaned = cleaned.replace(NETWORK_TAG, (whole, kind: string, name: string) => {
      const [kindAt, nameAt] = [whole.indexOf(kind), whole.indexOf(name, whole.indexOf(':'))];
      const kept = ' '.repeat(kindAt) + kind + ' '.repeat(nameAt - kindAt - kind.length) + name;
      return kept + ' '.repeat(whole.length - kept.length);
    });
  }
  if (cleaned.includes(':')) cleaned = cleaned.replace(WEIGHT, (weight) => ' '.repeat(weight.length));
  if (cleaned.includes('BREAK')) cleaned = cleaned.replace(BREAK_KEYWORD, '     ');
  return cleaned;
}

export function tokenizePrompt(text: string): PromptToken[] {
  return tokenizeCleaned(blankPromptSyntax(text));
}

function tokenizeCleaned(cleaned: string): PromptToken[] {
  const tokens: PromptToken[] = [];
  const add = (raw: string, start: number, folded: string, ideograph: boolean) => {
    // "8 k" (as older Discord prompts write it) is the same request as "8k".
    const previous = tokens.at(-1);
    if (folded === 'k' && previous && /^\d{1,2}$/.test(previous.text) && /^\s+$/.test(cleaned.slice(previous.end, start))) {
      previous.text += 'k';
      previous.end = start + raw.length;
      return;
    }
    tokens.push({ text: folded, start, end: start + raw.length, ideograph });
  };
  if (!BEYOND_PRINTABLE_ASCII.test(cleaned)) {
    // Most prompts are plain ASCII: a character loop finds the same words as WORD, several times faster.
    let start = -1;
    for (let i = 0; i <= cleaned.length; i++) {
      const code = i < cleaned.length ? cleaned.charCodeAt(i) : 0;
      const wordCharacter = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
      if (wordCharacter && start < 0) start = i;
      if (!wordCharacter && start >= 0) {
        const raw = cleaned.slice(start, i);
        add(raw, start, foldWord(raw), false);
        start = -1;
      }
    }
    return tokens;
  }
  for (const match of cleaned.matchAll(WORD)) {
    const raw = match[0];
    const folded = foldWord(raw);
    if (folded.length === 0) continue;
    const ideograph = raw.length <= 2 && (raw.codePointAt(0) ?? 0) >= FIRST_KANA && IDEOGRAPH.test(raw);
    add(raw, match.index, folded, ideograph);
  }
  return tokens;
}

/**
 * The tokens of `text` whose folded form is one of `wanted`, as tokenizePrompt(text) would give
 * them. Highlighting a page of prompts looks for a few words in each: in plain ASCII text a
 * token is a run of letters and digits, so each wanted word is found by a search of the
 * lower-cased text with a letter or digit on neither side, without tokenizing the rest.
 * Words the "8 k" rule or the length cap could change are left to the tokenizer.
 */
export function tokensAmong(text: string, wanted: ReadonlySet<string>): PromptToken[] {
  const cleaned = blankPromptSyntax(text);
  if (BEYOND_PRINTABLE_ASCII.test(cleaned) || [...wanted].some(needsTokenizer)) {
    return tokenizeCleaned(cleaned).filter((token) => wanted.has(token.text));
  }
  const lower = cleaned.toLowerCase();
  const found: PromptToken[] = [];
  for (const word of wanted) {
    // A word with anything but ASCII letters and digits is never a token of ASCII text.
    if (!ASCII_WORD.test(word)) continue;
    for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
      if (isWordCode(lower.charCodeAt(at - 1)) || isWordCode(lower.charCodeAt(at + word.length))) continue;
      found.push({ text: word, start: at, end: at + word.length, ideograph: false });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

const ASCII_WORD = /^[0-9a-z]+$/;
/** Words that "8 k" joining can make or unmake ("8", "12", "k", "8k"), and words at the length cap. */
const JOIN_WORD = /^(?:\d{1,2}k?|k)$/;

function needsTokenizer(word: string): boolean {
  return word.length >= MAX_TOKEN_LENGTH || JOIN_WORD.test(word);
}

/** ASCII letters and digits (lower case here); NaN, off either end of the text, is not. */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122);
}

/** Just the folded words, in order. */
export function promptWords(text: string): string[] {
  return tokenizePrompt(text).map((token) => token.text);
}
