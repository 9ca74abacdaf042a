import { describe, expect, it } from 'vitest';
import { MemoryIndex, type IndexedDocument } from '../../src/search/embedded/memory-index.ts';
import { MemorySearcher } from '../../src/search/embedded/memory-search.ts';
import { parseSearchQuery } from '../../src/search/query-syntax.ts';

/** In-memory only: the ranking and bounding logic, at sizes where the bounds matter. */
function indexOf(prompts: string[], options: { freeze?: boolean } = {}) {
  const index = new MemoryIndex();
  prompts.forEach((prompt, i) => index.add(documentOf(String(i), prompt, i)));
  if (options.freeze !== false) index.freezeCommonWords();
  const searcher = new MemorySearcher(index);
  const search = (q: string) => searcher.search(parseSearchQuery(q), { includeNsfw: false }, 'relevance').ordinals.map((o) => index.ids[o]);
  return { index, search };
}

function documentOf(id: string, prompt: string, publishedAt: number): IndexedDocument {
  return { id, prompt, keywords: '', author: '', model: null, source: 'test', aspect: 'square', nsfw: false, publishedAt };
}

/** Filler prompts of common words, none holding the phrases the tests look for. */
function filler(count: number): string[] {
  const words = ['portrait', 'of', 'a', 'woman', 'detailed', 'highly', 'beautiful', 'and', 'by', 'artstation', 'light'];
  return Array.from({ length: count }, (_, i) => {
    const picked = Array.from({ length: 8 }, (_, j) => words[(i * 7 + j * 3 + ((i >> 3) % 5)) % words.length]);
    return `${picked.join(' ')} filler${i % 50}`;
  });
}

describe('embedded search engine', () => {
  it('finds a remembered phrase of common words older than the postings read first', () => {
    const prompts = filler(12_000);
    prompts[10] = 'an old print, beautiful and highly ornate frame';
    const { search } = indexOf(prompts);
    expect(search('beautiful and highly ').slice(0, 20)).toContain('10');
  });

  it('finds every work holding all the words, however far back, while few hold them together', () => {
    const prompts = filler(12_000);
    prompts[5] = 'woman reading under a lamp, detailed';
    const { search } = indexOf(prompts, { freeze: false });
    expect(search('woman reading under ').slice(0, 20)).toContain('5');
  });

  it('ranks words side by side first, then shorter prompts, then newest', () => {
    const { search } = indexOf([
      'the keeper of an old lighthouse',
      'lighthouse keeper in a storm',
      'lighthouse keeper in a storm, oil on canvas, muted colours, old master',
      'lighthouse keeper in a storm',
    ]);
    expect(search('lighthouse keeper ')).toEqual(['3', '1', '2', '0']);
  });

  it('answers a pasted prompt with the works sharing most of its words', () => {
    const { search } = indexOf([
      'red fox in deep snow, pine forest, golden hour, cinematic',
      'red fox in deep snow',
      'a pine forest at golden hour',
      'a whale',
    ]);
    expect(search('red fox in deep snow, pine forest, golden hour, cinematic lighting, 35mm').slice(0, 3)).toEqual(['0', '1', '2']);
  });

  it('answers a pasted prompt by the rarer words it shares, not by boilerplate', () => {
    const boilerplate = 'masterpiece, best quality, ultra detailed, sharp focus, 8k, highly detailed';
    const { search } = indexOf([
      ...Array.from({ length: 6 }, (_, i) => `${boilerplate}, portrait ${i}`),
      'a calm lake reflecting mountains',
    ]);
    const pasted = `${boilerplate}, a calm lake reflecting mountains at sunset`;
    expect(search(pasted)[0]).toBe('6');
  });

  it('spreads near-identical prompts so a family of variants does not fill a page', () => {
    const variants = Array.from({ length: 6 }, (_, i) => `castle on a cliff at dusk, variation ${i}`);
    const { search } = indexOf(['castle in the fog', 'castle ruins', ...variants]);
    const found = search('castle ');
    expect(found).toHaveLength(8);
    const firstFour = found.slice(0, 4).filter((id) => Number(id) >= 2);
    expect(firstFour.length).toBeLessThanOrEqual(2);
  });

  it('forgets replaced and removed documents, and counts words only for live ones', () => {
    const { index, search } = indexOf(['a red lantern', 'a blue lantern']);
    index.add(documentOf('0', 'a green lantern', 5));
    index.remove('1');
    expect(search('red ')).toEqual([]);
    expect(search('lantern ')).toEqual(['0']);
    expect(index.vocabulary.frequency(index.vocabulary.idOf('lantern') ?? -1)).toBe(1);
    expect(index.deadShare).toBeCloseTo(2 / 3);
  });

  it('completes the word being typed with its most frequent completions and corrects typos', () => {
    const { search } = indexOf(['cyberpunk city', 'cyberpunk alley', 'cyber cafe', 'a lonely lighthouse']);
    expect(search('cyberp').sort()).toEqual(['0', '1']);
    expect(search('lonley lighthuose ')).toEqual(['3']);
  });
});
