import { request as httpRequest, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createHttpApp } from '../../src/http/create-http-app.ts';
import { createMediaRouter } from '../../src/http/routes/site/media.routes.ts';
import { createLogger } from '../../src/logger.ts';
import { createLocalDiskStorage } from '../../src/media/local-disk-storage.ts';
import { mediaKeyFor, mediaUrl } from '../../src/media/media-keys.ts';
import type { MediaStorage } from '../../src/media/storage.ts';

/** Local disk storage that records every call, to prove malformed keys never reach it. */
function recording(storage: MediaStorage, calls: string[]): MediaStorage {
  return {
    put: (key, body, type) => (calls.push(`put ${key}`), storage.put(key, body, type)),
    get: (key) => (calls.push(`get ${key}`), storage.get(key)),
    exists: (key) => (calls.push(`exists ${key}`), storage.exists(key)),
    delete: (keys) => (calls.push(`delete ${keys.join(',')}`), storage.delete(keys)),
  };
}

let scratch: string;
let server: Server;
let baseUrl: string;
const storageCalls: string[] = [];
const bytes = Buffer.from('RIFF....WEBPVP8 pretend webp bytes');
const key = mediaKeyFor('thumb', bytes);
const sha256 = key.split('/')[2]!.replace('.webp', '');
const privateBytes = Buffer.from('RIFF....WEBPVP8 a user private image');
const privateKey = mediaKeyFor('private', privateBytes);

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'artsift-media-routes-'));
  const storage = recording(createLocalDiskStorage(path.join(scratch, 'media')), storageCalls);
  await storage.put(key, bytes, 'image/webp');
  await storage.put(privateKey, privateBytes, 'image/webp');
  // The app's real middleware stack (logging, helmet, compression, error handler) around the router.
  const app = createHttpApp({
    logger: createLogger('silent'),
    features: [{ routes: createMediaRouter(storage) }],
    staticDir: scratch,
    renderErrorPage: () => '<!doctype html><title>error</title>',
    https: false,
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  storageCalls.length = 0;
});

/** A request with the path sent exactly as written (fetch would normalise dot segments). */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}/`, { path: rawPath, headers: { accept: 'text/html' } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

describe('GET /media/<key>', () => {
  it('serves the object with immutable caching, a strong ETag, type and length', async () => {
    const response = await fetch(`${baseUrl}${mediaUrl(key)}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(response.headers.get('etag')).toBe(`"${sha256}"`);
    expect(response.headers.get('content-type')).toBe('image/webp');
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('answers HEAD with the same headers and no body', async () => {
    const response = await fetch(`${baseUrl}${mediaUrl(key)}`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    expect(response.headers.get('etag')).toBe(`"${sha256}"`);
    expect(await response.text()).toBe('');
  });

  it.each([`"${sha256}"`, `W/"${sha256}"`, `"other", "${sha256}"`, '*'])('answers If-None-Match: %s with 304', async (ifNoneMatch) => {
    const response = await fetch(`${baseUrl}${mediaUrl(key)}`, { headers: { 'if-none-match': ifNoneMatch } });
    expect(response.status).toBe(304);
    expect(response.headers.get('etag')).toBe(`"${sha256}"`);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(storageCalls).toEqual([`exists ${key}`]);
  });

  it('serves the full object when If-None-Match names another version', async () => {
    const response = await fetch(`${baseUrl}${mediaUrl(key)}`, { headers: { 'if-none-match': '"something-else"' } });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(bytes);
  });

  it('never serves users\' private images, which only ownership-checked routes may serve', async () => {
    const response = await fetch(`${baseUrl}${mediaUrl(privateKey)}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('answers 404 JSON, not cached as immutable, for a well-formed key that is not stored', async () => {
    const missing = mediaKeyFor('preview', Buffer.from('never stored'));
    const missingEtag = `"${missing.split('/')[2]!.replace('.webp', '')}"`;
    for (const headers of [{}, { 'if-none-match': missingEtag }] as Record<string, string>[]) {
      const response = await fetch(`${baseUrl}${mediaUrl(missing)}`, { headers });
      expect(response.status).toBe(404);
      expect(response.headers.get('cache-control') ?? '').not.toContain('immutable');
      expect(response.headers.get('etag')).not.toBe(missingEtag);
      expect(await response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it.each([
    '/media/..%2f..%2fetc%2fpasswd',
    '/media/../../etc/passwd',
    `/media/thumb/${sha256.slice(0, 2)}/..%2f..%2f..%2fetc%2fpasswd`,
    `/media/thumb/${sha256.slice(0, 2)}/${sha256.toUpperCase()}.webp`,
    `/media/thumb%2f${sha256.slice(0, 2)}%2f${sha256}.webp`,
    `/media/thumb/00/${sha256}.webp`,
    `/media/thumb/${sha256.slice(0, 2)}/${sha256}.webp/`,
    '/media/',
  ])('answers 404 JSON for the malformed path %s without asking storage', async (rawPath) => {
    const response = await rawGet(rawPath);
    expect(response.status).toBe(404);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'not_found' } });
    expect(storageCalls).toEqual([]);
  });
});
