import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import { composeAccounts, type Accounts } from './accounts/compose-accounts.ts';
import { createArtworkService, type ArtworkService } from './artworks/artwork.service.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { composeCredits, type Credits } from './credits/compose-credits.ts';
import type { Db } from './db/connect.ts';
import { assertMigrated, createMigrator } from './db/migrator.ts';
import { openDatabase } from './db/open-database.ts';
import { createDemoLoadState, type DemoLoadState } from './demo/demo-load-state.ts';
import { composeGeneration, type Generation } from './generation/compose-generation.ts';
import { createModelCatalogue } from './generation/models/model-catalogue.ts';
import { loadModelsFile } from './generation/models/model-config.ts';
import { createArtworkRouter } from './http/artwork.routes.ts';
import { createAssetRouter } from './http/assets.routes.ts';
import { createBillingRouter } from './http/billing.routes.ts';
import { createCreditsAdminRouter } from './http/credits-admin.routes.ts';
import { createCreditsPageRouter } from './http/credits-pages.routes.ts';
import { createCreditsRouter } from './http/credits.routes.ts';
import { createAuthHttp } from './http/auth-http.ts';
import type { CsrfProtection } from './http/csrf.ts';
import { createHttpApp } from './http/create-http-app.ts';
import { createGalleryPageRouter } from './http/gallery-pages.routes.ts';
import { createGalleryRouter } from './http/gallery.routes.ts';
import { createGenerationRouter } from './http/generation.routes.ts';
import { createHealthRouter } from './http/health.routes.ts';
import { createMediaRouter } from './http/media.routes.ts';
import { createPageRouter } from './http/pages.routes.ts';
import { createSearchRouter } from './http/search.routes.ts';
import { createSeoRouter } from './http/seo.routes.ts';
import { createStripeWebhookRouter, STRIPE_WEBHOOK_PATH } from './http/stripe-webhook.routes.ts';
import { createTakedownRouters } from './http/takedown.routes.ts';
import { createLogger, type Logger } from './logger.ts';
import { mediaLimitsFromConfig } from './media/media-limits.ts';
import { createMediaService, mediaUrl, type MediaService } from './media/media.service.ts';
import { openMediaStorage } from './media/open-media-storage.ts';
import type { MediaStorage } from './media/storage.ts';
import { createSearchIndex } from './search/create-search-index.ts';
import type { SearchIndex } from './search/search-index.ts';
import { createSearchService, type SearchService } from './search/search.service.ts';
import { composeTakedowns, type Takedowns } from './takedowns/compose-takedowns.ts';
import { createCrawlScheduler, type CrawlScheduler } from '../crawlers/crawl-scheduler.ts';
import { createCrawlService, type CrawlService } from '../crawlers/crawl.service.ts';
import { createAdminCrawlsRouter } from './http/admin-crawls.routes.ts';
import { renderErrorPage } from '../web/pages/error-page.ts';

const STATIC_DIR = fileURLToPath(new URL('../web/static', import.meta.url));

