import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const secretsSchema = z.record(z.string(), z.string());

/**
 * Secrets the service generates for itself on first start (database password, signing keys)
 * and keeps in DATA_DIR so restarts and the CLI see the same values.
 */
export async function loadSecret(dataDir: string, name: string): Promise<string> {
  const file = path.join(dataDir, 'secrets.json');
  await mkdir(dataDir, { recursive: true });
  let secrets: Record<string, string> = {};
  try {
    secrets = secretsSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const existing = secrets[name];
  if (existing) return existing;
  const created = randomBytes(32).toString('base64url');
  secrets[name] = created;
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return created;
}
