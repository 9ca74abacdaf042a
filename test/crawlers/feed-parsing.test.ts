import { describe, expect, it } from 'vitest';
import { InvalidResponseError } from '../../crawlers/net/fetch-errors.ts';
import { mapFeedEntry } from '../../crawlers/sources/feed/feed-entry.ts';
import { firstImageSource, htmlToText } from '../../crawlers/sources/feed/feed-html.ts';
import { parseFeed } from '../../crawlers/sources/feed/feed-source.ts';
import { atomFeed, feedItems, jsonFeed, rssFeed } from './support/feed-fixtures.ts';

const ORIGIN = 'https://gallery.example';
const FEED_URL = `${ORIGIN}/feed`;
const items = feedItems(2, ORIGIN, 'p');

describe('parseFeed', () => {
  it.each([
    ['RSS 2.0 with the image in the description', rssFeed(items)],
    ['RSS 2.0 with an image enclosure', rssFeed(items, { enclosure: true })],
    ['Atom', atomFeed(items)],
    ['JSON Feed', jsonFeed(items)],
  ])('reads %s into the same records', (_format, document) => {
    const page = parseFeed(document, FEED_URL);
    const records = page.entries.map((entry) => (entry.ok ? mapFeedEntry(entry.entry, FEED_URL, 'gallery.example') : entry));
    expect(records).toHaveLength(2);
    expect(records[1]).toEqual({
      ok: true,
      input: expect.objectContaining({
        source: 'gallery.example',
        sourceId: 'p-1',
        postUrl: `${ORIGIN}/posts/p-1`,
        imageUrl: `${ORIGIN}/images/p-1.png`,
        prompt: 'p caption 1: a fox & a crow <in> the snow',
        publishedAt: '2026-02-02T00:00:00.000Z',
        tags: ['fox', 'tag1'],
      }),
    });
    expect(records[1]).toMatchObject({ input: { author: { name: 'author1' } } });
  });

  it('finds the next page of Atom and JSON feeds', () => {
    expect(parseFeed(atomFeed(items, '/feed?page=2'), FEED_URL).nextUrl).toBe(`${ORIGIN}/feed?page=2`);
    expect(parseFeed(jsonFeed(items, `${ORIGIN}/feed.json?page=2`), FEED_URL).nextUrl).toBe(`${ORIGIN}/feed.json?page=2`);
  });

  it('fails a bad item alone and a non-feed as a whole', () => {
    const document = JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [{ id: 'x', url: 42 }, { id: 'y', image: `${ORIGIN}/y.png` }] });
    const [bad, good] = parseFeed(document, FEED_URL).entries;
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('url') });
    expect(good).toMatchObject({ ok: true });
    expect(() => parseFeed('<html><body>hello</body></html>', FEED_URL)).toThrow(InvalidResponseError);
    expect(() => parseFeed('{"not":"a feed"}', FEED_URL)).toThrow(InvalidResponseError);
    expect(() => parseFeed('<rss><channel><item>', FEED_URL)).toThrow(InvalidResponseError);
  });

  it('does not expand entity bombs', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa">${Array.from({ length: 8 }, (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`).join('')}]><rss><channel><item><title>&i;</title></item></channel></rss>`;
    const parse = () => parseFeed(bomb, FEED_URL);
    // Either refused or left unexpanded; never a billion characters.
    let size = 0;
    try {
      size = JSON.stringify(parse()).length;
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidResponseError);
    }
    expect(size).toBeLessThan(10_000);
  });

  it('treats an item without an image as a failed item', () => {
    const document = JSON.stringify({ version: 'https://jsonfeed.org/version/1', items: [{ id: 'text-only', content_text: 'just words' }] });
    const [entry] = parseFeed(document, FEED_URL).entries;
    expect(entry?.ok && mapFeedEntry(entry.entry, FEED_URL, 'x')).toEqual({ ok: false, error: 'the feed item has no image' });
  });
});

describe('feed HTML scanning', () => {
  it('keeps text, drops markup and scripts, decodes entities', () => {
    expect(htmlToText('<p>A <b>red</b>&nbsp;fox</p><script>alert(1)</script><p>&lt;3 &#x1F98A;</p>')).toBe('A red fox\n<3 🦊');
  });

  it('stays linear on hostile markup', () => {
    const hostile = '<script>'.repeat(20_000) + '<img'.repeat(20_000);
    const started = performance.now();
    htmlToText(hostile);
    firstImageSource(hostile);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('finds the first image', () => {
    expect(firstImageSource('<p>hi</p><img class="x" src="/a.png"><img src="/b.png">')).toBe('/a.png');
  });
});
