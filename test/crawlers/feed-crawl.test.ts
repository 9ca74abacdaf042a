import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderTestImage } from '../support/test-app.ts';
import { startCrawlHarness, storedArtworks, testSource, type CrawlHarness } from './support/crawl-harness.ts';
import { atomFeed, feedItems, jsonFeed, rssFeed, type FeedFixtureItem } from './support/feed-fixtures.ts';
import { sendBytes, startFixtureServer, type FixtureServer } from './support/fixture-server.ts';
import { withA1111Parameters } from './support/png-parameters.ts';

const A1111 = 'a copper fox in fresh snow, ukiyo-e\nNegative prompt: blurry\nSteps: 28, Sampler: DPM++ 2M, CFG scale: 5.5, Seed: 1234, Size: 256x256, Model: dreamshaper_8';

describe('feed sources', () => {
  let server: FixtureServer;
  let harness: CrawlHarness;
  let seed = 0;

  async function serveImages(items: FeedFixtureItem[]): Promise<void> {
    for (const item of items) {
      const image = await renderTestImage((seed += 1), 128, 128);
      server.route(new URL(item.imageUrl).pathname, sendBytes('image/png', image));
    }
  }

  beforeAll(async () => {
    server = await startFixtureServer();
    server.route('/robots.txt', sendBytes('text/plain', 'User-agent: *\nDisallow: /private/\n'));

    const rss = feedItems(4, server.origin, 'rss');
    await serveImages(rss);
    const hidden = { ...feedItems(1, server.origin, 'hidden')[0]!, imageUrl: `${server.origin}/private/hidden.png` };
    server.route('/private/hidden.png', sendBytes('image/png', await renderTestImage(999, 64, 64)));
    server.route('/rss.xml', sendBytes('application/rss+xml', rssFeed([...rss, hidden])));

    const atom = feedItems(5, server.origin, 'atom');
    await serveImages(atom);
    server.route('/atom.xml', sendBytes('application/atom+xml', atomFeed(atom.slice(0, 3), '/atom-2.xml')));
    server.route('/atom-2.xml', sendBytes('application/atom+xml', atomFeed(atom.slice(3))));

    const json = feedItems(2, server.origin, 'json');
    await serveImages(json);
    // A caption-less item whose image says how it was made: the record is completed from the file.
    const described = { ...feedItems(1, server.origin, 'meta')[0]!, caption: '', tags: [] };
    server.route('/images/meta-0.png', sendBytes('image/png', withA1111Parameters(await renderTestImage(77, 128, 128), A1111)));
    server.route('/feed.json', sendBytes('application/feed+json', jsonFeed([...json, described])));

    harness = await startCrawlHarness([
      testSource({ name: 'rss', type: 'feed', artworkSource: 'rss-site', options: { url: `${server.origin}/rss.xml` } }),
      testSource({ name: 'atom', type: 'feed', artworkSource: 'atom-site', options: { url: `${server.origin}/atom.xml` } }),
      testSource({ name: 'json', type: 'feed', artworkSource: 'json-site', options: { url: `${server.origin}/feed.json` } }),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('crawls RSS and never fetches what robots.txt disallows', async () => {
    const report = await harness.crawl.run('rss', { trigger: 'cli' });
    expect(report).toMatchObject({ status: 'succeeded', counts: { fetched: 5, new: 4, failed: 1 } });
    expect(report.errors[0]).toMatchObject({ item: 'hidden-0', message: expect.stringContaining('robots.txt') });
    expect(server.requests).not.toContain('/private/hidden.png');
    const rows = await storedArtworks(harness, 'rss-site');
    expect(rows.map((row) => row.source_id).sort()).toEqual(['rss-0', 'rss-1', 'rss-2', 'rss-3']);
    expect(rows.find((row) => row.source_id === 'rss-0')!.prompt).toBe('rss caption 0: a fox & a crow <in> the snow');
  });

  it('re-crawls a feed without storing or downloading anything twice', async () => {
    const imageRequests = () => server.requests.filter((path) => path.startsWith('/images/rss-')).length;
    const before = imageRequests();
    const report = await harness.crawl.run('rss', { trigger: 'schedule' });
    expect(report.counts).toMatchObject({ fetched: 5, new: 0, updated: 0, unchanged: 4 });
    expect(imageRequests()).toBe(before);
    expect(await storedArtworks(harness, 'rss-site')).toHaveLength(4);
  });

  it('follows Atom next-page links', async () => {
    const report = await harness.crawl.run('atom', { trigger: 'cli' });
    expect(report.counts).toMatchObject({ fetched: 5, new: 5 });
    expect(server.requests).toContain('/atom-2.xml');
    const rows = await storedArtworks(harness, 'atom-site');
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({ author_handle: null });
  });

  it('crawls JSON Feed and completes a record from the image’s own generation metadata', async () => {
    const report = await harness.crawl.run('json', { trigger: 'cli' });
    expect(report.counts).toMatchObject({ fetched: 3, new: 3, failed: 0 });
    const described = (await storedArtworks(harness, 'json-site')).find((row) => row.source_id === 'meta-0')!;
    expect(described.prompt).toBe('a copper fox in fresh snow, ukiyo-e');
    expect(described.model).toBe('dreamshaper_8');
    expect(described.params).toMatchObject({ steps: 28, sampler: 'DPM++ 2M', cfgScale: 5.5, seed: 1234 });
  });
});
