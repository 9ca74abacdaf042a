/**
 * `npm start`: the web server. Opens the app (migrating and, on an empty database with
 * SEED_DEMO=auto, loading the demo set), listens, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { once } from 'node:events';
import { openApp, type App } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { PostgresStartError } from './db/postgres-start-error.ts';
import { seedDemoArtworks } from './demo/seed-demo.ts';
import { createLogger, type Logger } from './logger.ts';
import { StorageKeyError } from './media/storage-master-keys.ts';

function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

/** A fresh install shows something searchable at once instead of an empty page. */
async function seedDemoWhenEmpty(app: App, signal: AbortSignal): Promise<void> {
  if (app.config.SEED_DEMO !== 'auto' || (await app.artworks.count()) > 0) return;
  app.logger.info('empty database and SEED_DEMO=auto: loading the demo set');
  const started = performance.now();
  let lastLoggedTenth = 0;
  const result = await seedDemoArtworks({
    artworks: app.artworks,
    signal,
    onProgress(done, total) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth === lastLoggedTenth) return;
      lastLoggedTenth = tenth;
      app.logger.info({ done, total }, 'seeding demo artworks');
    },
  });
  app.logger.info({ ...result, seconds: Math.round(performance.now() - started) / 1000 }, 'demo set loaded');
}

/**
 * The first SIGINT/SIGTERM stops gracefully; a second one exits at once. app.close() stops the
 * embedded PostgreSQL itself, after the HTTP server, so requests in flight keep their database.
 */
function shutdownSignal(logger: Logger): AbortSignal {
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      logger.warn({ signal }, 'second signal: exiting without cleaning up');
      process.exit(1);
    }
    logger.info({ signal }, 'shutting down');
    controller.abort(new Error(`received ${signal}`));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return controller.signal;
}

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  const shutdown = shutdownSignal(logger);
  const app = await openApp(config, { logger });
  // Stops seeding on a signal, or when listening fails.
  const stopSeeding = new AbortController();
  shutdown.addEventListener('abort', () => stopSeeding.abort(shutdown.reason), { once: true });
  let seeding: Promise<void> = Promise.resolve();
  try {
    if (shutdown.aborted) return;
    // Serve at once: a first start draws the demo set meanwhile, and the search page says so
    // from the very first request (the load is tracked before the port opens).
    seeding = app.demoSet.track(seedDemoWhenEmpty(app, stopSeeding.signal)).catch((error: unknown) => {
      // Stopped mid-seed: what was loaded stays, `npm run cli -- seed-demo` finishes it.
      if (stopSeeding.signal.aborted) logger.warn('demo seeding interrupted');
      else logger.error({ err: error }, 'the demo set could not be loaded; `npm run cli -- seed-demo` loads it');
    });
    const url = await app.listen();
    logger.info({ url }, `artsift listening on ${url}`);
    if (!shutdown.aborted) await once(shutdown, 'abort');
  } finally {
    // Seeding stops between artworks; it must end before the database closes.
    stopSeeding.abort();
    await seeding;
    // app.close() stops accepting requests first, then releases the database (and embedded PostgreSQL).
    await app.close();
    logger.info('stopped');
  }
}

main().catch((error: unknown) => {
  // A PostgreSQL that cannot start is the operator's to fix: one line saying what to do, no stack.
  if (error instanceof PostgresStartError || error instanceof StorageKeyError) console.error(`artsift: ${error.message}`);
  else console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
