import type { BrowserContext, Request, Route } from 'playwright-core';
import type { Logger } from '../../../src/logger.ts';
import type { CrawlHttpClient } from '../../net/crawl-http-client.ts';
import { FetchError } from '../../net/fetch-errors.ts';

/** The page's pictures are read from the DOM and downloaded by the runner, not by the browser. */
const NOT_FETCHED = new Set(['image', 'media', 'font', 'websocket', 'eventsource', 'manifest', 'other']);

/** Headers that described the transfer we already decoded, or that would give the crawl state. */
const DROPPED_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie']);

/**
 * Requests whose failure means the page could not load what it asked for: its documents, and
 * its data from its own site. A third party's failures (analytics refused by robots.txt, say)
 * say nothing about the gallery's content.
 */
const CONTENT_TYPES = new Set(['document', 'xhr', 'fetch']);

const MAX_FAILURES_KEPT = 1_000;

/**
 * What the context's pages are asking the network for, so the crawler can wait for the requests
 * a scroll or click caused. Requests are told apart by when they started, so a long-poll the
 * page opened earlier does not hold up every later round.
 */
export interface PageTraffic {
  /** Requests started at or after `since` (Date.now() ms) still being fetched: queued for politeness or on the wire. */
  pendingSince(since: number): number;
  /** Document and data requests started at or after `since` that failed (refused, network error, 429 or 5xx). */
  failedSince(since: number): number;
  /** Date.now() when a request last started or ended. */
  readonly lastActivityAt: number;
}

function createPageTraffic() {
  const inFlight = new Set<{ startedAt: number }>();
  const failedStarts: number[] = [];
  const traffic = {
    lastActivityAt: Date.now(),
    pendingSince: (since: number) => [...inFlight].filter((request) => request.startedAt >= since).length,
    failedSince: (since: number) => failedStarts.filter((startedAt) => startedAt >= since).length,
    started(): { startedAt: number } {
      const request = { startedAt: Date.now() };
      inFlight.add(request);
      traffic.lastActivityAt = request.startedAt;
      return request;
    },
    ended(request: { startedAt: number }, failed: boolean): void {
      inFlight.delete(request);
      traffic.lastActivityAt = Date.now();
      if (!failed) return;
      failedStarts.push(request.startedAt);
      if (failedStarts.length > MAX_FAILURES_KEPT) failedStarts.shift();
    },
  };
  return traffic;
}

/**
 * Routes every request the page makes through the crawler's HTTP client, so pages get the same
 * address checks, robots.txt, politeness and caps as everything else; the browser itself never
 * touches the network. Redirects are handed back to the browser one hop at a time, so each hop
 * is checked again when the browser follows it. Page requests go ahead of image downloads
 * queued for the same host. Returns a live view of the requests in flight.
 */
export async function routeThroughCrawler(
  context: BrowserContext,
  http: CrawlHttpClient,
  options: { maxBytes: number; logger: Logger },
): Promise<PageTraffic> {
  const traffic = createPageTraffic();
  await context.routeWebSocket(/.*/, (socket) => socket.close());
  await context.route('**/*', async (route) => {
    const request = route.request();
    if (request.method() !== 'GET' || NOT_FETCHED.has(request.resourceType())) {
      await route.abort('blockedbyclient');
      return;
    }
    const counted = CONTENT_TYPES.has(request.resourceType()) && (request.isNavigationRequest() || sameSite(request.url(), pageUrlOf(request)));
    const started = traffic.started();
    let failed = false;
    try {
      const response = await http.request(request.url(), {
        accept: request.headers().accept ?? '*/*',
        maxBytes: options.maxBytes,
        followRedirects: false,
        priority: 'page',
      });
      failed = counted && (response.status === 429 || response.status >= 500);
      await route.fulfill({ status: response.status, headers: forwardedHeaders(response.headers), body: response.body });
    } catch (error) {
      failed = counted;
      await abortQuietly(route, error, options.logger);
    } finally {
      traffic.ended(started, failed);
    }
  });
  return traffic;
}

function pageUrlOf(request: Request): string {
  try {
    return request.frame().page().url();
  } catch {
    // Not from a page's frame (a worker): judged on its own URL.
    return request.url();
  }
}

/** Same host, or one a subdomain of the other once "www." is set aside (www.site.test and api.site.test). */
export function sameSite(url: string, pageUrl: string): boolean {
  const hostOf = (value: string) => {
    try {
      return new URL(value).hostname.toLowerCase().replace(/^www\./, '');
    } catch {
      return '';
    }
  };
  const [host, page] = [hostOf(url), hostOf(pageUrl)];
  return host !== '' && (host === page || host.endsWith(`.${page}`) || page.endsWith(`.${host}`));
}

function forwardedHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name)) continue;
    forwarded[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return forwarded;
}

async function abortQuietly(route: Route, error: unknown, logger: Logger): Promise<void> {
  const refused = error instanceof FetchError && !error.retryable;
  logger.debug({ url: route.request().url(), error: error instanceof Error ? error.message : String(error) }, 'page request not served');
  // The page or context may already be gone (run aborted): nothing left to answer.
  await route.abort(refused ? 'blockedbyclient' : 'failed').catch(() => undefined);
}
