import type { Settings } from 'meilisearch';
import { z } from 'zod';
import { MAX_FACET_VALUES, MAX_TOTAL_HITS } from '../search-limits.ts';
import { SEARCH_DOCUMENT_FIELDS } from './meili-documents.ts';
import { PROMPT_STOP_WORDS } from './stop-words.ts';

/*
 * What the Meilisearch engine (server v1.48, see docker-compose.yml) cannot do exactly as the
 * search contract asks, or does its own way. Each is a candidate contract exception.
 *
 * 1. Only the first 10 query terms count (a documented hard limit): a pasted 40-word prompt is
 *    matched on its first ten, and the `last` matching strategy then drops terms from the end of
 *    those ten until something matches. Stop words do not use up terms (so the prompt filler in
 *    stop-words.ts helps), but numbers left in the query do (`1.2` is two terms): the query text
 *    must come without prompt weights. Sending the ten least common words instead would need a
 *    word-frequency source outside Meilisearch.
 * 2. Attributes rank one after another, never as equals: prompt > tags > model > authorHandle
 *    > authorName. "A word in tags or model" cannot tie; tags win over model.
 * 3. Relevance is decided rule by rule (words, typo, proximity, attribute, exactness, then
 *    newest): a document matching more query words always wins, however far apart they are,
 *    and there is no popularity signal in the documents to rank by among equals.
 * 4. Near-identical prompts are not folded. Meilisearch can fold on a `distinctAttribute`, but
 *    only on a value stored in the document (e.g. a normalized-prompt key); none exists yet.
 * 5. Facet values (model, source, authorHandle) are compared after trimming, Unicode
 *    compatibility decomposition (NFKD) and lower-casing, in filters and in delete-by-filter
 *    alike: `SDXL` and ` sdxl` are one value. Facet counts merge such spellings under one of
 *    them. Accents are not folded in facet values (`é` ≠ `e`), unlike in the searched text.
 * 6. Typo tolerance follows Meilisearch's word-length thresholds (one typo from 5 letters, two
 *    from 9; a swap of two letters is one typo); no typos on numbers. It does not report the
 *    corrected query (`correctedQuery` stays unset).
 * 7. Stop words are neither indexed nor searched, so they are not highlighted, and a phrase
 *    `"a castle of glass"` matches `castle … glass` with any stop words between.
 * 8. A query made only of stop words or symbols is a placeholder search: everything matching
 *    the filters, newest first (the same as browsing).
 * 9. Totals are estimates capped at MAX_TOTAL_HITS (`pagination.maxTotalHits`); with the
 *    `last` strategy they count documents matching any of the kept words.
 * 10. Writes are visible once their task has been processed (the engine waits for each task),
 *    and settings changes re-index in the background: a settings task still running after the
 *    wait limit is reported and picked up on the next start, while searches use the old settings.
 */

/**
 * Prompt syntax that must split words. Meilisearch's defaults already split on `(` `)` `[` `]`
 * `{` `}` `:` `,` `.` `_` `-` and quotes; `<` `>` (lora/hypernet tags `<lora:name:0.8>`), `|`
 * (alternation `{a|b}`), `=`, `+`, `~` and `^` are not separators by default.
 */
const PROMPT_SEPARATOR_TOKENS = ['<', '>', '|', '=', '+', '~', '^'];

/** The index settings this engine relies on; the Postgres engine mirrors each of these behaviours. */
export const INDEX_SETTINGS = {
  // Order is rank: a match in the prompt beats one in tags/model, which beats one in the author.
  searchableAttributes: ['prompt', 'tags', 'model', 'authorHandle', 'authorName'],
  filterableAttributes: ['model', 'source', 'aspect', 'nsfw', 'authorHandle'],
  sortableAttributes: ['publishedAt'],
  displayedAttributes: SEARCH_DOCUMENT_FIELDS,
  // `sort` first: "newest" means strictly newest first among the matches, as in the Postgres
  // engine; without a sort it does nothing. Among equally relevant works the newer comes first.
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'publishedAt:desc'],
  stopWords: [...PROMPT_STOP_WORDS],
  separatorTokens: PROMPT_SEPARATOR_TOKENS,
  // No default separator needs to be kept inside words for prompts: weights `1.2`, `8k` and
  // handles split as the Postgres engine splits them.
  nonSeparatorTokens: [],
  // Facets list the most frequent values first, so popular models are never cut by the cap.
  faceting: { maxValuesPerFacet: MAX_FACET_VALUES, sortFacetValuesBy: { '*': 'count' } },
  // Prompt weights (`1.2`, `0.8`) and sizes are numbers: a typo there matches noise.
  typoTolerance: { enabled: true, disableOnNumbers: true },
  pagination: { maxTotalHits: MAX_TOTAL_HITS },
} satisfies Settings;

type ManagedSettings = typeof INDEX_SETTINGS;
type ManagedSetting = keyof ManagedSettings;

/** Lists whose order means something; Meilisearch returns the other lists as sets, sorted its own way. */
const ORDERED_SETTINGS: ReadonlySet<ManagedSetting> = new Set(['searchableAttributes', 'rankingRules']);

/** The parts of GET /settings we compare; anything else Meilisearch returns is ignored. */
export const liveSettingsSchema = z.object({
  searchableAttributes: z.array(z.string()).nullish(),
  // Newer servers may describe an attribute as an object; it then simply compares as different.
  filterableAttributes: z.array(z.unknown()).nullish(),
  sortableAttributes: z.array(z.string()).nullish(),
  displayedAttributes: z.array(z.string()).nullish(),
  rankingRules: z.array(z.string()).nullish(),
  stopWords: z.array(z.string()).nullish(),
  separatorTokens: z.array(z.string()).nullish(),
  nonSeparatorTokens: z.array(z.string()).nullish(),
  faceting: z.record(z.string(), z.unknown()).nullish(),
  typoTolerance: z.record(z.string(), z.unknown()).nullish(),
  pagination: z.record(z.string(), z.unknown()).nullish(),
});
export type LiveSettings = z.infer<typeof liveSettingsSchema>;

/**
 * The settings to send: only those that differ from the live ones. Changing a setting can make
 * Meilisearch re-index everything, so an unchanged setting is never sent again.
 */
export function changedSettings(desired: ManagedSettings, live: LiveSettings): Settings {
  const changes: Settings = {};
  for (const key of Object.keys(desired) as ManagedSetting[]) {
    if (!sameSetting(desired[key], live[key], ORDERED_SETTINGS.has(key))) Object.assign(changes, { [key]: desired[key] });
  }
  return changes;
}

/** Arrays compare as lists or sets; objects compare on the keys we set (the server fills in the rest). */
function sameSetting(desired: unknown, live: unknown, ordered: boolean): boolean {
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return false;
    const normalize = (values: unknown[]) => {
      const serialized = values.map((value) => JSON.stringify(value));
      return ordered ? serialized : serialized.sort();
    };
    const liveValues = normalize(live);
    return normalize(desired).every((value, index) => value === liveValues[index]);
  }
  if (typeof desired === 'object' && desired !== null) {
    if (typeof live !== 'object' || live === null) return false;
    const liveEntries = new Map(Object.entries(live));
    return Object.entries(desired).every(([key, value]) => sameSetting(value, liveEntries.get(key), false));
  }
  return desired === live;
}
