import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../../crawlers/config/source-config.ts';
import { renderTestImage } from '../../support/test-app.ts';
import { indexedIds, testSource } from '../support/crawl-harness.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.ts';
import { withA1111Parameters } from '../support/png-parameters.ts';
import { socialRows, startSocialHarness, TEST_X_TOKEN, type SocialHarness } from './support/social-harness.ts';
import { XFixture, xRateLimited } from './support/x-fixture.ts';

const alice = { id: '11', username: 'alice_makes', name: 'Alice Makes' };
const bob = { id: '12', username: 'bob', name: 'Bob' };

describe('X source (API v2 recent search)', () => {
  let server: FixtureServer;
  let x: XFixture;
  let harness: SocialHarness;
  let source: SourceConfig;

  beforeAll(async () => {
    server = await startFixtureServer();
    x = new XFixture(server, TEST_X_TOKEN);
    source = testSource({
      name: 'x-aiart',
      type: 'x',
      options: { apiBaseUrl: server.origin, siteUrl: 'https://x.example', query: '#aiart -is:retweet', pageSize: 10 },
      batchSize: 3,
      limits: { retryBaseDelayMs: 20, timeoutMs: 10_000, maxRetries: 2 },
    });
    harness = await startSocialHarness([source]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('pages with next_token, stores each photo with its alt text, author and post link, and skips posts without photos', async () => {
    await x.add({
      id: '1000',
      text: 'Two moods of the same harbour\nPrompt: a fishing harbour at dawn, volumetric fog & mist\nNegative prompt: blurry\nSeed: 77 #aiart @friend https://t.co/abc',
      author: alice,
      photos: [{ alt: 'Prompt: the harbour at night, lanterns' }, {}],
    });
    await x.add({ id: '1001', text: 'just thinking out loud, no picture #aiart', author: bob, photos: [] });
    await x.add({ id: '1002', text: 'made this tonight 🌙 #aiart #midjourney', author: bob, photos: [{ alt: 'a moonlit forest' }], sensitive: true });
    for (let index = 0; index < 10; index += 1) {
      await x.add({ id: String(1010 + index), text: `Prompt: tiny robot number ${index} #aiart`, author: alice, photos: [{}] });
    }

    const report = await harness.crawl.run('x-aiart', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', counts: { fetched: 13, new: 13, failed: 0 } });
    expect(x.searchRequests).toHaveLength(2);
    const first = x.searchRequests[0]!.url.searchParams;
    expect(first.get('query')).toBe('#aiart -is:retweet has:images');
    expect(first.get('expansions')).toBe('attachments.media_keys,author_id');
    expect(first.get('media.fields')).toContain('alt_text');
    expect(first.get('user.fields')).not.toContain('profile_image_url');
    expect(x.searchRequests[1]!.url.searchParams.get('next_token')).toBe('tok10');
    expect(x.searchRequests.every((request) => request.authorization === `Bearer ${TEST_X_TOKEN}`)).toBe(true);

    const rows = await socialRows(harness, 'x');
    const harbour = rows.filter((row) => row.source_id.startsWith('1000#')).sort((a, b) => a.source_id.localeCompare(b.source_id));
    expect(harbour.map((row) => [row.source_id, row.prompt])).toEqual([
      ['1000#1', 'the harbour at night, lanterns'],
      ['1000#2', 'a fishing harbour at dawn, volumetric fog & mist'],
    ]);
    expect(harbour[1]).toMatchObject({
      negative_prompt: 'blurry',
      params: { seed: 77 },
      tags: ['aiart'],
      post_url: 'https://x.example/alice_makes/status/1000',
      author_handle: 'alice_makes',
      author_name: 'Alice Makes',
      author_url: 'https://x.example/alice_makes',
      description: null,
    });
    expect(rows.find((row) => row.source_id === '1002#1')).toMatchObject({
      prompt: '',
      description: 'made this tonight 🌙\n\na moonlit forest',
      model: 'Midjourney',
      nsfw: true,
    });
    expect(rows.some((row) => row.source_id.startsWith('1001'))).toBe(false);
    expect(await indexedIds(harness)).toHaveLength(13);
  });

  it('asks only for what is new on the next run (since_id)', async () => {
    await x.add({ id: '2000', text: 'Prompt: a glass whale #aiart', author: bob, photos: [{}] });
    x.searchRequests.length = 0;

    const report = await harness.crawl.run('x-aiart', { trigger: 'schedule' });

    expect(report.counts).toMatchObject({ fetched: 1, new: 1 });
    expect(x.searchRequests[0]!.url.searchParams.get('since_id')).toBe('1019');
  });

  it('waits for the rate-limit window to reset instead of hammering, then goes on', async () => {
    await x.add({ id: '3000', text: 'Prompt: paper cranes #aiart', author: alice, photos: [{}] });
    x.searchRequests.length = 0;
    const resetAt = Date.now() + 1_000;
    x.interruptions.push(xRateLimited(resetAt));

    const report = await harness.crawl.run('x-aiart', { trigger: 'schedule' });

    expect(report).toMatchObject({ status: 'succeeded', counts: { new: 1 } });
    expect(x.searchRequests).toHaveLength(2);
    // The retry went out once the window had reset (X gives the reset in whole seconds).
    expect(x.searchRequests[1]!.at).toBeGreaterThanOrEqual(Math.floor(resetAt / 1000) * 1000);
  });

  it('resumes from its checkpoint after the API failed mid-sweep, with no gaps and no duplicates', async () => {
    for (let index = 0; index < 12; index += 1) {
      await x.add({ id: String(4000 + index), text: `Prompt: lantern festival ${index}`, author: bob, photos: [{}] });
    }
    // The first page comes back; the second fails on every attempt (one try and two retries).
    const unavailable = (response: ServerResponse) => void response.writeHead(503).end('over capacity');
    x.interruptions.push('serve', unavailable, unavailable, unavailable);

    const failed = await harness.crawl.run('x-aiart', { trigger: 'schedule' });
    expect(failed.status).toBe('failed');
    expect(failed.errors.at(-1)?.message).toMatch(/HTTP 503/);
    expect(failed.counts.new).toBe(10);

    const resumed = await harness.crawl.run('x-aiart', { trigger: 'schedule' });
    expect(resumed).toMatchObject({ status: 'succeeded', counts: { new: 2 } });
    const ids = (await socialRows(harness, 'x')).map((row) => row.source_id).filter((id) => id.startsWith('40'));
    expect(new Set(ids).size).toBe(12);
    expect(ids).toHaveLength(12);
  });

  it('takes the prompt from the image file when the file carries one', async () => {
    const png = withA1111Parameters(await renderTestImage(4242, 200, 160), 'a copper fox in the rain\nNegative prompt: text\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 5, Size: 200x160, Model: dreamshaper_8');
    await x.add({ id: '5000', text: 'Prompt: what I remember of it #aiart #flux', author: alice, photos: [{ bytes: png }] });

    await harness.crawl.run('x-aiart', { trigger: 'schedule' });

    expect((await socialRows(harness, 'x')).find((row) => row.source_id === '5000#1')).toMatchObject({
      prompt: 'a copper fox in the rain',
      negative_prompt: 'text',
      model: 'dreamshaper_8',
      params: { seed: 5, steps: 20 },
      tags: ['aiart', 'flux'],
    });
  });

  it('fails with a clear message without a bearer token or with one X refuses', async () => {
    const noToken = await startSocialHarness([source], { X_BEARER_TOKEN: '' });
    try {
      const report = await noToken.crawl.run('x-aiart', { trigger: 'cli' });
      expect(report.status).toBe('failed');
      expect(report.errors.at(-1)?.message).toMatch(/X_BEARER_TOKEN is not set/);
    } finally {
      await noToken.close();
    }
    const wrongToken = await startSocialHarness([source], { X_BEARER_TOKEN: 'revoked' });
    try {
      const report = await wrongToken.crawl.run('x-aiart', { trigger: 'cli' });
      expect(report.status).toBe('failed');
      expect(report.errors.at(-1)?.message).toMatch(/HTTP 401/);
    } finally {
      await wrongToken.close();
    }
  });
});
