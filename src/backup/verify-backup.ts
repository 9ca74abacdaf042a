import { readdir } from 'node:fs/promises';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { MIGRATIONS_DIR } from '../db/migrator.ts';
import { createDigestMeter, openArchive, type ArchiveReader } from './backup-archive.ts';
import { backupKeysSchema, backupManifestSchema, BACKUP_FORMAT_VERSION, compareVersions, KEYS_PATH, MANIFEST_PATH, type BackupKeys, type BackupManifest } from './backup-manifest.ts';

/** Why an archive cannot be restored (or a target cannot take it): one line for the operator, printed as is. */
export class BackupRefusal extends Error {
  override name = 'BackupRefusal';
}

export interface VerifiedBackup {
  manifest: BackupManifest;
  keys: BackupKeys | undefined;
  reader: ArchiveReader;
}

/**
 * Opens an archive and proves it whole before anything is written anywhere: a zip with its
 * central directory (a truncated file has none), a manifest this version can read, from this
 * version or an older one, and every entry present with the size and SHA-256 the manifest records.
 */
export async function verifyBackup(file: string, options: { appVersion: string; onProgress?: (done: number, total: number) => void }): Promise<VerifiedBackup> {
  const reader = await openArchive(file).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupRefusal(`cannot restore ${file}: there is no such file`);
    throw new BackupRefusal(`cannot restore ${file}: it is not a complete artsift backup (truncated or not a zip: ${oneLine(error)})`);
  });
  try {
    const manifest = await readManifest(file, reader);
    await refuseNewerVersion(file, manifest, options.appVersion);
    await verifyEntries(file, reader, manifest, options.onProgress);
    const keys = manifest.keysIncluded ? backupKeysSchema.parse(JSON.parse((await buffer(await reader.open(KEYS_PATH))).toString('utf8'))) : undefined;
    return { manifest, keys, reader };
  } catch (error) {
    reader.close();
    throw error;
  }
}

async function readManifest(file: string, reader: ArchiveReader): Promise<BackupManifest> {
  if (!reader.names().includes(MANIFEST_PATH)) throw new BackupRefusal(`cannot restore ${file}: it has no ${MANIFEST_PATH}, so it is not an artsift backup`);
  try {
    const text = (await buffer(await reader.open(MANIFEST_PATH))).toString('utf8');
    const parsed = backupManifestSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'manifest'}: ${issue?.message ?? 'invalid'}`);
  } catch (error) {
    throw new BackupRefusal(`cannot restore ${file}: its manifest is damaged (${oneLine(error)})`);
  }
}

async function refuseNewerVersion(file: string, manifest: BackupManifest, appVersion: string): Promise<void> {
  const known = (await readdir(MIGRATIONS_DIR)).filter((name) => /^\d{14}_[a-z0-9_]+\.ts$/.test(name)).map((name) => name.replace(/\.ts$/, '')).sort();
  const newer = manifest.formatVersion > BACKUP_FORMAT_VERSION || compareVersions(manifest.appVersion, appVersion) > 0 || !known.includes(manifest.migration);
  if (newer) {
    throw new BackupRefusal(
      `cannot restore ${file}: it was made by a newer artsift (${manifest.appVersion}, database at ${manifest.migration}) than this one (${appVersion}, up to ${known.at(-1) ?? 'none'}); upgrade artsift first`,
    );
  }
}

async function verifyEntries(file: string, reader: ArchiveReader, manifest: BackupManifest, onProgress?: (done: number, total: number) => void): Promise<void> {
  const listed = Object.keys(manifest.files);
  const present = new Set(reader.names());
  const absent = listed.find((path) => !present.has(path));
  if (absent) throw new BackupRefusal(`cannot restore ${file}: it is corrupt (${absent} is missing)`);
  const extra = [...present].find((path) => path !== MANIFEST_PATH && !(path in manifest.files));
  if (extra) throw new BackupRefusal(`cannot restore ${file}: it is corrupt (${extra} is not in the manifest)`);
  const totalBytes = Object.values(manifest.files).reduce((sum, entry) => sum + entry.bytes, 0);
  let doneBytes = 0;
  onProgress?.(0, totalBytes);
  for (const path of listed) {
    const expected = manifest.files[path]!;
    const meter = createDigestMeter();
    try {
      await pipeline(await reader.open(path), meter, async (source: AsyncIterable<Buffer>) => {
        for await (const chunk of source) void chunk;
      });
    } catch (error) {
      throw new BackupRefusal(`cannot restore ${file}: it is corrupt (${path} cannot be read: ${oneLine(error)})`);
    }
    const actual = meter.digest();
    if (actual.bytes !== expected.bytes || actual.sha256 !== expected.sha256) {
      throw new BackupRefusal(`cannot restore ${file}: it is corrupt (${path} does not match its checksum)`);
    }
    doneBytes += actual.bytes;
    onProgress?.(doneBytes, totalBytes);
  }
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}
