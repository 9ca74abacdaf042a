import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, createVerifiedAccount, signedInAgent } from './support/accounts.ts';
import { HttpAgent } from './support/http-agent.ts';

interface ErrorBody {
  error: { code: string; field?: string };
}

const STATE_CHANGING: [method: string, path: string][] = [
  ['POST', '/api/auth/register'],
  ['POST', '/api/auth/login'],
  ['POST', '/api/auth/logout'],
  ['POST', '/api/auth/logout-everywhere'],
  ['POST', '/api/auth/totp'],
  ['POST', '/api/auth/verify-email'],
  ['POST', '/api/auth/password-reset/request'],
  ['POST', '/api/auth/password-reset'],
  ['PATCH', '/api/me'],
  ['POST', '/api/me/password'],
  ['DELETE', '/api/me'],
  ['POST', '/api/admin/accounts/1/sessions/revoke'],
  // Routes that do not exist are refused before routing, too: the rule covers the whole app.
  ['PUT', '/api/artworks/1'],
  ['DELETE', '/a/1'],
];

describe('CSRF protection', () => {
  let t: TestApp;
  let member: HttpAgent;

  beforeAll(async () => {
    t = await startTestApp(FAST_HASHING);
    const { email, password } = await createVerifiedAccount(t.app);
    member = await signedInAgent(t, email, password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(STATE_CHANGING)('refuses %s %s without X-CSRF-Token (403), for visitors and members alike', async (method, path) => {
    for (const agent of [new HttpAgent(t.baseUrl), member]) {
      const response = await agent.request<ErrorBody>(method, path, { json: {} });
      expect(response.status).toBe(403);
      expect(response.body.error).toMatchObject({ code: 'forbidden', field: 'x-csrf-token' });
    }
  });

  it('refuses a wrong token and a token from another session', async () => {
    const other = new HttpAgent(t.baseUrl);
    const othersToken = await other.fetchCsrfToken();
    await member.fetchCsrfToken();
    const wrong = await member.request('PATCH', '/api/me', { json: { username: 'abc' }, headers: { 'X-CSRF-Token': 'x'.repeat(43) } });
    const foreign = await member.request('PATCH', '/api/me', { json: { username: 'abc' }, headers: { 'X-CSRF-Token': othersToken } });
    expect(wrong.status).toBe(403);
    expect(foreign.status).toBe(403);
  });

  it('accepts the session token and keeps it stable within a session', async () => {
    const first = await member.fetchCsrfToken();
    const second = await member.fetchCsrfToken();
    expect(second).toBe(first);
    const response = await member.request('PATCH', '/api/me', { json: { username: 'csrf_ok' }, headers: { 'X-CSRF-Token': first } });
    expect(response.status).toBe(200);
  });

  it('gives concurrent first requests of one session the same token, and each is accepted', async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    // Signed in: a session with a cookie that has never asked for a token.
    const fresh = await signedInAgent(t, email, password);
    const tokens = await Promise.all(Array.from({ length: 8 }, () => fresh.get<{ token: string }>('/api/csrf')));
    expect(new Set(tokens.map((response) => response.body.token)).size).toBe(1);
    const patches = await Promise.all(
      tokens.map((response, index) => fresh.request('PATCH', '/api/me', { json: { username: `same_token_${index}` }, headers: { 'X-CSRF-Token': response.body.token } })),
    );
    expect(patches.map((response) => response.status)).toEqual(Array(8).fill(200));
  });

  it('leaves GET routes alone', async () => {
    const visitor = new HttpAgent(t.baseUrl);
    expect((await visitor.get('/api/search')).status).toBe(200);
    expect((await visitor.get('/healthz')).status).toBe(200);
    expect((await visitor.get('/', { Accept: 'text/html' })).status).toBe(200);
  });

  it('lets an exempted path through (for signed webhooks), and only that exact path', async () => {
    t.app.csrf.exempt('/api/test-webhook');
    const visitor = new HttpAgent(t.baseUrl);
    // No such route: 404 shows the request went past the CSRF check.
    expect((await visitor.request('POST', '/api/test-webhook', { json: {} })).status).toBe(404);
    expect((await visitor.request('POST', '/api/test-webhook/other', { json: {} })).status).toBe(403);
    expect(() => t.app.csrf.exempt('api/no-slash')).toThrow();
  });
});
