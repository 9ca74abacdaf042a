import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { ApiOperation } from '../../src/http/openapi/api-operation.ts';
import { buildOpenApiDocument, openApiPath } from '../../src/http/openapi/openapi-document.ts';

const OPTIONS = { serverUrl: 'https://artsift.example', version: '1.2.3', sessionCookie: '__Host-artsift_session' };
const item = z.object({ id: z.string(), at: z.iso.datetime() });

function operation(overrides: Partial<ApiOperation>): ApiOperation {
  return { method: 'get', path: '/api/things', tag: 'Things', summary: 'Things', access: 'public', responses: { 200: { description: 'ok', schema: item } }, ...overrides };
}

type Described = { operationId: string; parameters?: { name: string; in: string; required: boolean }[]; responses: Record<string, { description: string }>; security: unknown[] };
const described = (operations: ApiOperation[], path: string, method: string) => buildOpenApiDocument(operations, OPTIONS).paths[path]![method] as unknown as Described;

describe('the OpenAPI document builder', () => {
  it('spells Express paths as OpenAPI templates and names operations after them', () => {
    expect(openApiPath('/api/gallery/:id/image/:variant')).toBe('/api/gallery/{id}/image/{variant}');
    const document = buildOpenApiDocument([operation({ method: 'post', path: '/api/generations/:id/cancel', params: z.object({ id: z.uuid() }) })], OPTIONS);
    const cancel = document.paths['/api/generations/{id}/cancel']!.post as unknown as Described;
    expect(cancel.operationId).toBe('postGenerationsIdCancel');
    expect(cancel.parameters).toEqual([{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid', pattern: expect.any(String) } }]);
  });

  it('derives the refusals a route has by its kind, and keeps a CSRF refusal beside an operation’s own 403', () => {
    const open = described([operation({})], '/api/things', 'get');
    expect(Object.keys(open.responses)).toEqual(['200', '401', '403', '429', '500']);
    expect(open.security).toEqual([{}]);

    const change = described([operation({ method: 'delete', access: 'session', body: z.object({ password: z.string().optional() }), errors: { 403: 'Sign in again first', 409: 'Busy' } })], '/api/things', 'delete');
    expect(Object.keys(change.responses).sort()).toEqual(['200', '400', '401', '403', '409', '429', '500']);
    expect(change.responses['403']!.description).toBe('Missing or stale X-CSRF-Token; or Sign in again first; or an API key was sent where only a signed-in session will do');
    expect(change.security).toEqual([{ session: [], csrfToken: [] }]);

    const webhook = described([operation({ method: 'post', path: '/api/stripe/webhook', csrfExempt: true })], '/api/stripe/webhook', 'post');
    expect(webhook.responses['403']!.description).toBe('An API key was sent where only a signed-in session will do');
    expect(webhook.responses['429']).toBeUndefined();
    expect(webhook.security).toEqual([{}]);

    // API keys are offered exactly where the bearer middleware accepts them.
    expect(described([operation({ path: '/api/artworks/:id' })], '/api/artworks/{id}', 'get').security).toEqual([{}, { apiKey: [] }]);
    expect(described([operation({ method: 'patch', path: '/api/me', access: 'session' })], '/api/me', 'patch').security).toEqual([{ session: [], csrfToken: [] }]);
  });

  it('marks optional query parameters and names the session cookie of this deployment', () => {
    const document = buildOpenApiDocument([operation({ query: z.object({ q: z.string(), page: z.coerce.number().int().default(1) }) })], OPTIONS);
    const search = document.paths['/api/things']!.get as unknown as Described;
    expect(search.parameters!.map(({ name, required }) => ({ name, required }))).toEqual([
      { name: 'q', required: true },
      { name: 'page', required: false },
    ]);
    expect(document.components.securitySchemes.session).toMatchObject({ in: 'cookie', name: '__Host-artsift_session' });
    expect(document.info.version).toBe('1.2.3');
  });

  it('refuses a route described twice and a cyclic schema', () => {
    expect(() => buildOpenApiDocument([operation({}), operation({})], OPTIONS)).toThrow('GET /api/things is described twice');
    const node: z.ZodType = z.lazy(() => z.object({ children: z.array(node) }));
    expect(() => buildOpenApiDocument([operation({ responses: { 200: { description: 'tree', schema: node } } })], OPTIONS)).toThrow('cyclic');
  });
});
