import type { z } from 'zod';
import type { Config } from '../config.ts';
import { createAddressPolicy } from '../../crawlers/net/address-policy.ts';
import { createCrawlHttpClient, type CrawlHttpClient } from '../../crawlers/net/crawl-http-client.ts';
import { createHostThrottle } from '../../crawlers/net/host-throttle.ts';
import { createRobotsCache } from '../../crawlers/net/robots-cache.ts';

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
): SourcePageFetcher {
  const shared = {
    throttle: createHostThrottle(),
    robots: createRobotsCache({ productToken: config.CRAWLER_USER_AGENT.split('/')[0]!, ttlMs: 3_600_000, unavailableTtlMs: 600_000, maxCrawlDelayMs: 5_000 }),
  };
  const policy = createAddressPolicy(config.CLAIM_ALLOW_PRIVATE_NETWORK.length > 0 ? config.CLAIM_ALLOW_PRIVATE_NETWORK : false);
  const userAgent = `${config.CRAWLER_USER_AGENT} (+${config.CRAWLER_CONTACT_URL ?? `${config.PUBLIC_URL}/crawler`})`;

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
