import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { openApp } from '../../src/app.ts';
import { createLocalDiskStorage } from '../../src/media/local-disk-storage.ts';
import { mediaKeyFor } from '../../src/media/media-keys.ts';
import { openMediaStorage } from '../../src/media/open-media-storage.ts';
import { masterKeyFrom, parseMasterKey, StorageKeyError } from '../../src/media/storage-master-keys.ts';
import { readZip } from '../auth/support/read-zip.ts';
import { cliEnvironment, runCliInProcess } from '../support/cli.ts';
import type { TestApp } from '../support/test-app.ts';
import { requestGeneration, signedInUser, startGenerationApp, waitForGeneration } from '../generation/support/generation-app.ts';
import { describeMediaStorageContract, sampleObject } from './storage-contract.ts';

interface Item {
  id: string;
  downloadUrl: string;
  previewUrl: string;
}

const fileOf = (dataDir: string, key: string) => path.join(dataDir, 'media', ...key.split('/'));
const privateObject = () => {
  const bytes = Buffer.from(`private bytes ${Math.random()} ${process.pid}`);
  return { key: mediaKeyFor('private', bytes), bytes };
};

describe('private files encrypted at rest', () => {
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof signedInUser>>;
  let item: Item;
  let keys: { full_key: string; thumbnail_key: string; preview_key: string };

  beforeAll(async () => {
    t = await startGenerationApp();
    owner = await signedInUser(t);
    await waitForGeneration(owner.agent, (await requestGeneration(owner.agent, { prompt: 'a private lantern at night' })).id, ['succeeded']);
    item = (await owner.agent.get<{ items: Item[] }>('/api/me/gallery')).body.items[0]!;
    keys = await t.app.db.selectFrom('gallery_items').select(['full_key', 'thumbnail_key', 'preview_key']).where('id', '=', item.id).executeTakeFirstOrThrow();
  });
  afterAll(async () => {
    await t?.close();
  });

  describeMediaStorageContract('encrypting storage', () => t.app.storage);

  it('keeps a generated image on disk as ciphertext, while its owner gets the WebP back', async () => {
    const onDisk = await readFile(fileOf(t.dataDir, keys.full_key));
    expect(onDisk.subarray(0, 4).toString()).toBe('ASE1');
    expect(onDisk.subarray(8, 12).toString()).not.toBe('WEBP');
    await expect(sharp(onDisk).metadata()).rejects.toThrow();

    const response = await fetch(`${t.baseUrl}${item.downloadUrl}`, { headers: { Cookie: owner.agent.cookieHeader() } });
    expect(response.status).toBe(200);
    const served = Buffer.from(await response.arrayBuffer());
    expect(served.subarray(8, 12).toString()).toBe('WEBP');
    expect((await sharp(served).metadata()).format).toBe('webp');
    expect(mediaKeyFor('private', served)).toBe(keys.full_key);
  });

  it('keeps public artwork thumbnails plain', async () => {
    const { key, bytes } = sampleObject('thumb');
    await t.app.storage.put(key, bytes, 'image/webp');
    expect(await readFile(fileOf(t.dataDir, key))).toEqual(bytes);
  });

  it('gives readable images in the account export', async () => {
    const zip = await readZip(Buffer.from(await (await fetch(`${t.baseUrl}/api/me/export`, { headers: { Cookie: owner.agent.cookieHeader() } })).arrayBuffer()));
    const image = zip.get(`gallery/${item.id}.webp`);
    expect(image && (await sharp(image).metadata()).format).toBe('webp');
  });

  it('reads private files stored before encryption as they are, and encrypts them in place on request', async () => {
    const plain = await Promise.all(Object.values(keys).map(async (key) => ({ key, bytes: await buffer((await t.app.storage.get(key))!.body) })));
    // An instance upgraded from before encryption: plain files and no object keys.
    await t.app.db.deleteFrom('media_object_keys').where('media_key', 'in', Object.values(keys)).execute();
    const backend = createLocalDiskStorage(path.join(t.dataDir, 'media'));
    for (const { key, bytes } of plain) await backend.put(key, bytes, 'image/webp');
    const download = async () => fetch(`${t.baseUrl}${item.downloadUrl}`, { headers: { Cookie: owner.agent.cookieHeader() } });
    expect((await download()).status).toBe(200);
    expect(await t.app.storage.exists(keys.full_key)).toBe(true);

    const env = cliEnvironment({ DATA_DIR: t.dataDir, DATABASE_URL: t.database.url });
    const run = await runCliInProcess(['storage-keys', 'encrypt-existing'], env);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^encrypted 3 private file\(s\) stored before encryption in [\d.]+ s\n$/);
    for (const { key } of plain) expect((await readFile(fileOf(t.dataDir, key))).subarray(0, 4).toString(), key).toBe('ASE1');
    const served = await download();
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(plain.find(({ key }) => key === keys.full_key)!.bytes);
    expect((await runCliInProcess(['storage-keys', 'encrypt-existing'], env)).stdout).toMatch(/^encrypted 0 private file/);
  });

  it('re-wraps every object key under a new master key without rewriting the files', async () => {
    const { key, bytes } = privateObject();
    await t.app.storage.put(key, bytes, 'image/webp');
    const fileBefore = await readFile(fileOf(t.dataDir, key));
    const before = await t.app.db.selectFrom('media_object_keys').select(['master_key_id', 'wrapped_key']).where('media_key', '=', key).executeTakeFirstOrThrow();

    const run = await runCliInProcess(['storage-keys', 'rotate'], cliEnvironment({ DATA_DIR: t.dataDir, DATABASE_URL: t.database.url }));
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/re-wrapped \d+ private file key\(s\) under master key [0-9a-f]{16}; retired [0-9a-f]{16}/);

    const secrets = JSON.parse(await readFile(path.join(t.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
    const newId = masterKeyFrom(parseMasterKey(secrets.storageEncryptionKey!, 'test')).id;
    expect(secrets.storageEncryptionKeyPrevious).toBeUndefined();
    const rows = await t.app.db.selectFrom('media_object_keys').select(['media_key', 'master_key_id', 'wrapped_key']).execute();
    expect(new Set(rows.map((row) => row.master_key_id))).toEqual(new Set([newId]));
    expect((await t.app.db.selectFrom('storage_master_keys').select('id').execute()).map((row) => row.id)).toEqual([newId]);
    expect(newId).not.toBe(before.master_key_id);
    expect(rows.find((row) => row.media_key === key)?.wrapped_key).not.toEqual(before.wrapped_key);
    expect(await readFile(fileOf(t.dataDir, key))).toEqual(fileBefore);

    // The running server reads the new key from secrets.json when it meets it, and writes with it too.
    expect(await buffer((await t.app.storage.get(key))!.body)).toEqual(bytes);
    const response = await fetch(`${t.baseUrl}${item.previewUrl}`, { headers: { Cookie: owner.agent.cookieHeader() } });
    expect(response.status).toBe(200);
    const later = privateObject();
    await t.app.storage.put(later.key, later.bytes, 'image/webp');
    expect((await t.app.db.selectFrom('media_object_keys').select('master_key_id').where('media_key', '=', later.key).executeTakeFirstOrThrow()).master_key_id).toBe(newId);
  });

  it('destroys the object keys when a gallery item is deleted', async () => {
    await waitForGeneration(owner.agent, (await requestGeneration(owner.agent, { prompt: 'a lantern soon deleted' })).id, ['succeeded']);
    const doomed = (await owner.agent.get<{ items: Item[] }>('/api/me/gallery')).body.items.find((entry) => entry.id !== item.id)!;
    const doomedKeys = Object.values(await t.app.db.selectFrom('gallery_items').select(['full_key', 'thumbnail_key', 'preview_key']).where('id', '=', doomed.id).executeTakeFirstOrThrow());
    expect(await t.app.db.selectFrom('media_object_keys').select('media_key').where('media_key', 'in', doomedKeys).execute()).toHaveLength(3);
    expect((await owner.agent.send('DELETE', `/api/gallery/${doomed.id}`)).status).toBe(204);
    expect(await t.app.db.selectFrom('media_object_keys').select('media_key').where('media_key', 'in', doomedKeys).execute()).toEqual([]);
    expect((await fetch(`${t.baseUrl}${doomed.downloadUrl}`, { headers: { Cookie: owner.agent.cookieHeader() } })).status).toBe(404);
  });

  it('makes a file unreadable once its key is gone, even if the file stays', async () => {
    const { key, bytes } = privateObject();
    await t.app.storage.put(key, bytes, 'image/webp');
    const file = await readFile(fileOf(t.dataDir, key));
    await t.app.storage.delete([key]);
    await writeFile(fileOf(t.dataDir, key), file);
    expect(await t.app.storage.get(key)).toBeUndefined();
    expect(await t.app.storage.exists(key)).toBe(false);
  });
});

describe('storage master key configuration', () => {
  let t: TestApp;
  const keyA = 'a'.repeat(64);
  const keyB = Buffer.alloc(32, 7).toString('base64');

  beforeAll(async () => {
    t = await startGenerationApp({ STORAGE_ENCRYPTION_KEY: keyA });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('uses STORAGE_ENCRYPTION_KEY and refuses to start with another key, in one line', async () => {
    const { key, bytes } = privateObject();
    await t.app.storage.put(key, bytes, 'image/webp');
    const idA = masterKeyFrom(parseMasterKey(keyA, 'test')).id;
    expect((await t.app.db.selectFrom('media_object_keys').select('master_key_id').where('media_key', '=', key).executeTakeFirstOrThrow()).master_key_id).toBe(idA);

    const wrong = loadConfig({ DATA_DIR: t.dataDir, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent', SEED_DEMO: 'never', STORAGE_ENCRYPTION_KEY: keyB });
    const failure = await openApp(wrong).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StorageKeyError);
    expect((failure as Error).message).toContain(`storage master key ${idA}`);
    expect((failure as Error).message).toContain('STORAGE_ENCRYPTION_KEY');
    expect((failure as Error).message).not.toContain('\n');

    // Without any key the instance would make a fresh one in secrets.json: refused the same way.
    const missing = loadConfig({ DATA_DIR: t.dataDir, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent', SEED_DEMO: 'never' });
    await expect(openMediaStorage(missing, t.app.db)).rejects.toThrow(/encrypted with storage master key [0-9a-f]{16}, but DATA_DIR\/secrets.json holds/);
  });

  it('refuses a malformed STORAGE_ENCRYPTION_KEY naming the variable', async () => {
    const bad = loadConfig({ DATA_DIR: t.dataDir, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent', SEED_DEMO: 'never', STORAGE_ENCRYPTION_KEY: 'too-short' });
    await expect(openMediaStorage(bad, t.app.db)).rejects.toThrow(/^STORAGE_ENCRYPTION_KEY must be a 32-byte key/);
  });

  it('rotates an environment key only with STORAGE_ENCRYPTION_KEY_NEW, then serves nothing with the old one', async () => {
    const { key, bytes } = privateObject();
    await t.app.storage.put(key, bytes, 'image/webp');
    const env = cliEnvironment({ DATA_DIR: t.dataDir, DATABASE_URL: t.database.url, STORAGE_ENCRYPTION_KEY: keyA });
    const refused = await runCliInProcess(['storage-keys', 'rotate'], env);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr.trim()).toBe('error: STORAGE_ENCRYPTION_KEY is set: pass the new key in STORAGE_ENCRYPTION_KEY_NEW, then restart the servers with it as STORAGE_ENCRYPTION_KEY');

    const rotated = await runCliInProcess(['storage-keys', 'rotate'], { ...env, STORAGE_ENCRYPTION_KEY_NEW: keyB });
    expect(rotated.exitCode, rotated.stderr).toBe(0);
    const status = await runCliInProcess(['storage-keys', 'status'], { ...env, STORAGE_ENCRYPTION_KEY: keyB });
    const idB = masterKeyFrom(parseMasterKey(keyB, 'test')).id;
    expect(status.stdout).toContain(`master key ${idB} from STORAGE_ENCRYPTION_KEY`);
    expect(status.stdout).toMatch(new RegExp(`\\d+ private file\\(s\\) under master key ${idB}`));

    // The server still holding the old key cannot open the re-wrapped keys: a clear error, no garbage.
    await expect(t.app.storage.get(key)).rejects.toThrow(StorageKeyError);
    const withNewKey = await openMediaStorage(loadConfig({ DATA_DIR: t.dataDir, DATABASE_URL: t.database.url, STORAGE_ENCRYPTION_KEY: keyB }), t.app.db);
    expect(await buffer((await withNewKey.storage.get(key))!.body)).toEqual(bytes);
  });
});
