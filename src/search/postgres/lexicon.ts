import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/database.ts';
import { MAX_WORD_LENGTH, type QueryWords } from '../query-words.ts';
import { chooseCorrection, isCorrectable, MIN_CORRECTABLE_LENGTH } from './typo-correction.ts';

/**
 * The lexemes kept in the lexicon: letter-only words long enough to be asked about or to be
 * a correction (a 5-letter typo can be one letter away from a 4-letter word: "citty" → "city").
 */
export const LEXICON_WORD_PATTERN = `^[[:alpha:]]{${MIN_CORRECTABLE_LENGTH - 1},${MAX_WORD_LENGTH}}$`;

/** Nearest lexicon words fetched per unknown word; the edit-distance check then picks among them. */
const CANDIDATES_PER_WORD = 8;

/**
 * Replaces each query word the index does not know by its closest indexed word. A word still
 * being typed counts as known when some indexed word starts with it. Unknown words with no
 * close enough candidate stay as typed (and simply match nothing).
 */
export async function correctQueryWords(db: Kysely<Database>, query: QueryWords): Promise<string[]> {
  const lastIndex = query.words.length - 1;
  const asked = query.words
    .map((word, index) => ({ word, isPrefix: query.lastIsPrefix && index === lastIndex }))
    .filter(({ word }) => isCorrectable(word));
  if (asked.length === 0) return query.words;

  // One round trip for all words. The prefix test reads the first indexed word >= the prefix
  // (an index probe; LIKE with a non-constant pattern could not use the index). Candidates
  // come from the GiST trigram index, nearest first.
  const { rows } = await sql<{ word: string; known: boolean; candidates: string[] }>`
    select q.word, k.known,
      case when k.known then array[]::text[] else array(
        select l.word from search_lexicon l order by l.word <-> q.word limit ${CANDIDATES_PER_WORD}
      ) end as candidates
    from unnest(${asked.map((a) => a.word)}::text[], ${asked.map((a) => a.isPrefix)}::boolean[]) as q(word, is_prefix)
    cross join lateral (
      select exists (select from search_lexicon l where l.word = q.word)
        or (q.is_prefix and starts_with(
          (select l.word from search_lexicon l where l.word >= q.word order by l.word limit 1),
          q.word
        )) as known
    ) k
  `.execute(db);

  const corrections = new Map<string, string>();
  for (const { word, isPrefix } of asked) {
    const row = rows.find((candidate) => candidate.word === word);
    const correction = row && !row.known ? chooseCorrection(word, isPrefix, row.candidates) : undefined;
    if (correction !== undefined) corrections.set(word, correction);
  }
  return query.words.map((word) => corrections.get(word) ?? word);
}
