import { openBox, sealBox, wrappedKeyContext } from './object-encryption.ts';
import type { WrappedObjectKey } from './media-object-keys.repository.ts';
import { StorageKeyError, type StorageKeyring, type StorageMasterKey } from './storage-master-keys.ts';

export type ObjectKeyWrapping = ReturnType<typeof createObjectKeyWrapping>;

/** Wraps object keys by a master key of the keyring and unwraps them by whichever master key a row names. */
export function createObjectKeyWrapping(keyring: StorageKeyring) {
  async function masterKeyNamed(id: string, mediaKey: string): Promise<StorageMasterKey> {
    // A rotation in another process may have re-wrapped the row by a key this one has not read yet.
    const known = keyring.find(id) ?? (await keyring.reload(), keyring.find(id));
    if (known) return known;
    throw new StorageKeyError(
      `the private file ${mediaKey} is locked by storage master key ${id}, which is not configured here (${keyring.source === 'environment' ? 'STORAGE_ENCRYPTION_KEY' : 'DATA_DIR/secrets.json'} holds ${keyring.current().id}): set STORAGE_ENCRYPTION_KEY or restore secrets.json with the right key`,
    );
  }

  return {
    wrap(mediaKey: string, objectKey: Buffer, master: StorageMasterKey = keyring.current()): WrappedObjectKey {
      return { media_key: mediaKey, master_key_id: master.id, wrapped_key: sealBox(master.key, objectKey, wrappedKeyContext(mediaKey)) };
    },

    async unwrap(row: WrappedObjectKey): Promise<Buffer> {
      const master = await masterKeyNamed(row.master_key_id, row.media_key);
      const objectKey = openBox(master.key, row.wrapped_key, wrappedKeyContext(row.media_key));
      if (!objectKey) throw new StorageKeyError(`the key of private file ${row.media_key} does not open with storage master key ${master.id}: the key row is damaged`);
      return objectKey;
    },
  };
}
