import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchiveWriter, openArchive } from '../../src/backup/backup-archive.ts';
import { createMediaPackWriter, mediaPackPath, readMediaPack } from '../../src/backup/media-pack.ts';

async function readAll(stream: Readable): Promise<{ key: string; bytes: Buffer }[]> {
  const records: { key: string; bytes: Buffer }[] = [];
  for await (const record of readMediaPack(stream)) records.push(record);
  return records;
}

/** The same bytes cut into pieces of `size`, as a file or socket may deliver them. */
const inPieces = (bytes: Buffer, size: number) => Readable.from(Array.from({ length: Math.ceil(bytes.length / size) }, (_, index) => bytes.subarray(index * size, (index + 1) * size)));

describe('media packs', () => {
  let scratch: string;
  let pack: Buffer;
  const objects = [
    { key: 'thumb/ab/one.webp', bytes: randomBytes(10) },
    { key: 'private/cd/two.webp', bytes: randomBytes(300_000) },
    { key: 'preview/ef/empty.webp', bytes: Buffer.alloc(0) },
    { key: 'user/01/three.webp', bytes: randomBytes(70_000) },
  ];

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-pack-'));
    const file = path.join(scratch, 'packs.zip');
    const archive = createArchiveWriter(file);
    const packs = createMediaPackWriter(archive);
    for (const { key, bytes } of objects) await packs.add(key, bytes);
    await packs.close();
    await archive.finish(Buffer.from('{}'));
    const reader = await openArchive(file);
    try {
      expect(reader.names()).toEqual([mediaPackPath(1), 'manifest.json']);
      pack = await buffer(await reader.open(mediaPackPath(1)));
    } finally {
      reader.close();
    }
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it.each([1, 7, 4096, 1 << 20])('gives back every object in order, whatever the size of the pieces read (%i bytes)', async (size) => {
    expect(await readAll(inPieces(pack, size))).toEqual(objects);
  });

  it('refuses a pack that ends inside a record', async () => {
    await expect(readAll(inPieces(pack.subarray(0, pack.length - 5), 4096))).rejects.toThrow('a media pack ends inside a record');
  });
});
