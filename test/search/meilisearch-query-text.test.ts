import { describe, expect, it } from 'vitest';
import { scopedKeyUid } from '../../src/search/meilisearch/api-key.ts';
import { isBrowseQuery, toMeiliQueryText } from '../../src/search/meilisearch/query-text.ts';

describe('Meilisearch query text', () => {
  it('passes prompt syntax, phrases and exclusions through for Meilisearch to parse', () => {
    const pasted = '(masterpiece:1.2), "stormy sky" <lora:gothic_style:0.8> BREAK castle -people';
    expect(toMeiliQueryText(pasted)).toBe(pasted);
    expect(toMeiliQueryText('café 東京 ')).toBe('café 東京 ');
  });

  it('drops an unclosed quote, which would turn the rest of the query into one phrase', () => {
    expect(toMeiliQueryText('a sign saying "hello world')).toBe('a sign saying hello world');
    expect(toMeiliQueryText('"neon city" at "night')).toBe('"neon city" at night');
  });

  it('bounds the text at the longest prompt a user may paste', () => {
    expect(toMeiliQueryText('word '.repeat(400))).toHaveLength(1000);
  });

  it('browses when the query has no word, or only stop words', () => {
    expect(isBrowseQuery('')).toBe(true);
    expect(isBrowseQuery('!!! ---')).toBe(true);
    expect(isBrowseQuery('Of the')).toBe(true);
    expect(isBrowseQuery('a BREAK')).toBe(true);
    expect(isBrowseQuery('a castle')).toBe(false);
    expect(isBrowseQuery('東京')).toBe(false);
  });
});

describe('Meilisearch scoped key uid', () => {
  it('is a UUID v4, the same for every process serving one index, different per index', () => {
    expect(scopedKeyUid('artworks')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(scopedKeyUid('artworks')).toBe(scopedKeyUid('artworks'));
    expect(scopedKeyUid('artworks')).not.toBe(scopedKeyUid('artworks_staging'));
  });
});
