import type { BrowserContext, Route } from 'playwright-core';
import type { Logger } from '../../../src/logger.ts';
import type { CrawlHttpClient } from '../../net/crawl-http-client.ts';
import { FetchError } from '../../net/fetch-errors.ts';

/** The page's pictures are read from the DOM and downloaded by the runner, not by the browser. */
const NOT_FETCHED = new Set(['image', 'media', 'font', 'websocket', 'eventsource', 'manifest', 'other']);

/** Headers that described the transfer we already decoded, or that would give the crawl state. */
const DROPPED_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'set-cookie']);

/**
 * Routes every request the page makes through the crawler's HTTP client, so pages get the same
 * address checks, robots.txt, politeness and caps as everything else; the browser itself never
 * touches the network. Redirects are handed back to the browser one hop at a time, so each hop
 * is checked again when the browser follows it.
 */
export async function routeThroughCrawler(
  context: BrowserContext,
  http: CrawlHttpClient,
  options: { maxBytes: number; logger: Logger },
): Promise<void> {
  await context.routeWebSocket(/.*/, (socket) => socket.close());
  await context.route('**/*', async (route) => {
    const request = route.request();
    if (request.method() !== 'GET' || NOT_FETCHED.has(request.resourceType())) {
      await route.abort('blockedbyclient');
      return;
    }
    try {
      const response = await http.request(request.url(), {
        accept: request.headers().accept ?? '*/*',
        maxBytes: options.maxBytes,
        followRedirects: false,
      });
      await route.fulfill({ status: response.status, headers: forwardedHeaders(response.headers), body: response.body });
    } catch (error) {
      await abortQuietly(route, error, options.logger);
    }
  });
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
