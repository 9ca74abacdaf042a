import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { FAST_HASHING, GOOD_PASSWORD, createVerifiedAccount, uniqueEmail } from './support/accounts.ts';
import { freePort } from './support/free-port.ts';
import { HttpAgent, type AgentResponse } from './support/http-agent.ts';
import { startLocalOidcProvider, type LocalOidcProvider } from './support/local-oidc-provider.ts';

interface Me {
  id: string;
  email: string;
  signInMethods: string[];
  emailVerified: boolean;
}

describe('Sign in with Google, end to end against a local OpenID provider', () => {
  let t: TestApp;
  let provider: LocalOidcProvider;
  let subjects = 0;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    provider = await startLocalOidcProvider({ redirectUri: `${publicUrl}/auth/google/callback` });
    t = await startTestApp({
      ...FAST_HASHING,
      PORT: String(port),
      PUBLIC_URL: publicUrl,
      GOOGLE_ISSUER_URL: provider.issuerUrl,
      GOOGLE_CLIENT_ID: provider.clientId,
      GOOGLE_CLIENT_SECRET: provider.clientSecret,
    });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.close();
  });

  const newIdentity = (email = uniqueEmail('google'), emailVerified = true) => ({ sub: `google-${++subjects}`, email, email_verified: emailVerified });

  /** Follows redirects between app and provider like a browser; returns the app's last answer. */
  async function roundTrip(browser: HttpAgent, start = '/auth/google'): Promise<AgentResponse> {
    const providerSide = new HttpAgent(provider.issuerUrl);
    let from = t.baseUrl;
    let response = await browser.get(start, { Accept: 'text/html' });
    for (let hop = 0; hop < 20; hop++) {
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || !location) return response;
      const url = new URL(location, from);
      // The app sending the browser somewhere of its own ends the round trip.
      if (from === t.baseUrl && url.origin === t.baseUrl) return response;
      from = url.origin;
      const agent = url.origin === provider.issuerUrl ? providerSide : browser;
      response = await agent.get(url.origin === provider.issuerUrl ? url.toString() : `${url.pathname}${url.search}`, { Accept: 'text/html' });
    }
    throw new Error('too many redirects');
  }

  it('creates a verified account for a new Google user and signs them in with a fresh session', async () => {
    const identity = newIdentity();
    provider.signInAs(identity);
    const browser = new HttpAgent(t.baseUrl);
    const finished = await roundTrip(browser);
    expect(finished.status).toBe(303);
    expect(finished.headers.get('location')).toBe('/account');
    const me = await browser.get<Me>('/api/me');
    expect(me.body).toMatchObject({ email: identity.email, emailVerified: true, signInMethods: ['google'] });

    // Second time: the same account, not a new one.
    const again = new HttpAgent(t.baseUrl);
    await roundTrip(again);
    expect((await again.get<Me>('/api/me')).body.id).toBe(me.body.id);
  });

  it('links Google to an existing local account with the same verified address instead of duplicating it', async () => {
    const local = await createVerifiedAccount(t.app);
    provider.signInAs(newIdentity(local.email.toUpperCase()));
    const browser = new HttpAgent(t.baseUrl);
    await roundTrip(browser);
    const me = await browser.get<Me>('/api/me');
    expect(me.body.id).toBe(local.account.id);
    expect(me.body.signInMethods).toEqual(['password', 'google']);
    const count = await t.database.db.selectFrom('accounts').select((eb) => eb.fn.countAll<string>().as('n')).where('email', '=', local.email).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    // The password still works too.
    expect((await new HttpAgent(t.baseUrl).post('/api/auth/login', { email: local.email, password: local.password })).status).toBe(200);
  });

  it('takes over an unconfirmed local sign-up for the same address, dropping its unproven password', async () => {
    const email = uniqueEmail('squatted');
    await new HttpAgent(t.baseUrl).post('/api/auth/register', { email, password: GOOD_PASSWORD });
    provider.signInAs(newIdentity(email));
    const browser = new HttpAgent(t.baseUrl);
    await roundTrip(browser);
    expect((await browser.get<Me>('/api/me')).body).toMatchObject({ email, emailVerified: true, signInMethods: ['google'] });
    expect((await new HttpAgent(t.baseUrl).post('/api/auth/login', { email, password: GOOD_PASSWORD })).status).toBe(401);
  });

  it('refuses an address Google has not verified', async () => {
    provider.signInAs(newIdentity(uniqueEmail('unverified'), false));
    const browser = new HttpAgent(t.baseUrl);
    const finished = await roundTrip(browser);
    expect(finished.status).toBe(403);
    expect((await browser.get('/api/me')).status).toBe(401);
  });

  it('refuses a callback that did not start here (no PKCE verifier in the session)', async () => {
    const response = await new HttpAgent(t.baseUrl).get('/auth/google/callback?code=forged&iss=x', { Accept: 'text/html' });
    expect(response.status).toBe(401);
  });

  it('deletes a Google-only account after a fresh Google re-authentication, not before', async () => {
    const identity = newIdentity();
    provider.signInAs(identity);
    const browser = new HttpAgent(t.baseUrl);
    await roundTrip(browser);
    const me = (await browser.get<Me>('/api/me')).body;

    // A sign-in more than ten minutes old is no confirmation; simulate by clearing the mark.
    await t.database.db
      .updateTable('sessions')
      .set((eb) => ({ data: eb.fn<string>('jsonb_set', [eb.ref('data'), eb.val('{reauthenticatedAt}'), eb.val('0')]) }))
      .where('account_id', '=', me.id)
      .execute();
    const refused = await browser.send<{ error: { field: string } }>('DELETE', '/api/me', {});
    expect(refused.status).toBe(403);
    expect(refused.body.error.field).toBe('reauthentication');

    const loginsBefore = provider.logins;
    const back = await roundTrip(browser, '/auth/google?intent=reauthenticate');
    expect(provider.logins).toBe(loginsBefore + 1);
    expect(back.headers.get('location')).toBe('/account?reauthenticated=1#delete');
    expect((await browser.send('DELETE', '/api/me', {})).status).toBe(204);
    expect(await t.database.db.selectFrom('accounts').select('id').where('id', '=', me.id).executeTakeFirst()).toBeUndefined();
  });

  it('refuses re-authentication as a different Google account', async () => {
    provider.signInAs(newIdentity());
    const browser = new HttpAgent(t.baseUrl);
    await roundTrip(browser);
    provider.signInAs(newIdentity());
    const response = await roundTrip(browser, '/auth/google?intent=reauthenticate');
    expect(response.status).toBe(403);
  });
});
