import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_HASHING, createVerifiedAccount, signedInAgent } from '../../auth/support/accounts.ts';
import type { HttpAgent } from '../../auth/support/http-agent.ts';
import { testSource } from '../support/crawl-harness.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.ts';
import { BlueskyFixture } from './support/bluesky-fixture.ts';
import { MastodonFixture } from './support/mastodon-fixture.ts';
import { socialRows, startSocialHarness, TEST_X_TOKEN, type SocialHarness } from './support/social-harness.ts';
import { XFixture } from './support/x-fixture.ts';

const alice = { id: '21', username: 'alice_makes', name: 'Alice Makes' };
const painter = { did: 'did:plc:painter', handle: 'painter.bsky.social' };

describe('creator claims on X, Bluesky and Mastodon handles', () => {
  let server: FixtureServer;
  let x: XFixture;
  let bluesky: BlueskyFixture;
  let mastodon: MastodonFixture;
  let harness: SocialHarness;
  let creator: HttpAgent;

  const claim = async (source: string, handle: string) => {
    const started = await creator.post<{ id: string; code: string; handle: string }>('/api/creator-claims', { source, handle });
    expect(started.status).toBe(201);
    return started.body;
  };
  const verify = (id: string) => creator.post<{ verified?: boolean; error?: { message: string } }>(`/api/creator-claims/${id}/verify`);

  beforeAll(async () => {
    server = await startFixtureServer();
    x = new XFixture(server, TEST_X_TOKEN);
    bluesky = new BlueskyFixture(server);
    mastodon = new MastodonFixture(server, 'aiart');
    harness = await startSocialHarness(
      [
        testSource({ name: 'x-art', type: 'x', options: { apiBaseUrl: server.origin, query: '#aiart' } }),
        testSource({ name: 'bsky-art', type: 'bluesky', options: { apiBaseUrl: server.origin, query: '#aiart' } }),
        testSource({ name: 'bsky-painter', type: 'bluesky', options: { apiBaseUrl: server.origin, author: '@painter.bsky.social' } }),
        testSource({ name: 'masto-art', type: 'mastodon', options: { instanceUrl: server.origin, tag: 'aiart' } }),
      ],
      { ...FAST_HASHING, CLAIM_ALLOW_PRIVATE_NETWORK: '127.0.0.1' },
    );
    await x.add({ id: '8001', text: 'Prompt: a kite over dunes #aiart', author: alice, photos: [{}] });
    await bluesky.add({ rkey: '3pp1', ...painter, text: 'Prompt: moth wings in amber #aiart', createdAt: '2026-11-20T10:00:00.000Z', images: [{ alt: '' }] });
    await mastodon.add({ id: '112000000000000001', acct: 'ada', displayName: 'Ada', content: '<p>Prompt: a heron made of smoke</p>', media: [{ description: null }] });
    for (const name of ['x-art', 'bsky-art', 'masto-art']) await harness.crawl.run(name, { trigger: 'cli' });
    const account = await createVerifiedAccount(harness.testApp.app);
    creator = await signedInAgent(harness.testApp, account.email, account.password);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('proves an X handle by the code in its bio, through the API, and opts it out: its new posts are never fetched', async () => {
    const started = await claim('x', '@alice_makes');
    expect(started.handle).toBe('alice_makes');
    x.setProfile(alice, 'I make kites.');
    const notYet = await verify(started.id);
    expect(notYet.status).toBe(400);
    expect(notYet.body.error?.message).toMatch(/not in the bio or a recent post/);

    x.setProfile(alice, `I make kites. ${started.code}`);
    expect((await verify(started.id)).body.verified).toBe(true);
    expect(server.requests.some((request) => request.startsWith('/alice_makes'))).toBe(false);

    expect((await creator.post(`/api/creator-claims/${started.id}/opt-out`, { optedOut: true })).status).toBe(200);
    await x.add({ id: '8002', text: 'Prompt: a second kite #aiart', author: alice, photos: [{}] });
    const report = await harness.crawl.run('x-art', { trigger: 'schedule' });
    expect(report.counts).toMatchObject({ blocked: 1, new: 0 });
    expect(server.requests.filter((request) => request.startsWith('/media/x-3_2'))).toEqual([]);
  });

  it('proves a Bluesky handle by a post carrying the code', async () => {
    const started = await claim('bluesky', 'painter.bsky.social');
    bluesky.setProfile(painter, 'moths and amber');
    await bluesky.add({ rkey: '3pp2', ...painter, text: `verifying for artsift: ${started.code}`, createdAt: '2026-11-21T10:00:00.000Z', images: [] });
    const verified = await verify(started.id);
    expect(verified.status).toBe(200);
    const event = await harness.testApp.app.db.selectFrom('takedown_events').select('detail').where('action', '=', 'claim_verified').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(event.detail.profileUrl).toBe('https://bsky.app/profile/painter.bsky.social/post/3pp2');

    const removed = await creator.post<{ removed: string[] }>(`/api/creator-claims/${started.id}/removals`, { all: true });
    expect(removed.body.removed).toHaveLength(1);
    expect((await socialRows(harness, 'bluesky')).map((row) => row.takedown_state)).toEqual(['removed']);

    // Opted out: the painter's own feed is not even listed any more.
    expect((await creator.post(`/api/creator-claims/${started.id}/opt-out`, { optedOut: true })).status).toBe(200);
    const feedRequests = () => bluesky.requests.filter((url) => url.pathname.endsWith('getAuthorFeed')).length;
    const before = feedRequests();
    const report = await harness.crawl.run('bsky-painter', { trigger: 'schedule' });
    expect(report).toMatchObject({ status: 'succeeded', counts: { fetched: 0 } });
    expect(feedRequests()).toBe(before);
  });

  it('proves a Mastodon handle (user@instance) by its bio, and says so when the handle is unknown', async () => {
    const handle = `ada@${mastodon.host}`;
    const started = await claim('mastodon', `@${handle}`);
    mastodon.setAccount(handle, `<p>painter of smoke. <a href="https://example.com">site</a> ${started.code}</p>`);
    expect((await verify(started.id)).body.verified).toBe(true);

    const stranger = await claim('mastodon', `nobody@${mastodon.host}`);
    const failed = await verify(stranger.id);
    expect(failed.status).toBe(400);
    expect(failed.body.error?.message).toMatch(/Could not look up nobody@/);
  });
});
