import { tokenizePrompt, type PromptToken } from './text/prompt-tokens.ts';

/**
 * What a search box query means, for every engine: words and "quoted phrases" to look for,
 * -words to leave out, and whether the last word is still being typed. Bounded on purpose:
 * the input is untrusted, and a pasted prompt can run to a thousand characters.
 */

/** Longer input is cut, not rejected: a pasted prompt should still search. */
export const MAX_QUERY_LENGTH = 1000;
/** Distinct units searched for; the rest of a very long paste adds little and costs lookups. */
export const MAX_QUERY_UNITS = 48;

export interface QueryUnit {
  /** Folded words; more than one for a quoted phrase or a run of ideographs (matched as a phrase). */
  words: string[];
  /** Written in double quotes: the words must appear together, in order. */
  quoted: boolean;
}

export interface ParsedQuery {
  /** In query order, without duplicates. Empty means "browse". */
  units: QueryUnit[];
  /** Units that must not appear (-word, -"some phrase"). */
  excluded: QueryUnit[];
  /** The last unit is a single word not followed by a separator: the user may still be typing it. */
  lastIsPrefix: boolean;
  /**
   * The cleaned query for engines that parse queries themselves (Meilisearch): prompt syntax
   * removed, phrases in double quotes, exclusions as -word; a trailing space ends the last word.
   */
  engineText: string;
}

// A quoted phrase (an unclosed quote runs to the end), or a run of anything else up to a quote.
const SEGMENT = /(-?)"([^"]*)"?|(?:[^"-]|-(?!"))+/gu;
const ENDS_IN_WORD = /[\p{L}\p{N}\p{M}]$/u;

export function parseSearchQuery(q: string): ParsedQuery {
  const text = q.slice(0, MAX_QUERY_LENGTH);
  const units: QueryUnit[] = [];
  const excluded: QueryUnit[] = [];
  const seen = new Set<string>();
  const add = (target: QueryUnit[], unit: QueryUnit) => {
    const key = `${unit.quoted ? '"' : ''}${unit.words.join(' ')}`;
    if (unit.words.length === 0 || seen.has(key)) return;
    seen.add(key);
    target.push(unit);
  };

  for (const match of text.matchAll(SEGMENT)) {
    if (match[2] !== undefined) {
      const words = tokenizePrompt(match[2]).map((token) => token.text);
      add(match[1] === '-' ? excluded : units, { words, quoted: true });
      continue;
    }
    const segment = match[0];
    for (const { tokens, negated } of bareTerms(segment)) {
      for (const unit of unitsOf(tokens)) add(negated ? excluded : units, unit);
    }
  }

  const kept = units.slice(0, MAX_QUERY_UNITS);
  const last = kept.at(-1);
  const lastIsPrefix =
    last !== undefined && kept.length === units.length && !last.quoted && last.words.length === 1 &&
    ENDS_IN_WORD.test(text) && !text.trimEnd().endsWith('"') && !isExcludedTail(text);
  return { units: kept, excluded: excluded.slice(0, MAX_QUERY_UNITS), lastIsPrefix, engineText: engineTextOf(kept, excluded, lastIsPrefix) };
}

/** Whitespace-separated terms of unquoted text; a leading '-' excludes the term. */
function bareTerms(segment: string): { tokens: PromptToken[]; negated: boolean }[] {
  const terms: { tokens: PromptToken[]; negated: boolean }[] = [];
  for (const term of segment.split(/\s+/u)) {
    if (term.length === 0) continue;
    const negated = term.length > 1 && term.startsWith('-');
    terms.push({ tokens: tokenizePrompt(negated ? term.slice(1) : term), negated });
  }
  return terms;
}

/** One unit per word; a run of adjacent ideographs becomes one phrase unit ("東京" = 東 then 京). */
function unitsOf(tokens: PromptToken[]): QueryUnit[] {
  const result: QueryUnit[] = [];
  let run: PromptToken[] = [];
  const flush = () => {
    if (run.length > 0) result.push({ words: run.map((token) => token.text), quoted: false });
    run = [];
  };
  for (const token of tokens) {
    if (!token.ideograph) {
      flush();
      result.push({ words: [token.text], quoted: false });
      continue;
    }
    if (run.length > 0 && run.at(-1)?.end !== token.start) flush();
    run.push(token);
  }
  flush();
  return result;
}

function isExcludedTail(text: string): boolean {
  const lastTerm = text.trimEnd().split(/\s+/u).at(-1) ?? '';
  return lastTerm.startsWith('-') && lastTerm.length > 1;
}

function engineTextOf(units: QueryUnit[], excluded: QueryUnit[], lastIsPrefix: boolean): string {
  const joined = formatQuery(units, excluded);
  return lastIsPrefix || joined === '' || excluded.length > 0 ? joined : `${joined} `;
}

/** Units written back as a query that parses to them again: phrases quoted, exclusions with '-'. */
export function formatQuery(units: readonly QueryUnit[], excluded: readonly QueryUnit[] = []): string {
  const render = (unit: QueryUnit) => {
    const ideographic = unit.words.every((word) => [...word].length === 1 && !/[\p{Script=Latin}\p{N}]/u.test(word));
    const text = unit.words.join(ideographic && !unit.quoted ? '' : ' ');
    return unit.quoted ? `"${text}"` : text;
  };
  return [...units.map(render), ...excluded.map((unit) => `-${render(unit)}`)].join(' ');
}
