import { describe, expect, it } from 'vitest';
import { generateSearchDocuments } from '../../bench/search-corpus.ts';
import { ValidationError } from '../../src/errors.ts';
import { chunk, rechunk } from '../../src/search/chunk.ts';
import { toFacetCounts } from '../../src/search/facet-counts.ts';
import { MAX_FACET_VALUES, MAX_TOTAL_HITS, pageWindow } from '../../src/search/search-limits.ts';

describe('chunk and rechunk', () => {
  it('splits into slices of at most the given size', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 3)).toEqual([]);
    expect(() => chunk([1], 0)).toThrow(RangeError);
  });

  it('re-slices a stream of uneven batches', async () => {
    async function* batches() {
      yield [1, 2, 3];
      yield [];
      yield [4];
      yield [5, 6, 7, 8, 9];
    }
    const out: number[][] = [];
    for await (const part of rechunk(batches(), 4)) out.push(part);
    expect(out).toEqual([[1, 2, 3, 4], [5, 6, 7, 8], [9]]);
  });
});

describe('pageWindow', () => {
  it('turns a 1-based page into an offset, never past the hit cap', () => {
    expect(pageWindow(1, 24)).toEqual({ offset: 0, limit: 24 });
    expect(pageWindow(3, 24)).toEqual({ offset: 48, limit: 24 });
    expect(pageWindow(10_000, 100).offset).toBe(MAX_TOTAL_HITS);
  });

  it('rejects pages and limits that are not sensible integers', () => {
    for (const [page, limit] of [[0, 10], [1.5, 10], [1, 0], [1, 101], [Number.NaN, 10]] as const) {
      expect(() => pageWindow(page, limit)).toThrow(ValidationError);
    }
  });
});

describe('toFacetCounts', () => {
  it('keeps every facet, most frequent values first, capped', () => {
    const many = Array.from({ length: MAX_FACET_VALUES + 5 }, (_, i) => ({ facet: 'model' as const, value: `m${i}`, count: i + 1 }));
    const facets = toFacetCounts([...many, { facet: 'aspect', value: 'square', count: 2 }]);
    expect(Object.keys(facets.model)).toHaveLength(MAX_FACET_VALUES);
    expect(Object.keys(facets.model)[0]).toBe(`m${MAX_FACET_VALUES + 4}`);
    expect(facets.source).toEqual({});
    expect(facets.aspect).toEqual({ square: 2 });
  });
});

describe('generateSearchDocuments (benchmark corpus)', () => {
  it('is deterministic for a seed and varies with it', () => {
    expect(generateSearchDocuments(50, 7)).toEqual(generateSearchDocuments(50, 7));
    expect(generateSearchDocuments(50, 7)).not.toEqual(generateSearchDocuments(50, 8));
  });

  it('makes prompts of 8 to 33 words with distinct ids', () => {
    const documents = generateSearchDocuments(500, 1);
    expect(new Set(documents.map((d) => d.id)).size).toBe(500);
    for (const { prompt } of documents) {
      const words = prompt.split(/[ ,]+/).length;
      expect(words).toBeGreaterThanOrEqual(8);
      expect(words).toBeLessThanOrEqual(33);
    }
  });
});
