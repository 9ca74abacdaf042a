import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outboxDir, readOutbox } from '../../src/mail/outbox.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, createVerifiedAccount, signedInAgent, uniqueEmail } from './support/accounts.ts';
import { HttpAgent } from './support/http-agent.ts';
import { createTestClock, HOUR_MS, MINUTE_MS } from './support/test-clock.ts';

interface ErrorBody {
  error: { code: string; field?: string };
}

describe('password change and reset (mail to the outbox when SMTP_URL is unset)', () => {
  let t: TestApp;
  const clock = createTestClock();

  beforeAll(async () => {
    t = await startTestApp(FAST_HASHING, { clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function resetLinkFor(email: string): Promise<string> {
    // Reset mail goes out after the answer (its timing must not reveal accounts).
    await t.app.accounts.background.settled();
    const messages = await readOutbox(outboxDir(t.dataDir), { limit: 50 });
    const mail = messages.find((message) => message.to === email && /Reset your/.test(message.subject));
    const token = /\?token=([A-Za-z0-9_-]{43})/.exec(mail?.text ?? '')?.[1];
    if (!token) throw new Error(`no reset mail for ${email}`);
    return token;
  }

  it('changes the password, keeps this session and ends the others', async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    const here = await signedInAgent(t, email, password);
    const elsewhere = await signedInAgent(t, email, password);

    const wrong = await here.post<ErrorBody>('/api/me/password', { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.field).toBe('currentPassword');
    const common = await here.post<ErrorBody>('/api/me/password', { currentPassword: password, newPassword: 'basketball' });
    expect(common.status).toBe(400);
    expect(common.body.error.field).toBe('newPassword');

    expect((await here.post('/api/me/password', { currentPassword: password, newPassword: 'a brand new passphrase' })).status).toBe(204);
    expect((await here.get('/api/me')).status).toBe(200);
    expect((await elsewhere.get('/api/me')).status).toBe(401);
    expect((await new HttpAgent(t.baseUrl).post('/api/auth/login', { email, password })).status).toBe(401);
    expect((await new HttpAgent(t.baseUrl).post('/api/auth/login', { email, password: 'a brand new passphrase' })).status).toBe(200);
    const notice = (await readOutbox(outboxDir(t.dataDir), { limit: 50 })).find((message) => message.to === email);
    expect(notice?.subject).toMatch(/password was changed/);
  });

  it('needs a session to change a password', async () => {
    expect((await new HttpAgent(t.baseUrl).post('/api/me/password', { newPassword: 'whatever passphrase' })).status).toBe(401);
  });

  it('answers reset requests the same for known and unknown addresses', async () => {
    const { email } = await createVerifiedAccount(t.app);
    const agent = new HttpAgent(t.baseUrl);
    const before = (await readdir(outboxDir(t.dataDir)).catch(() => [])).length;
    const known = await agent.post('/api/auth/password-reset/request', { email });
    const unknown = await agent.post('/api/auth/password-reset/request', { email: uniqueEmail('nobody') });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    await t.app.accounts.background.settled();
    expect((await readdir(outboxDir(t.dataDir))).length).toBe(before + 1);
    const invalid = await agent.post<ErrorBody>('/api/auth/password-reset/request', { email: 'not an address' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.field).toBe('email');
  });

  it('resets with a single-use link, signing out every session', async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    const session = await signedInAgent(t, email, password);
    const agent = new HttpAgent(t.baseUrl);
    await agent.post('/api/auth/password-reset/request', { email });
    const token = await resetLinkFor(email);

    const page = await agent.get(`/reset-password?token=${token}`, { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('Choose a new password');

    const weak = await agent.post<ErrorBody>('/api/auth/password-reset', { token, password: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.field).toBe('password');
    expect((await agent.post('/api/auth/password-reset', { token, password: 'reset to this passphrase' })).status).toBe(200);
    const reused = await agent.post<ErrorBody>('/api/auth/password-reset', { token, password: 'and again another one' });
    expect(reused.status).toBe(400);
    expect(reused.body.error.field).toBe('token');

    expect((await session.get('/api/me')).status).toBe(401);
    expect((await new HttpAgent(t.baseUrl).post('/api/auth/login', { email, password: 'reset to this passphrase' })).status).toBe(200);
  });

  it('lets a reset link expire after an hour; a newer link replaces older ones', async () => {
    const { email } = await createVerifiedAccount(t.app);
    const agent = new HttpAgent(t.baseUrl);
    await agent.post('/api/auth/password-reset/request', { email });
    const first = await resetLinkFor(email);
    clock.advance(MINUTE_MS);
    await agent.post('/api/auth/password-reset/request', { email });
    await t.app.accounts.background.settled();
    const second = (await readOutbox(outboxDir(t.dataDir), { limit: 50 })).find((message) => message.to === email && !message.text.includes(first));
    const secondToken = /\?token=([A-Za-z0-9_-]{43})/.exec(second?.text ?? '')?.[1];
    expect(secondToken).toBeDefined();
    expect((await agent.post('/api/auth/password-reset', { token: first, password: 'a replaced link passphrase' })).status).toBe(400);
    clock.advance(HOUR_MS);
    expect((await agent.post('/api/auth/password-reset', { token: secondToken, password: 'an expired link passphrase' })).status).toBe(400);
  });

  it.each([{}, { token: 'short' }, { token: 'x'.repeat(43) }])('refuses the reset body %j', async (body) => {
    const response = await new HttpAgent(t.baseUrl).post<ErrorBody>('/api/auth/password-reset', { password: 'a fine passphrase', ...body });
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('token');
  });
});
