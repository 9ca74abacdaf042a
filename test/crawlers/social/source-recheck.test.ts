import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSourceRecheck } from '../../../crawlers/recheck/source-recheck.ts';
import { recheckIntervalMs } from '../../../crawlers/recheck/recheck-schedule.ts';
import { indexedIds, testSource } from '../support/crawl-harness.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.ts';
import { BlueskyFixture } from './support/bluesky-fixture.ts';
import { MastodonFixture } from './support/mastodon-fixture.ts';
import { socialRows, startSocialHarness, TEST_X_TOKEN, type SocialHarness } from './support/social-harness.ts';
import { XFixture } from './support/x-fixture.ts';

const HOUR = 3_600_000;

describe('re-checking social posts at their source', () => {
  let server: FixtureServer;
  let x: XFixture;
  let bluesky: BlueskyFixture;
  let mastodon: MastodonFixture;
  let harness: SocialHarness;
  let now = new Date();
  const recheck = () =>
    createSourceRecheck({
      db: harness.testApp.app.db,
      crawl: harness.crawl,
      removal: harness.testApp.app.takedowns.removal,
      secrets: { xBearerToken: TEST_X_TOKEN },
      clock: { now: () => now, monotonicMs: () => now.getTime() },
      logger: harness.testApp.app.logger,
    });

  beforeAll(async () => {
    server = await startFixtureServer();
    x = new XFixture(server, TEST_X_TOKEN);
    bluesky = new BlueskyFixture(server);
    mastodon = new MastodonFixture(server, 'aiart');
    harness = await startSocialHarness([
      testSource({ name: 'x-art', type: 'x', options: { apiBaseUrl: server.origin, query: '#aiart' } }),
      testSource({ name: 'bsky-art', type: 'bluesky', options: { apiBaseUrl: server.origin, query: '#aiart' } }),
      testSource({ name: 'masto-art', type: 'mastodon', options: { instanceUrl: server.origin, tag: 'aiart' } }),
    ]);
    const author = { id: '7', username: 'maker', name: 'Maker' };
    await x.add({ id: '9001', text: 'Prompt: a lighthouse made of coral #aiart', author, photos: [{}, {}] });
    await x.add({ id: '9002', text: 'Prompt: a private garden #aiart', author, photos: [{}] });
    await x.add({ id: '9003', text: 'Prompt: stays up #aiart', author, photos: [{}] });
    await bluesky.add({ rkey: '3zz1', did: 'did:plc:maker', handle: 'maker.bsky.social', text: 'Prompt: moss city #aiart', createdAt: new Date(Date.now() - 3 * 24 * HOUR).toISOString(), images: [{ alt: '' }] });
    await bluesky.add({ rkey: '3zz2', did: 'did:plc:maker', handle: 'maker.bsky.social', text: 'Prompt: rain on neon #aiart', createdAt: new Date(Date.now() - 3 * 24 * HOUR).toISOString(), images: [{ alt: '' }] });
    await mastodon.add({ id: '111000000000000001', acct: 'ada', displayName: 'Ada', content: '<p>Prompt: a tea ceremony on mars</p>', media: [{ description: null }] });
    await mastodon.add({ id: '111000000000000002', acct: 'ada', displayName: 'Ada', content: '<p>Prompt: glass birds</p>', media: [{ description: null }] });
    for (const name of ['x-art', 'bsky-art', 'masto-art']) expect((await harness.crawl.run(name, { trigger: 'cli' })).status).toBe('succeeded');
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('checks newest posts often and older ones less often, never more than a day apart', () => {
    const at = new Date('2026-11-27T12:00:00Z');
    expect(recheckIntervalMs(new Date(at.getTime() - 2 * HOUR), at)).toBe(HOUR);
    expect(recheckIntervalMs(new Date(at.getTime() - 5 * 24 * HOUR), at)).toBe(6 * HOUR);
    expect(recheckIntervalMs(new Date(at.getTime() - 400 * 24 * HOUR), at)).toBe(24 * HOUR);
    expect(recheckIntervalMs(null, at)).toBe(24 * HOUR);
  });

  it('asks nothing before a post is due', async () => {
    now = new Date();
    const report = await recheck().runDue();
    expect(report).toEqual({ checked: 0, removed: 0, unanswered: 0 });
    expect(x.lookupRequests).toHaveLength(0);
  });

  it('removes posts deleted, made private or whose author was suspended, and keeps the rest, counted apart in the transparency report', async () => {
    const { app } = harness.testApp;
    x.posts.find((post) => post.id === '9001')!.deleted = true;
    x.posts.find((post) => post.id === '9002')!.suspended = true;
    bluesky.posts.find((post) => post.rkey === '3zz1')!.deleted = true;
    mastodon.statuses.find((status) => status.id === '111000000000000001')!.deleted = true;
    mastodon.statuses.find((status) => status.id === '111000000000000002')!.suspended = true;
    const before = [...(await socialRows(harness, 'x')), ...(await socialRows(harness, 'bluesky')), ...(await socialRows(harness, 'mastodon'))];
    const goneIds = before.filter((row) => /^(9001|9002)#|3zz1#|\/11100000000000000[12]#/.test(row.source_id)).map((row) => row.id);
    expect(goneIds).toHaveLength(6);
    const thumbnail = before.find((row) => row.id === goneIds[0])!.thumbnail_key!;
    expect(await app.storage.exists(thumbnail)).toBe(true);

    now = new Date(Date.now() + 25 * HOUR);
    const report = await recheck().runDue();

    expect(report).toEqual({ checked: 8, removed: 6, unanswered: 0 });
    expect(x.lookupRequests).toHaveLength(1);
    expect(x.lookupRequests[0]!.searchParams.get('ids')!.split(',').sort()).toEqual(['9001', '9002', '9003']);
    const after = await app.db.selectFrom('artworks').select(['id', 'takedown_state', 'prompt', 'author_handle', 'thumbnail_key']).where('id', 'in', before.map((row) => row.id)).execute();
    for (const row of after) {
      if (goneIds.includes(row.id)) expect(row).toMatchObject({ takedown_state: 'removed', prompt: '', author_handle: null, thumbnail_key: null });
      else expect(row.takedown_state).toBe('none');
    }
    expect(await app.storage.exists(thumbnail)).toBe(false);
    const indexed = await indexedIds(harness);
    expect(indexed.filter((id) => goneIds.includes(id))).toEqual([]);
    expect(indexed).toHaveLength(before.length - 6);
    // Gone at the source is not a legal removal: the page is simply not there any more.
    const page = await fetch(`${harness.testApp.baseUrl}/a/${goneIds[0]}`);
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('counter-notice');

    const transparency = (await (await fetch(`${harness.testApp.baseUrl}/api/transparency`)).json()) as { months: { removedAtSource: number; itemsRemoved: number }[] };
    expect(transparency.months[0]).toMatchObject({ removedAtSource: 6, itemsRemoved: 0 });
    const events = await app.db.selectFrom('takedown_events').select(['action', 'detail']).where('artwork_id', 'in', goneIds).execute();
    expect(events.map((event) => event.action)).toEqual(Array(6).fill('item_removed_at_source'));
    expect(events.map((event) => String(event.detail.reason)).sort()).toEqual(
      expect.arrayContaining(['removed at source: deleted', 'removed at source: author suspended']),
    );
  });

  it('asks again about live posts on their schedule, and never about removed ones', async () => {
    x.lookupRequests.length = 0;
    now = new Date(now.getTime() + 25 * HOUR);
    const report = await recheck().runDue();
    expect(report).toMatchObject({ checked: 2, removed: 0 });
    expect(x.lookupRequests[0]!.searchParams.get('ids')).toBe('9003');
  });

  it('leaves posts for the next run when the platform does not answer', async () => {
    mastodon.statuses.length = 0;
    server.route('/xrpc/app.bsky.feed.getPosts', (_request, response) => void response.writeHead(502).end('bad gateway'));
    now = new Date(now.getTime() + 25 * HOUR);
    const report = await recheck().runDue();
    expect(report.unanswered).toBe(1);
    expect((await socialRows(harness, 'bluesky')).filter((row) => row.takedown_state === 'none')).toHaveLength(1);
    // Asked again a quarter of an hour later, not at once and not a day later.
    const retry = await harness.testApp.app.db.selectFrom('source_posts').select('next_check_at').where('platform', '=', 'bluesky').where('last_checked_at', 'is not', null).executeTakeFirstOrThrow();
    expect(retry.next_check_at.getTime()).toBe(now.getTime() + 15 * 60_000);
  });
});
