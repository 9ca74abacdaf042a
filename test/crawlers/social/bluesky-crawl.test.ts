import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testSource } from '../support/crawl-harness.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.ts';
import { BlueskyFixture } from './support/bluesky-fixture.ts';
import { socialRows, startSocialHarness, type SocialHarness } from './support/social-harness.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 12, minute)).toISOString();

describe('Bluesky source (AT Protocol AppView)', () => {
  let server: FixtureServer;
  let bluesky: BlueskyFixture;
  let harness: SocialHarness;

  beforeAll(async () => {
    server = await startFixtureServer();
    bluesky = new BlueskyFixture(server);
    const common = { options: { apiBaseUrl: server.origin, siteUrl: 'https://bsky.example', pageSize: 2 }, batchSize: 2, limits: { retryBaseDelayMs: 20, timeoutMs: 10_000, maxRetries: 2 } };
    harness = await startSocialHarness([
      testSource({ name: 'bsky-search', type: 'bluesky', ...common, options: { ...common.options, query: '#aiart' } }),
      testSource({ name: 'bsky-author', type: 'bluesky', ...common, options: { ...common.options, author: 'painter.bsky.social' } }),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('searches posts page by page with cursors and stores each image of the embed with its alt text', async () => {
    await bluesky.add({
      rkey: '3kaaa1',
      did: 'did:plc:painter',
      handle: 'painter.bsky.social',
      displayName: 'The Painter',
      text: 'Prompt: a koi pond under neon rain\nModel: SDXL #aiart',
      createdAt: at(1),
      images: [{ alt: 'Prompt: koi pond, close-up\nSeed: 9' }, { alt: '' }],
    });
    await bluesky.add({ rkey: '3kaaa2', did: 'did:plc:other', handle: 'other.example.com', text: 'no image today #aiart', createdAt: at(2), images: [] });
    await bluesky.add({ rkey: '3kaaa3', did: 'did:plc:other', handle: 'other.example.com', text: 'quoting with my take #aiart #flux', createdAt: at(3), images: [{ alt: 'a chrome tiger' }], quote: true, labels: ['sexual'] });
    await bluesky.add({ rkey: '3kaaa4', did: 'did:plc:painter', handle: 'painter.bsky.social', text: 'prompt -> the last tram home, rainy night #aiart', createdAt: at(4), images: [{ alt: '' }] });

    const report = await harness.crawl.run('bsky-search', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', counts: { fetched: 4, new: 4, failed: 0 } });
    const searches = bluesky.requests.filter((url) => url.pathname.endsWith('searchPosts'));
    expect(searches.map((url) => url.searchParams.get('cursor'))).toEqual([null, '2']);
    expect(searches[0]!.searchParams.get('sort')).toBe('latest');
    const rows = await socialRows(harness, 'bluesky');
    const koi = rows.filter((row) => row.source_id.startsWith('at://did:plc:painter/app.bsky.feed.post/3kaaa1#')).sort((a, b) => a.source_id.localeCompare(b.source_id));
    expect(koi.map((row) => [row.prompt, row.model, row.params])).toEqual([
      ['koi pond, close-up', 'SDXL', { seed: 9 }],
      ['a koi pond under neon rain', 'SDXL', {}],
    ]);
    expect(koi[0]).toMatchObject({
      post_url: 'https://bsky.example/profile/painter.bsky.social/post/3kaaa1',
      author_handle: 'painter.bsky.social',
      author_name: 'The Painter',
      author_url: 'https://bsky.example/profile/painter.bsky.social',
      image_url: `${server.origin}/media/bsky-3kaaa1-0.png`,
    });
    expect(rows.find((row) => row.source_id.includes('3kaaa3'))).toMatchObject({ prompt: '', description: 'quoting with my take\n\na chrome tiger', model: 'FLUX', nsfw: true });
    expect(rows.find((row) => row.source_id.includes('3kaaa4'))?.prompt).toBe('the last tram home, rainy night');
  });

  it('attributes every card and page to the author, links the post, and says when the prompt is unknown', async () => {
    const { baseUrl } = harness.testApp;
    const rows = await socialRows(harness, 'bluesky');
    const withPrompt = rows.find((row) => row.source_id.includes('3kaaa1'))!;
    const page = await (await fetch(`${baseUrl}/a/${withPrompt.id}`)).text();
    expect(page).toContain('href="https://bsky.example/profile/painter.bsky.social/post/3kaaa1"');
    expect(page).toContain('The Painter');
    expect(page).toContain('@painter.bsky.social');
    expect(page).not.toContain('cdn.bsky.example/avatar');

    const quoted = rows.find((row) => row.source_id.includes('3kaaa3'))!;
    const noPrompt = await (await fetch(`${baseUrl}/a/${quoted.id}`)).text();
    expect(noPrompt).toContain('Prompt unknown');
    expect(noPrompt).toContain('quoting with my take');

    const search = await (await fetch(`${baseUrl}/?q=koi&nsfw=include`)).text();
    expect(search).toContain('The Painter @painter.bsky.social · Bluesky');
    expect(search).toContain('<a class="tile-author" href="https://bsky.example/profile/painter.bsky.social/post/3kaaa1"');
    const byDescription = (await (await fetch(`${baseUrl}/api/search?q=chrome%20tiger&nsfw=include`)).json()) as { hits: { id: string; prompt: string }[] };
    expect(byDescription.hits.map((hit) => hit.id)).toEqual([quoted.id]);
    expect(byDescription.hits[0]!.prompt).toBe('');
    const api = (await (await fetch(`${baseUrl}/api/search?q=koi`)).json()) as { hits: { sourceUrl: string; author: { handle: string } }[] };
    expect(api.hits[0]).toMatchObject({ sourceUrl: 'https://bsky.example/profile/painter.bsky.social/post/3kaaa1', author: { handle: 'painter.bsky.social' } });
  });

  it('asks only for posts since the newest one of the last sweep', async () => {
    await bluesky.add({ rkey: '3kaaa5', did: 'did:plc:painter', handle: 'painter.bsky.social', text: 'Prompt: saturn rings over a wheat field #aiart', createdAt: at(5), images: [{ alt: '' }] });
    bluesky.requests.length = 0;

    const report = await harness.crawl.run('bsky-search', { trigger: 'schedule' });

    expect(report.counts).toMatchObject({ new: 1 });
    expect(bluesky.requests[0]!.searchParams.get('since')).toBe(at(4));
  });

  it('reads an author feed, leaving out what the author reposted', async () => {
    await bluesky.add({ rkey: '3kbbb1', did: 'did:plc:stranger', handle: 'stranger.bsky.social', text: 'Prompt: not the painter’s work', createdAt: at(6), images: [{ alt: '' }], repostedBy: 'painter.bsky.social' });

    const report = await harness.crawl.run('bsky-author', { trigger: 'cli' });

    expect(report.status).toBe('succeeded');
    const feed = bluesky.requests.filter((url) => url.pathname.endsWith('getAuthorFeed'));
    expect(feed[0]!.searchParams.get('filter')).toBe('posts_with_media');
    expect((await socialRows(harness, 'bluesky')).some((row) => row.source_id.includes('3kbbb1'))).toBe(false);
    // The painter's posts were stored by the search source already: listed again, stored once.
    expect(report.counts).toMatchObject({ new: 0, unchanged: 4 });
  });

  it('resumes at its cursor after the AppView failed mid-sweep, with no gaps and no duplicates', async () => {
    for (let index = 0; index < 5; index += 1) {
      await bluesky.add({ rkey: `3kddd${index}`, did: 'did:plc:painter', handle: 'painter.bsky.social', text: `Prompt: lantern ${index} #aiart`, createdAt: at(20 + index), images: [{ alt: '' }] });
    }
    const unavailable = (response: ServerResponse) => void response.writeHead(503).end('upstream failure');
    bluesky.interruptions.push('serve', unavailable, unavailable, unavailable);
    bluesky.requests.length = 0;

    const failed = await harness.crawl.run('bsky-search', { trigger: 'schedule' });
    expect(failed).toMatchObject({ status: 'failed', counts: { new: 2 } });

    const resumed = await harness.crawl.run('bsky-search', { trigger: 'schedule' });
    expect(resumed).toMatchObject({ status: 'succeeded', counts: { new: 3 } });
    expect(bluesky.requests.at(-3)!.searchParams.get('cursor')).toBe('2');
    const lanterns = (await socialRows(harness, 'bluesky')).filter((row) => row.source_id.includes('3kddd'));
    expect(lanterns).toHaveLength(5);
    expect(new Set(lanterns.map((row) => row.source_id)).size).toBe(5);
  });

  it('waits out a 429 with a reset time, and fails a run on an error that stays (resuming later)', async () => {
    await bluesky.add({ rkey: '3kccc1', did: 'did:plc:painter', handle: 'painter.bsky.social', text: 'Prompt: origami city #aiart', createdAt: at(40), images: [{ alt: '' }] });
    bluesky.requests.length = 0;
    bluesky.interruptions.push((response) =>
      void response.writeHead(429, { 'content-type': 'application/json', 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 1) }).end(JSON.stringify({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' })),
    );

    const report = await harness.crawl.run('bsky-search', { trigger: 'schedule' });

    expect(report).toMatchObject({ status: 'succeeded', counts: { new: 1 } });
    expect(bluesky.requests).toHaveLength(2);

    const badRequest = (response: ServerResponse) => void response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'InvalidRequest', message: 'Error: limit must be <= 100' }));
    bluesky.interruptions.push(badRequest);
    const failed = await harness.crawl.run('bsky-search', { trigger: 'schedule' });
    expect(failed.status).toBe('failed');
    expect(failed.errors.at(-1)?.message).toMatch(/HTTP 400/);
  });
});
