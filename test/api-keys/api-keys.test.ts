import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAccount, signedInAgent } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { readZip } from '../auth/support/read-zip.ts';
import { FAST_QUEUE, waitForGeneration } from '../generation/support/generation-app.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';

interface CreatedKey {
  id: string;
  name: string;
  prefix: string;
  key: string;
  createdAt: string;
  lastUsedAt: string | null;
}
interface KeyList {
  keys: Omit<CreatedKey, 'key'>[];
}
interface ErrorBody {
  error: { code: string; field?: string; message: string };
}

/** Plain fetch with a bearer key and no cookie at all, as a script would call. */
function withKey(t: TestApp, key: string, path: string, init: { method?: string; json?: unknown } = {}) {
  return fetch(`${t.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${key}`, Accept: 'application/json', ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
}

describe('API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ...FAST_QUEUE, CREDITS_SIGNUP_GRANT: '5' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function userWithKey(name = 'my script') {
    const created = await createVerifiedAccount(t.app);
    const agent = await signedInAgent(t, created.email, created.password);
    const response = await agent.post<CreatedKey>('/api/me/api-keys', { name });
    expect(response.status, response.text).toBe(201);
    return { ...created, agent, key: response.body };
  }

  it('creates a key shown once, lists it by prefix, stores only a hash, and records its last use', async () => {
    const { agent, key, account } = await userWithKey('  laptop assistant ');
    expect(key.name).toBe('laptop assistant');
    expect(key.key).toMatch(/^as_[A-Za-z0-9_-]{43}$/);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(key.lastUsedAt).toBeNull();

    const listed = await agent.get<KeyList>('/api/me/api-keys');
    expect(listed.body.keys).toEqual([{ id: key.id, name: 'laptop assistant', prefix: key.prefix, createdAt: key.createdAt, lastUsedAt: null }]);
    expect(listed.text).not.toContain(key.key);
    const stored = await t.database.db.selectFrom('api_keys').selectAll().where('account_id', '=', account.id).execute();
    expect(JSON.stringify(stored)).not.toContain(key.key.slice(12));

    const me = await withKey(t, key.key, '/api/me');
    expect(me.status).toBe(200);
    expect(((await me.json()) as { id: string }).id).toBe(account.id);
    const after = await agent.get<KeyList>('/api/me/api-keys');
    expect(after.body.keys[0]!.lastUsedAt).not.toBeNull();
  });

  it('refuses bad names with the field, and keys of other accounts on revoke', async () => {
    const { agent } = await userWithKey();
    for (const body of [{}, { name: '   ' }, { name: 'x'.repeat(61) }, { name: 'ok', extra: 1 }]) {
      const response = await agent.post<ErrorBody>('/api/me/api-keys', body);
      expect(response.status).toBe(400);
      expect(response.body.error.field).toMatch(/^(name|body)$/);
    }
    const other = await userWithKey();
    expect((await agent.send('DELETE', `/api/me/api-keys/${other.key.id}`)).status).toBe(404);
    expect((await agent.send('DELETE', '/api/me/api-keys/not-a-uuid')).status).toBe(404);
    expect((await withKey(t, other.key.key, '/api/me')).status).toBe(200);
  });

  it('works without a cookie or CSRF token on search, artworks, generations, gallery and credits', async () => {
    const { key } = await userWithKey();
    const artworkId = await ingestTestArtwork(t.app, { prompt: 'a copper kettle on a stove, still life' });
    expect((await withKey(t, key.key, '/api/search?q=kettle')).status).toBe(200);
    expect((await withKey(t, key.key, `/api/artworks/${artworkId}`)).status).toBe(200);
    expect((await withKey(t, key.key, '/api/me/credits')).status).toBe(200);

    const accepted = await withKey(t, key.key, '/api/generations', { method: 'POST', json: { prompt: 'a copper kettle, ink', model: 'offline-sketch' } });
    expect(accepted.status).toBe(202);
    const { id } = (await accepted.json()) as { id: string };
    const keyAgent = new HttpAgent(t.baseUrl, { Authorization: `Bearer ${key.key}` });
    const done = await waitForGeneration(keyAgent, id, ['succeeded']);
    expect(done.galleryItemId).not.toBeNull();
    expect((await withKey(t, key.key, '/api/me/gallery')).status).toBe(200);
    expect(keyAgent.cookies.size).toBe(0);
  });

  it('never opens admin routes, account management or the keys themselves', async () => {
    const admin = await createVerifiedAccount(t.app, { admin: true });
    const agent = await signedInAgent(t, admin.email, admin.password);
    const created = await agent.post<CreatedKey>('/api/me/api-keys', { name: 'admin script' });
    const key = created.body.key;
    for (const [method, path] of [
      ['GET', '/api/admin/overview'],
      ['POST', '/api/admin/credits/adjust'],
      ['GET', '/api/me/api-keys'],
      ['POST', '/api/me/api-keys'],
      ['DELETE', '/api/me'],
      ['POST', '/api/me/password'],
      ['GET', '/api/me/export'],
      ['POST', '/api/auth/logout-everywhere'],
      ['GET', '/admin'],
    ] as const) {
      const response = await withKey(t, key, path, { method, ...(method === 'GET' ? {} : { json: {} }) });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect((await agent.get('/api/me')).status).toBe(200);
  });

  it('answers 401 for unknown, malformed and revoked keys', async () => {
    const { agent, key } = await userWithKey();
    const unknown = await withKey(t, key.key.slice(0, -4) + 'AAAA', '/api/me/credits');
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toContain('Bearer');
    expect((await withKey(t, 'not a key', '/api/me/credits')).status).toBe(401);
    const basic = await fetch(`${t.baseUrl}/api/me/credits`, { headers: { Authorization: 'Basic dXNlcjpwYXNz', Accept: 'application/json' } });
    expect(basic.status).toBe(401);

    expect((await agent.send('DELETE', `/api/me/api-keys/${key.id}`)).status).toBe(204);
    expect((await withKey(t, key.key, '/api/me/credits')).status).toBe(401);
    expect((await agent.get<KeyList>('/api/me/api-keys')).body.keys).toEqual([]);
  });

  it('caps keys per account', async () => {
    const { agent } = await userWithKey();
    for (let index = 1; index < 25; index++) expect((await agent.post('/api/me/api-keys', { name: `key ${index}` })).status).toBe(201);
    const refused = await agent.post<ErrorBody>('/api/me/api-keys', { name: 'one too many' });
    expect(refused.status).toBe(409);
  });

  it('lists keys in the export and deletes them with the account', async () => {
    const { agent, key, account, password } = await userWithKey('exported key');
    const exported = await fetch(`${t.baseUrl}/api/me/export`, { headers: { Cookie: agent.cookieHeader() } });
    const json = JSON.parse((await readZip(Buffer.from(await exported.arrayBuffer()))).get('account.json')!.toString('utf8')) as { apiKeys: unknown };
    expect(json.apiKeys).toEqual([{ name: 'exported key', prefix: key.prefix, createdAt: key.createdAt, lastUsedAt: null }]);
    expect(JSON.stringify(json)).not.toContain(key.key);

    expect((await agent.send('DELETE', '/api/me', { password })).status).toBe(204);
    expect(await t.database.db.selectFrom('api_keys').select('id').where('account_id', '=', account.id).execute()).toEqual([]);
    expect((await withKey(t, key.key, '/api/me/credits')).status).toBe(401);
  });

  it('shows the key section on the account page', async () => {
    const { agent } = await userWithKey();
    const page = await agent.get('/account', { Accept: 'text/html' });
    expect(page.text).toContain('id="api-key-form"');
    expect(page.text).toContain('Authorization: Bearer &lt;key&gt;');
  });
});
