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
  stopWords: [...INDEX_SETTINGS.stopWords].sort(),
  separatorTokens: [...INDEX_SETTINGS.separatorTokens].sort(),
  nonSeparatorTokens: [],
  faceting: { maxValuesPerFacet: INDEX_SETTINGS.faceting.maxValuesPerFacet, sortFacetValuesBy: { '*': 'count' } },
  typoTolerance: {
    enabled: true,
    minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 },
    disableOnWords: [],
    disableOnAttributes: [],
    disableOnNumbers: true,
  },
  pagination: { maxTotalHits: INDEX_SETTINGS.pagination.maxTotalHits },
  synonyms: {},
};

/** A new index's settings in Meilisearch v1.48. */
const fresh = {
  searchableAttributes: ['*'],
  filterableAttributes: [],
  sortableAttributes: [],
  displayedAttributes: ['*'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  stopWords: [],
  separatorTokens: [],
  nonSeparatorTokens: [],
  faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'alpha' } },
  typoTolerance: { enabled: true, disableOnNumbers: false },
  pagination: { maxTotalHits: 1000 },
};

describe('Meilisearch settings diff', () => {
  it('sends nothing when the live settings already match', () => {
    expect(changedSettings(INDEX_SETTINGS, liveSettingsSchema.parse(appliedLive))).toEqual({});
  });

  it('sends every setting of a fresh index that differs from the defaults', () => {
    expect(Object.keys(changedSettings(INDEX_SETTINGS, liveSettingsSchema.parse(fresh))).sort()).toEqual(
      [
        'searchableAttributes',
        'filterableAttributes',
        'sortableAttributes',
        'displayedAttributes',
        'rankingRules',
        'stopWords',
        'separatorTokens',
        'faceting',
        'typoTolerance',
      ].sort(),
    );
  });

  it('sorts facet values by count: the default alphabetical order is a change', () => {
    const live = liveSettingsSchema.parse({ ...appliedLive, faceting: { maxValuesPerFacet: 100, sortFacetValuesBy: { '*': 'alpha' } } });
    expect(changedSettings(INDEX_SETTINGS, live)).toEqual({ faceting: INDEX_SETTINGS.faceting });
  });

  it('treats a reordered searchableAttributes or rankingRules as a change, but not a reordered set', () => {
    const live = liveSettingsSchema.parse({
      ...appliedLive,
      searchableAttributes: ['model', 'prompt', 'tags', 'authorHandle', 'authorName'],
      filterableAttributes: [...appliedLive.filterableAttributes].reverse(),
      stopWords: [...appliedLive.stopWords].reverse(),
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
