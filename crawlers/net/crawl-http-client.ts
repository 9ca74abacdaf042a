import type { IncomingHttpHeaders } from 'node:http';
import type { z } from 'zod';
import { sleep } from './abortable-sleep.ts';
import type { AddressPolicy } from './address-policy.ts';
import {
  FetchError,
  HttpStatusError,
  InvalidResponseError,
  NetworkError,
  NotAnImageError,
  ResponseTooLargeError,
  RobotsDisallowedError,
  TooManyRedirectsError,
} from './fetch-errors.ts';
import { createGuardedLookup, type HostResolver } from './guarded-lookup.ts';
import type { HostLimits, HostThrottle, RequestPriority } from './host-throttle.ts';
import { assertRequestable, createHopTransport, requestHop, type HopRequest, type HopResponse } from './http-hop.ts';
import { IMAGE_SNIFF_BYTES, sniffImageType } from './image-sniffing.ts';
import { exhaustedWindowWaitMs, serverWaitMs } from './rate-limit-reset.ts';
import { backoffDelayMs } from './retry-after.ts';
import type { RobotsCache, RobotsFetchResult } from './robots-cache.ts';

export interface CrawlHttpSettings {
  /** The full User-Agent header: product token plus contact URL. */
  userAgent: string;
  respectRobotsTxt: boolean;
  hostLimits: HostLimits;
  timeoutMs: number;
  maxRedirects: number;
  maxRetries: number;
  maxDocumentBytes: number;
  maxImageBytes: number;
  retryBaseDelayMs: number;
  /** A Retry-After longer than this is not waited for: the request fails instead. */
  maxRetryWaitMs: number;
}

/** Process-wide state every run shares: politeness per host and the robots.txt cache. */
export interface CrawlHttpShared {
  throttle: HostThrottle;
  robots: RobotsCache;
  resolver?: HostResolver;
}

export interface CrawlRequestOptions {
  accept: string;
  maxBytes: number;
  /** false: 3xx responses are returned as they are (the browser follows them itself, hop by hop). */
  followRedirects?: boolean;
  inspect?: HopRequest['inspect'];
  /** 'page' for requests a rendered page waits on: queued ahead of image downloads to the same host. */
  priority?: RequestPriority;
  /** Extra request headers (an API's Authorization); sent to the first URL's origin only, never across a redirect elsewhere. */
  headers?: Record<string, string>;
}

