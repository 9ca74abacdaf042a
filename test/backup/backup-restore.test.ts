import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { Readable } from 'node:stream';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { openApp, type App } from '../../src/app.ts';
import { readMediaPack } from '../../src/backup/media-pack.ts';
import { loadConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { FAST_HASHING, GOOD_PASSWORD } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { readZip } from '../auth/support/read-zip.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { cliEnvironment, runCliInProcess, type CliRun } from '../support/cli.ts';
import { ingestTestArtwork, type TestApp } from '../support/test-app.ts';
import { requestGeneration, signedInUser, startGenerationApp, waitForGeneration } from '../generation/support/generation-app.ts';

interface SearchBody {
  hits: { id: string }[];
  estimatedTotal: number;
}

/** An empty instance to restore into: its own migrated-but-empty database and an empty DATA_DIR. */
interface Target {
  database: TestDatabase;
  dataDir: string;
  env: Record<string, string>;
}

async function emptyTarget(extra: Record<string, string> = {}): Promise<Target> {
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-restore-'));
  return { database, dataDir, env: cliEnvironment({ ...FAST_HASHING, DATA_DIR: dataDir, DATABASE_URL: database.url, ...extra }) };
}

async function dropTarget(target: Target): Promise<void> {
  await target.database.drop();
  await rm(target.dataDir, { recursive: true, force: true });
}

/** Writes a copy of an archive with some entries changed (the manifest untouched unless changed too). */
async function rewriteArchive(from: string, to: string, change: (name: string, body: Buffer) => Buffer): Promise<void> {
  const entries = await readZip(await readFile(from));
  const zip = new yazl.ZipFile();
  for (const [name, body] of entries) zip.addBuffer(change(name, body), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  await writeFile(to, Buffer.concat(chunks));
}

const TABLES_COMPARED: (keyof Database)[] = ['artworks', 'accounts', 'gallery_items', 'generations', 'credit_balances', 'credit_entries', 'takedown_events', 'takedown_notices', 'media_object_keys'];

describe('backup and restore', () => {
  let source: TestApp;
  let scratch: string;
  let archive: string;
  let owner: Awaited<ReturnType<typeof signedInUser>>;
  let ownerEmail: string;
  let galleryItem: { id: string; downloadUrl: string };
  let removedId: string;
  let removedSha: string;
  /** Rows per table just before the backup, and the backup run itself (taken while an artwork was being added). */
  const before = new Map<string, number>();
  let backup: CliRun;
  const sourceEnv = () => cliEnvironment({ DATA_DIR: source.dataDir, DATABASE_URL: source.database.url });

  beforeAll(async () => {
    scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-backups-'));
    archive = path.join(scratch, 'instance.zip');
    source = await startGenerationApp();
    for (const prompt of ['a lighthouse in a storm, oil painting', 'a lighthouse at dawn, watercolour', 'a fox in the snow']) await ingestTestArtwork(source.app, { prompt });
    removedId = await ingestTestArtwork(source.app, { prompt: 'a lighthouse taken down for copyright' });
    removedSha = (await source.app.db.selectFrom('artworks').select('sha256').where('id', '=', removedId).executeTakeFirstOrThrow()).sha256;
    await source.app.takedowns.removal.remove({ artworkIds: [removedId], actor: 'cli', reason: 'test notice' });

    owner = await signedInUser(source);
    ownerEmail = (await source.app.db.selectFrom('accounts').select('email').where('id', '=', owner.id).executeTakeFirstOrThrow()).email;
    await waitForGeneration(owner.agent, (await requestGeneration(owner.agent, { prompt: 'a private lantern at night' })).id, ['succeeded']);
    galleryItem = (await owner.agent.get<{ items: { id: string; downloadUrl: string }[] }>('/api/me/gallery')).body.items[0]!;
    // Shown on the public gallery page, still stored encrypted like every generated image.
    expect((await owner.agent.send('PATCH', `/api/gallery/${galleryItem.id}`, { visibility: 'public' })).status).toBe(200);

    for (const table of TABLES_COMPARED) before.set(table, Number((await source.app.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n));
    // The server keeps serving and writing while the archive is taken.
    [backup] = await Promise.all([runCliInProcess(['backup', '--out', archive], sourceEnv()), ingestTestArtwork(source.app, { prompt: 'a kite over the dunes' })]);
  });
  afterAll(async () => {
    await source?.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('backs up a running instance while it keeps taking writes, and restores it elsewhere answering the same', async () => {
    expect(backup.stderr).toBe('');
    expect(backup.exitCode).toBe(0);
    expect(backup.stdout).toMatch(/^backed up \d+ rows of \d+ tables and \d+ media objects \(migration \d{14}_\w+\) to .*instance\.zip, [\d.]+ MiB, with the keys/);

    const entries = await readZip(await readFile(archive));
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as { tables: { name: string; rows: number }[]; media: { objects: number }; appVersion: string };
    const rowsIn = (table: string) => manifest.tables.find((entry) => entry.name === table)?.rows;
    for (const table of TABLES_COMPARED.filter((name) => name !== 'artworks')) expect(rowsIn(table), table).toBe(before.get(table));
    // One snapshot: the concurrent artwork is either wholly in or wholly out.
    expect([before.get('artworks'), before.get('artworks')! + 1]).toContain(rowsIn('artworks'));
    expect(manifest.media.objects).toBeGreaterThan(6);
    // Private files travel encrypted, exactly as stored.
    const packed = new Map<string, Buffer>();
    for (const [name, body] of entries) if (name.startsWith('media/pack-')) for await (const { key, bytes } of readMediaPack(Readable.from([body]))) packed.set(key, bytes);
    expect(packed.size).toBe(manifest.media.objects);
    const privateKeys = [...packed.keys()].filter((key) => key.startsWith('private/'));
    expect(privateKeys.length).toBeGreaterThanOrEqual(3);
    for (const key of privateKeys) expect(packed.get(key)!.subarray(0, 4).toString(), key).toBe('ASE1');
    expect(await readFile(path.join(source.dataDir, 'media', ...privateKeys[0]!.split('/')))).toEqual(packed.get(privateKeys[0]!));

    const target = await emptyTarget();
    let restored: App | undefined;
    try {
      // Started once and never used (its master key registered, a visit's session): still an empty target.
      const unused = await openApp(loadConfig({ ...target.env, PORT: '0' }));
      await unused.close();
      const run = await runCliInProcess(['restore', archive], target.env);
      expect(run.stderr).toBe('');
      expect(run.exitCode).toBe(0);
      expect(run.stdout).toMatch(/^restored \d+ rows of \d+ tables and \d+ media objects from .* reindexed \d+ artworks/);

      // A different master key on the target: the object keys were re-wrapped under it.
      const sourceSecrets = JSON.parse(await readFile(path.join(source.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
      const targetSecrets = JSON.parse(await readFile(path.join(target.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
      expect(targetSecrets.storageEncryptionKey).not.toBe(sourceSecrets.storageEncryptionKey);
      expect(targetSecrets.totpEncryptionKey).toBe(sourceSecrets.totpEncryptionKey);

      restored = await openApp(loadConfig({ ...target.env, PORT: '0', HOST: '127.0.0.1' }));
      const baseUrl = await restored.listen();
      for (const table of TABLES_COMPARED) {
        const count = Number((await restored.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
        expect(count, table).toBe(rowsIn(table));
      }

      // Loading rows is not signing up again: counters kept by triggers come back as they were.
      const signUps = async (db: App['db']) => (await db.selectFrom('analytics_daily_counts').select(['day', 'count']).where('metric', '=', 'sign_up').orderBy('day').execute()).map((row) => `${String(row.day)} ${row.count}`);
      expect(await signUps(restored.db)).toEqual(await signUps(source.app.db));
      expect(await signUps(restored.db)).not.toEqual([]);

      // Same searches, same pages.
      for (const q of ['lighthouse', 'fox snow', 'copyright']) {
        const [a, b] = await Promise.all([source.baseUrl, baseUrl].map(async (base) => (await (await fetch(`${base}/api/search?q=${encodeURIComponent(q)}`)).json()) as SearchBody));
        const inArchive = new Set((await restored.db.selectFrom('artworks').select('id').execute()).map((row) => row.id));
        expect(b!.hits.map((hit) => hit.id), q).toEqual(a!.hits.map((hit) => hit.id).filter((id) => inArchive.has(id)));
      }
      const kept = (await restored.db.selectFrom('artworks').select('id').where('takedown_state', '=', 'none').executeTakeFirstOrThrow()).id;
      const [pageA, pageB] = (await Promise.all([source.baseUrl, baseUrl].map(async (base) => (await fetch(`${base}/api/artworks/${kept}`)).json()))) as { prompt: string }[];
      expect(pageB).toEqual(pageA);
      const html = await fetch(`${baseUrl}/a/${kept}`);
      expect(html.status).toBe(200);
      expect(await html.text()).toContain(pageA!.prompt);

      // Removed stays removed, its takedown history is there, and the blocklist still refuses its image.
      expect((await fetch(`${baseUrl}/api/artworks/${removedId}`)).status).toBe(451);
      const copyright = (await (await fetch(`${baseUrl}/api/search?q=copyright`)).json()) as SearchBody;
      expect(copyright.hits.map((hit) => hit.id)).not.toContain(removedId);
      const history = async (db: App['db']) => (await db.selectFrom('takedown_events').selectAll().orderBy('id').execute()).map((row) => JSON.stringify(row));
      expect(await history(restored.db)).toEqual(await history(source.app.db));
      expect(await restored.takedowns.crawlBlocklist.blocksImage({ sha256: removedSha, bytes: Buffer.alloc(0) })).toBe(true);

      // The owner signs in with the same password and finds the same credits and the same (decryptable) gallery.
      const agent = new HttpAgent(baseUrl);
      expect((await agent.post('/api/auth/login', { email: ownerEmail, password: GOOD_PASSWORD })).status).toBe(200);
      const [creditsA, creditsB] = await Promise.all([owner.agent.get<{ balance: number }>('/api/me/credits'), agent.get<{ balance: number }>('/api/me/credits')]);
      expect(creditsB.body.balance).toBe(creditsA.body.balance);
      const image = await fetch(`${baseUrl}${galleryItem.downloadUrl}`, { headers: { Cookie: agent.cookieHeader() } });
      expect(image.status).toBe(200);
      expect((await sharp(Buffer.from(await image.arrayBuffer())).metadata()).format).toBe('webp');
      const galleryPage = await fetch(`${baseUrl}/u/${owner.username}`);
      expect(galleryPage.status).toBe(200);
      expect(await galleryPage.text()).toContain(galleryItem.id);

      // New rows continue after the restored ids.
      const next = await ingestTestArtwork(restored, { prompt: 'a new work after the restore' });
      expect(BigInt(next)).toBeGreaterThan(BigInt(kept));
    } finally {
      await restored?.close();
      await dropTarget(target);
    }
  });

  it('refuses a target that is not empty, in one line', async () => {
    const run = await runCliInProcess(['restore', archive], sourceEnv());
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: cannot restore: the target database is not empty \(.*\); restore into an empty DATA_DIR or database$/)]);
  });

  it('refuses a truncated archive before touching the target', async () => {
    const truncated = path.join(scratch, 'truncated.zip');
    await writeFile(truncated, await readFile(archive));
    await truncate(truncated, Math.floor((await readFile(archive)).length / 2));
    const target = await emptyTarget();
    try {
      const run = await runCliInProcess(['restore', truncated], target.env);
      expect(run.exitCode).toBe(1);
      expect(run.stderr.trim()).toMatch(/^error: cannot restore .*truncated\.zip: it is not a complete artsift backup \(truncated or not a zip: [^\n]*\)$/);
      expect(await readdir(target.dataDir)).toEqual([]);
      const absent = await runCliInProcess(['restore', path.join(scratch, 'absent.zip')], target.env);
      expect(absent.stderr.trim()).toMatch(/^error: cannot restore .*absent\.zip: there is no such file$/);
    } finally {
      await dropTarget(target);
    }
  });

  it('refuses an archive whose content does not match its checksums', async () => {
    const corrupt = path.join(scratch, 'corrupt.zip');
    await rewriteArchive(archive, corrupt, (name, body) => (name === 'database/artworks.copy' ? Buffer.concat([body, Buffer.from('9\tinjected\n')]) : body));
    const target = await emptyTarget();
    try {
      const run = await runCliInProcess(['restore', corrupt], target.env);
      expect(run.exitCode).toBe(1);
      expect(run.stderr.trim()).toMatch(/^error: cannot restore .*corrupt\.zip: it is corrupt \(database\/artworks\.copy does not match its checksum\)$/);
      expect(await target.database.db.selectFrom('artworks').select('id').execute()).toEqual([]);
    } finally {
      await dropTarget(target);
    }
  });

  it('refuses an archive from a newer version', async () => {
    const newer = path.join(scratch, 'newer.zip');
    await rewriteArchive(archive, newer, (name, body) => {
      if (name !== 'manifest.json') return body;
      const manifest = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
      return Buffer.from(JSON.stringify({ ...manifest, appVersion: '99.0.0', migration: '29991231000000_from_the_future' }));
    });
    const target = await emptyTarget();
    try {
      const run = await runCliInProcess(['restore', newer], target.env);
      expect(run.exitCode).toBe(1);
      expect(run.stderr.trim()).toMatch(/^error: cannot restore .*newer\.zip: it was made by a newer artsift \(99\.0\.0, database at 29991231000000_from_the_future\) than this one \([\d.]+, up to \d{14}_\w+\); upgrade artsift first$/);
    } finally {
      await dropTarget(target);
    }
  });

  it('without the keys, restores only where the same master key is configured', async () => {
    const keyless = path.join(scratch, 'keyless.zip');
    const backup = await runCliInProcess(['backup', '--out', keyless, '--without-keys'], sourceEnv());
    expect(backup.exitCode, backup.stderr).toBe(0);
    expect((await readZip(await readFile(keyless))).has('keys.json')).toBe(false);

    const elsewhere = await emptyTarget({ STORAGE_ENCRYPTION_KEY: randomBytes(32).toString('hex') });
    try {
      const run = await runCliInProcess(['restore', keyless], elsewhere.env);
      expect(run.exitCode).toBe(1);
      expect(run.stderr.trim()).toMatch(/^error: cannot restore: the archive's private files need storage master key [0-9a-f]{16}, which it does not carry \(made with --without-keys\) and this instance does not have; set STORAGE_ENCRYPTION_KEY to that key$/);
    } finally {
      await dropTarget(elsewhere);
    }

    const sourceKey = (JSON.parse(await readFile(path.join(source.dataDir, 'secrets.json'), 'utf8')) as Record<string, string>).storageEncryptionKey!;
    const sameKey = await emptyTarget({ STORAGE_ENCRYPTION_KEY: sourceKey });
    try {
      const run = await runCliInProcess(['restore', keyless], sameKey.env);
      expect(run.exitCode, run.stderr).toBe(0);
    } finally {
      await dropTarget(sameKey);
    }
  });

  it('refuses to overwrite an existing file or to write where it cannot', async () => {
    const run = await runCliInProcess(['backup', '--out', archive], sourceEnv());
    expect(run.exitCode).toBe(1);
    expect(run.stderr.trim()).toBe(`${archive} already exists; choose a new file`);
    const nowhere = await runCliInProcess(['backup', '--out', path.join(scratch, 'missing-folder', 'x.zip')], sourceEnv());
    expect(nowhere.exitCode).toBe(1);
    expect(nowhere.stderr.trim()).toBe(`cannot write into ${path.join(scratch, 'missing-folder')}: no such folder, or not writable`);
  });
});
