import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Db } from '../db/connect.ts';
import { poolOf } from '../db/connect.ts';
import type { Logger } from '../logger.ts';
import type { SearchService } from '../search/search.service.ts';
import { registerDatabaseMetrics } from './database-metrics.ts';
import { createHttpRequestTimer, type HttpRequestTimer } from './http-metrics.ts';
import { registerPoolMetrics } from './pool-metrics.ts';
import { measureSearch } from './search-metrics.ts';

export interface MetricsDeps {
  db: Db;
  logger: Logger;
  /** METRICS_TOKEN is set: someone can scrape, so the process gauges (an event-loop monitor among them) are worth running. */
  scraped: boolean;
  /** 'postgres' (built-in) or 'meilisearch': the search latency label. */
  searchEngine: string;
  providerOf(model: string): string;
}

export interface Metrics {
  registry: Registry;
  /** Times one HTTP request (src/http/middleware/request-metrics.ts labels it). */
  startHttpTimer: HttpRequestTimer;
  measureSearch(search: SearchService): SearchService;
}

/**
 * One registry per app (never prom-client's global one, so apps in one process keep apart):
 * process memory and event-loop lag, HTTP, search, the database pool, and the figures read from
 * PostgreSQL when scraped.
 */
export function createMetrics({ db, logger, scraped, searchEngine, providerOf }: MetricsDeps): Metrics {
  const registry = new Registry();
  if (scraped) collectDefaultMetrics({ register: registry });
  const pool = poolOf(db);
  if (pool) registerPoolMetrics(registry, pool);
  registerDatabaseMetrics({ registry, db, logger, providerOf });
  return {
    registry,
    startHttpTimer: createHttpRequestTimer(registry),
    measureSearch: (search) => measureSearch(search, { registry, engine: searchEngine }),
  };
}
