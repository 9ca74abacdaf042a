import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { chunkFor } from '../../src/rate-limits/write-behind-limiter.ts';
import { createVerifiedAccount, FAST_HASHING } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { createTestClock } from '../auth/support/test-clock.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';

interface ErrorBody {
  error: { code: string; message: string };
}

let ipCounter = 0;
/** A client address of its own for each test (TRUST_PROXY=loopback believes X-Forwarded-For). */
function newClientIp(): string {
  ipCounter += 1;
  return `198.51.100.${ipCounter}`;
}

function get(baseUrl: string, path: string, headers: Record<string, string> = {}) {
  return fetch(`${baseUrl}${path}`, { headers: { Accept: 'application/json', ...headers } });
}

describe('request rate limits', () => {
  let t: TestApp;
  const clock = createTestClock();
  beforeAll(async () => {
    t = await startTestApp({ ...FAST_HASHING, TRUST_PROXY: 'loopback', RATE_LIMIT_ANONYMOUS: '3', RATE_LIMIT_AUTHENTICATED: '4', RATE_LIMIT_WINDOW_SECONDS: '60' }, { clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function newKey(): Promise<string> {
    const { account } = await createVerifiedAccount(t.app);
    return (await t.app.apiKeys.service.create(account.id, 'limits', {})).key;
  }

  it('counts anonymous requests per address, with RateLimit headers, and answers 429 JSON with Retry-After past the limit', async () => {
    const ip = { 'X-Forwarded-For': newClientIp() };
    const answers = [];
    for (let index = 0; index < 3; index++) answers.push(await get(t.baseUrl, '/api/search?q=lighthouse', ip));
    expect(answers.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(answers.map((response) => response.headers.get('ratelimit-policy'))).toEqual(Array(3).fill('"anonymous";q=3;w=60'));
    expect(answers.map((response) => /r=(\d+)/.exec(response.headers.get('ratelimit') ?? '')?.[1])).toEqual(['2', '1', '0']);

    const refused = await get(t.baseUrl, '/api/search?q=lighthouse', ip);
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as ErrorBody).error.code).toBe('rate_limited');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.headers.get('ratelimit')).toMatch(/^"anonymous";r=0;t=\d+$/);

    // Every public route shares the address's allowance; pages answer with the HTML error page.
    expect((await get(t.baseUrl, '/api/models', ip)).status).toBe(429);
    expect((await fetch(`${t.baseUrl}/`, { headers: { Accept: 'text/html', ...ip } })).status).toBe(429);
    // Health probes are never counted; another address has its own allowance.
    expect((await get(t.baseUrl, '/healthz', ip)).status).toBe(200);
    expect((await get(t.baseUrl, '/api/models', { 'X-Forwarded-For': newClientIp() })).status).toBe(200);
  });

  it('counts a key on its own allowance, whatever address it comes from', async () => {
    const ip = { 'X-Forwarded-For': newClientIp() };
    for (let index = 0; index < 3; index++) await get(t.baseUrl, '/api/models', ip);
    expect((await get(t.baseUrl, '/api/models', ip)).status).toBe(429);

    const key = await newKey();
    const otherKey = await newKey();
    const auth = { ...ip, Authorization: `Bearer ${key}` };
    const statuses = [];
    for (let index = 0; index < 5; index++) {
      const response = await get(t.baseUrl, index % 2 ? '/api/search?q=fox' : '/api/me/credits', auth);
      statuses.push(response.status);
      if (index === 0) expect(response.headers.get('ratelimit-policy')).toBe('"authenticated";q=4;w=60');
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    expect((await get(t.baseUrl, '/api/me/credits', { ...ip, Authorization: `Bearer ${otherKey}` })).status).toBe(200);
  });

  it('counts refused keys against their address', async () => {
    const ip = { 'X-Forwarded-For': newClientIp(), Authorization: `Bearer as_${'B'.repeat(43)}` };
    const statuses = [];
    for (let index = 0; index < 4; index++) statuses.push((await get(t.baseUrl, '/api/me/credits', ip)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('counts a signed-in session per account, not per address', async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    const ip = newClientIp();
    const agent = new HttpAgent(t.baseUrl, { 'X-Forwarded-For': ip });
    // The CSRF token and the sign-in itself are the address's (anonymous) requests 1 and 2.
    expect((await agent.post('/api/auth/login', { email, password })).status).toBe(200);
    const statuses = [];
    for (let index = 0; index < 5; index++) statuses.push((await agent.get('/api/me')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = await agent.get('/api/me');
    expect(refused.headers.get('ratelimit-policy')).toBe('"authenticated";q=4;w=60');
    // The address still has its last anonymous request.
    expect((await get(t.baseUrl, '/api/models', { 'X-Forwarded-For': ip })).status).toBe(200);
    expect((await get(t.baseUrl, '/api/models', { 'X-Forwarded-For': ip })).status).toBe(429);
  });

  it('lets exactly the allowance through when requests arrive at once', async () => {
    const ip = { 'X-Forwarded-For': newClientIp() };
    const statuses = (await Promise.all(Array.from({ length: 12 }, () => get(t.baseUrl, '/api/models', ip)))).map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(3);
    expect(statuses.filter((status) => status === 429)).toHaveLength(9);
  });

  it('starts a new allowance when the window ends', async () => {
    const ip = { 'X-Forwarded-For': newClientIp() };
    for (let index = 0; index < 3; index++) await get(t.baseUrl, '/api/models', ip);
    expect((await get(t.baseUrl, '/api/models', ip)).status).toBe(429);
    clock.advance(61_000);
    expect((await get(t.baseUrl, '/api/models', ip)).status).toBe(200);
  });

  it('holds across app instances sharing the database, within the documented slack', async () => {
    const second: App = await openApp(
      loadConfig({ PORT: '0', DATA_DIR: t.dataDir, DATABASE_URL: t.database.url, LOG_LEVEL: 'silent', SEED_DEMO: 'never', TRUST_PROXY: 'loopback', RATE_LIMIT_ANONYMOUS: '3', GENERATION_WORKER: 'off' }),
      { clock },
    );
    try {
      const secondUrl = await second.listen();
      const ip = { 'X-Forwarded-For': newClientIp() };
      const statuses = [];
      for (let index = 0; index < 8; index++) {
        statuses.push((await get(index % 2 ? secondUrl : t.baseUrl, '/api/models', ip)).status);
        // Each instance has written its hits behind (what its timer does within a flush interval).
        await Promise.all([t.app.accounts.requestLimiter.flush(), second.accounts.requestLimiter.flush()]);
      }
      // A limit of 3 sends every hit (chunk 1): at most one hit per instance past the limit.
      const allowed = statuses.filter((status) => status === 200).length;
      expect(allowed).toBeGreaterThanOrEqual(3);
      expect(allowed).toBeLessThanOrEqual(3 + 2 * chunkFor(3, 20));
      // Once the shared count is over, both instances refuse.
      expect(statuses.slice(-2)).toEqual([429, 429]);
    } finally {
      await second.close();
    }
  });

  it('refuses bad limit settings with the variable named', () => {
    expect(() => loadConfig({ RATE_LIMIT_ANONYMOUS: '-1' })).toThrow(/RATE_LIMIT_ANONYMOUS/);
    expect(() => loadConfig({ RATE_LIMIT_WINDOW_SECONDS: '0' })).toThrow(/RATE_LIMIT_WINDOW_SECONDS/);
    expect(loadConfig({}).RATE_LIMIT_ANONYMOUS).toBe(300);
  });
});
