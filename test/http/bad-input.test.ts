import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_HASHING, createVerifiedAccount } from '../auth/support/accounts.ts';
import { HttpAgent } from '../auth/support/http-agent.ts';
import { ingestTestArtwork, startTestApp, type TestApp } from '../support/test-app.ts';
import { completeNotice, signedInAdmin } from '../takedowns/support/takedown-helpers.ts';

interface ErrorBody {
  error: { code: string; field?: string };
}

/** Text PostgreSQL cannot store or that has no place in any field, and numbers past bigint. */
const BAD_VALUES = ['not-a-number', '\u0000', 'a name\u0000', '\ud800', 'x\udfffy', '\u001b[2J', '9223372036854775808', '-9223372036854775809', '1e400'];

/** Every field name the API's schemas read (and a few more), so bad values reach each parser. */
const FIELD_NAMES = [
  'accountId', 'address', 'all', 'amount', 'artwork', 'artworkId', 'artworkIds', 'aspect', 'assigneeId', 'avatar', 'checkout', 'claimantName',
  'code', 'consentToJurisdiction', 'copyrightedWork', 'currentPassword', 'cursor', 'decision', 'details', 'email', 'goodFaith', 'handle',
  'id', 'intent', 'items', 'kind', 'limit', 'mistakeUnderPenaltyOfPerjury', 'model', 'name', 'negativePrompt', 'newPassword', 'next', 'note',
  'notice', 'nsfw', 'page', 'password', 'phone', 'price', 'priceId', 'prompt', 'q', 'reason', 'referenceImage', 'removeArtworkIds', 'seed',
  'signature', 'sort', 'source', 'statement', 'status', 'token', 'totp', 'url', 'username', 'visibility', 'public', 'accurateUnderPenaltyOfPerjury',
];

/** A lone surrogate has no UTF-8 form: sent as the bytes a careless client would send. */
function inUrl(value: string): string {
  return /[\uD800-\uDFFF]/.test(value) ? '%ED%A0%80' : encodeURIComponent(value);
}

interface RouteLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: RouteLayer[] };
}

/** Every method and path the app routes, read from Express's own router. */
function routesOf(stack: RouteLayer[]): { method: string; path: string }[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      return paths.flatMap((path) => Object.keys(layer.route!.methods).filter((method) => method !== '_all').map((method) => ({ method: method.toUpperCase(), path })));
    }
    return layer.handle?.stack ? routesOf(layer.handle.stack) : [];
  });
}

