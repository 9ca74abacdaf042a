import type { Server } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type express from 'express';
import { composeAccounts, type Accounts } from './accounts/compose-accounts.ts';
import { createArtworkService, type ArtworkService } from './artworks/artwork.service.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Db } from './db/connect.ts';
import { assertMigrated, createMigrator } from './db/migrator.ts';
import { openDatabase } from './db/open-database.ts';
import { createArtworkRouter } from './http/artwork.routes.ts';
import { createAuthHttp } from './http/auth-http.ts';
import type { CsrfProtection } from './http/csrf.ts';
import { createHttpApp } from './http/create-http-app.ts';
import { createHealthRouter } from './http/health.routes.ts';
import { createMediaRouter } from './http/media.routes.ts';
import { createPageRouter } from './http/pages.routes.ts';
import { createSearchRouter } from './http/search.routes.ts';
import { createSeoRouter } from './http/seo.routes.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMediaStorage } from './media/create-media-storage.ts';
import { mediaLimitsFromConfig } from './media/media-limits.ts';
import { createMediaService, mediaUrl, type MediaService } from './media/media.service.ts';
import type { MediaStorage } from './media/storage.ts';
import { createSearchIndex } from './search/create-search-index.ts';
import type { SearchIndex } from './search/search-index.ts';
import { createSearchService, type SearchService } from './search/search.service.ts';
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
      meiliIndex: config.MEILI_INDEX,
      cache: config.SEARCH_CACHE_SECONDS === 0 ? false : { ttlMs: config.SEARCH_CACHE_SECONDS * 1000, maxEntries: 500 },
    });
    if (options.migrate !== false) await searchIndex.ensureSettings();

    const storage = createMediaStorage(config);
    const media = createMediaService({ storage, limits: mediaLimitsFromConfig(config) });
    const artworks = createArtworkService({ db, media, searchIndex, mediaUrl, logger });
    const search = createSearchService({ searchIndex, clock });
    const accounts = await composeAccounts({ config, db, clock, logger, storage });
    const authHttp = createAuthHttp({ accounts, config, db, clock });

    const http = createHttpApp({
      logger,
      staticDir: STATIC_DIR,
      renderErrorPage,
      https: config.PUBLIC_URL.startsWith('https:'),
      requestMiddleware: authHttp.middleware,
      routers: [
        createHealthRouter({ db, searchIndex }),
        createMediaRouter(storage),
        createSearchRouter(search),
        createArtworkRouter(artworks),
        createSeoRouter({ db, publicUrl: config.PUBLIC_URL }),
        createPageRouter({ search, artworks, publicUrl: config.PUBLIC_URL }),
        ...authHttp.routers,
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
      csrf: authHttp.csrf,
      http,
      listen: () =>
        new Promise((resolve, reject) => {
          const listening = http.listen(config.PORT, config.HOST, () => {
            // Only a serving process purges expired sessions and logs; CLI commands do not.
            accounts.maintenance.start();
            const address = listening.address();
            const port = typeof address === 'object' && address ? address.port : config.PORT;
            resolve(`http://${config.HOST}:${port}`);
          });
          listening.once('error', reject);
          server = listening;
        }),
      async close() {
        if (server) {
          const closing = server;
          await new Promise<void>((resolve) => closing.close(() => resolve()));
          closing.closeAllConnections();
        }
        await accounts.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

export const PROJECT_ROOT = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
