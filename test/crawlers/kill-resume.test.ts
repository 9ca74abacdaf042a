import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrawlService } from '../../crawlers/crawl.service.ts';
import { CivitaiFixture } from './support/civitai-fixture.ts';
import { indexedIds, startCrawlHarness, storedArtworks, testSource, type CrawlHarness } from './support/crawl-harness.ts';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

describe('a crawl stopped mid-way', () => {
  let server: FixtureServer;
  let harness: CrawlHarness;
  let civitai: CivitaiFixture;

  beforeAll(async () => {
    server = await startFixtureServer();
    civitai = new CivitaiFixture(server);
    await civitai.add(30, 100);
    harness = await startCrawlHarness([
      testSource({
        name: 'resumable',
        type: 'civitai',
        options: { apiBaseUrl: server.origin, pageSize: 7 },
        batchSize: 4,
        concurrency: 2,
      }),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('resumes from its last stored batch with no duplicates and no gaps', async () => {
    // Abort while a batch is half done: some of its items stored, its checkpoint not yet saved.
    const controller = new AbortController();
    let served = 0;
    for (const item of civitai.items) {
      server.route(`/img/${item.id}.png`, (_request, response) => {
        served += 1;
        if (served === 11) controller.abort(new Error('killed'));
        response.writeHead(200, { 'content-type': 'image/png' }).end(item.image);
      });
    }

    const first = await harness.crawl.run('resumable', { trigger: 'cli', signal: controller.signal });

    expect(first.status).toBe('aborted');
    const afterKill = await storedArtworks(harness, 'civitai');
    expect(afterKill.length).toBeGreaterThan(4);
    expect(afterKill.length).toBeLessThan(30);
    const { db } = harness.testApp.app;
    expect(await db.selectFrom('crawl_runs').select('status').where('id', '=', first.runId!).executeTakeFirst()).toEqual({ status: 'aborted' });

    const second = await harness.crawl.run('resumable', { trigger: 'cli' });

    expect(second.status).toBe('succeeded');
    const rows = await storedArtworks(harness, 'civitai');
    const ids = rows.map((row) => Number(row.source_id)).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 30 }, (_, index) => 100 + index));
    expect(second.counts.new).toBe(30 - afterKill.length);
    // Items stored after the last saved checkpoint are listed again and recognised, not re-stored.
    expect(second.counts.new + second.counts.unchanged).toBe(second.counts.fetched);
    expect(second.counts.fetched).toBeLessThan(30);
    expect(await indexedIds(harness)).toEqual(rows.map((row) => row.id));

    const third = await harness.crawl.run('resumable', { trigger: 'cli' });
    expect(third.counts).toMatchObject({ fetched: 0, new: 0 });
  });
});

describe('a crawl whose commit fails', () => {
  let server: FixtureServer;
  let harness: CrawlHarness;

  beforeAll(async () => {
    server = await startFixtureServer();
    await new CivitaiFixture(server).add(12, 100);
    harness = await startCrawlHarness([
      testSource({ name: 'flaky-index', type: 'civitai', options: { apiBaseUrl: server.origin, pageSize: 5 }, batchSize: 4, concurrency: 2 }),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('does not move its checkpoint past the batch, so the next run indexes what was stored', async () => {
    const { app } = harness.testApp;
    let syncs = 0;
    const failingIndex = createCrawlService({
      db: app.db,
      logger: app.logger,
      config: app.config,
      blocklist: app.takedowns.crawlBlocklist,
      http: app.crawlerHttp,
      sources: await harness.crawl.listSources(),
      artworks: {
        ingest: app.artworks.ingest,
        async syncSearchIndex(ids) {
          syncs += 1;
          if (syncs === 2) throw new Error('search engine unavailable');
          await app.artworks.syncSearchIndex(ids);
        },
      },
    });

    const failed = await failingIndex.run('flaky-index', { trigger: 'cli' });

    expect(failed.status).toBe('failed');
    expect(failed.errors.at(-1)?.message).toMatch(/search engine unavailable/);
    // Only the first committed prefix is indexed (at least one batch; how many items finished
    // together depends on timing). Items stored after it are not covered by the checkpoint...
    const indexedBeforeResume = (await indexedIds(harness)).length;
    expect(indexedBeforeResume).toBeGreaterThanOrEqual(4);
    expect(indexedBeforeResume).toBeLessThan(12);

    const resumed = await harness.crawl.run('flaky-index', { trigger: 'cli' });

    expect(resumed.status).toBe('succeeded');
    const rows = await storedArtworks(harness, 'civitai');
    expect(rows).toHaveLength(12);
    // ...so the next run revisits them and every stored row ends up indexed.
    expect(await indexedIds(harness)).toEqual(rows.map((row) => row.id));
  });
});
