import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { cliEnvironment, runCliInProcess } from '../support/cli.ts';
import type { TestApp } from '../support/test-app.ts';
import { balanceOf, creditsUser, startCreditsApp, type CreditsBody } from './support/credits-app.ts';
import { startFakeStripeApi, type FakeStripeApi } from './support/fake-stripe-api.ts';

function runCli(t: TestApp, args: string[]) {
  return runCliInProcess(args, cliEnvironment({ DATABASE_URL: t.database.url, DATA_DIR: t.dataDir }));
}

describe('credits: CLI grant, pages and configuration', () => {
  let stripe: FakeStripeApi;
  let t: TestApp;
  beforeAll(async () => {
    stripe = await startFakeStripeApi();
    t = await startCreditsApp(stripe.url);
  });
  afterAll(async () => {
    await t?.close();
    await stripe?.close();
  });

  it('grants credits from the CLI, in the ledger and the security log; refuses bad arguments', async () => {
    const user = await creditsUser(t);
    const granted = await runCli(t, ['credits', 'grant', '--email', user.email, '--amount', '40', '--reason', 'beta tester']);
    const badAmount = await runCli(t, ['credits', 'grant', '--email', user.email, '--amount', '1.5', '--reason', 'oops']);
    const unknown = await runCli(t, ['credits', 'grant', '--email', 'nobody@example.com', '--amount', '5', '--reason', 'who is this']);
    expect(granted.stderr).toBe('');
    expect(granted.exitCode).toBe(0);
    expect(granted.stdout).toMatch(new RegExp(`account ${user.id}: \\+40 credits, balance now 50`));
    expect(badAmount.exitCode).toBe(1);
    expect(badAmount.stderr).toMatch(/amount/);
    // The same rules as the admin API: no hex or exponent forms either.
    for (const amount of ['0x10', '1e3']) {
      const refused = await runCli(t, ['credits', 'grant', '--email', user.email, '--amount', amount, '--reason', 'not an integer']);
      expect(refused.exitCode, amount).toBe(1);
      expect(refused.stderr, amount).toMatch(/invalid amount: must be a whole number/);
    }
    expect(unknown.exitCode).toBe(1);
    expect(await balanceOf(user.agent)).toBe(50);
    const entries = (await user.agent.get<CreditsBody>('/api/me/credits')).body.entries;
    expect(entries[0]).toMatchObject({ amount: 40, reason: 'admin_adjustment', note: 'beta tester' });
    const logged = await t.database.db.selectFrom('security_log').select(['account_id', 'details']).where('event', '=', 'admin.credits_adjusted').execute();
    expect(logged).toContainEqual({ account_id: null, details: { targetAccountId: user.id, amount: 40, via: 'cli' } });
  });

  it('renders /credits with balance, offers and history, and puts the balance slot in the header', async () => {
    const { agent } = await creditsUser(t);
    const page = await agent.get('/credits?checkout=success', { Accept: 'text/html' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-credits-balance>10<');
    expect(page.text).toContain('data-checkout-pack="starter"');
    expect(page.text).toContain('data-checkout-plan="monthly"');
    expect(page.text).toContain('Welcome credits');
    expect(page.text).toContain('Thank you!');
    expect(page.text).toContain('data-credit-balance');
    const visitor = await fetch(`${t.baseUrl}/credits`, { redirect: 'manual' });
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get('location')).toBe('/sign-in?next=/credits');
    const offers = (await (await fetch(`${t.baseUrl}/api/billing/offers`)).json()) as unknown;
    expect(offers).toEqual({ packs: [{ name: 'starter', credits: 100 }], plans: [{ name: 'monthly', credits: 300 }] });
  });

  it('validates pack and plan configuration, naming the variable', () => {
    expect(loadConfig({ CREDIT_PACKS: 'a=price_1:10, b=price_2:20' }).CREDIT_PACKS).toEqual([
      { name: 'a', priceId: 'price_1', credits: 10 },
      { name: 'b', priceId: 'price_2', credits: 20 },
    ]);
    expect(loadConfig({}).CREDIT_PLANS).toEqual([]);
    expect(() => loadConfig({ CREDIT_PACKS: 'a=price_1:zero' })).toThrow(/CREDIT_PACKS/);
    expect(() => loadConfig({ CREDIT_PLANS: 'a=price_1:1,a=price_2:2' })).toThrow(/CREDIT_PLANS.*twice/);
    expect(() => loadConfig({ CREDITS_SIGNUP_GRANT: '-1' })).toThrow(/CREDITS_SIGNUP_GRANT/);
  });
});
