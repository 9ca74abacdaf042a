import { buffer } from 'node:stream/consumers';
import type { Db } from '../db/connect.ts';
import { MEDIA_CONTENT_TYPE } from './media-keys.ts';
import { isSealedBox } from './object-encryption.ts';
import type { MediaStorage } from './storage.ts';

export interface EncryptExistingResult {
  encrypted: number;
  /** Named by a row but no longer in the store. */
  missing: number;
}

/** Private keys the database names that have no object key yet: files stored before encryption existed. */
async function privateKeysWithoutObjectKey(db: Db): Promise<string[]> {
  const named = db
    .selectFrom('gallery_items')
    .select('full_key as key')
    .union(db.selectFrom('gallery_items').select('thumbnail_key as key'))
    .union(db.selectFrom('gallery_items').select('preview_key as key'))
    .union(db.selectFrom('generations').select('reference_key as key').where('reference_key', 'is not', null).$narrowType<{ key: string }>());
  const rows = await db
    .selectFrom(named.as('named'))
    .select('named.key')
    .where('named.key', 'like', 'private/%')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('media_object_keys').select('media_key').whereRef('media_object_keys.media_key', '=', 'named.key'))))
    .orderBy('named.key')
    .execute();
  return rows.map((row) => row.key);
}

/**
 * The upgrade step for an instance that stored private files before they were encrypted: each
 * one is read as stored and written again through the encrypting storage, which gives it a key.
 * Safe to run while serving (readers get the plain file until it is replaced) and to run again.
 */
export async function encryptExistingPrivateFiles(deps: { db: Db; storage: MediaStorage; backend: MediaStorage; onProgress?: (done: number, total: number) => void }): Promise<EncryptExistingResult> {
  const keys = await privateKeysWithoutObjectKey(deps.db);
  const result: EncryptExistingResult = { encrypted: 0, missing: 0 };
  deps.onProgress?.(0, keys.length);
  for (const [index, key] of keys.entries()) {
    const stored = await deps.backend.get(key);
    const bytes = stored && (await buffer(stored.body));
    if (!bytes) result.missing += 1;
    else if (!isSealedBox(bytes)) {
      await deps.storage.put(key, bytes, MEDIA_CONTENT_TYPE);
      result.encrypted += 1;
    }
    deps.onProgress?.(index + 1, keys.length);
  }
  return result;
}
