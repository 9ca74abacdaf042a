import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../src/logger.ts';
import type { CrawlService } from './crawl.service.ts';
import type { SourceRecheck } from './recheck/source-recheck.ts';

/** Posts of social sources are asked about every 15 minutes (each on its own schedule, see recheck-schedule.ts). */
const RECHECK_SCHEDULE = '*/15 * * * *';

/**
 * Starts each enabled source's run on its cron schedule. A tick that finds the source already
 * running (here: node-cron's noOverlap; elsewhere: the advisory lock) does nothing, so the web
 * process and `npm run worker` can both schedule without running a source twice.
 */
export function createCrawlScheduler({ crawl, logger, recheck }: { crawl: Pick<CrawlService, 'listSources' | 'run'>; logger: Logger; recheck?: SourceRecheck }) {
  const tasks: ScheduledTask[] = [];
  const running = new Set<Promise<unknown>>();
  let controller = new AbortController();

  const runScheduled = (name: string): Promise<void> => {
    const run = crawl
      .run(name, { trigger: 'schedule', signal: controller.signal })
      .then((report) => {
        if (report.status === 'failed') logger.warn({ source: name, errors: report.errors.slice(-3) }, 'scheduled crawl failed');
      })
      .catch((error: unknown) => logger.error({ err: error, source: name }, 'scheduled crawl could not run'));
    running.add(run);
    return run.finally(() => running.delete(run));
  };

  return {
    /** Reads the sources and schedules them; returns how many were scheduled. */
    async start(): Promise<number> {
      controller = new AbortController();
      const sources = (await crawl.listSources()).filter((source) => source.enabled && source.schedule);
      for (const source of sources) {
        tasks.push(cron.schedule(source.schedule!, () => runScheduled(source.name), { name: `crawl:${source.name}`, noOverlap: true }));
      }
      if (recheck) {
        const runRecheck = () => {
          const run = recheck.runDue(controller.signal).catch((error: unknown) => logger.error({ err: error }, 'source re-check could not run'));
          running.add(run);
          return run.finally(() => running.delete(run));
        };
        tasks.push(cron.schedule(RECHECK_SCHEDULE, runRecheck, { name: 'recheck-source-posts', noOverlap: true }));
      }
      logger.info({ sources: sources.map((source) => source.name) }, 'crawl schedules started');
      return sources.length;
    },

    /** Stops the schedules, aborts runs in progress (they resume next time) and waits for them. */
    async stop(): Promise<void> {
      await Promise.all(tasks.splice(0).map((task) => task.destroy()));
      controller.abort(new Error('crawl scheduler stopped'));
      await Promise.allSettled([...running]);
    },
  };
}

export type CrawlScheduler = ReturnType<typeof createCrawlScheduler>;
