import type { Accounts } from './accounts/compose-accounts.ts';
import type { Analytics } from './analytics/compose-analytics.ts';
import type { ArtworkService } from './artworks/artwork.service.ts';
import type { Config } from './config.ts';
import type { Generation } from './generation/compose-generation.ts';
import type { Logger } from './logger.ts';
import type { SearchIndex } from './search/search-index.ts';
import type { Takedowns } from './takedowns/compose-takedowns.ts';
import type { CrawlScheduler } from '../crawlers/crawl-scheduler.ts';

/** `server`: `npm start` once it listens; `worker`: `npm run worker`. */
export type ProcessRole = 'server' | 'worker';

export interface BackgroundWorkDeps {
  config: Pick<Config, 'CRAWL_SCHEDULER' | 'GENERATION_WORKER' | 'CRAWL_SOURCES_FILE'>;
  logger: Logger;
  accounts: Pick<Accounts, 'maintenance'>;
  takedowns: Pick<Takedowns, 'start'>;
  artworks: Pick<ArtworkService, 'reindexIfSearchIsEmpty'>;
  searchIndex: Pick<SearchIndex, 'warmUp'>;
  crawlScheduler: Pick<CrawlScheduler, 'start'>;
  generation: Pick<Generation, 'startWorkers'>;
  analytics: Pick<Analytics, 'start'>;
}

export interface BackgroundWork {
  /** Starts what a process of this role runs besides answering requests; resolves once workers run. */
  start(role: ProcessRole): Promise<void>;
}

/**
 * The one place that says which jobs run in which process. Stopping them is app.close()'s job:
 * each part stops its own timers and workers there.
 */
export function createBackgroundWork(deps: BackgroundWorkDeps): BackgroundWork {
  const { config, logger } = deps;
  const startCrawlSchedules = () => deps.crawlScheduler.start();

  async function startServer(): Promise<void> {
    // Only a serving process purges expired sessions and logs; CLI commands do not.
    deps.accounts.maintenance.start();
    deps.takedowns.start();
    // Analytics flush what requests counted, destroy the day's visitor key after midnight, purge past retention.
    deps.analytics.start();
    // The built-in engine loads its in-memory index now rather than on the first search,
    // after building it if artworks exist but the index does not (an upgraded database).
    void deps.artworks
      .reindexIfSearchIsEmpty()
      .then(() => deps.searchIndex.warmUp?.())
      .catch((error: unknown) => logger.error({ err: error }, 'search index could not load'));
    // CRAWL_SCHEDULER=off leaves the schedules to `npm run worker`.
    if (config.CRAWL_SCHEDULER === 'on') void startCrawlSchedules().catch((error: unknown) => logger.error({ err: error }, 'crawl schedules could not start'));
    // GENERATION_WORKER=off leaves generation jobs to `npm run worker`.
    if (config.GENERATION_WORKER === 'on') await deps.generation.startWorkers();
  }

  async function startWorker(): Promise<void> {
    await deps.generation.startWorkers();
    const scheduled = await startCrawlSchedules();
    if (scheduled === 0) logger.warn({ file: config.CRAWL_SOURCES_FILE }, 'no scheduled crawl sources: running generation jobs only');
  }

  return {
    start: (role) => (role === 'server' ? startServer() : startWorker()),
  };
}
