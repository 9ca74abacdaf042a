import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Db } from '../db/connect.ts';
import { assertMediaKey, parseMediaKey, type MediaKind } from './media-keys.ts';
import { deleteObjectKeys, findWrappedObjectKey, insertWrappedObjectKeyOnce, isForeignKeyViolation } from './media-object-keys.repository.ts';
import { fileContext, isSealedBox, newObjectKey, openBox, sealBox } from './object-encryption.ts';
import type { ObjectKeyWrapping } from './object-key-wrapping.ts';
import { StorageKeyError, type StorageKeyring } from './storage-master-keys.ts';
import type { MediaStorage, StoredObject } from './storage.ts';

/** Users' own images (generations, reference images): encrypted. Public thumbnails and previews stay plain so caches can hold them. */
export const ENCRYPTED_MEDIA_KINDS: readonly MediaKind[] = ['private'];


export function isEncryptedMediaKey(key: string): boolean {
  const kind = parseMediaKey(key)?.kind;
  return kind !== undefined && ENCRYPTED_MEDIA_KINDS.includes(kind);
}

/**
 * A MediaStorage that encrypts private objects before they reach the backend (local disk or S3
 * alike) and decrypts them on the way out; other kinds pass through untouched. Each object has
 * its own data key, kept wrapped in media_object_keys: without its row an object is unreadable,
 * so deleting an object destroys its key first. Private files stored before encryption existed
 * are read as they are until `storage-keys encrypt-existing` encrypts them in place.
 */
export function createEncryptedMediaStorage(deps: { backend: MediaStorage; db: Db; keyring: StorageKeyring; wrapping: ObjectKeyWrapping }): MediaStorage {
  const { backend, db, keyring, wrapping } = deps;

  /** The object's data key: the stored one when the content was stored before, else a new one recorded first. */
  async function objectKeyFor(mediaKey: string): Promise<Buffer> {
    const existing = await findWrappedObjectKey(db, mediaKey);
    if (existing) return wrapping.unwrap(existing);
    const objectKey = newObjectKey();
    try {
      return await wrapping.unwrap(await insertWrappedObjectKeyOnce(db, wrapping.wrap(mediaKey, objectKey)));
    } catch (error) {
      if (!isForeignKeyViolation(error)) throw error;
      // The master key this process holds was retired by a rotation: read the new one and try once more.
      const retired = keyring.current().id;
      await keyring.reload();
      if (keyring.current().id === retired) {
        throw new StorageKeyError(`storage master key ${retired} was rotated away; restart with the new STORAGE_ENCRYPTION_KEY`, { cause: error });
      }
      return wrapping.unwrap(await insertWrappedObjectKeyOnce(db, wrapping.wrap(mediaKey, objectKey)));
    }
  }

  return {
    async put(key, body, contentType) {
      if (!isEncryptedMediaKey(key)) return backend.put(key, body, contentType);
      const objectKey = await objectKeyFor(key);
      await backend.put(key, sealBox(objectKey, body, fileContext(key)), contentType);
    },

    async get(key): Promise<StoredObject | undefined> {
      if (!isEncryptedMediaKey(key)) return backend.get(key);
      const row = await findWrappedObjectKey(db, key);
      const stored = await backend.get(key);
      if (!stored) return undefined;
      // Read whole: GCM proves the bytes genuine only at the end, and nothing unproven may be sent.
      const bytes = await buffer(stored.body);
      if (!isSealedBox(bytes)) return plainObject(bytes, stored.contentType);
      // No key: the object was deleted (its key destroyed first); the bytes left behind are noise.
      if (!row) return undefined;
      const plaintext = openBox(await wrapping.unwrap(row), bytes, fileContext(key));
      if (!plaintext) throw new StorageKeyError(`the private file ${key} does not decrypt with its key: the stored file is damaged or was replaced`);
      return plainObject(plaintext, stored.contentType);
    },

    async exists(key) {
      if (!isEncryptedMediaKey(key) || (await findWrappedObjectKey(db, key))) return backend.exists(key);
      // Without a key only a file stored before encryption existed is still readable.
      const stored = await backend.get(key);
      return stored !== undefined && !isSealedBox(await buffer(stored.body));
    },

    async delete(keys) {
      keys.forEach(assertMediaKey);
      // Keys first: once the row is gone the file is unreadable, even if removing it fails below.
      await deleteObjectKeys(db, keys.filter(isEncryptedMediaKey));
      await backend.delete(keys);
    },
  };
}

function plainObject(bytes: Buffer, contentType: string): StoredObject {
  return { body: Readable.from([bytes]), size: bytes.length, contentType };
}
