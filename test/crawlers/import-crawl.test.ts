import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adHocSourceConfig } from '../../crawlers/config/ad-hoc-source.ts';
import { renderTestImage } from '../support/test-app.ts';
import { startCrawlHarness, storedArtworks, testSource, type CrawlHarness } from './support/crawl-harness.ts';
import { sendBytes, startFixtureServer, type FixtureServer } from './support/fixture-server.ts';
import { withA1111Parameters } from './support/png-parameters.ts';
import { asciiUserComment, exifTiff } from './metadata/fixtures/exif-fixture.ts';
import { COMFYUI_API_PROMPT, COMFYUI_UI_WORKFLOW, NOVELAI_COMMENT } from './metadata/fixtures/generator-samples.ts';
import { exifSegment } from './metadata/fixtures/jpeg-fixture.ts';
import { textChunk } from './metadata/fixtures/png-fixture.ts';

/** PNG signature (8) + IHDR chunk (25): generators write their text chunks right after. */
const AFTER_IHDR = 33;

describe('import sources', () => {
  let server: FixtureServer;
  let harness: CrawlHarness;
  let folder: string;
  let generatorFolder: string;

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
    generatorFolder = await mkdtemp(path.join(os.tmpdir(), 'artsift-import-generators-'));
    await writeGeneratorFolder(generatorFolder);
    harness = await startCrawlHarness([
      testSource({ name: 'my-generators', type: 'import', options: { folder: generatorFolder, publicBaseUrl: 'https://art.example/gen' } }),
      testSource({ name: 'my-folder', type: 'import', options: { folder, publicBaseUrl: 'https://art.example/collection' } }),
      testSource({ name: 'my-list', type: 'import', options: { urlListFile: path.join(folder, 'urls.txt') } }),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
    await rm(folder, { recursive: true, force: true });
    await rm(generatorFolder, { recursive: true, force: true });
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

  it('indexes a folder of generated images with each file’s prompt, parameters and generator, shown on the artwork page', async () => {
    const report = await harness.crawl.run('my-generators', { trigger: 'cli' });
    expect(report.counts).toMatchObject({ fetched: 4, new: 4, failed: 0 });
    const rows = await storedArtworks(harness, 'my-generators');
    const row = (sourceId: string) => rows.find((stored) => stored.source_id === sourceId);

    expect(row('comfyui.png')).toMatchObject({
      prompt: 'a glass bottle holding a purple galaxy\ngolden hour',
      model: 'juggernautXL_v9.safetensors',
      params: expect.objectContaining({ generator: 'ComfyUI', steps: 24, seed: 156680208700286, loras: 'glass.safetensors:0.8' }),
    });
    expect(row('swarmui.jpg')).toMatchObject({ prompt: 'a tin robot watering tulips', params: expect.objectContaining({ generator: 'SwarmUI', steps: 20 }) });
    expect(row('novelai.webp')).toMatchObject({ prompt: 'silver hair, night city', params: expect.objectContaining({ generator: 'NovelAI', cfgScale: 5 }) });
    expect(row('screenshot.png')).toMatchObject({ prompt: '', params: {} });

    const page = await fetch(`${harness.testApp.baseUrl}/a/${row('comfyui.png')!.id}`);
    expect(await page.text()).toContain('<tr><th scope="row">Generator</th><td>ComfyUI</td></tr>');
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

/** One file per generator, each laid out as that generator writes it, around real decodable images. */
async function writeGeneratorFolder(folder: string): Promise<void> {
  const png = await renderTestImage(811, 128, 128);
  const comfyUi = Buffer.concat([
    png.subarray(0, AFTER_IHDR),
    textChunk('prompt', JSON.stringify(COMFYUI_API_PROMPT)),
    textChunk('workflow', JSON.stringify(COMFYUI_UI_WORKFLOW)),
    png.subarray(AFTER_IHDR),
  ]);
  await writeFile(path.join(folder, 'comfyui.png'), comfyUi);

  const swarm = { sui_image_params: { prompt: 'a tin robot watering tulips', negativeprompt: '', model: 'sdxl', seed: 7, steps: 20, cfgscale: 6, width: 128, height: 128 } };
  const jpeg = await sharp(await renderTestImage(812, 128, 128)).jpeg().toBuffer();
  const exif = exifSegment(exifTiff({ userComment: asciiUserComment(JSON.stringify(swarm)) }));
  await writeFile(path.join(folder, 'swarmui.jpg'), Buffer.concat([jpeg.subarray(0, 2), exif, jpeg.subarray(2)]));

  const envelope = { Description: 'silver hair, night city', Software: 'NovelAI', Source: 'NovelAI Diffusion V4.5', Comment: JSON.stringify(NOVELAI_COMMENT) };
  const webp = await sharp(await renderTestImage(813, 128, 128))
    .webp()
    .withExif({ IFD2: { UserComment: JSON.stringify(envelope) } })
    .toBuffer();
  await writeFile(path.join(folder, 'novelai.webp'), webp);

  const screenshot = await renderTestImage(814, 128, 128);
  await writeFile(
    path.join(folder, 'screenshot.png'),
    Buffer.concat([screenshot.subarray(0, AFTER_IHDR), textChunk('Description', 'Screenshot'), textChunk('Software', 'gnome-screenshot'), screenshot.subarray(AFTER_IHDR)]),
  );
}
