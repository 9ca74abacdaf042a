import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSecret, readSecrets, updateSecrets } from '../../src/secrets.ts';

describe('DATA_DIR/secrets.json', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const scratch = async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'artsift-secrets-'));
    dirs.push(dir);
    return dir;
  };

  it('keeps every secret when many are created at once, each read back the same by every caller', async () => {
    const dir = await scratch();
    const names = Array.from({ length: 20 }, (_, index) => `secret${index}`);
    const values = await Promise.all([...names, ...names].map((name) => loadSecret(dir, name)));
    const stored = await readSecrets(dir);
    expect(Object.keys(stored).sort()).toEqual([...names].sort());
    names.forEach((name, index) => {
      expect(values[index]).toBe(stored[name]);
      expect(values[index + names.length]).toBe(stored[name]);
    });
    expect(await readdir(dir)).toEqual(['secrets.json']);
  });

  it('sets and removes secrets without touching the others', async () => {
    const dir = await scratch();
    const kept = await loadSecret(dir, 'kept');
    await updateSecrets(dir, { added: 'value', kept: undefined });
    await updateSecrets(dir, { kept });
    expect(await readSecrets(dir)).toEqual({ added: 'value', kept });
  });
});
