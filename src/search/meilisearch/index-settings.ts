import type { Settings } from 'meilisearch';
import { z } from 'zod';
import { MAX_FACET_VALUES, MAX_TOTAL_HITS } from '../search-limits.ts';
import { SEARCH_DOCUMENT_FIELDS } from './meili-documents.ts';

/** The index settings this engine relies on; the Postgres engine mirrors each of these behaviours. */
export const INDEX_SETTINGS = {
  // Order is rank: a match in the prompt beats one in model/tags, which beats one in the author.
  searchableAttributes: ['prompt', 'model', 'tags', 'authorHandle', 'authorName'],
  filterableAttributes: ['model', 'source', 'aspect', 'nsfw', 'authorHandle'],
  sortableAttributes: ['publishedAt'],
  displayedAttributes: SEARCH_DOCUMENT_FIELDS,
  // `sort` first: "newest" means strictly newest first among the matches, as in the Postgres engine.
  rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
  faceting: { maxValuesPerFacet: MAX_FACET_VALUES },
  typoTolerance: { enabled: true },
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
