import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { MEDIA_CONTENT_TYPE, assertMediaKey } from './media-keys.ts';
import type { MediaStorage, StoredObject } from './storage.ts';

/**
 * Media kept as files under one root directory (the app passes `${DATA_DIR}/media`), laid out
 * exactly as the keys read. Keys are checked against the strict key format before any path is
 * built, so nothing outside the root can be named.
 */
export function createLocalDiskStorage(rootDir: string): MediaStorage {
  const root = path.resolve(rootDir);
  const fileFor = (key: string): string => {
    assertMediaKey(key);
    return path.join(root, ...key.split('/'));
  };

  return {
    async put(key, body) {
      // The content type is not stored: every key ends in .webp.
      const file = fileFor(key);
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a reader sees the whole file or none; synced first, because a
      // content-addressed file that came back empty after a crash would be served as final forever.
      const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
      try {
        const handle = await open(temporary, 'wx');
        try {
          await handle.writeFile(body);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, file);
      } catch (error) {
        await unlink(temporary).catch(() => undefined);
        throw error;
      }
    },

    async get(key): Promise<StoredObject | undefined> {
      const file = fileFor(key);
      // Size and stream come from one open file, so a concurrent delete cannot make them disagree.
      const handle = await open(file, 'r').catch(ignoreMissing);
      if (!handle) return undefined;
      try {
        const { size } = await handle.stat();
        return { body: handle.createReadStream(), size, contentType: MEDIA_CONTENT_TYPE };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async exists(key) {
      const found = await stat(fileFor(key)).catch(ignoreMissing);
      return found?.isFile() ?? false;
    },

    async delete(keys) {
      const files = keys.map(fileFor);
      await Promise.all(files.map((file) => unlink(file).catch(ignoreMissing)));
    },
  };
}

function ignoreMissing(error: unknown): undefined {
  if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
  throw error;
}
