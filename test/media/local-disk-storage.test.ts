import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalDiskStorage } from '../../src/media/local-disk-storage.ts';
import type { MediaStorage } from '../../src/media/storage.ts';
import { describeMediaStorageContract, MALFORMED_KEYS, sampleObject } from './storage-contract.ts';

let scratch: string;
let root: string;
let storage: MediaStorage;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-media-'));
  root = path.join(scratch, 'media');
  storage = createLocalDiskStorage(root);
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describeMediaStorageContract('local disk storage', () => storage);

describe('local disk storage', () => {
  it('lays files out as the key reads, leaving no temporary file behind', async () => {
    const { key, bytes } = sampleObject();
    await storage.put(key, bytes, 'image/webp');
    const file = path.join(root, ...key.split('/'));
    expect(await readFile(file)).toEqual(bytes);
    expect(await readdir(path.dirname(file))).toEqual([path.basename(file)]);
  });

  it('writes nothing anywhere for a malformed key', async () => {
    for (const key of MALFORMED_KEYS) await storage.put(key, Buffer.from('x'), 'image/webp').catch(() => undefined);
    const everything = await readdir(scratch, { recursive: true });
    expect(everything.filter((entry) => !entry.startsWith('media'))).toEqual([]);
    expect(everything.some((entry) => entry.endsWith('.tmp') || entry.includes('passwd'))).toBe(false);
  });

  it('streams a file that is deleted while being read', async () => {
    const { key, bytes } = sampleObject();
    await storage.put(key, bytes, 'image/webp');
    const stored = await storage.get(key);
    await storage.delete([key]);
    const chunks: Buffer[] = [];
    for await (const chunk of stored!.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks)).toEqual(bytes);
  });
});
