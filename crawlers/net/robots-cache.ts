import robotsParserExports from 'robots-parser';
import { RobotsUnavailableError } from './fetch-errors.ts';

// robots-parser is CommonJS exporting the function itself, while its typings declare an ES
// default export; under NodeNext the default import is module.exports, i.e. the function.
const robotsParser = robotsParserExports as unknown as typeof robotsParserExports.default;

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Crawl-delay for our product token, in milliseconds (capped), when the site sets one. */
  crawlDelayMs: number | undefined;
}

/** What fetching /robots.txt produced: its text, "no file" (4xx) or "could not tell" (5xx, network). */
export type RobotsFetchResult = { kind: 'text'; text: string } | { kind: 'missing' } | { kind: 'unavailable'; reason: string };

export interface RobotsCacheOptions {
  /** The product token matched against User-agent lines, e.g. "ArtsiftBot". */
  productToken: string;
  ttlMs: number;
  /** An unreachable robots.txt is retried sooner than a readable one. */
  unavailableTtlMs: number;
  maxCrawlDelayMs: number;
  now?: () => number;
}

interface CacheEntry {
  expiresAt: number;
  rules: Promise<RobotsRules>;
}

/** Bounds memory on crawls over many hosts; the oldest origin is forgotten first. */
const MAX_CACHED_ORIGINS = 10_000;

const ALLOW_ALL: RobotsRules = { isAllowed: () => true, crawlDelayMs: undefined };

/**
 * robots.txt per origin, cached for `ttlMs` (RFC 9309 suggests at most 24 hours) and shared by
 * every run in the process. Concurrent requests for one origin share one fetch.
 */
export function createRobotsCache(options: RobotsCacheOptions) {
  const now = options.now ?? Date.now;
  const entries = new Map<string, CacheEntry>();

  function toRules(origin: string, result: RobotsFetchResult): RobotsRules {
    if (result.kind === 'missing') return ALLOW_ALL;
    if (result.kind === 'unavailable') {
      return {
        isAllowed: () => {
          throw new RobotsUnavailableError(`robots.txt of ${origin} could not be read (${result.reason}); not crawling it`, origin);
        },
        crawlDelayMs: undefined,
      };
    }
    const robots = robotsParser(`${origin}/robots.txt`, result.text);
    const delaySeconds = robots.getCrawlDelay(options.productToken);
    return {
      // robots-parser answers undefined for URLs of another origin; ours are always the same one.
      isAllowed: (url) => robots.isAllowed(url, options.productToken) !== false,
      crawlDelayMs:
        delaySeconds !== undefined && Number.isFinite(delaySeconds) && delaySeconds > 0
          ? Math.min(delaySeconds * 1000, options.maxCrawlDelayMs)
          : undefined,
    };
  }

  return {
    /** Rules for the URL's origin, fetching robots.txt with `fetchRobots` when not cached. */
    rulesFor(origin: string, fetchRobots: () => Promise<RobotsFetchResult>): Promise<RobotsRules> {
      const cached = entries.get(origin);
      if (cached && cached.expiresAt > now()) return cached.rules;
      const entry: CacheEntry = { expiresAt: now() + options.ttlMs, rules: Promise.resolve(ALLOW_ALL) };
      entry.rules = fetchRobots().then(
        (result) => {
          if (result.kind === 'unavailable') entry.expiresAt = now() + options.unavailableTtlMs;
          return toRules(origin, result);
        },
        (error: unknown) => {
          // An aborted run must not leave a poisoned entry behind for the next one.
          entries.delete(origin);
          throw error;
        },
      );
      entries.delete(origin);
      if (entries.size >= MAX_CACHED_ORIGINS) entries.delete(entries.keys().next().value!);
      entries.set(origin, entry);
      return entry.rules;
    },
  };
}

export type RobotsCache = ReturnType<typeof createRobotsCache>;
