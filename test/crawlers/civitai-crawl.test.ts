import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SourceConfig } from '../../crawlers/config/source-config.ts';
import { CivitaiFixture } from './support/civitai-fixture.ts';
import { indexedIds, startCrawlHarness, storedArtworks, testSource, type CrawlHarness } from './support/crawl-harness.ts';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

describe('Civitai images API source', () => {
  let server: FixtureServer;
  let civitai: CivitaiFixture;
  let harness: CrawlHarness;
  let source: SourceConfig;

  beforeAll(async () => {
    server = await startFixtureServer();
    civitai = new CivitaiFixture(server);
    source = testSource({
      name: 'civitai-test',
      type: 'civitai',
      options: { apiBaseUrl: server.origin, siteUrl: 'https://civitai.example', pageSize: 3 },
      batchSize: 2,
    });
    harness = await startCrawlHarness([source]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('pages through every cursor page and maps each item to an artwork', async () => {
    await civitai.add(6, 100);
    await civitai.add(1, 106, { nsfwLevel: 'X', meta: null });

    const report = await harness.crawl.run('civitai-test', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', counts: { fetched: 7, new: 7, failed: 0, blocked: 0 } });
    expect(civitai.pageRequests).toHaveLength(3);
    expect(civitai.pageRequests[1]).toContain('cursor=103');
    const rows = await storedArtworks(harness, 'civitai');
    expect(rows.map((row) => row.source_id).sort()).toEqual(['100', '101', '102', '103', '104', '105', '106']);
    const first = rows.find((row) => row.source_id === '100')!;
    expect(first).toMatchObject({
      prompt: 'a lighthouse number 100 at dusk',
      model: 'SDXL 1.0',
      nsfw: false,
      author_handle: 'artist1',
      post_url: 'https://civitai.example/images/100',
      image_url: `${server.origin}/img/100.png`,
    });
    expect(first.params).toMatchObject({ sampler: 'Euler a', seed: 700, steps: 30, cfgScale: 6.5, size: '256x256' });
    expect(rows.find((row) => row.source_id === '106')).toMatchObject({ nsfw: true, prompt: '' });
    expect(await indexedIds(harness)).toEqual(rows.map((row) => row.id));
  });

  it('picks up only what is new on the next run', async () => {
    await civitai.add(2, 107);
    const report = await harness.crawl.run('civitai-test', { trigger: 'schedule' });
    expect(report.counts).toMatchObject({ fetched: 2, new: 2 });
    expect(await storedArtworks(harness, 'civitai')).toHaveLength(9);
  });

  it('stores nothing twice when the whole catalogue is crawled again', async () => {
    await harness.testApp.app.db.deleteFrom('crawl_checkpoints').execute();
    const report = await harness.crawl.run('civitai-test', { trigger: 'cli' });
    expect(report.counts).toMatchObject({ fetched: 9, new: 0, unchanged: 9, failed: 0 });
    const rows = await storedArtworks(harness, 'civitai');
    expect(rows).toHaveLength(9);
    expect(await indexedIds(harness)).toEqual(rows.map((row) => row.id));
  });

  it('counts broken images as failed and stores the rest', async () => {
    const [notAnImage, truncated, missing, fine] = await civitai.add(4, 200);
    notAnImage!.image = Buffer.from('<html><body>Rate limited, try later</body></html>');
    truncated!.image = truncated!.image.subarray(0, 200);
    server.route(`/img/${missing!.id}.png`, (_request, response) => void response.writeHead(404).end());

    const report = await harness.crawl.run('civitai-test', { trigger: 'cli' });

    expect(report).toMatchObject({ status: 'succeeded', counts: { fetched: 4, new: 1, failed: 3 } });
    expect(report.errors.map((error) => error.item).sort()).toEqual(['civitai:200', 'civitai:201', 'civitai:202']);
    const messages = report.errors.map((error) => error.message);
    expect(messages).toContainEqual(expect.stringMatching(/not an image/));
    expect(messages).toContainEqual(expect.stringMatching(/HTTP 404/));
    expect((await storedArtworks(harness, 'civitai')).some((row) => row.source_id === String(fine!.id))).toBe(true);
    const run = await harness.testApp.app.db.selectFrom('crawl_runs').selectAll().where('id', '=', report.runId!).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'succeeded', items_failed: 3, items_new: 1 });
    expect(run.errors).toHaveLength(3);
  });

  it('never re-indexes a taken-down work, by identity or by its bytes', async () => {
    const { db } = harness.testApp.app;
    const removed = (await storedArtworks(harness, 'civitai')).find((row) => row.source_id === '101')!;
    await db.updateTable('artworks').set({ takedown_state: 'removed' }).where('id', '=', removed.id).execute();
    await harness.testApp.app.artworks.syncSearchIndex([removed.id]);
    // The same picture posted again under a new id: caught after download by its SHA-256.
    const [repost] = await civitai.add(1, 300);
    repost!.image = civitai.items.find((item) => item.id === 101)!.image;
    await db.deleteFrom('crawl_checkpoints').execute();

    const report = await harness.crawl.run('civitai-test', { trigger: 'cli' });

    expect(report.counts).toMatchObject({ new: 0, blocked: 2 });
    expect(await storedArtworks(harness, 'civitai')).not.toContainEqual(expect.objectContaining({ source_id: '300' }));
    expect((await storedArtworks(harness, 'civitai')).find((row) => row.id === removed.id)?.takedown_state).toBe('removed');
    expect(await indexedIds(harness)).not.toContain(removed.id);
  });

  it('folds a near-identical image from another source into the earlier work', async () => {
    const picture = await renderDistinctPicture();
    const seeded = await harness.testApp.app.artworks.ingest(
      { source: 'elsewhere', sourceId: 'seeded', postUrl: 'https://elsewhere.example/p/1', imageUrl: 'https://elsewhere.example/i/1.png' },
      picture,
    );
    // Re-encoded: different bytes (no SHA-256 match) but a perceptual hash within 4 bits.
    const [reencoded] = await civitai.add(1, 400);
    reencoded!.image = await sharp(picture).jpeg({ quality: 88 }).toBuffer();
    // Byte-identical: folded by ingest itself.
    const [identical] = await civitai.add(1, 401);
    identical!.image = picture;

    const report = await harness.crawl.run('civitai-test', { trigger: 'cli' });

    expect(report.counts).toMatchObject({ fetched: 2, duplicate: 2 });
    const rows = await storedArtworks(harness, 'civitai');
    const folded = rows.filter((row) => ['400', '401'].includes(row.source_id));
    expect(folded.map((row) => row.duplicate_of)).toEqual([seeded.id, seeded.id]);
    const indexed = await indexedIds(harness);
    expect(indexed).toContain(seeded.id);
    expect(indexed).not.toContain(folded[0]!.id);
    expect(indexed).not.toContain(folded[1]!.id);
  });

  it('runs a source once at a time: a second run while one holds the lock is turned away', async () => {
    await civitai.add(1, 500);
    let releaseImage!: () => void;
    const imageHeld = new Promise<void>((resolve) => (releaseImage = resolve));
    const item = civitai.items.find((candidate) => candidate.id === 500)!;
    server.route('/img/500.png', async (_request, response) => {
      await imageHeld;
      response.writeHead(200, { 'content-type': 'image/png' }).end(item.image);
    });
    const first = harness.crawl.run('civitai-test', { trigger: 'schedule' });
    await waitFor(() => server.requests.includes('/img/500.png'));
    const second = await harness.crawl.run('civitai-test', { trigger: 'cli' });
    releaseImage();
    expect(second.status).toBe('locked');
    expect((await first).status).toBe('succeeded');
  });
});

async function renderDistinctPicture(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320">
    <rect width="100%" height="100%" fill="#2a6f97"/><circle cx="110" cy="140" r="80" fill="#f4d35e"/>
    <rect x="180" y="40" width="90" height="240" fill="#0d1b2a"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
