import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import { createMediaStorage } from './create-media-storage.ts';
import { createEncryptedMediaStorage } from './encrypted-storage.ts';
import { listMasterKeyIds, registerMasterKey } from './media-object-keys.repository.ts';
import { createObjectKeyWrapping, type ObjectKeyWrapping } from './object-key-wrapping.ts';
import { loadStorageKeyring, StorageKeyError, type StorageKeyring } from './storage-master-keys.ts';
import type { MediaStorage } from './storage.ts';

type MediaStorageConfig = Parameters<typeof createMediaStorage>[0] & Pick<Config, 'STORAGE_ENCRYPTION_KEY'>;

export interface OpenedMediaStorage {
  /** What the app uses: private objects encrypted and decrypted on the way. */
  storage: MediaStorage;
  /** The bytes as stored (private ones encrypted): for backup and restore, which copy them as they are. */
  backend: MediaStorage;
  keyring: StorageKeyring;
  wrapping: ObjectKeyWrapping;
}

/**
 * The configured storage behind encryption of private files. Refuses to start when the database
 * holds object keys wrapped by a master key this process does not have, so a lost or wrong key
 * shows at start-up, in one line, rather than as failures on the first private image.
 */
export async function openMediaStorage(config: MediaStorageConfig, db: Db): Promise<OpenedMediaStorage> {
  const backend = await createMediaStorage(config);
  const keyring = await loadStorageKeyring({ dataDir: config.DATA_DIR, environmentKey: config.STORAGE_ENCRYPTION_KEY });
  await assertKeyringOpensDatabase(db, keyring);
  const wrapping = createObjectKeyWrapping(keyring);
  return { storage: createEncryptedMediaStorage({ backend, db, keyring, wrapping }), backend, keyring, wrapping };
}

export async function assertKeyringOpensDatabase(db: Db, keyring: StorageKeyring): Promise<void> {
  const missing = (await listMasterKeyIds(db)).filter((id) => !keyring.find(id));
  if (missing.length > 0) {
    const where = keyring.source === 'environment' ? 'STORAGE_ENCRYPTION_KEY' : 'DATA_DIR/secrets.json';
    throw new StorageKeyError(
      `private files are encrypted with storage master key ${missing.join(', ')}, but ${where} holds ${keyring.current().id}: set STORAGE_ENCRYPTION_KEY to the key in use (or restore its secrets.json)`,
    );
  }
  await registerMasterKey(db, keyring.current().id);
}
