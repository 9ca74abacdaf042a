import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, createVerifiedAccount, signedInAgent } from './support/accounts.ts';
import { HttpAgent } from './support/http-agent.ts';
import { createTestClock, MINUTE_MS } from './support/test-clock.ts';

interface ErrorBody {
  error: { code: string; field?: string };
}

describe('admins: TOTP second factor, recovery codes, admin routes and the security log', () => {
  let t: TestApp;
  const clock = createTestClock();
  let admin: Awaited<ReturnType<typeof createVerifiedAccount>>;
  let secret: string;

  /** The code an authenticator app shows right now (on the app's clock). */
  const currentCode = () => generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) });

  beforeAll(async () => {
    t = await startTestApp(FAST_HASHING, { clock });
    admin = await createVerifiedAccount(t.app, { admin: true });
    const uri = new URL(admin.enrolment!.otpauthUri);
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('issuer')).toBe('artsift');
    secret = uri.searchParams.get('secret')!;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('refuses to create a second account with the same address', async () => {
    await expect(createVerifiedAccount(t.app, { email: admin.email })).rejects.toThrow(/already exists/);
  });

  it('keeps the TOTP secret encrypted and recovery codes hashed in the database', async () => {
    const row = await t.database.db.selectFrom('accounts').select(['totp_secret', 'role']).where('id', '=', admin.account.id).executeTakeFirstOrThrow();
    expect(row.role).toBe('admin');
    expect(row.totp_secret).not.toContain(secret);
    const codes = await t.database.db.selectFrom('account_recovery_codes').select('code_hash').where('account_id', '=', admin.account.id).execute();
    expect(codes).toHaveLength(10);
    expect(codes.map((code) => code.code_hash)).not.toContain(admin.enrolment!.recoveryCodes[0]);
  });

  it('refuses admin routes to a session that has not passed TOTP, then rotates the session when it does', async () => {
    const agent = await signedInAgent(t, admin.email, admin.password);
    expect((await agent.get<{ secondFactor: string }>('/api/session')).body.secondFactor).toBe('required');
    const refused = await agent.get<ErrorBody>('/api/admin/overview');
    expect(refused.status).toBe(403);
    expect(refused.body.error.field).toBe('totp');
    // Every admin page and API, whichever feature it belongs to, is behind the same gate.
    for (const path of ['/admin', '/admin/credits', '/admin/takedowns', '/admin/crawls']) {
      const page = await agent.get(path, { Accept: 'text/html' });
      expect(page.status, path).toBe(200);
      expect(page.text, path).toContain('authenticator app');
      expect(page.text, path).not.toContain(admin.email);
    }
    for (const path of ['/api/admin/crawls', '/api/admin/takedowns', '/api/admin/takedown-strikes']) {
      const api = await agent.get<ErrorBody>(path);
      expect([api.status, api.body.error.field], path).toEqual([403, 'totp']);
    }

    const wrong = await agent.post<ErrorBody>('/api/auth/totp', { code: '000000' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.field).toBe('totp');

    const sidBefore = agent.cookies.get('artsift_session');
    expect((await agent.post('/api/auth/totp', { code: await currentCode() })).status).toBe(200);
    expect(agent.cookies.get('artsift_session')).not.toBe(sidBefore);
    const overview = await agent.get<{ accounts: { email: string }[]; securityLog: { event: string; ipHash: string | null }[] }>('/api/admin/overview');
    expect(overview.status).toBe(200);
    expect(overview.body.accounts.map((account) => account.email)).toContain(admin.email);
    expect(overview.body.securityLog.map((entry) => entry.event)).toEqual(expect.arrayContaining(['two_factor.passed', 'two_factor.failed', 'sign_in.succeeded', 'two_factor.enrolled']));
    for (const entry of overview.body.securityLog) expect(entry.ipHash ?? '').not.toContain('127.0.0.1');
    const adminPage = await agent.get('/admin', { Accept: 'text/html' });
    expect(adminPage.text).toContain('Security log');
  });

  it('accepts a TOTP code at sign-in, but never the same code twice', async () => {
    clock.advance(MINUTE_MS);
    const code = await currentCode();
    const agent = await signedInAgent(t, admin.email, admin.password, code);
    expect((await agent.get<{ secondFactor: string }>('/api/session')).body.secondFactor).toBe('passed');
    expect((await agent.get('/api/admin/overview')).status).toBe(200);
    const replay = await new HttpAgent(t.baseUrl).post<ErrorBody>('/api/auth/login', { email: admin.email, password: admin.password, totp: code });
    expect(replay.status).toBe(401);
    expect(replay.body.error.field).toBe('totp');
  });

  it('accepts each recovery code once', async () => {
    const [recovery] = admin.enrolment!.recoveryCodes;
    const agent = await signedInAgent(t, admin.email, admin.password);
    expect((await agent.post('/api/auth/totp', { code: recovery!.toUpperCase() })).status).toBe(200);
    const again = await signedInAgent(t, admin.email, admin.password);
    expect((await again.post('/api/auth/totp', { code: recovery })).status).toBe(401);
    const events = await t.database.db.selectFrom('security_log').select('event').where('account_id', '=', admin.account.id).execute();
    expect(events.map((row) => row.event)).toContain('two_factor.recovery_code_used');
  });

  it('pauses code checks after repeated wrong codes', async () => {
    const agent = await signedInAgent(t, admin.email, admin.password);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await agent.post('/api/auth/totp', { code: String(100000 + i) })).status);
    expect(statuses).toContain(429);
    clock.advance(16 * MINUTE_MS);
  });

  it('refuses admin routes and pages to members and visitors', async () => {
    const member = await createVerifiedAccount(t.app);
    const agent = await signedInAgent(t, member.email, member.password);
    expect((await agent.get('/api/admin/overview')).status).toBe(403);
    expect((await agent.get('/admin', { Accept: 'text/html' })).status).toBe(403);
    expect((await agent.post('/api/admin/accounts/1/sessions/revoke')).status).toBe(403);
    const visitor = new HttpAgent(t.baseUrl);
    expect((await visitor.get('/api/admin/overview')).status).toBe(401);
    const redirect = await visitor.get('/admin', { Accept: 'text/html' });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe('/sign-in?next=/admin');
    for (const path of ['/admin/credits', '/admin/takedowns/1', '/admin/crawls']) {
      expect((await agent.get(path, { Accept: 'text/html' })).status, path).toBe(403);
      const sentAway = await visitor.get(path, { Accept: 'text/html' });
      expect([sentAway.status, sentAway.headers.get('location')], path).toEqual([303, `/sign-in?next=${path}`]);
      expect(sentAway.headers.get('cache-control'), path).toBe('no-store');
    }
    expect((await visitor.post('/api/admin/credits/adjust', { accountId: '1', amount: 1, reason: 'a reason' })).status).toBe(401);
  });

  it('lets an admin sign a member out everywhere, and logs it as an admin action', async () => {
    const member = await createVerifiedAccount(t.app);
    const memberAgent = await signedInAgent(t, member.email, member.password);
    clock.advance(MINUTE_MS);
    const agent = await signedInAgent(t, admin.email, admin.password, await currentCode());
    const response = await agent.post<{ revoked: number }>(`/api/admin/accounts/${member.account.id}/sessions/revoke`);
    expect(response.body.revoked).toBe(1);
    expect((await memberAgent.get('/api/me')).status).toBe(401);
    expect((await agent.post('/api/admin/accounts/999999999/sessions/revoke')).status).toBe(404);
    expect((await agent.post('/api/admin/accounts/abc/sessions/revoke')).status).toBe(400);
    const log = await agent.get<{ entries: { event: string; details: { targetAccountId?: string } }[] }>(`/api/admin/accounts/${admin.account.id}/security-log`);
    expect(log.body.entries.find((entry) => entry.event === 'admin.sessions_revoked')?.details.targetAccountId).toBe(member.account.id);
  });
});
