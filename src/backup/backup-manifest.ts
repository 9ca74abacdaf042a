import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** Bumped when the archive layout changes in a way an older restore could not read. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';
/** Storage master keys and the app's own secrets (TOTP seal key, session secret), unless left out. */
export const KEYS_PATH = 'keys.json';
export const tableEntryPath = (table: string): string => `database/${table}.copy`;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

export const backupManifestSchema = z.object({
  format: z.literal('artsift-backup'),
  formatVersion: z.number().int().positive(),
  appVersion: z.string().regex(/^\d+\.\d+\.\d+/),
  /** The last migration applied to the database the archive was taken from. */
  migration: z.string().regex(/^\d{14}_[a-z0-9_]+$/),
  createdAt: z.iso.datetime(),
  tables: z.array(z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/), columns: z.array(z.string().regex(/^[a-z_][a-z0-9_]*$/)).min(1), rows: z.number().int().min(0) })),
  sequences: z.array(z.object({ name: z.string().regex(/^[a-z_][a-z0-9_]*$/), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
  media: z.object({
    objects: z.number().int().min(0),
    /** Keys the database named but the store no longer had when the archive was written (deleted meanwhile). */
    missing: z.array(z.string()),
  }),
  /** Fingerprints of the storage master keys the archived object keys are wrapped by. */
  storageMasterKeyIds: z.array(z.string()),
  keysIncluded: z.boolean(),
  /** Every other entry of the archive with its size and SHA-256: a truncated or altered archive is refused. */
  files: z.record(z.string(), z.object({ bytes: z.number().int().min(0), sha256: sha256Hex })),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export const backupKeysSchema = z.object({
  storageMasterKeys: z.array(z.object({ id: z.string(), key: z.string() })),
  secrets: z.record(z.string(), z.string()),
});
export type BackupKeys = z.infer<typeof backupKeysSchema>;

/** package.json's version: what the archive says made it, and what a restore compares against. */
export async function readAppVersion(): Promise<string> {
  const manifest = z.object({ version: z.string() }).parse(JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')));
  return manifest.version;
}

/** Numeric comparison of dotted versions (pre-release suffixes ignored): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const parts = (version: string) => version.split(/[.+-]/).slice(0, 3).map((part) => Number.parseInt(part, 10) || 0);
  const [left, right] = [parts(a), parts(b)];
  for (let index = 0; index < 3; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}
