import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adHocSourceConfig } from '../../../crawlers/config/ad-hoc-source.ts';
import { testSource } from '../support/crawl-harness.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.ts';
import { hashtagHtml, MastodonFixture, mentionHtml } from './support/mastodon-fixture.ts';
import { socialRows, startSocialHarness, type SocialHarness } from './support/social-harness.ts';

describe('Mastodon source (hashtag timeline)', () => {
  let server: FixtureServer;
  let mastodon: MastodonFixture;
  let harness: SocialHarness;

  beforeAll(async () => {
    server = await startFixtureServer();
    mastodon = new MastodonFixture(server, 'aiart');
    harness = await startSocialHarness([
      testSource({ name: 'masto-aiart', type: 'mastodon', options: { instanceUrl: server.origin, tag: 'aiart', pageSize: 2 }, batchSize: 2, limits: { retryBaseDelayMs: 20, timeoutMs: 10_000, maxRetries: 3 } }),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('pages through the tag timeline by its Link header and reads media descriptions and HTML content', async () => {
    const tag = hashtagHtml(server.origin, 'aiart');
    await mastodon.add({
      id: '110000000000000001',
      acct: 'ada',
      displayName: 'Ada 🎨',
      content: `<p>Prompt: a greenhouse on the moon, ferns &amp; fog<br />Negative prompt: people</p><p>thanks ${mentionHtml(server.origin, 'bob')}! ${tag}</p>`,
      media: [{ description: 'Alt: wide shot of the greenhouse' }, { description: null }],
    });
    await mastodon.add({ id: '110000000000000002', acct: 'cy@other.example', displayName: 'Cy', content: `<p>Evening walk. ${tag} ${hashtagHtml(server.origin, 'StableDiffusion')}</p>`, media: [{ description: 'A path through birch trees' }], sensitive: true });
    await mastodon.add({ id: '110000000000000003', acct: 'ada', displayName: 'Ada', content: `<p>a video ${tag}</p>`, media: [{ type: 'video', description: null }] });
    await mastodon.add({ id: '110000000000000004', acct: 'ada', displayName: 'Ada', content: `<p>Prompt: followers only ${tag}</p>`, media: [{ description: null }], visibility: 'private' });
    await mastodon.add({ id: '110000000000000005', acct: 'ada', displayName: 'Ada', content: `<p>Prompt: a sleepy dragon ${tag}</p>`, media: [{ description: null }] });

    const report = await harness.crawl.run('masto-aiart', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', counts: { new: 4, failed: 0 } });
    expect(mastodon.timelineRequests.map((url) => url.searchParams.get('max_id'))).toEqual([null, '110000000000000003']);
    expect(mastodon.timelineRequests[0]!.searchParams.get('only_media')).toBe('true');
    const rows = await socialRows(harness, 'mastodon');
    const greenhouse = rows.filter((row) => row.source_id.startsWith(`${mastodon.host}/110000000000000001#`));
    expect(greenhouse.map((row) => row.prompt)).toEqual(['a greenhouse on the moon, ferns & fog', 'a greenhouse on the moon, ferns & fog']);
    expect(greenhouse[0]).toMatchObject({
      negative_prompt: 'people',
      author_handle: `ada@${mastodon.host}`,
      author_name: 'Ada 🎨',
      post_url: `${server.origin}/@ada/110000000000000001`,
      tags: ['aiart'],
    });
    expect(rows.find((row) => row.source_id.includes('110000000000000002'))).toMatchObject({
      author_handle: 'cy@other.example',
      post_url: 'https://other.example/@cy/110000000000000002',
      prompt: '',
      description: 'Evening walk.\n\nA path through birch trees',
      model: 'Stable Diffusion',
      nsfw: true,
    });
    expect(rows.some((row) => row.source_id.includes('110000000000000003') || row.source_id.includes('110000000000000004'))).toBe(false);
  });

  it('asks only for newer statuses on the next run (since_id)', async () => {
    await mastodon.add({ id: '110000000000000009', acct: 'ada', displayName: 'Ada', content: '<p>Prompt: a clockwork owl</p>', media: [{ description: null }] });
    mastodon.timelineRequests.length = 0;

    const report = await harness.crawl.run('masto-aiart', { trigger: 'schedule' });

    expect(report.counts).toMatchObject({ new: 1 });
    expect(mastodon.timelineRequests[0]!.searchParams.get('since_id')).toBe('110000000000000005');
  });

  it('waits for the instance’s rate-limit reset, and resumes at max_id after a failure mid-sweep', async () => {
    for (let index = 0; index < 5; index += 1) {
      await mastodon.add({ id: String(110000000000000100n + BigInt(index)), acct: 'ada', displayName: 'Ada', content: `<p>Prompt: paper lantern ${index}</p>`, media: [{ description: null }] });
    }
    const resetAt = new Date(Date.now() + 1_000).toISOString();
    const limited = (response: ServerResponse) =>
      void response.writeHead(429, { 'content-type': 'application/json', 'x-ratelimit-limit': '300', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': resetAt }).end(JSON.stringify({ error: 'Too many requests' }));
    const unavailable = (response: ServerResponse) => void response.writeHead(503).end('maintenance');
    mastodon.interruptions.push(limited, 'serve', unavailable, unavailable, unavailable, unavailable);
    mastodon.timelineRequests.length = 0;

    const failed = await harness.crawl.run('masto-aiart', { trigger: 'schedule' });
    expect(failed).toMatchObject({ status: 'failed', counts: { new: 2 } });
    expect(mastodon.timelineRequests).toHaveLength(6);

    const resumed = await harness.crawl.run('masto-aiart', { trigger: 'schedule' });
    expect(resumed).toMatchObject({ status: 'succeeded', counts: { new: 3 } });
    expect(mastodon.timelineRequests[6]!.searchParams.get('max_id')).toBe('110000000000000103');
    const lanterns = (await socialRows(harness, 'mastodon')).filter((row) => row.source_id.includes('/1100000000000001'));
    expect(lanterns).toHaveLength(5);
  });

  it('takes an instance tag page as an ad-hoc source, and X or Bluesky searches by query', async () => {
    const adHoc = await adHocSourceConfig({ type: 'mastodon', url: 'https://mastodon.example/tags/AIArt', allowPrivateNetwork: false });
    expect(adHoc).toMatchObject({ type: 'mastodon', options: { instanceUrl: 'https://mastodon.example', tag: 'AIArt' } });
    await expect(adHocSourceConfig({ type: 'mastodon', url: 'https://mastodon.example/@someone', allowPrivateNetwork: false })).rejects.toThrow(/tags/);
    const x = await adHocSourceConfig({ type: 'x', query: '#aiart has:images', apiBaseUrl: 'http://127.0.0.1:9/', allowPrivateNetwork: true });
    expect(x).toMatchObject({ type: 'x', respectRobotsTxt: false, options: { query: '#aiart has:images', apiBaseUrl: 'http://127.0.0.1:9/' } });
    await expect(adHocSourceConfig({ type: 'bluesky', allowPrivateNetwork: false })).rejects.toThrow(/query/);
  });
});
