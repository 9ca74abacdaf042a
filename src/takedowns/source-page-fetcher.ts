import type { z } from 'zod';
import type { Config } from '../config.ts';
import { createAddressPolicy } from '../../crawlers/net/address-policy.ts';
import { createCrawlHttpClient, type CrawlHttpClient, type CrawlHttpShared } from '../../crawlers/net/crawl-http-client.ts';
import { crawlerUserAgent } from '../../crawlers/net/crawler-http.ts';

/**
 * Reads public pages and images of source sites the way the crawler does (same address guard,
 * User-Agent and robots.txt): a creator's profile page when verifying a claim, and a restored
 * artwork's image.
 */
export interface SourcePageFetcher {
  readText(url: string): Promise<string>;
  readImage(url: string): Promise<Buffer>;
  /** A platform API's JSON (a social profile or feed); APIs are not subject to robots.txt. */
  readApiJson<Schema extends z.ZodType>(url: string, schema: Schema, headers?: Record<string, string>): Promise<z.output<Schema>>;
}

const TIMEOUT_MS = 15_000;

export function createSourcePageFetcher(
  config: Pick<Config, 'CRAWLER_USER_AGENT' | 'CRAWLER_CONTACT_URL' | 'PUBLIC_URL' | 'CLAIM_ALLOW_PRIVATE_NETWORK' | 'MEDIA_MAX_INPUT_BYTES'>,
  /** The crawler's host throttle and robots.txt cache: one politeness budget per host in the process. */
  shared: CrawlHttpShared,
): SourcePageFetcher {
  const policy = createAddressPolicy(config.CLAIM_ALLOW_PRIVATE_NETWORK.length > 0 ? config.CLAIM_ALLOW_PRIVATE_NETWORK : false);
  const userAgent = crawlerUserAgent(config);

  async function withClient<T>(use: (http: CrawlHttpClient) => Promise<T>, respectRobotsTxt = true): Promise<T> {
    const http = createCrawlHttpClient({
      settings: {
        userAgent,
        respectRobotsTxt,
        hostLimits: { maxConcurrent: 1, minIntervalMs: 0 },
        timeoutMs: TIMEOUT_MS,
        maxRedirects: 3,
        maxRetries: 1,
        maxDocumentBytes: 2 * 1024 * 1024,
        maxImageBytes: config.MEDIA_MAX_INPUT_BYTES,
        retryBaseDelayMs: 200,
        maxRetryWaitMs: 2_000,
      },
      shared,
      policy,
      signal: AbortSignal.timeout(TIMEOUT_MS * 2),
    });
    try {
      return await use(http);
    } finally {
      http.close();
    }
  }

  return {
    readText: (url) => withClient(async (http) => (await http.getText(url, 'text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.5')).text),
    readImage: (url) => withClient(async (http) => (await http.getImage(url)).bytes),
    readApiJson: (url, schema, headers) => withClient((http) => http.getJson(url, schema, headers), false),
  };
}
