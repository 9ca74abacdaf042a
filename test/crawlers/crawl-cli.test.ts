import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, runCliInProcess, startCliProcess } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { CivitaiFixture } from './support/civitai-fixture.ts';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

/** `npm run cli -- …` as an operator runs it, configured by the environment. */
describe('crawl CLI', () => {
  let server: FixtureServer;
  let civitai: CivitaiFixture;
  let database: TestDatabase;
  let scratch: string;
  let env: Record<string, string>;

  // The same commands as `npm run cli -- …`, run in this process; the one that is killed runs in its own.
  const start = (args: string[]) => startCliProcess(args, env);
  const run = async (args: string[]) => {
    const { exitCode, stdout, stderr } = await runCliInProcess(args, env);
    return { code: exitCode, stdout, stderr };
  };

  beforeAll(async () => {
    server = await startFixtureServer();
    civitai = new CivitaiFixture(server);
    await civitai.add(4, 100);
    database = await createTestDatabase();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-crawl-cli-'));
    const sourcesFile = path.join(scratch, 'sources.json');
    await writeFile(
      sourcesFile,
      JSON.stringify({
        sources: [
          {
            name: 'local-civitai',
            type: 'civitai',
            allowPrivateNetwork: ['127.0.0.1'],
            politeness: { minIntervalMs: 0 },
            batchSize: 2,
            concurrency: 1,
            options: { apiBaseUrl: server.origin, pageSize: 3 },
          },
        ],
      }),
    );
    env = cliEnvironment({
      DATABASE_URL: database.url,
      DATA_DIR: path.join(scratch, 'data'),
      CRAWL_SOURCES_FILE: sourcesFile,
    });
  });
  afterAll(async () => {
    await database.drop();
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('crawls an ad-hoc source and prints a one-line summary', { timeout: 60_000 }, async () => {
    const result = await run(['crawl', '--type', 'civitai', '--url', server.origin, '--allow-private-network']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^adhoc-civitai-[0-9a-f]{12}: succeeded in [\d.]+ s: fetched 4, new 4, updated 0, unchanged 0, duplicate 0, failed 0, blocked by takedown 0\n {2}stopped: end of content\n$/,
    );
  });

  it('exits non-zero when the run fails, saying why', { timeout: 60_000 }, async () => {
    const result = await run(['crawl', '--type', 'feed', '--url', `${server.origin}/feed.xml`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/: failed in [\d.]+ s: fetched 0,/);
    expect(result.stderr).toMatch(/may not reach/);
  });

  it('refuses contradictory arguments', { timeout: 60_000 }, async () => {
    const result = await run(['crawl', 'local-civitai', '--type', 'feed']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not both/);
  });

  it('resumes a named source after the process is killed, with no duplicates or gaps', { timeout: 90_000 }, async () => {
    await civitai.add(8, 200);
    let served = 0;
    let killed!: () => void;
    const killPoint = new Promise<void>((resolve) => (killed = resolve));
    for (const item of civitai.items) {
      server.route(`/img/${item.id}.png`, async (_request, response) => {
        served += 1;
        if (served === 5) killed();
        await new Promise((resolve) => setTimeout(resolve, 150));
        response.writeHead(200, { 'content-type': 'image/png' }).end(item.image);
      });
    }
    const victim = start(['crawl', 'local-civitai']);
    let victimOutput = '';
    victim.stdout!.on('data', (chunk: Buffer) => (victimOutput += chunk.toString()));
    victim.stderr!.on('data', (chunk: Buffer) => (victimOutput += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => victim.once('close', resolve));
    const first = await Promise.race([killPoint.then(() => 'kill' as const), exited.then(() => 'exited' as const)]);
    expect(first, `the crawl ended before it could be killed:\n${victimOutput}`).toBe('kill');
    victim.kill('SIGKILL');
    await exited;
    const afterKill = await database.db.selectFrom('artworks').select('source_id').where('source', '=', 'civitai').execute();
    expect(afterKill.length).toBeLessThan(12);

    const resumed = await run(['crawl', 'local-civitai']);

    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/local-civitai: succeeded/);
    const rows = await database.db.selectFrom('artworks').select('source_id').where('source', '=', 'civitai').execute();
    expect(rows.map((row) => Number(row.source_id)).sort((a, b) => a - b)).toEqual([100, 101, 102, 103, ...Array.from({ length: 8 }, (_, i) => 200 + i)]);
    const runs = await database.db.selectFrom('crawl_runs').select(['status']).where('source', '=', 'local-civitai').orderBy('id').execute();
    expect(runs.map((row) => row.status)).toEqual(['interrupted', 'succeeded']);
  });

  it('lists sources, their last runs and counts with crawl-status', { timeout: 60_000 }, async () => {
    const result = await run(['crawl-status', '--runs', '2']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^local-civitai \(civitai, no schedule\)$/m);
    expect(result.stdout).toMatch(/ succeeded in [\d.]+ s \(cli\): fetched \d+, new \d+,.*\n {4}stopped: end of content\n/);
    expect(result.stdout).toMatch(/ interrupted .*\(cli\)/);
    expect(result.stdout).toMatch(/^adhoc-civitai-[0-9a-f]{12} \(not in the sources file\)$/m);
  });
});
