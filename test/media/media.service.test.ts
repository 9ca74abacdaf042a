import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnprocessableMediaError } from '../../src/errors.ts';
import { createLocalDiskStorage } from '../../src/media/local-disk-storage.ts';
import { createImageAdapter } from '../../src/media/image-adapter.ts';
import { createMediaService, mediaUrl, type MediaService } from '../../src/media/media.service.ts';
import type { MediaStorage } from '../../src/media/storage.ts';
import { sceneImage } from './fixtures.ts';

let scratch: string;
let storage: MediaStorage;
let media: MediaService;
const puts: string[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-media-service-'));
  const disk = createLocalDiskStorage(path.join(scratch, 'media'));
  storage = { ...disk, put: (key, body, type) => (puts.push(key), disk.put(key, body, type)) };
  media = createMediaService({ storage, images: createImageAdapter({ maxInputBytes: 25 * 1024 * 1024, maxPixels: 50_000_000 }) });
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function storedBytes(key: string): Promise<Buffer> {
  const object = await storage.get(key);
  if (!object) throw new Error(`nothing stored under ${key}`);
  return buffer(object.body);
}

describe('media service', () => {
  it('stores a thumbnail and a preview under keys derived from their own bytes', async () => {
    const input = await sceneImage(21, 1600, 900);
    const stored = await media.ingestImage(input);

    expect(stored).toMatchObject({ width: 1600, height: 900, format: 'png', sha256: createHash('sha256').update(input).digest('hex') });
    expect(typeof stored.phash).toBe('bigint');
    expect(stored.placeholder).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(stored.thumbnailKey).toMatch(/^thumb\/[0-9a-f]{2}\/[0-9a-f]{64}\.webp$/);
    expect(stored.previewKey).toMatch(/^preview\/[0-9a-f]{2}\/[0-9a-f]{64}\.webp$/);

    for (const [key, width] of [
      [stored.thumbnailKey, 400],
      [stored.previewKey, 1280],
    ] as const) {
      const bytes = await storedBytes(key);
      expect(key).toContain(createHash('sha256').update(bytes).digest('hex'));
      expect(await sharp(bytes).metadata()).toMatchObject({ format: 'webp', width });
    }
  });

  it('uploads nothing again when the same image comes back', async () => {
    const input = await sceneImage(22, 800, 800);
    const first = await media.ingestImage(input);
    puts.length = 0;
    const second = await media.ingestImage(input);
    expect(second).toEqual(first);
    expect(puts).toEqual([]);
  });

  it('stores nothing for input it refuses', async () => {
    const before = await readdir(scratch, { recursive: true });
    await expect(media.ingestImage(Buffer.from('definitely not an image'))).rejects.toThrow(UnprocessableMediaError);
    expect(await readdir(scratch, { recursive: true })).toEqual(before);
  });

  it('deletes stored derivatives, and only those named', async () => {
    const stored = await media.ingestImage(await sceneImage(23, 500, 500));
    const kept = await media.ingestImage(await sceneImage(24, 500, 500));
    await media.delete([stored.thumbnailKey, stored.previewKey]);
    expect(await storage.exists(stored.thumbnailKey)).toBe(false);
    expect(await storage.exists(stored.previewKey)).toBe(false);
    expect(await storage.exists(kept.thumbnailKey)).toBe(true);
    expect(await storage.exists(kept.previewKey)).toBe(true);
  });

  it('deletes nothing, and asks the storage for nothing, given no keys', async () => {
    const kept = await media.ingestImage(await sceneImage(25, 500, 500));
    const before = await readdir(scratch, { recursive: true });
    const deletions: string[][] = [];
    const watched = createMediaService({ storage: { ...storage, delete: (keys) => (deletions.push(keys), storage.delete(keys)) }, images: createImageAdapter({ maxInputBytes: 1024, maxPixels: 1024 }) });

    await expect(watched.delete([])).resolves.toBeUndefined();

    expect(deletions).toEqual([]);
    expect(await readdir(scratch, { recursive: true })).toEqual(before);
    expect(await storage.exists(kept.thumbnailKey)).toBe(true);
  });

  it('builds site-relative URLs for keys', () => {
    expect(mediaUrl('thumb/ab/abc.webp')).toBe('/media/thumb/ab/abc.webp');
  });
});
