import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createMigrator, MIGRATIONS_DIR } from '../../src/db/migrator.ts';
import { demoArtwork } from '../../src/demo/seed-demo.ts';
import { searchParamsSchema } from '../../src/search/search-params.ts';
import { cliEnvironment, runCliInProcess, runCliProcess, type CliRun } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

describe('artsift CLI', () => {
  let database: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'artsift-cli-'));
    env = cliEnvironment({ DATABASE_URL: database.url, DATA_DIR: dataDir });
  });

  afterAll(async () => {
    await database.drop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const runCli = (args: string[], extraEnv: Record<string, string> = {}) => runCliInProcess(args, { ...env, ...extraEnv });

  // The bin entry in its own process (seconds each on 2 cores), for what only a real process
  // shows: the exit code, and that it exits by itself. Both runs start together.
  describe('as a process', () => {
    let succeeded: CliRun;
    let refused: CliRun;
    beforeAll(async () => {
      [succeeded, refused] = await Promise.all([runCliProcess(['migrate', 'status'], env), runCliProcess(['migrate', 'status'], { ...env, PORT: 'abc' })]);
    });

    it('exits 0 by itself when a command is done, its output on stdout', () => {
      expect(succeeded.stderr).toBe('');
      expect(succeeded.exitCode).toBe(0);
      expect(succeeded.stdout).toMatch(/^applied\s+\S+\s+\d{14}_\w+$/m);
    });

    it('exits 1 with one line on stderr naming a bad environment variable', () => {
      expect(refused.exitCode).toBe(1);
      expect(refused.stdout).toBe('');
      expect(refused.stderr.trim().split('\n')).toEqual([expect.stringContaining('PORT')]);
    });
  });

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

  it('loads the demo set, which the app can then search', { timeout: 120_000 }, async () => {
    const { exitCode, stdout, stderr } = await runCli(['seed-demo', '--count', '8']);
    expect(stderr).toBe('');
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^seeded 8 demo artworks \(8 new, 0 updated, 0 duplicates\) in \d+\.\d s\n$/);

    const app = await openApp(loadConfig({ DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO: 'never' }));
    try {
      expect(await app.artworks.count()).toBe(8);
      const everything = await app.search.search(searchParamsSchema.parse({ nsfw: 'include', limit: 100 }));
      expect(everything.estimatedTotal).toBe(8);
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
    expect(stdout).toMatch(/^reindexed 8 artworks into (postgres|meilisearch) in \d+\.\d s\n$/);
  });

  it('refuses a bad argument with one line naming it', async () => {
    const { exitCode, stderr } = await runCli(['seed-demo', '--count', 'lots']);
    expect(exitCode).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringContaining('count')]);
  });

  it('fails on an unknown command', async () => {
    const { exitCode, stderr } = await runCli(['frobnicate']);
    expect(exitCode).toBe(1);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });
});

function longestWord(text: string): string {
  return text
    .toLowerCase()
    .split(/[^a-z]+/)
    .reduce((longest, word) => (word.length > longest.length ? word : longest), '');
}
