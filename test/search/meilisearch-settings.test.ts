import { describe, expect, it } from 'vitest';
import { changedSettings, INDEX_SETTINGS, liveSettingsSchema } from '../../src/search/meilisearch/index-settings.ts';
import { searchResponseSchema, toMeiliDocument } from '../../src/search/meilisearch/meili-documents.ts';
import type { SearchDocument } from '../../src/search/search-index.ts';

/** What GET /indexes/:uid/settings returns once our settings are applied: sets re-sorted, objects filled in. */
const appliedLive = {
  ...INDEX_SETTINGS,
  filterableAttributes: [...INDEX_SETTINGS.filterableAttributes].sort(),
  sortableAttributes: ['publishedAt'],
  displayedAttributes: [...INDEX_SETTINGS.displayedAttributes].reverse(),
  faceting: { maxValuesPerFacet: INDEX_SETTINGS.faceting.maxValuesPerFacet, sortFacetValuesBy: { '*': 'alpha' } },
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnWords: [], disableOnAttributes: [] },
  pagination: { maxTotalHits: INDEX_SETTINGS.pagination.maxTotalHits },
  stopWords: [],
  synonyms: {},
};

describe('Meilisearch settings diff', () => {
  it('sends nothing when the live settings already match', () => {
    expect(changedSettings(INDEX_SETTINGS, liveSettingsSchema.parse(appliedLive))).toEqual({});
  });

  it('sends every setting of a fresh index', () => {
    const fresh = liveSettingsSchema.parse({
      searchableAttributes: ['*'],
      filterableAttributes: [],
      sortableAttributes: [],
      displayedAttributes: ['*'],
      rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
      faceting: { maxValuesPerFacet: 100 },
      typoTolerance: { enabled: true },
      pagination: { maxTotalHits: 1000 },
    });
    expect(Object.keys(changedSettings(INDEX_SETTINGS, fresh)).sort()).toEqual(
      ['searchableAttributes', 'filterableAttributes', 'sortableAttributes', 'displayedAttributes', 'rankingRules'].sort(),
    );
  });

  it('treats a reordered searchableAttributes as a change, but not a reordered set', () => {
    const live = liveSettingsSchema.parse({
      ...appliedLive,
      searchableAttributes: ['model', 'prompt', 'tags', 'authorHandle', 'authorName'],
      filterableAttributes: [...appliedLive.filterableAttributes].reverse(),
    });
    expect(changedSettings(INDEX_SETTINGS, live)).toEqual({ searchableAttributes: INDEX_SETTINGS.searchableAttributes });
  });

  it('sends only the changed nested setting', () => {
    const live = liveSettingsSchema.parse({ ...appliedLive, pagination: { maxTotalHits: 5000 }, typoTolerance: { enabled: false } });
    expect(changedSettings(INDEX_SETTINGS, live)).toEqual({
      pagination: INDEX_SETTINGS.pagination,
      typoTolerance: INDEX_SETTINGS.typoTolerance,
    });
  });
});

describe('Meilisearch documents', () => {
  const document: SearchDocument = {
    id: '1',
    prompt: 'p',
    negativePrompt: null,
    model: null,
    tags: ['t'],
    authorHandle: null,
    authorName: null,
    authorUrl: null,
    source: 's',
    sourceUrl: 'https://example.test/1',
    thumbnailUrl: null,
    previewUrl: null,
    width: 1,
    height: 1,
    aspect: 'square',
    nsfw: false,
    placeholder: 'x',
    publishedAt: null,
  };

  it('stores an unknown date as a missing field (sorted last) and reads it back as null', () => {
    const stored = toMeiliDocument(document);
    expect('publishedAt' in stored).toBe(false);
    expect(toMeiliDocument({ ...document, publishedAt: 5 }).publishedAt).toBe(5);
    const parsed = searchResponseSchema.parse({ hits: [{ ...stored, _formatted: { prompt: 'p' } }], estimatedTotalHits: 1 });
    expect(parsed.hits[0]).toEqual({ ...document, _formatted: { prompt: 'p' } });
    expect(parsed.facetDistribution).toEqual({});
  });

  it('rejects hits that are not documents', () => {
    expect(() => searchResponseSchema.parse({ hits: [{ id: 1 }], estimatedTotalHits: 1 })).toThrow();
  });
});