export interface CrawlResponse {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

const ROBOTS_MAX_BYTES = 512 * 1024;
const IMAGE_ACCEPT = 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8';

/**
 * Every request a crawl run makes goes through here: address checks on every hop, robots.txt,
 * per-host politeness, retries with backoff honouring Retry-After, and size and time caps.
 */
export function createCrawlHttpClient(options: {
  settings: CrawlHttpSettings;
  shared: CrawlHttpShared;
  policy: AddressPolicy;
  signal: AbortSignal;
}) {
  const { settings, shared, policy, signal } = options;
  const transport = createHopTransport(
    policy,
    createGuardedLookup(policy, shared.resolver),
    settings.hostLimits.maxConcurrent,
  );
  const baseHeaders = { 'user-agent': settings.userAgent, 'accept-encoding': 'gzip, deflate, br' };

  async function assertAllowedByRobots(url: URL): Promise<void> {
    if (!settings.respectRobotsTxt) return;
    const rules = await shared.robots.rulesFor(url.origin, () => fetchRobots(url.origin));
    if (rules.crawlDelayMs !== undefined) shared.throttle.setCrawlDelay(url.host, rules.crawlDelayMs);
    if (!rules.isAllowed(url.href)) throw new RobotsDisallowedError(`robots.txt of ${url.origin} disallows ${url.pathname}`, url.href);
  }

  async function fetchRobots(origin: string): Promise<RobotsFetchResult> {
    try {
      // Every other request to the origin waits on it, so it goes ahead of queued downloads.
      const response = await follow(new URL('/robots.txt', origin), { accept: 'text/plain', maxBytes: ROBOTS_MAX_BYTES, priority: 'page' }, false);
      if (response.status >= 200 && response.status < 300) return { kind: 'text', text: decodeText(response) };
      if (response.status >= 400 && response.status < 500 && response.status !== 429) return { kind: 'missing' };
      return { kind: 'unavailable', reason: `HTTP ${response.status}` };
    } catch (error) {
      if (error instanceof NetworkError || error instanceof ResponseTooLargeError || error instanceof TooManyRedirectsError) {
        return { kind: 'unavailable', reason: error.message };
      }
      throw error;
    }
  }

  /** One URL, retried on 429/5xx and network errors; returns the last response whatever its status. */
  async function fetchWithRetries(url: URL, request: CrawlRequestOptions, checkRobots: boolean, extraHeaders: Record<string, string> = {}): Promise<HopResponse> {
    // Refused before anything is sent, robots.txt included.
    assertRequestable(url, policy);
    for (let attempt = 0; ; attempt += 1) {
      if (checkRobots) await assertAllowedByRobots(url);
      const release = await shared.throttle.acquire(url.host, settings.hostLimits, signal, request.priority);
      let outcome: { response: HopResponse } | { error: unknown };
      try {
        outcome = {
          response: await requestHop(transport, {
            url,
            headers: { ...extraHeaders, ...baseHeaders, accept: request.accept },
            maxBytes: request.maxBytes,
            timeoutMs: settings.timeoutMs,
            signal,
            inspect: request.inspect,
            inspectBytes: IMAGE_SNIFF_BYTES,
          }),
        };
      } catch (error) {
        outcome = { error };
      } finally {
        release();
      }
      if ('response' in outcome) holdUntilWindowOpens(url, outcome.response);
      const failure = 'error' in outcome ? outcome.error : statusFailure(url, outcome.response);
      if (failure === undefined && 'response' in outcome) return outcome.response;
      const retryable = failure instanceof FetchError && failure.retryable;
      const retryAfterMs = failure instanceof HttpStatusError ? failure.retryAfterMs : undefined;
      if (retryAfterMs !== undefined) shared.throttle.pause(url.host, Date.now() + Math.min(retryAfterMs, settings.maxRetryWaitMs));
      const giveUp = !retryable || attempt >= settings.maxRetries || (retryAfterMs ?? 0) > settings.maxRetryWaitMs;
      if (giveUp) {
        if ('response' in outcome) return outcome.response;
        throw failure;
      }
      const backoff = backoffDelayMs(attempt, settings.retryBaseDelayMs, settings.maxRetryWaitMs);
      // Retry-After already holds the host through the throttle; backoff spaces out the rest.
      await sleep(retryAfterMs === undefined ? backoff : 0, signal);
    }
  }

  /** An API that says its window is used up (remaining 0) is not asked again before the reset. */
  function holdUntilWindowOpens(url: URL, response: HopResponse): void {
    const waitMs = exhaustedWindowWaitMs(response.headers, Date.now());
    if (waitMs !== undefined && waitMs > 0) shared.throttle.pause(url.host, Date.now() + Math.min(waitMs, settings.maxRetryWaitMs));
  }

  async function follow(start: URL, request: CrawlRequestOptions, checkRobots: boolean): Promise<CrawlResponse> {
    let url = start;
    for (let redirects = 0; ; redirects += 1) {
      const response = await fetchWithRetries(url, request, checkRobots, url.origin === start.origin ? request.headers : undefined);
      const location = response.headers.location;
      const isRedirect = response.status >= 300 && response.status < 400 && location !== undefined;
      if (!isRedirect || request.followRedirects === false) return response;
      if (redirects >= settings.maxRedirects) {
        throw new TooManyRedirectsError(`More than ${settings.maxRedirects} redirects`, start.href);
      }
      url = new URL(location, url);
    }
  }

  async function getOk(url: string, request: CrawlRequestOptions): Promise<CrawlResponse> {
    const response = await follow(parseUrl(url), request, true);
    if (response.status < 200 || response.status >= 300) {
      throw new HttpStatusError(response.url, response.status, serverWaitMs(response.status, response.headers, Date.now()));
    }
    return response;
  }

  return {
    userAgent: settings.userAgent,

    /**
     * How long a page request to `url`'s host may take from being issued, politeness included: it
     * goes ahead of queued downloads (priority 'page'), so it waits at most for the requests
     * already in flight (one timeout, since they run side by side) and one spacing step for each
     * of them and for itself.
     */
    pageRequestAllowanceMs(url: string): number {
      const spacing = shared.throttle.spacingMs(parseUrl(url).host, settings.hostLimits);
      return settings.timeoutMs + spacing * (settings.hostLimits.maxConcurrent + 1);
    },

    /** Any status back; used by the browser, which renders error pages and follows redirects itself. */
    request: (url: string, request: CrawlRequestOptions) => follow(parseUrl(url), request, true),

    async getText(url: string, accept: string): Promise<{ url: string; contentType: string; text: string }> {
      const response = await getOk(url, { accept, maxBytes: settings.maxDocumentBytes });
      return { url: response.url, contentType: String(response.headers['content-type'] ?? ''), text: decodeText(response) };
    },

    async getJson<Schema extends z.ZodType>(url: string, schema: Schema, headers?: Record<string, string>): Promise<z.output<Schema>> {
      return (await this.getJsonResponse(url, schema, headers)).body;
    },

    /** getJson with the response's headers too (paging Link headers). */
    async getJsonResponse<Schema extends z.ZodType>(url: string, schema: Schema, headers?: Record<string, string>): Promise<{ body: z.output<Schema>; headers: IncomingHttpHeaders }> {
      const response = await getOk(url, { accept: 'application/json', maxBytes: settings.maxDocumentBytes, ...(headers ? { headers } : {}) });
      let json: unknown;
      try {
        json = JSON.parse(decodeText(response));
      } catch {
        throw new InvalidResponseError('The response is not JSON', response.url);
      }
      const parsed = schema.safeParse(json);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InvalidResponseError(`Unexpected response: ${issue?.path.join('.') || 'body'}: ${issue?.message}`, response.url);
      }
      return { body: parsed.data, headers: response.headers };
    },

    /** The bytes of an image; anything whose first bytes are not a known image format is refused early. */
    async getImage(url: string): Promise<{ url: string; bytes: Buffer }> {
      const response = await getOk(url, {
        accept: IMAGE_ACCEPT,
        maxBytes: settings.maxImageBytes,
        inspect: (_status, _headers, head) => {
          if (!sniffImageType(head)) throw new NotAnImageError('The response is not an image', url);
        },
      });
      return { url: response.url, bytes: response.body };
    },

    close: () => transport.close(),
  };
}

export type CrawlHttpClient = ReturnType<typeof createCrawlHttpClient>;

function statusFailure(url: URL, response: HopResponse): HttpStatusError | undefined {
  const failure = new HttpStatusError(url.href, response.status, serverWaitMs(response.status, response.headers, Date.now()));
  return failure.retryable ? failure : undefined;
}

function parseUrl(url: string): URL {
  try {
    return new URL(url);
  } catch {
    throw new InvalidResponseError(`Not a URL: ${url.slice(0, 200)}`, url.slice(0, 200));
  }
}

/** Honours the declared charset when the runtime knows it; UTF-8 otherwise. */
function decodeText(response: CrawlResponse): string {
  const charset = /charset=["']?([\w-]+)/i.exec(String(response.headers['content-type'] ?? ''))?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(response.body);
  } catch {
    return new TextDecoder('utf-8').decode(response.body);
  }
}