describe('bad input never causes a 5xx', { timeout: 180_000 }, () => {
  let t: TestApp;
  let admin: HttpAgent;

  beforeAll(async () => {
    // Payments configured (toward a closed port): otherwise the webhook answers a deliberate 503.
    t = await startTestApp({ ...FAST_HASHING, PASSWORD_HASH_QUEUE: '1000', STRIPE_SECRET_KEY: 'sk_test_bad_input', STRIPE_WEBHOOK_SECRET: 'whsec_bad_input', STRIPE_API_BASE_URL: 'http://127.0.0.1:9' });
    const account = await createVerifiedAccount(t.app, { admin: true });
    const secret = new URL(account.enrolment!.otpauthUri).searchParams.get('secret')!;
    // An admin past TOTP reaches every route, members' and admins' alike.
    admin = new HttpAgent(t.baseUrl);
    const signIn = await admin.post('/api/auth/login', { email: account.email, password: account.password, totp: await generate({ secret }) });
    expect(signIn.status).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every route with control characters, lone surrogates and out-of-range numbers without a 5xx', async () => {
    const routes = routesOf((t.app.http as unknown as { router: { stack: RouteLayer[] } }).router.stack)
      // Signing out or deleting the account last, so every other route is tried signed in.
      .sort((a, b) => Number(/logout|^\/api\/me$/.test(a.path) && a.method !== 'GET') - Number(/logout|^\/api\/me$/.test(b.path) && b.method !== 'GET'));
    expect(routes.length).toBeGreaterThan(40);
    const failures: string[] = [];
    for (const { method, path } of routes) {
      for (const [index, bad] of BAD_VALUES.entries()) {
        const param = index % 2 === 0 ? '1' : inUrl(bad);
        const url = path.replace(/:(\w+)/g, param).replace(/\*\w*/g, 'x');
        const query = FIELD_NAMES.map((name) => `${name}=${inUrl(bad)}`).join('&');
        const body = Object.fromEntries(FIELD_NAMES.map((name) => [name, index % 3 === 2 ? [bad] : bad]));
        const response =
          method === 'GET' || method === 'HEAD'
            ? await admin.request(method, `${url}?${query}`)
            : await admin.send(method as 'POST' | 'PUT' | 'PATCH' | 'DELETE', `${url}?${query}`, body);
        if (response.status >= 500) failures.push(`${method} ${path} with ${JSON.stringify(bad)}: ${response.status} ${response.text.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers valid requests with one text field poisoned with a 400 naming that field', async () => {
    // Valid bodies get past every other check, so the poisoned field is what reaches the database.
    const artworkId = await ingestTestArtwork(t.app);
    const member = await createVerifiedAccount(t.app);
    const { agent: reviewer } = await signedInAdmin(t);
    const requests: [path: string, body: Record<string, unknown>][] = [
      ['/api/takedowns', completeNotice([artworkId])],
      ['/api/creator-claims', { source: 'testsource', handle: 'tester' }],
      ['/api/admin/credits/adjust', { accountId: member.account.id, amount: 3, reason: 'a fine reason' }],
    ];
    const failures: string[] = [];
    for (const [path, valid] of requests) {
      for (const field of Object.keys(valid).filter((key) => typeof valid[key] === 'string')) {
        for (const bad of ['\u0000', '\ud800', 'x\u0007']) {
          const response = await reviewer.post<ErrorBody>(path, { ...valid, [field]: `${String(valid[field])}${bad}` });
          if (response.status !== 400 || response.body.error?.field !== field) failures.push(`${path} ${field} ${JSON.stringify(bad)}: ${response.status} ${response.text.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('text fields refuse control characters and lone surrogates with a 400 naming the field', () => {
  let t: TestApp;
  let member: HttpAgent;
  let admin: HttpAgent;

  beforeAll(async () => {
    t = await startTestApp(FAST_HASHING);
    const account = await createVerifiedAccount(t.app);
    member = new HttpAgent(t.baseUrl);
    expect((await member.post('/api/auth/login', { email: account.email, password: account.password })).status).toBe(200);
    // The admin gate answers members before their body is read: admin routes are tried as an admin.
    admin = (await signedInAdmin(t)).agent;
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each([
    ['POST', '/api/takedowns', { claimantName: 'Ann\u0000' }, 'claimantName'],
    ['POST', '/api/takedowns', { copyrightedWork: 'my drawing \ud83d' }, 'copyrightedWork'],
    ['POST', '/api/takedowns/counter-notices', { name: '\udc00Bob' }, 'name'],
    ['POST', '/api/creator-claims', { source: 'demo', handle: 'me\u0000' }, 'handle'],
    ['POST', '/api/admin/credits/adjust', { accountId: '1', amount: 5, reason: 'bonus\u0007' }, 'reason'],
    ['POST', '/api/admin/takedowns/1/notes', { note: 'looked at it\u0000' }, 'note'],
    ['PATCH', '/api/me', { username: 'name\u001f' }, 'username'],
  ] as const)('%s %s %j', async (method, path, body, field) => {
    const response = await (path.startsWith('/api/admin/') ? admin : member).send<ErrorBody>(method, path, body);
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe(field);
  });

  it('range-checks cursors: a value past bigint is a 400 naming the cursor', async () => {
    const response = await member.get<ErrorBody>('/api/me/credits?cursor=9223372036854775808');
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('cursor');
    expect((await member.get('/api/me/credits?cursor=9223372036854775807')).status).toBe(200);
  });

  it('refuses a NUL in a query parameter with a 400 naming it, on pages too', async () => {
    const response = await member.get<ErrorBody>('/api/search?q=fox%00');
    expect(response.status).toBe(400);
    expect(response.body.error.field).toBe('q');
  });
});
