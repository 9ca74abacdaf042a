import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.ts';
import { outboxDir, readOutbox } from '../../src/mail/outbox.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, GOOD_PASSWORD, uniqueEmail } from './support/accounts.ts';
import { HttpAgent } from './support/http-agent.ts';

/** A documentation address (RFC 5737), reported by the trusted loopback proxy as the client. */
const CLIENT_IP = '198.51.100.23';

describe('logs and the security log hold no raw IP address or email', () => {
  let t: TestApp;
  const lines: string[] = [];
  const email = uniqueEmail('Private.Person');

  beforeAll(async () => {
    // Everything the app logs, at the most verbose level, lands here.
    const logger = createLogger('trace', { write: (line: string) => void lines.push(line) });
    t = await startTestApp({ ...FAST_HASHING, TRUST_PROXY: 'loopback' }, { logger });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('after sign-up, mail, verification, failures, a lockout, a reset, sign-out and deletion', async () => {
    const browser = new HttpAgent(t.baseUrl, { 'X-Forwarded-For': CLIENT_IP });
    expect((await browser.post('/api/auth/register', { email, password: GOOD_PASSWORD })).status).toBe(202);
    const [mail] = await readOutbox(outboxDir(t.dataDir), { limit: 1 });
    const token = /\?token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1];
    expect((await browser.post('/api/auth/verify-email', { token })).status).toBe(200);
    for (let i = 0; i < 6; i++) await browser.post('/api/auth/login', { email, password: `wrong guess number ${i}` });
    await browser.post('/api/auth/login', { email: uniqueEmail('unknown'), password: 'whatever it is' });
    await browser.post('/api/auth/register', { email, password: GOOD_PASSWORD });
    await browser.post('/api/auth/password-reset/request', { email });
    await t.app.accounts.background.settled();
    const resetToken = /\?token=([A-Za-z0-9_-]{43})/.exec((await readOutbox(outboxDir(t.dataDir), { limit: 1 }))[0]!.text)![1];
    expect((await browser.post('/api/auth/password-reset', { token: resetToken, password: 'after the reset passphrase' })).status).toBe(200);
    expect((await browser.post('/api/auth/login', { email, password: 'after the reset passphrase' })).status).toBe(200);
    await browser.get('/api/me');
    await browser.get('/account', { Accept: 'text/html' });
    await browser.post('/api/auth/logout');
    expect((await browser.post('/api/auth/login', { email, password: 'after the reset passphrase' })).status).toBe(200);
    expect((await browser.send('DELETE', '/api/me', { password: 'after the reset passphrase' })).status).toBe(204);

    const log = lines.join('');
    expect(lines.length).toBeGreaterThan(20);
    expect(log).toContain('security event');
    expect(log).toContain('mail written to the outbox');
    const [localPart, domain] = email.split('@') as [string, string];
    for (const forbidden of [email, email.toLowerCase(), localPart.toLowerCase(), domain, CLIENT_IP, '127.0.0.1']) {
      expect(log.toLowerCase()).not.toContain(forbidden.toLowerCase());
    }

    const securityLog = await t.database.db.selectFrom('security_log').selectAll().execute();
    expect(securityLog.length).toBeGreaterThan(10);
    for (const row of securityLog) {
      expect(row.ip_hash).toMatch(/^[0-9a-f]{32}$/);
      expect(JSON.stringify(row)).not.toContain(CLIENT_IP);
      expect(JSON.stringify(row).toLowerCase()).not.toContain(localPart.toLowerCase());
    }
    // One client, one hash: the log can still tell "same address" apart from "another".
    expect(new Set(securityLog.map((row) => row.ip_hash)).size).toBe(1);

    const stored = await sql<{ dump: string }>`select coalesce(string_agg(t::text, ' '), '') as dump from (
      select key as t from rate_limit_counters union all select data::text from sessions) as rows`.execute(t.database.db);
    expect(stored.rows[0]!.dump).not.toContain(CLIENT_IP);
    expect(stored.rows[0]!.dump.toLowerCase()).not.toContain(localPart.toLowerCase());
  });
});
