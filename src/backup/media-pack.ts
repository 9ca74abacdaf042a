import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import type { ArchiveWriter } from './backup-archive.ts';

/**
 * Media objects travel in a few large "pack" entries rather than one zip entry each: a zip
 * writer keeps every entry in memory until the end, and a million artworks are two million
 * objects. A pack is a run of records `uint16 key length | key (UTF-8) | uint32 size | bytes`.
 */
export const MEDIA_PACK_PREFIX = 'media/pack-';
const PACK_LIMIT_BYTES = 512 * 1024 * 1024;
const KEY_LENGTH_BYTES = 2;
const SIZE_BYTES = 4;

export const mediaPackPath = (index: number): string => `${MEDIA_PACK_PREFIX}${String(index).padStart(6, '0')}.bin`;

export function createMediaPackWriter(archive: ArchiveWriter) {
  let packs = 0;
  let current: { stream: PassThrough; written: Promise<unknown>; bytes: number } | undefined;

  async function close(): Promise<void> {
    if (!current) return;
    current.stream.end();
    await current.written;
    current = undefined;
  }

  return {
    async add(key: string, bytes: Buffer): Promise<void> {
      if (current && current.bytes + bytes.length > PACK_LIMIT_BYTES) await close();
      if (!current) {
        packs += 1;
        const stream = new PassThrough();
        current = { stream, written: archive.addStream(mediaPackPath(packs), stream, { compress: false }), bytes: 0 };
      }
      const keyBytes = Buffer.from(key, 'utf8');
      const header = Buffer.alloc(KEY_LENGTH_BYTES + keyBytes.length + SIZE_BYTES);
      header.writeUInt16BE(keyBytes.length, 0);
      keyBytes.copy(header, KEY_LENGTH_BYTES);
      header.writeUInt32BE(bytes.length, KEY_LENGTH_BYTES + keyBytes.length);
      current.bytes += header.length + bytes.length;
      current.stream.write(header);
      if (!current.stream.write(bytes)) await once(current.stream, 'drain');
    },
    close,
  };
}

/** The records of one pack, in order; a pack that ends inside a record is refused. */
export async function* readMediaPack(stream: Readable): AsyncGenerator<{ key: string; bytes: Buffer }> {
  let pending: Buffer = Buffer.alloc(0);
  // Chunks are gathered until the record under way is complete, so a large object is joined once.
  let waiting: Buffer[] = [];
  let waitingBytes = 0;
  let needed = KEY_LENGTH_BYTES;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    waiting.push(chunk);
    waitingBytes += chunk.length;
    if (pending.length + waitingBytes < needed) continue;
    pending = Buffer.concat([pending, ...waiting]);
    waiting = [];
    waitingBytes = 0;
    for (;;) {
      needed = KEY_LENGTH_BYTES;
      if (pending.length < needed) break;
      const keyLength = pending.readUInt16BE(0);
      const headerLength = KEY_LENGTH_BYTES + keyLength + SIZE_BYTES;
      needed = headerLength;
      if (pending.length < needed) break;
      const size = pending.readUInt32BE(KEY_LENGTH_BYTES + keyLength);
      needed = headerLength + size;
      if (pending.length < needed) break;
      yield { key: pending.toString('utf8', KEY_LENGTH_BYTES, KEY_LENGTH_BYTES + keyLength), bytes: Buffer.from(pending.subarray(headerLength, needed)) };
      pending = pending.subarray(needed);
    }
  }
  if (pending.length + waitingBytes > 0) throw new Error('a media pack ends inside a record');
}
