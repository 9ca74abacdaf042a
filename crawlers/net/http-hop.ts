import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type { AddressPolicy } from './address-policy.ts';
import { FetchError, ForbiddenAddressError, ForbiddenUrlError, NetworkError, ResponseTooLargeError } from './fetch-errors.ts';

export interface HopResponse {
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HopRequest {
  url: URL;
  headers: Record<string, string>;
  maxBytes: number;
  timeoutMs: number;
  signal: AbortSignal;
  /**
   * Sees the status, headers and first body bytes of a 2xx response before the rest is read;
   * throws to stop the download (an HTML page where an image was expected).
   */
  inspect?: (status: number, headers: IncomingHttpHeaders, head: Buffer) => void;
  inspectBytes?: number;
}

export interface HopTransport {
  http: http.Agent;
  https: https.Agent;
  lookup: LookupFunction;
  policy: AddressPolicy;
}

/** Keep-alive agents owned by one crawl run; `close` when the run ends. */
export function createHopTransport(policy: AddressPolicy, lookup: LookupFunction, maxSocketsPerHost: number): HopTransport & { close(): void } {
  const options = { keepAlive: true, maxSockets: maxSocketsPerHost, maxFreeSockets: maxSocketsPerHost };
  const transport = { http: new http.Agent(options), https: new https.Agent(options), lookup, policy };
  return {
    ...transport,
    close() {
      transport.http.destroy();
      transport.https.destroy();
    },
  };
}

/**
 * One GET, no redirect following (the caller checks each hop). Refuses forbidden addresses
 * before connecting: IP literals here, names in the guarded lookup. The byte cap applies to
 * the decoded body too, so a small gzip bomb cannot expand past it.
 */
export async function requestHop(transport: HopTransport, request: HopRequest): Promise<HopResponse> {
  const { url } = request;
  assertRequestable(url, transport.policy);
  const deadline = AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]);
  const isHttps = url.protocol === 'https:';
  const client = isHttps ? https : http;
  try {
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = client.request(url, {
        method: 'GET',
        headers: request.headers,
        agent: isHttps ? transport.https : transport.http,
        lookup: transport.lookup,
        signal: deadline,
      });
      outgoing.once('response', resolve);
      outgoing.once('error', reject);
      outgoing.end();
    });
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400) {
      response.resume();
      return { url: url.href, status, headers: response.headers, body: Buffer.alloc(0) };
    }
    const declared = Number(response.headers['content-length']);
    if (Number.isFinite(declared) && declared > request.maxBytes) {
      response.destroy();
      throw new ResponseTooLargeError(`The response declares ${declared} bytes; the limit is ${request.maxBytes}`, url.href);
    }
    const inspect = status >= 200 && status < 300 ? request.inspect : undefined;
    const body = await readBody(decoded(response), url.href, request.maxBytes, inspect && ((head) => inspect(status, response.headers, head)), request.inspectBytes ?? 16);
    return { url: url.href, status, headers: response.headers, body };
  } catch (error) {
    throw asFetchError(error, url.href, request.signal);
  }
}

/**
 * What can be refused from the URL alone: other schemes, credentials, and IP literals the
 * policy forbids (names are checked after resolution, in the guarded lookup).
 */
export function assertRequestable(url: URL, policy: AddressPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ForbiddenUrlError(`Only http and https URLs are crawled, not ${url.protocol}`, url.href);
  }
  if (url.username || url.password) throw new ForbiddenUrlError('URLs with credentials are not crawled', url.href);
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) && !policy.allows(literal)) {
    throw new ForbiddenAddressError(`${literal} is an address the crawler may not reach`, url.href);
  }
}

function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return response.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return response.pipe(zlib.createInflate());
  if (encoding === 'br') return response.pipe(zlib.createBrotliDecompress());
  return response;
}

async function readBody(
  stream: Readable,
  url: string,
  maxBytes: number,
  inspect: ((head: Buffer) => void) | undefined,
  inspectBytes: number,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  let inspected = !inspect;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.byteLength;
      if (total > maxBytes) throw new ResponseTooLargeError(`The response is larger than ${maxBytes} bytes`, url);
      chunks.push(chunk);
      if (!inspected && total >= inspectBytes) {
        inspected = true;
        inspect?.(Buffer.concat(chunks));
      }
    }
  } finally {
    stream.destroy();
  }
  const body = Buffer.concat(chunks, total);
  if (!inspected) inspect?.(body);
  return body;
}

/** Node's socket and abort errors become NetworkError; the run's own abort stays an abort. */
function asFetchError(error: unknown, url: string, runSignal: AbortSignal): unknown {
  if (runSignal.aborted) return runSignal.reason;
  if (error instanceof FetchError) return error;
  const cause = error as { name?: string; code?: string; message?: string };
  if (cause.name === 'AbortError' || cause.name === 'TimeoutError') return new NetworkError('The request timed out', url);
  return new NetworkError(`${cause.code ?? 'network error'}: ${cause.message ?? String(error)}`, url);
}
