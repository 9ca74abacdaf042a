import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { openApp, type App, type OpenAppOptions } from '../../src/app.ts';
import type { ArtworkInput } from '../../src/artworks/artwork-input.ts';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: App;
  baseUrl: string;
  dataDir: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/**
 * The real app, in-process, on 127.0.0.1 with a free port, against its own cloned database
 * and its own DATA_DIR. Tests talk to it over HTTP with fetch.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  /** A logger to read what the app logs, a clock to move time. */
  options: Pick<OpenAppOptions, 'logger' | 'clock'> = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-app-'));
  const config = loadConfig({
    PORT: '0',
    DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SEED_DEMO: 'never',
    // Every test file talks from 127.0.0.1: roomy request limits, unless a test sets its own.
    RATE_LIMIT_ANONYMOUS: '1000000',
    RATE_LIMIT_AUTHENTICATED: '1000000',
    ...env,
  });
  const app = await openApp(config, options);
  const baseUrl = await app.listen();
  return {
    app,
    baseUrl,
    dataDir,
    database,
    async close() {
      await app.close();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

let fixtureCounter = 0;

/** A real PNG with a colour pattern that differs per seed, so hashes differ too. */
export async function renderTestImage(seed: number, width = 640, height = 640): Promise<Buffer> {
  const hue = (seed * 47) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="hsl(${hue},70%,40%)"/>
    <circle cx="${(seed * 37) % width}" cy="${(seed * 53) % height}" r="${Math.min(width, height) / 3}" fill="hsl(${(hue + 150) % 360},80%,60%)"/>
    <rect x="${(seed * 13) % (width / 2)}" y="${height / 2}" width="${width / 3}" height="${height / 5}" fill="hsl(${(hue + 60) % 360},60%,20%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Ingests one artwork through the real ingest path, with overridable fields. */
export async function ingestTestArtwork(
  /** The app, or a service tier: anything with the artwork service. */
  app: Pick<App, 'artworks'>,
  overrides: Partial<ArtworkInput> & { width?: number; height?: number } = {},
): Promise<string> {
  fixtureCounter += 1;
  const seed = fixtureCounter + Math.floor(Math.random() * 1_000_000);
  const { width, height, ...input } = overrides;
  const image = await renderTestImage(seed, width, height);
  const result = await app.artworks.ingest(
    {
      source: 'testsource',
      sourceId: `item-${seed}`,
      postUrl: `https://example.com/posts/${seed}`,
      imageUrl: `https://example.com/images/${seed}.png`,
      author: { handle: 'tester', name: 'Test Author', url: 'https://example.com/u/tester' },
      prompt: 'a quiet lighthouse on a cliff at dusk, oil painting',
      model: 'SDXL 1.0',
      params: { seed: 42, steps: 30, sampler: 'Euler a', cfgScale: 7 },
      publishedAt: new Date('2026-01-01T00:00:00Z'),
      ...input,
    },
    image,
  );
  return result.id;
}
