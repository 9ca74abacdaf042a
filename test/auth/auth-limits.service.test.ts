import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeAccounts, type Accounts } from '../../src/accounts/compose-accounts.ts';
import { RateLimitedError, UnauthenticatedError } from '../../src/errors.ts';
import { openServiceTier, type ServiceTier } from '../support/service-tier.ts';
import { FAST_HASHING, GOOD_PASSWORD, uniqueEmail } from './support/accounts.ts';
import { createTestClock, MINUTE_MS } from './support/test-clock.ts';

/**
 * The limits of sign-up, sign-in and the second factor on the service tier: the per-address
 * lockout, the per-client caps and the counters that hold under concurrent guesses are rules of
 * the services. sessions.test.ts, admin.test.ts and abuse-limits.test.ts keep what HTTP adds (429
 * with Retry-After, which client address counts behind a proxy).
 */
describe('sign-up, sign-in and second-factor limits (service)', () => {
  const clock = createTestClock();
  let tier: ServiceTier;
  let accounts: Accounts;
  beforeAll(async () => {
    tier = await openServiceTier(FAST_HASHING, { clock });
    accounts = await composeAccounts(tier);
  });
  afterAll(async () => {
    await accounts?.close();
    await tier?.close();
  });

  const signIn = (email: string, password: string, ip: string) => accounts.signIn.signInWithPassword({ email, password, ip });
  const eventsOf = async (accountId: string) => (await tier.db.selectFrom('security_log').select('event').where('account_id', '=', accountId).execute()).map((row) => row.event);

  it('locks an address after 5 failures, even for the right password, until the window passes; unknown addresses alike', async () => {
    const email = uniqueEmail();
    const { account } = await accounts.provisioning.createVerifiedAccount({ email, password: GOOD_PASSWORD, admin: false });
    for (let i = 0; i < 5; i++) await expect(signIn(email, `wrong password ${i}`, '192.0.2.1')).rejects.toBeInstanceOf(UnauthenticatedError);
    const locked = await signIn(email, GOOD_PASSWORD, '192.0.2.1').catch((error: unknown) => error);
    expect(locked).toBeInstanceOf(RateLimitedError);
    expect((locked as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await eventsOf(account.id)).toEqual(expect.arrayContaining(['sign_in.failed', 'sign_in.locked_out']));

    // The lock reveals nothing: an address nobody registered locks the same way.
    const ghost = uniqueEmail('ghost');
    for (let i = 0; i < 5; i++) await expect(signIn(ghost, 'wrong password', '192.0.2.1')).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(signIn(ghost, 'wrong password', '192.0.2.1')).rejects.toBeInstanceOf(RateLimitedError);

    clock.advance(16 * MINUTE_MS);
    expect((await signIn(email, GOOD_PASSWORD, '192.0.2.1')).account.id).toBe(account.id);
  });

  it('caps sign-in attempts per client address at 30 a window, logging the flood once', async () => {
    const results = [];
    for (let i = 0; i < 32; i++) results.push(await signIn(uniqueEmail('spray'), GOOD_PASSWORD, '203.0.113.9').catch((error: unknown) => error));
    expect(results.slice(0, 30).every((result) => result instanceof UnauthenticatedError)).toBe(true);
    expect(results.slice(30).every((result) => result instanceof RateLimitedError)).toBe(true);
    const floods = await tier.db.selectFrom('security_log').select('id').where('event', '=', 'sign_in.rate_limited').execute();
    expect(floods).toHaveLength(1);
    // Another client address is not held back by this one.
    await expect(signIn(uniqueEmail('spray'), GOOD_PASSWORD, '203.0.113.10')).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('evaluates at most 5 of 25 concurrent wrong passwords for one account, from 25 addresses', async () => {
    const email = uniqueEmail();
    const { account } = await accounts.provisioning.createVerifiedAccount({ email, password: GOOD_PASSWORD, admin: false });
    const outcomes = await Promise.all(Array.from({ length: 25 }, (_, index) => signIn(email, `wrong guess ${index}`, `203.0.113.${index + 1}`).catch((error: unknown) => error)));
    expect(outcomes.filter((outcome) => outcome instanceof UnauthenticatedError)).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome instanceof RateLimitedError)).toHaveLength(20);
    expect((await eventsOf(account.id)).filter((event) => event === 'sign_in.failed')).toHaveLength(5);
  });

  it('evaluates at most 5 of 25 concurrent wrong second-factor codes for one admin', async () => {
    const { account } = await accounts.provisioning.createVerifiedAccount({ email: uniqueEmail('admin'), password: GOOD_PASSWORD, admin: true });
    const outcomes = await Promise.all(Array.from({ length: 25 }, (_, index) => accounts.secondFactor.verify(account.id, String(200000 + index), { ip: '192.0.2.9' }).catch((error: unknown) => error)));
    expect(outcomes.filter((outcome) => outcome instanceof UnauthenticatedError)).toHaveLength(5);
    expect(outcomes.filter((outcome) => outcome instanceof RateLimitedError)).toHaveLength(20);
    expect((await eventsOf(account.id)).filter((event) => event === 'two_factor.failed')).toHaveLength(5);
  });

  it('caps sign-ups at 10 an hour per client address, whatever the addresses signed up', async () => {
    for (let i = 0; i < 10; i++) await accounts.registration.register({ email: uniqueEmail('flood'), password: GOOD_PASSWORD, ip: '198.51.100.40' });
    await expect(accounts.registration.register({ email: uniqueEmail('flood'), password: GOOD_PASSWORD, ip: '198.51.100.40' })).rejects.toBeInstanceOf(RateLimitedError);
    await accounts.registration.register({ email: uniqueEmail('flood'), password: GOOD_PASSWORD, ip: '198.51.100.41' });
    clock.advance(61 * MINUTE_MS);
    await accounts.registration.register({ email: uniqueEmail('flood'), password: GOOD_PASSWORD, ip: '198.51.100.40' });
    await accounts.background.settled();
  });
});
