import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.ts';
import { readSecrets, updateSecrets } from '../secrets.ts';
import {
  countObjectKeysByMasterKey,
  isForeignKeyViolation,
  lockObjectKeysToRewrap,
  registerMasterKey,
  retireMasterKeysOtherThan,
  updateWrappedObjectKey,
} from './media-object-keys.repository.ts';
import { createObjectKeyWrapping } from './object-key-wrapping.ts';
import {
  fixedKeyring,
  masterKeyFrom,
  MASTER_KEY_SECRET,
  parseMasterKey,
  PREVIOUS_MASTER_KEY_SECRET,
  StorageKeyError,
  type StorageKeyring,
  type StorageMasterKey,
} from './storage-master-keys.ts';

const REWRAP_BATCH = 500;
/** Rows a running server wrapped by the old key while the last batch ran send the rewrap round again. */
const MAX_RETIRE_ATTEMPTS = 10;

export interface RotationResult {
  retiredIds: string[];
  currentId: string;
  rewrapped: number;
}

/**
 * Replaces the storage master key: every object key is unwrapped by the old master key and
 * wrapped by the new one; the files themselves are not touched. With secrets.json the new key
 * is generated and written there (the old one kept beside it until the end, so an interrupted
 * rotation resumes and running servers can still read); with STORAGE_ENCRYPTION_KEY the
 * operator passes the new key and restarts the servers with it afterwards.
 */
export async function rotateStorageMasterKey(deps: {
  db: Db;
  keyring: StorageKeyring;
  dataDir: string;
  /** Required when the keyring comes from STORAGE_ENCRYPTION_KEY. */
  newEnvironmentKey: string | undefined;
  onProgress?: (done: number, total: number) => void;
}): Promise<RotationResult> {
  const { db, keyring } = deps;
  const { next, known } = await chooseNextKey(deps);
  const wrapping = createObjectKeyWrapping(fixedKeyring(known, next, keyring.source));
  await registerMasterKey(db, next.id);

  let rewrapped = 0;
  for (let attempt = 1; ; attempt += 1) {
    const total = rewrapped + [...(await countObjectKeysByMasterKey(db))].reduce((sum, [id, count]) => (id === next.id ? sum : sum + count), 0);
    deps.onProgress?.(rewrapped, total);
    for (;;) {
      const batch = await db.transaction().execute(async (trx) => {
        const rows = await lockObjectKeysToRewrap(trx, next.id, REWRAP_BATCH);
        for (const row of rows) await updateWrappedObjectKey(trx, wrapping.wrap(row.media_key, await wrapping.unwrap(row), next));
        return rows.length;
      });
      if (batch === 0) break;
      rewrapped += batch;
      deps.onProgress?.(rewrapped, Math.max(total, rewrapped));
    }
    try {
      const retiredIds = await retireMasterKeysOtherThan(db, next.id);
      if (keyring.source === 'secrets') await updateSecrets(deps.dataDir, { [PREVIOUS_MASTER_KEY_SECRET]: undefined });
      return { retiredIds, currentId: next.id, rewrapped };
    } catch (error) {
      if (!isForeignKeyViolation(error) || attempt >= MAX_RETIRE_ATTEMPTS) throw error;
    }
  }
}

async function chooseNextKey(deps: { keyring: StorageKeyring; dataDir: string; newEnvironmentKey: string | undefined }): Promise<{ next: StorageMasterKey; known: StorageMasterKey[] }> {
  const { keyring } = deps;
  const old = keyring.current();
  if (keyring.source === 'environment') {
    if (deps.newEnvironmentKey === undefined) {
      throw new StorageKeyError('STORAGE_ENCRYPTION_KEY is set: pass the new key in STORAGE_ENCRYPTION_KEY_NEW, then restart the servers with it as STORAGE_ENCRYPTION_KEY');
    }
    const next = masterKeyFrom(parseMasterKey(deps.newEnvironmentKey, 'STORAGE_ENCRYPTION_KEY_NEW'));
    if (next.id === old.id) throw new StorageKeyError('STORAGE_ENCRYPTION_KEY_NEW is the key already in use');
    return { next, known: [old] };
  }
  const secrets = await readSecrets(deps.dataDir);
  const previous = secrets[PREVIOUS_MASTER_KEY_SECRET];
  // An earlier rotation stopped half-way: its new key is already current; finish with it.
  if (previous) return { next: old, known: [masterKeyFrom(parseMasterKey(previous, PREVIOUS_MASTER_KEY_SECRET))] };
  const nextText = randomBytes(32).toString('base64url');
  await updateSecrets(deps.dataDir, { [MASTER_KEY_SECRET]: nextText, [PREVIOUS_MASTER_KEY_SECRET]: secrets[MASTER_KEY_SECRET] });
  await keyring.reload();
  return { next: keyring.current(), known: [old] };
}
