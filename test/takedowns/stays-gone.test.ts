import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrawlService, type CrawlService } from '../../crawlers/crawl.service.ts';
import { FAST_HASHING, createVerifiedAccount, signedInAgent } from '../auth/support/accounts.ts';
import type { HttpAgent } from '../auth/support/http-agent.ts';
import { CivitaiFixture } from '../crawlers/support/civitai-fixture.ts';
import { testSource } from '../crawlers/support/crawl-harness.ts';
import { rssFeed, type FeedFixtureItem } from '../crawlers/support/feed-fixtures.ts';
import { sendBytes, startFixtureServer, type FixtureServer } from '../crawlers/support/fixture-server.ts';
import { renderTestImage, startTestApp, type TestApp } from '../support/test-app.ts';

const CIVITAI = 'civitai-local';

describe('removed stays gone: blocklist on re-crawl, near matches held, creator opt-out', () => {
  let server: FixtureServer;
  let civitai: CivitaiFixture;
  let t: TestApp;
  let crawl: CrawlService;
  let profileText = '<html><body><p>I paint lighthouses.</p></body></html>';

  const civitaiSource = () =>
    testSource({ name: 'civitai-test', type: 'civitai', artworkSource: CIVITAI, options: { apiBaseUrl: server.origin, siteUrl: server.origin, pageSize: 10 } });
  const mirrorSource = () => testSource({ name: 'mirror', type: 'feed', artworkSource: 'mirror-site', options: { url: `${server.origin}/mirror.xml` } });

  /** A full re-crawl: forget the checkpoint so the source lists everything again. */
  async function recrawl(source: ReturnType<typeof civitaiSource>) {
    await t.app.db.deleteFrom('crawl_checkpoints').where('source', '=', source.name).execute();
    return crawl.run(source, { trigger: 'cli' });
  }
  const rowsOf = (source: string) => t.app.db.selectFrom('artworks').select(['id', 'source_id', 'takedown_state', 'author_handle']).where('source', '=', source).orderBy('id').execute();
  const searchIds = async () => (await t.app.searchIndex.search({ q: '', filters: { includeNsfw: true }, sort: 'newest', page: 1, limit: 100 })).hits.map((hit) => hit.document.id);

  beforeAll(async () => {
    server = await startFixtureServer();
    civitai = new CivitaiFixture(server);
    await civitai.add(3, 101); // 101 by artist2, 102 by artist0, 103 by artist1
    server.route('/user/artist1', (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end(profileText);
    });
    t = await startTestApp({ ...FAST_HASHING, CLAIM_ALLOW_PRIVATE_NETWORK: '127.0.0.1' });
    crawl = createCrawlService({ db: t.app.db, artworks: t.app.artworks, logger: t.app.logger, config: t.app.config, blocklist: t.app.takedowns.crawlBlocklist, http: t.app.crawlerHttp, sources: [civitaiSource(), mirrorSource()] });
  });
  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('blocks a removed work when the same source lists it again', async () => {
    expect((await crawl.run(civitaiSource(), { trigger: 'cli' })).counts.new).toBe(3);
    const removed = (await rowsOf(CIVITAI)).find((row) => row.source_id === '101')!;
    await t.app.takedowns.removal.remove({ artworkIds: [removed.id], actor: 'cli', reason: 'test' });

    const again = await recrawl(civitaiSource());
    expect(again.counts.blocked).toBe(1);
    const rows = await rowsOf(CIVITAI);
    expect(rows.filter((row) => row.source_id === '101')).toEqual([expect.objectContaining({ id: removed.id, takedown_state: 'removed' })]);
    expect(await searchIds()).not.toContain(removed.id);
    const run = await t.app.db.selectFrom('crawl_runs').select('items_blocked').where('id', '=', again.runId!).executeTakeFirstOrThrow();
    expect(run.items_blocked).toBe(1);
  });

  it('blocks an exact copy from another source and holds a re-encoded, resized copy for review', async () => {
    const original = civitai.items.find((item) => item.id === 101)!.image;
    const resized = await sharp(original).resize(230, 230).jpeg({ quality: 80 }).toBuffer();
    const items: FeedFixtureItem[] = ['resized', 'exact', 'unrelated'].map((name, index) => ({
      id: `mirror-${name}`,
      link: `${server.origin}/posts/mirror-${name}`,
      imageUrl: `${server.origin}/images/mirror-${name}.${name === 'resized' ? 'jpg' : 'png'}`,
      caption: `mirror ${name}`,
      author: 'mirror-poster',
      published: new Date(Date.UTC(2026, 2, 1 + index)).toISOString(),
      tags: [],
    }));
    server.route('/images/mirror-resized.jpg', sendBytes('image/jpeg', resized));
    server.route('/images/mirror-exact.png', sendBytes('image/png', original));
    server.route('/images/mirror-unrelated.png', sendBytes('image/png', await renderTestImage(4242, 256, 256)));
    server.route('/mirror.xml', sendBytes('application/rss+xml', rssFeed(items)));

    const report = await crawl.run(mirrorSource(), { trigger: 'cli' });
    expect(report.counts.blocked).toBe(1);
    const rows = await rowsOf('mirror-site');
    const held = rows.find((row) => row.source_id.includes('resized'))!;
    const published = rows.find((row) => row.source_id.includes('unrelated'))!;
    expect(rows.some((row) => row.source_id.includes('exact'))).toBe(false);
    expect(held.takedown_state).toBe('held');
    expect(published.takedown_state).toBe('none');
    const ids = await searchIds();
    expect(ids).not.toContain(held.id);
    expect(ids).toContain(published.id);
    expect((await fetch(`${t.baseUrl}/api/artworks/${held.id}`)).status).toBe(404);
    expect((await t.app.takedowns.removal.listHeld()).map((row) => row.id)).toEqual([held.id]);

    // Re-crawling the mirror keeps it held; an admin may publish it after review.
    await recrawl(mirrorSource());
    expect((await rowsOf('mirror-site')).find((row) => row.id === held.id)?.takedown_state).toBe('held');
  });

  describe('creator self-service', () => {
    let creator: HttpAgent;
    let claimId: string;

    beforeAll(async () => {
      const account = await createVerifiedAccount(t.app);
      creator = await signedInAgent(t, account.email, account.password);
    });

    it('verifies a handle only once the one-time code is on its profile page', async () => {
      expect((await creator.post('/api/creator-claims', { source: CIVITAI, handle: '' })).status).toBe(400);
      const started = await creator.post<{ id: string; code: string; verified: boolean }>('/api/creator-claims', { source: CIVITAI, handle: 'Artist1' });
      expect(started.status).toBe(201);
      expect(started.body.verified).toBe(false);
      claimId = started.body.id;
      expect((await creator.get(`/api/creator-claims/${claimId}/artworks`)).status).toBe(400);

      const notYet = await creator.post<{ error: { field: string; message: string } }>(`/api/creator-claims/${claimId}/verify`);
      expect(notYet.status).toBe(400);
      expect(notYet.body.error.message).toContain(`${server.origin}/user/artist1`);

      profileText = `<html><body><p>I paint lighthouses. ${started.body.code}</p></body></html>`;
      const verified = await creator.post<{ verified: boolean }>(`/api/creator-claims/${claimId}/verify`);
      expect(verified.status).toBe(200);
      expect(verified.body.verified).toBe(true);

      const someoneElse = await createVerifiedAccount(t.app);
      const other = await signedInAgent(t, someoneElse.email, someoneElse.password);
      expect((await other.get(`/api/creator-claims/${claimId}/artworks`)).status).toBe(404);
    });

    it('opts the handle out: the crawler skips its new work on every run', async () => {
      expect((await creator.post(`/api/creator-claims/${claimId}/opt-out`, { optedOut: true })).status).toBe(200);
      await civitai.add(2, 105); // 105 by artist0, 106 by artist1
      const report = await recrawl(civitaiSource());
      expect(report.counts.new).toBe(1);
      const sourceIds = (await rowsOf(CIVITAI)).map((row) => row.source_id);
      expect(sourceIds).toContain('105');
      expect(sourceIds).not.toContain('106');
    });

    it('removes the creator’s indexed work without a notice', async () => {
      const listed = await creator.get<{ artworks: { id: string }[] }>(`/api/creator-claims/${claimId}/artworks`);
      expect(listed.body.artworks).toHaveLength(1);
      const [own] = listed.body.artworks;
      const page = await creator.get('/creator', { Accept: 'text/html' });
      expect(page.text).toContain('Remove all of them');
      const foreign = (await rowsOf(CIVITAI)).find((row) => row.source_id === '102')!;
      expect((await creator.post(`/api/creator-claims/${claimId}/removals`, { artworkIds: [foreign.id] })).status).toBe(400);

      const removed = await creator.post<{ removed: string[] }>(`/api/creator-claims/${claimId}/removals`, { all: true });
      expect(removed.body.removed).toEqual([own!.id]);
      expect((await fetch(`${t.baseUrl}/api/artworks/${own!.id}`)).status).toBe(451);
      const events = await t.app.db.selectFrom('takedown_events').select(['action', 'actor']).where('action', 'in', ['claim_verified', 'creator_opted_out', 'item_removed', 'item_held']).execute();
      expect(new Set(events.map((event) => event.action))).toEqual(new Set(['claim_verified', 'creator_opted_out', 'item_removed', 'item_held']));
    });
  });
});
