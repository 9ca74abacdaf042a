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

/** Before a "k" (as in "8 k"), a number this short is held back: the two may be one token. */
const JOINABLE_NUMBER = /^\d{1,2}$/;
const ONLY_SPACE = /^\s+$/;

/**
 * The tokens of `text` whose folded form is one of `wanted`, as tokenizePrompt(text) would give
 * them. Highlighting a page of prompts wants a few words out of hundreds: in plain ASCII text a
 * word of a length no wanted word has is passed over without being cut out or folded.
 */
export function tokensAmong(text: string, wanted: ReadonlySet<string>): PromptToken[] {
  const cleaned = blankPromptSyntax(text);
  if (BEYOND_PRINTABLE_ASCII.test(cleaned)) return tokenizeCleaned(cleaned).filter((token) => wanted.has(token.text));
  const lengths = new Uint8Array(MAX_TOKEN_LENGTH + 1);
  for (const word of wanted) if (word.length <= MAX_TOKEN_LENGTH) lengths[word.length] = 1;
  const found: PromptToken[] = [];
  const keep = (start: number, end: number, folded: string) => {
    if (wanted.has(folded)) found.push({ text: folded, start, end, ideograph: false });
  };
  // A number of one or two digits, waiting to see whether a "k" follows it.
  let heldStart = -1;
  let heldEnd = -1;
  const visit = (start: number, end: number) => {
    if (heldStart >= 0) {
      const digits = cleaned.slice(heldStart, heldEnd);
      const joins = end - start === 1 && (cleaned[start] === 'k' || cleaned[start] === 'K') && ONLY_SPACE.test(cleaned.slice(heldEnd, start));
      if (joins) {
        keep(heldStart, end, `${digits}k`);
        heldStart = -1;
        return;
      }
      keep(heldStart, heldEnd, digits);
      heldStart = -1;
    }
    if (end - start <= 2 && JOINABLE_NUMBER.test(cleaned.slice(start, end))) {
      [heldStart, heldEnd] = [start, end];
      return;
    }
    if (lengths[Math.min(end - start, MAX_TOKEN_LENGTH)] === 1) keep(start, end, foldWord(cleaned.slice(start, end)));
  };
  let start = -1;
  for (let i = 0; i <= cleaned.length; i++) {
    const code = i < cleaned.length ? cleaned.charCodeAt(i) : 0;
    const wordCharacter = (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
    if (wordCharacter && start < 0) start = i;
    if (!wordCharacter && start >= 0) {
      visit(start, i);
      start = -1;
    }
  }
  if (heldStart >= 0) keep(heldStart, heldEnd, cleaned.slice(heldStart, heldEnd));
  return found;
}

/** Just the folded words, in order. */
export function promptWords(text: string): string[] {
  return tokenizePrompt(text).map((token) => token.text);
}
