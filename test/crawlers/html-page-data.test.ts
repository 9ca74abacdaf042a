import { describe, expect, it } from 'vitest';
import { sameSite } from '../../crawlers/sources/html/browser-network.ts';
import { itemFromOpenGraph, itemsFromJsonLd, itemsFromNextData, readJsonPointer } from '../../crawlers/sources/html/structured-data.ts';

const BASE = 'https://gallery.test/explore/';

describe('readJsonPointer', () => {
  it('follows RFC 6901 paths, escapes and array indexes', () => {
    const document = { 'a/b': { '~c': [10, 20] }, list: [{ id: 1 }] };
    expect(readJsonPointer(document, '')).toBe(document);
    expect(readJsonPointer(document, '/a~1b/~0c/1')).toBe(20);
    expect(readJsonPointer(document, '/list/0/id')).toBe(1);
    expect(readJsonPointer(document, '/list/01')).toBeUndefined();
    expect(readJsonPointer(document, '/missing/x')).toBeUndefined();
    expect(readJsonPointer(document, '/list/length')).toBeUndefined();
  });
});

describe('itemsFromNextData', () => {
  it('maps each element of the array at itemsPointer, resolving relative URLs and keeping scalar params', () => {
    const json = { props: { images: [{ src: '/i/1.webp', post: 'p/1', meta: { prompt: 'fog', steps: 30, nested: { no: 1 }, cfg: Infinity } }, 'not an item'] } };
    const items = itemsFromNextData(json, { itemsPointer: '/props/images', fields: { image: '/src', postLink: '/post', prompt: '/meta/prompt', params: '/meta' } }, BASE);
    expect(items[0]).toEqual({
      image: 'https://gallery.test/i/1.webp',
      postLink: 'https://gallery.test/explore/p/1',
      prompt: 'fog',
      negativePrompt: null,
      model: null,
      author: null,
      authorLink: null,
      params: { prompt: 'fog', steps: 30 },
    });
    expect(items[1]?.image).toBeNull();
    expect(itemsFromNextData(json, { itemsPointer: '/props/none', fields: { image: '/src' } }, BASE)).toEqual([]);
  });
});

describe('itemsFromJsonLd', () => {
  it('finds artworks in @graph and item lists, reads nested images and authors, and skips broken blocks', () => {
    const graph = JSON.stringify({
      '@graph': [
        { '@type': 'WebPage', name: 'Explore' },
        { '@type': ['VisualArtwork'], mainEntityOfPage: { '@id': '/art/9' }, image: ['/img/9.png'], caption: 'neon', creator: 'kit' },
        { '@type': 'ImageObject', url: 'javascript:alert(1)' },
      ],
    });
    const items = itemsFromJsonLd(['{oops', graph], BASE);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ image: 'https://gallery.test/img/9.png', postLink: 'https://gallery.test/art/9', prompt: 'neon', author: 'kit' });
  });

  it("takes an ImageObject's url as its file when it has no contentUrl, and PropertyValues as parameters", () => {
    const block = JSON.stringify({
      '@type': 'ImageObject',
      url: 'https://cdn.test/a.png',
      description: 'a moth',
      additionalProperty: [{ name: 'negative_prompt', value: 'text' }, { name: 'Seed', value: 42 }, { name: 'bad', value: { x: 1 } }],
    });
    expect(itemsFromJsonLd([block], BASE)[0]).toMatchObject({ image: 'https://cdn.test/a.png', postLink: null, negativePrompt: 'text', params: { Seed: 42 } });
  });
});

describe('itemFromOpenGraph', () => {
  it('reads og:image and og:description', () => {
    expect(itemFromOpenGraph({ 'og:image': '/og.png', 'og:description': 'full prompt' }, BASE)).toMatchObject({ image: 'https://gallery.test/og.png', prompt: 'full prompt' });
  });
});

describe('sameSite (whose failed requests count against a rendered page)', () => {
  it('takes the host, its subdomains and its www. form as the page’s own site', () => {
    expect(sameSite('https://api.gallery.test/v1/cards', 'https://www.gallery.test/explore')).toBe(true);
    expect(sameSite('https://gallery.test/next', 'https://gallery.test/')).toBe(true);
    expect(sameSite('https://stats.tracker.test/collect', 'https://www.gallery.test/explore')).toBe(false);
    expect(sameSite('https://evilgallery.test/', 'https://gallery.test/')).toBe(false);
    expect(sameSite('not a url', 'https://gallery.test/')).toBe(false);
  });
});
