import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCreditAdminService, type CreditAdminService } from '../../src/credits/credit-admin.service.ts';
import { createCreditLedger, type CreditLedger } from '../../src/credits/credit-ledger.service.ts';
import { PaymentRequiredError, ValidationError } from '../../src/errors.ts';
import { insertTestAccount, openServiceTier, type ServiceTier } from '../support/service-tier.ts';

/** The ledger's rules on the service tier: no app, no HTTP; ledger.test.ts keeps what the routes add. */
describe('credit ledger (service)', () => {
  let tier: ServiceTier;
  let ledger: CreditLedger;
  let admin: CreditAdminService;
  beforeAll(async () => {
    tier = await openServiceTier();
    ledger = createCreditLedger({ db: tier.db, clock: tier.clock, signupGrant: 10 });
    admin = createCreditAdminService({ db: tier.db, ledger, securityLog: tier.securityLog });
  });
  afterAll(async () => {
    await tier?.close();
  });

  const entriesOf = (accountId: string) =>
    tier.db.selectFrom('credit_entries').select(['reason', 'amount', 'generation_id']).where('account_id', '=', accountId).orderBy('id').execute();

  it('books the sign-up grant once, however many first reads race', async () => {
    const accountId = await insertTestAccount(tier.db);
    const balances = await Promise.all(Array.from({ length: 5 }, () => ledger.balanceOf(accountId)));
    expect(balances.map((entry) => entry.balance)).toEqual([10, 10, 10, 10, 10]);
    expect(await entriesOf(accountId)).toEqual([{ reason: 'signup_grant', amount: 10, generation_id: null }]);
  });

  it('reserves exactly 10 of 50 concurrent 1-credit jobs against a balance of 10, and says why the rest are refused', async () => {
    const accountId = await insertTestAccount(tier.db);
    const generationIds: string[] = Array.from({ length: 50 }, () => randomUUID());
    const outcomes = await Promise.allSettled(generationIds.map((generationId) => tier.db.transaction().execute((trx) => ledger.billing.reserve(accountId, generationId, 1, trx))));
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(10);
    const refusals = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    expect(refusals).toHaveLength(40);
    for (const refusal of refusals) {
      expect(refusal).toBeInstanceOf(PaymentRequiredError);
      expect(refusal).toMatchObject({ field: 'credits', message: expect.stringMatching(/costs 1 credit.*\/credits/) });
    }
    expect((await ledger.balanceOf(accountId)).balance).toBe(0);
    const reservations = (await entriesOf(accountId)).filter((entry) => entry.reason === 'generation_reserved');
    expect(reservations).toHaveLength(10);
    expect(reservations.every((entry) => entry.amount === -1 && generationIds.includes(entry.generation_id!))).toBe(true);
  });

  it('refunds a reservation exactly once; a settle after the refund, or a second refund, changes nothing', async () => {
    const accountId = await insertTestAccount(tier.db);
    const generationId = randomUUID();
    await ledger.billing.reserve(accountId, generationId, 3);
    expect((await ledger.balanceOf(accountId)).balance).toBe(7);
    await ledger.billing.refund(generationId);
    await ledger.billing.settle(generationId);
    await Promise.all([ledger.billing.refund(generationId), ledger.billing.refund(generationId)]);
    expect((await ledger.balanceOf(accountId)).balance).toBe(10);
    expect((await entriesOf(accountId)).filter((entry) => entry.generation_id === generationId)).toEqual([
      { reason: 'generation_reserved', amount: -3, generation_id: generationId },
      { reason: 'generation_refunded', amount: 3, generation_id: generationId },
    ]);
  });

  it('settles a reservation once, after which a refund changes nothing', async () => {
    const accountId = await insertTestAccount(tier.db);
    const generationId = randomUUID();
    await ledger.billing.reserve(accountId, generationId, 2);
    await Promise.all([ledger.billing.settle(generationId), ledger.billing.settle(generationId)]);
    await ledger.billing.refund(generationId);
    expect((await ledger.balanceOf(accountId)).balance).toBe(8);
    expect((await entriesOf(accountId)).filter((entry) => entry.generation_id === generationId).map((entry) => entry.reason)).toEqual(['generation_reserved', 'generation_settled']);
  });

  it('keeps entries append-only and balances never below zero', async () => {
    const accountId = await insertTestAccount(tier.db);
    await ledger.balanceOf(accountId);
    await expect(tier.db.updateTable('credit_entries').set({ amount: 500 }).where('account_id', '=', accountId).execute()).rejects.toThrow(/append-only/);
    await expect(tier.db.deleteFrom('credit_entries').where('account_id', '=', accountId).execute()).rejects.toThrow(/append-only/);
    await expect(tier.db.updateTable('credit_balances').set({ balance: -1 }).where('account_id', '=', accountId).execute()).rejects.toThrow(/check/i);
  });

  it('pages the history newest first, 20 at a time, with the sign-up grant last', async () => {
    const accountId = await insertTestAccount(tier.db);
    for (let index = 1; index <= 24; index++) await admin.adjustById(accountId, { amount: index, reason: `bonus ${index}` });
    const first = await ledger.history(accountId);
    expect(first.balance).toBe(10 + (24 * 25) / 2);
    expect(first.entries).toHaveLength(20);
    expect(first.entries[0]).toMatchObject({ amount: 24, note: 'bonus 24', reason: 'admin_adjustment' });
    const second = await ledger.history(accountId, first.nextCursor!);
    expect(second.entries.map((entry) => entry.amount)).toEqual([4, 3, 2, 1, 10]);
    expect(second.nextCursor).toBeNull();
  });

  it('lets an operator adjust a balance, never below zero, in the ledger and the security log', async () => {
    const adminId = await insertTestAccount(tier.db, 'admin');
    const accountId = await insertTestAccount(tier.db);
    expect(await admin.adjustById(accountId, { amount: 25, reason: 'goodwill after outage', adminAccountId: adminId })).toEqual({ accountId, balance: 35 });
    await expect(admin.adjustById(accountId, { amount: -100, reason: 'mistake', adminAccountId: adminId })).rejects.toMatchObject({ field: 'amount' });
    await expect(admin.adjustById(accountId, { amount: -100, reason: 'mistake' })).rejects.toBeInstanceOf(ValidationError);
    expect((await ledger.balanceOf(accountId)).balance).toBe(35);
    const [newest] = (await ledger.history(accountId)).entries;
    expect(newest).toMatchObject({ amount: 25, reason: 'admin_adjustment', note: 'goodwill after outage' });
    const logged = await tier.db.selectFrom('security_log').select(['account_id', 'details']).where('event', '=', 'admin.credits_adjusted').where('account_id', '=', adminId).execute();
    expect(logged).toEqual([{ account_id: adminId, details: { targetAccountId: accountId, amount: 25, via: 'admin_page' } }]);
  });
});
