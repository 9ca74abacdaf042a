import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import { composeAccounts, type Accounts } from './accounts/compose-accounts.ts';
import { composeApiKeys, type ApiKeys } from './api-keys/compose-api-keys.ts';
import { composeAnalytics, type Analytics } from './analytics/compose-analytics.ts';
import { createArtworkService, type ArtworkService } from './artworks/artwork.service.ts';
import { composeBilling } from './billing/compose-billing.ts';
import { createBackgroundWork, type BackgroundWork } from './background-work.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import { composeCredits, type Credits } from './credits/compose-credits.ts';
import { createDashboardService } from './dashboards/dashboard.service.ts';
import type { Db } from './db/connect.ts';
import { assertMigrated, createMigrator } from './db/migrator.ts';
import { openDatabase } from './db/open-database.ts';
import { createDemoLoadState, type DemoLoadState } from './demo/demo-load-state.ts';
import { composeGeneration, type Generation } from './generation/compose-generation.ts';
import { createModelCatalogue } from './generation/models/model-catalogue.ts';
import { loadModelsFile } from './generation/models/model-config.ts';
import { createHttpApp } from './http/create-http-app.ts';
import { sessionCookieName } from './http/middleware/auth-session.ts';
import { withApiDocs } from './http/openapi/api-docs-http.ts';
import type { CsrfProtection } from './http/middleware/csrf.ts';
import { createRequestMiddleware } from './http/middleware/request-middleware.ts';
import { createAccountsHttp } from './http/routes/accounts/accounts-http.ts';
import { createApiKeysHttp } from './http/routes/api-keys/api-keys-http.ts';
import { createAnalyticsHttp } from './http/routes/analytics/analytics-http.ts';
import { createAdminCrawlsRouter } from './http/routes/crawlers/admin-crawls.routes.ts';
import { createCreditsHttp } from './http/routes/credits/credits-http.ts';
import { createAdminDashboardsRouter } from './http/routes/dashboards/admin-dashboards.routes.ts';
import { STRIPE_WEBHOOK_PATH } from './http/routes/credits/stripe-webhook.routes.ts';
import { createGenerationHttp } from './http/routes/generation/generation-http.ts';
import { createMcpHttp } from './http/routes/mcp/mcp-http.ts';
import { MCP_PATH } from './http/routes/mcp/mcp.routes.ts';
import { createSearchHttp } from './http/routes/search/search-http.ts';
import { createSiteHttp } from './http/routes/site/site-http.ts';
import { createTakedownsHttp } from './http/routes/takedowns/takedowns-http.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMailer } from './mail/create-mailer.ts';
import { createImageAdapter } from './media/image-adapter.ts';
import { mediaLimitsFromConfig } from './media/media-limits.ts';
import { createMediaService, mediaUrl, type MediaService } from './media/media.service.ts';
import { openMediaStorage } from './media/open-media-storage.ts';
import type { MediaStorage } from './media/storage.ts';
import { createSearchIndex } from './search/create-search-index.ts';
import type { SearchIndex } from './search/search-index.ts';
import { createSearchService, type SearchService } from './search/search.service.ts';
import { composeTakedowns, type Takedowns } from './takedowns/compose-takedowns.ts';
import { createRateLimiter } from './rate-limits/rate-limiter.ts';
import { createSourcePageFetcher } from './takedowns/source-page-fetcher.ts';
import { createCrawlScheduler, type CrawlScheduler } from '../crawlers/crawl-scheduler.ts';
import { createCrawlService, type CrawlService } from '../crawlers/crawl.service.ts';
import type { CrawlHttpShared } from '../crawlers/net/crawl-http-client.ts';
import { createCrawlerHttp } from '../crawlers/net/crawler-http.ts';
import { createSourceRecheck, type SourceRecheck } from '../crawlers/recheck/source-recheck.ts';
import { renderErrorPage } from '../web/pages/error-page.ts';
import { createErrorReporter, type ErrorReporter } from './errors-log/error-reporter.ts';
import { reportingErrors } from './errors-log/reporting-logger.ts';
import { createSentryForwarder } from './errors-log/sentry-forwarder.ts';
import { requestMetrics, routeTemplate } from './http/middleware/request-metrics.ts';
import { createObservabilityHttp } from './http/routes/observability/observability-http.ts';
import { createMetrics, type Metrics } from './metrics/metrics.ts';

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
  /** The host throttle and robots.txt cache every crawler request of this process shares. */
  crawlerHttp: CrawlHttpShared;
  /** Asks social platforms whether indexed posts still exist; removes those gone at their source. */
  sourceRecheck: SourceRecheck;
  credits: Credits;
  metrics: Metrics;
  errorsLog: ErrorReporter;
  apiKeys: ApiKeys;
  analytics: Analytics;
  /** Jobs besides requests: listen() starts the server's, `npm run worker` the worker's. */
  background: BackgroundWork;
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
  const baseLogger = options.logger ?? createLogger(config.LOG_LEVEL);
  const clock = options.clock ?? systemClock;
  const database = await openDatabase(config, baseLogger);
  const { db } = database;
  const forwarder = config.SENTRY_DSN ? await createSentryForwarder({ dsn: config.SENTRY_DSN }) : undefined;
  const errorsLog = createErrorReporter({ db, clock, logger: baseLogger, projectRoot: PROJECT_ROOT, ...(forwarder ? { forwarder } : {}) });
  // What background work logs as an error is grouped too; requests are reported by the error mapper.
  const logger = reportingErrors(baseLogger, errorsLog);
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
      matchIn: config.SEARCH_MATCH_IN,
      cache: config.SEARCH_CACHE_SECONDS === 0 ? false : { ttlMs: config.SEARCH_CACHE_SECONDS * 1000, maxEntries: 500 },
    });
    if (options.migrate !== false) await searchIndex.ensureSettings();

    const { storage } = await openMediaStorage(config, db);
    const images = createImageAdapter(mediaLimitsFromConfig(config));
    const media = createMediaService({ storage, images });
    const artworks = createArtworkService({ db, media, searchIndex, mediaUrl, logger });
    const models = createModelCatalogue(await loadModelsFile(config.MODELS_FILE), process.env);
    const metrics = createMetrics({ db, logger, scraped: config.METRICS_TOKEN !== undefined, searchEngine: searchIndex.engine, providerOf: (model) => (models.get(model) ? models.providerFor(model).kind : 'unknown') });
    const search = metrics.measureSearch(createSearchService({ searchIndex, clock }));
    const mailer = createMailer(config, { clock, logger });
    const crawlerHttp = createCrawlerHttp(config);
    // One limiter for every limit (sign-in, mail, takedown intake, requests): counted in PostgreSQL.
    const rateLimiter = createRateLimiter({ db, clock });
    const accounts = await composeAccounts({ config, db, clock, logger, storage, images, mailer, rateLimiter });
    const apiKeys = composeApiKeys({ db, clock, accounts });
    const requestMiddleware = createRequestMiddleware({ accounts, apiKeys: apiKeys.service, config, db, clock, logger });
    const credits = composeCredits({ config, db, clock, registry: accounts.registry, securityLog: accounts.securityLog });
    const billing = composeBilling({ config, db, logger, ledger: credits.ledger, registry: accounts.registry });
    const generation = composeGeneration({ config, db, connectionString: database.connectionString, clock, logger, storage, media, images, models, registry: accounts.registry, billing: credits.billing });
    // Stripe signs its webhook deliveries; a CSRF token cannot apply to them.
    requestMiddleware.csrf.exempt(STRIPE_WEBHOOK_PATH);
    // /mcp acts only for API keys, never for a session (src/http/routes/mcp/mcp.routes.ts).
    requestMiddleware.csrf.exempt(MCP_PATH);
    const takedowns = composeTakedowns({ config, db, connectionString: database.connectionString, clock, logger, searchIndex, storage, media, artworks, hasher: accounts.hasher, mailer, fetcher: createSourcePageFetcher(config, crawlerHttp), rateLimiter });
    const crawl = createCrawlService({ db, artworks, logger, config, blocklist: takedowns.crawlBlocklist, http: crawlerHttp });
    const sourceRecheck = createSourceRecheck({ db, crawl, removal: takedowns.removal, secrets: { xBearerToken: config.X_BEARER_TOKEN }, clock, logger });
    const crawlScheduler = createCrawlScheduler({ crawl, logger, recheck: sourceRecheck });
    const analytics = composeAnalytics({ db, clock, logger, retentionMonths: config.ANALYTICS_RETENTION_MONTHS });
    const dashboards = createDashboardService({ db, clock });
    const background = createBackgroundWork({ config, logger, accounts, takedowns, artworks, searchIndex, crawlScheduler, generation, analytics });
    // Ends open event streams on close, so server.close() is not held up by them.
    const closingStreams = new AbortController();
    const demoSet = createDemoLoadState();

    const http = createHttpApp({
      logger: baseLogger,
      observers: [requestMetrics(metrics.startHttpTimer)],
      onUnexpectedError: (err, req) => errorsLog.report(err, { origin: 'http', requestId: String(req.id), route: routeTemplate(req) }),
      staticDir: STATIC_DIR,
      renderErrorPage,
      https: config.PUBLIC_URL.startsWith('https:'),
      trustProxy: config.TRUST_PROXY,
      earlyMiddleware: requestMiddleware.early,
      requestMiddleware: requestMiddleware.handlers,
      features: withApiDocs({ publicUrl: config.PUBLIC_URL, sessionCookie: sessionCookieName(config.PUBLIC_URL.startsWith('https:')) }, [
        // First: counts page views as their responses finish, whichever feature answered.
        createAnalyticsHttp({ recorder: analytics.recorder, retentionMonths: config.ANALYTICS_RETENTION_MONTHS }),
        createSiteHttp({ db, searchIndex, storage, config }),
        createSearchHttp({ search, artworks, publicUrl: config.PUBLIC_URL, demoSet, generationCosts: models.list().map((model) => model.costCredits), analytics: analytics.recorder }),
        createGenerationHttp({ generation, artworks, referenceImageMaxBytes: config.GENERATION_REFERENCE_MAX_BYTES, closing: closingStreams.signal }),
        createAccountsHttp({ accounts, config, db, clock, authenticator: requestMiddleware.authenticator, csrf: requestMiddleware.csrf, dashboards }),
        createTakedownsHttp({ takedowns }),
        createCreditsHttp({ credits, billing }),
        createApiKeysHttp({ apiKeys: apiKeys.service }),
        createMcpHttp({ search, artworks, generations: generation.generations, publicUrl: config.PUBLIC_URL, logger }),
        { routes: createAdminCrawlsRouter({ crawl, sourcesFile: config.CRAWL_SOURCES_FILE }) },
        createObservabilityHttp({ db, registry: metrics.registry, metricsToken: config.METRICS_TOKEN }),
        { routes: createAdminDashboardsRouter({ dashboards }) },
      ]),
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
      crawlerHttp,
      sourceRecheck,
      credits,
      metrics,
      errorsLog,
      apiKeys,
      analytics,
      background,
      demoSet,
      csrf: requestMiddleware.csrf,
      http,
      listen: () =>
        new Promise((resolve, reject) => {
          const listening = http.listen(config.PORT, config.HOST, () => {
            const address = listening.address();
            const port = typeof address === 'object' && address ? address.port : config.PORT;
            background.start('server').then(() => resolve(`http://${config.HOST}:${port}`), reject);
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
        await analytics.close();
        await accounts.close();
        mailer.close();
        await generation.close();
        await searchIndex.close?.();
        await errorsLog.close();
        await database.close();
      },
    };
  } catch (error) {
    await errorsLog.close();
    await database.close();
    throw error;
  }
}

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
