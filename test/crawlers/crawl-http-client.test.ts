import type { LookupAddress } from 'node:dns';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAddressPolicy, type PrivateNetworkAllowance } from '../../crawlers/net/address-policy.ts';
import { createCrawlHttpClient, type CrawlHttpSettings } from '../../crawlers/net/crawl-http-client.ts';
import {
  ForbiddenAddressError,
  ForbiddenUrlError,
  HttpStatusError,
  NetworkError,
  NotAnImageError,
  ResponseTooLargeError,
  RobotsDisallowedError,
  RobotsUnavailableError,
  TooManyRedirectsError,
} from '../../crawlers/net/fetch-errors.ts';
import { createHostThrottle } from '../../crawlers/net/host-throttle.ts';
import { createRobotsCache } from '../../crawlers/net/robots-cache.ts';
import { renderTestImage } from '../support/test-app.ts';
import { sendBytes, sendJson, startFixtureServer, type FixtureHandler, type FixtureServer } from './support/fixture-server.ts';

const SETTINGS: CrawlHttpSettings = {
  userAgent: 'ArtsiftBot/0.1 (+https://artsift.example/crawler)',
  respectRobotsTxt: true,
  hostLimits: { maxConcurrent: 2, minIntervalMs: 0 },
  timeoutMs: 2_000,
  maxRedirects: 3,
  maxRetries: 3,
  maxDocumentBytes: 64 * 1024,
  maxImageBytes: 256 * 1024,
  retryBaseDelayMs: 10,
  maxRetryWaitMs: 5_000,
};

/** Made-up names for the DNS side of the address checks; nothing is ever sent to these addresses. */
const DNS: Record<string, LookupAddress[]> = {
  'gallery.test': [{ address: '127.0.0.1', family: 4 }],
  'intranet.test': [{ address: '10.0.0.1', family: 4 }],
  'metadata.test': [{ address: '169.254.169.254', family: 4 }],
};

