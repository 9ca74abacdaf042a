import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Db } from '../db/connect.ts';
import type { Logger } from '../logger.ts';

const GENERATION_QUEUE = 'generation';
/** Jobs whose every attempt ended with the worker gone (expired while active) land here. */
const ABANDONED_QUEUE = 'generation-abandoned';

const jobDataSchema = z.object({ generationId: z.uuid() });

export interface GenerationJobHandlers {
  /** Runs one generation; throwing asks the queue for its one retry. */
  run(generationId: string): Promise<void>;
  /** Every attempt was lost with its worker: the generation must end (failed, refunded). */
  abandon(generationId: string): Promise<void>;
}

/** The durable queue (pg-boss, in its own `pgboss` schema). Jobs carry only the generation id. */
export interface GenerationQueue {
  start(): Promise<void>;
  /** With `trx`, the job is inserted in that transaction: it exists exactly when the row commits. */
  enqueue(generationId: string, options?: { trx?: Db; startAfterSeconds?: number }): Promise<void>;
  startWorkers(handlers: GenerationJobHandlers, concurrency: number): Promise<void>;
  /** Tells this process's idle workers to look now rather than at their next poll. */
  wake(): void;
  stop(): Promise<void>;
}

export interface PgBossQueueOptions {
  connectionString: string;
  /** A job active longer than this is taken as lost with its worker and retried (once) or abandoned. */
  jobExpirySeconds: number;
  /** How often expired jobs are looked for. */
  maintenanceIntervalSeconds: number;
  pollingIntervalSeconds: number;
  logger: Logger;
}

export function createPgBossGenerationQueue(options: PgBossQueueOptions): GenerationQueue {
  const { logger } = options;
  const boss = new PgBoss({
    connectionString: options.connectionString,
    max: 4,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds,
    // Queue-state monitoring and cron scheduling are not used here.
    schedule: false,
  });
  boss.on('error', (error) => logger.error({ err: error }, 'generation queue error'));
  let started: Promise<void> | undefined;
  const workerIds: string[] = [];

  const queueSettings = { name: GENERATION_QUEUE, retryLimit: 1, retryDelay: 1, expireInSeconds: options.jobExpirySeconds, deadLetter: ABANDONED_QUEUE } as const;

  async function startBoss(): Promise<void> {
    await boss.start();
    await boss.createQueue(ABANDONED_QUEUE, { name: ABANDONED_QUEUE });
    await boss.createQueue(GENERATION_QUEUE, queueSettings);
    // createQueue keeps an existing queue's settings; configuration changes apply here.
    await boss.updateQueue(GENERATION_QUEUE, queueSettings);
  }

  function idOf(job: PgBoss.Job<unknown>): string {
    return jobDataSchema.parse(job.data).generationId;
  }

  return {
    start: () => (started ??= startBoss()),

    async enqueue(generationId, { trx, startAfterSeconds } = {}) {
      await (started ??= startBoss());
      const db = trx && { executeSql: async (text: string, values: unknown[]) => ({ rows: (await trx.executeQuery(CompiledQuery.raw(text, values))).rows }) };
      await boss.send(GENERATION_QUEUE, { generationId }, { ...(db ? { db } : {}), ...(startAfterSeconds ? { startAfter: startAfterSeconds } : {}) });
    },

    async startWorkers(handlers, concurrency) {
      await (started ??= startBoss());
      const workOptions = { batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds };
      // pg-boss 10 runs one job at a time per work() call: concurrency is the number of calls.
      for (let slot = 0; slot < concurrency; slot++) {
        const workerId = await boss.work(GENERATION_QUEUE, workOptions, async (jobs) => {
          for (const job of jobs) await handlers.run(idOf(job));
        });
        workerIds.push(workerId);
      }
      await boss.work(ABANDONED_QUEUE, workOptions, async (jobs) => {
        for (const job of jobs) await handlers.abandon(idOf(job));
      });
    },

    wake() {
      for (const workerId of workerIds) boss.notifyWorker(workerId);
    },

    async stop() {
      if (!started) return;
      await started.catch(() => undefined);
      // graceful: running handlers finish (they are bounded by the job timeout) before the pool closes.
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
