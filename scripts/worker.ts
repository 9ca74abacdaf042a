/**
 * `npm run worker`: runs generation jobs (GENERATION_CONCURRENCY at once) and the crawl sources on
 * their cron schedules (CRAWL_SOURCES_FILE) until SIGINT/SIGTERM, against the same DATA_DIR / DATABASE_URL as the server. Runs in progress are
 * stopped between items on shutdown and resume on the next tick. Safe beside a server that
 * schedules too (CRAWL_SCHEDULER=on): a source runs once at a time across processes.
 */
import { once } from 'node:events';
import { openApp } from '../src/app.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { PostgresStartError } from '../src/db/postgres-start-error.ts';
import { createLogger } from '../src/logger.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) process.exit(1);
    logger.info({ signal }, 'worker stopping');
    stop.abort();
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);

  const app = await openApp(config, { logger });
  try {
    await app.background.start('worker');
    if (!stop.signal.aborted) await once(stop.signal, 'abort');
  } finally {
    // Stops the crawl schedules (runs in progress end between items) and the generation workers.
    await app.close();
    logger.info('worker stopped');
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    // Operator errors (configuration, a PostgreSQL that cannot start) are one line saying what to do.
    console.error(error instanceof ConfigError || error instanceof PostgresStartError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
