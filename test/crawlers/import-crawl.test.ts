import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adHocSourceConfig } from '../../crawlers/config/ad-hoc-source.ts';
import { renderTestImage } from '../support/test-app.ts';
import { startCrawlHarness, storedArtworks, testSource, type CrawlHarness } from './support/crawl-harness.ts';
import { sendBytes, startFixtureServer, type FixtureServer } from './support/fixture-server.ts';
import { withA1111Parameters } from './support/png-parameters.ts';

describe('import sources', () => {
  let server: FixtureServer;
  let harness: CrawlHarness;
  let folder: string;

  beforeAll(async () => {
    server = await startFixtureServer();
    folder = await mkdtemp(path.join(os.tmpdir(), 'artsift-import-'));
    await mkdir(path.join(folder, 'night shots'));
    const parameters = 'moonlit pagoda, long exposure\nNegative prompt: people\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 99, Size: 128x128';
    await writeFile(path.join(folder, 'a.png'), withA1111Parameters(await renderTestImage(801, 128, 128), parameters));
    await writeFile(path.join(folder, 'night shots', 'b.png'), await renderTestImage(802, 128, 128));
    await writeFile(path.join(folder, 'broken.png'), 'not really a png');
    await writeFile(path.join(folder, 'notes.txt'), 'ignored');
    server.route('/u/1.png', sendBytes('image/png', await renderTestImage(803, 96, 96)));
    server.route('/u/2.png', sendBytes('image/png', await renderTestImage(804, 96, 96)));
    await writeFile(
      path.join(folder, 'urls.txt'),
      `# my collection\n${server.origin}/u/1.png\n\n${server.origin}/u/2.png\nftp://example.com/3.png\n`,
    );
    harness = await startCrawlHarness([
      testSource({ name: 'my-folder', type: 'import', options: { folder, publicBaseUrl: 'https://art.example/collection' } }),
      testSource({ name: 'my-list', type: 'import', options: { urlListFile: path.join(folder, 'urls.txt') } }),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
    await rm(folder, { recursive: true, force: true });
  });

  it('imports a folder, taking prompts from the files’ own metadata', async () => {
    const report = await harness.crawl.run('my-folder', { trigger: 'cli' });
    expect(report.counts).toMatchObject({ fetched: 3, new: 2, failed: 1 });
    expect(report.errors[0]).toMatchObject({ item: 'broken.png' });
    const rows = await storedArtworks(harness, 'my-folder');
    expect(rows.find((row) => row.source_id === 'a.png')).toMatchObject({
      prompt: 'moonlit pagoda, long exposure',
      post_url: 'https://art.example/collection/a.png',
      params: expect.objectContaining({ steps: 20, seed: 99 }),
    });
    expect(rows.find((row) => row.source_id === 'night shots/b.png')?.image_url).toBe('https://art.example/collection/night%20shots/b.png');

    const again = await harness.crawl.run('my-folder', { trigger: 'cli' });
    expect(again.counts).toMatchObject({ fetched: 0 });
  });

  it('imports a list of image URLs, failing bad lines one by one', async () => {
    const report = await harness.crawl.run('my-list', { trigger: 'cli' });
    expect(report.counts).toMatchObject({ fetched: 3, new: 2, failed: 1 });
    expect(report.errors[0]?.message).toMatch(/imageUrl|postUrl/);
  });

  it('builds ad-hoc import sources from a folder, a list file or one URL', async () => {
    await expect(adHocSourceConfig({ type: 'import', url: folder, allowPrivateNetwork: false })).rejects.toThrow(/publicBaseUrl/);
    const fromFolder = await adHocSourceConfig({ type: 'import', url: folder, allowPrivateNetwork: false, publicBaseUrl: 'https://a.example/' });
    expect(fromFolder).toMatchObject({ type: 'import', options: { folder, publicBaseUrl: 'https://a.example/' } });
    const fromList = await adHocSourceConfig({ type: 'import', url: path.join(folder, 'urls.txt'), allowPrivateNetwork: true });
    expect(fromList).toMatchObject({ options: { urlListFile: path.join(folder, 'urls.txt') }, allowPrivateNetwork: true });
    const fromUrl = await adHocSourceConfig({ type: 'import', url: 'https://a.example/x.png', allowPrivateNetwork: false });
    expect(fromUrl).toMatchObject({ options: { urls: ['https://a.example/x.png'] } });
    expect(fromUrl.name).toMatch(/^adhoc-import-[0-9a-f]{12}$/);
  });
});
