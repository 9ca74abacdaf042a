import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/connect.ts';
import { assertMigrated, createMigrator } from '../db/migrator.ts';
import { MEDIA_CONTENT_TYPE, parseMediaKey } from '../media/media-keys.ts';
import { createObjectKeyWrapping } from '../media/object-key-wrapping.ts';
import { masterKeyFrom, parseMasterKey, type StorageKeyring, type StorageMasterKey } from '../media/storage-master-keys.ts';
import type { MediaStorage } from '../media/storage.ts';
import { updateSecrets } from '../secrets.ts';
import { tableEntryPath, type BackupManifest } from './backup-manifest.ts';
import { createTaskPool, MEDIA_CONCURRENCY } from './bounded-concurrency.ts';
import { MEDIA_PACK_PREFIX, readMediaPack } from './media-pack.ts';
import { clearUnusedInstanceRows, inForeignKeyOrder, quoteIdentifier, tablesWithData } from './postgres-catalog.ts';
import { BackupRefusal, type VerifiedBackup } from './verify-backup.ts';

export type RestorePhase = 'database' | 'media';

export interface RestoreTarget {
  db: Db;
  connectionString: string;
  /** Receives the objects as archived (private ones still encrypted). */
  backend: MediaStorage;
  /** The target's own master key: object keys are re-wrapped under it. */
  keyring: StorageKeyring;
  dataDir: string;
}

/**
 * Loads a verified archive into a target whose database is empty: writes the media objects and
 * the carried secrets first (content-addressed objects and a still empty database make that safe
 * to repeat after a failure), then migrates to the archive's level and copies every table in one
 * transaction (all or nothing, with the tables' own triggers off while loading), sets
 * the sequences and re-wraps the private files' keys under the target's master key. The caller
 * then migrates to the latest level and rebuilds the search index.
 */
export async function restoreBackup(backup: VerifiedBackup, target: RestoreTarget, onProgress?: (phase: RestorePhase, done: number, total: number) => void): Promise<void> {
  const { manifest } = backup;
  const archivedKeys = (backup.keys?.storageMasterKeys ?? []).map((entry) => masterKeyFrom(parseMasterKey(entry.key, `the archive's key ${entry.id}`)));
  const unopenable = manifest.storageMasterKeyIds.find((id) => !archivedKeys.some((key) => key.id === id) && !target.keyring.find(id));
  if (unopenable) {
    throw new BackupRefusal(`cannot restore: the archive's private files need storage master key ${unopenable}, which it does not carry (made with --without-keys) and this instance does not have; set STORAGE_ENCRYPTION_KEY to that key`);
  }

  const client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  try {
    const occupied = await tablesWithData(client);
    if (occupied.length > 0) throw new BackupRefusal(`cannot restore: the target database is not empty (${occupied.slice(0, 3).join(', ')} hold rows); restore into an empty DATA_DIR or database`);

    if (backup.keys && Object.keys(backup.keys.secrets).length > 0) await updateSecrets(target.dataDir, backup.keys.secrets);
    await copyMedia(backup, target.backend, onProgress);

    assertMigrated(await createMigrator(target.db).migrateTo(manifest.migration));
    await client.query('begin');
    await clearUnusedInstanceRows(client);
    await loadTables(client, backup, onProgress);
    for (const sequence of manifest.sequences) {
      await client.query('select setval($1::regclass, $2::bigint, $3)', [`public.${quoteIdentifier(sequence.name)}`, sequence.lastValue, sequence.isCalled]);
    }
    if (manifest.tables.some((table) => table.name === 'media_object_keys')) await rewrapObjectKeys(client, archivedKeys, target.keyring);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

async function loadTables(client: pg.Client, { manifest, reader }: VerifiedBackup, onProgress?: (phase: RestorePhase, done: number, total: number) => void): Promise<void> {
  const byName = new Map(manifest.tables.map((table) => [table.name, table]));
  const order = await inForeignKeyOrder(client, [...byName.keys()]);
  onProgress?.('database', 0, order.length);
  // Rows come back as they were, not as new events: the tables' own triggers (analytics counting
  // sign-ups and generations, append-only guards) stay off while loading; foreign keys stay checked.
  for (const name of order) await client.query(`alter table ${quoteIdentifier(name)} disable trigger user`);
  for (const [index, name] of order.entries()) {
    const table = byName.get(name) as BackupManifest['tables'][number];
    const columns = table.columns.map(quoteIdentifier).join(', ');
    await pipeline(await reader.open(tableEntryPath(name)), client.query(copyFrom(`copy ${quoteIdentifier(name)} (${columns}) from stdin`)));
    onProgress?.('database', index + 1, order.length);
  }
  for (const name of order) await client.query(`alter table ${quoteIdentifier(name)} enable trigger user`);
}

/** Every object key unwrapped by the master key it was archived under and wrapped by the target's own. */
async function rewrapObjectKeys(client: pg.Client, archivedKeys: StorageMasterKey[], targetKeyring: StorageKeyring): Promise<void> {
  const current = targetKeyring.current();
  const archived = new Map(archivedKeys.map((key) => [key.id, key]));
  const wrapping = createObjectKeyWrapping({ ...targetKeyring, find: (id) => archived.get(id) ?? targetKeyring.find(id) });
  await client.query('insert into storage_master_keys (id) values ($1) on conflict (id) do nothing', [current.id]);
  const { rows } = await client.query<{ media_key: string; master_key_id: string; wrapped_key: Buffer }>(
    'select media_key, master_key_id, wrapped_key from media_object_keys where master_key_id <> $1',
    [current.id],
  );
  for (const row of rows) {
    const rewrapped = wrapping.wrap(row.media_key, await wrapping.unwrap(row), current);
    await client.query('update media_object_keys set master_key_id = $2, wrapped_key = $3 where media_key = $1', [row.media_key, rewrapped.master_key_id, rewrapped.wrapped_key]);
  }
  await client.query('delete from storage_master_keys where id <> $1', [current.id]);
}

async function copyMedia({ manifest, reader }: VerifiedBackup, backend: MediaStorage, onProgress?: (phase: RestorePhase, done: number, total: number) => void): Promise<void> {
  const packs = Object.keys(manifest.files).filter((path) => path.startsWith(MEDIA_PACK_PREFIX)).sort();
  const pool = createTaskPool(MEDIA_CONCURRENCY);
  let done = 0;
  onProgress?.('media', 0, manifest.media.objects);
  for (const pack of packs) {
    for await (const { key, bytes } of readMediaPack(await reader.open(pack))) {
      if (!parseMediaKey(key)) throw new BackupRefusal(`cannot restore: ${pack} holds ${JSON.stringify(key.slice(0, 100))}, which is not a media key`);
      await pool.run(async () => {
        await backend.put(key, bytes, MEDIA_CONTENT_TYPE);
        done += 1;
        onProgress?.('media', done, manifest.media.objects);
      });
    }
  }
  await pool.drain();
}
