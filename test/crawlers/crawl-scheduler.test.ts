import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrawlScheduler } from '../../crawlers/crawl-scheduler.ts';
import { CivitaiFixture } from './support/civitai-fixture.ts';
import { startCrawlHarness, testSource, type CrawlHarness } from './support/crawl-harness.ts';
import { startFixtureServer, type FixtureServer } from './support/fixture-server.ts';

describe('crawl scheduler', () => {
  let server: FixtureServer;
  let harness: CrawlHarness;

  beforeAll(async () => {
    server = await startFixtureServer();
    await new CivitaiFixture(server).add(3, 100);
    const options = { apiBaseUrl: server.origin };
    harness = await startCrawlHarness([
      testSource({ name: 'every-second', type: 'civitai', schedule: '* * * * * *', options }),
      testSource({ name: 'disabled', type: 'civitai', schedule: '* * * * * *', enabled: false, options }),
      testSource({ name: 'manual-only', type: 'civitai', options }),
    ]);
  });
  afterAll(async () => {
    await harness.close();
    await server.close();
  });

  it('runs enabled scheduled sources on their schedule and stops cleanly', { timeout: 45_000 }, async () => {
    const { app } = harness.testApp;
    const scheduler = createCrawlScheduler({ crawl: harness.crawl, logger: app.logger });
    expect(await scheduler.start()).toBe(1);
    const runsOf = () => app.db.selectFrom('crawl_runs').select(['source', 'trigger', 'status']).orderBy('id').execute();
    for (let waited = 0; (await runsOf()).filter((run) => run.status !== 'running').length < 2; waited += 100) {
      if (waited > 25_000) throw new Error('the schedule did not run twice');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await scheduler.stop();

    const runs = await runsOf();
    expect(new Set(runs.map((run) => run.source))).toEqual(new Set(['every-second']));
    expect(runs.every((run) => run.trigger === 'schedule' && run.status !== 'running')).toBe(true);
    expect(runs[0]).toMatchObject({ status: 'succeeded' });
    const settled = runs.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await runsOf()).toHaveLength(settled);
  });
});
