import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createVerifiedAccount, FAST_HASHING, signedInAgent } from '../auth/support/accounts.ts';
import { startTestApp, type TestApp } from '../support/test-app.ts';
import { signedInAdmin } from '../takedowns/support/takedown-helpers.ts';

const PERSONAL = 'lookup failed for jane.doe@mail.example with token=abcdef0123456789abcdef0123456789 from 203.0.113.9';

/** Makes GET /api/artworks/:id fail the way a bug would, with personal data in its message. */
function breakArtworkDetail(t: TestApp, message: string): () => void {
  const original = t.app.artworks.getDetail;
  t.app.artworks.getDetail = () => Promise.reject(new TypeError(message));
  return () => {
    t.app.artworks.getDetail = original;
  };
}

async function errorGroups(t: TestApp) {
  await t.app.errorsLog.settled();
  return t.app.db.selectFrom('error_groups').selectAll().orderBy('first_seen_at').execute();
}

describe('unexpected errors, grouped', () => {
  let t: TestApp;
  let restore: (() => void) | undefined;

  beforeAll(async () => {
    t = await startTestApp(FAST_HASHING);
  });
  afterEach(() => restore?.());
  afterAll(async () => {
    await t?.close();
  });

  it('groups a route that throws twice into one row with count 2, scrubbed of personal data', async () => {
    restore = breakArtworkDetail(t, `${PERSONAL} <script>alert(1)</script>`);
    const first = await fetch(`${t.baseUrl}/api/artworks/41?email=jane.doe%40mail.example`);
    const second = await fetch(`${t.baseUrl}/api/artworks/42?email=jane.doe%40mail.example`);
    expect([first.status, second.status]).toEqual([500, 500]);
    const { error } = (await second.json()) as { error: { requestId: string } };

    const groups = (await errorGroups(t)).filter((group) => group.error_type === 'TypeError');
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ origin: 'http', occurrences: '2', sample_route: '/api/artworks/:id', sample_request_id: error.requestId });
    const stored = JSON.stringify(groups[0]);
    for (const personal of ['jane.doe', 'mail.example', 'abcdef0123456789', '203.0.113.9', 'email=']) expect(stored).not.toContain(personal);
    expect(groups[0]!.message).toContain('lookup failed for [email] with token=[redacted] from [ip]');
    expect(groups[0]!.sample_stack).toContain('TypeError');

    // The admin page lists it, escaped.
    const { agent } = await signedInAdmin(t);
    const page = await agent.get('/admin/errors');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/api/artworks/:id');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).not.toContain('<script>alert(1)</script>');
    expect(page.text).toMatch(/<td>2<\/td>/);
    expect(page.text).toContain(error.requestId);
    const api = await agent.get<{ groups: { count: number; sample: { route: string } }[] }>('/api/admin/errors');
    expect(api.body.groups.find((group) => group.sample.route === '/api/artworks/:id')?.count).toBe(2);
  });

  it('keeps expected refusals out: a 404 or a 400 is no unexpected error', async () => {
    const before = (await errorGroups(t)).length;
    expect((await fetch(`${t.baseUrl}/api/artworks/not-a-number`)).status).toBe(400);
    expect((await fetch(`${t.baseUrl}/api/artworks/999999`)).status).toBe(404);
    expect(await errorGroups(t)).toHaveLength(before);
  });

  it('groups what background work logs as an error, with the log message as context', async () => {
    const jobLogger = t.app.logger.child({ job: 'nightly' });
    for (let run = 1; run <= 3; run += 1) jobLogger.error({ err: new Error(`purge ${run} failed for jane.doe@mail.example`) }, 'maintenance purge failed');
    const group = (await errorGroups(t)).find((row) => row.origin === 'background' && row.sample_context === 'maintenance purge failed');
    // Numbers in the message do not split the group.
    expect(group).toMatchObject({ occurrences: '3', message: expect.stringMatching(/^purge \d failed for \[email\]$/) });
  });

  it('is shown to admins who passed TOTP only', async () => {
    expect((await fetch(`${t.baseUrl}/api/admin/errors`)).status).toBe(401);
    const anonymous = await fetch(`${t.baseUrl}/admin/errors`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/sign-in?next=/admin/errors');

    const member = await createVerifiedAccount(t.app);
    const memberAgent = await signedInAgent(t, member.email, member.password);
    expect((await memberAgent.get('/admin/errors')).status).toBe(403);
    expect((await memberAgent.get('/api/admin/errors')).status).toBe(403);

    const admin = await createVerifiedAccount(t.app, { admin: true });
    const halfSignedIn = await signedInAgent(t, admin.email, admin.password);
    const secondFactorPage = await halfSignedIn.get('/admin/errors');
    expect(secondFactorPage.text).toContain('authenticator app');
    expect(secondFactorPage.text).not.toContain('lookup failed');
  });
});

describe('SENTRY_DSN', () => {
  let sentry: Server;
  const envelopes: { path: string; body: string }[] = [];
  let t: TestApp;

  beforeAll(async () => {
    // Sentry's ingestion endpoint as documented: POST /api/<project>/envelope/, newline-delimited JSON.
    sentry = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        envelopes.push({ path: request.url ?? '', body: (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8') });
        response.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => sentry.listen(0, '127.0.0.1', resolve));
    const address = sentry.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    t = await startTestApp({ SENTRY_DSN: `http://publickey@127.0.0.1:${port}/42` });
  });
  afterAll(async () => {
    await t?.close();
    await new Promise((resolve) => sentry?.close(resolve));
  });

  it('sends each unexpected error as an envelope, without personal data', async () => {
    const restore = breakArtworkDetail(t, PERSONAL);
    try {
      expect((await fetch(`${t.baseUrl}/api/artworks/7?email=jane.doe%40mail.example`, { headers: { Cookie: 'sid=secret-cookie' } })).status).toBe(500);
    } finally {
      restore();
    }
    await t.app.errorsLog.settled();
    expect(envelopes.length).toBeGreaterThanOrEqual(1);
    const envelope = envelopes.find((candidate) => candidate.body.includes('"type":"event"'));
    expect(envelope?.path.split('?')[0]).toBe('/api/42/envelope/');
    const [header, itemHeader, payload] = envelope!.body.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(header).toMatchObject({ event_id: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(itemHeader).toMatchObject({ type: 'event' });
    const event = payload as { exception: { values: { type: string; value: string }[] }; tags: Record<string, string>; fingerprint: string[]; user?: unknown; request?: unknown };
    expect(event.exception.values[0]).toMatchObject({ type: 'TypeError', value: 'lookup failed for [email] with token=[redacted] from [ip]' });
    expect(event.tags).toMatchObject({ origin: 'http', route: '/api/artworks/:id' });
    const [group] = await errorGroups(t);
    expect(event.fingerprint).toEqual([group!.fingerprint]);
    expect(event.user).toBeUndefined();
    expect(event.request).toBeUndefined();
    for (const personal of ['jane.doe', 'mail.example', 'abcdef0123456789', '203.0.113.9', 'secret-cookie']) expect(envelope!.body).not.toContain(personal);
  });
});
