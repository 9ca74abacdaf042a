import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/http/openapi/openapi-document.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { describedRoutes, keyOf, servedRoutes } from './support/openapi.ts';

/** Admin routes are operators' tools behind the admin gate and TOTP, not part of the public API. */
const isDocumentedApiRoute = (path: string) => path.startsWith('/api/') && !path.startsWith('/api/admin');

describe('the OpenAPI document', () => {
  let t: TestApp;
  let document: OpenApiDocument;
  beforeAll(async () => {
    t = await startTestApp();
    const response = await fetch(`${t.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    document = (await response.json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is OpenAPI 3.1 naming this server', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: t.app.config.PUBLIC_URL }]);
  });

  it('describes every /api route the app serves (admin routes aside), and nothing it does not serve', () => {
    const served = servedRoutes(t.app.http);
    const servedApi = new Set(served.filter((route) => isDocumentedApiRoute(route.path)).map(keyOf));
    const described = new Set(describedRoutes(document).map(keyOf));
    expect(servedApi.size).toBeGreaterThan(40);
    expect([...servedApi].filter((key) => !described.has(key)), 'served but not described').toEqual([]);
    expect([...described].filter((key) => !servedApi.has(key)), 'described but not served').toEqual([]);
    // The walk does see admin routes: they are left out on purpose, not missed.
    expect(served.some((route) => route.path.startsWith('/api/admin/'))).toBe(true);
    expect(Object.keys(document.paths).some((path) => path.startsWith('/api/admin'))).toBe(false);
  });

  it('gives every operation an id, a summary, a success response and the error shape for its refusals', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item) as [string, { operationId: string; summary: string; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }][]) {
        expect(ids.has(operation.operationId), `${method} ${path}`).toBe(false);
        ids.add(operation.operationId);
        expect(operation.summary.length, `${method} ${path}`).toBeGreaterThan(10);
        const statuses = Object.keys(operation.responses).map(Number);
        expect(statuses.some((status) => status < 300), `${method} ${path}`).toBe(true);
        for (const status of statuses.filter((code) => code >= 400)) {
          expect(operation.responses[String(status)]!.content!['application/json']!.schema, `${method} ${path} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
        }
      }
    }
  });

  it('names the field at fault: parameters and bodies come from the schemas the routes validate with', () => {
    const search = document.paths['/api/search']!.get as { parameters: { name: string; in: string; schema: { maximum?: number } }[] };
    expect(search.parameters.map((parameter) => parameter.name)).toEqual(expect.arrayContaining(['q', 'model', 'source', 'aspect', 'nsfw', 'sort', 'page', 'limit']));
    expect(search.parameters.find((parameter) => parameter.name === 'limit')!.schema.maximum).toBe(100);
    const generate = document.paths['/api/generations']!.post as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } }; security: unknown[] };
    expect(generate.requestBody.content['application/json'].schema.required).toEqual(['prompt', 'model']);
    expect(generate.security).toEqual([{ session: [], csrfToken: [] }, { apiKey: [] }]);
    const takedown = document.paths['/api/takedowns']!.post as { requestBody: { content: { 'application/json': { schema: { properties: { items: { maxItems: number } } } } } } };
    expect(takedown.requestBody.content['application/json'].schema.properties.items.maxItems).toBe(t.app.config.TAKEDOWN_MAX_ITEMS);
  });

  it('serves the reference page and its renderer from this server, with no other origin', async () => {
    const page = await fetch(`${t.baseUrl}/docs/api`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('data-document-url="/api/openapi.json"');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const asset of [...html.matchAll(/(?:src|href)="(\/[^"]+)"/g)].map((match) => match[1]!)) {
      const response = await fetch(`${t.baseUrl}${asset}`);
      expect(response.status, asset).toBe(200);
    }
    expect((await fetch(`${t.baseUrl}/docs/api/assets/package.json`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/docs/api/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});
