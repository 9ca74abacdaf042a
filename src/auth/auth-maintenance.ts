import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.ts';

export interface MaintenanceJob {
  name: string;
  /** node-cron expression. */
  schedule: string;
  run(): Promise<number>;
}

/**
 * Purges expired sessions, counters, links and old security-log entries. Each job is one
 * idempotent DELETE, cheap enough to run in the tick itself rather than through a queue;
 * several app servers running it at once only delete the same rows.
 */
export function createMaintenanceScheduler({ jobs, logger }: { jobs: MaintenanceJob[]; logger: Logger }) {
  const tasks: ScheduledTask[] = [];
  const runJob = async (job: MaintenanceJob) => {
    try {
      const removed = await job.run();
      if (removed > 0) logger.info({ job: job.name, removed }, 'maintenance purge');
    } catch (error) {
      logger.error({ err: error, job: job.name }, 'maintenance purge failed');
    }
  };
  return {
    start(): void {
      for (const job of jobs) tasks.push(cron.schedule(job.schedule, () => runJob(job), { name: job.name, noOverlap: true }));
    },
    async stop(): Promise<void> {
      await Promise.all(tasks.splice(0).map((task) => task.destroy()));
    },
    /** Every job once, now (tests and operators). */
    async runAll(): Promise<void> {
      for (const job of jobs) await runJob(job);
    },
  };
}

export type MaintenanceScheduler = ReturnType<typeof createMaintenanceScheduler>;
