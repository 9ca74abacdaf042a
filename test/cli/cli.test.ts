import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createMigrator, MIGRATIONS_DIR } from '../../src/db/migrator.ts';
import { demoArtwork } from '../../src/demo/seed-demo.ts';
import { searchParamsSchema } from '../../src/search/search-params.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
// The project's own tsx, as `npx tsx` resolves it, without npm's start-up time and warnings on stderr.
const TSX = path.join(PROJECT_ROOT, 'node_modules', '.bin', 'tsx');

interface CliRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

// Every run starts a fresh Node process with the project's TypeScript loader: seconds each on 2 cores.
describe('artsift CLI', { timeout: 120_000 }, () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-cli-'));
    // Only what the CLI needs: nothing from the developer's environment (MEILI_URL…) leaks in.
    env = { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
  });

  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  function runCli(args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
    return new Promise((resolve, reject) => {
      const child = spawn(TSX, ['scripts/cli.ts', ...args], { cwd: PROJECT_ROOT, env: { ...env, ...extraEnv } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.once('error', reject);
      child.once('close', (exitCode) => resolve({ exitCode, stdout, stderr }));
    });
  }

  it('lists its commands in --help', async () => {
    const { exitCode, stdout } = await runCli(['--help']);
    expect(exitCode).toBe(0);
    for (const command of ['migrate', 'reindex', 'seed-demo']) expect(stdout).toMatch(new RegExp(`^\\s+${command}\\b`, 'm'));
  });

  it('lists the migrations with the time each was applied', async () => {
    const migrationFiles = (await readdir(MIGRATIONS_DIR)).filter((file) => /^\d{14}_\w+\.ts$/.test(file));
    const { exitCode, stdout } = await runCli(['migrate', 'status']);
    expect(exitCode).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(migrationFiles.length);
    for (const line of lines) expect(line).toMatch(/^applied\s+\d{4}-\d\d-\d\dT[\d:.]+Z\s+\d{14}_\w+$/);
  });

  it('rolls back the last migration and applies it again', async () => {
    const migrator = createMigrator(database.db);
    const last = (await migrator.getMigrations()).at(-1)!.name;

    expect(await runCli(['migrate', 'down'])).toMatchObject({ exitCode: 0, stdout: `rolled back ${last}\n` });
    expect((await migrator.getMigrations()).at(-1)).toMatchObject({ name: last, executedAt: undefined });

    expect(await runCli(['migrate', 'up'])).toMatchObject({ exitCode: 0, stdout: `applied ${last}\n` });
    expect(await runCli(['migrate'])).toMatchObject({ exitCode: 0, stdout: 'already up to date\n' });
  });

  it('loads the demo set, which the app can then search', { timeout: 240_000 }, async () => {
    const { exitCode, stdout, stderr } = await runCli(['seed-demo', '--count', '20']);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^seeded 20 demo artworks \(20 new, 0 updated, 0 duplicates\) in \d+\.\d s\n$/);

    const app = await openApp(loadConfig({ DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'never' }));
    try {
      expect(await app.artworks.count()).toBe(20);
      const everything = await app.search.search(searchParamsSchema.parse({ nsfw: 'include', limit: 100 }));
      expect(everything.estimatedTotal).toBe(20);
      // A word of the first demo prompt finds that artwork by text.
      const word = longestWord(demoArtwork(0, new Date()).input.prompt ?? '');
      const matches = await app.search.search(searchParamsSchema.parse({ q: word, nsfw: 'include', limit: 100 }));
      expect(matches.hits.some((hit) => hit.prompt.toLowerCase().includes(word))).toBe(true);
    } finally {
      await app.close();
    }
  });

  it('rebuilds the search index and says how much it indexed', async () => {
    const { exitCode, stdout } = await runCli(['reindex']);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^reindexed 20 artworks into (postgres|meilisearch) in \d+\.\d s\n$/);
  });

  it('refuses a bad environment variable with one line naming it', async () => {
    const { exitCode, stdout, stderr } = await runCli(['migrate', 'status'], { PORT: 'abc' });
    expect(exitCode).not.toBe(0);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('PORT')]);
  });

  it('refuses a bad argument with one line naming it', async () => {
    const { exitCode, stderr } = await runCli(['seed-demo', '--count', 'lots']);
    expect(exitCode).not.toBe(0);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('count')]);
  });

  it('fails on an unknown command', async () => {
    const { exitCode, stderr } = await runCli(['frobnicate']);
    expect(exitCode).not.toBe(0);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });
});

function longestWord(text: string): string {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .reduce((longest, word) => (word.length > longest.length ? word : longest), '');
}
