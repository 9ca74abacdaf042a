import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher, HASHING_BUSY_MESSAGE } from '../../src/accounts/password-hasher.ts';
import { RateLimitedError } from '../../src/errors.ts';
import { outboxDir, readOutbox } from '../../src/mail/outbox.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, createVerifiedAccount, signedInAgent, uniqueEmail } from './support/accounts.ts';
import { HttpAgent } from './support/http-agent.ts';
import { createTestClock } from './support/test-clock.ts';

interface ErrorBody {
  error: { code: string; field?: string };
}

describe('password hashing is bounded', () => {
  it('runs a bounded number of hashes, queues a few and refuses the rest at once with 429', async () => {
    const hasher = createPasswordHasher({ log2Cost: 12, limits: { concurrency: 1, queueLimit: 2 } });
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, (_, index) => hasher.hash(`password number ${index}`)));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(3);
    const refused = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected').map((outcome) => outcome.reason as unknown);
    expect(refused).toHaveLength(2);
    for (const reason of refused) {
      expect(reason).toBeInstanceOf(RateLimitedError);
      expect((reason as RateLimitedError).message).toBe(HASHING_BUSY_MESSAGE);
    }
    // The slots are free again once the burst is over.
    const stored = await hasher.hash('after the burst');
    expect(await hasher.verify('after the burst', stored)).toBe(true);
  });
});

describe('abuse limits on sign-in, codes, resets and password checks', () => {
  let t: TestApp;
  const clock = createTestClock();

  beforeAll(async () => {
    // A roomy hashing queue: these tests are about counters, not the queue.
    t = await startTestApp({ ...FAST_HASHING, PASSWORD_HASH_QUEUE: '100', TRUST_PROXY: 'loopback' }, { clock });
  });
  afterAll(async () => {
    await t?.close();
  });

  // At most 5 of 25 concurrent wrong passwords or second-factor codes are evaluated: checked
  // without HTTP in auth-limits.service.test.ts (the 401s and the 429 in sessions and admin tests).
  it('limits reset attempts per address; a bogus link answers 400 naming the token', async () => {
    const agent = new HttpAgent(t.baseUrl, { 'X-Forwarded-For': '198.51.100.77' });
    const statuses: number[] = [];
    for (let index = 0; index < 21; index++) {
      const response = await agent.post<ErrorBody>('/api/auth/password-reset', { token: `${'b'.repeat(40)}${String(index).padStart(3, '0')}`, password: 'a long enough passphrase' });
      statuses.push(response.status);
      if (response.status === 400) expect(response.body.error.field).toBe('token');
    }
    expect(statuses.slice(0, 20).every((status) => status === 400)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it('limits current-password checks per account on password change and deletion', async () => {
    const { email, password } = await createVerifiedAccount(t.app);
    const agent = await signedInAgent(t, email, password);
    const statuses: number[] = [];
    for (let index = 0; index < 3; index++) statuses.push((await agent.post('/api/me/password', { currentPassword: `not it ${index}`, newPassword: 'a brand new passphrase' })).status);
    for (let index = 0; index < 3; index++) statuses.push((await agent.send('DELETE', '/api/me', { password: `not it either ${index}` })).status);
    expect(statuses.slice(0, 3)).toEqual([400, 400, 400]);
    expect(statuses.slice(3, 5)).toEqual([401, 401]);
    expect(statuses[5]).toBe(429);
    // Even the right password waits for the window to end.
    expect((await agent.send('DELETE', '/api/me', { password })).status).toBe(429);
    clock.advance(16 * 60 * 1000);
    expect((await agent.post('/api/me/password', { currentPassword: password, newPassword: 'a brand new passphrase' })).status).toBe(204);
  });

  it('mails reset links after the answer, and past the mail cap keeps the newest link working', async () => {
    const { email } = await createVerifiedAccount(t.app);
    const agent = new HttpAgent(t.baseUrl, { 'X-Forwarded-For': '198.51.100.78' });
    for (let index = 0; index < 5; index++) {
      expect((await agent.post('/api/auth/password-reset/request', { email })).status).toBe(202);
      await t.app.accounts.background.settled();
    }
    const links = (await readOutbox(outboxDir(t.dataDir), { limit: 100 })).filter((message) => message.to === email);
    expect(links).toHaveLength(5);
    const newest = /\?token=([A-Za-z0-9_-]{43})/.exec(links[0]!.text)![1];

    // The sixth request is past the per-recipient cap: no mail, and the link in the inbox still works.
    expect((await agent.post('/api/auth/password-reset/request', { email })).status).toBe(202);
    await t.app.accounts.background.settled();
    expect((await readOutbox(outboxDir(t.dataDir), { limit: 100 })).filter((message) => message.to === email)).toHaveLength(5);
    expect((await agent.post('/api/auth/password-reset', { token: newest, password: 'the newest link still works' })).status).toBe(200);

    // Unknown addresses answer the same.
    expect((await agent.post('/api/auth/password-reset/request', { email: uniqueEmail('nobody') })).status).toBe(202);
  });
});
