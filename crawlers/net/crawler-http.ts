import type { Config } from '../../src/config.ts';
import type { CrawlHttpShared } from './crawl-http-client.ts';
import { createHostThrottle } from './host-throttle.ts';
import { createRobotsCache } from './robots-cache.ts';

const ROBOTS_TTL_MS = 24 * 60 * 60 * 1000;
const ROBOTS_UNAVAILABLE_TTL_MS = 10 * 60 * 1000;
const MAX_CRAWL_DELAY_MS = 60_000;

type CrawlerIdentity = Pick<Config, 'CRAWLER_USER_AGENT' | 'CRAWLER_CONTACT_URL' | 'PUBLIC_URL'>;

/**
 * The process's one politeness budget and robots.txt cache per host, made once in src/app.ts:
 * crawl runs and the pages the takedown flow reads (claims, restored images) share it.
 */
export function createCrawlerHttp(config: Pick<Config, 'CRAWLER_USER_AGENT'>): CrawlHttpShared {
  return {
    throttle: createHostThrottle(),
    robots: createRobotsCache({
      productToken: crawlerProductToken(config),
      ttlMs: ROBOTS_TTL_MS,
      unavailableTtlMs: ROBOTS_UNAVAILABLE_TTL_MS,
      maxCrawlDelayMs: MAX_CRAWL_DELAY_MS,
    }),
  };
}

/** The token robots.txt groups are matched against: CRAWLER_USER_AGENT up to its version. */
export function crawlerProductToken(config: Pick<Config, 'CRAWLER_USER_AGENT'>): string {
  return config.CRAWLER_USER_AGENT.split('/')[0]!;
}

/** The full User-Agent header: product token and version, then the page about the crawler. */
export function crawlerUserAgent(config: CrawlerIdentity): string {
  return `${config.CRAWLER_USER_AGENT} (+${config.CRAWLER_CONTACT_URL ?? `${config.PUBLIC_URL}/crawler`})`;
}
