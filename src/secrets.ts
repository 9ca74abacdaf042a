import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const secretsSchema = z.record(z.string(), z.string());

/**
 * Secrets the service generates for itself on first start (database password, signing keys)
 * and keeps in DATA_DIR so restarts and the CLI see the same values.
 */
export async function loadSecret(dataDir: string, name: string): Promise<string> {
  const secrets = await readSecrets(dataDir);
  const existing = secrets[name];
  if (existing) return existing;
  const created = randomBytes(32).toString('base64url');
  await writeSecrets(dataDir, { ...secrets, [name]: created });
  return created;
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

/** Sets (a string) or removes (undefined) secrets; written aside then renamed, so a crash never leaves half a file. */
export async function updateSecrets(dataDir: string, changes: Record<string, string | undefined>): Promise<void> {
  const secrets = await readSecrets(dataDir);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete secrets[name];
    else secrets[name] = value;
  }
  await writeSecrets(dataDir, secrets);
}

async function writeSecrets(dataDir: string, secrets: Record<string, string>): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, 'secrets.json');
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  await rename(temporary, file);
}