export interface App {
  config: Config;
  logger: Logger;
  clock: Clock;
  db: Db;
  searchIndex: SearchIndex;
  storage: MediaStorage;
  media: MediaService;
  artworks: ArtworkService;
  search: SearchService;
  accounts: Accounts;
  generation: Generation;
  takedowns: Takedowns;
  crawl: CrawlService;
  crawlScheduler: CrawlScheduler;
  credits: Credits;
  /** A first start serves while the demo set loads; main.ts tracks that load here. */
  demoSet: DemoLoadState;
  csrf: CsrfProtection;
  http: express.Express;
  /** Starts listening; resolves with the base URL actually bound (PORT=0 picks a free port). */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface OpenAppOptions {
  logger?: Logger;
  clock?: Clock;
  /** The CLI's `migrate` command manages migrations itself. */
  migrate?: boolean;
}

/** The composition root: the only place that knows which adapter backs which service. */
export async function openApp(config: Config, options: OpenAppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const database = await openDatabase(config, logger);
  const { db } = database;
  try {
    if (options.migrate !== false) assertMigrated(await createMigrator(db).migrateToLatest());

    const searchIndex = createSearchIndex({
      db,
      meiliUrl: config.MEILI_URL,
      meiliMasterKey: config.MEILI_MASTER_KEY,
      meiliApiKey: config.MEILI_API_KEY,
      meiliIndex: config.MEILI_INDEX,
      connectionString: database.connectionString,
      logger,
      cache: config.SEARCH_CACHE_SECONDS === 0 ? false : { ttlMs: config.SEARCH_CACHE_SECONDS * 1000, maxEntries: 500 },
    });
    if (options.migrate !== false) await searchIndex.ensureSettings();

    const { storage } = await openMediaStorage(config, db);
    const media = createMediaService({ storage, limits: mediaLimitsFromConfig(config) });
    const artworks = createArtworkService({ db, media, searchIndex, mediaUrl, logger });
    const search = createSearchService({ searchIndex, clock });
    const accounts = await composeAccounts({ config, db, clock, logger, storage });
    const authHttp = createAuthHttp({ accounts, config, db, clock });
    const models = createModelCatalogue(await loadModelsFile(config.MODELS_FILE), process.env);
    const credits = composeCredits({ config, db, clock, logger, registry: accounts.registry, securityLog: accounts.securityLog });
    const generation = composeGeneration({ config, db, connectionString: database.connectionString, clock, logger, storage, media, models, registry: accounts.registry, billing: credits.billing });
    // Stripe signs its webhook deliveries; a CSRF token cannot apply to them.
    authHttp.csrf.exempt(STRIPE_WEBHOOK_PATH);
    const takedowns = composeTakedowns({ config, db, connectionString: database.connectionString, clock, logger, searchIndex, storage, media, artworks, hasher: accounts.hasher });
    const crawl = createCrawlService({ db, artworks, logger, config });
    const crawlScheduler = createCrawlScheduler({ crawl, logger });
    // Ends open event streams on close, so server.close() is not held up by them.
    const closingStreams = new AbortController();
    const demoSet = createDemoLoadState();

    const http = createHttpApp({
      logger,
      staticDir: STATIC_DIR,
      // Served before sessions: anonymous and the same for everyone, so no session is read or made for them.
      publicRouters: [createAssetRouter(), createSearchRouter(search)],
      renderErrorPage,
      https: config.PUBLIC_URL.startsWith('https:'),
      trustProxy: config.TRUST_PROXY,
      requestMiddleware: authHttp.middleware,
      routers: [
        createHealthRouter({ db, searchIndex }),
        createMediaRouter(storage),
        createArtworkRouter(artworks),
        createSeoRouter({ db, publicUrl: config.PUBLIC_URL, crawlerUserAgent: config.CRAWLER_USER_AGENT }),
        createPageRouter({ search, artworks, publicUrl: config.PUBLIC_URL, demoSet, generationCosts: models.list().map((model) => model.costCredits) }),
        createGenerationRouter({ generations: generation.generations, referenceImageMaxBytes: config.GENERATION_REFERENCE_MAX_BYTES, closing: closingStreams.signal }),
        createGalleryRouter(generation.gallery),
        createGalleryPageRouter({ generations: generation.generations, gallery: generation.gallery, artworks, referenceImageMaxBytes: config.GENERATION_REFERENCE_MAX_BYTES }),
        ...authHttp.routers,
        ...createTakedownRouters({ takedowns }),
        createCreditsRouter({ ledger: credits.ledger }),
        createBillingRouter({ checkout: credits.checkout }),
        createStripeWebhookRouter({ webhooks: credits.webhooks }),
        createCreditsPageRouter({ ledger: credits.ledger, checkout: credits.checkout }),
        createCreditsAdminRouter({ admin: credits.admin }),
        createAdminCrawlsRouter({ crawl, sourcesFile: config.CRAWL_SOURCES_FILE }),
      ],
    });

    let server: Server | undefined;
    return {
      config,
      logger,
      clock,
      db,
      searchIndex,
      storage,
      media,
      artworks,
      search,
      accounts,
      generation,
      takedowns,
      crawl,
      crawlScheduler,
      credits,
      demoSet,
      csrf: authHttp.csrf,
      http,
      listen: () =>
        new Promise((resolve, reject) => {
          const listening = http.listen(config.PORT, config.HOST, () => {
            // Only a serving process purges expired sessions and logs; CLI commands do not.
            accounts.maintenance.start();
            takedowns.start();
            // The built-in engine loads its in-memory index now rather than on the first search,
            // after building it if artworks exist but the index does not (an upgraded database).
            void artworks
              .reindexIfSearchIsEmpty()
              .then(() => searchIndex.warmUp?.())
              .catch((error: unknown) => logger.error({ err: error }, 'search index could not load'));
            // CRAWL_SCHEDULER=off leaves the schedules to `npm run worker`.
            if (config.CRAWL_SCHEDULER === 'on') void crawlScheduler.start().catch((error: unknown) => logger.error({ err: error }, 'crawl schedules could not start'));
            const address = listening.address();
            const port = typeof address === 'object' && address ? address.port : config.PORT;
            // GENERATION_WORKER=off leaves generation jobs to `npm run worker`.
            const workers = config.GENERATION_WORKER === 'on' ? generation.startWorkers() : Promise.resolve();
            workers.then(() => resolve(`http://${config.HOST}:${port}`), reject);
          });
          listening.once('error', reject);
          server = listening;
        }),
      async close() {
        closingStreams.abort();
        if (server) {
          const closing = server;
          await new Promise<void>((resolve) => closing.close(() => resolve()));
          closing.closeAllConnections();
        }
        // Runs in progress stop between items and resume on the next run.
        await crawlScheduler.stop();
        await takedowns.close();
        await accounts.close();
        await generation.close();
        await searchIndex.close?.();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
