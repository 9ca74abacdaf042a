import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, GOOD_PASSWORD, createVerifiedAccount, uniqueEmail } from './support/accounts.ts';
import { HttpAgent } from './support/http-agent.ts';
import { linkIn, startSmtpCapture, type SmtpCapture } from './support/smtp-capture.ts';
import { createTestClock, HOUR_MS } from './support/test-clock.ts';

interface ErrorBody {
  error: { code: string; field?: string; issues?: { field: string; message: string }[] };
}

describe('sign-up and email verification (mail through a local SMTP server)', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  const clock = createTestClock();

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp({ ...FAST_HASHING, SMTP_URL: smtp.url }, { clock });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('registers, mails a link, verifies once and then signs in', async () => {
    const email = uniqueEmail('signup');
    const agent = new HttpAgent(t.baseUrl);
    const registered = await agent.post<{ status: string }>('/api/auth/register', { email: `  ${email.toUpperCase()} `, password: GOOD_PASSWORD, username: 'New_Artist' });
    expect(registered.status).toBe(202);
    expect(registered.body.status).toBe('check_your_inbox');

    // Not usable before the address is confirmed.
    const early = await agent.post<ErrorBody>('/api/auth/login', { email, password: GOOD_PASSWORD });
    expect(early.status).toBe(403);
    expect(early.body.error.field).toBe('email');

    const mail = await smtp.waitFor(email, /Confirm your email/);
    const link = linkIn(mail);
    expect(link.pathname).toBe('/verify-email');
    const page = await agent.get(`${link.pathname}${link.search}`, { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.text).toContain('Confirm my email');

    const token = link.searchParams.get('token');
    expect((await agent.post('/api/auth/verify-email', { token })).status).toBe(200);
    const again = await agent.post<ErrorBody>('/api/auth/verify-email', { token });
    expect(again.status).toBe(400);
    expect(again.body.error.field).toBe('token');

    const signedIn = await agent.post<{ user: { email: string; username: string; emailVerified: boolean } }>('/api/auth/login', { email, password: GOOD_PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ email, username: 'new_artist', emailVerified: true });
  });

  it('answers a sign-up with a registered address exactly like a new one, and tells the owner by mail', async () => {
    const { email } = await createVerifiedAccount(t.app);
    const fresh = await new HttpAgent(t.baseUrl).post('/api/auth/register', { email: uniqueEmail('fresh'), password: GOOD_PASSWORD });
    const taken = await new HttpAgent(t.baseUrl).post('/api/auth/register', { email, password: 'another long passphrase' });
    expect(taken.status).toBe(fresh.status);
    expect(taken.body).toEqual(fresh.body);
    const mail = await smtp.waitFor(email, /already have an artsift account/);
    expect(mail.text).toContain('/forgot-password');
    // The existing account keeps its password.
    expect((await new HttpAgent(t.baseUrl).post('/api/auth/login', { email, password: GOOD_PASSWORD })).status).toBe(200);
  });

  it.each([
    [{ email: 'not-an-email', password: GOOD_PASSWORD }, 'email'],
    [{ email: uniqueEmail(), password: 'short' }, 'password'],
    [{ email: uniqueEmail(), password: 'password123' }, 'password'],
    [{ email: uniqueEmail(), password: 'qwertyuiop' }, 'password'],
    [{ email: uniqueEmail(), password: 'x'.repeat(129) }, 'password'],
    [{ email: uniqueEmail(), password: GOOD_PASSWORD, username: 'no spaces!' }, 'username'],
    [{ password: GOOD_PASSWORD }, 'email'],
  ])('refuses %j naming the field %s', async (body, field) => {
    const response = await new HttpAgent(t.baseUrl).post<ErrorBody>('/api/auth/register', body);
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
  });

  it('refuses malformed JSON and a taken username', async () => {
    const agent = new HttpAgent(t.baseUrl);
    const token = await agent.fetchCsrfToken();
    const malformed = await agent.request('POST', '/api/auth/register', { headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': token } });
    expect(malformed.status).toBe(400);
    await agent.post('/api/auth/register', { email: uniqueEmail(), password: GOOD_PASSWORD, username: 'taken_name' });
    const conflict = await agent.post<ErrorBody>('/api/auth/register', { email: uniqueEmail(), password: GOOD_PASSWORD, username: 'Taken_Name' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.field).toBe('username');
  });

  it('lets a verification link expire after 24 hours, and resending works the same for unknown addresses', async () => {
    const email = uniqueEmail('expiring');
    const agent = new HttpAgent(t.baseUrl);
    await agent.post('/api/auth/register', { email, password: GOOD_PASSWORD });
    const token = linkIn(await smtp.waitFor(email, /Confirm your email/)).searchParams.get('token');
    clock.advance(25 * HOUR_MS);
    const expired = await agent.post<ErrorBody>('/api/auth/verify-email', { token });
    expect(expired.status).toBe(400);
    expect(expired.body.error.field).toBe('token');

    const before = smtp.messages.length;
    const known = await agent.post('/api/auth/verify-email/resend', { email });
    const unknown = await agent.post('/api/auth/verify-email/resend', { email: uniqueEmail('nobody') });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    const resent = await smtp.waitFor(email, /Confirm your email/);
    expect(smtp.messages.length).toBe(before + 1);
    const newToken = linkIn(smtp.messages.filter((mail) => mail.to.includes(email)).at(-1) ?? resent).searchParams.get('token');
    expect(newToken).not.toBe(token);
    expect((await agent.post('/api/auth/verify-email', { token: newToken })).status).toBe(200);
  });

  // The cap on sign-ups per client address is checked without HTTP in auth-limits.service.test.ts.
});
