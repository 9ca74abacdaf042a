import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { PROJECT_ROOT } from '../../src/app.ts';
import { automatic1111Models, startFakeAutomatic1111, type FakeAutomatic1111 } from './support/fake-automatic1111.ts';
import { countingBilling, startGenerationHarness, type GenerationHarness } from './support/generation-harness.ts';

describe('generation queue', () => {
  let fake: FakeAutomatic1111;
  let harness: GenerationHarness;

  beforeAll(async () => {
    fake = await startFakeAutomatic1111();
    // A job's lease (timeout + 60 s) outlasts any test: a worker under load never loses its job by
    // being slow; the one test whose worker dies ends the lease itself.
    harness = await startGenerationHarness(automatic1111Models(fake.baseUrl), { GENERATION_JOB_TIMEOUT_SECONDS: '60', GENERATION_CONCURRENCY: '2' });
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

    // `npm run worker` takes the job and is killed while the provider is working on it.
    const providerCalled = fake.called(fake.calls() + 1);
    const worker = spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...harness.env, CRAWL_SOURCES_FILE: `${harness.dataDir}/no-sources.json` },
      stdio: 'ignore',
    });
    const exited = once(worker, 'exit');
    try {
      expect(await Promise.race([providerCalled.then(() => 'provider called' as const), exited.then(() => 'worker exited' as const)])).toBe('provider called');
    } finally {
      worker.kill('SIGKILL');
      await exited;
    }
    expect(await harness.status(id)).toMatchObject({ status: 'running', attempt: 1 });

    // The queue notices the lost job once its lease runs out; here the lease is ended at once.
    await expireActiveJob(id);
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
    const answer = deferred<void>();
    fake.script({ until: answer.promise });
    const providerCalled = fake.called(fake.calls() + 1);
    const { id } = await running.generations.accept(harness.accountId, harness.request());
    await providerCalled;
    expect(await harness.status(id)).toMatchObject({ status: 'running' });

    // Canceled through a second composition (as by a server while a worker process runs the job).
    const other = countingBilling();
    const elsewhere = harness.compose(other.billing);
    expect((await elsewhere.generations.cancel(harness.accountId, id)).status).toBe('canceled');
    expect((await elsewhere.generations.cancel(harness.accountId, id)).status).toBe('canceled');
    expect(other.count(id).refund).toBe(1);

    const galleryItems = () => harness.database.db.selectFrom('gallery_items').select('id').where('account_id', '=', harness.accountId).execute();
    const itemsBefore = (await galleryItems()).length;
    // The provider answers after the cancel; the worker must drop what it got. Stopping the
    // worker gracefully waits for the job it is running to end.
    answer.resolve();
    await running.close();
    expect(await harness.status(id)).toMatchObject({ status: 'canceled', gallery_item_id: null });
    expect(count(id)).toEqual({ reserve: 1, settle: 0, refund: 0 });
    expect((await galleryItems()).length).toBe(itemsBefore);
  });

  it('runs one job per user at a time; the next waits queued', async () => {
    const { billing, count } = countingBilling();
    const generation = harness.compose(billing);
    // The runner puts a job whose owner is at the limit back in the queue, to be asked again later.
    const putBack = deferred<string>();
    const enqueue = generation.queue.enqueue.bind(generation.queue);
    vi.spyOn(generation.queue, 'enqueue').mockImplementation(async (generationId, options) => {
      await enqueue(generationId, options);
      if (options?.startAfterSeconds) putBack.resolve(generationId);
    });
    await generation.startWorkers();
    const answer = deferred<void>();
    fake.script({ until: answer.promise });
    const before = fake.calls();
    const first = await generation.generations.accept(harness.accountId, harness.request());
    const second = await generation.generations.accept(harness.accountId, harness.request({ prompt: 'second' }));

    // Both workers took a job: one is at the provider, the other was put back to wait.
    await fake.called(before + 1);
    const waiting = await putBack.promise;
    const atProvider = waiting === first.id ? second.id : first.id;
    expect(await harness.status(atProvider)).toMatchObject({ status: 'running' });
    expect(await harness.status(waiting)).toMatchObject({ status: 'queued' });
    expect(fake.calls() - before).toBe(1);

    answer.resolve();
    expect(await harness.waitFor(atProvider, ['succeeded', 'failed'])).toMatchObject({ status: 'succeeded' });
    expect(await harness.waitFor(waiting, ['succeeded', 'failed'])).toMatchObject({ status: 'succeeded' });
    expect(fake.calls() - before).toBe(2);
    expect(count(first.id).settle + count(second.id).settle).toBe(2);
  });

  /** Ends the queue's lease on the job of generation `id` now, as its expiry would. */
  async function expireActiveJob(id: string): Promise<void> {
    const expired = await sql`update pgboss.job set expire_in = interval '0' where state = 'active' and data->>'generationId' = ${id}`.execute(harness.database.db);
    expect(expired.numAffectedRows).toBe(1n);
  }
});

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}
