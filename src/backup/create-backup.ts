import { buffer } from 'node:stream/consumers';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { readSecrets } from '../secrets.ts';
import { parseMediaKey } from '../media/media-keys.ts';
import { MASTER_KEY_SECRET, PREVIOUS_MASTER_KEY_SECRET, StorageKeyError, type StorageKeyring } from '../media/storage-master-keys.ts';
import type { MediaStorage } from '../media/storage.ts';
import { createArchiveWriter } from './backup-archive.ts';
import { MEDIA_CONCURRENCY, mapInOrder } from './bounded-concurrency.ts';
import { createMediaPackWriter } from './media-pack.ts';
import { BACKUP_FORMAT_VERSION, KEYS_PATH, tableEntryPath, type BackupKeys, type BackupManifest } from './backup-manifest.ts';
import { lastAppliedMigration, listArchivedTables, listKeyColumns, listSequenceValues, quoteIdentifier } from './postgres-catalog.ts';

/** Secrets that belong to one installation's PostgreSQL cluster, or travel as storage master keys instead. */
const SECRETS_NOT_CARRIED = ['postgresPassword', MASTER_KEY_SECRET, PREVIOUS_MASTER_KEY_SECRET];

export type BackupPhase = 'database' | 'media';

export interface BackupDeps {
  connectionString: string;
  /** The store as it is: private objects are copied still encrypted. */
  backend: MediaStorage;
  keyring: StorageKeyring;
  dataDir: string;
  appVersion: string;
  clock: { now(): Date };
}

export interface BackupOptions {
  out: string;
  /** Carry the storage master keys and the app's secrets; without them a restore needs the same keys configured. */
  includeKeys: boolean;
  onProgress?: (phase: BackupPhase, done: number, total: number) => void;
}

interface DatabaseSnapshot {
  migration: string;
  tables: BackupManifest['tables'];
  sequences: BackupManifest['sequences'];
  mediaKeys: string[];
  masterKeyIds: string[];
}

/**
 * Writes one archive: every table from a single REPEATABLE READ snapshot (so the rows agree with
 * each other whatever the running server writes meanwhile), then the media objects that snapshot
 * names, then the keys, then a manifest with counts and a SHA-256 per entry.
 */
export async function createBackup(deps: BackupDeps, options: BackupOptions): Promise<{ manifest: BackupManifest; archiveBytes: number }> {
  const archive = createArchiveWriter(options.out);
  try {
    const snapshot = await copyDatabase(deps.connectionString, archive, options);

    const missing: string[] = [];
    const packs = createMediaPackWriter(archive);
    options.onProgress?.('media', 0, snapshot.mediaKeys.length);
    const read = async (key: string) => {
      const stored = await deps.backend.get(key);
      return { key, bytes: stored && (await buffer(stored.body)) };
    };
    let done = 0;
    for await (const { key, bytes } of mapInOrder(snapshot.mediaKeys, MEDIA_CONCURRENCY, read)) {
      // Deleted after the snapshot (a takedown, a deleted image): its rows are gone from the live database too.
      if (!bytes) missing.push(key);
      else await packs.add(key, bytes);
      done += 1;
      options.onProgress?.('media', done, snapshot.mediaKeys.length);
    }
    await packs.close();

    if (options.includeKeys) archive.addBuffer(KEYS_PATH, Buffer.from(JSON.stringify(await keysToCarry(deps, snapshot.masterKeyIds))));

    const manifest: BackupManifest = {
      format: 'artsift-backup',
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: deps.appVersion,
      migration: snapshot.migration,
      createdAt: deps.clock.now().toISOString(),
      tables: snapshot.tables,
      sequences: snapshot.sequences,
      media: { objects: snapshot.mediaKeys.length - missing.length, missing },
      storageMasterKeyIds: snapshot.masterKeyIds,
      keysIncluded: options.includeKeys,
      files: archive.files,
    };
    const archiveBytes = await archive.finish(Buffer.from(JSON.stringify(manifest, null, 2)));
    return { manifest, archiveBytes };
  } catch (error) {
    await archive.abort();
    throw error;
  }
}

async function copyDatabase(connectionString: string, archive: ReturnType<typeof createArchiveWriter>, options: BackupOptions): Promise<DatabaseSnapshot> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    // Read-only and never blocking writers: the server keeps serving while this runs.
    await client.query('begin isolation level repeatable read read only');
    const migration = await lastAppliedMigration(client);
    if (!migration) throw new Error('the database has no migrations applied: nothing to back up');
    const shapes = await listArchivedTables(client);
    const tables: BackupManifest['tables'] = [];
    options.onProgress?.('database', 0, shapes.length);
    for (const shape of shapes) {
      const columns = shape.columns.map(quoteIdentifier).join(', ');
      const stream = client.query(copyTo(`copy (select ${columns} from ${quoteIdentifier(shape.name)}) to stdout`));
      const { lines } = await archive.addStream(tableEntryPath(shape.name), stream, { compress: true });
      tables.push({ name: shape.name, columns: shape.columns, rows: lines });
      options.onProgress?.('database', tables.length, shapes.length);
    }
    const sequences = await listSequenceValues(client);
    const mediaKeys = new Set<string>();
    for (const { table, column } of await listKeyColumns(client, shapes.map((shape) => shape.name))) {
      const { rows } = await client.query<{ key: string }>(`select distinct ${quoteIdentifier(column)} as key from ${quoteIdentifier(table)} where ${quoteIdentifier(column)} is not null`);
      for (const { key } of rows) if (parseMediaKey(key)) mediaKeys.add(key);
    }
    const masterKeyIds = shapes.some((shape) => shape.name === 'storage_master_keys')
      ? (await client.query<{ id: string }>('select id from storage_master_keys order by id')).rows.map((row) => row.id)
      : [];
    await client.query('commit');
    return { migration, tables, sequences, mediaKeys: [...mediaKeys].sort(), masterKeyIds };
  } finally {
    await client.end();
  }
}

async function keysToCarry(deps: BackupDeps, masterKeyIds: string[]): Promise<BackupKeys> {
  const storageMasterKeys: BackupKeys['storageMasterKeys'] = [];
  for (const id of masterKeyIds) {
    const master = deps.keyring.find(id) ?? (await deps.keyring.reload(), deps.keyring.find(id));
    if (!master) throw new StorageKeyError(`the database names storage master key ${id}, which this instance does not have: the archive could not open its private files`);
    storageMasterKeys.push({ id, key: master.key.toString('base64url') });
  }
  const secrets = Object.fromEntries(Object.entries(await readSecrets(deps.dataDir)).filter(([name]) => !SECRETS_NOT_CARRIED.includes(name)));
  return { storageMasterKeys, secrets };
}
