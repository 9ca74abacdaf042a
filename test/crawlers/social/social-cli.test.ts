import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliEnvironment, runCliInProcess } from '../../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../../support/database.ts';
import { startFixtureServer, type FixtureServer } from '../support/fixture-server.ts';
import { MastodonFixture } from './support/mastodon-fixture.ts';
import { TEST_X_TOKEN } from './support/social-harness.ts';
import { XFixture } from './support/x-fixture.ts';

/** Ad-hoc social sources and the re-check, as an operator runs them from the command line. */
describe('social sources from the CLI', () => {
  let server: FixtureServer;
  let database: TestDatabase;
  let scratch: string;
  let env: Record<string, string>;
  const run = (args: string[]) => runCliInProcess(args, env);

  beforeAll(async () => {
    server = await startFixtureServer();
    const x = new XFixture(server, TEST_X_TOKEN);
    await x.add({ id: '6001', text: 'Prompt: a harbour of paper boats #aiart', author: { id: '1', username: 'sailor', name: 'Sailor' }, photos: [{}] });
    const mastodon = new MastodonFixture(server, 'aiart');
    await mastodon.add({ id: '113000000000000001', acct: 'ada', displayName: 'Ada', content: '<p>Prompt: a snow globe city</p>', media: [{ description: null }] });
    database = await createTestDatabase();
    scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-social-cli-'));
    env = cliEnvironment({ DATABASE_URL: database.url, DATA_DIR: path.join(scratch, 'data'), CRAWL_SOURCES_FILE: path.join(scratch, 'none.json'), X_BEARER_TOKEN: TEST_X_TOKEN });
  });
  afterAll(async () => {
    await database.drop();
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('searches X by --query at another --api-base-url, and reads a Mastodon tag page by --url', { timeout: 60_000 }, async () => {
    const x = await run(['crawl', '--type', 'x', '--query', '#aiart', '--api-base-url', server.origin, '--allow-private-network']);
    expect(x.stderr).toBe('');
    expect(x.stdout).toMatch(/^adhoc-x-[0-9a-f]{12}: succeeded in [\d.]+ s: fetched 1, new 1,/);
    const mastodon = await run(['crawl', '--type', 'mastodon', '--url', `${server.origin}/tags/aiart`, '--allow-private-network']);
    expect(mastodon.stdout).toMatch(/^adhoc-mastodon-[0-9a-f]{12}: succeeded in [\d.]+ s: fetched 1, new 1,/);
    const recheck = await run(['recheck-sources']);
    expect(recheck.exitCode).toBe(0);
    expect(recheck.stdout).toMatch(/^checked 0 posts, removed 0 artworks gone at their source, 0 unanswered/);
  });

  it('says what an X or Bluesky search is missing', { timeout: 60_000 }, async () => {
    const result = await run(['crawl', '--type', 'bluesky']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/--query/);
  });
});
