import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';

describe('GET /api/artworks/:id', () => {
  let t: TestApp;
  let id: string;
  let similarId: string;
  let unrelatedId: string;

  beforeAll(async () => {
    t = await startTestApp();
    id = await ingestTestArtwork(t.app, {
      prompt: 'golden hour lighthouse on rocky coast, crashing waves, oil painting',
      negativePrompt: 'blurry, lowres',
      tags: ['seascape', 'lighthouse'],
      params: { seed: 1234, steps: 28, sampler: 'DPM++ 2M Karras', cfgScale: 6.5, size: '1024x1024' },
    });
    similarId = await ingestTestArtwork(t.app, { prompt: 'stormy lighthouse on a rocky coast, waves, dramatic' });
    unrelatedId = await ingestTestArtwork(t.app, { prompt: 'bowl of ramen, food photography' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('returns the artwork with parameters, author, source link and similar works', async () => {
    const response = await fetch(`${t.baseUrl}/api/artworks/${id}`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({
      id,
      prompt: 'golden hour lighthouse on rocky coast, crashing waves, oil painting',
      negativePrompt: 'blurry, lowres',
      model: 'SDXL 1.0',
      tags: ['seascape', 'lighthouse'],
      params: { seed: 1234, steps: 28, sampler: 'DPM++ 2M Karras', cfgScale: 6.5, size: '1024x1024' },
      author: { handle: 'tester' },
      aspect: 'square',
    });
    expect(body.imageUrl).toMatch(/^https:\/\/example.com\/images\//);
    const similar = body.similar.map((s: { id: string }) => s.id);
    expect(similar).toContain(similarId);
    expect(similar).not.toContain(id);
    expect(similar.indexOf(similarId)).toBeLessThan(similar.includes(unrelatedId) ? similar.indexOf(unrelatedId) : Infinity);
    expect(body.similar.length).toBeLessThanOrEqual(12);
  });

  it('serves the thumbnail it links to', async () => {
    const body = await (await fetch(`${t.baseUrl}/api/artworks/${id}`)).json();
    const media = await fetch(`${t.baseUrl}${body.thumbnailUrl}`);
    expect(media.status).toBe(200);
    expect(media.headers.get('content-type')).toBe('image/webp');
    expect(media.headers.get('cache-control')).toContain('immutable');
  });

  it('answers 404 for unknown ids and 400 for malformed ones', async () => {
    const unknown = await fetch(`${t.baseUrl}/api/artworks/999999999`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
    const malformed = await fetch(`${t.baseUrl}/api/artworks/abc`);
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.field).toBe('id');
  });
});

describe('health, robots and sitemap', () => {
  let t: TestApp;
  let id: string;
  let nsfwId: string;
  beforeAll(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://art.example' });
    id = await ingestTestArtwork(t.app);
    nsfwId = await ingestTestArtwork(t.app, { nsfw: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('reports liveness and readiness', async () => {
    expect((await fetch(`${t.baseUrl}/healthz`)).status).toBe(200);
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'ok', search: 'ok' } });
  });

  it('serves robots.txt pointing at the sitemap', async () => {
    const text = await (await fetch(`${t.baseUrl}/robots.txt`)).text();
    expect(text).toContain('Sitemap: https://art.example/sitemap.xml');
    expect(text).toContain('Disallow: /api/');
  });

  it('lists public artwork pages in the sitemap, without NSFW items', async () => {
    const index = await (await fetch(`${t.baseUrl}/sitemap.xml`)).text();
    expect(index).toContain('<loc>https://art.example/sitemap-0.xml</loc>');
    const sitemap = await (await fetch(`${t.baseUrl}/sitemap-0.xml`)).text();
    expect(sitemap).toContain(`<loc>https://art.example/a/${id}</loc>`);
    expect(sitemap).not.toContain(`/a/${nsfwId}<`);
    expect((await fetch(`${t.baseUrl}/sitemap-x.xml`)).status).toBe(404);
  });

  it('explains the crawler on the contact page its User-Agent names', async () => {
    const response = await fetch(`${t.baseUrl}/crawler`);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('ArtsiftBot/0.1');
    expect(text).toContain('robots.txt');
  });

  it('sets security headers and a request id', async () => {
    const response = await fetch(`${t.baseUrl}/healthz`);
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const echoed = await fetch(`${t.baseUrl}/healthz`, { headers: { 'x-request-id': 'trace-12345678' } });
    expect(echoed.headers.get('x-request-id')).toBe('trace-12345678');
  });

  it('compresses responses with brotli when asked', async () => {
    const { request } = await import('node:http');
    // The search page is well past compression's 1 KB threshold.
    const encoding = await new Promise<string | undefined>((resolve, reject) => {
      request(`${t.baseUrl}/`, { headers: { 'accept-encoding': 'br', accept: 'text/html' } }, (res) => {
        res.resume();
        resolve(res.headers['content-encoding']);
      })
        .on('error', reject)
        .end();
    });
    expect(encoding).toBe('br');
  });
});
