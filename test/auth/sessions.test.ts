import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, GOOD_PASSWORD, createVerifiedAccount, signedInAgent, uniqueEmail } from './support/accounts.ts';
import { HttpAgent, parseSetCookie } from './support/http-agent.ts';
import { createTestClock, DAY_MS, MINUTE_MS } from './support/test-clock.ts';

const COOKIE = 'artsift_session';
const SEVEN_DAYS_S = 7 * 24 * 60 * 60;

interface ErrorBody {
  error: { code: string; field?: string; message: string };
}

describe('sign-in, sessions and sign-out', () => {
  let t: TestApp;
  const clock = createTestClock();

  beforeAll(async () => {
    t = await startTestApp({ ...FAST_HASHING, TRUST_PROXY: 'loopback' }, { clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  const sessionRows = (accountId: string) => t.database.db.selectFrom('sessions').select(['sid']).where('account_id', '=', accountId).execute();

  it('sets a 7-day HttpOnly SameSite=Lax session cookie, not Secure over http, with a new id at sign-in', async () => {
    const { email, password, account } = await createVerifiedAccount(t.app);
    const agent = new HttpAgent(t.baseUrl);
    await agent.fetchCsrfToken();
    const anonymousSid = agent.cookies.get(COOKIE);
    expect(anonymousSid).toBeDefined();

    const response = await agent.post<{ user: { id: string }; secondFactor: string }>('/api/auth/login', { email, password });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ user: { id: account.id }, secondFactor: 'not_required' });
    const cookie = parseSetCookie(response.headers.getSetCookie().find((header) => header.startsWith(`${COOKIE}=`)) ?? '');
    expect(cookie.value).not.toBe(anonymousSid);
    expect(cookie.attributes.has('httponly')).toBe(true);
    expect(cookie.attributes.get('samesite')).toBe('Lax');
    expect(cookie.attributes.get('path')).toBe('/');
    expect(cookie.attributes.has('secure')).toBe(false);
    const expires = new Date(cookie.attributes.get('expires') ?? 0).getTime();
    expect(Math.abs(expires - (clock.now().getTime() + SEVEN_DAYS_S * 1000))).toBeLessThan(60_000);

    // The pre-sign-in session is gone: fixation is impossible.
    const old = new HttpAgent(t.baseUrl);
    old.cookies.set(COOKIE, anonymousSid!);
    expect((await old.get('/api/me')).status).toBe(401);
    expect((await agent.get<{ email: string }>('/api/me')).body.email).toBe(email);
  });

  it('marks the cookie Secure (and __Host-) when PUBLIC_URL is https', async () => {
    const secure = await startTestApp({ ...FAST_HASHING, PUBLIC_URL: 'https://artsift.example', TRUST_PROXY: 'loopback' });
    try {
      const { email, password } = await createVerifiedAccount(secure.app);
      // Behind a TLS-terminating proxy on loopback (trusted), as in production.
      const agent = new HttpAgent(secure.baseUrl, { 'X-Forwarded-Proto': 'https' });
      const response = await agent.post('/api/auth/login', { email, password });
      expect(response.status).toBe(200);
      const cookie = agent.setCookies.at(-1)!;
      expect(cookie.name).toBe('__Host-artsift_session');
      expect(cookie.attributes.has('secure')).toBe(true);
      expect(cookie.attributes.has('httponly')).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('stores sessions in PostgreSQL and ends them for good after 7 days', async () => {
    const { email, password, account } = await createVerifiedAccount(t.app);
    const agent = await signedInAgent(t, email, password);
    expect(await sessionRows(account.id)).toHaveLength(1);
    clock.advance(6 * DAY_MS);
    expect((await agent.get('/api/me')).status).toBe(200);
    clock.advance(DAY_MS + MINUTE_MS);
    expect((await agent.get('/api/me')).status).toBe(401);
    await t.app.accounts.maintenance.runAll();
    expect(await sessionRows(account.id)).toHaveLength(0);
  });

  it('destroys the session at sign-out', async () => {
    const { email, password, account } = await createVerifiedAccount(t.app);
    const agent = await signedInAgent(t, email, password);
    const sid = agent.cookies.get(COOKIE)!;
    const response = await agent.post('/api/auth/logout');
    expect(response.status).toBe(204);
    expect(agent.cookies.has(COOKIE)).toBe(false);
    expect(await sessionRows(account.id)).toHaveLength(0);
    const replay = new HttpAgent(t.baseUrl);
    replay.cookies.set(COOKIE, sid);
    expect((await replay.get('/api/me')).status).toBe(401);
  });

  it('signs out everywhere', async () => {
    const { email, password, account } = await createVerifiedAccount(t.app);
    const laptop = await signedInAgent(t, email, password);
    const phone = await signedInAgent(t, email, password);
    const other = await createVerifiedAccount(t.app);
    const stranger = await signedInAgent(t, other.email, other.password);
    expect(await sessionRows(account.id)).toHaveLength(2);
    expect((await phone.post('/api/auth/logout-everywhere')).status).toBe(204);
    expect((await laptop.get('/api/me')).status).toBe(401);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect(await sessionRows(account.id)).toHaveLength(0);
    // Only that account's sessions.
    expect((await stranger.get('/api/me')).status).toBe(200);
    const events = await t.database.db.selectFrom('security_log').select('event').where('account_id', '=', account.id).execute();
    expect(events.map((row) => row.event)).toContain('sign_out.everywhere');
  });

  it('gives the same answer for an unknown address and a wrong password', async () => {
    const { email } = await createVerifiedAccount(t.app);
    const wrongPassword = await new HttpAgent(t.baseUrl).post<ErrorBody>('/api/auth/login', { email, password: 'not the password' });
    const unknown = await new HttpAgent(t.baseUrl).post<ErrorBody>('/api/auth/login', { email: uniqueEmail('ghost'), password: 'not the password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrongPassword.body);
  });

  it.each([
    [{ email: 'nope', password: 'x' }, 'email'],
    [{ email: 'a@example.com' }, 'password'],
    [{ email: 'a@example.com', password: 'x', totp: '12' }, 'totp'],
  ])('refuses %j naming %s', async (body, field) => {
    const response = await new HttpAgent(t.baseUrl).post<ErrorBody>('/api/auth/login', body);
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
  });

  // The lockout's rules (unknown addresses alike, the window, the security log) and the
  // per-client cap are checked without HTTP in auth-limits.service.test.ts; here, the answers.
  it('answers 429 with Retry-After once an address is locked, even for the right password', async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    const agent = new HttpAgent(t.baseUrl);
    for (let i = 0; i < 5; i++) expect((await agent.post('/api/auth/login', { email, password: `wrong password ${i}` })).status).toBe(401);
    const locked = await agent.post<ErrorBody>('/api/auth/login', { email, password });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('counts the client address a trusted proxy reports', async () => {
    const agent = new HttpAgent(t.baseUrl, { 'X-Forwarded-For': '203.0.113.9' });
    const email = uniqueEmail('proxied');
    expect((await agent.post('/api/auth/login', { email, password: GOOD_PASSWORD })).status).toBe(401);
    const failures = await t.database.db.selectFrom('security_log').select('ip_hash').where('event', '=', 'sign_in.failed').execute();
    expect(failures.map((row) => row.ip_hash)).toContain(t.app.accounts.hasher.hashIp('203.0.113.9'));
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the peer, so the per-address cap cannot be dodged', async () => {
    const untrusting = await startTestApp(FAST_HASHING);
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const agent = new HttpAgent(untrusting.baseUrl, { 'X-Forwarded-For': `198.51.100.${i + 1}` });
        statuses.push((await agent.post('/api/auth/login', { email: uniqueEmail('dodge'), password: GOOD_PASSWORD })).status);
      }
      expect(statuses[30]).toBe(429);
    } finally {
      await untrusting.close();
    }
  });

  it('purges expired counters and links, and security-log entries past the retention period', async () => {
    const { email, account } = await createVerifiedAccount(t.app);
    await new HttpAgent(t.baseUrl).post('/api/auth/login', { email, password: 'a wrong password' });
    await new HttpAgent(t.baseUrl).post('/api/auth/password-reset/request', { email });
    await t.app.accounts.background.settled();
    const count = async (table: 'rate_limit_counters' | 'account_tokens') =>
      Number((await t.database.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
    const eventsOf = () => t.database.db.selectFrom('security_log').select('id').where('account_id', '=', account.id).execute();
    expect(await count('rate_limit_counters')).toBeGreaterThan(0);
    expect(await count('account_tokens')).toBeGreaterThan(0);
    expect((await eventsOf()).length).toBeGreaterThan(0);

    clock.advance(2 * DAY_MS);
    await t.app.accounts.maintenance.runAll();
    expect(await count('rate_limit_counters')).toBe(0);
    expect(await count('account_tokens')).toBe(0);
    expect((await eventsOf()).length).toBeGreaterThan(0);

    clock.advance(180 * DAY_MS);
    await t.app.accounts.maintenance.runAll();
    expect(await eventsOf()).toHaveLength(0);
  });

  it('answers GET /api/session for visitors and members, and /api/me only for members', async () => {
    const visitor = new HttpAgent(t.baseUrl);
    expect((await visitor.get('/api/session')).body).toEqual({ user: null, secondFactor: 'not_required' });
    expect((await visitor.get<ErrorBody>('/api/me')).body.error.code).toBe('unauthenticated');
    // Visitors get no session row (or cookie) from browsing.
    await visitor.get('/');
    expect(visitor.cookies.size).toBe(0);
  });
});
