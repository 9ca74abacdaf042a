import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/test-app.ts';
import { balanceOf, creditsAdmin, creditsUser, startCreditsApp, type CreditsBody } from './support/credits-app.ts';
import { startFakeStripeApi, type FakeStripeApi } from './support/fake-stripe-api.ts';

interface ErrorBody {
  error: { code: string; field?: string; message: string };
}

const GENERATE = { prompt: 'a red fox in fresh snow, watercolour', model: 'offline-sketch' };

describe('credit ledger', () => {
  let stripe: FakeStripeApi;
  let t: TestApp;
  beforeAll(async () => {
    stripe = await startFakeStripeApi();
    // Jobs stay queued: the test decides when a job ends (cancel), nothing runs behind its back.
    t = await startCreditsApp(stripe.url, { GENERATION_WORKER: 'off' });
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  // The ledger's own rules (one sign-up grant under races, 10 of 50 concurrent reservations,
  // refund or settle exactly once, append-only entries, paging, adjustments never below zero)
  // are checked without HTTP in credit-ledger.service.test.ts; here, what the routes add.
  it('shows a new account its sign-up grant', async () => {
    const { agent } = await creditsUser(t);
    const first = await agent.get<CreditsBody>('/api/me/credits');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ balance: 10, flagged: false, nextCursor: null });
    expect(first.body.entries).toEqual([expect.objectContaining({ amount: 10, reason: 'signup_grant' })]);
  });

  it('asks for sign-in', async () => {
    expect((await fetch(`${t.baseUrl}/api/me/credits`)).status).toBe(401);
  });

  it('answers 402 naming credits to jobs the balance cannot pay, and keeps no generation without its reservation', async () => {
    const { agent, id } = await creditsUser(t);
    await agent.fetchCsrfToken();
    const responses = await Promise.all(Array.from({ length: 12 }, (_, index) => agent.post<ErrorBody>('/api/generations', { ...GENERATE, seed: index })));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 202)).toHaveLength(10);
    expect(statuses.filter((status) => status === 402)).toHaveLength(2);
    const refused = responses.find((response) => response.status === 402)!;
    expect(refused.body.error).toMatchObject({ code: 'payment_required', field: 'credits' });
    expect(refused.body.error.message).toMatch(/costs 1 credit.*\/credits/);
    expect(await balanceOf(agent)).toBe(0);
    const reservations = await t.database.db.selectFrom('credit_entries').select('generation_id').where('account_id', '=', id).where('reason', '=', 'generation_reserved').execute();
    expect(reservations).toHaveLength(10);
    const generations = await t.database.db.selectFrom('generations').select('id').where('account_id', '=', id).execute();
    expect(generations.map((row) => row.id).sort()).toEqual(reservations.map((row) => row.generation_id).sort());
  });

  it('refunds a job canceled through the API once, however often it is canceled', async () => {
    const { agent, id } = await creditsUser(t);
    const accepted = await agent.post<{ id: string }>('/api/generations', GENERATE);
    expect(accepted.status).toBe(202);
    expect(await balanceOf(agent)).toBe(9);
    expect((await agent.post(`/api/generations/${accepted.body.id}/cancel`)).status).toBe(200);
    expect((await agent.post(`/api/generations/${accepted.body.id}/cancel`)).status).toBe(200);
    expect(await balanceOf(agent)).toBe(10);
    const closing = await t.database.db
      .selectFrom('credit_entries')
      .select(['reason', 'amount'])
      .where('account_id', '=', id)
      .where('generation_id', '=', accepted.body.id)
      .orderBy('id')
      .execute();
    expect(closing).toEqual([
      { reason: 'generation_reserved', amount: -1 },
      { reason: 'generation_refunded', amount: 1 },
    ]);
  });

  it('pages the history with the cursor it hands out, and refuses a bad one', async () => {
    const { agent, id } = await creditsUser(t);
    for (let index = 1; index <= 24; index++) await t.app.credits.admin.adjustById(id, { amount: index, reason: `bonus ${index}` });
    const first = await agent.get<CreditsBody>('/api/me/credits');
    expect(first.body.entries).toHaveLength(20);
    expect(first.body.entries[0]).toMatchObject({ amount: 24, note: 'bonus 24' });
    const second = await agent.get<CreditsBody>(`/api/me/credits?cursor=${first.body.nextCursor}`);
    expect(second.body.entries.map((entry) => entry.amount)).toEqual([4, 3, 2, 1, 10]);
    expect(second.body.nextCursor).toBeNull();
    expect((await agent.get('/api/me/credits?cursor=abc')).status).toBe(400);
  });

  it('keeps the ledger after account deletion, tied to the anonymous id instead of the account', async () => {
    const user = await creditsUser(t);
    expect((await user.agent.post('/api/generations', GENERATE)).status).toBe(202);
    const before = await t.database.db.selectFrom('credit_entries').select(['id', 'amount', 'reason']).where('account_id', '=', user.id).orderBy('id').execute();
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect((await user.agent.send('DELETE', '/api/me', { password: user.password })).status).toBe(204);
    const after = await t.database.db
      .selectFrom('credit_entries')
      .select(['id', 'amount', 'reason', 'account_id', 'anonymous_account'])
      .where('id', 'in', before.map((entry) => entry.id))
      .orderBy('id')
      .execute();
    expect(after.map(({ id, amount, reason }) => ({ id, amount, reason }))).toEqual(before);
    expect(after.every((entry) => entry.account_id === null && entry.anonymous_account)).toBe(true);
    expect(new Set(after.map((entry) => entry.anonymous_account)).size).toBe(1);
    const deletionEvent = await t.database.db.selectFrom('security_log').select('anonymous_subject').where('event', '=', 'account.deleted').where('anonymous_subject', '=', after[0]!.anonymous_account).executeTakeFirst();
    expect(deletionEvent).toBeDefined();
  });

  it('lets an admin who passed TOTP adjust a balance, in the ledger and the security log', async () => {
    const admin = await creditsAdmin(t);
    const user = await creditsUser(t);
    const adjusted = await admin.agent.post<{ balance: number }>('/api/admin/credits/adjust', { accountId: user.id, amount: '25', reason: 'goodwill after outage' });
    expect(adjusted.status).toBe(200);
    expect(adjusted.body.balance).toBe(35);
    const tooMuch = await admin.agent.post<ErrorBody>('/api/admin/credits/adjust', { accountId: user.id, amount: '-100', reason: 'mistake' });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.field).toBe('amount');
    for (const amount of [true, ['3'], '0x10', '1e3', 2.5, '']) {
      const refused = await admin.agent.post<ErrorBody>('/api/admin/credits/adjust', { accountId: user.id, amount, reason: 'not an integer' });
      expect(refused.status, JSON.stringify(amount)).toBe(400);
      expect(refused.body.error.field).toBe('amount');
    }
    expect((await user.agent.post('/api/admin/credits/adjust', { accountId: user.id, amount: '5', reason: 'self service' })).status).toBe(403);
    const entries = (await user.agent.get<CreditsBody>('/api/me/credits')).body.entries;
    expect(entries[0]).toMatchObject({ amount: 25, reason: 'admin_adjustment', note: 'goodwill after outage' });
    const logged = await t.database.db.selectFrom('security_log').select(['account_id', 'details']).where('event', '=', 'admin.credits_adjusted').execute();
    expect(logged).toContainEqual({ account_id: admin.id, details: { targetAccountId: user.id, amount: 25, via: 'admin_page' } });
    const page = await admin.agent.get('/admin/credits', { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('credit-adjust-form');
  });
});
