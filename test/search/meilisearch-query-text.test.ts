import { describe, expect, it } from 'vitest';
import { scopedKeyUid } from '../../src/search/meilisearch/api-key.ts';
import { isBrowseQuery, meiliMatchingStrategy, toMeiliQueryText } from '../../src/search/meilisearch/query-text.ts';

describe('Meilisearch query text', () => {
  it('sends the query as both engines parse it: prompt syntax removed, phrases and exclusions kept', () => {
    const pasted = '(masterpiece:1.2), "stormy sky" <lora:gothic_style:0.8> BREAK castle -people';
    expect(toMeiliQueryText(pasted)).toBe('masterpiece "stormy sky" gothic style castle -people');
    expect(toMeiliQueryText('café 東京 ')).toBe('cafe 東京 ');
  });

  it('closes a quote left open, so the phrase ends where the query does', () => {
    expect(toMeiliQueryText('a sign saying "hello world')).toBe('a sign saying "hello world" ');
  });

  it('bounds the text at the longest prompt a user may paste', () => {
    const words = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x`).join(' ');
    expect(toMeiliQueryText(words).length).toBeLessThanOrEqual(1000);
  });

  it('needs every word of a short query, and drops words from the end of a pasted prompt', () => {
    expect(meiliMatchingStrategy('red fox in the snow')).toBe('all');
    expect(meiliMatchingStrategy('red fox, snow, pine forest, dusk, cinematic lighting')).toBe('last');
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
