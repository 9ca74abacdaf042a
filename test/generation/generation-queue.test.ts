import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { automatic1111Models, startFakeAutomatic1111, type FakeAutomatic1111 } from './support/fake-automatic1111.ts';
import { countingBilling, startGenerationHarness, type GenerationHarness } from './support/generation-harness.ts';

describe('generation queue', () => {
  let fake: FakeAutomatic1111;
  let harness: GenerationHarness;

  beforeAll(async () => {
    fake = await startFakeAutomatic1111();
    // Short timeout: a job active for 2 + 2 s without its worker counts as lost.
    harness = await startGenerationHarness(automatic1111Models(fake.baseUrl), { GENERATION_JOB_TIMEOUT_SECONDS: '2', GENERATION_CONCURRENCY: '2' });
  });
  afterEach(async () => {
    fake.script();
    await harness.closeComposed();
  });
  afterAll(async () => {
    await harness?.close();
    await fake?.close();
  });

  it('retries a job whose worker process was killed, then fails it and refunds exactly once', async () => {
    const { billing, count } = countingBilling();
    const generation = harness.compose(billing);
    fake.script('hang', 'server-error');
    const { id } = await generation.generations.accept(harness.accountId, harness.request());

    // `npm run worker` takes the job and is killed while the provider is still working on it.
    const worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...harness.env, CRAWL_SOURCES_FILE: `${harness.dataDir}/no-sources.json` },
      stdio: 'ignore',
    });
    try {
      expect((await harness.waitFor(id, ['running'])).attempt).toBe(1);
      await expect.poll(() => fake.calls(), { timeout: 5_000 }).toBe(1);
    } finally {
      worker.kill('SIGKILL');
      await once(worker, 'exit');
    }

    // The queue notices the lost job and delivers it once more, here.
    await generation.startWorkers();
    const failed = await harness.waitFor(id, ['failed', 'succeeded']);
    expect(failed).toMatchObject({ status: 'failed', attempt: 2 });
    expect(fake.calls()).toBe(2);
    expect(count(id)).toEqual({ reserve: 1, settle: 0, refund: 1 });

    // Late or duplicate deliveries change nothing.
    await generation.runner.run(id);
    await generation.runner.abandon(id);
    expect(count(id)).toEqual({ reserve: 1, settle: 0, refund: 1 });
    expect(fake.calls()).toBe(2);
  }, 60_000);

  it('retries a transient failure once and bills the success once', async () => {
    const { billing, count } = countingBilling();
    const generation = harness.compose(billing);
    await generation.startWorkers();
    fake.script('server-error');
    const { id } = await generation.generations.accept(harness.accountId, harness.request());
    const done = await harness.waitFor(id, ['succeeded', 'failed']);
    expect(done).toMatchObject({ status: 'succeeded', attempt: 2 });
    expect(done.gallery_item_id).toBeTruthy();
    expect(count(id)).toEqual({ reserve: 1, settle: 1, refund: 0 });
    await generation.runner.run(id);
    expect(count(id)).toEqual({ reserve: 1, settle: 1, refund: 0 });
  });

  it('fails a refused prompt at once, without a retry, and refunds it', async () => {
    const { billing, count } = countingBilling();
    const generation = harness.compose(billing);
    await generation.startWorkers();
    const before = fake.calls();
    fake.script('refuse');
    const { id } = await generation.generations.accept(harness.accountId, harness.request());
    expect(await harness.waitFor(id, ['failed', 'succeeded'])).toMatchObject({ status: 'failed', attempt: 1 });
    expect(fake.calls() - before).toBe(1);
    expect(count(id)).toEqual({ reserve: 1, settle: 0, refund: 1 });
  });

  it('cancels a running job from another process: refunded once, its late result dropped', async () => {
    const { billing, count } = countingBilling();
    const running = harness.compose(billing);
    await running.startWorkers();
    fake.script({ delayMs: 1_500 });
    const { id } = await running.generations.accept(harness.accountId, harness.request());
    await harness.waitFor(id, ['running']);

    // Canceled through a second composition (as by a server while a worker process runs the job).
    const other = countingBilling();
    const elsewhere = harness.compose(other.billing);
    expect((await elsewhere.generations.cancel(harness.accountId, id)).status).toBe('canceled');
    expect((await elsewhere.generations.cancel(harness.accountId, id)).status).toBe('canceled');
    expect(other.count(id).refund).toBe(1);

    const galleryItems = () => harness.database.db.selectFrom('gallery_items').select('id').where('account_id', '=', harness.accountId).execute();
    const itemsBefore = (await galleryItems()).length;
    // The provider answers after the cancel; the worker must drop what it got.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(await harness.status(id)).toMatchObject({ status: 'canceled', gallery_item_id: null });
    expect(count(id)).toEqual({ reserve: 1, settle: 0, refund: 0 });
    expect((await galleryItems()).length).toBe(itemsBefore);
  });

  it('runs one job per user at a time; the next waits queued', async () => {
    const { billing, count } = countingBilling();
    const generation = harness.compose(billing);
    await generation.startWorkers();
    fake.script({ delayMs: 1_200 }, { delayMs: 200 });
    const first = await generation.generations.accept(harness.accountId, harness.request());
    const second = await generation.generations.accept(harness.accountId, harness.request({ prompt: 'second' }));
    await harness.waitFor(first.id, ['running']);
    let mostRunning = 0;
    while ((await harness.status(first.id)).status === 'running') {
      const rows = await harness.database.db.selectFrom('generations').select('status').where('account_id', '=', harness.accountId).where('status', '=', 'running').execute();
      mostRunning = Math.max(mostRunning, rows.length);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(mostRunning).toBe(1);
    expect(await harness.waitFor(second.id, ['succeeded'])).toMatchObject({ status: 'succeeded' });
    expect(count(first.id).settle + count(second.id).settle).toBe(2);
  });
});
