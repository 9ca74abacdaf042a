import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenApiDocument } from '../../src/http/openapi/openapi-document.ts';
import { createVerifiedAccount, GOOD_PASSWORD, signedInAgent, uniqueEmail } from '../auth/support/accounts.ts';
import { HttpAgent, type AgentResponse } from '../auth/support/http-agent.ts';
import { startFakeStripeApi, type FakeStripeApi } from '../credits/support/fake-stripe-api.ts';
import { startCreditsApp } from '../credits/support/credits-app.ts';
import { stripeEvent, WEBHOOK_SECRET } from '../credits/support/stripe-webhooks.ts';
import { ingestTestArtwork, type TestApp } from '../support/test-app.ts';
import { completeNotice, confirmTokenIn, fileConfirmedNotice, latestMail, signedInAdmin } from '../takedowns/support/takedown-helpers.ts';
import { describedRoutes, DocumentChecker, keyOf } from './support/openapi.ts';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

describe('real responses match the OpenAPI document', () => {
  let stripe: FakeStripeApi;
  let profiles: Server;
  let profileText = 'nothing here yet';
  let t: TestApp;
  let checker: DocumentChecker;
  let finished = 0;
  const TESTS = 7;

  /** Sends a request as `agent` and checks the answer against the document's description of `route`. */
  async function call<T = unknown>(agent: HttpAgent, method: Method, route: string, options: { url?: string; json?: unknown } = {}): Promise<AgentResponse<T>> {
    const url = options.url ?? route;
    const response = method === 'GET' ? await agent.get<T>(url) : await agent.send<T>(method, url, options.json);
    await checker.check(method, route, response);
    return response;
  }

  /** Account mail is sent in the background: the token of the first mail to `email` matching `subject`, once it is there. */
  async function mailedToken(email: string, subject: RegExp): Promise<string> {
    let text = '';
    await expect.poll(async () => (text = (await latestMail(t, email, subject).catch(() => ({ text: '' }))).text)).toMatch(/token=/);
    return confirmTokenIn(text);
  }

  async function signedInUser(): Promise<{ agent: HttpAgent; email: string }> {
    const created = await createVerifiedAccount(t.app);
    return { agent: await signedInAgent(t, created.email, created.password), email: created.email };
  }

  beforeAll(async () => {
    stripe = await startFakeStripeApi();
    profiles = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${profileText}</p>`));
    await new Promise<void>((resolve) => profiles.listen(0, '127.0.0.1', resolve));
    t = await startCreditsApp(stripe.url, { CLAIM_ALLOW_PRIVATE_NETWORK: '127.0.0.1' });
    const anonymous = new HttpAgent(t.baseUrl);
    const document = await anonymous.get<OpenApiDocument>('/api/openapi.json');
    checker = new DocumentChecker(document.body);
    await checker.check('GET', '/api/openapi.json', document);
  });
  afterAll(async () => {
    // Every described operation answered a success at least once: only meaningful when every scenario ran (not with -t).
    const missing = finished === TESTS ? describedRoutes(checker.document).map(keyOf).filter((key) => !checker.succeeded.has(key)) : [];
    await t?.close();
    await stripe?.close();
    await new Promise((resolve) => profiles?.close(resolve));
    if (missing.length > 0) throw new Error(`described operations never answered a success here: ${missing.join(', ')}`);
  });

  it('search, artworks, models, offers, the session and the transparency report', async () => {
    const visitor = new HttpAgent(t.baseUrl);
    const shown = await ingestTestArtwork(t.app, { prompt: 'a quiet lighthouse on a cliff at dusk, oil painting' });
    const removed = await ingestTestArtwork(t.app, { prompt: 'a quiet lighthouse in the fog, charcoal' });
    await t.app.takedowns.removal.remove({ artworkIds: [removed], actor: 'cli', reason: 'test' });

    const found = await call<{ hits: { id: string }[] }>(visitor, 'GET', '/api/search', { url: '/api/search?q=lighthouse&sort=newest' });
    expect(found.body.hits.map((hit) => hit.id)).toContain(shown);
    const suggested = await call<{ suggestions: unknown[] }>(visitor, 'GET', '/api/search', { url: '/api/search?q=lighthouse&model=no-such-model' });
    expect(suggested.body.suggestions.length).toBeGreaterThan(0);
    expect((await call(visitor, 'GET', '/api/search', { url: '/api/search?limit=1000' })).status).toBe(400);

    expect((await call(visitor, 'GET', '/api/artworks/:id', { url: `/api/artworks/${shown}` })).status).toBe(200);
    expect((await call(visitor, 'GET', '/api/artworks/:id', { url: `/api/artworks/${removed}` })).status).toBe(451);
    expect((await call(visitor, 'GET', '/api/artworks/:id', { url: '/api/artworks/999999999999' })).status).toBe(404);
    expect((await call(visitor, 'GET', '/api/artworks/:id', { url: '/api/artworks/abc' })).status).toBe(400);

    expect((await call(visitor, 'GET', '/api/models')).status).toBe(200);
    expect((await call(visitor, 'GET', '/api/billing/offers')).status).toBe(200);
    expect((await call(visitor, 'GET', '/api/csrf')).status).toBe(200);
    expect((await call(visitor, 'GET', '/api/session')).status).toBe(200);
    expect((await call(visitor, 'GET', '/api/transparency')).status).toBe(200);
    finished += 1;
  });

  it('a generation from queue to gallery, and the gallery API', async () => {
    const artworkId = await ingestTestArtwork(t.app);
    const { agent } = await signedInUser();
    expect((await call(new HttpAgent(t.baseUrl), 'POST', '/api/generations', { json: { prompt: 'a fox', model: 'offline-sketch' } })).status).toBe(401);
    expect((await call(agent, 'POST', '/api/generations', { json: { prompt: '  ', model: 'offline-sketch' } })).status).toBe(400);
    const accepted = await call<{ id: string }>(agent, 'POST', '/api/generations', { json: { prompt: 'a red fox in fresh snow', model: 'offline-sketch', artworkId } });
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('location')).toBe(`/api/generations/${accepted.body.id}`);

    const events = await call(agent, 'GET', '/api/generations/:id/events', { url: `/api/generations/${accepted.body.id}/events` });
    expect(events.text).toMatch(/event: status/);
    const done = await call<{ status: string; galleryItemId: string }>(agent, 'GET', '/api/generations/:id', { url: `/api/generations/${accepted.body.id}` });
    expect(done.body.status).toBe('succeeded');
    expect((await call(agent, 'POST', '/api/generations/:id/cancel', { url: `/api/generations/${accepted.body.id}/cancel` })).status).toBe(409);
    expect((await call(agent, 'GET', '/api/generations/:id', { url: `/api/generations/${randomUUID()}` })).status).toBe(404);
    const queued = await call<{ id: string }>(agent, 'POST', '/api/generations', { json: { prompt: 'a second fox', model: 'offline-sketch' } });
    // Canceled while queued or running, or already finished: either answer is described.
    expect([200, 409]).toContain((await call(agent, 'POST', '/api/generations/:id/cancel', { url: `/api/generations/${queued.body.id}/cancel` })).status);

    const gallery = await call<{ items: { id: string }[] }>(agent, 'GET', '/api/me/gallery', { url: '/api/me/gallery?limit=5' });
    const itemId = done.body.galleryItemId;
    expect(gallery.body.items.map((item) => item.id)).toContain(itemId);
    expect((await call(agent, 'GET', '/api/me/gallery', { url: '/api/me/gallery?limit=0' })).status).toBe(400);
    expect((await call(agent, 'PATCH', '/api/gallery/:id', { url: `/api/gallery/${itemId}`, json: { visibility: 'shared' } })).status).toBe(400);
    expect((await call(agent, 'PATCH', '/api/gallery/:id', { url: `/api/gallery/${itemId}`, json: { visibility: 'public' } })).status).toBe(200);
    const visitor = new HttpAgent(t.baseUrl);
    expect((await call(visitor, 'GET', '/api/gallery/:id/image/:variant', { url: `/api/gallery/${itemId}/image/thumb` })).status).toBe(200);
    expect((await call(visitor, 'GET', '/api/gallery/:id/download', { url: `/api/gallery/${itemId}/download` })).status).toBe(200);
    expect((await call(agent, 'DELETE', '/api/gallery/:id', { url: `/api/gallery/${itemId}` })).status).toBe(204);
    expect((await call(visitor, 'GET', '/api/gallery/:id/download', { url: `/api/gallery/${itemId}/download` })).status).toBe(404);
    expect((await call(agent, 'DELETE', '/api/gallery/:id', { url: `/api/gallery/${itemId}` })).status).toBe(404);
    finished += 1;
  });

  it('credits, checkout, the portal and a Stripe delivery', async () => {
    const { agent } = await signedInUser();
    const credits = await call<{ entries: unknown[] }>(agent, 'GET', '/api/me/credits');
    expect(credits.body.entries.length).toBeGreaterThan(0);
    expect((await call(agent, 'GET', '/api/me/credits', { url: '/api/me/credits?cursor=abc' })).status).toBe(400);
    expect((await call(agent, 'POST', '/api/billing/portal')).status).toBe(409);
    expect((await call(agent, 'POST', '/api/billing/checkout', { json: { pack: 'gold' } })).status).toBe(400);
    expect((await call(agent, 'POST', '/api/billing/checkout', { json: { pack: 'starter' } })).status).toBe(200);
    expect((await call(agent, 'POST', '/api/billing/portal')).status).toBe(200);

    const payload = JSON.stringify(stripeEvent('customer.created', { id: 'cus_test', object: 'customer' }));
    const deliver = async (signature: string) => {
      const response = await fetch(`${t.baseUrl}/api/stripe/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature }, body: payload });
      const answer = { status: response.status, headers: response.headers, text: await response.text() };
      await checker.check('POST', '/api/stripe/webhook', answer);
      return answer.status;
    };
    expect(await deliver(new Stripe('sk_test_artsift').webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }))).toBe(200);
    expect(await deliver('t=1,v1=forged')).toBe(400);
    finished += 1;
  });

  it('takedown notices, counter-notices and creator claims', async () => {
    const visitor = new HttpAgent(t.baseUrl);
    const target = await ingestTestArtwork(t.app);
    const email = uniqueEmail('claimant');
    expect((await call(visitor, 'POST', '/api/takedowns', { json: { ...completeNotice([target], email), signature: '' } })).status).toBe(400);
    expect((await call(visitor, 'POST', '/api/takedowns', { json: completeNotice([target], email) })).status).toBe(202);
    const token = confirmTokenIn((await latestMail(t, email, /Confirm your takedown notice/)).text);
    expect((await call(visitor, 'POST', '/api/takedowns/confirm', { json: { token } })).status).toBe(200);
    expect((await call(visitor, 'POST', '/api/takedowns/confirm', { json: { token } })).status).toBe(404);

    const { agent: admin } = await signedInAdmin(t);
    const removedWork = await ingestTestArtwork(t.app);
    const notice = await fileConfirmedNotice(t, visitor, [removedWork], uniqueEmail('claimant'));
    expect((await admin.post(`/api/admin/takedowns/${notice.id}/decision`, { decision: 'approve' })).status).toBe(200);
    const poster = uniqueEmail('poster');
    const counter = { artworkId: removedWork, name: 'Paul Poster', email: poster, address: '2 Gallery Road', mistakeUnderPenaltyOfPerjury: true, consentToJurisdiction: true, statement: 'I made it myself.', signature: 'Paul Poster' };
    expect((await call(visitor, 'POST', '/api/takedowns/counter-notices', { json: { ...counter, artworkId: target } })).status).toBe(404);
    expect((await call(visitor, 'POST', '/api/takedowns/counter-notices', { json: counter })).status).toBe(202);
    const counterToken = confirmTokenIn((await latestMail(t, poster, /Confirm your counter-notice/)).text);
    expect((await call(visitor, 'POST', '/api/takedowns/counter-notices/confirm', { json: { token: counterToken } })).status).toBe(200);
    expect((await call(visitor, 'POST', '/api/takedowns/counter-notices/confirm', { json: { token: counterToken } })).status).toBe(404);

    const handle = `painter-${randomUUID().slice(0, 8)}`;
    const origin = `http://127.0.0.1:${(profiles.address() as AddressInfo).port}`;
    await ingestTestArtwork(t.app, { author: { handle, name: 'A Painter', url: `${origin}/u/${handle}` } });
    const { agent: creator } = await signedInUser();
    expect((await call(creator, 'POST', '/api/creator-claims', { json: { source: 'testsource', handle: '' } })).status).toBe(400);
    const claim = await call<{ id: string; code: string }>(creator, 'POST', '/api/creator-claims', { json: { source: 'testsource', handle } });
    expect(claim.status).toBe(201);
    expect((await call(creator, 'GET', '/api/creator-claims')).status).toBe(200);
    const claimPath = (action: string) => `/api/creator-claims/${claim.body.id}/${action}`;
    expect((await call(creator, 'GET', '/api/creator-claims/:id/artworks', { url: claimPath('artworks') })).status).toBe(400);
    expect((await call(creator, 'POST', '/api/creator-claims/:id/verify', { url: claimPath('verify') })).status).toBe(400);
    profileText = `I paint. ${claim.body.code}`;
    expect((await call(creator, 'POST', '/api/creator-claims/:id/verify', { url: claimPath('verify') })).status).toBe(200);
    expect((await call(creator, 'GET', '/api/creator-claims/:id/artworks', { url: claimPath('artworks') })).status).toBe(200);
    expect((await call(creator, 'POST', '/api/creator-claims/:id/opt-out', { url: claimPath('opt-out'), json: { optedOut: true } })).status).toBe(200);
    expect((await call(creator, 'POST', '/api/creator-claims/:id/removals', { url: claimPath('removals'), json: { all: true } })).status).toBe(200);
    expect((await call(creator, 'POST', '/api/creator-claims/:id/removals', { url: '/api/creator-claims/999999/removals', json: { all: true } })).status).toBe(404);
    finished += 1;
  });

  it('an account from sign-up to deletion', async () => {
    const visitor = new HttpAgent(t.baseUrl);
    const email = uniqueEmail('api');
    expect((await call(visitor, 'POST', '/api/auth/register', { json: { email, password: 'short' } })).status).toBe(400);
    expect((await call(visitor, 'POST', '/api/auth/register', { json: { email, password: GOOD_PASSWORD } })).status).toBe(202);
    const verifyToken = await mailedToken(email, /Confirm your email/);
    expect((await call(visitor, 'POST', '/api/auth/verify-email', { json: { token: verifyToken } })).status).toBe(200);
    expect((await call(visitor, 'POST', '/api/auth/verify-email/resend', { json: { email } })).status).toBe(202);
    expect((await call(visitor, 'POST', '/api/auth/login', { json: { email, password: 'not the password at all' } })).status).toBe(401);
    expect((await call(visitor, 'POST', '/api/auth/login', { json: { email, password: GOOD_PASSWORD } })).status).toBe(200);

    expect((await call(visitor, 'GET', '/api/session')).status).toBe(200);
    expect((await call(visitor, 'GET', '/api/me')).status).toBe(200);
    const taken = await signedInUser();
    const takenName = `taken_${randomUUID().slice(0, 8)}`;
    expect((await call(taken.agent, 'PATCH', '/api/me', { json: { username: takenName } })).status).toBe(200);
    expect((await call(visitor, 'PATCH', '/api/me', { json: { username: takenName } })).status).toBe(409);
    expect((await call(visitor, 'PATCH', '/api/me', { json: { username: null } })).status).toBe(200);
    const newPassword = `${GOOD_PASSWORD} again`;
    expect((await call(visitor, 'POST', '/api/me/password', { json: { currentPassword: GOOD_PASSWORD, newPassword } })).status).toBe(204);
    expect((await call(visitor, 'GET', '/api/me/export')).status).toBe(200);

    expect((await call(visitor, 'POST', '/api/auth/password-reset/request', { json: { email } })).status).toBe(202);
    const resetToken = await mailedToken(email, /Reset your artsift password/);
    expect((await call(visitor, 'POST', '/api/auth/password-reset', { json: { token: resetToken, password: GOOD_PASSWORD } })).status).toBe(200);
    expect((await call(visitor, 'POST', '/api/auth/password-reset', { json: { token: resetToken, password: GOOD_PASSWORD } })).status).toBe(400);

    await call(visitor, 'POST', '/api/auth/login', { json: { email, password: GOOD_PASSWORD } });
    expect((await call(visitor, 'POST', '/api/auth/logout-everywhere')).status).toBe(204);
    expect((await call(visitor, 'GET', '/api/me')).status).toBe(401);
    await call(visitor, 'POST', '/api/auth/login', { json: { email, password: GOOD_PASSWORD } });
    expect((await call(visitor, 'POST', '/api/auth/logout')).status).toBe(204);
    await call(visitor, 'POST', '/api/auth/login', { json: { email, password: GOOD_PASSWORD } });
    expect((await call(visitor, 'DELETE', '/api/me', { json: { password: 'not the password at all' } })).status).toBe(401);
    expect((await call(visitor, 'DELETE', '/api/me', { json: { password: GOOD_PASSWORD } })).status).toBe(204);
    finished += 1;
  });

  it('API keys: made, listed, used instead of a session, revoked', async () => {
    const { agent } = await signedInUser();
    expect((await call(agent, 'POST', '/api/me/api-keys', { json: { name: '' } })).status).toBe(400);
    const created = await call<{ id: string; key: string }>(agent, 'POST', '/api/me/api-keys', { json: { name: 'my script' } });
    expect(created.status).toBe(201);
    expect((await call(agent, 'GET', '/api/me/api-keys')).status).toBe(200);

    const script = new HttpAgent(t.baseUrl, { Authorization: `Bearer ${created.body.key}` });
    const credits = await call(script, 'GET', '/api/me/credits');
    expect(credits.status).toBe(200);
    expect(credits.headers.get('ratelimit')).toMatch(/^"authenticated";r=\d+;t=\d+$/);
    expect((await call(script, 'GET', '/api/me/api-keys')).status).toBe(403);

    expect((await call(agent, 'DELETE', '/api/me/api-keys/:id', { url: `/api/me/api-keys/${created.body.id}` })).status).toBe(204);
    expect((await call(agent, 'DELETE', '/api/me/api-keys/:id', { url: `/api/me/api-keys/${created.body.id}` })).status).toBe(404);
    expect((await call(script, 'GET', '/api/me/credits')).status).toBe(401);
    finished += 1;
  });

  it('the second factor of an admin', async () => {
    const admin = await createVerifiedAccount(t.app, { admin: true });
    const agent = await signedInAgent(t, admin.email, admin.password);
    expect((await call<{ secondFactor: string }>(agent, 'GET', '/api/session')).body.secondFactor).toBe('required');
    expect((await call(agent, 'POST', '/api/auth/totp', { json: { code: '000000' } })).status).toBe(401);
    const { generate } = await import('otplib');
    const secret = new URL(admin.enrolment!.otpauthUri).searchParams.get('secret')!;
    const code = await generate({ secret, epoch: Math.floor(t.app.clock.now().getTime() / 1000) });
    expect((await call(agent, 'POST', '/api/auth/totp', { json: { code } })).status).toBe(200);
    finished += 1;
  });
});
