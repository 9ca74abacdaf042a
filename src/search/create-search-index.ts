import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { createMeilisearchIndex } from './meilisearch/meilisearch-search-index.ts';
import { PostgresSearchIndex } from './postgres/postgres-search-index.ts';
import { CachedSearchIndex, DEFAULT_SEARCH_CACHE, type SearchCacheOptions } from './cached-search-index.ts';
import type { SearchIndex } from './search-index.ts';

export interface SearchIndexOptions {
  db: Kysely<Database>;
  /** Set: Meilisearch serves search. Unset: PostgreSQL does, in its own tables. */
  meiliUrl?: string;
  meiliMasterKey?: string;
  meiliApiKey?: string;
  meiliIndex: string;
  /** The built-in engine LISTENs on it so writes of other processes show at once. */
  connectionString?: string;
  logger?: Logger;
  /** Built-in engine: where matching runs (a worker thread needs connectionString). */
  matchIn?: 'worker' | 'main';
  /** Result cache in front of the engine; false turns it off (tests that write from several processes). */
  cache?: SearchCacheOptions | false;
}

export function createSearchIndex(options: SearchIndexOptions): SearchIndex {
  const engine = options.meiliUrl
    ? createMeilisearchIndex({
        url: options.meiliUrl,
        masterKey: options.meiliMasterKey,
        apiKey: options.meiliApiKey,
        indexUid: options.meiliIndex,
        logger: options.logger,
      })
    : new PostgresSearchIndex(options.db, { connectionString: options.connectionString, logger: options.logger, matchIn: options.matchIn });
  const cache = options.cache ?? DEFAULT_SEARCH_CACHE;
  return cache === false ? engine : new CachedSearchIndex(engine, cache);
}
