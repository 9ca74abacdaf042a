import { describe, expect, it } from 'vitest';
import {
  deleteFilterExpression,
  quoteFilterValue,
  searchFilterExpression,
} from '../../src/search/meilisearch/filter-expression.ts';

describe('Meilisearch filter expressions', () => {
  it('quotes values, escaping backslashes before quotes', () => {
    expect(quoteFilterValue('SDXL 1.0')).toBe('"SDXL 1.0"');
    expect(quoteFilterValue('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteFilterValue('back\\slash')).toBe('"back\\\\slash"');
    // A trailing backslash must not escape the closing quote.
    expect(quoteFilterValue('x\\')).toBe('"x\\\\"');
    // An attempt to close the string and add a condition stays inside the literal.
    expect(quoteFilterValue('a" OR nsfw = true OR model = "b')).toBe('"a\\" OR nsfw = true OR model = \\"b"');
  });

  it('ORs values within a facet, ANDs facets, and excludes NSFW by default', () => {
    expect(searchFilterExpression({ model: ['Flux.1 [dev]', 'SDXL 1.0'], aspect: ['square'], includeNsfw: false })).toEqual([
      'model IN ["Flux.1 [dev]", "SDXL 1.0"]',
      'aspect IN ["square"]',
      'nsfw = false',
    ]);
    expect(searchFilterExpression({ source: ['civitai'], model: [], includeNsfw: true })).toEqual(['source IN ["civitai"]']);
    expect(searchFilterExpression({ includeNsfw: true })).toEqual([]);
  });

  it('builds delete filters from source and author', () => {
    expect(deleteFilterExpression({ source: 'civitai' })).toBe('source = "civitai"');
    expect(deleteFilterExpression({ authorHandle: 'o"brien' })).toBe('authorHandle = "o\\"brien"');
    expect(deleteFilterExpression({ source: 'civitai', authorHandle: 'x' })).toBe('source = "civitai" AND authorHandle = "x"');
  });
});
