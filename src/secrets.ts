import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';

const secretsSchema = z.record(z.string(), z.string());

/** A lock older than this was left by a process that died holding it. */
const STALE_LOCK_MS = 10_000;

/**
 * Secrets the service generates for itself on first start (database password, signing keys)
 * and keeps in DATA_DIR so restarts and the CLI see the same values.
 */
export async function loadSecret(dataDir: string, name: string): Promise<string> {
  const existing = (await readSecrets(dataDir))[name];
  if (existing) return existing;
  return withSecretsLock(dataDir, async () => {
    const secrets = await readSecrets(dataDir);
    const created = secrets[name] ?? randomBytes(32).toString('base64url');
    if (!secrets[name]) await writeSecrets(dataDir, { ...secrets, [name]: created });
    return created;
  });
}

/** Every secret kept in DATA_DIR/secrets.json; none when the file does not exist yet. */
export async function readSecrets(dataDir: string): Promise<Record<string, string>> {
  try {
    return secretsSchema.parse(JSON.parse(await readFile(path.join(dataDir, 'secrets.json'), 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return {};
  }
}

/** Sets (a string) or removes (undefined) secrets. */
export async function updateSecrets(dataDir: string, changes: Record<string, string | undefined>): Promise<void> {
  await withSecretsLock(dataDir, async () => {
    const secrets = await readSecrets(dataDir);
    for (const [name, value] of Object.entries(changes)) {
      if (value === undefined) delete secrets[name];
      else secrets[name] = value;
    }
    await writeSecrets(dataDir, secrets);
  });
}

/**
 * Read-modify-write of secrets.json one process at a time: the server, a worker and the CLI may
 * start together on a fresh DATA_DIR, and a lost key (the storage master key above all) is not
 * something to regenerate. Written aside then renamed, so readers never see half a file.
 */
async function withSecretsLock<T>(dataDir: string, update: () => Promise<T>): Promise<T> {
  await mkdir(dataDir, { recursive: true });
  const lock = path.join(dataDir, 'secrets.json.lock');
  for (;;) {
    const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
      return undefined;
    });
    if (handle) {
      await handle.close();
      break;
    }
    const held = await stat(lock).catch(() => undefined);
    if (held && Date.now() - held.mtimeMs > STALE_LOCK_MS) await unlink(lock).catch(() => undefined);
    else await sleep(20);
  }
  try {
    return await update();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

async function writeSecrets(dataDir: string, secrets: Record<string, string>): Promise<void> {
  const file = path.join(dataDir, 'secrets.json');
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  await rename(temporary, file);
}