describe('crawl HTTP client', () => {
  let server: FixtureServer;
  let png: Buffer;
  const userAgents: string[] = [];

  const client = (overrides: Partial<CrawlHttpSettings> = {}, allowance: PrivateNetworkAllowance = ['127.0.0.1']) =>
    createCrawlHttpClient({
      settings: { ...SETTINGS, ...overrides },
      shared: {
        throttle: createHostThrottle(),
        robots: createRobotsCache({ productToken: 'ArtsiftBot', ttlMs: 60_000, unavailableTtlMs: 1_000, maxCrawlDelayMs: 2_000 }),
        resolver: async (hostname) => DNS[hostname] ?? [],
      },
      policy: createAddressPolicy(allowance),
      signal: new AbortController().signal,
    });

  beforeAll(async () => {
    server = await startFixtureServer();
    png = await renderTestImage(1, 64, 64);
    server.route('/robots.txt', sendBytes('text/plain', 'User-agent: *\nDisallow: /private/\n\nUser-agent: OtherBot\nDisallow: /\n'));
    server.route('/ok', (request, response) => {
      userAgents.push(String(request.headers['user-agent']));
      response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`hello ${request.headers.host}`);
    });
    server.route('/private/secret', sendBytes('text/plain', 'secret'));
    server.route('/image.png', sendBytes('image/png', png));
    server.route('/image-as-octets', sendBytes('application/octet-stream', png));
    server.route('/fake-image.png', sendBytes('image/png', '<!doctype html><p>Sorry, not found</p>'));
    server.route('/huge.png', sendBytes('image/png', Buffer.concat([png, Buffer.alloc(300 * 1024)])));
    server.route('/huge-chunked.png', (_request, response) => {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.write(png);
      for (let i = 0; i < 40; i += 1) response.write(Buffer.alloc(16 * 1024));
      response.end();
    });
    server.route('/data.json.gz', (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(gzipSync(JSON.stringify({ ok: true })));
    });
    server.route('/to-intranet', redirectTo('http://10.0.0.1:9/admin'));
    server.route('/to-metadata', redirectTo('http://169.254.169.254/latest/meta-data/'));
    server.route('/to-metadata-name', redirectTo('http://metadata.test/latest/meta-data/'));
    server.route('/to-file', redirectTo('file:///etc/passwd'));
    server.route('/to-ok', redirectTo('/ok'));
    server.route('/loop', redirectTo('/loop'));
  });
  afterAll(() => server.close());

  it('fetches from an allowed address with a User-Agent naming the crawler and its contact page', async () => {
    await expect(client().getText(`${server.origin}/to-ok`, 'text/plain')).resolves.toMatchObject({ url: `${server.origin}/ok` });
    expect(userAgents.at(-1)).toBe('ArtsiftBot/0.1 (+https://artsift.example/crawler)');
  });

  it('connects to the address it checked for a name (the Host header keeps the name)', async () => {
    const port = new URL(server.origin).port;
    const page = await client().getText(`http://gallery.test:${port}/ok`, 'text/plain');
    expect(page.text).toBe(`hello gallery.test:${port}`);
  });

  it('refuses private and metadata addresses given directly', async () => {
    await expect(client().getText('http://10.0.0.1/', 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(client().getText('http://[::1]:9/', 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(client({}, true).getText('http://169.254.169.254/latest/', 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(client({}, false).getText(`${server.origin}/ok`, 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
  });

  it('refuses names that resolve to private or metadata addresses', async () => {
    await expect(client().getText('http://intranet.test/', 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(client({}, true).getText('http://metadata.test/', 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
  });

  it('checks every redirect hop: an allowed host cannot redirect the crawler inside', async () => {
    await expect(client().getText(`${server.origin}/to-intranet`, 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(client().getText(`${server.origin}/to-metadata`, 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(client().getText(`${server.origin}/to-metadata-name`, 'text/plain')).rejects.toBeInstanceOf(ForbiddenAddressError);
    await expect(client().getText(`${server.origin}/to-file`, 'text/plain')).rejects.toBeInstanceOf(ForbiddenUrlError);
    await expect(client().getText(`${server.origin}/loop`, 'text/plain')).rejects.toBeInstanceOf(TooManyRedirectsError);
  });

  it('honours robots.txt, reading it once per origin', async () => {
    const crawler = client();
    const before = server.requests.filter((path) => path === '/robots.txt').length;
    await expect(crawler.getText(`${server.origin}/private/secret`, 'text/plain')).rejects.toBeInstanceOf(RobotsDisallowedError);
    await crawler.getText(`${server.origin}/ok`, 'text/plain');
    expect(server.requests).not.toContain('/private/secret');
    expect(server.requests.filter((path) => path === '/robots.txt').length).toBe(before + 1);
  });

  it('treats an unreadable robots.txt as "disallow everything" (RFC 9309)', async () => {
    const down = await startFixtureServer();
    try {
      down.route('/robots.txt', (_request, response) => void response.writeHead(503).end());
      down.route('/page', sendBytes('text/plain', 'page'));
      await expect(client({ maxRetries: 1 }).getText(`${down.origin}/page`, 'text/plain')).rejects.toBeInstanceOf(RobotsUnavailableError);
      expect(down.requests).toEqual(['/robots.txt', '/robots.txt']);
    } finally {
      await down.close();
    }
  });

  it('accepts images by their bytes, refuses anything else, and caps the size', async () => {
    await expect(client().getImage(`${server.origin}/image.png`)).resolves.toMatchObject({ bytes: png });
    await expect(client().getImage(`${server.origin}/image-as-octets`)).resolves.toMatchObject({ bytes: png });
    await expect(client().getImage(`${server.origin}/fake-image.png`)).rejects.toBeInstanceOf(NotAnImageError);
    await expect(client().getImage(`${server.origin}/huge.png`)).rejects.toBeInstanceOf(ResponseTooLargeError);
    await expect(client().getImage(`${server.origin}/huge-chunked.png`)).rejects.toBeInstanceOf(ResponseTooLargeError);
  });

  it('decodes compressed responses and checks JSON against the schema', async () => {
    await expect(client().getJson(`${server.origin}/data.json.gz`, z.object({ ok: z.boolean() }))).resolves.toEqual({ ok: true });
    await expect(client().getJson(`${server.origin}/data.json.gz`, z.object({ items: z.array(z.number()) }))).rejects.toThrow(/items/);
  });

  it('waits as long as Retry-After says on 429, then succeeds', async () => {
    let calls = 0;
    const times: number[] = [];
    server.route('/busy', (_request, response) => {
      calls += 1;
      times.push(performance.now());
      if (calls === 1) response.writeHead(429, { 'retry-after': '1' }).end();
      else sendJson({ done: true })(_request, response, new URL('http://x'));
    });
    await expect(client().getJson(`${server.origin}/busy`, z.object({ done: z.boolean() }))).resolves.toEqual({ done: true });
    expect(calls).toBe(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(950);
  });

  it('retries 5xx with backoff and gives up after maxRetries', async () => {
    let flaky = 0;
    server.route('/flaky', (_request, response) => {
      flaky += 1;
      if (flaky < 3) response.writeHead(503).end();
      else response.writeHead(200, { 'content-type': 'text/plain' }).end('recovered');
    });
    await expect(client().getText(`${server.origin}/flaky`, 'text/plain')).resolves.toMatchObject({ text: 'recovered' });
    expect(flaky).toBe(3);

    let broken = 0;
    server.route('/broken', (_request, response) => {
      broken += 1;
      response.writeHead(500).end();
    });
    await expect(client({ maxRetries: 2 }).getText(`${server.origin}/broken`, 'text/plain')).rejects.toMatchObject({ status: 500 });
    expect(broken).toBe(3);
    await expect(client().getText(`${server.origin}/missing`, 'text/plain')).rejects.toBeInstanceOf(HttpStatusError);
  });

  it('gives up on a server that does not answer in time', async () => {
    server.route('/silent', () => undefined);
    await expect(client({ timeoutMs: 300, maxRetries: 0 }).getText(`${server.origin}/silent`, 'text/plain')).rejects.toBeInstanceOf(NetworkError);
  });
});

function redirectTo(location: string): FixtureHandler {
  return (_request, response) => {
    response.writeHead(302, { location }).end();
  };
}
