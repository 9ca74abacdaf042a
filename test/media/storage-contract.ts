import { createHash } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { mediaKeyFor } from '../../src/media/media-keys.ts';
import type { MediaStorage } from '../../src/media/storage.ts';

let counter = 0;
/** Distinct bytes and their content-addressed key, so tests never share objects. */
export function sampleObject(kind: 'thumb' | 'preview' | 'user' = 'thumb'): { key: string; bytes: Buffer } {
  counter += 1;
  const bytes = Buffer.from(`sample object ${counter} ${process.pid} ${Math.random()}`);
  return { key: mediaKeyFor(kind, bytes), bytes };
}

const someSha = createHash('sha256').update('x').digest('hex');
export const MALFORMED_KEYS = [
  '../../etc/passwd',
  `thumb/${someSha.slice(0, 2)}/../../../etc/passwd`,
  `/thumb/${someSha.slice(0, 2)}/${someSha}.webp`,
  `thumb/${someSha.slice(0, 2)}/${someSha}.webp/..`,
  `thumb/zz/${someSha}.webp`,
  `thumb/${someSha.slice(0, 2)}/${someSha.toUpperCase()}.webp`,
  `other/${someSha.slice(0, 2)}/${someSha}.webp`,
  `thumb/${someSha.slice(0, 2)}/${someSha}.png`,
  `thumb\\${someSha.slice(0, 2)}\\${someSha}.webp`,
  '',
];

/** What every MediaStorage adapter must do; each adapter's test file runs it against a real backend. */
export function describeMediaStorageContract(name: string, storage: () => MediaStorage): void {
  describe(`${name} (MediaStorage contract)`, () => {
    it('stores bytes and gives them back with size and content type', async () => {
      const { key, bytes } = sampleObject();
      await storage().put(key, bytes, 'image/webp');
      const stored = await storage().get(key);
      expect(stored).toBeDefined();
      expect(stored?.size).toBe(bytes.length);
      expect(stored?.contentType).toBe('image/webp');
      expect(await text(stored!.body)).toBe(bytes.toString());
    });

    it('tells whether a key exists', async () => {
      const { key, bytes } = sampleObject('preview');
      expect(await storage().exists(key)).toBe(false);
      await storage().put(key, bytes, 'image/webp');
      expect(await storage().exists(key)).toBe(true);
    });

    it('returns undefined for a key never stored', async () => {
      expect(await storage().get(sampleObject().key)).toBeUndefined();
    });

    it('accepts the same object twice (content-addressed writes are idempotent)', async () => {
      const { key, bytes } = sampleObject('user');
      await Promise.all([storage().put(key, bytes, 'image/webp'), storage().put(key, bytes, 'image/webp')]);
      await storage().put(key, bytes, 'image/webp');
      const stored = await storage().get(key);
      stored?.body.destroy();
      expect(stored?.size).toBe(bytes.length);
    });

    it('deletes keys, ignoring ones that are already gone', async () => {
      const first = sampleObject();
      const second = sampleObject('preview');
      await storage().put(first.key, first.bytes, 'image/webp');
      await storage().put(second.key, second.bytes, 'image/webp');
      await storage().delete([first.key, second.key, sampleObject().key]);
      expect(await storage().exists(first.key)).toBe(false);
      expect(await storage().exists(second.key)).toBe(false);
      await storage().delete([first.key]);
      await storage().delete([]);
    });

    it.each(MALFORMED_KEYS)('refuses the malformed key %j in every method', async (key) => {
      await expect(storage().put(key, Buffer.from('x'), 'image/webp')).rejects.toThrow(/Not a media key/);
      await expect(storage().get(key)).rejects.toThrow(/Not a media key/);
      await expect(storage().exists(key)).rejects.toThrow(/Not a media key/);
      await expect(storage().delete([key])).rejects.toThrow(/Not a media key/);
    });
  });
}
