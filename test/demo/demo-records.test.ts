import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { artworkInputSchema } from '../../src/artworks/artwork-input.ts';
import { DEMO_MOODS, DEMO_SCENES, demoImageSvg, renderDemoImage } from '../../src/demo/demo-images.ts';
import { generateDemoPrompt, wordCount } from '../../src/demo/demo-prompts.ts';
import { demoArtwork } from '../../src/demo/seed-demo.ts';

const NOW = new Date('2026-06-01T12:00:00Z');
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
const INDEXES = Array.from({ length: 240 }, (_, index) => index);

describe('demo prompts', () => {
  const prompts = INDEXES.map((seed) => generateDemoPrompt(seed));

  it('are the same for the same seed', () => {
    expect(generateDemoPrompt(7)).toEqual(generateDemoPrompt(7));
    expect(generateDemoPrompt(7)).not.toEqual(generateDemoPrompt(8));
  });

  it('have a realistic length', () => {
    for (const { prompt } of prompts) {
      expect(wordCount(prompt)).toBeGreaterThanOrEqual(10);
      expect(wordCount(prompt)).toBeLessThanOrEqual(40);
    }
  });

  it('cover every model, and only diffusion checkpoints get negative prompts', () => {
    expect(new Set(prompts.map((p) => p.model)).size).toBe(6);
    const withNegative = prompts.filter((p) => p.negativePrompt !== null);
    expect(withNegative.length).toBeGreaterThan(0);
    for (const p of withNegative) expect(['SDXL 1.0', 'Stable Diffusion 1.5', 'Pony Diffusion V6']).toContain(p.model);
  });

  it('record a size parameter that matches the picture', () => {
    for (const p of prompts) expect(p.params.size).toBe(`${p.width}x${p.height}`);
  });
});

describe('demo records', () => {
  const records = INDEXES.map((index) => demoArtwork(index, NOW));

  it('are valid ingest input with stable, unique source ids', () => {
    for (const { input } of records) expect(artworkInputSchema.safeParse(input).success).toBe(true);
    expect(new Set(records.map(({ input }) => `${input.source}/${input.sourceId}`)).size).toBe(records.length);
    expect(demoArtwork(42, new Date())).toMatchObject({ input: { source: records[42]!.input.source, sourceId: records[42]!.input.sourceId } });
  });

  it('link only to the reserved .invalid domain', () => {
    for (const { input } of records) {
      for (const url of [input.postUrl, input.imageUrl, input.author?.url]) expect(new URL(url!).hostname).toBe('demo.artsift.invalid');
    }
  });

  it('spread publish dates over the past year and flag a small share as NSFW', () => {
    for (const { input } of records) {
      const age = NOW.getTime() - artworkInputSchema.parse(input).publishedAt!.getTime();
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThanOrEqual(YEAR_MS);
    }
    const nsfw = records.filter(({ input }) => input.nsfw).length;
    expect(nsfw).toBeGreaterThan(0);
    expect(nsfw).toBeLessThan(records.length * 0.15);
  });

  it('use several sources and every image format', () => {
    expect(new Set(records.map(({ input }) => input.source))).toEqual(new Set(['demo-civitai', 'demo-gallery', 'demo-feed']));
    expect(new Set(records.map(({ image }) => image.format))).toEqual(new Set(['jpeg', 'png', 'webp']));
  });
});

describe('demo images', () => {
  it('draw every scene in every mood deterministically', () => {
    for (const scene of DEMO_SCENES) {
      for (const mood of DEMO_MOODS) {
        const spec = { scene, mood, seed: 99, width: 320, height: 200 };
        const svg = demoImageSvg(spec);
        expect(svg).toMatch(/^<svg [^>]*width="320" height="200"/);
        expect(demoImageSvg(spec)).toBe(svg);
      }
    }
  });

  it('encode to the requested format and size', async () => {
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const bytes = await renderDemoImage({ scene: 'hills', mood: 'warm', seed: 1, width: 240, height: 160, format, grain: format !== 'png' });
      expect(await sharp(bytes).metadata()).toMatchObject({ format, width: 240, height: 160 });
    }
  });
});
