import { createHmac } from 'node:crypto';
import { loadSecret, readSecrets } from '../secrets.ts';

/** Names of the master keys in DATA_DIR/secrets.json; the previous one exists only while a rotation runs. */
export const MASTER_KEY_SECRET = 'storageEncryptionKey';
export const PREVIOUS_MASTER_KEY_SECRET = 'storageEncryptionKeyPrevious';

const MASTER_KEY_BYTES = 32;

/** An operator-side problem with the storage master key: the message says what to do, in one line. */
export class StorageKeyError extends Error {
  override name = 'StorageKeyError';
}

export interface StorageMasterKey {
  /** Fingerprint, safe to store and show: names the key without revealing it. */
  id: string;
  key: Buffer;
}

export interface StorageKeyring {
  /** Where the keys come from: STORAGE_ENCRYPTION_KEY, or secrets.json (which rotation may rewrite). */
  readonly source: 'environment' | 'secrets';
  /** The key new object keys are wrapped by. */
  current(): StorageMasterKey;
  find(id: string): StorageMasterKey | undefined;
  /** Reads the keys again: another process (a rotation) may have replaced them. */
  reload(): Promise<void>;
}

/** A 32-byte key written as 64 hex digits or as base64 / base64url; anything else is refused with its variable named. */
export function parseMasterKey(text: string, variable: string): Buffer {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)
      ? Buffer.from(trimmed.replace(/\+/g, '-').replace(/\//g, '_').replace(/=$/, ''), 'base64url')
      : undefined;
  if (!bytes || bytes.length !== MASTER_KEY_BYTES) {
    throw new StorageKeyError(`${variable} must be a 32-byte key written as 64 hex digits or as base64 (e.g. the output of "openssl rand -base64 32")`);
  }
  return bytes;
}

export function masterKeyFrom(key: Buffer): StorageMasterKey {
  // An HMAC, not a plain hash, so the fingerprint says nothing about the key to anyone without it.
  const id = createHmac('sha256', key).update('artsift storage master key id').digest('hex').slice(0, 16);
  return { id, key };
}

/**
 * STORAGE_ENCRYPTION_KEY when set (the operator keeps it; rotation needs the new one passed in);
 * otherwise a key generated on first use into DATA_DIR/secrets.json, beside the other secrets.
 */
export async function loadStorageKeyring(options: { dataDir: string; environmentKey: string | undefined }): Promise<StorageKeyring> {
  if (options.environmentKey !== undefined) {
    const key = masterKeyFrom(parseMasterKey(options.environmentKey, 'STORAGE_ENCRYPTION_KEY'));
    return { source: 'environment', current: () => key, find: (id) => (id === key.id ? key : undefined), reload: async () => {} };
  }
  const read = async (): Promise<{ current: StorageMasterKey; all: Map<string, StorageMasterKey> }> => {
    const current = masterKeyFrom(parseMasterKey(await loadSecret(options.dataDir, MASTER_KEY_SECRET), `${MASTER_KEY_SECRET} in secrets.json`));
    const all = new Map([[current.id, current]]);
    const previous = (await readSecrets(options.dataDir))[PREVIOUS_MASTER_KEY_SECRET];
    if (previous) {
      const key = masterKeyFrom(parseMasterKey(previous, `${PREVIOUS_MASTER_KEY_SECRET} in secrets.json`));
      all.set(key.id, key);
    }
    return { current, all };
  };
  let keys = await read();
  return {
    source: 'secrets',
    current: () => keys.current,
    find: (id) => keys.all.get(id),
    async reload() {
      keys = await read();
    },
  };
}

/** A keyring of given keys, for work that needs a key the process has not configured yet (rotation, restore). */
export function fixedKeyring(keys: StorageMasterKey[], current: StorageMasterKey, source: StorageKeyring['source']): StorageKeyring {
  const all = new Map([...keys, current].map((key) => [key.id, key]));
  return { source, current: () => current, find: (id) => all.get(id), reload: async () => {} };
}
