import { createCrawlService, type CrawlService, type CrawlServiceDeps } from '../../../crawlers/crawl.service.ts';
import { sourceConfigSchema, type SourceConfig, type SourceConfigInput } from '../../../crawlers/config/source-config.ts';
import { startTestApp, type TestApp } from '../../support/test-app.ts';

export interface CrawlHarness {
  testApp: TestApp;
  crawl: CrawlService;
  close(): Promise<void>;
}

/** The real app (own database, own DATA_DIR) with a crawl service over the given sources. */
export async function startCrawlHarness(sources: SourceConfig[] = [], extra: Partial<CrawlServiceDeps> = {}): Promise<CrawlHarness> {
  const testApp = await startTestApp();
  const { app } = testApp;
  const crawl = createCrawlService({ db: app.db, artworks: app.artworks, logger: app.logger, config: app.config, blocklist: app.takedowns.crawlBlocklist, http: app.crawlerHttp, sources, ...extra });
  return { testApp, crawl, close: () => testApp.close() };
}

/**
 * A source as tests need it: the local test server's own address allowed (and nothing else
 * private), no politeness delay, quick retries.
 */
export function testSource(input: SourceConfigInput): SourceConfig {
  return sourceConfigSchema.parse({
    allowPrivateNetwork: ['127.0.0.1'],
    politeness: { maxConcurrentPerHost: 4, minIntervalMs: 0 },
    limits: { retryBaseDelayMs: 20, timeoutMs: 10_000 },
    ...input,
  });
}

/** Rows per (source, source_id) with their fold and takedown state, for duplicate and gap checks. */
export async function storedArtworks(harness: CrawlHarness, source?: string) {
  return harness.testApp.app.db
    .selectFrom('artworks')
    .select(['id', 'source', 'source_id', 'prompt', 'duplicate_of', 'takedown_state', 'sha256', 'nsfw', 'model', 'params', 'author_handle', 'post_url', 'image_url'])
    .$if(source !== undefined, (query) => query.where('source', '=', source!))
    .orderBy('id')
    .execute();
}

/** Ids the search index returns for an empty query (NSFW included), whatever the engine. */
export async function indexedIds(harness: CrawlHarness): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; page <= 10; page += 1) {
    const result = await harness.testApp.app.searchIndex.search({
      q: '',
      filters: { includeNsfw: true },
      sort: 'newest',
      page,
      limit: 100,
    });
    ids.push(...result.hits.map((hit) => hit.document.id));
    if (result.hits.length < 100) break;
  }
  return ids.sort((a, b) => Number(a) - Number(b));
}
